#!/usr/bin/env bash
# Installs Drift: the system libraries it needs, a release build, and the binaries on your PATH.
# Safe to run again: it installs only what is missing and replaces the binaries.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: ./install.sh [--prefix DIR] [--uninstall] [--deps-only] [--help]

Installs drift, drift-hook and driftd into PREFIX/bin (default: $PREFIX or ~/.local).

  --prefix DIR   install into DIR/bin
  --uninstall    remove the installed binaries from PREFIX/bin
  --deps-only    only install the system packages (libgit2, SQLite, pkg-config)
  --help         show this help
USAGE
}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }

prefix="${PREFIX:-$HOME/.local}"
mode=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) mode=uninstall; shift ;;
        --deps-only) mode=deps; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
done
bin="$prefix/bin"
products=(drift drift-hook driftd)
cd "$(dirname "$0")"

if [ "$mode" = uninstall ]; then
    removed=0
    for product in "${products[@]}"; do
        if [ -e "$bin/$product" ]; then
            rm -f "$bin/$product" || die "cannot remove $bin/$product (permission denied?)"
            say "removed $bin/$product"; removed=1
        fi
    done
    [ "$removed" = 1 ] || say "nothing to remove in $bin"
    exit 0
fi

# --- System packages -------------------------------------------------------------------------
install_deps() {
    case "$(uname -s)" in
        Linux)
            command -v apt-get >/dev/null 2>&1 \
                || { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libgit2 sqlite3 && return 0; } \
                || die "no apt-get here: install libgit2 (dev files), SQLite 3 (dev files) and pkg-config with your package manager"
            local missing=()
            for package in libgit2-dev libsqlite3-dev pkg-config; do
                dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
            done
            [ ${#missing[@]} -eq 0 ] && return 0
            local sudo=()
            if [ "$(id -u)" -ne 0 ]; then
                command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
                sudo=(sudo)
            fi
            say "installing ${missing[*]} with apt-get"
            "${sudo[@]}" apt-get update -qq || die "apt-get update failed (no permission or no network?)"
            DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null \
                || die "apt-get could not install ${missing[*]}"
            ;;
        Darwin)
            command -v brew >/dev/null 2>&1 || die "no Homebrew here: install libgit2 and pkg-config, or Homebrew from brew.sh"
            for package in libgit2 pkg-config sqlite; do
                brew list "$package" >/dev/null 2>&1 || { say "installing $package with brew"; brew install "$package"; }
            done
            ;;
        *) die "unsupported system $(uname -s): install libgit2, SQLite 3 and pkg-config yourself" ;;
    esac
}

install_deps
[ "$mode" = deps ] && exit 0

# --- Build -----------------------------------------------------------------------------------
command -v swift >/dev/null 2>&1 || die "no Swift toolchain found (swift is not on PATH); get one from https://www.swift.org/install"
say "building release (this takes a few minutes the first time)"
swift build -c release --product drift >/dev/null || die "swift build failed; run 'swift build -c release' to see why"
built=("$(swift build -c release --show-bin-path)/drift")
if grep -q '"driftd"' Package.swift; then
    swift build -c release --product driftd >/dev/null || die "building driftd failed"
    built+=("$(swift build -c release --show-bin-path)/driftd")
fi
if grep -q '"drift-hook"' Package.swift; then
    # The hook runs on every commit, so its start-up counts. On Linux it is linked fully static
    # (no dynamic loader, no libstdc++ to relocate): ≈ 0.7 ms of CPU to start instead of ≈ 1.6 ms
    # with a static Swift standard library alone (docs/benchmarks.md). It gets its own build folder
    # because these flags apply to everything built with them.
    case "$(uname -s)" in
        Linux) hook_link=(-Xswiftc -static-executable) ;;
        *) hook_link=(--static-swift-stdlib) ;;
    esac
    swift build -c release --product drift-hook "${hook_link[@]}" --scratch-path .build-static >/dev/null \
        || die "building drift-hook failed"
    built+=("$(swift build -c release --scratch-path .build-static --show-bin-path)/drift-hook")
fi

# --- Install ---------------------------------------------------------------------------------
mkdir -p "$bin" 2>/dev/null || die "cannot create $bin (permission denied? try --prefix DIR)"
[ -w "$bin" ] || die "cannot write to $bin (permission denied? try --prefix DIR)"
for binary in "${built[@]}"; do
    install -m 0755 "$binary" "$bin/" || die "cannot copy $(basename "$binary") to $bin"
    say "installed $bin/$(basename "$binary")"
done
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "install.sh: warning: $bin is not on your PATH; add it, e.g. echo 'export PATH=\"$bin:\$PATH\"' >> ~/.bashrc" >&2 ;;
esac
