#!/usr/bin/env python3
"""Native benchmark of velocity-cliff: throughput single-threaded and on all
cores, and peak memory at 1,000 vs 1,000,000 runs. Prints a Markdown table and
writes it to bench-results.md (git-ignored). Repeats are interleaved so the
ratios compare runs made side by side on the same noisy machine."""

import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "velocity-cliff")
STRATEGIES, WEEKS = 5, 260
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))


def timed(args):
    start = time.perf_counter()
    subprocess.run([BIN, "simulate", *args, "--out", "/dev/null"], check=True)
    return time.perf_counter() - start


def peak_rss_kib(args):
    """Peak resident memory of one child run, from wait4's rusage."""
    proc = subprocess.Popen([BIN, "simulate", *args, "--out", "/dev/null"])
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"bench: {args} failed")
    return usage.ru_maxrss


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    runs = 10_000
    run_weeks = STRATEGIES * runs * WEEKS
    one, all_ = [], []
    for _ in range(REPEATS):
        one.append(timed(["--runs", str(runs), "--threads", "1"]))
        all_.append(timed(["--runs", str(runs), "--threads", "0"]))
    t1, tn = statistics.median(one), statistics.median(all_)
    mem_small = peak_rss_kib(["--runs", "1000"])
    mem_large = peak_rss_kib(["--runs", "1000000"])
    cores = os.cpu_count()
    rows = [
        ("native, 1 thread, 5 strategies × 10,000 runs × 260 weeks", f"{t1 * 1000:.0f} ms", f"{run_weeks / t1 / 1e6:.1f} M run-weeks/s", "1.00"),
        (f"native, all {cores} cores, same", f"{tn * 1000:.0f} ms", f"{run_weeks / tn / 1e6:.1f} M run-weeks/s", f"{t1 / tn:.2f}"),
        ("peak memory, 1,000 runs (all cores)", f"{mem_small / 1024:.1f} MiB", "", "1.00"),
        ("peak memory, 1,000,000 runs (all cores)", f"{mem_large / 1024:.1f} MiB", "", f"{mem_large / mem_small:.2f}"),
    ]
    lines = [
        f"Native benchmark — {time.strftime('%Y-%m-%d')}, {cores} cores, median of {REPEATS} interleaved repeats",
        "",
        "| measurement | value | throughput | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "Targets: 1 thread ≤ 1 s (≥ 13 M run-weeks/s); peak memory at 1,000,000 runs ≤ 1.2 × at 1,000 runs."]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(ROOT, "bench-results.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
