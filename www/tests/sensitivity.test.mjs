// Browser tests of parameter uncertainty and the sensitivity section, in the
// built page (dist/): the mode control changes the link and the result; each
// parameter shows its uncertainty, weakly evidenced ones marked; the
// "Which assumption decides this?" section, opened and driven from the
// keyboard, computes the analysis in the workers, draws the tornado sorted by
// swing with the base marked, and its report is byte for byte what
// `velocity-cliff sensitivity` prints for the same link with 1, 2 and 4
// workers; a newer request wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useBrowser, ready, cli, assertAccessible } from './harness.mjs';

const env = useBrowser();

/** A small scenario, so each analysis takes a few seconds. */
const INPUT = { preset: 'data-platform', strategies: ['feature-first', 'big-rewrite', 'controlled-evolution'], runs: 60, weeks: 80, seed: '9' };

/** Opens the page with `workers` workers and sets the small scenario. */
async function open(workers) {
  const page = await env.browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}?workers=${workers}`);
  await ready(page);
  await page.evaluate((input) => window.velocityCliff.setInput(input), INPUT);
  await ready(page);
  return { page, errors };
}

test('the uncertainty mode goes into the link and changes the result; parameters show their uncertainty', async () => {
  const { page, errors } = await open(2);
  const before = await page.evaluate(() => ({ link: window.velocityCliff.link, json: window.velocityCliff.lastResultJson }));
  assert.match(await page.textContent('[data-testid=uncertainty-mode]'), /^Parameters uncertain/);
  assert.equal(JSON.parse(before.json).scenario.uncertainty, 'parameters');
  // Keyboard: focus the checked radio, the arrow key picks the next one.
  await page.focus('input[name=uncertainty][value=parameters]');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((link) => window.velocityCliff.link !== link, before.link);
  await ready(page);
  const after = await page.evaluate(() => ({ link: window.velocityCliff.link, json: window.velocityCliff.lastResultJson, hash: location.hash }));
  assert.match(await page.textContent('[data-testid=uncertainty-mode]'), /^Weekly shocks only/);
  assert.equal(JSON.parse(after.json).scenario.uncertainty, 'shocks');
  assert.notEqual(after.json, before.json, 'drawing the parameters or not changes the result');
  const expected = execFileSync(cli, ['simulate', '--link', after.link, '--threads', '1']).toString().trim();
  assert.equal(after.json, expected, 'the link carries the mode: the CLI gives the page bytes');
  // Opening the link gives the mode back.
  await page.goto(`${env.server.url}?workers=1${after.hash}`);
  await ready(page);
  assert.equal(await page.isChecked('input[name=uncertainty][value=shocks]'), true);
  // The parameters panel: every parameter states its uncertainty; weak ones are marked in text.
  const params = await page.evaluate(() => {
    const cat = window.velocityCliff.catalogue;
    return cat.params.map((p) => ({
      name: p.name,
      evidence: p.evidence,
      text: document.querySelector(`[data-uncertainty="${p.name}"] > span`)?.textContent ?? '',
      label: document.querySelector(`label[for="p-${p.name}"]`)?.textContent ?? '',
    }));
  });
  assert.ok(params.some((p) => /^Uncertainty: triangular ±\d+ %/.test(p.text)));
  assert.ok(params.some((p) => /^Uncertainty: log-uniform ×/.test(p.text)));
  assert.ok(params.some((p) => /^Uncertainty: fixed/.test(p.text)));
  assert.ok(params.some((p) => p.evidence === 'weak'));
  for (const p of params) assert.equal(p.label.includes('(weakly evidenced)'), p.evidence === 'weak', p.name);
  assert.match(await page.textContent('#params-panel'), /A value you set is fixed/);
  const uncertain = params.find((p) => !/fixed/.test(p.text));
  assert.ok(uncertain);
  await page.evaluate((name) => window.velocityCliff.setInput({ params: { [name]: window.velocityCliff.catalogue.params.find((p) => p.name === name).default } }), uncertain.name);
  await ready(page);
  assert.match(await page.textContent(`[data-uncertainty="${uncertain.name}"]`), /^Uncertainty: fixed \(you set this value\)/);
  assert.deepEqual(JSON.parse(await page.evaluate(() => window.velocityCliff.lastResultJson)).scenario.fixed, [uncertain.name], 'the core fixes a value the user set');
  assert.deepEqual(errors, []);
  await page.close();
});

for (const workers of [1, 2, 4]) {
  test(`the tornado with ${workers} worker(s): sorted by swing, base marked, the CLI's bytes; newest request wins`, async () => {
    const { page, errors } = await open(workers);
    // Keyboard: focus the section's summary and open it.
    await page.focus('#sensitivity > summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => /** @type {HTMLDetailsElement} */ (document.getElementById('sensitivity')).open), true);
    // A first request, replaced at once by the one we check: the first is dropped.
    await page.selectOption('#sens-outcome', 'collapse-week');
    await page.selectOption('#sens-a', 'controlled-evolution');
    await page.selectOption('#sens-b', 'feature-first');
    await page.fill('#sens-top', '4');
    await page.dispatchEvent('#sens-top', 'change');
    await page.selectOption('#sens-outcome', 'healthy');
    await page.waitForFunction(() => window.velocityCliff.sensitivity.lastReportJson !== null, null, { timeout: 120_000, polling: 100 });
    const got = await page.evaluate(() => ({
      json: window.velocityCliff.sensitivity.lastReportJson,
      request: window.velocityCliff.sensitivity.lastRequest,
      link: window.velocityCliff.link,
      partial: window.velocityCliff.sensitivity.partialPaints,
      swings: [...document.querySelectorAll('[data-testid=tornado] .tornado-row')].map((r) => Number(/** @type {HTMLElement} */ (r).dataset.swing)),
      base: document.querySelectorAll('[data-testid=tornado] .tornado-base').length,
      rows: document.querySelectorAll('[data-testid=sens-table] tbody tr').length,
      summary: document.querySelector('[data-testid=sens-summary]')?.textContent ?? '',
      sentences: document.querySelectorAll('[data-testid=sens-sentences] li').length,
      values: document.querySelector('[data-testid=tornado] .tornado-values')?.textContent ?? '',
    }));
    assert.deepEqual(got.request, { outcome: 'healthy', top: 4, versus: ['controlled-evolution', 'feature-first'] });
    const expected = execFileSync(cli, ['sensitivity', '--link', got.link, '--versus', 'controlled-evolution,feature-first', '--outcome', 'healthy', '--top', '4', '--threads', '1']).toString().trim();
    assert.equal(got.json, expected, 'the page report is the CLI report, byte for byte');
    const report = JSON.parse(got.json);
    assert.equal(got.swings.length, report.tornado.length);
    assert.ok(got.swings.length > 0);
    for (let i = 1; i < got.swings.length; i++) assert.ok(got.swings[i - 1] >= got.swings[i], `sorted by swing: ${got.swings}`);
    assert.ok(got.base > 0, 'the base value is marked');
    assert.ok(got.partial > 0, 'bars were painted before the report');
    assert.equal(got.rows, report.tornado.length, 'one table row per bar');
    assert.equal(got.sentences, report.sentences.length);
    assert.match(got.summary, /^At the scenario's values, Evolve under real constraints minus Ignore the structure in share healthy at the horizon is [+−]?[\d.]+ points\./);
    assert.match(got.values, /^low .+ → [+−]?[\d.]+ points; high .+ → [+−]?[\d.]+ points$/, 'values labelled with units');
    await assertAccessible(page, 'the sensitivity section');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the web component shows the tornado of its sensitivity attribute, with the CLI bytes', async () => {
  const page = await env.browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A page of the server's origin with the single-file component, then the element.
  await page.goto(`${env.server.url}no-such-page`).catch(() => null);
  await page.setContent(`<!doctype html><html lang="en"><head><title>component</title><script type="module" src="${env.server.url}velocity-cliff.js"></script></head><body><main></main></body></html>`);
  await page.waitForFunction(() => customElements.get('velocity-cliff'));
  await page.evaluate(() => {
    const el = document.createElement('velocity-cliff');
    el.id = 't';
    const attributes = { preset: 'data-platform', strategies: 'feature-first,controlled-evolution', runs: '40', weeks: '60', seed: '3', sensitivity: 'versus:controlled-evolution,feature-first;outcome:healthy;top:3' };
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
    document.querySelector('main')?.prepend(el);
  });
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById('t'))?.sensitivityJson, null, { timeout: 120_000, polling: 100 });
  const got = await page.evaluate(() => {
    const el = /** @type {any} */ (document.getElementById('t'));
    const root = el.shadowRoot;
    return {
      json: el.sensitivityJson,
      swings: [...root.querySelectorAll('.tornado-row')].map((r) => Number(r.dataset.swing)),
      base: root.querySelectorAll('.tornado-base').length,
      summary: root.querySelector('.tornado-summary').textContent,
    };
  });
  const scenario = ['--preset', 'data-platform', '--strategies', 'feature-first,controlled-evolution', '--runs', '40', '--weeks', '60', '--seed', '3'];
  const expected = execFileSync(cli, ['sensitivity', ...scenario, '--versus', 'controlled-evolution,feature-first', '--outcome', 'healthy', '--top', '3']).toString().trim();
  assert.equal(got.json, expected);
  assert.equal(got.swings.length, JSON.parse(expected).tornado.length);
  for (let i = 1; i < got.swings.length; i++) assert.ok(got.swings[i - 1] >= got.swings[i]);
  assert.ok(got.base > 0);
  assert.match(got.summary, /^At the scenario's values/);
  // A bad attribute is refused by name.
  await page.evaluate(() => document.getElementById('t')?.setAttribute('sensitivity', 'outcome:healthy'));
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById('t'))?.state === 'error');
  assert.match(await page.evaluate(() => document.getElementById('t')?.shadowRoot?.querySelector('.error')?.textContent ?? ''), /^invalid sensitivity: /);
  assert.deepEqual(errors, []);
  await page.close();
});
