// What the browser tests share: where things are, one browser and one server
// per test file, and waiting for the page's full result.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const dist = path.join(repo, 'dist');
export const cli = path.join(repo, 'target/release/velocity-cliff');

/**
 * Serves dist/ and launches Chromium before the file's tests; closes both
 * after. The returned object's `server` and `browser` are set once started.
 * @returns {{server: {url: string, close(): Promise<void>}, browser: import('playwright-core').Browser}}
 */
export function useBrowser() {
  const state = /** @type {any} */ ({});
  before(async () => {
    assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run `npm run build` (or `make build`) first');
    state.server = await serve(dist);
    state.browser = await chromium.launch(CHROMIUM);
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  return state;
}

/**
 * Waits for a state: the newest generation's full result is painted and the
 * status line says `ready` for that generation.
 */
/**
 * A result with its weekly columns (series bands, sample traces) as f32
 * values: the result's own type for them. A first estimate carries them as
 * f32 columns; JSON text writes each in its shortest decimal form, which
 * reads back as the nearest double to that decimal — the same f32.
 * @param {any} result a parsed result
 */
export function asF32(result) {
  const copy = structuredClone(result);
  for (const s of copy.strategies) {
    for (const bands of Object.values(s.series)) for (const key of Object.keys(bands)) bands[key] = bands[key].map(Math.fround);
    s.samples = s.samples.map((trace) => trace.map(Math.fround));
  }
  return copy;
}

/**
 * Waits for the page's newest job: its full result painted, the status
 * `ready`, its link made and recorded (in the address bar, history and
 * storage), and every chart drawn. The link is compressed asynchronously
 * while the job runs; a result shown without simulating (kept, or read off
 * the last runs) is painted at once, so its link can come a moment after
 * it; the address bar is written once the job is shown and QUIET_MS have
 * passed without another input, at most every WRITE_MS (share.js), and
 * charts out of view are drawn when the page is next idle.
 * @param {import('playwright-core').Page} page
 */
export async function ready(page, timeout = 60_000) {
  await page.waitForFunction(
    () => {
      const vc = window.velocityCliff;
      const timing = vc && vc.pool && vc.timings[vc.generation];
      const status = /** @type {HTMLElement} */ (document.querySelector('[data-testid=status]'));
      return (
        timing &&
        timing.full !== null &&
        timing.link !== '' &&
        status.dataset.kind === 'ready' &&
        status.dataset.generation === String(vc.generation) &&
        status.textContent === 'ready' &&
        location.hash.slice(1) === vc.link &&
        (!vc.charts || vc.charts.waiting().length === 0)
      );
    },
    null,
    { timeout, polling: 50 },
  );
}

/**
 * Chromium's renderer lets a frame start at most ten downloads a second and
 * silently drops the rest, an abuse limit no user clicking buttons meets;
 * a test that downloads more than ten files from one page keeps under it.
 */
const DOWNLOADS_PER_SECOND = 10;
/** @type {WeakMap<import('playwright-core').Page, number[]>} when each page's downloads were seen to start */
const downloadTimes = new WeakMap();

/**
 * The file a click on `selector` downloads, as its suggested name and bytes,
 * once it is complete. Keeps each page under Chromium's download rate.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
export async function downloadOf(page, selector) {
  const times = downloadTimes.get(page) ?? [];
  downloadTimes.set(page, times);
  if (times.length >= DOWNLOADS_PER_SECOND) {
    const wait = times[times.length - DOWNLOADS_PER_SECOND] + 1_100 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  // When the download was seen to start, which is after the renderer started it:
  // a click is what the page turns into a download after its own asynchronous
  // work (a chart drawn into a PNG), so click times would undercount the rate.
  times.push(Date.now());
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe on the page as it is now and fails on any serious or critical
 * violation, naming `label` and the elements.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 */
export async function assertAccessible(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(found, [], `axe on ${label}`);
}
