// Browser tests of the embeds: the <velocity-cliff> web component
// (dist/velocity-cliff.js) on plain host pages under a strict Content Security
// Policy, and the iframe page (dist/embed.html#<share string>) with its
// postMessage protocol. Fixture pages live in tests/fixtures/ and are served
// under /fixtures/ next to dist/. Run with `npm test` after `npm run build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from './server.mjs';
import { loadCore } from './wasm-node.mjs';
import { encodeShare } from '../src/core/wasm.js';


/** A <velocity-cliff> with its attribute properties. @typedef {HTMLElementTagNameMap['velocity-cliff']} VC */
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const dist = path.join(repo, 'dist');
const artifacts = path.join(repo, 'artifacts');
const cli = path.join(repo, 'target/release/velocity-cliff');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let cdn;
let browser;

before(async () => {
  for (const file of ['velocity-cliff.js', 'velocity-cliff.wasm', 'embed.html']) {
    assert.ok(fs.existsSync(path.join(dist, file)), `dist/${file} is missing: run \`npm run build\` (or \`make build\`) first`);
  }
  await loadCore(); // for `encodeShare`
  fs.mkdirSync(artifacts, { recursive: true });
  server = await serve(dist, { mounts: { '/fixtures/': path.join(here, 'fixtures') } });
  cdn = await serve(dist, { cors: true }); // another port: another origin
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await cdn?.close();
});

let cliBuilt = false;
function runCli(args) {
  if (!cliBuilt) {
    // Incremental: a no-op when the binary is current with src/.
    execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: 'inherit' });
    cliBuilt = true;
  }
  return execFileSync(cli, ['simulate', ...args], { cwd: repo, maxBuffer: 1 << 28 }).toString().trimEnd();
}

/**
 * Opens a page and records console errors, uncaught exceptions, dialogs and
 * every request's URL.
 */
async function open(url, viewport = { width: 1000, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  const dialogs = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + url);
  return { page, errors, dialogs, requests };
}

