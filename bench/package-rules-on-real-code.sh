#!/usr/bin/env bash
# Runs the package rules (unresolved-relative-import, unknown-package, undeclared-dependency,
# version-unavailable-api) over real projects with their manifests and environments, and prints
# findings per 1,000 lines by rule and severity, then every high finding, for a person to read.
#
#   1. Popular PyPI sdists (pyproject.toml/setup.cfg as released), beside one virtualenv that has
#      them and their dependencies installed (PyPI through pip).
#   2. Debian's node packages (/usr/share/nodejs, package.json each, no node_modules), and a sample
#      of them copied out as npm projects whose node_modules links each declared dependency.
#
# Usage: bench/package-rules-on-real-code.sh [SCRATCH]   (default: /tmp/drift-package-rules-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-/tmp/drift-package-rules-bench}
swift build -c release --product drift >/dev/null
drift=$PWD/.build/release/drift
packages="requests flask click rich httpx attrs jinja2 werkzeug urllib3 packaging pyyaml tqdm starlette python-dateutil boto3 httpcore anyio"
mkdir -p "$scratch/sdists" "$scratch/src" "$scratch/node"
for package in $packages; do
    ls "$scratch/sdists" | grep -qi "^${package//-/[-_]}-" || pip download -q --no-binary :all: --no-deps -d "$scratch/sdists" "$package"
done
[ -d "$scratch/venv" ] || { python3 -m venv "$scratch/venv" && "$scratch/venv/bin/pip" install -q $packages pytest; }
for archive in "$scratch"/sdists/*.tar.gz; do tar -xzf "$archive" -C "$scratch/src"; done
# Each project sees the environment as its own `.venv`, where Drift looks for it.
for project in "$scratch"/src/*/; do [ -e "$project/.venv" ] || ln -s "$scratch/venv" "$project/.venv"; done

python3 - "$scratch/node" <<'PY'
import json, os, random, shutil, sys
base, target = "/usr/share/nodejs", sys.argv[1]
chosen = []
for name in sorted(os.listdir(base)):
    try:
        manifest = json.load(open(os.path.join(base, name, "package.json")))
    except Exception:
        continue
    dependencies = list((manifest.get("dependencies") or {}))
    if dependencies and all(os.path.exists(os.path.join(base, d)) for d in dependencies):
        chosen.append((name, dependencies))
random.seed(7)
for name, dependencies in random.sample(chosen, min(80, len(chosen))):
    project = os.path.join(target, name)
    if os.path.exists(project):
        continue
    shutil.copytree(os.path.join(base, name), project, symlinks=True, ignore=shutil.ignore_patterns("node_modules"))
    os.makedirs(os.path.join(project, ".git"))
    for dependency in dependencies:
        link = os.path.join(project, "node_modules", dependency)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(os.path.join(base, dependency), link)
PY

report() {
    local dir=$1 out=/tmp/drift-package-rules.json
    local lines
    lines=$(find "$dir" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' -o -name '*.jsx' \) \
        -not -path '*/node_modules/*' -not -path '*venv/*' -print0 | xargs -0 cat 2>/dev/null | wc -l)
    "$drift" check "$dir" --format json > "$out" || true
    python3 - "$dir" "$lines" "$out" <<'PY'
import collections, json, sys
directory, lines, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rules = {"unresolved-relative-import", "unknown-package", "undeclared-dependency", "version-unavailable-api"}
findings = [f for f in json.load(open(out))["findings"] if f["ruleId"] in rules]
print(f"== {directory}: {lines} lines")
for (rule, severity), n in sorted(collections.Counter((f["ruleId"], f["severity"]) for f in findings).items()):
    print(f"   {rule:28} {severity:7} {n:5}  {n * 1000 / max(lines, 1):.4f} per 1,000 lines")
for f in findings:
    if f["severity"] == "high":
        print(f"   {f['path']}:{f['line']}: {f['ruleId']}: {f['message'][:160]}")
PY
}
report "$scratch/src"
report "$scratch/node"
report /usr/share/nodejs
