#!/usr/bin/env bash
# The fault suite: real commits through the installed hooks while driftd, its cache and the
# repository are broken in every way issue 25 lists. Not part of ./test.sh (it needs root for
# tmpfs mounts and takes a few minutes); run it after `swift build`:
#
#     Tests/fault/run.sh            # every case
#     Tests/fault/run.sh kill cache # only the cases whose name contains one of the words
#
# Each case asserts: the commit completes, or is blocked for a real finding (`high [`); no crash
# text and at most one "analysis skipped" line; the next commit works (judged by a live daemon);
# and Drift changed nothing — `git status --porcelain`, `git diff` and `git diff --cached` are
# byte-identical before and after a blocked commit, and a completed commit holds exactly the
# tree that was staged. Prints one line per case and a summary; exits 1 if any case failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${DRIFT_BIN_DIR:-$PWD/.build/debug}
[ -x "$BIN/drift-hook" ] && [ -x "$BIN/driftd" ] || { echo "build first: swift build" >&2; exit 2; }
FILTER=("$@")

ROOT=$(mktemp -d /tmp/drift-fault-XXXXXX)
MOUNTS=()
cleanup() {
    for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
    env XDG_RUNTIME_DIR="$ROOT/run" "$BIN/drift-hook" stop >/dev/null 2>&1
    kill_daemon
    rm -rf "$ROOT"
}
trap cleanup EXIT
mkdir -p "$ROOT/run" "$ROOT/home" && chmod 700 "$ROOT/run"
cat > "$ROOT/home/.gitconfig" <<'EOF'
[user]
    name = Drift Fault
    email = fault@example.com
[init]
    defaultBranch = main
EOF
export HOME="$ROOT/home" XDG_RUNTIME_DIR="$ROOT/run" XDG_CACHE_HOME="$ROOT/cache" GIT_CONFIG_NOSYSTEM=1
export PATH="$BIN:$PATH" DRIFT_COLOR=never DRIFTD_IDLE_TIMEOUT=300 DRIFT_HOOK_START_TIMEOUT=10
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

ELIDED=$'def handler(event):\n    # ... rest of implementation\n    return event\n'
PASSED=0
FAILED=0
FAILURES=()

