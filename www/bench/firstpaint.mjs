// The first progressive paint of builds of the site, alternated: input →
// first estimate painted, phase by phase, for a change of seed on the
// default comparison, so a change to the page's first paint is judged
// against the build before it in one sitting on a noisy machine.
//
//   node bench/firstpaint.mjs DIST [DIST_B ...]
//
// Each build is opened once (after its first full result); then, N times
// (env N, default 20, after 3 not counted), each build in turn takes a new
// seed through `setInput` and is waited on until its full result. Prints per
// build the medians of: input → first paint (`first`), → the job's start
// (`start`), → the full result (`full`), the estimate's runs, and the
// estimate's phases (see BENCHMARKS.md, "where the time went"), and the full
// result's `merge`, `finish`, `parse` and `paint` on the main thread and its
// `compute` summed over the workers. After each change the page is left
// SETTLE ms (default 300) before the next build's input, as a user's page is
// between two changes. Q appends a query string to the page's address
// (`Q='?workers=1'`); RUNS sets the runs of every change (`RUNS=10000`: a
// job long enough to merge every chunk; default: the page's own).
//
// With TRACE=FILE, five more changes of the first build are recorded with
// Chromium's tracing into FILE, and every thread's tasks (the page's main
// thread, the workers, the compositor, raster and compile threads) are summed
// over the time between an input and its first paint, per change: on a
// machine with few cores, what the first estimate's worker shares them with.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';
import { quantile } from './page.mjs';

const dists = process.argv.slice(2).map((d) => path.resolve(d));
if (!dists.length) {
  console.error('usage: node bench/firstpaint.mjs DIST [DIST_B ...]');
  process.exit(2);
}
const N = Number(process.env.N || 20);
/** Milliseconds each page waits after its full result, so one build's idle work does not fall in the other's change. */
const SETTLE = Number(process.env.SETTLE ?? 300);
/** The runs of every change, or 0 for the page's default. */
const RUNS = Number(process.env.RUNS || 0);
const servers = await Promise.all(dists.map((d) => serve(d)));
const browser = await chromium.launch(CHROMIUM);
try {
  const pages = [];
  for (const s of servers) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(s.url + (process.env.Q || ''));
    await page.waitForFunction(() => {
      const vc = window.velocityCliff;
      const t = vc && vc.timings[vc.generation];
      return t && t.full !== null;
    }, null, { timeout: 120_000 });
    pages.push(page);
  }
  const rows = pages.map(() => []);
  for (let i = 0; i < N + 3; i++) {
    for (const [k, page] of pages.entries()) {
      const t = await page.evaluate(async ([seed, settle, runs]) => {
        const vc = window.velocityCliff;
        vc.setInput(runs ? { seed, runs } : { seed });
        await new Promise((done) => {
          const poll = () => {
            const t = vc.timings[vc.generation];
            if (t && t.full !== null && t.estimate !== null) done();
            else setTimeout(poll, 5);
          };
          poll();
        });
        const t = vc.timings[vc.generation];
        // The page settles (charts out of view drawn when it is idle, the
        // address written) before the next build's input.
        await new Promise((done) => setTimeout(done, settle));
        return t;
      }, [String(7000 + i), SETTLE, RUNS]);
      if (i >= 3) {
        const f = t.fullProfile;
        rows[k].push({ first: t.estimate - t.input, start: t.start - t.input, full: t.full - t.input, runs: t.estimateRuns, ...t.estimateProfile, fullMerge: f.merge, fullCompute: f.compute, fullFinish: f.finish, fullParse: f.parse, fullPaint: f.paint });
      }
    }
  }
  for (const [k, r] of rows.entries()) {
    const keys = Object.keys(r[0]);
    console.log(`${dists[k]}: ${keys.map((key) => `${key} ${quantile(r.map((x) => x[key]), 0.5).toFixed(1)}`).join(', ')}`);
  }
  if (process.env.TRACE) await traced(pages[0], process.env.TRACE);
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}

/**
 * Five changes of `page` traced into `file`; prints the milliseconds each
 * thread's tasks took between an input and its first paint, per change.
 * @param {import('playwright-core').Page} page
 * @param {string} file
 */
async function traced(page, file) {
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'toplevel', 'cc', 'viz', 'blink.user_timing'];
  await browser.startTracing(page, { path: file, categories });
  const timings = [];
  for (let i = 0; i < 5; i++) {
    timings.push(
      await page.evaluate(async (seed) => {
        const vc = window.velocityCliff;
        performance.mark('input');
        vc.setInput({ seed });
        await new Promise((done) => {
          const poll = () => (vc.timings[vc.generation]?.full != null ? done() : setTimeout(poll, 5));
          poll();
        });
        return vc.timings[vc.generation];
      }, String(9000 + i)),
    );
  }
  await browser.stopTracing();
  const events = JSON.parse(fs.readFileSync(file, 'utf8')).traceEvents;
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  const inputs = events.filter((e) => e.name === 'input').map((e) => e.ts).sort((a, b) => a - b);
  // Top-level tasks only, so nested events are not counted twice.
  const top = new Set(['ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'TaskGraphRunner::RunTask', 'wasm.TopTierCompilation']);
  const sums = new Map();
  inputs.forEach((ts, k) => {
    const end = ts + (timings[k].estimate - timings[k].input) * 1000;
    for (const e of events) {
      if (e.ph !== 'X' || !e.dur || !top.has(e.name)) continue;
      const within = Math.min(e.ts + e.dur, end) - Math.max(e.ts, ts);
      if (within <= 0) continue;
      const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid}: ${e.name}`;
      sums.set(key, (sums.get(key) ?? 0) + within / 1000 / inputs.length);
    }
  });
  console.log(`trace of ${inputs.length} changes: ${file}; per change, tasks between the input and the first paint (${timings.map((t) => (t.estimate - t.input).toFixed(0)).join(', ')} ms):`);
  for (const [key, ms] of [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
}
