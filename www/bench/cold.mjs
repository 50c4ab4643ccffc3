// Cold loads of the built page, phase by phase: where the time to the first
// chart goes, and whether a change to the site moves it.
//
//   node bench/cold.mjs [DIST] [DIST_B] [LOADS]
//
// One build (default ../dist): LOADS cold loads (default 8, after one that
// is not counted), each in a new browser context (empty cache), medians of
// the page's own timings from the start of navigation: the first job's
// input (the page's start-up done), the first chart painted (the estimate),
// the full result, and the estimate's and the full result's phases (see
// BENCHMARKS.md, "where the time went"). Two builds: their loads alternate,
// one row each, so a change is judged against the build before it in one
// sitting on a noisy machine.
//
// With TRACE=FILE, one more cold load of the first build is recorded with
// Chromium's tracing into FILE (open it in chrome://tracing or Perfetto) and
// summed by thread: the main thread's script, style and layout; the wasm
// engine's lazy compilations, memory growth and optimising compilations
// (these run on background threads); the workers' message handling.
import path from 'node:path';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const args = process.argv.slice(2);
const loads = args.length && /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 8;
const dists = (args.length ? args : ['../dist']).map((d) => path.resolve(d));
const servers = await Promise.all(dists.map((d) => serve(d)));
const browser = await chromium.launch(CHROMIUM);

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

/** One cold load of `url`: the first job's timing record, once its full result is painted. */
async function coldLoad(url, trace = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (trace) {
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'loading'];
    await browser.startTracing(page, { path: trace, categories });
  }
  await page.goto(url);
  await page.waitForFunction(() => window.velocityCliff?.timings?.[window.velocityCliff.generation]?.full != null, null, { timeout: 120_000 });
  const t = await page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
  if (trace) await browser.stopTracing();
  await context.close();
  return t;
}

try {
  /** @type {any[][]} */
  const rows = dists.map(() => []);
  for (let i = 0; i <= loads; i++) {
    for (const [k, server] of servers.entries()) {
      const t = await coldLoad(server.url);
      if (i > 0) rows[k].push(t);
    }
  }
  const phases = ['compute', 'finish', 'parse', 'paint'];
  for (const [k, runs] of rows.entries()) {
    const at = (/** @type {string} */ key) => median(runs.map((t) => t[key])).toFixed(0);
    const of = (/** @type {string} */ profile) => phases.map((p) => `${p} ${median(runs.map((t) => t[profile][p])).toFixed(1)}`).join(', ');
    console.log(`${dists[k]} (median of ${runs.length}): start-up done ${at('input')} ms, first chart ${at('estimate')} ms, full result ${at('full')} ms`);
    console.log(`  estimate: ${of('estimateProfile')}`);
    console.log(`  full:     ${of('fullProfile')}`);
  }
  if (process.env.TRACE) {
    await coldLoad(servers[0].url, process.env.TRACE);
    summarise(process.env.TRACE);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}

/**
 * Sums a trace's events of interest by thread: count and milliseconds.
 * @param {string} file
 */
function summarise(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  /** @type {any[]} */
  const events = Array.isArray(data) ? data : data.traceEvents;
  /** @type {Map<string, string>} */
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, `${e.args.name} ${e.tid}`);
  const wanted = /^(wasm\.(CompileLazy|GrowMemory|TopTierCompilation|SyncInstantiate)|v8\.(evaluateModule|wasm\.compileConsume)|EvaluateScript|Layout|UpdateLayoutTree|Paint|HandlePostMessage)$/;
  /** @type {Map<string, {n: number, ms: number}>} */
  const sums = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !wanted.test(e.name)) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid}  ${e.name}`;
    const s = sums.get(key) ?? { n: 0, ms: 0 };
    s.n += 1;
    s.ms += e.dur / 1000;
    sums.set(key, s);
  }
  console.log(`trace of one more cold load: ${file}`);
  for (const [key, s] of [...sums].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${s.ms.toFixed(1).padStart(8)} ms ${String(s.n).padStart(4)}×  ${key}`);
}