/** Requests that left the page's origin (data: and blob: URLs are local). */
function foreign(requests) {
  return requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** Waits until element `id` has fired `count` result events. */
async function results(page, id, count = 1, timeout = 60_000) {
  await page.waitForFunction(([i, n]) => window.__record.results.filter((r) => r.id === i).length >= n, [id, count], { timeout });
}

/** What a test needs to know about one <velocity-cliff> on the page. */
function inspect(page, id) {
  return page.evaluate((i) => {
    const el = /** @type {VC} */ (document.getElementById(i));
    const root = el.shadowRoot;
    const error = /** @type {HTMLElement} */ (root.querySelector('.error'));
    return {
      state: el.state,
      engine: el.engine,
      result: el.result,
      resultJson: el.resultJson,
      error: error.hidden ? '' : error.textContent,
      rows: [.../** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('tbody tr'))].map((tr) => tr.dataset.strategy),
      sentences: [...root.querySelectorAll('.sentences li')].map((li) => li.textContent),
      outcomes: [...root.querySelectorAll('tbody td[data-field=outcomes]')].map((td) => td.textContent),
      canvases: root.querySelectorAll('.chart canvas').length,
      formHidden: /** @type {HTMLFormElement} */ (root.querySelector('form.controls')).hidden,
    };
  }, id);
}

const ids = (result) => result.strategies.map((s) => s.id);

const pct = (x) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(x * 100)} %`;
/** How a strategy's runs end, as the component words it: healthy always, the other outcomes when any run ended so. */
function outcomeText(s) {
  const o = s.outcomes;
  const parts = [`healthy & funded ${pct(o.healthy)}`];
  for (const [key, label] of [['recovered', 'recovered'], ['collapsed', 'still collapsed'], ['out_of_cash', 'out of cash'], ['frozen', 'unfinished rewrite']]) {
    if (o[key] > 0) parts.push(`${label} ${pct(o[key])}`);
  }
  return parts.join(' · ');
}

test('two instances on a page with a strict CSP render, fire `result` and honour their attributes', async () => {
  const { page, errors, dialogs, requests } = await open('fixtures/component.html');
  await results(page, 'a');
  await results(page, 'b');

  const a = await inspect(page, 'a');
  assert.equal(a.state, 'ready');
  assert.equal(a.engine, 'worker');
  assert.equal(a.result.runs, 300);
  assert.equal(a.result.weeks, 156);
  assert.equal(a.result.seed, 7);
  assert.equal(a.result.scenario.preset, 'b2b-saas');
  assert.deepEqual(ids(a.result), ['feature-first', 'controlled-evolution']);
  assert.deepEqual(a.rows, ['feature-first', 'controlled-evolution']);
  assert.equal(a.sentences.length, 2);
  for (const s of a.sentences) assert.match(s, /collapse/);
  assert.equal(a.canvases, 1);

  const b = await inspect(page, 'b');
  assert.equal(b.state, 'ready');
  assert.equal(b.result.runs, 250);
  assert.equal(b.result.weeks, 104);
  assert.match(b.resultJson, /^\{"model_version":"[^"]+","seed":18446744073709551615,/, 'the u64 seed reaches the core exactly');
  assert.deepEqual(b.result.scenario.collapse, { smoothing: 8, threshold: 0.4, window: 6 });
  assert.equal(b.result.scenario.preset, 'data-platform');
  assert.deepEqual(ids(b.result), ['scale-early', 'big-rewrite', 'hypergrowth-hiring']);
  assert.deepEqual(b.rows, ids(b.result));

  // The summary gives how runs end, as the result says, in the page's share format.
  for (const inst of [a, b]) {
    assert.deepEqual(
      inst.outcomes,
      inst.result.strategies.map((s) => outcomeText(s)),
      'one outcome line per strategy',
    );
    for (const [i, s] of inst.result.strategies.entries()) assert.ok(inst.sentences[i].includes(`At week ${inst.result.weeks}: ${outcomeText(s)}.`), inst.sentences[i]);
  }
  assert.match(await page.locator('#a figcaption').innerText(), /^Smoothed velocity \(feature points per week, 8-week average\)/);
  // The answer first: the headline names the strategy with the most mean healthy weeks (worked out here from the result).
  for (const [id, inst] of [['a', a], ['b', b]]) {
    const best = [...inst.result.strategies].sort((x, y) => y.summary.mean_healthy_weeks - x.summary.mean_healthy_weeks)[0];
    const headline = await page.locator(`#${id} .headline`).innerText();
    const named = inst.result.strategies.filter((s) => headline.includes(s.label)).sort((x, y) => headline.indexOf(x.label) - headline.indexOf(y.label));
    assert.equal(named[0]?.id, best.id, `#${id}'s headline leads with ${best.label}: ${headline}`);
    assert.ok(await page.locator(`#${id} .headline + figure`).count(), `#${id}'s headline comes before the chart`);
  }

  // The event's detail is the element's .result, once per full result.
  const recorded = await page.evaluate(() => window.__record.results);
  assert.deepEqual(
    recorded.map((r) => [r.id, r.runs, r.same]).sort(),
    [
      ['a', 300, true],
      ['b', 250, true],
    ],
  );

  // Controls: compact shows preset/strategies/runs/seed only; full adds weeks/threshold/window/smoothing; none shows no form.
  assert.equal(a.formHidden, false);
  assert.equal(await page.locator('#a select[name=preset]').isVisible(), true);
  assert.equal(await page.locator('#a input[name=seed]').inputValue(), '7');
  assert.equal(await page.locator('#a input[name=weeks]').isVisible(), false);
  assert.equal(await page.locator('#b input[name=weeks]').isVisible(), true);
  assert.equal(await page.locator('#b input[name=threshold]').inputValue(), '0.4');
  assert.equal(await page.locator('#b input[name=smoothing]').inputValue(), '8');
  assert.equal(await page.locator('#a input[name=smoothing]').isVisible(), false);
  assert.equal(await page.locator('#b input[name=seed]').inputValue(), '18446744073709551615');
  assert.equal((await inspect(page, 'bad')).formHidden, true);

  // height: the chart is as tall as asked (default 220).
  const aHeight = await page.locator('#a .uplot').evaluate((el) => el.getBoundingClientRect().height);
  const bHeight = await page.locator('#b .uplot').evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(Math.abs(aHeight - 200) <= 2, `chart a is 200 px tall (${aHeight})`);
  assert.ok(Math.abs(bHeight - 220) <= 2, `chart b is 220 px tall (${bHeight})`);

  // Styles stay inside: uPlot's stylesheet applies in the shadow roots; the page gets no style elements.
  assert.equal(await page.locator('#a .u-over').evaluate((el) => getComputedStyle(el).position), 'absolute');
  assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 0);
  assert.equal(await page.evaluate(() => document.styleSheets.length), 1, 'only the page\'s own fixture.css');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontFamily), 'Georgia, serif');
  // theme="dark" on b only.
  const bg = (id) => page.evaluate((i) => getComputedStyle(document.getElementById(i)).backgroundColor, id);
  assert.equal(await bg('a'), 'rgb(255, 255, 255)');
  assert.equal(await bg('b'), 'rgb(21, 24, 29)');

  // Computed in module workers running the component's own file.
  const workers = page.workers().map((w) => w.url());
  assert.ok(workers.length >= 2, `workers: ${workers}`);
  for (const url of workers) assert.equal(url, `${server.url}velocity-cliff.js`);

  assert.deepEqual(await page.evaluate(() => window.__record.violations), [], 'no CSP violations');
  assert.deepEqual(foreign(requests), [], 'no request to another origin');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(artifacts, 'embed-component.png'), fullPage: false });
  await page.close();
});

