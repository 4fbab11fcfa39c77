#!/usr/bin/env bash
# The pre-commit framework path, end to end: installs pre-commit from PyPI into a throwaway
# virtualenv, points a test repository's .pre-commit-config.yaml at a local clone of Drift (with
# this working tree's .pre-commit-hooks.yaml), installs the commit-msg hook and commits: blocked on
# a high finding, passing with a Drift-Override trailer, as the native hook behaves.
#
# Usage: Tests/precommit/run.sh [path/to/drift]   (default: .build/debug/drift)
# Skips (exit 0, "SKIP:" message) when PyPI cannot be reached; any other problem fails (exit 1).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
drift="$(cd "$(dirname "${1:-$root/.build/debug/drift}")" && pwd)/$(basename "${1:-drift}")"
[ -x "$drift" ] || { echo "precommit: no drift binary at $drift (build first)" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/drift-precommit-XXXXXX")"
hook_bin="$(dirname "$drift")"
cleanup() {
    [ -x "$hook_bin/drift-hook" ] && XDG_RUNTIME_DIR="$tmp/run" "$hook_bin/drift-hook" stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Pre Commit" GIT_AUTHOR_EMAIL=pc@example.com
export GIT_COMMITTER_NAME="Pre Commit" GIT_COMMITTER_EMAIL=pc@example.com
export XDG_CACHE_HOME="$tmp/cache" PRE_COMMIT_HOME="$tmp/pre-commit-home" NO_COLOR=1
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

python3 -m venv "$tmp/venv"
if ! "$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check --timeout 20 pre-commit >"$tmp/pip.log" 2>&1; then
    if grep -qiE "connection|resolve|network|timed out|No matching distribution" "$tmp/pip.log"; then
        echo "SKIP: pre-commit framework test — PyPI is unreachable (pip install pre-commit failed):"
        tail -2 "$tmp/pip.log"
        exit 0
    fi
    cat "$tmp/pip.log" >&2
    exit 1
fi
export PATH="$tmp/venv/bin:$(dirname "$drift"):$PATH"
echo "precommit: $(pre-commit --version), $(drift --version)"

# A local clone of Drift carrying this working tree's hook definitions.
git clone -q "$root" "$tmp/drift"
cp "$root/.pre-commit-hooks.yaml" "$tmp/drift/.pre-commit-hooks.yaml"
if [ -n "$(git -C "$tmp/drift" status --porcelain)" ]; then
    git -C "$tmp/drift" add .pre-commit-hooks.yaml
    git -C "$tmp/drift" commit -q -m "hooks from the working tree"
fi
rev="$(git -C "$tmp/drift" rev-parse HEAD)"

passes=0 failures=0
expect() {  # expect NAME STATUS-OF-THE-CHECK
    if [ "$2" = 0 ]; then echo "ok    $1"; passes=$((passes + 1)); else echo "FAIL  $1"; failures=$((failures + 1)); fi
}

# The same four commits in a repository: a high finding, the same with an override, an override of
# the wrong rule, a clean change. Prints the four exit codes; logs go to $tmp/<label>-<step>.log.
commits() {  # commits LABEL
    local label="$1" status
    printf 'def total(items):\n    return sum(items)\n\ndef tax(amount):\n    # ... rest of the implementation\n    return amount\n' > app.py
    git add app.py
    status=0; git commit -q -m "add tax" >"$tmp/$label-blocked.log" 2>&1 || status=$?; printf '%s ' "$status"
    status=0; git commit -q -m "add tax" -m "Drift-Override: elided-code — the rest lands in the next commit" \
        >"$tmp/$label-passed.log" 2>&1 || status=$?; printf '%s ' "$status"
    printf 'API_KEY = "YOUR_API_KEY"\n' > settings.py
    git add settings.py
    status=0; git commit -q -m "settings" -m "Drift-Override: elided-code — wrong rule" >"$tmp/$label-wrong.log" 2>&1 || status=$?
    printf '%s ' "$status"
    git reset -q settings.py && rm settings.py
    printf 'def double(x):\n    return 2 * x\n' > util.py
    git add util.py
    status=0; git commit -q -m "clean" >"$tmp/$label-clean.log" 2>&1 || status=$?; printf '%s' "$status"
}

new_project() {  # new_project DIR
    git init -q -b main "$1"
    cd "$1"
    printf 'def total(items):\n    return sum(items)\n' > app.py
}

# The pre-commit framework, pointed at the local clone of Drift.
new_project "$tmp/project"
cat > .pre-commit-config.yaml <<CONFIG
repos:
  - repo: $tmp/drift
    rev: $rev
    hooks:
      - id: drift
CONFIG
git add -A
git commit -q -m "base"
pre-commit install --hook-type commit-msg >/dev/null
# What the engine says about the first change, for comparison with what the hook shows.
printf 'def total(items):\n    return sum(items)\n\ndef tax(amount):\n    # ... rest of the implementation\n    return amount\n' > app.py
git add app.py
expected="$(drift scan --staged --format concise || true)"
framework="$(commits framework)"
echo "precommit: pre-commit framework exit codes: $framework"
[ "$framework" = "1 0 1 0" ]; expect "blocks, passes with an override, blocks on the wrong rule, passes clean" $?
grep -q "app.py:5:5: high \[elided-code\]" "$tmp/framework-blocked.log"; expect "the finding is shown" $?
[ -n "$expected" ] && grep -qF "$expected" "$tmp/framework-blocked.log"; expect "same finding as drift scan --staged" $?
grep -q "commit blocked" "$tmp/framework-blocked.log"; expect "how to override is shown" $?
[ "$(git rev-list --count HEAD)" = 3 ]; expect "exactly the passing commits were made" $?
drift overrides | grep -q "elided-code — the rest lands in the next commit"; expect "drift overrides lists the override" $?

# The native hook (drift-hook install, with its own daemon in this folder) on the same commits.
if [ -x "$hook_bin/drift-hook" ] && [ -x "$hook_bin/driftd" ]; then
    mkdir -m 700 "$tmp/run"
    export XDG_RUNTIME_DIR="$tmp/run" DRIFTD_IDLE_TIMEOUT=60 DRIFT_HOOK_START_TIMEOUT=10 DRIFT_COLOR=never
    new_project "$tmp/native"
    git add -A
    git commit -q -m "base"
    "$hook_bin/drift-hook" install >/dev/null
    native="$(commits native)"
    echo "precommit: drift-hook exit codes:           $native"
    [ "$native" = "$framework" ]; expect "the native hook blocks and passes on the same commits" $?
    grep -q "app.py:5:5: high \[elided-code\]" "$tmp/native-blocked.log"; expect "the native hook shows the same finding" $?
else
    echo "FAIL  no drift-hook/driftd next to $drift"; failures=$((failures + 1))
fi

if [ "$failures" != 0 ]; then
    for log in "$tmp"/*.log; do echo "--- $log"; cat "$log"; done
fi
echo "precommit: $passes checks passed, $failures failed"
[ "$failures" = 0 ]
