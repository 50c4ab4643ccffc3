// Cold loads of the iframe page (embed.html) of builds of the site,
// alternated: the time from navigation to the embedded chart's first canvas
// (its first estimate painted) and to its `result` event (the full result),
// so a change to how the embed starts is judged against the build before it
// in one sitting on a noisy machine.
//
//   node bench/embed-cold.mjs DIST_A DIST_B [LOADS]
//
// Each load is a new browser context (empty cache), 800 × 600, the default
// scenario; one load of each build is not counted. Prints per build the
// medians of LOADS (default 10).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const args = process.argv.slice(2);
const loads = args.length > 2 && /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 10;
const dists = args.map((d) => path.resolve(d));
if (dists.length < 2) {
  console.error('usage: node bench/embed-cold.mjs DIST_A DIST_B [LOADS]');
  process.exit(2);
}
const servers = await Promise.all(dists.map((d) => serve(d)));
const browser = await chromium.launch(CHROMIUM);
/** @type {{chart: number[], full: number[]}[]} */
const rows = dists.map(() => ({ chart: [], full: [] }));
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
try {
  for (let i = 0; i <= loads; i++) {
    for (const [k, server] of servers.entries()) {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      await context.addInitScript(() => {
        const times = { chart: -1, full: -1 };
        /** @type {any} */ (window).embedTimes = times;
        const poll = () => {
          const root = document.querySelector('velocity-cliff')?.shadowRoot;
          if (times.chart < 0 && root?.querySelector('canvas')) times.chart = performance.now();
          if (times.full < 0) requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
        document.addEventListener('result', () => {
          if (times.full < 0) times.full = performance.now();
        });
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error('page error:', e.message));
      await page.goto(`${server.url}embed.html`);
      await page.waitForFunction(() => /** @type {any} */ (window).embedTimes.full >= 0, null, { timeout: 120_000 });
      const t = await page.evaluate(() => /** @type {{chart: number, full: number}} */ (/** @type {any} */ (window).embedTimes));
      if (i > 0) {
        rows[k].chart.push(t.chart);
        rows[k].full.push(t.full);
      }
      await context.close();
    }
  }
  for (const [k, d] of dists.entries()) {
    console.log(`${d} (median of ${loads}): first chart ${median(rows[k].chart).toFixed(0)} ms, full result ${median(rows[k].full).toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
