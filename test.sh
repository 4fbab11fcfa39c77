#!/usr/bin/env bash
# The test command: installs missing system packages (via install.sh), then builds and runs every test
# (the Swift suites, then the pre-commit framework script).
set -euo pipefail
cd "$(dirname "$0")"
./install.sh --deps-only
swift build --build-tests
swift test --skip-build "$@"
# The pre-commit framework path (installs pre-commit from PyPI; prints SKIP when PyPI is unreachable).
if [ "$#" = 0 ]; then Tests/precommit/run.sh .build/debug/drift; fi