/**
 * Puts a new <velocity-cliff> with these attributes first in the page's main.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {Record<string, string>} attributes
 */
function addElement(page, id, attributes) {
  return page.evaluate(
    ([id, attributes]) => {
      const el = document.createElement('velocity-cliff');
      el.id = id;
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
      document.querySelector('main')?.prepend(el);
    },
    /** @type {[string, Record<string, string>]} */ ([id, attributes]),
  );
}

test('the component gives byte for byte the numbers of the CLI', async () => {
  const { page } = await open('fixtures/component.html');
  await results(page, 'a');
  await results(page, 'b');
  const a = await inspect(page, 'a');
  assert.equal(a.resultJson, runCli(['--preset', 'b2b-saas', '--strategies', 'feature-first,controlled-evolution', '--runs', '300', '--seed', '7', '--weeks', '156']));
  const b = await inspect(page, 'b');
  assert.equal(
    b.resultJson,
    runCli([
      '--preset', 'data-platform', '--strategies', 'scale-early,big-rewrite,hypergrowth-hiring', '--runs', '250',
      '--seed', '18446744073709551615', '--weeks', '104', '--threshold', '0.4', '--window', '6',
    ]),
  );

  // A share string in `scenario`, with an attribute overriding it, equals `simulate --link … --runs …`.
  const share = await encodeShare({
    preset: 'marketplace',
    seed: '42',
    weeks: 100,
    collapse: { threshold: 0.45, window: 5 },
    params: { ramp_up_weeks: 20 },
    strategies: ['feature-first', { id: 'steady', label: 'Steady refactoring', base: 'controlled-evolution', refactor_share: 0.3 }],
  });
  await addElement(page, 'shared', { scenario: share, runs: '200' });
  await results(page, 'shared');
  const shared = await inspect(page, 'shared');
  assert.deepEqual(ids(shared.result), ['feature-first', 'steady']);
  assert.equal(shared.result.runs, 200);
  assert.equal(shared.resultJson, runCli(['--link', share, '--runs', '200']));
  // A calibrated link: the team's weeks are drawn over the fans, as on the page.
  const calibrated = await encodeShare({ preset: 'marketplace', seed: '3', weeks: 52, runs: 120, strategies: ['feature-first'], calibration: { unit: 'items', delivered: [9, 11, 10, 12, 8, 10], team: [3, 3, 3, 3, 3, 3] } });
  await addElement(page, 'calibrated', { scenario: calibrated });
  await results(page, 'calibrated');
  const drawn = await page.evaluate(() => {
    const chart = /** @type {any} */ (document.getElementById('calibrated')).chart;
    return { labels: chart.plot.series.map((/** @type {{label: string}} */ s) => s.label), last: chart.plot.data.at(-1).slice(0, 7) };
  });
  const calibratedResult = (await inspect(page, 'calibrated')).result;
  assert.equal(drawn.labels.at(-1), 'your weeks');
  assert.deepEqual(drawn.last, [...calibratedResult.calibration.smoothed, null]);
  assert.equal((await inspect(page, 'calibrated')).resultJson, runCli(['--link', calibrated]));
  // A link from an older model opens with a notice (as text) and still computes.
  const old = `v1.${zlib.deflateRawSync(Buffer.from(JSON.stringify({ m: '0.9.0', s: { runs: 100, strategies: ['feature-first'] } }))).toString('base64url')}`;
  await addElement(page, 'old', { scenario: old });
  await results(page, 'old');
  const model = (await inspect(page, 'shared')).result.model_version.replace(/\./g, '\\.');
  assert.match(await page.locator('#old .notice').innerText(), new RegExp(`made with model 0\\.9\\.0; it opened with model ${model}`));
  assert.equal((await inspect(page, 'old')).resultJson, runCli(['--link', old]));

  // A whole link (page URL + hash) works too: the next result is the link's, with runs from its attribute.
  await page.evaluate((s) => {
    const el = document.getElementById('shared');
    el.setAttribute('scenario', `https://example.org/velocity-cliff/#${s}`);
    el.setAttribute('runs', '210');
  }, share);
  await results(page, 'shared', 2);
  const whole = await inspect(page, 'shared');
  assert.equal(whole.error, '');
  assert.equal(whole.resultJson, runCli(['--link', share, '--runs', '210']));
  await page.close();
});

