"""Writes the 50,000 source files of the hot-path benchmarks' repository into the folder given.

500 folders x 100 files, a mix of Python, TypeScript, Go and Swift of a few hundred bytes each.
Used by bench/commit-engine.sh and bench/project-pass.sh.
"""
import os
import sys

root = sys.argv[1]
kinds = [
    ("py", "def handler_{i}(request):\n    value = request.get('k{i}')\n    if value is None:\n        return None\n    return value * {i}\n"),
    ("ts", "export function handler{i}(input: string): number {{\n  const n = Number(input);\n  return Number.isNaN(n) ? 0 : n + {i};\n}}\n"),
    ("go", "package pkg\n\nfunc Handler{i}(x int) int {{\n\treturn x + {i}\n}}\n"),
    ("swift", "func handler{i}(_ x: Int) -> Int {{\n    x + {i}\n}}\n"),
]
for d in range(500):
    folder = os.path.join(root, "src", f"module{d:03d}")
    os.makedirs(folder, exist_ok=True)
    for f in range(100):
        i = d * 100 + f
        ext, body = kinds[i % len(kinds)]
        with open(os.path.join(folder, f"file{f:03d}.{ext}"), "w") as out:
            out.write(body.format(i=i))
