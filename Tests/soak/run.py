#!/usr/bin/env python3
"""Load and soak: many concurrent committers across several repositories for a bounded time,
through the installed hooks and one real driftd, on a private sandbox (loopback only: a Unix
socket; nothing leaves the machine). Not part of ./test.sh; run after `swift build`:

    Tests/soak/run.py                          # 32 committers, 8 repositories, 600 s
    Tests/soak/run.py --committers 8 --repos 4 --seconds 60

Every commit alternates clean and bad content; a bad commit must be blocked (exit 1 with the
finding), a clean one must pass. Any other outcome — a fail-open line, a timeout, a wrong
verdict — is a failed request. Reports p50/p99 commit latency, the daemon's RSS and open file
descriptors sampled every second (first half vs second half), and exits 1 on any failure or on
RSS growth of more than 20% in the second half.
"""
import argparse, os, shutil, subprocess, sys, tempfile, threading, time

ELIDED = "def handler_{n}(event):\n    # ... rest of implementation\n    return event\n"
CLEAN = "def add_{n}(a, b):\n    return a + b + {n}\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--committers", type=int, default=32)
    parser.add_argument("--repos", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "../../.build/debug"))
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    for tool in ("drift-hook", "driftd"):
        if not os.access(os.path.join(binary, tool), os.X_OK):
            sys.exit(f"build first: {binary}/{tool} is missing")

    root = tempfile.mkdtemp(prefix="drift-soak-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "DRIFT"))}
    env.update(HOME=f"{root}/home", XDG_RUNTIME_DIR=f"{root}/run", XDG_CACHE_HOME=f"{root}/cache",
               GIT_CONFIG_NOSYSTEM="1", PATH=f"{binary}:{env.get('PATH', '/usr/bin:/bin')}",
               DRIFT_COLOR="never", DRIFTD_IDLE_TIMEOUT="900", DRIFT_HOOK_START_TIMEOUT="10")
    os.makedirs(f"{root}/home"); os.makedirs(f"{root}/run", mode=0o700)
    with open(f"{root}/home/.gitconfig", "w") as f:
        f.write("[user]\n name = Soak\n email = soak@example.com\n[init]\n defaultBranch = main\n")

    def run(cmd, cwd, check=True):
        return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=check)

    repos = []
    for r in range(args.repos):
        repo = f"{root}/repo{r}"
        os.makedirs(repo)
        run(["git", "init", "-q"], repo)
        run(["drift-hook", "install"], repo)
        with open(f"{repo}/seed.py", "w") as f:
            f.write(CLEAN.format(n=r))
        run(["git", "add", "."], repo)
        run(["git", "commit", "-q", "-m", "seed"], repo)
        repos.append(repo)

    lock = threading.Lock()
    latencies, failures = [], []
    stop = time.monotonic() + args.seconds
    # One git commit at a time per work tree (git's index.lock); committers share repositories
    # through worktrees of their own, as people sharing a clone's object store do.
    trees = []
    for c in range(args.committers):
        repo = repos[c % len(repos)]
        tree = f"{root}/wt{c}"
        run(["git", "worktree", "add", "-q", "-b", f"c{c}", tree], repo)
        trees.append(tree)

    def committer(index):
        tree, n = trees[index], 0
        while time.monotonic() < stop:
            n += 1
            bad = n % 2 == 0
            name = f"f{index}_{n}.py"
            with open(f"{tree}/{name}", "w") as f:
                f.write((ELIDED if bad else CLEAN).format(n=n))
            run(["git", "add", name], tree)
            started = time.monotonic()
            try:
                result = run(["git", "commit", "-q", "-m", f"c{index} {n}"], tree, check=False)
            except Exception as error:  # noqa: BLE001 - any failure is reported, not raised
                result = None
                problem = f"exception {error}"
            elapsed = time.monotonic() - started
            if result is not None:
                problem = None
                if "analysis skipped" in result.stderr or "cannot reach driftd" in result.stderr:
                    problem = "fail-open: " + result.stderr.strip().splitlines()[-1]
                elif bad and (result.returncode != 1 or f"{name}:2:5: high [elided-code]" not in result.stderr):
                    problem = f"bad commit exit {result.returncode}"
                elif not bad and result.returncode != 0:
                    problem = f"clean commit exit {result.returncode}: {result.stderr.strip()[:200]}"
            if bad:
                run(["git", "reset", "-q", name], tree)
                os.remove(f"{tree}/{name}")
            with lock:
                latencies.append(elapsed)
                if problem:
                    failures.append(f"{tree}: {problem}")

    samples = []

    def sampler():
        while time.monotonic() < stop:
            try:
                pid = int(open(f"{root}/run/drift/driftd.lock").read().strip())
                rss = int(open(f"/proc/{pid}/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                fds = len(os.listdir(f"/proc/{pid}/fd"))
                samples.append((time.monotonic(), rss, fds))
            except (OSError, ValueError):
                pass
            time.sleep(1)

    threads = [threading.Thread(target=committer, args=(i,)) for i in range(args.committers)]
    watcher = threading.Thread(target=sampler)
    begun = time.monotonic()
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    watcher.join()
    wall = time.monotonic() - begun

    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
    half = len(samples) // 2
    first, second = samples[:half], samples[half:]
    def stat(values, field):
        return (min(v[field] for v in values), max(v[field] for v in values)) if values else (0, 0)
    mb = 1 << 20
    print(f"soak: {args.committers} committers, {args.repos} repositories, {wall:.0f} s: {len(latencies)} commits, "
          f"{len(failures)} failed; p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms, max {pct(1.0):.0f} ms")
    if samples:
        r1, r2, f1, f2 = stat(first, 1), stat(second, 1), stat(first, 2), stat(second, 2)
        print(f"soak: daemon RSS first half {r1[0] / mb:.1f}-{r1[1] / mb:.1f} MiB, second half {r2[0] / mb:.1f}-{r2[1] / mb:.1f} MiB; "
              f"fds first half {f1[0]}-{f1[1]}, second half {f2[0]}-{f2[1]}")
    for failure in failures[:20]:
        print("  " + failure)
    grew = bool(first and second and stat(second, 1)[1] > 1.2 * stat(first, 1)[1])
    if grew:
        print("soak: RSS grew by more than 20% in the second half")
    subprocess.run(["drift-hook", "stop"], env=env, capture_output=True)
    shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failures or grew else 0)


if __name__ == "__main__":
    main()