test('an instance far below the fold computes only once scrolled into view', async () => {
  const { page, errors } = await open('fixtures/component.html');
  await results(page, 'a');
  await results(page, 'b');
  await page.waitForTimeout(500);
  let below = await inspect(page, 'below');
  assert.equal(below.state, 'waiting');
  assert.equal(below.engine, null, 'no pool, no workers yet');
  assert.equal(below.result, null);
  assert.equal(await page.evaluate(() => window.__record.results.filter((r) => r.id === 'below').length), 0);
  const workersBefore = page.workers().length;

  await page.locator('#below').scrollIntoViewIfNeeded();
  await results(page, 'below');
  below = await inspect(page, 'below');
  assert.equal(below.state, 'ready');
  assert.equal(below.result.runs, 120);
  assert.equal(below.result.weeks, 52);
  assert.deepEqual(ids(below.result), ['feature-first']);
  assert.ok(page.workers().length > workersBefore, 'its own workers started on scrolling');

  // Idle instances free their workers, keep their result and start again on the next change.
  const idleBefore = page.workers().length;
  await page.evaluate(() => (/** @type {typeof import('../src/component/element.js').VelocityCliffElement} */ (customElements.get('velocity-cliff')).idleMs = 200));
  await page.evaluate(() => document.getElementById('below').setAttribute('seed', '4'));
  await results(page, 'below', 2);
  for (let i = 0; i < 50 && page.workers().length >= idleBefore; i++) await page.waitForTimeout(100);
  assert.ok(page.workers().length < idleBefore, `idle workers stopped (${page.workers().length} of ${idleBefore} left)`);
  below = await inspect(page, 'below');
  assert.equal(below.engine, 'worker');
  assert.equal(below.result.seed, 4);
  assert.equal(below.canvases, 1);
  await page.evaluate(() => document.getElementById('below').setAttribute('seed', '5'));
  await results(page, 'below', 3);
  assert.equal((await inspect(page, 'below')).result.seed, 5);
  await page.evaluate(() => (/** @type {typeof import('../src/component/element.js').VelocityCliffElement} */ (customElements.get('velocity-cliff')).idleMs = 60_000));
  await page.evaluate(() => document.getElementById('below').setAttribute('seed', '6'));
  await results(page, 'below', 4);

  // Removing an element stops its workers.
  const workersNow = page.workers().length;
  await page.evaluate(() => document.getElementById('below').remove());
  for (let i = 0; i < 50 && page.workers().length >= workersNow; i++) await page.waitForTimeout(100);
  assert.ok(page.workers().length < workersNow, `workers stopped (${page.workers().length} of ${workersNow} left)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('invalid attributes show a readable message inside the element, run no script and leave the others working', async () => {
  const { page, errors, dialogs } = await open('fixtures/component.html');
  await results(page, 'a');
  await page.locator('#hostile').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => ['bad', 'hostile'].every((id) => /** @type {VC} */ (document.getElementById(id)).state === 'error'));

  const bad = await inspect(page, 'bad');
  assert.equal(bad.error, 'invalid runs: "abc" (allowed: a whole number from 1 to 1000000)');
  assert.equal(bad.result, null);
  assert.equal(bad.canvases, 0);
  assert.equal(await page.locator('#bad .error').isVisible(), true);

  const hostile = await inspect(page, 'hostile');
  assert.match(hostile.error, /^invalid preset: "<img src=x onerror=window.__pwned=1>" \(allowed: one of b2b-saas, /);
  assert.equal(await page.evaluate(() => document.getElementById('hostile').shadowRoot.querySelectorAll('img').length), 0, 'shown as text, not HTML');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  const recorded = await page.evaluate(() => window.__record.errors.map((e) => e.id).sort());
  assert.deepEqual(recorded, ['bad', 'hostile'], 'a velocity-cliff-error event from each');

  // The good instances are unaffected.
  await results(page, 'b');
  assert.equal((await inspect(page, 'a')).state, 'ready');
  assert.equal((await inspect(page, 'b')).state, 'ready');

  // More bad values, one at a time, each named in the message.
  /** @type {[string, string, RegExp][]} */
  const cases = [
    ['strategies', 'feature-first,nope', /^invalid strategies: "nope" \(allowed: ids from: feature-first, /],
    ['seed', '-1', /^invalid seed: "-1" \(allowed: a whole number from 0 to 18446744073709551615\)$/],
    ['weeks', '99999', /^invalid weeks: 99999 \(allowed: a whole number from 1 to 1040\)$/],
    ['threshold', '1.5', /^invalid threshold: 1.5 \(allowed: a number greater than 0 and less than 1\)$/],
    ['smoothing', '0', /^invalid smoothing: 0 \(allowed: a whole number from 1 to 52\)$/],
    ['height', 'tall', /^invalid height: "tall" \(allowed: a whole number of pixels from 80 to 1200\)$/],
    ['theme', 'neon', /^invalid theme: "neon" \(allowed: one of auto, light, dark\)$/],
    ['controls', 'all', /^invalid controls: "all" \(allowed: one of none, compact, full\)$/],
    ['scenario', 'v1.not-a-real-link', /^invalid share link/],
  ];
  for (const [name, value, pattern] of cases) {
    await page.evaluate(([n, v]) => {
      const el = document.getElementById('bad');
      el.setAttribute('runs', '150');
      el.setAttribute(n, v);
    }, [name, value]);
    await page.waitForFunction((n) => document.getElementById('bad').shadowRoot.querySelector('.error').textContent.includes(n === 'scenario' ? 'share link' : n), name);
    assert.match((await inspect(page, 'bad')).error, pattern);
    await page.evaluate((n) => document.getElementById('bad').removeAttribute(n), name);
  }

  // Fixed: it computes and the message goes away.
  await results(page, 'bad');
  const fixed = await inspect(page, 'bad');
  assert.equal(fixed.error, '');
  assert.equal(fixed.state, 'ready');
  assert.equal(fixed.result.runs, 150);
  assert.equal(await page.locator('#bad .error').isVisible(), false);

  assert.deepEqual(await page.evaluate(() => window.__record.violations), [], 'no CSP violations (no inline script or style was attempted)');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('attribute changes and the controls recompute', async () => {
  const { page, errors } = await open('fixtures/component.html');
  await results(page, 'a');
  await page.evaluate(() => document.getElementById('a').setAttribute('seed', '8'));
  await results(page, 'a', 2);
  assert.equal((await inspect(page, 'a')).result.seed, 8);
  assert.equal(await page.locator('#a input[name=seed]').inputValue(), '8');

  // The controls set the attributes, which recompute.
  await page.locator('#a select[name=preset]').selectOption('media-app');
  await results(page, 'a', 3);
  assert.equal(await page.getAttribute('#a', 'preset'), 'media-app');
  assert.equal((await inspect(page, 'a')).result.scenario.preset, 'media-app');

  await page.locator('#a input[value="scale-early"]').check();
  await results(page, 'a', 4);
  assert.equal(await page.getAttribute('#a', 'strategies'), 'feature-first,scale-early,controlled-evolution');
  assert.deepEqual(ids((await inspect(page, 'a')).result), ['feature-first', 'scale-early', 'controlled-evolution']);

  await page.locator('#a input[name=runs]').fill('180');
  await page.locator('#a input[name=runs]').press('Enter');
  await results(page, 'a', 5);
  assert.equal(page.url(), `${server.url}fixtures/component.html`, 'Enter does not submit the form');
  assert.equal((await inspect(page, 'a')).result.runs, 180);
  const json = (await inspect(page, 'a')).resultJson;
  assert.equal(json, runCli(['--preset', 'media-app', '--strategies', 'feature-first,scale-early,controlled-evolution', '--runs', '180', '--seed', '8', '--weeks', '156']));
  assert.equal(await page.locator('#a td[data-field=share]').first().innerText(), `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(JSON.parse(json).strategies[0].collapse.share * 100)} %`);

  // Properties reflect the attributes.
  await page.evaluate(() => (/** @type {VC} */ (document.getElementById('a')).runs = 160));
  await results(page, 'a', 6);
  assert.equal(await page.getAttribute('#a', 'runs'), '160');
  assert.equal((await inspect(page, 'a')).result.runs, 160);
  assert.equal(await page.evaluate(() => /** @type {VC} */ (document.getElementById('a')).preset), 'media-app');

  // smoothing: the weeks of the average collapse is judged on, like the CLI's --smoothing.
  await page.evaluate(() => document.getElementById('a').setAttribute('smoothing', '12'));
  await results(page, 'a', 7);
  const smoothed = await inspect(page, 'a');
  assert.equal(smoothed.result.scenario.collapse.smoothing, 12);
  assert.equal(smoothed.resultJson, runCli(['--preset', 'media-app', '--strategies', 'feature-first,scale-early,controlled-evolution', '--runs', '160', '--seed', '8', '--weeks', '156', '--smoothing', '12']));
  assert.match(await page.locator('#a figcaption').innerText(), /12-week average/);

  // Display attributes do not recompute.
  await page.evaluate(() => {
    const el = document.getElementById('a');
    el.setAttribute('theme', 'dark');
    el.setAttribute('height', '300');
  });
  await page.waitForFunction(() => Math.abs(document.getElementById('a').shadowRoot.querySelector('.uplot').getBoundingClientRect().height - 300) <= 2);
  assert.equal(await page.evaluate(() => window.__record.results.filter((r) => r.id === 'a').length), 7);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('a')).backgroundColor), 'rgb(21, 24, 29)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a million runs in the component: an estimate at once, then progress; a change cancels it', async () => {
  const { page, errors } = await open('fixtures/component.html');
  await results(page, 'a');
  const status = () => page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.status').textContent);
  await page.evaluate(() => document.getElementById('a').setAttribute('runs', '1000000'));
  // A state, not a time: the estimate is on screen (the box is marked) and the status counts runs at a rate.
  await page.waitForFunction(() => {
    const el = /** @type {VC} */ (document.getElementById('a'));
    const root = el.shadowRoot;
    return el.state === 'running' && root.querySelector('.vc').classList.contains('estimate') && / runs\/s · /.test(root.querySelector('.status').textContent);
  });
  // Worded as in the page (core/format.js progressStatus).
  assert.match(await status(), /^running [\d,]+ \/ 1,000,000 runs · [\d,]+ runs\/s · (about .+|under a second) left · estimate from [\d,]+ runs shown$/);
  const shown = Number(/estimate from ([\d,]+) runs shown$/.exec(await status())[1].replace(/,/g, ''));
  assert.ok(shown >= 20 && shown < 1_000_000, `an estimate from ${shown} runs`);
  assert.deepEqual((await inspect(page, 'a')).rows, ['feature-first', 'controlled-evolution'], 'the estimate is painted');

  // A change cancels the million: the next result event is the new input's.
  await page.evaluate(() => document.getElementById('a').setAttribute('runs', '140'));
  await results(page, 'a', 2);
  const a = await inspect(page, 'a');
  assert.equal(a.state, 'ready');
  assert.equal(a.result.runs, 140);
  assert.equal(a.resultJson, runCli(['--preset', 'b2b-saas', '--strategies', 'feature-first,controlled-evolution', '--runs', '140', '--seed', '7', '--weeks', '156']));
  assert.deepEqual(await page.evaluate(() => window.__record.results.filter((r) => r.id === 'a').map((r) => r.runs)), [300, 140]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('where workers are forbidden it computes on the main thread in short tasks, with the same numbers', async () => {
  const { page } = await open('fixtures/no-workers.html');
  // While it computes, the page's own tasks still run: a task queued from
  // outside comes back while the component is still running, and the
  // fixture's 10 ms timer keeps firing. (States, not durations: a frozen
  // page would answer only once the result is in.)
  await page.waitForFunction(() => /** @type {VC} */ (document.getElementById('main'))?.state === 'running');
  const probe = () => page.evaluate(() => new Promise((answer) => setTimeout(() => answer(/** @type {VC} */ (document.getElementById('main')).state), 0)));
  const states = [await probe(), await probe(), await probe()];
  assert.equal(states[0], 'running', `a task queued during the run ran before the run ended: ${states}`);
  await results(page, 'main');
  const ticks = await page.evaluate(() => {
    const done = window.__record.results[0].at;
    return window.__ticks.filter((t) => t >= window.__runningAt && t <= done).length;
  });
  const main = await inspect(page, 'main');
  assert.equal(main.engine, 'main-thread');
  assert.equal(main.state, 'ready');
  assert.equal(main.result.runs, 5000);
  assert.ok(ticks >= 3, `the timer kept ticking while computing (${ticks} ticks)`);
  assert.equal(main.resultJson, runCli(['--preset', 'media-app', '--strategies', 'feature-first,big-rewrite', '--runs', '5000', '--seed', '11', '--weeks', '260']));
  const violations = await page.evaluate(() => window.__record.violations);
  assert.ok(violations.length >= 1 && violations.every((v) => v.startsWith('worker-src')), `only the forbidden workers were blocked: ${violations}`);
  await page.close();
});

test('loaded from another origin (a CDN) it still computes in a worker, with the same numbers', async () => {
  const { page, errors } = await open(`fixtures/cross-origin.html?cdn=${encodeURIComponent(cdn.url)}`);
  await results(page, 'main');
  const main = await inspect(page, 'main');
  assert.equal(main.engine, 'worker');
  assert.ok(page.workers().length >= 1);
  assert.equal(main.resultJson, runCli(['--preset', 'marketplace', '--strategies', 'controlled-evolution,hypergrowth-hiring', '--runs', '300', '--seed', '5', '--weeks', '120']));
  assert.deepEqual(errors, []);
  await page.close();
});

// ---- the iframe page ---------------------------------------------------------------

/** The <velocity-cliff> inside embed.html, in `frame`. */
function embedded(frame) {
  return frame.evaluate(() => {
    const el = document.querySelector('velocity-cliff');
    const error = /** @type {HTMLElement} */ (el.shadowRoot.querySelector('.error'));
    const open = document.getElementById('open');
    return {
      state: el.state,
      engine: el.engine,
      result: el.result,
      resultJson: el.resultJson,
      error: error.hidden ? '' : error.textContent,
      hint: !(/** @type {HTMLElement} */ (document.getElementById('hint')).hidden),
      link: open.hidden ? null : open.getAttribute('href'),
      pwned: window.__pwned,
      images: document.querySelectorAll('img').length + el.shadowRoot.querySelectorAll('img').length,
    };
  });
}

test('the iframe page tells its host its height and the result', async () => {
  const scenario = { preset: 'b2b-saas', strategies: ['feature-first', 'controlled-evolution', 'big-rewrite'], runs: 400, seed: '9', weeks: 208 };
  const share = await encodeShare(scenario);
  const { page, errors, requests } = await open(`fixtures/host.html?hash=${encodeURIComponent(`#${share}`)}`);
  await page.waitForFunction(() => window.__messages.some((m) => m.type === 'result'), null, { timeout: 60_000 });
  // The last resize has arrived once the iframe is as tall as its content (same origin: the host can measure it).
  await page.waitForFunction(() => {
    const iframe = document.querySelector('iframe');
    const height = Math.ceil(iframe.contentDocument.body.getBoundingClientRect().height);
    const resize = window.__messages.filter((m) => m.type === 'resize').pop();
    return resize && resize.height === height && iframe.style.height === `${height}px`;
  });
  const messages = await page.evaluate(() => window.__messages);
  for (const m of messages) assert.equal(m.origin, server.url.replace(/\/$/, ''));

  const resizes = messages.filter((m) => m.type === 'resize');
  assert.ok(resizes.length >= 1);
  for (const m of resizes) assert.ok(Number.isInteger(m.height) && m.height > 0, `positive height ${m.height}`);
  const last = resizes[resizes.length - 1].height;
  assert.ok(last > 300, `the content with chart and table is taller than 300 px (${last})`);
  const iframe = page.locator('iframe');
  assert.equal(await iframe.evaluate((f) => f.style.height), `${last}px`);
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  const inner = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  assert.equal(inner, last, 'the reported height is the content height');
  assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight), true, 'no inner scroll bar');

  const result = messages.find((m) => m.type === 'result');
  assert.equal(result.source, 'velocity-cliff');
  assert.equal(result.share, share);
  assert.equal(result.runs, 400);
  assert.equal(result.weeks, 208);
  const expected = JSON.parse(runCli(['--link', share]));
  assert.equal(result.model_version, expected.model_version);
  assert.deepEqual(
    result.summary,
    expected.strategies.map((s) => ({
      strategy: s.id,
      label: s.label,
      collapse_share: s.collapse.share,
      median_collapse_week: s.collapse.week_p50,
      collapse_week_p10: s.collapse.week_p10,
      collapse_week_p90: s.collapse.week_p90,
      mean_healthy_weeks: s.summary.mean_healthy_weeks,
      features_p50: s.summary.features_p50,
      healthy_share: s.summary.healthy_share,
      out_of_cash_share: s.summary.out_of_cash_share,
    })),
  );
  const state = await embedded(frame);
  assert.equal(state.resultJson, runCli(['--link', share]));
  assert.equal(state.engine, 'worker');
  assert.equal(state.link, `./#${share}`);
  assert.equal(await frame.locator('#open').isVisible(), true);
  await page.screenshot({ path: path.join(artifacts, 'embed-iframe.png'), fullPage: true });

  // A new hash shows the new scenario and sends a new result: its own seed
  // too (the element never writes the seed it ran back onto its attributes).
  const other = await encodeShare({ ...scenario, runs: 150, seed: '18446744073709551615', strategies: ['hypergrowth-hiring'] });
  await frame.evaluate((s) => (location.hash = s), other);
  await page.waitForFunction((s) => window.__messages.some((m) => m.type === 'result' && m.share === s), other, { timeout: 60_000 });
  const second = (await page.evaluate(() => window.__messages)).filter((m) => m.type === 'result').pop();
  assert.equal(second.runs, 150);
  assert.deepEqual(second.summary.map((s) => s.strategy), ['hypergrowth-hiring']);
  const secondState = await embedded(frame);
  assert.equal(secondState.resultJson, runCli(['--link', other]), 'the second link runs its own seed');
  assert.equal(await frame.evaluate(() => document.querySelector('velocity-cliff').hasAttribute('seed')), false, 'no seed attribute written');
  // And back to a link with another seed again.
  const third = await encodeShare({ ...scenario, runs: 120, seed: '9007199254740993' });
  await frame.evaluate((s) => (location.hash = s), third);
  await page.waitForFunction((s) => window.__messages.some((m) => m.type === 'result' && m.share === s), third, { timeout: 60_000 });
  assert.equal((await embedded(frame)).resultJson, runCli(['--link', third]), 'the third link runs its own seed');

  // A broken hash: an error message to the host as well.
  await frame.evaluate(() => (location.hash = 'v1.broken'));
  await page.waitForFunction(() => window.__messages.some((m) => m.type === 'error'));
  const error = (await page.evaluate(() => window.__messages)).find((m) => m.type === 'error');
  assert.match(error.message, /^invalid share link/);
  assert.deepEqual(foreign(requests), []);
  assert.deepEqual(errors, []);
  await page.close();
});

