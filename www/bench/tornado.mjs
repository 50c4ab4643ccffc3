// Benchmarks a full tornado in the built page (dist/), in headless Chromium
// with all workers: the default scenario (5 strategies × 1,000 runs × 260
// weeks), then "Which assumption decides this?" opened on the default
// comparison (controlled-evolution vs feature-first, median collapse week,
// 10 parameters × 2 ends, with the ranking and switch points). Measured from
// opening the section to the first bars painted and to the finished report
// (targets: 1 s and 5 s), median of `BENCH_TORNADO_REPEATS` (default 3).
// `node bench/tornado.mjs --json` prints the figures as JSON for
// scripts/bench.py; without `--json` it prints them as text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');

/** The median of xs. @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Times full tornados in a page at `url`: the first bars and the report, in
 * milliseconds from opening the section, `repeats` times.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {number} repeats
 */
export async function measureTornado(browser, url, repeats) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  const idle = () =>
    page.waitForFunction(
      () => {
        const vc = window.velocityCliff;
        const t = vc && vc.timings[vc.generation];
        return t && t.full !== null && document.querySelector('[data-testid=status]')?.textContent === 'ready';
      },
      null,
      { timeout: 300_000 },
    );
  await idle();
  const workers = await page.evaluate(() => window.velocityCliff.workers);
  /** @type {{firstBars: number, complete: number}[]} */
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const sample = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const section = /** @type {HTMLDetailsElement} */ (document.getElementById('sensitivity'));
          const set = (/** @type {string} */ id, /** @type {string} */ value) => {
            /** @type {HTMLInputElement | HTMLSelectElement} */ (document.getElementById(id)).value = value;
          };
          section.open = false;
          set('sens-outcome', 'collapse-week');
          set('sens-a', 'controlled-evolution');
          set('sens-b', 'feature-first');
          set('sens-top', '10');
          const sens = window.velocityCliff.sensitivity;
          const start = performance.now();
          let firstBars = null;
          section.open = true;
          const poll = () => {
            const now = performance.now();
            if (firstBars === null && document.querySelector('#sens-chart .tornado-row')) firstBars = now - start;
            if (sens.lastReportJson !== null) {
              const report = JSON.parse(sens.lastReportJson);
              if (report.tornado.length !== 10) reject(new Error(`expected 10 bars, got ${report.tornado.length}`));
              else resolve({ firstBars: firstBars ?? now - start, complete: now - start });
              return;
            }
            if (now - start > 300_000) reject(new Error('no report within 300 s'));
            else requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        }),
    );
    samples.push(/** @type {{firstBars: number, complete: number}} */ (sample));
    await page.evaluate(() => {
      /** @type {HTMLDetailsElement} */ (document.getElementById('sensitivity')).open = false;
    });
  }
  await page.close();
  return {
    workers,
    repeats,
    firstBars: median(samples.map((s) => s.firstBars)),
    complete: median(samples.map((s) => s.complete)),
    samples,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.error('dist/ is missing: run `npm run build` (or `make build`) first');
    process.exit(1);
  }
  const repeats = Number(process.env.BENCH_TORNADO_REPEATS || 3);
  const server = await serve(dist);
  const browser = await chromium.launch(CHROMIUM);
  try {
    const r = await measureTornado(browser, `${server.url}#`, repeats);
    const out = { ...r, chromium: browser.version(), cores: os.cpus().length };
    if (process.argv.includes('--json')) console.log(JSON.stringify(out));
    else
      console.log(
        `page, full tornado (10 parameters × 2 ends, controlled-evolution vs feature-first, 1,000 runs, ${r.workers} workers): ` +
          `first bars ${r.firstBars.toFixed(0)} ms (target ≤ 1,000), complete ${r.complete.toFixed(0)} ms (target ≤ 5,000), median of ${r.repeats}`,
      );
  } finally {
    await browser.close();
    await server.close();
  }
}
