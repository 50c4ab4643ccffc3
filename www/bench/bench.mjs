// Benchmarks the built page (dist/, or BENCH_DIST) in headless Chromium:
// input-to-repaint latency (median and P90 of 20 changes) at 5 × 1,000 and
// 5 × 10,000 runs, with the time to the first progressive paint and where the
// time went (the page's per-phase profile); a new seed typed into the seed
// field key by key, and the threshold slider dragged (a burst of inputs), each
// until the status reads `ready`; time from a cold page load to the first
// chart, wasm throughput with one worker and with all workers, and the
// gzipped size of everything the page loads and of the embed. `node bench/bench.mjs --json` prints the figures as JSON for
// scripts/bench.py (`make bench`), which puts them in one table beside the
// native and Node figures; without `--json` it prints its own table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';
import { quantile, typeSeed, dragSlider } from './page.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.env.BENCH_DIST || path.resolve(here, '../../dist'));
const asJson = process.argv.includes('--json');
const CHANGES = Number(process.env.BENCH_CHANGES || 20);
/** Changes measured at 10,000 runs (each takes seconds). */
const BIG_CHANGES = Number(process.env.BENCH_BIG_CHANGES || CHANGES);
const COLD_LOADS = Number(process.env.BENCH_COLD_LOADS || 11);
/** Seeds typed and slider drags measured. */
const GESTURES = Number(process.env.BENCH_GESTURES || 10);
/** Changes measured at 10,000 runs with one worker: the page's own speed on one core, against the CLI's. */
const ONE_WORKER_CHANGES = Math.min(9, BIG_CHANGES);
const STRATEGIES = 5;
const WEEKS = 260;
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` (or `make build`) first');
  process.exit(1);
}

const stats = (xs) => ({ median: quantile(xs, 0.5), p90: quantile(xs, 0.9), n: xs.length, samples: xs });

async function waitFull(page) {
  await page.waitForFunction(
    () => {
      const vc = window.velocityCliff;
      const t = vc && vc.timings[vc.generation];
      return t && t.full !== null && document.querySelector('[data-testid=status]').textContent === 'ready';
    },
    null,
    { timeout: 300_000 },
  );
}

/** Opens the page in a fresh context (empty cache) and waits for its first full result. */
async function open(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const loaded = new Set();
  const cached = new Set();
  // The service worker's precache (the offline copy, fetched after the page is up) is not the page's load.
  context.on('request', (r) => (r.serviceWorker() ? cached : loaded).add(new URL(r.url()).pathname));
  await page.goto(url);
  await waitFull(page);
  return { page, context, loaded, cached };
}

/** Applies one input change and returns its timing record (performance.now() times). */
async function change(page, patch) {
  await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
  await waitFull(page);
  return page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
}

/** Medians of each phase of the profiles that have them. */
function phaseMedians(profiles) {
  const have = profiles.filter(Boolean);
  if (!have.length) return null;
  const out = {};
  for (const key of Object.keys(have[0])) out[key] = quantile(have.map((p) => p[key]), 0.5);
  return out;
}

const server = await serve(dist);
const browser = await chromium.launch(CHROMIUM);
const out = { changes: CHANGES, bigChanges: BIG_CHANGES, coldLoads: COLD_LOADS, strategies: STRATEGIES, weeks: WEEKS };
try {
  // Cold loads: a new context each time, so nothing is cached; times are from
  // the start of navigation (performance.now() = 0) to the paints.
  const firstChart = [];
  const firstFull = [];
  let loaded = new Set();
  let cached = new Set();
  for (let i = 0; i < COLD_LOADS; i++) {
    const cold = await open(browser, server.url);
    const t = await cold.page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
    firstChart.push(t.estimate ?? t.full);
    firstFull.push(t.full);
    loaded = cold.loaded;
    cached = cold.cached;
    await cold.context.close();
  }
  out.coldFirstChart = stats(firstChart);
  out.coldFullResult = stats(firstFull);

  const { page, context } = await open(browser, server.url);
  out.workers = await page.evaluate(() => window.velocityCliff.workers);
  for (let i = 0; i < 3; i++) await change(page, { seed: String(500 + i) }); // warm-up
  const repaint = [];
  const firstPaint = [];
  const profiles = [];
  const estimateProfiles = [];
  const resolve = [];
  for (let i = 0; i < CHANGES; i++) {
    const t = await change(page, { seed: String(1000 + i) });
    repaint.push(t.full - t.input);
    firstPaint.push((t.estimate ?? t.full) - t.input);
    profiles.push(t.fullProfile);
    estimateProfiles.push(t.estimateProfile);
    resolve.push(t.resolveMs ?? null);
  }
  out.repaint1k = { runs: 1000, ...stats(repaint) };
  out.firstPaint1k = { runs: 1000, ...stats(firstPaint) };
  out.profile1k = { resolve: resolve.every((x) => x !== null) ? quantile(resolve, 0.5) : null, full: phaseMedians(profiles), estimate: phaseMedians(estimateProfiles) };

  // A scenario simulated before (an undo, the back button, a slider moved
  // back): the pool keeps the last RESULTS_KEPT full results, so these are
  // shown without simulating. The seeds of the last changes above, in turn.
  // (Not the last one, which is on screen: setting it again changes nothing.)
  const kept = Math.min(await page.evaluate(() => window.velocityCliff.pool.kept.size), CHANGES);
  if (kept < 3) throw new Error(`the pool kept ${kept} results`);
  const again = [];
  for (let i = 0; i < CHANGES; i++) {
    const seed = String(1000 + CHANGES - 2 - (i % (kept - 1)));
    const t = await change(page, { seed });
    if (!t.kept) throw new Error(`seed ${seed} was simulated again, not kept`);
    again.push(t.full - t.input);
  }
  out.shownBefore = { kept, ...stats(again) };

  // A strategy unticked after a full result: read off that result's runs
  // (the pool keeps the last finished job's merger), not simulated. Each
  // time after a new seed with every strategy ticked, a different one off.
  const every = await page.evaluate(() => window.velocityCliff.input.strategies);
  const unticked = [];
  for (let i = 0; i < CHANGES; i++) {
    await change(page, { seed: String(3000 + i), strategies: every });
    const off = every[i % every.length];
    const t = await change(page, { strategies: every.filter((s) => s !== off) });
    if (!t.kept) throw new Error(`unticking ${JSON.stringify(off)} was simulated, not read off the runs`);
    unticked.push(t.full - t.input);
  }
  out.unticked = stats(unticked);

  // A strategy of one's own added beside the default comparison, then one of
  // its fields edited (what the strategy editor sends): each simulates that
  // strategy alone for the runs the workers hold of the last simulated job
  // (`extended`), not the six, and the workers then hold the six (`adopt`):
  // the threshold changed after the edit is judged again from them. Each
  // time after a new seed (simulated, held).
  const added = [];
  const edited = [];
  const judgedAfter = [];
  const whole = [];
  for (let i = 0; i < CHANGES; i++) {
    await change(page, { seed: String(5000 + i), strategies: every });
    const mine = (share) => ({ id: 'mine', label: 'Mine', base: 'feature-first', refactor_share: share });
    const a = await change(page, { strategies: [...every, mine(0.1)] });
    const e = await change(page, { strategies: [...every, mine(0.1 + 0.01 * (1 + (i % 9)))] });
    for (const [t, what] of [[a, 'added'], [e, 'edited']]) {
      if (!t.extended) throw new Error(`a strategy ${what} was simulated with the others, not alone`);
    }
    added.push(a.full - a.input);
    edited.push(e.full - e.input);
    const j = await change(page, { threshold: i % 2 ? 0.45 : 0.55 });
    if (!j.rejudged || j.extended) throw new Error('a threshold after an edit was not judged again from the runs held');
    judgedAfter.push(j.full - j.input);
    await change(page, { threshold: 0.5 });
    // The same edit with the held runs dropped: the six simulated, as every such edit was before.
    await page.evaluate(() => window.velocityCliff.pool.dropHeld());
    const w = await change(page, { strategies: [...every, mine(0.2 + 0.01 * (1 + (i % 9)))] });
    if (w.extended || w.kept) throw new Error('an edit without held runs was not simulated');
    whole.push(w.full - w.input);
  }
  out.strategyAdded = stats(added);
  out.strategyEdited = stats(edited);
  out.strategyThreshold = stats(judgedAfter);
  out.strategyEditedWhole = stats(whole);
  await change(page, { strategies: every });

  // The runs raised from 1,000 to 2,000, nothing else changed: only the
  // runs after the last result's simulated (`grown`), against the same
  // raise with the last result forgotten (all 2,000 simulated).
  const RAISES = Math.max(1, Math.round(CHANGES / 2));
  const raised = [];
  const raisedWhole = [];
  for (let i = 0; i < RAISES; i++) {
    await change(page, { seed: String(6000 + i), runs: 1000 });
    const g = await change(page, { runs: 2000 });
    if (!g.grown) throw new Error('raised runs were simulated whole');
    raised.push(g.full - g.input);
    await change(page, { seed: String(6500 + i), runs: 1000 });
    await page.evaluate(() => window.velocityCliff.pool.forget());
    const w = await change(page, { runs: 2000 });
    if (w.grown || w.kept) throw new Error('raised runs after forget() were not simulated whole');
    raisedWhole.push(w.full - w.input);
  }
  out.runsRaised = stats(raised);
  out.runsRaisedWhole = stats(raisedWhole);
  await change(page, { runs: 1000 });

  // As a user causes it: a new seed typed key by key, then the threshold slider dragged.
  // Each gesture from a pool that keeps no results: the jobs of a typed seed are all simulated;
  // a drag's are judged again from the runs the workers hold of the last simulated job (the
  // last typed seed's), as after any result of the default comparison's size.
  const forget = () => page.evaluate(() => window.velocityCliff.pool.forget());
  const typed = [];
  for (let i = 0; i < GESTURES; i++) {
    await forget();
    typed.push(await typeSeed(page, String(40_000 + 7 * i)));
  }
  out.seedTyped = { keys: 5, ...stats(typed.map((g) => g.ready)), firstPaint: stats(typed.map((g) => g.firstPaint)) };
  const dragged = [];
  for (let i = 0; i < GESTURES; i++) {
    await forget();
    dragged.push(await dragSlider(page, i % 2 ? 0.9 : 0.1, i % 2 ? 0.1 : 0.9, 20));
  }
  out.sliderBurst = { inputs: quantile(dragged.map((g) => g.inputs), 0.5), rejudged: dragged.filter((g) => g.rejudged).length, ...stats(dragged.map((g) => g.ready)), firstPaint: stats(dragged.map((g) => g.firstPaint)) };
  await change(page, { threshold: 0.5, seed: '1998' });
  await change(page, { seed: '1999', runs: 10_000 }); // warm-up at the new size
  // The same page with one worker, its changes alternated with the first
  // ONE_WORKER_CHANGES of the page with every worker, so that the two
  // compare under the same load (each page idles while the other computes).
  const single = await open(browser, `${server.url}?workers=1`);
  await change(single.page, { seed: '2999', runs: 10_000 });
  const big = [];
  const bigProfiles = [];
  const one = [];
  for (let i = 0; i < BIG_CHANGES; i++) {
    const t = await change(page, { seed: String(2000 + i), runs: 10_000 });
    big.push(t.full - t.input);
    bigProfiles.push(t.fullProfile);
    if (i < ONE_WORKER_CHANGES) {
      const u = await change(single.page, { seed: String(3000 + i), runs: 10_000 });
      one.push(u.full - u.input);
    }
  }
  await single.context.close();
  out.repaint10k = { runs: 10_000, ...stats(big) };
  out.profile10k = { full: phaseMedians(bigProfiles) };
  // Throughput with every worker: the same 10,000-run changes, input to full result.
  out.allWorkers = { workers: out.workers, runs: 10_000, ms: out.repaint10k.median };
  // With one worker: the changes alternated with the first of those; and
  // the page with every worker over the same rounds alone, for their ratio.
  out.oneWorker = { workers: 1, runs: 10_000, ms: quantile(one, 0.5), samples: one, allWorkersMs: quantile(big.slice(0, one.length), 0.5) };
  await context.close();

  // What the page loaded (requests of the page and its workers), as served from dist/.
  const sizes = (pathnames) => {
    let gzip = 0;
    let raw = 0;
    const files = [];
    for (const pathname of [...pathnames].sort()) {
      const file = path.join(dist, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
      if (!file.startsWith(dist) || !fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      raw += bytes.length;
      gzip += zlib.gzipSync(bytes, { level: 9 }).length;
      files.push(path.relative(dist, file));
    }
    return { files, raw, gzip };
  };
  out.page = sizes(loaded);
  out.offline = sizes(cached);
  out.embed = sizes(['/velocity-cliff.js', '/velocity-cliff.wasm']);
  out.embedExtra = sizes(['/velocity-cliff-extra.wasm']);
} finally {
  await browser.close();
  await server.close();
}
out.cores = os.cpus().length;
out.chromium = CHROMIUM.executablePath;

const runWeeks = (runs) => STRATEGIES * runs * WEEKS;
if (asJson) {
  console.log(JSON.stringify(out));
} else {
  const ms = (x) => `${x.toFixed(1)} ms`;
  const rows = [
    [`input → full repaint, 5 × 1,000 runs × 260 weeks (median / P90 of ${CHANGES})`, `${ms(out.repaint1k.median)} / ${ms(out.repaint1k.p90)}`],
    [`input → first progressive paint, 5 × 1,000 runs (median / P90 of ${CHANGES})`, `${ms(out.firstPaint1k.median)} / ${ms(out.firstPaint1k.p90)}`],
    [`input → full repaint, 5 × 10,000 runs × 260 weeks (median / P90 of ${BIG_CHANGES})`, `${ms(out.repaint10k.median)} / ${ms(out.repaint10k.p90)}`],
    [`a scenario shown before (one of the ${out.shownBefore.kept} kept) → full repaint (median / P90 of ${CHANGES})`, `${ms(out.shownBefore.median)} / ${ms(out.shownBefore.p90)}`],
    [`a strategy unticked → full repaint, read off the runs (median / P90 of ${CHANGES})`, `${ms(out.unticked.median)} / ${ms(out.unticked.p90)}`],
    [`a strategy added, then edited, beside the default comparison → full repaint, simulated alone (median / P90 of ${CHANGES})`, `${ms(out.strategyAdded.median)} / ${ms(out.strategyAdded.p90)}, ${ms(out.strategyEdited.median)} / ${ms(out.strategyEdited.p90)}; the six simulated ${ms(out.strategyEditedWhole.median)} / ${ms(out.strategyEditedWhole.p90)}`],
    [`the threshold changed after that edit → full repaint, judged again from the six held (median / P90 of ${CHANGES})`, `${ms(out.strategyThreshold.median)} / ${ms(out.strategyThreshold.p90)}`],
    [`runs raised 1,000 → 2,000 → full repaint, the runs after the last result's simulated (median / P90 of ${out.runsRaised.n}; all 2,000 simulated)`, `${ms(out.runsRaised.median)} / ${ms(out.runsRaised.p90)} (${ms(out.runsRaisedWhole.median)} / ${ms(out.runsRaisedWhole.p90)})`],
    [`seed typed (5 keys) → ready, from the last key (median / P90 of ${GESTURES}; first paint)`, `${ms(out.seedTyped.median)} / ${ms(out.seedTyped.p90)} (${ms(out.seedTyped.firstPaint.median)})`],
    [`threshold slider dragged (${out.sliderBurst.inputs} inputs) → ready, from the last input (median / P90 of ${GESTURES}; first paint; judged again in ${out.sliderBurst.rejudged})`, `${ms(out.sliderBurst.median)} / ${ms(out.sliderBurst.p90)} (${ms(out.sliderBurst.firstPaint.median)})`],
    [`cold load → first chart (median of ${COLD_LOADS})`, ms(out.coldFirstChart.median)],
    ['wasm, 1 worker, run-weeks/s', `${(runWeeks(10_000) / out.oneWorker.ms / 1e3).toFixed(2)} M/s`],
    [`wasm, ${out.workers} workers, run-weeks/s`, `${(runWeeks(10_000) / out.allWorkers.ms / 1e3).toFixed(2)} M/s`],
    [`page, ${out.page.files.length} files, gzipped (raw)`, `${(out.page.gzip / 1024).toFixed(1)} KiB (${(out.page.raw / 1024).toFixed(0)} KiB)`],
    ['embed: velocity-cliff.js + velocity-cliff.wasm, gzipped (raw)', `${(out.embed.gzip / 1024).toFixed(1)} KiB (${(out.embed.raw / 1024).toFixed(0)} KiB)`],
  ];
  const phases = (p) => (p ? Object.entries(p).map(([k, v]) => `${k} ${k === 'chunks' ? v : v.toFixed(1)}`).join(', ') : 'n/a');
  rows.push([`profile of the full repaint, 5 × 1,000 runs (medians, ms; resolve ${out.profile1k.resolve?.toFixed(1) ?? 'n/a'})`, phases(out.profile1k.full)]);
  rows.push(['profile of the first paint, 5 × 1,000 runs (medians, ms)', phases(out.profile1k.estimate)]);
  rows.push(['profile of the full repaint, 5 × 10,000 runs (medians, ms)', phases(out.profile10k.full)]);
  console.log('| measure | result |');
  console.log('| --- | ---: |');
  for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
}