/** A share string whose payload is any text (what an attacker could craft). */
function craft(payload) {
  return `v1.${zlib.deflateRawSync(Buffer.from(payload)).toString('base64url')}`;
}

test('a hostile or broken hash shows a message and runs no script', async () => {
  const good = await encodeShare({ preset: 'media-app', runs: 100 });
  /** @type {[string, RegExp][]} */
  const hashes = [
    ['<script>window.__pwned=1</script>', /^invalid share link version: "<script>window" \(allowed: v1\)$/],
    ['<script>alert(1)</script>', /^invalid share link: "<script>alert\(1\)<\/script>" \(allowed: v1.<payload>\)$/],
    ['<img src=x onerror="window.__pwned=1">', /^invalid share link/],
    ['javascript:window.__pwned=1', /^invalid share link/],
    [good.slice(0, -8), /^invalid share link: a truncated or damaged payload/],
    [`v1.${'A'.repeat(20_000)}`, /^invalid share link/],
    [craft(JSON.stringify({ m: '1.0.0', s: { runs: 1e12, weeks: 1e9 } })), /^invalid runs: 1000000000000 \(allowed: a whole number from 1 to 1000000\)$/],
    [craft(JSON.stringify({ m: '1.0.0', s: { preset: '<img src=x onerror=window.__pwned=1>' } })), /^invalid preset: "<img src=x onerror=window.__pwned=1>"/],
    [craft('{"m":"1.0.0","s":' + '['.repeat(5000) + ']'.repeat(5000) + '}'), /^invalid share link/],
    [craft('not json at all'), /^invalid share link/],
  ];
  const { page, errors, dialogs } = await open('embed.html');
  await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
  assert.equal((await embedded(page.mainFrame())).result.scenario.preset, 'marketplace', 'no hash: the default scenario');
  for (const [hash, pattern] of hashes) {
    await page.goto(`${server.url}embed.html#${hash}`);
    await page.reload(); // a fresh page for each hash, not a hashchange
    await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'error', null, { timeout: 10_000 });
    const state = await embedded(page.mainFrame());
    assert.match(state.error, pattern, `hash ${hash.slice(0, 60)}`);
    assert.equal(state.hint, true, 'the page says what to do');
    assert.equal(state.link, null, 'no link to a broken scenario');
    assert.equal(state.result, null);
    assert.equal(state.pwned, undefined);
    assert.equal(state.images, 0);
  }
  await page.screenshot({ path: path.join(artifacts, 'embed-broken-hash.png') });
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});

// ---- accessibility -----------------------------------------------------------------

/** Runs axe-core in the page; returns the serious and critical violations. */
async function axe(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('axe finds no serious or critical accessibility problem on the component page or the embed page', async () => {
  const { page } = await open('fixtures/component.html');
  await results(page, 'a');
  await results(page, 'b');
  await page.locator('#below').scrollIntoViewIfNeeded();
  await results(page, 'below');
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('velocity-cliff')) el.shadowRoot.querySelector('details').open = true;
  });
  assert.deepEqual(await axe(page), []);
  await page.close();

  const share = await encodeShare({ preset: 'media-app', runs: 200 });
  for (const query of ['', '?controls=full&theme=dark']) {
    const embed = await open(`embed.html${query}#${share}`);
    await embed.page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
    assert.equal(await embed.page.evaluate(() => document.querySelector('velocity-cliff').getAttribute('controls')), query ? 'full' : 'none');
    assert.deepEqual(await axe(embed.page), [], `embed.html${query}`);
    await embed.page.close();
  }
});
