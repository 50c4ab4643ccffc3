#!/usr/bin/env python3
"""The benchmark of velocity-cliff, as one Markdown table (`make bench`).

Measured in one run, side by side on the same machine:
- throughput (run-weeks per second: strategies × runs × weeks / wall time) of
  the native CLI on one thread and on all cores, and of the wasm build in
  Node and in a Web Worker of headless Chromium (`simulate()` alone) on one
  thread, in interleaved repeats so the ratios compare runs made under the
  same load; then of the page in headless Chromium with one worker and with
  all workers (www/bench/bench.mjs);
- the page's input-to-repaint latency (median and P90 of 20 changes) at
  5 × 1,000 and 5 × 10,000 runs, and the time from a cold load to the first
  chart;
- peak resident memory (VmHWM) of a native and of a Node child process at
  1,000, 100,000 and 1,000,000 runs;
- the gzipped size of what the page loads and of the embed build;
- where valgrind is installed, the native CLI's instructions per run-week
  (and the baseline's): a count, not a time, so it is the same from run to
  run on a noisy machine.

Prints the table and writes it to bench-results.md (git-ignored). Needs
`make cli build` first (`make bench` does that). BENCH_REPEATS (default 5)
sets the interleaved repeats; BENCH_QUICK=1 shrinks every measurement for a
smoke test of the script itself (its figures mean nothing, so it only prints
them): `make test` runs it (`make test-bench`), so every benchmark script
keeps working.
"""

import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "velocity-cliff")
DIST = os.path.join(ROOT, "dist")
PKG = os.path.join(ROOT, "www", "pkg")
NODE_BENCH = os.path.join(ROOT, "www", "bench", "node.mjs")
QUICK = os.environ.get("BENCH_QUICK") == "1"
REPEATS = int(os.environ.get("BENCH_REPEATS", "2" if QUICK else "5"))
STRATEGIES, WEEKS = 5, 260
RUNS = 1_000 if QUICK else 10_000
# Peak memory: (runs, native weeks, Node weeks). Node runs on one thread, so
# its million runs use 52 weeks (about 40 s instead of over 3 minutes) and it
# is also measured at 1,000 runs × 52 weeks for comparison: an accumulator's
# size grows with the weeks, not the runs.
# Instructions per run-week: the two run counts whose difference is counted.
INSTRUCTION_RUNS = (50, 250) if QUICK else (200, 1_000)
MEMORY = ([(1_000, 260, 260), (10_000, 260, 260), (20_000, 260, 52)] if QUICK
          else [(1_000, 260, 260), (100_000, 260, 260), (1_000_000, 260, 52)])


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def need(path, hint):
    if not os.path.exists(path):
        sys.exit(f"bench: {os.path.relpath(path, ROOT)} is missing: run `{hint}` first (or `make bench`)")


def vm_hwm_kib(pid):
    """Peak resident set of a process's own address space (since its exec)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM")


# BASELINE=<path to another velocity-cliff binary> (e.g. one built from an
# older model) adds its single-thread throughput, measured interleaved with
# this build's, to the table.
BASELINE = os.environ.get("BASELINE", "")


def native(runs, weeks, threads, binary=None):
    """Wall seconds and peak memory (KiB) of one CLI run.

    The result goes to a FIFO, which the CLI opens only once the result is
    computed and formatted; its VmHWM is read while it waits there. (getrusage
    of a child would report at least this script's own size: the peak of the
    forked copy survives exec.)"""
    fifo = os.path.join(ROOT, "target", f"bench-{os.getpid()}.fifo")
    if os.path.exists(fifo):
        os.remove(fifo)
    os.mkfifo(fifo)
    try:
        args = [binary or BIN, "simulate", "--runs", str(runs), "--weeks", str(weeks), "--threads", str(threads), "--out", fifo]
        start = time.perf_counter()
        proc = subprocess.Popen(args)
        with open(fifo, "rb") as f:  # returns once the CLI opens the FIFO to write the result
            peak = vm_hwm_kib(proc.pid)
            size = len(f.read())
        if proc.wait() != 0 or size == 0:
            sys.exit(f"bench: {' '.join(args)} failed")
        return time.perf_counter() - start, peak
    finally:
        os.remove(fifo)


def instructions(binary=None):
    """Instructions per run-week of the native CLI on one thread, counted by
    valgrind's cachegrind: the difference between two run counts over the
    run-weeks between them, so start-up and writing the result, which do not
    grow with the runs, drop out. None without valgrind."""
    counts = []
    for runs in INSTRUCTION_RUNS:
        args = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                binary or BIN, "simulate", "--runs", str(runs), "--threads", "1", "--out", "/dev/null"]
        try:
            proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        except FileNotFoundError:
            return None
        refs = re.search(r"\bI\s+refs:\s+([\d,]+)", proc.stderr)
        if proc.returncode != 0 or not refs:
            sys.exit(f"bench: {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
        counts.append(int(refs.group(1).replace(",", "")))
    return (counts[1] - counts[0]) / (STRATEGIES * (INSTRUCTION_RUNS[1] - INSTRUCTION_RUNS[0]) * WEEKS)


def tornado(threads):
    """Wall seconds of a full sensitivity: the ranking, the base and a
    10-parameter tornado (2 ends each) of the default comparison
    (controlled-evolution vs feature-first) at 1,000 runs, plus its switch points."""
    args = [BIN, "sensitivity", "--versus", "controlled-evolution,feature-first", "--top", "10", "--runs", "1000",
            "--threads", str(threads), "--out", os.devnull]
    start = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - start


def node(runs, weeks, repeats=1, scalar=False):
    """Seconds per simulate() call and the Node process's peak memory (KiB); `scalar`: the build without wasm SIMD."""
    env = dict(os.environ, BENCH_WASM="scalar" if scalar else "simd")
    out = subprocess.run(["node", NODE_BENCH, str(runs), str(weeks), str(repeats)], check=True, stdout=subprocess.PIPE, env=env).stdout
    report = json.loads(out)
    assert report["runs"] == runs and report["weeks"] == weeks and report["strategies"] == STRATEGIES, report
    return [ms / 1000 for ms in report["ms"]], report["peakKiB"]


