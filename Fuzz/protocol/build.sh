#!/bin/sh
# Builds ./fuzz-protocol: DriftProtocol's sources and the harness as one module, with libFuzzer
# and AddressSanitizer (DriftProtocol has no dependencies, so no SwiftPM build is needed).
set -e
cd "$(dirname "$0")/../.."
swiftc -sanitize=fuzzer,address -parse-as-library -module-name DriftProtocol \
    Sources/DriftProtocol/*.swift Fuzz/protocol/harness.swift -o fuzz-protocol
echo "built ./fuzz-protocol"
