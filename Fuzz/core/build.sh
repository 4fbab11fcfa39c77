#!/bin/sh
# Builds ./fuzz-core: DriftSyntax as a library, then DriftCore's sources with the harness, all
# with libFuzzer and AddressSanitizer (neither target uses Foundation; no SwiftPM build needed).
set -e
cd "$(dirname "$0")/../.."
out=.build-fuzz/core
mkdir -p $out
swiftc -sanitize=fuzzer,address -parse-as-library -module-name DriftSyntax -emit-module \
    -emit-module-path $out/DriftSyntax.swiftmodule -emit-library -static -o $out/libDriftSyntax.a \
    Sources/DriftSyntax/*.swift
swiftc -sanitize=fuzzer,address -parse-as-library -module-name DriftCore -I $out -L $out -lDriftSyntax \
    Sources/DriftCore/*.swift Fuzz/core/harness.swift -o fuzz-core
echo "built ./fuzz-core"
