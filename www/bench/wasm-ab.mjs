// Builds of the core module alternated in the browser's own wasm engine:
// `simulate()` of the default scenario in a fresh Web Worker of headless
// Chromium, each build in turn, so a change to the simulation is judged
// where the page runs it. Node's V8 is years older than Chromium's, and the
// two do not always agree on what is faster.
//
//   node bench/wasm-ab.mjs [--rounds N] [--runs R] [--chunk C] [--json] PKG_A PKG_B [PKG_C ...]
//
// Each PKG is the output folder of a `wasm-pack build --target web` of the
// core (velocity_cliff.js and velocity_cliff_bg.wasm), for example:
//
//   RUSTFLAGS="-C target-feature=+simd128" wasm-pack build --target web --release \
//     --no-pack --out-dir /tmp/a --out-name velocity_cliff -- --no-default-features --features wasm-core
//
// Every round starts one worker per build, in turn, which compiles its
// module, calls `simulate` three times (R runs × 260 weeks, default 2,000
// runs) and reports the last call's time, once the engine's optimising tier
// has the simulation. Prints per build the median and the fastest of the
// rounds (default 7) and the ratio of the first build's median to its own
// (above 1: faster than the first). The same bytes are checked: every build
// must give the first one's result text.
//
// With --chunk C, what is timed is merging instead: the R runs are computed
// as partials of C runs each (`runChunk`, as the page's workers do) and the
// time is that of `Merger.add` of all of them (the page's main thread reads
// and merges every partial); the result text is `Merger.finish`'s. The time
// of the `runChunk` calls themselves (simulating and writing the partials)
// is printed beside it, so the cost of writing is seen against `simulate()`
// of the same runs.
//
// With --json, one build is enough, and the times of every round are printed
// as JSON (`{"runs", "chunk", "builds": [{"pkg", "ms": [...]}]}`) instead of
// the table: `make bench` (scripts/bench.py) times the core module's
// `simulate()` in a Chromium worker that way, beside the native CLI.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const args = process.argv.slice(2);
/** @param {string} flag @param {number} fallback */
function option(flag, fallback) {
  const i = args.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${flag} needs a whole number of at least 1, not ${args[i + 1]}`);
    process.exit(2);
  }
  args.splice(i, 2);
  return value;
}
const rounds = option('--rounds', 7);
const runs = option('--runs', 2000);
const chunk = option('--chunk', 0);
const asJson = args.includes('--json');
const pkgs = args.filter((a) => a !== '--json').map((d) => path.resolve(d));
if (pkgs.length < (asJson ? 1 : 2)) {
  console.error('usage: node bench/wasm-ab.mjs [--rounds N] [--runs R] [--chunk C] [--json] PKG_A PKG_B [PKG_C ...] (one PKG with --json)');
  process.exit(2);
}

// Each build under its own prefix; the page itself is this script's folder.
const mounts = Object.fromEntries(pkgs.map((d, k) => [`/build${k}/`, d]));
const server = await serve(path.dirname(new URL(import.meta.url).pathname), { mounts });
const browser = await chromium.launch(CHROMIUM);

/** The worker: compiles the build at `base`, simulates three times, reports the last time and the text. */
const workerSource = `self.onmessage = async (e) => {
  const { base, runs, chunk } = e.data;
  const core = await import(base + 'velocity_cliff.js');
  const bytes = await (await fetch(base + 'velocity_cliff_bg.wasm')).arrayBuffer();
  core.initSync({ module: new WebAssembly.Module(bytes) });
  const options = JSON.stringify({ runs, weeks: 260 });
  let ms = 0;
  let chunksMs = 0;
  let text = '';
  for (let i = 0; i < 3; i++) {
    if (chunk > 0) {
      const scenario = core.resolve('{}', options);
      const parts = [];
      const t0 = performance.now();
      for (let a = 0; a < runs; a += chunk) parts.push(core.runChunk(scenario, a, Math.min(runs, a + chunk)));
      chunksMs = performance.now() - t0;
      const merger = new core.Merger(scenario);
      const t = performance.now();
      for (const part of parts) merger.add(part);
      ms = performance.now() - t;
      text = merger.finish();
      merger.free();
    } else {
      const t = performance.now();
      text = core.simulate('{}', options);
      ms = performance.now() - t;
    }
  }
  self.postMessage({ ms, chunksMs, text });
};`;

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

try {
  const page = await browser.newPage();
  await page.goto(`${server.url}blank`); // a page of the server's origin (its 404)
  /** @type {number[][]} */
  const times = pkgs.map(() => []);
  /** With --chunk, the runChunk calls' times. @type {number[][]} */
  const chunkTimes = pkgs.map(() => []);
  let reference = '';
  for (let round = 0; round < rounds; round++) {
    for (const k of pkgs.keys()) {
      const out = await page.evaluate(
        async ({ source, base, runs, chunk }) => {
          const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
          const worker = new Worker(url, { type: 'module' });
          try {
            return await new Promise((resolve, reject) => {
              worker.onmessage = (e) => resolve(e.data);
              worker.onerror = (e) => reject(new Error(e.message));
              worker.postMessage({ base, runs, chunk });
            });
          } finally {
            worker.terminate();
            URL.revokeObjectURL(url);
          }
        },
        { source: workerSource, base: `${new URL(page.url()).origin}/build${k}/`, runs, chunk },
      );
      if (k === 0 && round === 0) reference = out.text;
      else if (out.text !== reference) throw new Error(`${pkgs[k]} gives another result than ${pkgs[0]}`);
      times[k].push(out.ms);
      chunkTimes[k].push(out.chunksMs);
    }
  }
  if (asJson) {
    console.log(JSON.stringify({ runs, chunk, builds: pkgs.map((pkg, k) => ({ pkg, ms: times[k] })) }));
  } else {
    report(times, chunkTimes);
  }
} finally {
  await browser.close();
  await server.close();
}

/**
 * Prints each build's median, fastest and ratio to the first (with --chunk,
 * also the median of its runChunk calls).
 * @param {number[][]} times
 * @param {number[][]} chunkTimes
 */
function report(times, chunkTimes) {
  const base = median(times[0]);
  const what = chunk > 0 ? `Merger.add of ${Math.ceil(runs / chunk)} partials of ${chunk} runs` : 'simulate()';
  console.log(`${what}: ${runs} runs × 260 weeks of the default scenario, one Chromium worker, ${rounds} rounds alternated`);
  for (const [k, d] of pkgs.entries()) {
    const m = median(times[k]);
    const made = chunk > 0 ? `; runChunk of them: median ${median(chunkTimes[k]).toFixed(0)} ms` : '';
    console.log(`  ${d}: median ${m.toFixed(1)} ms, fastest ${Math.min(...times[k]).toFixed(1)} ms, ratio ${(base / m).toFixed(3)}${made}`);
  }
}
