#!/usr/bin/env python3
"""Validates SARIF files against the vendored SARIF 2.1.0 schema (see README.md beside this file).

Usage: validate.py FILE.sarif...   Exit 0 when every file is valid; 1 with the errors otherwise;
3 when the `jsonschema` package is missing (the caller installs it into a virtualenv and retries).
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("validate.py: the jsonschema package is not installed", file=sys.stderr)
    sys.exit(3)

schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json")
with open(schema_path, encoding="utf-8") as handle:
    schema = json.load(handle)
jsonschema.Draft4Validator.check_schema(schema)
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())

failed = False
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors[:20]:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{path}: {location}: {error.message}")
    failed = failed or bool(errors)
    if not errors:
        print(f"{path}: valid SARIF 2.1.0")
sys.exit(1 if failed else 0)
