#!/usr/bin/env bash
# Measures how long each bundled knowledge table takes to parse on first use, in an optimised build.
# Compiles DriftSyntax, DriftCore and DriftKnowledge with swiftc -O into a scratch folder (so it does
# not disturb .build) and runs a small program that loads each table in a fresh process.
# Usage: bench/knowledge-load.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=${TMPDIR:-/tmp}/drift-knowledge-bench
mkdir -p "$out"
for module in DriftSyntax DriftCore DriftKnowledge; do
    swiftc -O -wmo -parse-as-library -module-name "$module" -I "$out" \
        -emit-module -emit-module-path "$out/$module.swiftmodule" \
        -emit-library -static -o "$out/lib$module.a" $(find "Sources/$module" -name '*.swift' | sort)
done
cat > "$out/main.swift" <<'SWIFT'
import DriftKnowledge
let which = CommandLine.arguments[1]
let clock = ContinuousClock()
let elapsed: Duration
switch which {
case "python": elapsed = PythonStandardLibrary.load()
case "javascript": elapsed = JavaScriptGlobals.load()
case "node": elapsed = NodeBuiltins.load()
case "packages": elapsed = PackageNames.load()
default: elapsed = clock.measure { _ = PythonStandardLibrary.member("exist", of: "os.path") }
}
let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
print(String(ms))
SWIFT
swiftc -O -I "$out" -L "$out" -lDriftKnowledge -lDriftCore -lDriftSyntax "$out/main.swift" -o "$out/knowledge-load"
for table in python javascript node packages; do
    times=$(for _ in $(seq "$runs"); do "$out/knowledge-load" "$table"; done | sort -n | tr '\n' ' ')
    echo "$table: $times(ms, sorted, $runs fresh processes)"
done
