#!/bin/sh
# Builds ./fuzz-drift: the library targets with libFuzzer + AddressSanitizer instrumentation in
# their own build folder, then the harness linked against their object files (a SwiftPM executable
# target does not link under -sanitize=fuzzer, see FACTS.md).
set -e
cd "$(dirname "$0")/.."
swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --target DriftRules
B=.build-fuzz/debug
swiftc -sanitize=fuzzer,address -parse-as-library Fuzz/harness.swift \
    -I $B/Modules \
    $B/DriftSyntax.build/*.o $B/DriftCore.build/*.o $B/DriftKnowledge.build/*.o $B/DriftRules.build/*.o \
    -o fuzz-drift
echo "built ./fuzz-drift"