def chromium(runs):
    """Seconds of the core module's simulate() (www/pkg, the SIMD build) in a Web Worker of headless Chromium: the
    third of three calls in a fresh worker, once the engine's optimising tier has the simulation (www/bench/wasm-ab.mjs)."""
    out = subprocess.run(["node", "bench/wasm-ab.mjs", "--json", "--rounds", "1", "--runs", str(runs), PKG],
                         cwd=os.path.join(ROOT, "www"), check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)["builds"][0]["ms"][0] / 1000


def gz(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(data), len(gzip.compress(data, compresslevel=9))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


# ---- workshop views (www/bench/workshop.mjs) -------------------------------
def workshop_rows():
    """The play view's "Next round" → the round's story on a 390 px phone, and
    the board re-running 40 teams at 1,000 runs (www/bench/workshop.mjs)."""
    log("the workshop views in headless Chromium (www/bench/workshop.mjs)")
    env = dict(os.environ)
    if QUICK:
        env.update(BENCH_TEAMS="4")
    out = subprocess.run(["node", "bench/workshop.mjs", "--json"], cwd=os.path.join(ROOT, "www"), env=env,
                         check=True, stdout=subprocess.PIPE).stdout
    w = json.loads(out)
    r, b = w["round"], w["board"]
    return [
        (f"play (390 px): \"Next round\" → the round's story, one run, median / P90 of {r['n']} rounds "
         f"(a play's first round, workers starting: {r['firstMedian']:,.0f} ms); target ≤ 100 ms",
         f"{r['median']:,.0f} ms / {r['p90']:,.0f} ms", "—", "—"),
        (f"board: re-run {b['teams']} teams at {b['runs']:,} runs × {b['weeks']} weeks (+ the built-ins' bands); target ≤ 5 s",
         f"{b['rerunMs'] / 1000:,.1f} s ({b['wallMs'] / 1000:,.1f} s to the painted board)", "—", "—"),
    ]
# ---- end of the workshop block ---------------------------------------------


def main():
    need(BIN, "make cli")
    need(os.path.join(PKG, "velocity_cliff_bg.wasm"), "make wasm")
    need(os.path.join(DIST, "index.html"), "make build")
    cores = os.cpu_count()
    run_weeks = STRATEGIES * RUNS * WEEKS
    started = time.time()

    log(f"throughput: {REPEATS} interleaved repeats of native 1 thread, native all cores, wasm in Node (SIMD and scalar builds), wasm in a Chromium worker")
    native(200, 52, 1)  # warm the page cache
    one, all_, wasm_node, wasm_scalar, wasm_chromium, base = [], [], [], [], [], []
    for _ in range(REPEATS):
        one.append(native(RUNS, WEEKS, 1)[0])
        if BASELINE:
            base.append(native(RUNS, WEEKS, 1, BASELINE)[0])
        all_.append(native(RUNS, WEEKS, 0)[0])
        wasm_node.append(node(RUNS, WEEKS)[0][0])
        wasm_scalar.append(node(RUNS, WEEKS, scalar=True)[0][0])
        wasm_chromium.append(chromium(RUNS))
    t1 = statistics.median(one)
    log("sensitivity: a full tornado, native, 1 thread and all cores")
    tornado_one = statistics.median([tornado(1) for _ in range(3)])
    tornado_all = statistics.median([tornado(0) for _ in range(3)])

    log("instructions per run-week: the native CLI under valgrind's cachegrind")
    per_run_week = instructions()
    base_per_run_week = instructions(BASELINE) if BASELINE and per_run_week is not None else None

    log("memory: peak RSS of native and Node children")
    memory = []
    for runs, native_weeks, node_weeks in MEMORY:
        memory.append((runs, native_weeks, node_weeks, native(runs, native_weeks, 0)[1], node(runs, node_weeks)[1]))
    node_small_52 = node(1_000, 52)[1]

    log("the page in headless Chromium (www/bench/bench.mjs)")
    env = dict(os.environ)
    if QUICK:
        env.update(BENCH_CHANGES="3", BENCH_BIG_CHANGES="1", BENCH_COLD_LOADS="2", BENCH_GESTURES="2")
    page_out = subprocess.run(["node", "bench/bench.mjs", "--json"], cwd=os.path.join(ROOT, "www"), env=env,
                              check=True, stdout=subprocess.PIPE).stdout
    page = json.loads(page_out)
    page_run_weeks = STRATEGIES * 10_000 * WEEKS

    def rate(seconds, work=run_weeks):
        return work / seconds

    def mrate(seconds, work=run_weeks):
        return f"{rate(seconds, work) / 1e6:.1f} M"

    def ratio(seconds, work=run_weeks):
        return f"{rate(seconds, work) / rate(t1):.2f}×"

    def ms(x):
        return f"{x:,.0f} ms"

    def mib(kib):
        return f"{kib / 1024:,.1f} MiB"

    size = f"5 strategies × {RUNS:,} runs × {WEEKS} weeks"
    rows = [
        (f"native CLI, 1 thread — {size} (median of {REPEATS})", ms(t1 * 1000), mrate(t1), "1.00×"),
        (f"native CLI, all {cores} cores — same", ms(statistics.median(all_) * 1000), mrate(statistics.median(all_)), ratio(statistics.median(all_))),
        *([(f"baseline CLI `{BASELINE}`, 1 thread — same",
            ms(statistics.median(base) * 1000), mrate(statistics.median(base)), ratio(statistics.median(base)))] if BASELINE else []),
        *([(f"native CLI, 1 thread, instructions per run-week (valgrind cachegrind; {INSTRUCTION_RUNS[1]:,} runs less {INSTRUCTION_RUNS[0]:,})"
             + (f"; baseline CLI {base_per_run_week:,.0f}, {base_per_run_week / per_run_week:.2f}× this build's" if base_per_run_week else ""),
             f"{per_run_week:,.0f}", "—", "—")] if per_run_week is not None else []),
        ("native CLI, full tornado — 10 parameters × 2 ends, controlled-evolution vs feature-first, 1,000 runs, with ranking and switch points; 1 thread (median of 3)",
         ms(tornado_one * 1000), "—", "—"),
        (f"native CLI, full tornado — same, all {cores} cores (median of 3)", ms(tornado_all * 1000), "—", "—"),
        (f"wasm in Node, 1 thread — same, simulate() only", ms(statistics.median(wasm_node) * 1000), mrate(statistics.median(wasm_node)), ratio(statistics.median(wasm_node))),
        (f"wasm in Node, scalar build (no SIMD), 1 thread — same", ms(statistics.median(wasm_scalar) * 1000), mrate(statistics.median(wasm_scalar)), ratio(statistics.median(wasm_scalar))),
        (f"wasm in a Chromium worker, 1 thread — same, simulate() only", ms(statistics.median(wasm_chromium) * 1000), mrate(statistics.median(wasm_chromium)), ratio(statistics.median(wasm_chromium))),
    ]
    one_worker = page["oneWorker"]["ms"] / 1000
    all_workers = page["allWorkers"]["ms"] / 1000
    rows += [
        (f"wasm in Chromium, 1 worker (`?workers=1`) — 5 × 10,000 × 260, input to full result (median of {len(page['oneWorker']['samples'])})",
         ms(one_worker * 1000), mrate(one_worker, page_run_weeks), ratio(one_worker, page_run_weeks)),
        (f"wasm in Chromium, all {page['workers']} workers — same (median of {page['bigChanges']}); "
         f"over the rounds alternated with the row above, {page['oneWorker']['allWorkersMs']:,.0f} ms: "
         f"{page['oneWorker']['ms'] / page['oneWorker']['allWorkersMs']:.2f}× one worker",
         ms(all_workers * 1000), mrate(all_workers, page_run_weeks), ratio(all_workers, page_run_weeks)),
    ]
    for key, label in (("repaint1k", "5 strategies × 1,000 runs (the default comparison)"), ("repaint10k", "5 strategies × 10,000 runs")):
        r = page[key]
        rows.append((f"page: input change → full repaint, {label}, median / P90 of {r['n']}", f"{ms(r['median'])} / {ms(r['p90'])}", "—", "—"))
    f = page["firstPaint1k"]
    rows.append((f"page: input change → first progressive paint, 5 strategies × 1,000 runs, median / P90 of {f['n']}", f"{ms(f['median'])} / {ms(f['p90'])}", "—", "—"))
    k = page["shownBefore"]
    rows.append((f"page: a scenario shown before (one of the {k['kept']} the pool keeps: an undo, a seed or slider set back) → full repaint, median / P90 of {k['n']}",
                 f"{ms(k['median'])} / {ms(k['p90'])}", "—", "—"))
    u = page["unticked"]
    rows.append((f"page: a strategy unticked after a full result (read off its runs, not simulated) → full repaint, 5 × 1,000 runs, median / P90 of {u['n']}",
                 f"{ms(u['median'])} / {ms(u['p90'])}", "—", "—"))
    whole = page["strategyEditedWhole"]
    for key, what in (("strategyAdded", "added"), ("strategyEdited", "edited (a field changed)")):
        a = page[key]
        rows.append((f"page: a strategy of one's own {what} beside the default comparison after a full result (simulated alone for the held runs) → full repaint, 6 × 1,000 runs, median / P90 of {a['n']}",
                     f"{ms(a['median'])} / {ms(a['p90'])}", "—", f"{whole['median'] / a['median']:.2f}× faster than the six simulated"))
    rows.append((f"page: the same edit with the held runs dropped (the six simulated, as every such edit was before 5 December, evening), median / P90 of {whole['n']}",
                 f"{ms(whole['median'])} / {ms(whole['p90'])}", "—", "—"))
    j = page["strategyThreshold"]
    rows.append((f"page: the threshold changed after that edit (judged again from the six the workers hold, the edited strategy adopted among them) → full repaint, median / P90 of {j['n']}",
                 f"{ms(j['median'])} / {ms(j['p90'])}", "—", "—"))
    r, rw = page["runsRaised"], page["runsRaisedWhole"]
    rows.append((f"page: runs raised from 1,000 to 2,000 (only the runs after the last result's simulated) → full repaint, 5 strategies, median / P90 of {r['n']}",
                 f"{ms(r['median'])} / {ms(r['p90'])}", "—", f"{rw['median'] / r['median']:.2f}× faster than all 2,000 simulated"))
    rows.append((f"page: the same raise with the last result forgotten (all 2,000 simulated), median / P90 of {rw['n']}",
                 f"{ms(rw['median'])} / {ms(rw['p90'])}", "—", "—"))
    g = page["seedTyped"]
    rows.append((f"page: a new seed typed into the field ({g['keys']} keys) → status `ready`, from the last key, median / P90 of {g['n']} (first paint: {ms(g['firstPaint']['median'])})",
                 f"{ms(g['median'])} / {ms(g['p90'])}", "—", "—"))
    g = page["sliderBurst"]
    rows.append((f"page: the threshold slider dragged ({g['inputs']} inputs) → status `ready`, from the last input, median / P90 of {g['n']} (first paint: {ms(g['firstPaint']['median'])}; the last job judged again from the runs the workers hold, not simulated, in {g.get('rejudged', 0)} of {g['n']})",
                 f"{ms(g['median'])} / {ms(g['p90'])}", "—", "—"))

    def phases(p):
        if not p:
            return "n/a"
        return ", ".join(f"{k} {v:,.0f}" if k == "chunks" else f"{k} {v:,.1f}" for k, v in p.items())
    prof = page["profile1k"]
    resolve = "n/a" if prof["resolve"] is None else f"{prof['resolve']:,.1f}"
    rows.append((f"page: where the full repaint's time went, 5 × 1,000 runs (medians, ms; resolve {resolve}; compute and prepare summed over workers)",
                 phases(prof["full"]), "—", "—"))
    rows.append(("page: where the first paint's time went, 5 × 1,000 runs (medians, ms)", phases(prof["estimate"]), "—", "—"))
    rows.append(("page: where the full repaint's time went, 5 × 10,000 runs (medians, ms)", phases(page["profile10k"]["full"]), "—", "—"))
    c = page["coldFirstChart"]
    rows.append((f"page: cold load (empty cache) → first chart, median of {c['n']} (full result: {ms(page['coldFullResult']['median'])})", ms(c["median"]), "—", "—"))
    for runs, native_weeks, node_weeks, native_rss, node_rss in memory:
        if native_weeks == node_weeks:
            label = f"peak memory, native all cores / wasm in Node, 5 strategies × {runs:,} runs × {native_weeks} weeks"
        else:
            label = (f"peak memory, native all cores (× {native_weeks} weeks) / wasm in Node (× {node_weeks} weeks, to keep one thread "
                     f"under a minute; at 1,000 runs × {node_weeks} weeks it peaks at {mib(node_small_52)}), 5 strategies × {runs:,} runs")
        rows.append((label, f"{mib(native_rss)} / {mib(node_rss)}", "—", "—"))
    rows.append((f"page: {len(page['page']['files'])} files loaded by index.html (HTML, JS, CSS, wasm, worker), gzipped (raw)",
                 f"{page['page']['gzip'] / 1024:,.1f} KiB ({page['page']['raw'] / 1024:,.0f} KiB)", "—", "—"))
    sw = os.path.join(DIST, "sw.js")
    if os.path.exists(sw):
        precache = sorted(set(re.findall(r'url:"([^"]+)"', open(sw, encoding="utf-8").read())))
        sizes = [gz(os.path.join(DIST, u)) for u in precache if os.path.exists(os.path.join(DIST, u))]
        rows.append((f"offline copy: the {len(sizes)} files the service worker caches once the first result is shown, gzipped (raw)",
                     f"{sum(s[1] for s in sizes) / 1024:,.1f} KiB ({sum(s[0] for s in sizes) / 1024:,.0f} KiB)", "—", "—"))
    embed = [os.path.join(DIST, "velocity-cliff.js"), os.path.join(DIST, "velocity-cliff.wasm")]
    if all(os.path.exists(p) for p in embed):
        sizes = [gz(p) for p in embed]
        value = f"{sum(s[1] for s in sizes) / 1024:,.1f} KiB ({sum(s[0] for s in sizes) / 1024:,.0f} KiB)"
    else:
        value = "not built"
    rows.append(("embed: dist/velocity-cliff.js + dist/velocity-cliff.wasm, gzipped (raw)", value, "—", "—"))
    extra = os.path.join(DIST, "velocity-cliff-extra.wasm")
    if os.path.exists(extra):
        raw, packed = gz(extra)
        rows.append(("embed, loaded on first use (sensitivity): dist/velocity-cliff-extra.wasm, gzipped (raw)", f"{packed / 1024:,.1f} KiB ({raw / 1024:,.0f} KiB)", "—", "—"))

    # --- the page's full tornado (www/bench/tornado.mjs; BENCHMARKS.md explains the row) ---
    log("the page's full tornado in headless Chromium (www/bench/tornado.mjs)")
    tornado_env = dict(os.environ, BENCH_TORNADO_REPEATS="1" if QUICK else "3")
    page_tornado = json.loads(subprocess.run(["node", "bench/tornado.mjs", "--json"], cwd=os.path.join(ROOT, "www"), env=tornado_env,
                                             check=True, stdout=subprocess.PIPE).stdout)
    rows.append((f"page: full tornado — 10 parameters × 2 ends, controlled-evolution vs feature-first, 1,000 runs, {page_tornado['workers']} workers; "
                 f"opening the section → first bars / complete report (targets 1 s / 5 s; median of {page_tornado['repeats']})",
                 f"{ms(page_tornado['firstBars'])} / {ms(page_tornado['complete'])}", "—", "—"))
    # --- end of the page's full tornado ---

    rows += workshop_rows()

    title = f"velocity-cliff benchmark — {time.strftime('%Y-%m-%d %H:%M %Z')}, {cpu_model()}, {cores} cores (nproc), {platform.system()} {platform.release()}"
    lines = [
        title + (" — QUICK smoke run, figures meaningless" if QUICK else ""),
        "",
        "| measurement | result | run-weeks/s | vs native 1 thread |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", f"Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"Chromium headless ({page['chromium']}); run took {time.time() - started:,.0f} s."]
    text = "\n".join(lines) + "\n"
    print(text)
    # A smoke run's figures mean nothing: they do not replace a real run's table.
    if not QUICK:
        with open(os.path.join(ROOT, "bench-results.md"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
