#!/usr/bin/env bash
# Where a commit's hook time goes: `git commit` of 10 staged files with no hook, with shell
# `exit 0` hooks, and with Drift's hooks laid out several ways (shims, links, one or two hooks),
# interleaved — every round commits once in each repository, in random order — so load that
# comes and goes on shared cores falls on all of them alike. Prints the median wall time and the
# mean CPU time of git and its hooks, each against no hook. Figures: docs/benchmarks.md.
#
# Usage: bench/commit-hooks.sh [--rounds N]   (needs swift, git, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=100
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "usage: bench/commit-hooks.sh [--rounds N]" >&2; exit 2 ;;
    esac
done

. bench/commit-common.sh
build_binaries

private_world

variants=()
make_repo() {  # folder, description → a repository with one commit, the same 10 files staged on top
    local repo="$work/$1"
    init_repo "$repo"
    stage_ten_modules "$repo"
    variants+=("$2=$repo")
}
exit_0() { printf '#!/bin/sh\nexit 0\n' > "$1" && chmod 755 "$1"; }
hooks() { echo "$work/$1/.git/hooks"; }

make_repo none "no hook"
make_repo sh1 "one shell exit 0 hook (pre-commit)"
exit_0 "$(hooks sh1)/pre-commit"
make_repo sh2 "two shell exit 0 hooks"
exit_0 "$(hooks sh2)/pre-commit"; exit_0 "$(hooks sh2)/commit-msg"
make_repo shims "Drift: two shims (install)"
(cd "$work/shims" && "$bin/drift-hook" install >/dev/null)
make_repo msgshim "Drift: commit-msg shim alone"
(cd "$work/msgshim" && "$bin/drift-hook" install >/dev/null && rm "$(hooks msgshim)/pre-commit")
make_repo msglink "Drift: commit-msg linked (install --commit-msg-only)"
(cd "$work/msglink" && "$bin/drift-hook" install --commit-msg-only >/dev/null)
make_repo bothlinks "Drift: both hooks linked"
ln -s "$bin/drift-hook" "$(hooks bothlinks)/pre-commit"; ln -s "$bin/drift-hook" "$(hooks bothlinks)/commit-msg"

# Every repository starts committed (each round undoes one commit); the first Drift commit starts
# the daemon and caches the 10 blobs, so measured rounds are warm.
for variant in "${variants[@]}"; do git -C "${variant#*=}" commit -q -m warm 2>/dev/null; done

echo "==> machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), git $(git --version | cut -d' ' -f3), $(uname -sr)"
echo "==> load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/interleaved-commits.py --table "$rounds" "${variants[@]}"
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/drift-hook" status | sed -n '4p'
