#!/usr/bin/env bash
# Regenerates every DriftKnowledge data file (Sources/DriftKnowledge/Generated/*.swift).
# Needs: CPython 3.8-3.13 under /root/.pyenv/versions, node, TypeScript's lib files
# (apt-get install -y node-typescript), the package lists under /work/.library/env/packages,
# and a Swift toolchain under /opt/swift.
# Output is deterministic: running it twice on the same machine changes nothing.
set -euo pipefail
cd "$(dirname "$0")"
python3 generate_python_stdlib.py "$@"
python3 generate_javascript.py
python3 generate_package_names.py
python3 generate_swift_modules.py
