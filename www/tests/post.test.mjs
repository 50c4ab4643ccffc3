// A blog post built with a real static site generator (Eleventy) that embeds
// <velocity-cliff> with its static fallback, the snippet `velocity-cliff
// render --embed` prints: with JavaScript off the fallback figure and table
// are what readers see; with JavaScript on the live chart replaces them
// without moving the text below (cumulative layout shift from the browser's
// `layout-shift` entries); printing shows the static figure, in the post and
// in the app page. Run with `npm test` after `npm run build` and `make cli`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from './server.mjs';
import { dist, cli, ready } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const eleventy = path.join(here, '../node_modules/.bin/eleventy');
const work = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vc-post-'));
const site = path.join(work, 'src');
const built = path.join(work, '_site');
const STRATEGIES = 'feature-first,controlled-evolution,hypergrowth-hiring';
const VERSION = /MODEL_VERSION: &str = "([^"]+)"/.exec(fs.readFileSync(path.join(here, '../../src/version.rs'), 'utf8'))[1];
const FLAGS = ['--preset', 'b2b-saas', '--strategies', STRATEGIES, '--runs', '200', '--seed', '5'];

/** The layout-shift entries' sum, kept by a script that runs before the page's own. */
const RECORD_SHIFTS = () => {
  const w = /** @type {any} */ (window);
  w.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of /** @type {any[]} */ (list.getEntries())) {
      // What moved, so that a failure says which element shifted and how.
      const moved = (e.sources ?? []).map((/** @type {any} */ src) => {
        const n = src.node;
        const name = n ? `${n.nodeName.toLowerCase()}${n.id ? `#${n.id}` : ''}${n.className && typeof n.className === 'string' ? `.${n.className.split(' ')[0]}` : ''}` : '(gone)';
        const box = (/** @type {DOMRectReadOnly} */ r) => [r.x, r.y, r.width, r.height].map(Math.round).join(',');
        return `${name} ${box(src.previousRect)} → ${box(src.currentRect)}`;
      });
      w.__shifts.push({ value: e.value, input: e.hadRecentInput, at: e.startTime, moved });
    }
  }).observe({ type: 'layout-shift', buffered: true });
};

let server;
let browser;
let snippet = '';

