// The page's gestures, builds alternated: a new seed typed key by key and
// the threshold slider dragged (a burst of inputs), each until the status
// reads `ready`, as `bench/bench.mjs` measures them (`page.mjs`), but for
// several builds in turn, so a change to how the page handles a burst of inputs is
// judged against the build before it in one sitting.
//
//   node bench/gestures.mjs DIST [DIST_B ...]
//
// N gestures of each kind per build (env N, default 10), alternated; each
// from a pool that keeps no results. Prints per build the medians from the
// last input to `ready` and to the first paint of the last input's job.
// The drag is measured twice: as it is, and with a strategy unticked first
// (read off the last result), which the held runs answer as well.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';
import { quantile, typeSeed, dragSlider } from './page.mjs';

const dists = process.argv.slice(2).map((d) => path.resolve(d));
if (!dists.length) {
  console.error('usage: node bench/gestures.mjs DIST [DIST_B ...]');
  process.exit(2);
}
const N = Number(process.env.N || 10);
const servers = await Promise.all(dists.map((d) => serve(d)));
const browser = await chromium.launch(CHROMIUM);
try {
  const pages = [];
  for (const s of servers) {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(s.url);
    await page.waitForFunction(() => window.velocityCliff?.timings?.[window.velocityCliff.generation]?.full != null, null, { timeout: 120_000 });
    pages.push(page);
  }
  const typed = pages.map(() => []);
  const dragged = pages.map(() => []);
  const unticked = pages.map(() => []);
  /** Waits for the status `ready` after a change that is not timed. */
  const settled = (page) => page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'ready' && window.velocityCliff.pool.job === null, null, { timeout: 120_000 });
  for (let i = 0; i < N; i++) {
    for (const [k, page] of pages.entries()) {
      await page.evaluate(() => window.velocityCliff.pool.forget());
      typed[k].push(await typeSeed(page, String(40_000 + 7 * i)));
      await page.evaluate(() => window.velocityCliff.pool.forget());
      dragged[k].push(await dragSlider(page, i % 2 ? 0.9 : 0.1, i % 2 ? 0.1 : 0.9, 20));
      // The same drag with a strategy unticked (read off the last result) after the typed seed's job.
      await page.uncheck('#strategies input[value="scale-early"]');
      await settled(page);
      await page.evaluate(() => window.velocityCliff.pool.forget());
      unticked[k].push(await dragSlider(page, i % 2 ? 0.1 : 0.9, i % 2 ? 0.9 : 0.1, 20));
      await page.check('#strategies input[value="scale-early"]');
      await settled(page);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
  }
  const med = (xs, key) => quantile(xs.map((g) => g[key]), 0.5).toFixed(0);
  for (const [k, d] of dists.entries()) {
    const rejudged = dragged[k].filter((g) => g.rejudged).length;
    console.log(`${d}: seed typed → ready ${med(typed[k], 'ready')} ms (first paint ${med(typed[k], 'firstPaint')} ms); slider dragged → ready ${med(dragged[k], 'ready')} ms (first paint ${med(dragged[k], 'firstPaint')} ms; judged again, not simulated: ${rejudged} of ${dragged[k].length}); with a strategy unticked → ready ${med(unticked[k], 'ready')} ms (judged again: ${unticked[k].filter((g) => g.rejudged).length} of ${unticked[k].length})`);
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
