// Load tests of the built app (dist/) in headless Chromium: a million runs
// complete with bounded memory, cancelling mid-run works, and a burst of 100
// changes in one second ends showing the last input's result.
//
// `npm test` runs a million runs of one strategy over 26 weeks; `make stress`
// (STRESS=1) runs a million runs of all five strategies over the default 260
// weeks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { useBrowser, ready, cli } from './harness.mjs';

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

test('cancelling a long run mid-way shows the new input and stops the old work', async () => {
  const { page, errors } = await open();
  await page.evaluate(() => window.velocityCliff.setInput({ runs: 1_000_000 }));
  await page.waitForFunction(() => /running [\d,]+ \/ 1,000,000 runs/.test(document.querySelector('[data-testid=status]').textContent));
  const started = await page.evaluate(() => window.velocityCliff.generation);
  await page.evaluate(() => window.velocityCliff.setInput({ runs: 200, seed: '11' }));
  await ready(page);
  const after = await page.evaluate(() => ({ gen: window.velocityCliff.generation, runs: window.velocityCliff.lastResult.runs }));
  assert.equal(after.gen, started + 1);
  assert.equal(after.runs, 200);
  // The million-run job is gone: nothing queued, and its late chunks are dropped.
  const queued = await page.evaluate(() => window.velocityCliff.pool.job);
  assert.equal(queued, null);
  await page.waitForTimeout(1500);
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResult.runs), 200);
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
