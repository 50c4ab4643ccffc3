// Load tests of the built app (dist/) in headless Chromium: a million runs
// complete with bounded memory; a million runs of the default comparison show
// a first estimate and then progress (runs done, runs/s, time left) at once,
// and cancelling them mid-run works; a burst of 100 changes in one second ends
// showing the last input's result. Every wait is for a state (an estimate of
// this generation painted, a progress event, a status kind), never for the
// machine to be fast enough.
//
// The memory test runs a million runs of one strategy over 26 weeks; `make stress`
// (STRESS=1) runs a million runs of all five strategies over the default 260
// weeks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { useBrowser, ready, cli, asF32 } from './harness.mjs';

const STRESS = process.env.STRESS === '1';

const env = useBrowser();

/** Resident memory of the browser (this process's children) and all their descendants, in MiB. */
function browserRss() {
  const root = process.pid;
  const children = new Map();
  for (const dir of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(dir));
    } catch {
      // the process ended meanwhile
    }
  }
  let kib = 0;
  const stack = [...(children.get(root) || [])];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch {
      // ended
    }
    stack.push(...(children.get(pid) || []));
  }
  return kib / 1024;
}

async function open() {
  const page = await env.browser.newPage({ viewport: { width: 1300, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('crash', () => errors.push('the tab crashed'));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(env.server.url);
  await ready(page);
  return { page, errors };
}

/** Runs a scenario in the page while sampling memory; returns the peak RSS and the time. */
async function measured(page, patch, timeout) {
  let peak = browserRss();
  const timer = setInterval(() => (peak = Math.max(peak, browserRss())), 250);
  const t0 = performance.now();
  await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
  await ready(page, timeout);
  clearInterval(timer);
  peak = Math.max(peak, browserRss());
  return { peak, ms: performance.now() - t0 };
}

test('a million runs complete with memory bounded by the horizon, not the run count', { timeout: 30 * 60_000 }, async (t) => {
  const { page, errors } = await open();
  const shape = STRESS ? { weeks: 260 } : { weeks: 26, strategies: ['controlled-evolution'] };
  const small = await measured(page, { ...shape, runs: 10_000, seed: '3' }, 10 * 60_000);
  const big = await measured(page, { ...shape, runs: 1_000_000, seed: '3' }, 30 * 60_000);
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(result.runs, 1_000_000);
  const survival = result.strategies[0].collapse.survival;
  assert.ok(survival.every((s) => s >= 0 && s <= 1));
  t.diagnostic(
    `load: 10,000 runs ${Math.round(small.ms)} ms, peak ${small.peak.toFixed(0)} MiB; ` +
      `1,000,000 runs ${Math.round(big.ms)} ms, peak ${big.peak.toFixed(0)} MiB (ratio ${(big.peak / small.peak).toFixed(2)}; ${STRESS ? 'five strategies × 260 weeks' : 'one strategy × 26 weeks'})`,
  );
  assert.ok(big.peak < small.peak * 1.5 + 64, `memory bounded: ${big.peak.toFixed(0)} MiB at 1,000,000 runs vs ${small.peak.toFixed(0)} MiB at 10,000`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a million runs: a first estimate at once, progress while running, and cancelling mid-way shows the new input and stops the old work', async (t) => {
  const { page, errors } = await open();
  const status = () => page.evaluate(() => ({ .../** @type {HTMLElement} */ (document.querySelector('[data-testid=status]')).dataset, text: /** @type {HTMLElement} */ (document.querySelector('[data-testid=status]')).textContent }));
  const gen = await page.evaluate(() => window.velocityCliff.setInput({ runs: 1_000_000 }));

  // A first estimate is painted while the job runs; it is the first N runs, so the CLI gives its numbers
  // (the first comes as text and f32 columns, a later one as text: both are compared at the columns' f32).
  await page.waitForFunction((g) => window.velocityCliff.timings[g].estimate !== null && window.velocityCliff.generation === g, gen);
  const estimate = await page.evaluate(() => window.velocityCliff.lastEstimate);
  const shown = estimate.runs;
  assert.ok(shown >= 20 && shown < 1_000_000, `an estimate from ${shown} runs`);
  const fromCli = JSON.parse(execFileSync(cli, ['simulate', '--runs', String(shown)]).toString());
  assert.deepEqual(asF32(estimate), asF32(fromCli), `the estimate is \`simulate --runs ${shown}\``);

  // Progress: runs done, runs per second and time left, and it moves on.
  await page.waitForFunction((g) => {
    const p = window.velocityCliff.progress;
    const s = /** @type {HTMLElement} */ (document.querySelector('[data-testid=status]'));
    return p && p.generation === g && p.done > 0 && p.runsPerSecond > 0 && s.dataset.kind === 'running' && s.dataset.generation === String(g);
  }, gen);
  const line = await status();
  assert.match(line.text, /^running [\d,]+ \/ 1,000,000 runs · [\d,]+ runs\/s · (about .+|under a second) left · estimate from [\d,]+ runs shown$/);
  const before = await page.evaluate(() => window.velocityCliff.progress.done);
  await page.waitForFunction(([g, d]) => window.velocityCliff.progress.generation === g && window.velocityCliff.progress.done > d, [gen, before]);
  const timing = await page.evaluate((g) => window.velocityCliff.timings[g], gen);
  const rate = await page.evaluate(() => window.velocityCliff.progress.runsPerSecond);
  t.diagnostic(
    `1,000,000 runs (5 strategies × 260 weeks): estimate from ${timing.estimateRuns} runs painted ${Math.round(timing.estimate - timing.input)} ms after the input, ` +
      `first progress line with a rate ${Math.round(timing.progress - timing.input)} ms after; ${Math.round(rate)} runs/s; status: "${line.text}"`,
  );

  // Cancel mid-way: the new input's result, and nothing of the old job afterwards.
  const done = await page.evaluate(() => window.velocityCliff.progress.done);
  assert.ok(done < 1_000_000, 'cancelled mid-way');
  const next = await page.evaluate(() => window.velocityCliff.setInput({ runs: 200, seed: '11' }));
  assert.equal(next, gen + 1);
  await ready(page);
  const after = await page.evaluate(() => ({ gen: window.velocityCliff.generation, json: window.velocityCliff.lastResultJson, fullPaints: window.velocityCliff.fullPaints }));
  assert.equal(after.gen, next);
  assert.equal(after.json, execFileSync(cli, ['simulate', '--runs', '200', '--seed', '11']).toString().trim());
  // The million-run job is gone: nothing queued, and once the chunks in flight are back, nothing changed.
  assert.equal(await page.evaluate(() => window.velocityCliff.pool.job), null);
  await page.waitForFunction(() => !window.velocityCliff.pool.busy);
  assert.deepEqual(await status(), { testid: 'status', kind: 'ready', generation: String(next), text: 'ready' });
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), after.json);
  assert.equal(await page.evaluate(() => window.velocityCliff.fullPaints), after.fullPaints);
  assert.deepEqual(errors, []);
  await page.close();
});

test('100 changes in one second end showing the last input’s result', async () => {
  const { page, errors } = await open();
  await page.evaluate(async () => {
    const seed = /** @type {HTMLInputElement} */ (document.getElementById('seed'));
    for (let i = 1; i <= 100; i++) {
      seed.value = String(1000 + i);
      seed.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  await ready(page);
  const shown = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, url: location.href }));
  assert.equal(JSON.parse(shown.json).seed, 1100);
  const fromCli = execFileSync(cli, ['simulate', '--seed', '1100']).toString().trim();
  assert.equal(shown.json, fromCli, 'the last input’s numbers, byte for byte');
  assert.equal(await page.inputValue('#seed'), '1100');
  assert.deepEqual(errors, []);
  await page.close();
});
