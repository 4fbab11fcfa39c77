#!/usr/bin/env bash
# The test command: installs missing system packages (via install.sh), then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
./install.sh --deps-only
swift build --build-tests
swift test --skip-build "$@"
