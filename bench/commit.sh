#!/usr/bin/env bash
# `git commit` of 10 staged files, four ways, in one hyperfine run (DESIGN.md §5):
#   no hook · Drift's two shims (`drift-hook install`) · Drift's commit-msg hook alone, linked to
#   drift-hook (`drift-hook install --commit-msg-only`) — both with a warm daemon and cache hits ·
#   the pre-commit framework running a no-op local hook. Budget: Drift ≤ 1.5× no hook. Each run commits the same 10 files; `--prepare` undoes the commit
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

. bench/commit-common.sh
build_binaries

private_world

venv="${DRIFT_BENCH_VENV:-${TMPDIR:-/tmp}/drift-bench-venv}"
if [ ! -x "$venv/bin/pre-commit" ]; then
    echo "==> installing the pre-commit framework into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pre-commit
fi

make_repo() {  # name → a repository with one commit, 10 files staged on top
    local repo="$work/$1"
    init_repo "$repo"
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
    stage_ten_modules "$repo"
    echo "$repo"
}

none=$(make_repo none)
drift=$(make_repo drift)
single=$(make_repo single)
framework=$(make_repo framework)
(cd "$drift" && "$bin/drift-hook" install >/dev/null)
(cd "$single" && "$bin/drift-hook" install --commit-msg-only >/dev/null)
(cd "$framework" && "$venv/bin/pre-commit" install >/dev/null && "$venv/bin/pre-commit" install-hooks >/dev/null)

# Each repository starts committed (every --prepare undoes one commit). Drift's commit goes
# through its hooks: the daemon starts and caches the 10 blobs, so measured runs are warm.
git -C "$none" commit -q -m bench
git -C "$framework" commit -q --no-verify -m bench
git -C "$drift" commit -q -m warm 2>/dev/null
git -C "$single" commit -q -m warm 2>/dev/null

echo "==> load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "==> machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), git $(git --version | cut -d' ' -f3), $(uname -sr)"
export_args=(--export-json "$work/results.json")
[ -n "$export_file" ] && export_args+=(--export-markdown "$export_file")
hyperfine --warmup 5 --runs "$runs" -N \
    --prepare "git -C $none reset -q --soft HEAD~1" -n "no hook" "git -C $none commit -q -m bench" \
    --prepare "git -C $drift reset -q --soft HEAD~1" -n "Drift, two shims (install)" "git -C $drift commit -q -m bench" \
    --prepare "git -C $single reset -q --soft HEAD~1" -n "Drift, commit-msg linked (install --commit-msg-only)" "git -C $single commit -q -m bench" \
    --prepare "git -C $framework reset -q --soft HEAD~1" -n "pre-commit framework (no-op hook)" "git -C $framework commit -q -m bench" \
    --prepare "git -C $none reset -q --soft HEAD~1" -n "no hook (again, last)" "git -C $none commit -q -m bench" \
    "${export_args[@]}"
echo "==> load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/drift-hook" status | sed -n '1p;4p'
# Medians resist the outliers a shared machine produces; the budget is judged on them. CPU time
# (user + sys of git and its hooks) moves less with the load than wall time on shared cores.
# "no hook" runs first and last: when the two disagree, the load changed during the run and the
# wall-clock ratios of that run mean little.
python3 - "$work/results.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]
base_cpu = base["user"] + base["system"]
for r in results:
    cpu = r["user"] + r["system"]
    print(f'{r["command"]}: median {r["median"] * 1000:.1f} ms ({r["median"] / base["median"]:.2f}×), '
          f'min {r["min"] * 1000:.1f} ms ({r["min"] / base["min"]:.2f}×), CPU {cpu * 1000:.1f} ms ({cpu / base_cpu:.2f}×)')
PY

# hyperfine runs one command's runs after another's, so load that changes during the run (other
# builds on shared cores) lands on some commands and not others. Interleaved, each round commits
# once with no hook and once with each Drift layout, in random order: the same load on all three.
echo "==> interleaved: $runs rounds of no hook / two shims / commit-msg linked, random order in each round"
python3 bench/interleaved-commits.py "$runs" "no hook=$none" "Drift, two shims=$drift" "Drift, commit-msg linked=$single"
