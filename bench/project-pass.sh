#!/usr/bin/env bash
# Benchmark of the project pass in the daemon's hot path (DESIGN.md §5: warm request ≤ 5 ms;
# issue 5: a 10-file commit in a project with 500 installed packages). Builds, once, under
# $BENCH_DIR: a 50,000-file repository (as bench/commit-engine.sh) plus a project whose Python
# package and JavaScript modules import each other and 500 installed packages (node_modules and a
# .venv site-packages, both ignored by git, as in real projects). Stages 10 changed files (5 Python,
# 5 JavaScript, each calling an async function of a neighbour without awaiting it), and prepares
# index files in which one imported module is re-staged with other contents. Then runs
# bench/commit-engine's commit-engine-bench on it (release build, in-process, as driftd).
#
#   bench/project-pass.sh            # repository in /tmp/drift-bench/repo-project (kept between runs)
#   BENCH_DIR=/somewhere ITERATIONS=500 bench/project-pass.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench_dir=${BENCH_DIR:-/tmp/drift-bench}
repo=$bench_dir/repo-project
iterations=${ITERATIONS:-300}
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE VIRTUAL_ENV

if [ ! -f "$bench_dir/repo-project.ready" ]; then
    echo "creating the project repository in $repo" >&2
    rm -rf "$repo"
    mkdir -p "$repo"
    git -C "$repo" init -q -b main
    python3 "$root/bench/make-repo-50k.py" "$repo"
    python3 - "$repo" <<'PY'
import os, sys
root = sys.argv[1]
def write(path, text):
    path = os.path.join(root, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write(text)

packages = [f"pkg{n:03d}" for n in range(500)]
write(".gitignore", "node_modules/\n.venv/\n")
write("package.json", '{\n  "name": "app",\n  "type": "module",\n  "dependencies": {\n'
      + ",\n".join(f'    "{p}": "^1.0.0"' for p in packages) + "\n  }\n}\n")
write("pyproject.toml", '[project]\nname = "app"\nrequires-python = ">=3.9"\ndependencies = [\n'
      + "".join(f'  "{p}>=1.0",\n' for p in packages) + "]\n")
write(".venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n")
site = ".venv/lib/python3.11/site-packages"
for p in packages:
    # Installed npm packages: a manifest and an ES module exporting a sync and an async function.
    write(f"node_modules/{p}/package.json", f'{{ "name": "{p}", "version": "1.0.0", "main": "index.js", "type": "module" }}\n')
    write(f"node_modules/{p}/index.js",
          f"export function parse(text) {{\n  return text.trim();\n}}\n\nexport async function fetchAll(url) {{\n  return [url];\n}}\n")
    # Installed Python distributions: a package with its dist-info.
    write(f"{site}/{p}/__init__.py", "def parse(text):\n    return text.strip()\n\n\nasync def fetch_all(url):\n    return [url]\n")
    write(f"{site}/{p}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {p}\nVersion: 1.0\n")
    write(f"{site}/{p}-1.0.dist-info/top_level.txt", f"{p}\n")
    write(f"{site}/{p}-1.0.dist-info/RECORD", f"{p}/__init__.py,,\n")

# The project: app/mod0..9.py and web/m0..9.js, each importing its neighbour and two installed packages.
write("app/__init__.py", "")
for i in range(10):
    nxt = (i + 1) % 10
    write(f"app/mod{i}.py",
          f"import asyncio\nfrom app.mod{nxt} import load{nxt}\nfrom pkg{i:03d} import parse\nimport pkg{i + 100:03d}\n\n\n"
          f"async def load{i}(key):\n    return parse(key)\n\n\n"
          f"async def run{i}(key):\n    data = await load{nxt}(key)\n    return await pkg{i + 100:03d}.fetch_all(data)\n")
    write(f"web/m{i}.js",
          f"import {{ load{nxt} }} from './m{nxt}.js';\nimport {{ parse }} from 'pkg{i + 200:03d}';\nimport * as extra from 'pkg{i + 300:03d}';\n\n"
          f"export async function load{i}(key) {{\n  return parse(key);\n}}\n\n"
          f"export async function run{i}(key) {{\n  const data = await load{nxt}(key);\n  return extra.fetchAll(data);\n}}\n")
PY
    git -C "$repo" add -A
    git -C "$repo" commit -q -m "50,000 files and a project with 500 installed packages"
    touch "$bench_dir/repo-project.ready"
fi

# Stage the same 10 changes every run: each file now drops its neighbour's promise / coroutine.
git -C "$repo" reset -q --hard HEAD
for i in 0 1 2 3 4; do
    nxt=$((i + 1))
    printf '\n\ndef start%d(key):\n    load%d(key)\n' "$i" "$nxt" >> "$repo/app/mod$i.py"
    printf '\nexport function start%d(key) {\n  load%d(key);\n}\n' "$i" "$nxt" >> "$repo/web/m$i.js"
done
git -C "$repo" add -A
echo "index: $(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" diff --cached --name-only | wc -l) staged changes," \
     "$(ls "$repo/node_modules" | wc -l) npm packages, $(ls "$repo/.venv/lib/python3.11/site-packages" | grep -c dist-info) Python distributions" >&2

# Re-staged indexes, 20 of each kind, every one with contents of its own:
# - restaged-imported-module: app/mod1.py (imported by the staged app/mod0.py) changed;
# - restaged-package-files: package.json and app/__init__.py changed (every Python file's pass reads
#   the package's __init__.py; JS files read package.json only when they have an unresolved name);
# - restaged-every-import: the 10 modules the staged files import changed (8 of them staged files
#   themselves), so every staged file's pass runs again.
restage() {  # restage FOLDER PATH…: index copies in which each PATH has contents of its own (+ $EXTRA)
    local folder=$bench_dir/$1
    shift
    rm -rf "$folder"
    mkdir -p "$folder"
    for v in $(seq -w 0 19); do
        cp "$repo/.git/index" "$folder/index-$v"
        for path in "$@"; do
            if [[ $path == *.json ]]; then
                blob=$(sed "s/\"name\": \"app\"/\"name\": \"app\", \"description\": \"variant $v\"/" "$repo/$path" \
                    | git -C "$repo" hash-object -w --stdin)
            else
                comment='#'
                [[ $path == *.js ]] && comment='//'
                blob=$( (cat "$repo/$path"; printf '\n%s variant %s\n%s' "$comment" "$v" "${EXTRA:-}") | git -C "$repo" hash-object -w --stdin)
            fi
            GIT_INDEX_FILE="$folder/index-$v" git -C "$repo" update-index --cacheinfo "100644,$blob,$path"
        done
    done
}
restage restaged-imported-module app/mod1.py
restage restaged-package-files package.json app/__init__.py
restage restaged-every-import app/mod{1..5}.py web/m{1..5}.js
# - restaged-star-import: app/mod0.py re-staged with `from pkg000 import *` and a name only the star
#   binds, which undefined-name resolves by reading the virtualenv
#   (500 distributions) for the module.
EXTRA=$'from pkg000 import *\nresult = fetch_all\n' restage restaged-star-import app/mod0.py

swift build -c release --package-path bench/commit-engine >&2
"$root/bench/commit-engine/.build/release/commit-engine-bench" "$repo" "$iterations" \
    "$bench_dir/restaged-imported-module" "$bench_dir/restaged-package-files" "$bench_dir/restaged-every-import" \
    "$bench_dir/restaged-star-import"
