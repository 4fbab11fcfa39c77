#!/usr/bin/env bash
# `git commit` of 10 staged files, three ways, in one hyperfine run (DESIGN.md §5):
#   no hook · Drift (warm daemon, cache hit) · the pre-commit framework running a no-op local hook.
# Budget: Drift ≤ 1.5× no hook. Each run commits the same 10 files; `--prepare` undoes the commit
# with `git reset --soft HEAD~1`, so the files are staged again and Drift's blob cache hits.
#
# Usage: bench/commit.sh [--runs N] [--export FILE.md]
# Needs: swift, git, hyperfine, python3 with pip (pre-commit is installed into a private venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=50
export_file=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --export) export_file="$2"; shift 2 ;;
        *) echo "usage: bench/commit.sh [--runs N] [--export FILE.md]" >&2; exit 2 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "bench/commit.sh: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }

echo "==> building release binaries (driftd; drift-hook fully static, as install.sh builds it)"
swift build -c release --product driftd >/dev/null
swift build -c release --product drift-hook -Xswiftc -static-executable --scratch-path .build-static >/dev/null
bin=$(mktemp -d /tmp/drift-bench-bin.XXXXXX)
cp "$(swift build -c release --show-bin-path)/driftd" "$bin/"
cp "$(swift build -c release --scratch-path .build-static --show-bin-path)/drift-hook" "$bin/"

# A private world: its own daemon, cache and git identity; nothing of the user's is touched.
work=$(mktemp -d /tmp/drift-bench.XXXXXX)
trap '"$bin/drift-hook" stop >/dev/null 2>&1 || true; rm -rf "$work" "$bin"' EXIT
export XDG_RUNTIME_DIR="$work/run" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

venv="${DRIFT_BENCH_VENV:-${TMPDIR:-/tmp}/drift-bench-venv}"
if [ ! -x "$venv/bin/pre-commit" ]; then
    echo "==> installing the pre-commit framework into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pre-commit
fi

make_repo() {  # name → a repository with one commit, 10 files staged on top
    local repo="$work/$1"
    git init -q -b main "$repo"
    printf 'def main():\n    return 0\n' > "$repo/main.py"
    cat > "$repo/.pre-commit-config.yaml" <<'YAML'
repos:
  - repo: local
    hooks:
      - id: noop
        name: no-op
        entry: "true"
        language: system
        pass_filenames: false
YAML
    git -C "$repo" add -A && git -C "$repo" commit -q --no-verify -m base
    for i in $(seq 1 10); do
        {
            echo "\"\"\"Module $i.\"\"\""
            echo "import os"
            for f in $(seq 1 20); do
                printf '\n\ndef function_%s_%s(value):\n    """Return value scaled by %s."""\n    return os.path.join(str(value), "%s")\n' "$i" "$f" "$f" "$f"
            done
        } > "$repo/module_$i.py"
    done
    git -C "$repo" add -A
    echo "$repo"
}

none=$(make_repo none)
drift=$(make_repo drift)
framework=$(make_repo framework)
(cd "$drift" && "$bin/drift-hook" install >/dev/null)
(cd "$framework" && "$venv/bin/pre-commit" install >/dev/null && "$venv/bin/pre-commit" install-hooks >/dev/null)

# Each repository starts committed (every --prepare undoes one commit). Drift's commit goes
# through its hooks: the daemon starts and caches the 10 blobs, so measured runs are warm.
git -C "$none" commit -q -m bench
git -C "$framework" commit -q --no-verify -m bench
git -C "$drift" commit -q -m warm 2>/dev/null

echo "==> machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), git $(git --version | cut -d' ' -f3), $(uname -sr)"
export_args=(--export-json "$work/results.json")
[ -n "$export_file" ] && export_args+=(--export-markdown "$export_file")
hyperfine --warmup 5 --runs "$runs" -N \
    --prepare "git -C $none reset -q --soft HEAD~1" -n "no hook" "git -C $none commit -q -m bench" \
    --prepare "git -C $drift reset -q --soft HEAD~1" -n "Drift (warm daemon)" "git -C $drift commit -q -m bench" \
    --prepare "git -C $framework reset -q --soft HEAD~1" -n "pre-commit framework (no-op hook)" "git -C $framework commit -q -m bench" \
    "${export_args[@]}"
"$bin/drift-hook" status | sed -n '1p;4p'
# Medians resist the outliers a shared machine produces; the budget is judged on them.
python3 - "$work/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["median"]
print("medians: " + "; ".join(f'{r["command"]} {r["median"] * 1000:.1f} ms ({r["median"] / base:.2f}×)' for r in results))
PY
