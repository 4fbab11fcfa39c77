#!/usr/bin/env bash
# Runs the dangerous-async rules over async-heavy real code on this machine and prints findings per
# 1,000 lines by rule and severity, then every high finding with its source line, for a person to read.
# Corpora: aiohttp/httpx/anyio/starlette/fastapi/uvicorn/websockets/sanic/discord.py/aiogram/
# aiosqlite/redis/motor/aiofiles (pip, into a scratch venv), CPython's asyncio and test_asyncio,
# prompt_toolkit and trio if installed, npm and corepack (/usr/lib/node_modules), Debian's node
# packages (/usr/share/nodejs). Copies are taken because Drift skips folders named site-packages
# and node_modules when it walks a tree.
# Usage: bench/async-rules-on-real-code.sh [WORKDIR]   (default: /tmp/drift-async-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/drift-async-bench}
mkdir -p "$work"
swift build -c release --product drift >/dev/null
drift=$PWD/.build/release/drift

# Only this pack's rules.
ids=$("$drift" rules | grep -v '^[[:space:]]' | awk '{print $1}' | grep -E '^[a-z0-9]+(-[a-z0-9]+)+$')
config="$work/async-only.toml"
echo "[rules]" > "$config"
for id in $ids; do
    case $id in
        floating-promise|async-callback-in-sync-iteration|async-promise-executor|await-in-loop|unhandled-then-chain|\
        coroutine-never-awaited|dangling-task|blocking-call-in-async|race-across-await|unawaited-async-in-test|\
        shared-counter-without-lock) ;;
        *) echo "$id = \"off\"" >> "$config" ;;
    esac
done

if [ ! -d "$work/venv" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q aiohttp httpx anyio starlette fastapi uvicorn websockets sanic discord.py \
        aiogram aiosqlite redis motor aiofiles
fi
site=$("$work/venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
host_site=$(python3 -c 'import site; print(site.getsitepackages()[0])')
rm -rf "$work/py" "$work/js" && mkdir -p "$work/py" "$work/js"
for p in aiohttp httpx httpcore anyio starlette fastapi uvicorn websockets sanic discord aiogram aiosqlite redis motor aiofiles; do
    [ -d "$site/$p" ] && cp -r "$site/$p" "$work/py/"
done
cp -r "$stdlib/asyncio" "$work/py/asyncio-stdlib"
[ -d "$stdlib/test/test_asyncio" ] && cp -r "$stdlib/test/test_asyncio" "$work/py/"
for p in prompt_toolkit trio; do [ -d "$host_site/$p" ] && cp -r "$host_site/$p" "$work/py/"; done
for p in npm corepack; do
    if [ -d "/usr/lib/node_modules/$p" ]; then
        cp -r "/usr/lib/node_modules/$p" "$work/js/$p"
        [ -d "$work/js/$p/node_modules" ] && mv "$work/js/$p/node_modules" "$work/js/$p/deps"
    fi
done

for dir in "$work/py" "$work/js" /usr/share/nodejs; do
    [ -d "$dir" ] || continue
    "$drift" check "$dir" --format json --config "$config" > "$work/report.json" || true
    python3 - "$dir" "$work/report.json" <<'PY'
import collections, json, os, sys
directory, report = sys.argv[1], json.load(open(sys.argv[2]))
lines = 0
for root, dirs, files in os.walk(directory):
    dirs[:] = [d for d in dirs if d != "node_modules"]
    for name in files:
        if name.endswith((".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")):
            with open(os.path.join(root, name), errors="replace") as f:
                lines += sum(1 for _ in f)
findings = report["findings"]
print(f"== {directory}: {report['summary']['files']} files, {lines} lines, {len(findings)} findings")
for (rule, severity), n in sorted(collections.Counter((f["ruleId"], f["severity"]) for f in findings).items()):
    print(f"   {rule:34} {severity:7} {n:5}  {n * 1000 / max(lines, 1):.3f} per 1,000 lines")
for f in findings:
    if f["severity"] == "high":
        source = open(f["path"], errors="replace").read().split("\n")[f["line"] - 1].strip()
        print(f"   HIGH {f['path'].replace(directory + '/', '')}:{f['line']}: {f['ruleId']}: {source[:110]}")
PY
done
