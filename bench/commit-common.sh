# Shared setup of bench/commit.sh and bench/commit-hooks.sh (sourced, not run): the release
# binaries as install.sh builds them, a private world (daemon, cache, git identity) that touches
# nothing of the user's, and the repository shape both benchmarks commit.

# Builds driftd and a fully static drift-hook; sets $bin to a folder holding both.
build_binaries() {
    echo "==> building release binaries (driftd; drift-hook fully static, as install.sh builds it)"
    swift build -c release --product driftd >/dev/null
    swift build -c release --product drift-hook -Xswiftc -static-executable --scratch-path .build-static >/dev/null
    bin=$(mktemp -d /tmp/drift-bench-bin.XXXXXX)
    cp "$(swift build -c release --show-bin-path)/driftd" "$bin/"
    cp "$(swift build -c release --scratch-path .build-static --show-bin-path)/drift-hook" "$bin/"
}

# Sets $work to a private folder with its own daemon, cache and git identity, removed on exit.
private_world() {
    work=$(mktemp -d /tmp/drift-bench.XXXXXX)
    trap '"$bin/drift-hook" stop >/dev/null 2>&1 || true; rm -rf "$work" "$bin"' EXIT
    export XDG_RUNTIME_DIR="$work/run" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
    mkdir -p "$XDG_RUNTIME_DIR" "$HOME" && chmod 700 "$XDG_RUNTIME_DIR"
    export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
        GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
}

# A new repository at $1 with a first file (more may be added before `stage_ten_modules`).
init_repo() {
    git init -q -b main "$1"
    printf 'def main():\n    return 0\n' > "$1/main.py"
}

# Commits what $1 holds as the base, then stages the same 10 Python modules on top.
stage_ten_modules() {
    local repo="$1"
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
}
