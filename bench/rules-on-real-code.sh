#!/usr/bin/env bash
# Runs `drift check` over real, released code on this machine and prints findings per 1,000 lines
# by rule and severity, then every high finding with its source line, for a person to read.
# Usage: bench/rules-on-real-code.sh [DIR…]   (default: Python site-packages and Debian's node packages)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product drift >/dev/null
drift=.build/release/drift
if [ $# -eq 0 ]; then
    set -- $(python3 -c 'import site; print(" ".join(site.getsitepackages()))') /usr/lib/python3/dist-packages /usr/share/nodejs
fi
for dir in "$@"; do
    [ -d "$dir" ] || continue
    lines=$(find "$dir" -type f \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.tsx' -o -name '*.jsx' -o -name '*.go' -o -name '*.swift' \) \
        -not -path '*/node_modules/*' -print0 | xargs -0 cat 2>/dev/null | wc -l)
    "$drift" check "$dir" --format json > /tmp/drift-real-code.json || true
    python3 - "$dir" "$lines" <<'PY'
import collections, json, sys
directory, lines = sys.argv[1], int(sys.argv[2])
report = json.load(open("/tmp/drift-real-code.json"))
print(f"== {directory}: {report['summary']['files']} files, {lines} lines")
counts = collections.Counter((f["ruleId"], f["severity"]) for f in report["findings"])
for (rule, severity), n in sorted(counts.items()):
    print(f"   {rule:28} {severity:7} {n:5}  {n * 1000 / max(lines, 1):.4f} per 1,000 lines")
for f in report["findings"]:
    if f["severity"] == "high":
        source = open(f["path"], errors="replace").read().split("\n")[f["line"] - 1].strip()
        print(f"   {f['path']}:{f['line']}: {f['ruleId']}: {source[:120]}")
PY
done
