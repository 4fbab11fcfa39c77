#!/usr/bin/env python3
"""Times `git commit` in several prepared repositories, interleaved: each round commits once in
every repository, in random order, so all variants see the same machine load (shared by
bench/commit.sh and bench/commit-hooks.sh). Each repository must have a commit to undo: a round
runs `git reset --soft HEAD~1` and then times `git commit`.

    interleaved-commits.py [--table] ROUNDS "NAME=REPO" ...   (the first NAME is the baseline)
"""
import os, random, statistics, sys, time

args = sys.argv[1:]
table = args[0] == "--table"
if table:
    args = args[1:]
rounds, variants = int(args[0]), [a.split("=", 1) for a in args[1:]]
quiet = [(os.POSIX_SPAWN_OPEN, fd, "/dev/null", os.O_WRONLY, 0) for fd in (1, 2)]  # as hyperfine does


def timed(command):  # wall ms, CPU ms of the process and everything it waited for
    start = time.perf_counter_ns()
    _, status, usage = os.wait4(os.posix_spawnp(command[0], command, os.environ, file_actions=quiet), 0)
    assert status == 0, command
    return (time.perf_counter_ns() - start) / 1e6, (usage.ru_utime + usage.ru_stime) * 1000


samples = {name: [] for name, _ in variants}
for round in range(rounds + 5):  # the first 5 rounds warm up
    for name, repo in random.sample(variants, len(variants)):
        timed(["git", "-C", repo, "reset", "-q", "--soft", "HEAD~1"])
        sample = timed(["git", "-C", repo, "commit", "-q", "-m", "bench"])
        if round >= 5:
            samples[name].append(sample)
baseline = variants[0][0]
base_wall = statistics.median(w for w, _ in samples[baseline])
base_cpu = statistics.mean(c for _, c in samples[baseline])
if table:
    print(f"| hooks | median | vs. {baseline} | CPU (mean) | vs. {baseline} |\n|:---|---:|---:|---:|---:|")
for name, _ in variants:
    wall = statistics.median(w for w, _ in samples[name])
    cpu = statistics.mean(c for _, c in samples[name])
    if table:
        print(f"| {name} | {wall:.2f} ms | {wall / base_wall:.2f}× | {cpu:.2f} ms | {cpu / base_cpu:.2f}× |")
    else:
        print(f"{name}: median {wall:.1f} ms ({wall / base_wall:.2f}×), CPU {cpu:.1f} ms ({cpu / base_cpu:.2f}×)")