before(async () => {
  for (const file of ['velocity-cliff.js', 'velocity-cliff.wasm', 'index.html']) {
    assert.ok(fs.existsSync(path.join(dist, file)), `dist/${file} is missing: run \`npm run build\` (or \`make build\`) first`);
  }
  // The post: text, the embed as the CLI prints it (the figure a file beside the post), more text.
  fs.cpSync(path.join(here, 'fixtures/post'), site, { recursive: true });
  // The post loads the component pinned to its model version, as EMBED.md advises.
  fs.mkdirSync(path.join(site, '_data'));
  fs.writeFileSync(path.join(site, '_data/component.json'), JSON.stringify({ src: `/v${VERSION}/velocity-cliff.js` }));
  snippet = execFileSync(cli, ['render', '--embed', '--out', path.join(site, 'velocity.svg'), ...FLAGS]).toString();
  const words = 'Teams that hire fast ship more at first and then slow down as coordination and debt catch up. '.repeat(3);
  fs.writeFileSync(
    path.join(site, 'post.njk'),
    `---\nlayout: post.njk\ntitle: When does velocity collapse?\npermalink: /index.html\n---\n<p>${words}</p>\n{% raw %}${snippet}{% endraw %}\n<p id="after">${words}</p>\n<p>${words}</p>\n`,
  );
  // The control: the same post with the bare element, no fallback (the live chart grows into place).
  fs.writeFileSync(
    path.join(site, 'bare.njk'),
    `---\nlayout: post.njk\ntitle: When does velocity collapse?\npermalink: /bare.html\n---\n<p>${words}</p>\n${snippet.split('\n')[0]}</velocity-cliff>\n<p id="after">${words}</p>\n<p>${words}</p>\n`,
  );
  execFileSync(eleventy, ['--quiet', `--input=${site}`, `--output=${built}`, `--config=${path.join(site, 'eleventy.config.mjs')}`], { cwd: site, stdio: 'pipe' });
  server = await serve(dist, { mounts: { '/post/': built } });
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

test('Eleventy built the post with the snippet and the figure beside it', () => {
  const html = fs.readFileSync(path.join(built, 'index.html'), 'utf8');
  assert.ok(html.includes(snippet.trim()), 'the snippet is in the post as the CLI printed it');
  assert.ok(snippet.startsWith('<velocity-cliff scenario="v1.') && snippet.includes('<img src="velocity.svg" width="720" height="400" alt="Smoothed velocity'));
  assert.ok(fs.readFileSync(path.join(built, 'velocity.svg'), 'utf8').startsWith('<svg'));
});

/** The fallback as a reader sees it: the image's loaded size and box, the table's rows. */
async function fallbackSeen(page) {
  return page.evaluate(() => {
    const img = /** @type {HTMLImageElement} */ (document.querySelector('velocity-cliff > img'));
    const box = img.getBoundingClientRect();
    const rows = [...document.querySelectorAll('velocity-cliff > table tbody tr')].map((tr) => tr.querySelector('th')?.textContent);
    return { complete: img.complete, natural: [img.naturalWidth, img.naturalHeight], box: [box.width, box.height], rows };
  });
}

test('without JavaScript the fallback figure is loaded and shown, with the table', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 900, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(`${server.url}post/`, { waitUntil: 'load' });
  const seen = await fallbackSeen(page);
  assert.equal(seen.complete, true);
  assert.deepEqual(seen.natural, [720, 400], 'the SVG file loaded');
  assert.ok(seen.box[0] > 600 && Math.abs(seen.box[1] - (seen.box[0] * 400) / 720) < 1, `shown at the column's width: ${seen.box}`);
  assert.deepEqual(seen.rows, ['Ignore the structure', 'Evolve under real constraints', 'Grow the team fast']);
  assert.equal(await page.evaluate(() => customElements.get('velocity-cliff')), undefined, 'no script ran');
  // Printed, the same figure.
  await page.emulateMedia({ media: 'print' });
  const printed = await fallbackSeen(page);
  assert.ok(printed.box[0] > 300 && printed.box[1] > 150, `${printed.box}`);
  await ctx.close();
});

for (const viewport of [{ width: 900, height: 1000 }, { width: 390, height: 844 }]) test(`with JavaScript the live chart replaces the fallback without shifting the post (${viewport.width} px)`, async () => {
  const ctx = await browser.newContext({ viewport });
  await ctx.addInitScript(RECORD_SHIFTS);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}post/`, { waitUntil: 'load' });
  const before = await page.evaluate(() => ({
    after: document.getElementById('after').getBoundingClientRect().top,
    height: document.querySelector('velocity-cliff').getBoundingClientRect().height,
  }));
  await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
  // Two frames for any shift to be reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const after = await page.evaluate(() => {
    const el = document.querySelector('velocity-cliff');
    const box = el.shadowRoot.querySelector('.vc');
    const fallback = el.shadowRoot.querySelector('.fallback');
    const canvas = el.shadowRoot.querySelector('canvas');
    return {
      after: document.getElementById('after').getBoundingClientRect().top,
      height: el.getBoundingClientRect().height,
      live: getComputedStyle(box).display !== 'none' && canvas.getBoundingClientRect().height >= 140,
      fallbackShown: getComputedStyle(fallback).display !== 'none',
      shifts: /** @type {any} */ (window).__shifts,
    };
  });
  assert.ok(after.live, 'the live chart is drawn');
  assert.equal(after.fallbackShown, false, 'the fallback is replaced');
  assert.ok(before.height > 500, `the fallback's box: ${before.height}`);
  assert.equal(Math.round(after.after), Math.round(before.after), 'the text below the embed did not move');
  const cls = after.shifts.filter((s) => !s.input).reduce((sum, s) => sum + s.value, 0);
  console.log(`post at ${viewport.width} px: cumulative layout shift ${cls.toFixed(4)} (${after.shifts.length} entries); embed ${before.height.toFixed(0)} px tall before, ${after.height.toFixed(0)} px after${after.shifts.length ? `; moved: ${after.shifts.flatMap((s) => s.moved).join('; ')}` : ''}`);
  assert.ok(cls < 0.005, `cumulative layout shift ${cls}: ${JSON.stringify(after.shifts)}`);
  // The pinned build computed it: its module and wasm came from v<MODEL_VERSION>/.
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes(`/v${VERSION}/velocity-cliff.js`) && loaded.includes(`/v${VERSION}/velocity-cliff.wasm`), loaded.join(' '));
  assert.ok(!loaded.includes('/velocity-cliff.js'), 'not the latest');
  // The live element's result is the CLI's for the snippet's scenario.
  const json = await page.evaluate(() => document.querySelector('velocity-cliff').resultJson);
  assert.ok(json === execFileSync(cli, ['simulate', ...FLAGS], { maxBuffer: 1 << 26 }).toString().trimEnd(), 'the live result is the CLI\'s bytes');

  // Printed: the fallback figure and table again, not the canvas.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const el = document.querySelector('velocity-cliff');
    const img = el.querySelector(':scope > img').getBoundingClientRect();
    return { img: [img.width, img.height], box: getComputedStyle(el.shadowRoot.querySelector('.vc')).display, rows: el.querySelectorAll(':scope > table tbody tr').length };
  });
  assert.ok(printed.img[0] > 300 && printed.img[1] > 150, `the figure prints: ${printed.img}`);
  assert.equal(printed.box, 'none', 'the live box does not print');
  assert.equal(printed.rows, 3);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a bad attribute shows its message above the fallback, which stays', async () => {
  const ctx = await browser.newContext();
  // Set as the element is parsed, before its script runs.
  await ctx.addInitScript(() => {
    new MutationObserver((records, observer) => {
      const el = document.querySelector('velocity-cliff');
      if (!el) return;
      el.setAttribute('runs', 'abc');
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await ctx.newPage();
  await page.goto(`${server.url}post/`);
  await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'error', null, { timeout: 30_000 });
  const seen = await page.evaluate(() => {
    const el = document.querySelector('velocity-cliff');
    return { error: el.shadowRoot.querySelector('.error').textContent, img: el.querySelector(':scope > img').getBoundingClientRect().height };
  });
  assert.match(seen.error, /^invalid runs: "abc"/);
  assert.ok(seen.img > 100, `the fallback figure stays: ${seen.img}`);
  await ctx.close();
});

test('the layout-shift measure sees the shift a bare element causes', async () => {
  const ctx = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  await ctx.addInitScript(RECORD_SHIFTS);
  const page = await ctx.newPage();
  await page.goto(`${server.url}post/bare.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const shifts = await page.evaluate(() => /** @type {any} */ (window).__shifts);
  const cls = shifts.filter((s) => !s.input).reduce((sum, s) => sum + s.value, 0);
  console.log(`bare element, no fallback: cumulative layout shift ${cls.toFixed(4)}`);
  assert.ok(cls > 0.01, `without a fallback the text below moves: ${cls}`);
  await ctx.close();
});

test('without a fallback, the component prints the core SVG of its result', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}post/`);
  await page.evaluate(() => {
    document.querySelector('velocity-cliff').remove();
    const el = document.createElement('velocity-cliff');
    el.setAttribute('runs', '50');
    el.setAttribute('strategies', 'feature-first');
    document.querySelector('article').prepend(el);
  });
  await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.querySelector('velocity-cliff').shadowRoot.querySelector('.print-figure svg'));
  const printed = await page.evaluate(() => {
    const root = document.querySelector('velocity-cliff').shadowRoot;
    const svg = root.querySelector('.print-figure svg');
    const box = svg.getBoundingClientRect();
    return { box: [box.width, box.height], label: svg.getAttribute('role'), chart: getComputedStyle(root.querySelector('.chart')).display };
  });
  assert.ok(printed.box[0] > 300 && printed.box[1] > 150, `${printed.box}`);
  assert.equal(printed.label, 'img');
  assert.equal(printed.chart, 'none', 'the canvas does not print');
  await page.close();
});

test('the app page prints the static figures of its charts', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server.url}#`);
  await ready(page);
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.querySelectorAll('.print-figure svg').length >= 5, null, { timeout: 20_000 });
  const printed = await page.evaluate(() =>
    [...document.querySelectorAll('.print-figure')].map((f) => {
      const box = f.getBoundingClientRect();
      const host = /** @type {HTMLElement} */ (f.previousElementSibling);
      return { chart: f.getAttribute('data-chart'), box: [Math.round(box.width), Math.round(box.height)], host: getComputedStyle(host).display, title: f.querySelector('title')?.textContent };
    }),
  );
  for (const p of printed) {
    assert.ok(p.box[0] > 300 && p.box[1] > 100, `${p.chart}: ${p.box}`);
    assert.equal(p.host, 'none', `${p.chart}: the canvas does not print`);
  }
  assert.deepEqual(printed.map((p) => p.chart), ['survival', 'velocity', 'histogram', 'cash', 'why']);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('summary')).display), 'table', 'the summary table prints');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.print-figure')).display), 'none', 'on screen, the canvases');
  await page.close();
});