wants() {
    [ ${#FILTER[@]} -eq 0 ] && return 0
    for word in "${FILTER[@]}"; do [[ "$1" == *"$word"* ]] && return 0; done
    return 1
}

# This suite's daemon only (its pid from the lock file of its own socket folder), never by name.
kill_daemon() {
    local pid
    pid=$(cat "$ROOT/run/drift/driftd.lock" 2>/dev/null)
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    return 0
}

daemon_pid() { "$BIN/drift-hook" status 2>/dev/null | sed -n 's/^driftd [^,]*, pid \([0-9]*\),.*/\1/p'; }

# A fresh repository with one clean commit and the hooks installed.
new_repo() {
    local repo="$ROOT/$1"
    rm -rf "$repo" && git init -q "$repo" && (cd "$repo" && "$BIN/drift-hook" install >/dev/null) || return 1
    printf 'def add(a, b):\n    return a + b\n' > "$repo/ok.py"
    git -C "$repo" add ok.py && git -C "$repo" commit -q -m start 2>/dev/null
    echo "$repo"
}

# Many small files, so an analysis takes long enough to be interrupted.
stage_many() {
    local repo=$1 count=$2 tag=$3
    mkdir -p "$repo/many"
    for i in $(seq 1 "$count"); do
        printf 'def f_%s_%s(x):\n    if x > %s:\n        return [y * 2 for y in range(x)]\n    return None\n' "$tag" "$i" "$i" > "$repo/many/m_${tag}_$i.py"
    done
    git -C "$repo" add many
}

snapshot() { # repo -> a file holding status, diff and diff --cached
    local repo=$1 out=$2
    { git -C "$repo" status --porcelain; echo ---; git -C "$repo" diff; echo ---; git -C "$repo" diff --cached; } > "$out"
}

# commit_and_check NAME REPO [git commit arguments…]: runs the commit and the checks.
commit_and_check() {
    local name=$1 repo=$2; shift 2
    local before="$ROOT/before" after="$ROOT/after" err="$ROOT/err" tree
    snapshot "$repo" "$before"
    tree=$(git -C "$repo" write-tree 2>/dev/null)
    timeout 60 git -C "$repo" commit -q "$@" 2>"$err" >/dev/null
    local status=$?
    CASE_ERR=$(cat "$err")
    local problems=()
    if [ $status -eq 124 ]; then problems+=("the commit hung (60 s)"); fi
    if [ $status -ne 0 ] && [ $status -ne 124 ]; then
        grep -q 'high \[' "$err" || grep -q 'commit blocked' "$err" || problems+=("exit $status without a finding")
        snapshot "$repo" "$after"
        cmp -s "$before" "$after" || problems+=("status/diff changed by a blocked commit")
    fi
    if [ $status -eq 0 ]; then
        [ "$(git -C "$repo" rev-parse 'HEAD^{tree}')" = "$tree" ] || problems+=("the commit does not hold the staged tree")
    fi
    grep -qiE 'fatal error|stack trace|segmentation|Traceback|panic' "$err" && problems+=("crash text in the output")
    [ "$(grep -c 'analysis skipped' "$err")" -le 1 ] || problems+=("more than one skip line")
    CASE_STATUS=$status
    CASE_PROBLEMS=("${problems[@]}")
}

# The next commit works: a staged high finding is blocked by a live daemon.
next_commit_works() {
    local repo=$1 file="next_$RANDOM.py"
    printf '%s' "$ELIDED" > "$repo/$file" && git -C "$repo" add "$file"
    local out
    out=$(timeout 60 git -C "$repo" commit -q -m next 2>&1)
    local status=$?
    git -C "$repo" reset -q "$file" 2>/dev/null; rm -f "$repo/$file"
    [ $status -eq 1 ] && [[ "$out" == *"$file:2:5: high [elided-code]"* ]]
}

report() { # name, extra problems…
    local name=$1; shift
    local problems=("${CASE_PROBLEMS[@]}" "$@")
    if [ ${#problems[@]} -eq 0 ]; then
        PASSED=$((PASSED + 1))
        local line
        line=$(grep -m1 '^drift: analysis skipped\|^drift: commit blocked\|high \[' <<<"$CASE_ERR" | cut -c1-110)
        printf 'ok    %-34s exit %s  %s\n' "$name" "$CASE_STATUS" "$line"
    else
        FAILED=$((FAILED + 1))
        FAILURES+=("$name")
        printf 'FAIL  %-34s exit %s: %s\n' "$name" "$CASE_STATUS" "$(IFS=';'; echo "${problems[*]}")"
        sed 's/^/      | /' <<<"$CASE_ERR" | head -8
    fi
}

run_case() {
    local name=$1
    wants "$name" || return 0
    CASE_PROBLEMS=()
    CASE_STATUS=-
    CASE_ERR=""
    "case_$name"
}

# --- the cases -------------------------------------------------------------------------------

case_kill_during_analysis() {
    local repo; repo=$(new_repo kill-analysis)
    stage_many "$repo" 1500 a
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    "$BIN/drift-hook" stop >/dev/null
    ( sleep 0.4; kill_daemon ) &
    commit_and_check kill_during_analysis "$repo" -m x
    wait
    next_commit_works "$repo" || CASE_PROBLEMS+=("next commit not judged")
    report kill_during_analysis
}

case_kill_during_cache_write() {
    # The cache is written right after each batch is analysed: kills at spread-out moments hit
    # writes in progress; afterwards the file must still open (or be moved aside) and work.
    local repo; repo=$(new_repo kill-write)
    local problems=()
    for round in 1 2 3 4 5; do
        stage_many "$repo" 300 "w$round"
        ( sleep "0.$((round * 2))"; kill_daemon ) &
        commit_and_check kill_during_cache_write "$repo" -m "round $round" --no-verify
        timeout 60 git -C "$repo" commit -q -m "round $round" 2>/dev/null
        wait
        git -C "$repo" reset -q --hard HEAD 2>/dev/null
    done
    commit_and_check kill_during_cache_write "$repo" --allow-empty -m after
    next_commit_works "$repo" || CASE_PROBLEMS+=("next commit not judged")
    report kill_during_cache_write
}

case_kill_between_hooks() {
    local repo; repo=$(new_repo kill-between)
    # Runs before Drift's commit-msg (the shim runs a previous hook first): the daemon dies
    # after pre-commit answered and before commit-msg asks.
    printf '#!/bin/sh\nkill -9 "$(cat "$XDG_RUNTIME_DIR/drift/driftd.lock")" 2>/dev/null\nexit 0\n' > "$repo/.git/hooks/commit-msg.drift-previous"
    chmod +x "$repo/.git/hooks/commit-msg.drift-previous"
    local blocked=0
    for i in 1 2 3 4 5; do
        printf '%s' "$ELIDED" > "$repo/bad$i.py" && git -C "$repo" add "bad$i.py"
        commit_and_check kill_between_hooks "$repo" -m x
        [ "$CASE_STATUS" = 1 ] && blocked=$((blocked + 1))
        git -C "$repo" reset -q "bad$i.py"; rm -f "$repo/bad$i.py"
    done
    rm "$repo/.git/hooks/commit-msg.drift-previous"
    local extra=()
    [ $blocked -eq 5 ] || extra+=("only $blocked of 5 bad commits blocked")
    next_commit_works "$repo" || extra+=("next commit not judged")
    report kill_between_hooks "${extra[@]}"
}

# Cache damage: done while the daemon is stopped, so the next daemon opens the damaged file.
cache_case() {
    local name=$1 damage=$2
    local repo; repo=$(new_repo "$name")
    stage_many "$repo" 50 c && git -C "$repo" commit -q -m warm 2>/dev/null
    "$BIN/drift-hook" stop >/dev/null
    local db="$XDG_CACHE_HOME/drift/cache.sqlite"
    eval "$damage"
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    commit_and_check "$name" "$repo" -m x
    local extra=()
    [ "$CASE_STATUS" = 1 ] || extra+=("the bad commit was not blocked")
    git -C "$repo" reset -q bad.py; rm -f "$repo/bad.py"
    next_commit_works "$repo" || extra+=("next commit not judged")
    report "$name" "${extra[@]}"
}

case_cache_truncated() { cache_case cache_truncated 'truncate -s $(( $(stat -c %s "$db") / 2 )) "$db"; rm -f "$db-wal" "$db-shm"'; }
case_cache_corrupted() { cache_case cache_corrupted 'dd if=/dev/urandom of="$db" bs=1 seek=200 count=3000 conv=notrunc status=none; rm -f "$db-wal" "$db-shm"'; }
case_cache_garbage() { cache_case cache_garbage 'head -c 20000 /dev/urandom > "$db"; rm -f "$db-wal" "$db-shm"'; }

case_cache_locked() {
    local repo; repo=$(new_repo cache-locked)
    "$BIN/drift-hook" stop >/dev/null
    python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(30)' "$XDG_CACHE_HOME/drift/cache.sqlite" "$ROOT/locked" &
    local holder=$!
    for _ in $(seq 100); do [ -e "$ROOT/locked" ] && break; sleep 0.05; done
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    DRIFT_HOOK_START_TIMEOUT=1 commit_and_check cache_locked "$repo" -m x
    local extra=()
    [ "$CASE_STATUS" = 1 ] || extra+=("the bad commit was not blocked")
    "$BIN/drift-hook" status | grep -q 'disk cache: off' || extra+=("status does not say the cache is off")
    kill $holder; wait $holder 2>/dev/null; rm -f "$ROOT/locked"
    git -C "$repo" reset -q bad.py; rm -f "$repo/bad.py"
    next_commit_works "$repo" || extra+=("next commit not judged")
    report cache_locked "${extra[@]}"
}

# The cache folder on a mount of its own: read-only, or tiny and full.
mounted_cache_case() {
    local name=$1 options=$2 fill=$3
    local repo; repo=$(new_repo "$name")
    "$BIN/drift-hook" stop >/dev/null
    local cache="$ROOT/mnt-$name"
    mkdir -p "$cache"
    if ! mount -t tmpfs -o "size=256k,mode=700" tmpfs "$cache" 2>/dev/null; then
        CASE_PROBLEMS=(); CASE_STATUS=-; CASE_ERR=""
        printf 'skip  %-34s (cannot mount a tmpfs here: needs root)\n' "$name"
        return
    fi
    MOUNTS+=("$cache")
    mkdir -p "$cache/drift"
    eval "$fill"
    [ -n "$options" ] && mount -o "remount,$options" "$cache"
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    XDG_CACHE_HOME="$cache" commit_and_check "$name" "$repo" -m x
    local extra=()
    [ "$CASE_STATUS" = 1 ] || extra+=("the bad commit was not blocked")
    git -C "$repo" reset -q bad.py; rm -f "$repo/bad.py"
    XDG_CACHE_HOME="$cache" next_commit_works "$repo" || extra+=("next commit not judged")
    XDG_CACHE_HOME="$cache" "$BIN/drift-hook" stop >/dev/null
    umount -l "$cache"
    report "$name" "${extra[@]}"
}

case_cache_read_only() { mounted_cache_case cache_read_only ro ':'; }
case_cache_disk_full() { mounted_cache_case cache_disk_full '' 'dd if=/dev/zero of="$cache/filler" bs=4k status=none 2>/dev/null || true'; }

case_repository_deleted_mid_request() {
    local repo; repo=$(new_repo deleted)
    stage_many "$repo" 1500 d
    local other; other=$(new_repo deleted-other)
    ( sleep 0.3; rm -rf "$repo" ) &
    CASE_PROBLEMS=()
    timeout 60 git -C "$repo" commit -q -m x 2>"$ROOT/err" >/dev/null
    CASE_STATUS=$?
    CASE_ERR=$(cat "$ROOT/err")
    wait
    local extra=()
    [ "$CASE_STATUS" = 124 ] && extra+=("the commit hung")
    grep -qiE 'fatal error|stack trace|segmentation' "$ROOT/err" && extra+=("crash text")
    [ -n "$(daemon_pid)" ] || extra+=("the daemon died")
    next_commit_works "$other" || extra+=("next commit (another repository) not judged")
    report repository_deleted_mid_request "${extra[@]}"
}

case_index_rewritten_during_read() {
    local repo; repo=$(new_repo index-rewrite)
    stage_many "$repo" 400 i
    cp "$repo/.git/index" "$ROOT/index.many"
    git -C "$repo" reset -q
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    cp "$repo/.git/index" "$ROOT/index.bad"
    # Someone swaps the index back and forth (whole files renamed in, as git writes it) while
    # the hooks read it.
    ( for _ in $(seq 200); do
        cp "$ROOT/index.many" "$repo/.git/index.swap" && mv "$repo/.git/index.swap" "$repo/.git/index"
        cp "$ROOT/index.bad" "$repo/.git/index.swap" && mv "$repo/.git/index.swap" "$repo/.git/index"
      done ) &
    local swapper=$!
    CASE_PROBLEMS=()
    timeout 60 git -C "$repo" commit -q -m x 2>"$ROOT/err" >/dev/null
    CASE_STATUS=$?
    CASE_ERR=$(cat "$ROOT/err")
    wait $swapper
    local extra=()
    [ "$CASE_STATUS" = 124 ] && extra+=("the commit hung")
    grep -qiE 'fatal error|stack trace|segmentation' "$ROOT/err" && extra+=("crash text")
    [ "$(grep -c 'analysis skipped' "$ROOT/err")" -le 1 ] || extra+=("more than one skip line")
    cp "$ROOT/index.bad" "$repo/.git/index"
    git -C "$repo" reset -q --hard 2>/dev/null
    next_commit_works "$repo" || extra+=("next commit not judged")
    report index_rewritten_during_read "${extra[@]}"
}

case_fifo_index() {
    local repo; repo=$(new_repo fifo)
    local other; other=$(new_repo fifo-other)
    mkfifo "$ROOT/index.fifo"
    for _ in 1 2 3 4; do (cd "$repo" && GIT_INDEX_FILE="$ROOT/index.fifo" timeout 30 "$BIN/drift-hook" pre-commit >/dev/null 2>&1) & done
    printf '%s' "$ELIDED" > "$other/bad.py" && git -C "$other" add bad.py
    commit_and_check fifo_index "$other" -m x
    wait
    local extra=()
    [ "$CASE_STATUS" = 1 ] || extra+=("the other repository's bad commit was not blocked")
    report fifo_index "${extra[@]}"
}

case_socket_folder_removed() {
    local repo; repo=$(new_repo socket-removed)
    git -C "$repo" commit -q --allow-empty -m a 2>/dev/null
    local old; old=$(daemon_pid)
    rm -rf "$XDG_RUNTIME_DIR/drift"
    git -C "$repo" commit -q --allow-empty -m b 2>/dev/null
    sleep 3
    printf '%s' "$ELIDED" > "$repo/bad.py" && git -C "$repo" add bad.py
    commit_and_check socket_folder_removed "$repo" -m c
    local extra=()
    [ "$CASE_STATUS" = 1 ] || extra+=("the bad commit was not blocked")
    kill -0 "$old" 2>/dev/null && extra+=("the old daemon ($old) is still running")
    report socket_folder_removed "${extra[@]}"
}

case_clock_jump() {
    # driftd has no injectable clock and faketime is not installed: not simulated.
    printf 'skip  %-34s (no clock source to move: faketime is not installed)\n' clock_jump
}

started=$(date +%s)
for name in kill_during_analysis kill_during_cache_write kill_between_hooks cache_truncated cache_corrupted \
    cache_garbage cache_locked cache_read_only cache_disk_full repository_deleted_mid_request \
    index_rewritten_during_read fifo_index socket_folder_removed clock_jump; do
    run_case "$name"
done
echo "fault suite: $PASSED passed, $FAILED failed in $(( $(date +%s) - started )) s${FAILURES:+ (${FAILURES[*]})}"
[ $FAILED -eq 0 ]
