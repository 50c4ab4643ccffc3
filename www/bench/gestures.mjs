// The page's gestures, builds alternated: a new seed typed key by key and
// the threshold slider dragged (a burst of inputs), each until the status
// reads `ready`, as `bench/bench.mjs` measures them — but for several
// builds in turn, so a change to how the page handles a burst of inputs is
// judged against the build before it in one sitting.
//
//   node bench/gestures.mjs DIST [DIST_B ...]
//
// N gestures of each kind per build (env N, default 10), alternated; each
// from a pool that keeps no results. Prints per build the medians from the
// last input to `ready` and to the first paint of the last input's job.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const dists = process.argv.slice(2).map((d) => path.resolve(d));
if (!dists.length) {
  console.error('usage: node bench/gestures.mjs DIST [DIST_B ...]');
  process.exit(2);
}
const N = Number(process.env.N || 10);
/** The q-quantile (nearest rank) of xs. */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/** Records when each input event reaches `selector`, and when the status next reads `ready` after the last. */
const watch = (page, selector) =>
  page.evaluate((sel) => {
    const w = { inputs: [], ready: null };
    window.gestureWatch = w;
    const status = document.querySelector('[data-testid=status]');
    new MutationObserver(() => {
      if (window.gestureWatch === w && status.textContent === 'ready' && w.inputs.length) w.ready = performance.now();
    }).observe(status, { childList: true, characterData: true, subtree: true });
    document.querySelector(sel).addEventListener('input', () => {
      if (window.gestureWatch !== w) return;
      w.inputs.push(performance.now());
      w.ready = null;
    });
  }, selector);

/** After a gesture: from its last input to `ready`, and to the first paint of the last job. */
async function done(page) {
  await page.waitForFunction(() => window.gestureWatch.ready !== null && window.velocityCliff.timings[window.velocityCliff.generation]?.full != null, null, { timeout: 120_000 });
  return page.evaluate(() => {
    const w = window.gestureWatch;
    const last = w.inputs.at(-1);
    const t = window.velocityCliff.timings[window.velocityCliff.generation];
    return { ready: w.ready - last, firstPaint: (t.estimate ?? t.full) - last };
  });
}

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
  for (let i = 0; i < N; i++) {
    for (const [k, page] of pages.entries()) {
      await page.evaluate(() => window.velocityCliff.pool.forget());
      await watch(page, '#seed');
      const field = page.locator('#seed');
      await field.click({ clickCount: 3 });
      await page.keyboard.press('Backspace');
      await page.keyboard.type(String(40_000 + 7 * i), { delay: 60 });
      typed[k].push(await done(page));

      await page.evaluate(() => window.velocityCliff.pool.forget());
      await watch(page, '#threshold-range');
      const slider = page.locator('#threshold-range');
      await slider.scrollIntoViewIfNeeded();
      const box = await slider.boundingBox();
      const y = box.y + box.height / 2;
      const x = (f) => box.x + 8 + f * (box.width - 16);
      await page.mouse.move(x(i % 2 ? 0.9 : 0.1), y);
      await page.mouse.down();
      await page.mouse.move(x(i % 2 ? 0.1 : 0.9), y, { steps: 20 });
      await page.mouse.up();
      dragged[k].push(await done(page));
      await page.evaluate(() => window.scrollTo(0, 0));
    }
  }
  const med = (xs, key) => quantile(xs.map((g) => g[key]), 0.5).toFixed(0);
  for (const [k, d] of dists.entries()) {
    console.log(`${d}: seed typed → ready ${med(typed[k], 'ready')} ms (first paint ${med(typed[k], 'firstPaint')} ms); slider dragged → ready ${med(dragged[k], 'ready')} ms (first paint ${med(dragged[k], 'firstPaint')} ms)`);
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
