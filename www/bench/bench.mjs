// Benchmarks the built page (dist/) in headless Chromium and prints a
// Markdown table: repaint time after an input change, time to the first
// progressive paint, 10k-run comparisons, single-worker wasm throughput and
// the gzipped size of what the page loads. Run with `npm run bench`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` (or `make build`) first');
  process.exit(1);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function open(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await waitFull(page);
  return page;
}

async function waitFull(page) {
  await page.waitForFunction(() => {
    const vc = window.velocityCliff;
    const t = vc && vc.timings[vc.generation];
    return t && t.full !== null && document.querySelector('[data-testid=status]').textContent === 'ready';
  }, null, { timeout: 120_000 });
}

/** Applies one input change and returns its timing record. */
async function change(page, patch) {
  await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
  await waitFull(page);
  return page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
}

const server = await serve(dist);
const browser = await chromium.launch(CHROMIUM);
const rows = [];
try {
  const page = await open(browser, server.url);
  const workers = await page.evaluate(() => window.velocityCliff.workers);

  // Warm up, then 20 seed changes of the default comparison.
  for (let i = 0; i < 3; i++) await change(page, { seed: String(500 + i) });
  const repaint = [];
  const first = [];
  for (let i = 0; i < 20; i++) {
    const t = await change(page, { seed: String(1000 + i) });
    repaint.push(t.full - t.input);
    first.push(t.estimate - t.input);
  }
  rows.push(['input change → full repaint, 5 × 1,000 runs × 260 weeks (median of 20)', ms(median(repaint)), '≤ 50 ms']);
  rows.push(['input change → first progressive paint (100 runs; median of 20)', ms(median(first)), '≤ 16 ms']);

  const big = [];
  for (let i = 0; i < 3; i++) {
    const t = await change(page, { seed: String(2000 + i), runs: 10_000 });
    big.push(t.full - t.input);
  }
  rows.push([`5 × 10,000 runs × 260 weeks, ${workers} workers (median of 3)`, ms(median(big)), '≤ 500 ms']);
  await page.close();

  const single = await open(browser, `${server.url}?workers=1`);
  const rates = [];
  for (let i = 0; i < 3; i++) {
    const t = await change(single, { seed: String(3000 + i), runs: 2000 });
    rates.push((5 * 2000 * 260) / (t.computeMs / 1000));
  }
  rows.push(['wasm throughput in one worker (strategy-run-weeks/s, median of 3 × 10,000 runs)', `${(median(rates) / 1e6).toFixed(2)} M/s`, '—']);
  await single.close();
} finally {
  await browser.close();
  await server.close();
}

let gzipped = 0;
let raw = 0;
for (const file of fs.readdirSync(path.join(dist, 'assets'))) {
  if (!/\.(js|wasm|css)$/.test(file) || file.startsWith('embed-')) continue; // the iframe page's own files are not the app's
  const bytes = fs.readFileSync(path.join(dist, 'assets', file));
  raw += bytes.length;
  gzipped += zlib.gzipSync(bytes, { level: 9 }).length;
}
rows.push(['page JS + wasm + CSS, gzipped (raw)', `${(gzipped / 1024).toFixed(1)} KB (${(raw / 1024).toFixed(0)} KB)`, '≤ 200 KB']);
{
  let componentGzipped = 0;
  let componentRaw = 0;
  for (const file of ['velocity-cliff.js', 'velocity-cliff.wasm']) {
    if (!fs.existsSync(path.join(dist, file))) continue;
    const bytes = fs.readFileSync(path.join(dist, file));
    componentRaw += bytes.length;
    componentGzipped += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  rows.push(['<velocity-cliff> component JS + wasm, gzipped (raw)', `${(componentGzipped / 1024).toFixed(1)} KB (${(componentRaw / 1024).toFixed(0)} KB)`, '≤ 200 KB']);
}

console.log('| measure | result | target |');
console.log('| --- | ---: | --- |');
for (const [name, value, target] of rows) console.log(`| ${name} | ${value} | ${target} |`);
console.log(`\nChromium headless, ${process.env.CHROMIUM || '/usr/bin/chromium'}; machine with ${(await import('node:os')).cpus().length} cores.`);
