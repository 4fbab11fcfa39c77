#!/usr/bin/env bash
# Benchmark of the daemon hot path (DESIGN.md §5: 10 changed files in a 50,000-file repository,
# warm, ≤ 5 ms). Builds the repository once under $BENCH_DIR, stages 10 changed files, then runs
# CommitEngine.evaluate in-process (bench/commit-engine, release build) and, for reference,
# `git diff --cached` and `drift scan --staged` as processes with hyperfine.
#
#   bench/commit-engine.sh            # repository in /tmp/drift-bench (kept between runs)
#   BENCH_DIR=/somewhere ITERATIONS=500 bench/commit-engine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench_dir=${BENCH_DIR:-/tmp/drift-bench}
repo=$bench_dir/repo-50k
iterations=${ITERATIONS:-300}
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

if [ ! -f "$bench_dir/repo-50k.ready" ]; then
    echo "creating 50,000-file repository in $repo" >&2
    rm -rf "$repo"
    mkdir -p "$repo"
    git -C "$repo" init -q -b main
    python3 "$root/bench/make-repo-50k.py" "$repo"
    git -C "$repo" add -A
    git -C "$repo" commit -q -m "50,000 files"
    touch "$bench_dir/repo-50k.ready"
fi

# Stage the same 10 changes every run (reset first so reruns start from HEAD).
git -C "$repo" reset -q --hard HEAD
for n in 0 1 2 3 4 5 6 7 8 9; do
    file=$(printf 'src/module%03d/file%03d.py' $((n * 50)) $((n * 4)))
    printf '\ndef added_%d(items):\n    # ... rest of the implementation\n    return items[0]\n' "$n" >> "$repo/$file"
done
git -C "$repo" add -A
echo "index: $(stat -c %s "$repo/.git/index") bytes, $(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" diff --cached --name-only | wc -l) staged changes" >&2

swift build -c release --package-path bench/commit-engine >&2
"$root/bench/commit-engine/.build/release/commit-engine-bench" "$repo" "$iterations"

if command -v hyperfine >/dev/null; then
    swift build -c release --product drift >&2
    export XDG_CACHE_HOME=$bench_dir/xdg-cache
    (cd "$repo" && "$root/.build/release/drift" scan --staged >/dev/null || true)  # warm the disk cache
    cd "$repo"
    hyperfine --warmup 3 --runs 30 -N --ignore-failure \
        "git diff --cached -U0 --no-color -M" \
        "$root/.build/release/drift scan --staged --color never" 2>&1 | sed "s|$root/||"
fi
