#!/usr/bin/env bash
# How much a commit costs through the pre-commit framework (the `drift` hook of
# .pre-commit-hooks.yaml: a Python process, then `drift scan --staged --message`, no daemon)
# against `drift-hook install` (warm daemon) and no hook: median of N one-file clean commits each.
# Uses the binaries in BIN (default .build/debug: say which build you measured); installs
# pre-commit from PyPI into a throwaway virtualenv. Usage: bench/precommit-framework.sh [N] [BIN]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-15}"
bin="$(cd "${2:-$root/.build/debug}" && pwd)"
work="$(mktemp -d /tmp/drift-bench-precommit.XXXXXX)"
trap 'XDG_RUNTIME_DIR="$work/run" "$bin/drift-hook" stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export XDG_RUNTIME_DIR="$work/run" XDG_CACHE_HOME="$work/cache" PRE_COMMIT_HOME="$work/pc" HOME="$work/home"
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com DRIFT_COLOR=never
python3 -m venv "$work/venv" && "$work/venv/bin/python" -m pip install -q --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$bin:$PATH"
git clone -q "$root" "$work/drift" && cp "$root/.pre-commit-hooks.yaml" "$work/drift/"
git -C "$work/drift" add -A && git -C "$work/drift" commit -q -m hooks --allow-empty
rev="$(git -C "$work/drift" rev-parse HEAD)"

setup() {  # setup NAME: a repository with one module, committed
    git init -q -b main "$work/$1" && cd "$work/$1"
    printf 'def f():\n    return 0\n' > app.py && git add -A && git commit -q --no-verify -m base
}
time_commits() {  # prints the median wall time of N commits, in ms
    for i in $(seq 1 "$n"); do
        printf 'def g%s():\n    return %s\n' "$i" "$i" >> app.py && git add app.py
        local start end; start=$(date +%s%N); git commit -q -m "c$i" >/dev/null; end=$(date +%s%N)
        echo $(( (end - start) / 1000 ))
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}
setup plain; plain=$(time_commits)
setup native; drift-hook install >/dev/null; git commit -q --allow-empty -m warm >/dev/null; native=$(time_commits)
setup framework
printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: drift\n' "$work/drift" "$rev" > .pre-commit-config.yaml
git add -A && git commit -q --no-verify -m config && pre-commit install --hook-type commit-msg >/dev/null
git commit -q --allow-empty -m warm >/dev/null; framework=$(time_commits)
echo "median of $n commits ($bin): no hook $plain ms; drift-hook (daemon) $native ms; pre-commit framework $framework ms"
