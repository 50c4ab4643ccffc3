// Browser tests of sharing, exporting, teaching, accessibility and offline use
// of the built app (dist/), in headless Chromium under the app's own Content
// Security Policy. Run with `npm test` after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { useBrowser, ready, cli, assertAccessible, downloadOf } from './harness.mjs';
import { QUIET_MS } from '../src/page/share.js';

const env = useBrowser();

/** A share string made by hand, for links the page itself would never write. */
function rawLink(body) {
  return `v1.${zlib.deflateRawSync(Buffer.from(body)).toString('base64url')}`;
}

/**
 * A fresh browser context (its own storage) and page that records console
 * errors, page errors, CSP violations, dialogs and every request's origin.
 */
async function context(options = {}) {
  const ctx = await env.browser.newContext({ viewport: { width: 1300, height: 900 }, acceptDownloads: true, ...options });
  const problems = [];
  const foreign = [];
  ctx.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(env.server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const watch = (page) => {
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
  };
  ctx.on('page', watch);
  const page = await ctx.newPage();
  return { ctx, page, problems, foreign };
}

async function run(page, patch) {
  await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
  await ready(page);
}

/** Asserts that nothing went wrong in the page: no errors, no CSP violations, no foreign requests. */
async function clean({ page, problems, foreign }) {
  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp, [], 'Content Security Policy violations');
  assert.deepEqual(problems, [], 'console errors, page errors or dialogs');
  assert.deepEqual(foreign, [], 'requests to other origins');
}

const SCENARIO = {
  preset: 'b2b-saas',
  strategies: ['feature-first', 'controlled-evolution'],
  runs: 300,
  seed: '12345678901234567890',
  weeks: 156,
  threshold: 0.4,
  window: 6,
  params: { ramp_up_weeks: 16 },
};

test('a link reproduces the same numbers, in another browser and in the CLI', async () => {
  const a = await context();
  await a.page.goto(env.server.url);
  await ready(a.page);
  await run(a.page, SCENARIO);
  const url = a.page.url();
  const link = new URL(url).hash.slice(1);
  assert.match(link, /^v1\.[A-Za-z0-9_-]+$/);
  const first = await a.page.evaluate(() => window.velocityCliff.lastResultJson);

  const b = await context();
  await b.page.goto(url);
  await ready(b.page);
  assert.equal(await b.page.evaluate(() => window.velocityCliff.lastResultJson), first, 'same link, same bytes');
  assert.equal(await b.page.inputValue('#seed'), SCENARIO.seed);
  assert.equal(await b.page.inputValue('#p-ramp_up_weeks'), '16');

  const fromCli = execFileSync(cli, ['simulate', '--link', url]).toString().trim();
  assert.equal(fromCli, first, 'the CLI gives the same bytes for the link');
  await clean(a);
  await clean(b);
  await a.ctx.close();
  await b.ctx.close();
});

test('back and forward walk through the changes', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await run(page, { runs: 200, weeks: 104 });
  const one = { hash: await page.evaluate(() => location.hash), json: await page.evaluate(() => window.velocityCliff.lastResultJson) };
  await page.waitForTimeout(1100); // a new field after a pause makes a new history entry
  await page.fill('#seed', '99');
  await ready(page);
  const two = await page.evaluate(() => location.hash);
  assert.notEqual(two, one.hash);
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, one.hash);
  await ready(page);
  assert.equal(await page.inputValue('#seed'), '1');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), one.json, 'back gives the earlier numbers');
  await page.goForward();
  await page.waitForFunction((h) => location.hash === h, two);
  await ready(page);
  assert.equal(await page.inputValue('#seed'), '99');
  await clean(c);
  await c.ctx.close();
});

test('a burst of inputs makes one history entry and one write, the last input\'s link, once its job is shown and the input quiet', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await page.waitForTimeout(1100); // a pause: the burst makes a new history entry
  const before = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__writes = 0;
    for (const name of /** @type {const} */ (['pushState', 'replaceState'])) {
      const write = history[name].bind(history);
      history[name] = (...args) => {
        w.__writes += 1;
        w.__writtenAt = performance.now();
        return write(...args);
      };
    }
    return history.length;
  });
  // Twelve positions of the threshold slider, 10 ms apart, as a drag gives them.
  const span = await page.evaluate(async () => {
    const range = /** @type {HTMLInputElement} */ (document.getElementById('threshold-range'));
    const start = performance.now();
    for (let i = 0; i < 12; i++) {
      range.value = (0.2 + 0.05 * i).toFixed(2);
      range.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((done) => setTimeout(done, 10));
    }
    return performance.now() - start;
  });
  await ready(page);
  const after = await page.evaluate(() => {
    const vc = window.velocityCliff;
    const w = /** @type {any} */ (window);
    return { length: history.length, writes: w.__writes, writtenAt: w.__writtenAt, full: vc.timings[vc.generation].full, link: vc.link, threshold: vc.input.threshold };
  });
  assert.equal(after.threshold, 0.75);
  assert.equal(after.length, before + 1, 'one history entry for the burst');
  assert.equal(new URL(page.url()).hash.slice(1), after.link, "the address holds the last input's link");
  assert.equal(after.writes, 1, `one write for a burst of ${span.toFixed(0)} ms`);
  assert.ok(after.writtenAt >= after.full + QUIET_MS, `written ${(after.writtenAt - after.full).toFixed(0)} ms after the last job's result was painted`);
  await page.goBack();
  await ready(page);
  assert.notEqual(await page.evaluate(() => window.velocityCliff.input.threshold), 0.75, 'back goes to before the burst');
  await clean(c);
  await c.ctx.close();
});

test('hostile and malformed links open the default scenario with a message, and run no script', async () => {
  const hostile = [
    '<script>window.__pwned=1</script>',
    '"><img src=x onerror="window.__pwned=1">',
    'javascript:window.__pwned=1',
    'v1.',
    'v2.AAAA',
    'v1.%3Cscript%3E',
    'v1.' + 'A'.repeat(20_000),
    rawLink('{"m":"1.0.0","s":{"runs":1e308}}'),
    rawLink('{"m":"1.0.0","s":{"runs":-5}}'),
    rawLink('{"m":"1.0.0","s":{"collapse":{"threshold":NaN}}}'),
    rawLink('{"m":"1.0.0","s":{"preset":"<img src=x onerror=window.__pwned=1>"}}'),
    rawLink('{"m":"1.0.0","s":{"strategies":[{"id":"x","label":"<script>window.__pwned=1</script>","refactor_share":2}]}}'),
    rawLink(`{"m":"1.0.0","s":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`),
    rawLink('{"m":"1.0.0","s":{},"evil":true}'),
    rawLink('{"m":"1.0.0","s":{"seed":"18446744073709551616"}}'),
    rawLink(JSON.stringify({ m: '1.0.0', s: { params: { ramp_up_weeks: 'x'.repeat(400_000) } } })),
    rawLink('{"m":"1.0.0","s":{"runs":1000}}').slice(0, -6),
  ];
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  const defaults = await page.evaluate(() => window.velocityCliff.lastResultJson);
  for (const link of hostile) {
    await page.goto('about:blank');
    await page.goto(`${env.server.url}#${link}`);
    await ready(page);
    const notice = await page.textContent('[data-testid=notice]');
    assert.match(notice, /could not be opened: invalid [^:]+:/, `a message for ${link.slice(0, 60)}`);
    assert.equal(await page.isVisible('[data-testid=notice]'), true);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
    assert.equal(await page.locator('main img').count(), 0, 'no markup from the link was inserted');
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), defaults, 'the default scenario ran');
  }
  // A bad hash typed into an open page keeps what the user had.
  await run(page, { runs: 70 });
  const mine = { url: page.url(), json: await page.evaluate(() => window.velocityCliff.lastResultJson) };
  await page.evaluate((h) => (location.hash = h), hostile[4]);
  await page.waitForFunction(() => /Keeping the current scenario/.test(document.querySelector('[data-testid=notice]').textContent));
  assert.equal(page.url(), mine.url, 'the address is put back');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), mine.json);
  await clean(c);
  await c.ctx.close();
});

test('a link from an older model version opens with a notice', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(`${env.server.url}#${rawLink('{"m":"0.9.0","s":{"preset":"media-app","runs":150}}')}`);
  await ready(page);
  assert.match(await page.textContent('[data-testid=notice]'), /made with model 0\.9\.0.*numbers may differ/);
  assert.equal(await page.inputValue('#preset'), 'media-app');
  assert.equal(await page.inputValue('#runs'), '150');
  await clean(c);
  await c.ctx.close();
});

test('reload restores the last scenario; reset to preset is one click', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await run(page, { preset: 'data-platform', runs: 250, seed: '7', params: { coupling: 0.5 } });
  const json = await page.evaluate(() => window.velocityCliff.lastResultJson);
  await page.goto(env.server.url); // no hash: the kept scenario
  await ready(page);
  assert.equal(await page.inputValue('#preset'), 'data-platform');
  assert.equal(await page.inputValue('#runs'), '250');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), json);
  await page.click('#reset-preset');
  await ready(page);
  const input = await page.evaluate(() => ({ ...window.velocityCliff.input }));
  assert.equal(input.preset, 'data-platform', 'the preset stays');
  assert.equal(input.runs, 1000);
  assert.equal(input.seed, '1');
  assert.deepEqual(input.params, {});
  await page.goBack(); // and back undoes the reset
  await ready(page);
  assert.equal(await page.inputValue('#runs'), '250');
  await clean(c);
  await c.ctx.close();
});

test('copy link, QR code and the embed dialog', async () => {
  const c = await context({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await run(page, { runs: 120 });
  await page.click('#copy-link');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, page.url());
  await page.click('#show-qr');
  await page.waitForFunction(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById('qr-canvas'));
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 64 && d[i + 3] > 0) dark++;
    return dark > 1000;
  });
  assert.equal(await page.inputValue('#qr-link'), page.url());
  await page.keyboard.press('Escape');
  await page.click('#show-embed');
  // The dialog opens once its snippets are filled (the click's handler makes them first).
  await page.waitForSelector('#embed-dialog[open]');
  const component = await page.inputValue('#embed-component');
  const iframe = await page.inputValue('#embed-iframe');
  const link = new URL(page.url()).hash.slice(1);
  assert.ok(component.includes(`${env.server.url}velocity-cliff.js`) && component.includes(`<velocity-cliff scenario="${link}"`), component);
  assert.ok(iframe.includes(`src="${env.server.url}embed.html#${link}"`), iframe);
  await page.click('[data-copy=embed-component]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), component);
  await clean(c);
  await c.ctx.close();
});

test('exports match the result; import restores a scenario exactly and refuses bad files', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await run(page, { ...SCENARIO, strategies: ['big-rewrite', 'hypergrowth-hiring', 'scale-early'] });
  const json = await page.evaluate(() => window.velocityCliff.lastResultJson);
  const url = page.url();

  const csv = await downloadOf(page, '#export-csv');
  assert.match(csv.name, /\.csv$/);
  const cliCsv = execFileSync(cli, ['simulate', '--link', url, '--format', 'csv']).toString();
  assert.equal(csv.bytes.toString(), cliCsv, 'the CSV equals the CLI’s, byte for byte');

  const exported = await downloadOf(page, '#export-json');
  const text = exported.bytes.toString();
  const parsed = JSON.parse(text);
  assert.equal(parsed.model_version, JSON.parse(json).model_version);
  assert.deepEqual(parsed.result, JSON.parse(json));
  assert.ok(text.includes(json), 'the result is kept byte for byte');
  assert.equal(parsed.scenario.seed, SCENARIO.seed);
  assert.equal(parsed.share, new URL(url).hash.slice(1));

  for (const chart of ['velocity', 'survival', 'histogram', 'users', 'team', 'debt', 'revenue', 'burn', 'cash', 'runway']) {
    const png = await downloadOf(page, `button.png[data-chart=${chart}]`);
    assert.equal(png.bytes.subarray(1, 4).toString(), 'PNG', `${chart} is a PNG`);
    assert.ok(png.bytes.length > 3000, `${chart} PNG has content (${png.bytes.length} bytes)`);
  }

  // Change everything, then import the export: the same numbers again.
  await run(page, { preset: 'media-app', runs: 90, seed: '3', strategies: ['feature-first'], params: {} });
  const exportFile = path.join(fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vc-')), 'export.json');
  fs.writeFileSync(exportFile, text);
  await page.setInputFiles('#import-file', exportFile);
  await page.waitForFunction(() => window.velocityCliff.input.preset === 'b2b-saas');
  await ready(page);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), json);
  assert.equal(page.url(), url, 'the link is the same as before');

  // A bad file: a clear message naming the field; the scenario is untouched.
  const bad = path.join(path.dirname(exportFile), 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ preset: 'b2b-saas', runs: 0 }));
  await page.setInputFiles('#import-file', bad);
  await page.waitForFunction(() => /Could not import/.test(document.querySelector('[data-testid=notice]').textContent));
  assert.match(await page.textContent('[data-testid=notice]'), /invalid runs: 0 \(allowed: [^)]+\)/);
  assert.equal(page.url(), url);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), json);
  fs.writeFileSync(bad, '{"runs": NaN}');
  await page.setInputFiles('#import-file', bad);
  await page.waitForFunction(() => /not valid JSON/.test(document.querySelector('[data-testid=notice]').textContent));

  // Drag and drop a scenario file onto the page.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{"preset":"marketplace","runs":80,"seed":"5","strategies":["feature-first",{"id":"steady","label":"Steady","base":"controlled-evolution","refactor_share":0.3}]}'], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => window.velocityCliff.input.runs === 80);
  await ready(page);
  const dropped = await page.evaluate(() => window.velocityCliff.lastResult.strategies.map((s) => s.id));
  assert.deepEqual(dropped, ['feature-first', 'steady']);
  assert.equal(await page.isChecked('#strategies input[value=steady]'), true, 'a custom strategy gets a checkbox');
  const fromCli = execFileSync(cli, ['simulate', '--link', page.url()]).toString().trim();
  assert.equal(fromCli, await page.evaluate(() => window.velocityCliff.lastResultJson), 'custom strategies survive the link');
  await clean(c);
  await c.ctx.close();
});

test('facilitator mode: predict, reveal and play by keyboard', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(`${env.server.url}#${rawLink('{"m":"1.0.0","s":{"runs":300,"seed":"42","strategies":["feature-first","big-rewrite"]}}')}`);
  await ready(page);
  await page.focus('#facilitator-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#facilitator'), true);
  assert.equal(await page.textContent('[data-testid=fac-seed]'), '42', 'the seed is shown');
  assert.equal(await page.isVisible('#controls'), false, 'the projector layout hides the controls');

  await page.focus('#predict');
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('[data-testid=summary]'), false, 'results hidden before the reveal');
  // The first prediction field has focus: type a week, tab on, leave the other blank.
  await page.keyboard.type('120');
  await page.keyboard.press('Tab');
  await page.keyboard.type('9999');
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('#prediction-error'), /invalid prediction for .*"9999" \(allowed: a whole week from 1 to 260/);
  assert.equal(await page.isVisible('[data-testid=summary]'), false);
  await page.fill('#predict-big-rewrite', '');
  await page.focus('#predict-big-rewrite');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=prediction-outcome]', { state: 'visible' });
  assert.equal(await page.isVisible('[data-testid=summary]'), true, 'revealed');
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  const ff = result.strategies.find((s) => s.id === 'feature-first');
  // A share reads as everywhere else ("12.3 %").
  const expected = `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format((1 - ff.collapse.survival[119]) * 100)} %`;
  assert.equal(await page.textContent('tr[data-strategy=feature-first] td[data-field=collapsed]'), expected);
  assert.equal(await page.textContent('tr[data-strategy=big-rewrite] td[data-field=prediction]'), 'no collapse');
  assert.deepEqual(await page.evaluate(() => window.velocityCliff.charts.markers), [{ id: 'feature-first', week: 120 }]);

  // Play: Home, then arrows step, space plays and pauses.
  await page.focus('#scrub');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.limit), 1);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.limit), 3);
  assert.match(await page.textContent('#play-week'), /^week 3 of 260$/);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => window.velocityCliff.charts.limit > 20);
  await page.keyboard.press(' ');
  const paused = await page.evaluate(() => window.velocityCliff.charts.limit);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.limit), paused, 'space paused');
  // The survival chart shows nothing past the week played to.
  const shown = await page.evaluate((week) => {
    const u = window.velocityCliff.charts.plot('survival');
    return { last: u.data[1][week - 1], after: u.data[1][week] };
  }, paused);
  assert.equal(typeof shown.last, 'number');
  assert.equal(shown.after, null);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.limit), null);
  await page.focus('#facilitator-toggle');
  await page.keyboard.press('Enter');
  assert.equal(await page.isVisible('#controls'), true);
  await clean(c);
  await c.ctx.close();
});

test('play respects reduced motion: whole quarters, no animation', async () => {
  const c = await context({ reducedMotion: 'reduce' });
  const { page } = c;
  await page.goto(`${env.server.url}?facilitator#${rawLink('{"m":"1.0.0","s":{"runs":100,"strategies":["feature-first"]}}')}`);
  await ready(page);
  assert.equal(await page.isVisible('#facilitator'), true, '?facilitator opens the mode');
  await page.focus('#scrub');
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => window.velocityCliff.charts.limit >= 14, null, { timeout: 5000 });
  const limit = await page.evaluate(() => window.velocityCliff.charts.limit);
  assert.equal((limit - 1) % 13, 0, `steps of 13 weeks (at ${limit})`);
  await page.keyboard.press(' ');
  await clean(c);
  await c.ctx.close();
});

test('accessible: summaries, data tables, live region, keyboard legend, no serious axe violations', async () => {
  const c = await context();
  const { page } = c;
  await page.goto(env.server.url);
  await ready(page);
  await run(page, { runs: 200, weeks: 104, strategies: ['feature-first', 'controlled-evolution'] });
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.match(await page.textContent('[data-testid=announce]'), /^Simulation complete\. .*feature-first/);
  assert.match(await page.textContent('[data-summary=survival]'), /^After 104 weeks, \d/);
  for (const name of ['velocity', 'survival', 'histogram', 'users', 'team', 'debt', 'revenue', 'burn', 'cash', 'runway', 'outcomes', 'why']) {
    assert.ok((await page.textContent(`[data-summary=${name}]`)).length > 20, `${name} has a summary`);
  }
  await page.click('details[data-table=survival] summary');
  await page.waitForSelector('details[data-table=survival] tbody tr');
  const rows = await page.locator('details[data-table=survival] tbody tr').count();
  assert.equal(rows, 104);
  const cell = await page.textContent('details[data-table=survival] tbody tr:nth-child(104) td:nth-child(2)');
  const share = result.strategies[0].collapse.survival[103];
  assert.equal(cell, `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(share * 100)} %`, 'a share reads as everywhere else');
  // The legend toggles a strategy by keyboard.
  const legend = page.locator('#survival-chart .u-legend .u-series').nth(1);
  await legend.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.isHidden('.fan[data-strategy=feature-first]'), true);
  assert.equal(await legend.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press(' ');
  assert.equal(await page.isVisible('.fan[data-strategy=feature-first]'), true);

  const scan = (label) => assertAccessible(page, label);
  await scan('the app');
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await scan('the app in the dark theme');
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
  await page.click('#facilitator-toggle');
  await page.click('#predict');
  await scan('facilitator mode while predicting');
  await clean(c);
  await c.ctx.close();
});

test('works offline after the first visit and is installable', async () => {
  const c = await context();
  const { page, ctx } = c;
  await page.goto(env.server.url);
  await ready(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]');
    return link ? (await fetch(/** @type {HTMLLinkElement} */ (link).href)).json() : null;
  });
  assert.ok(manifest, 'a web app manifest');
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
  assert.equal(manifest.display, 'standalone');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await ready(page);
  await ctx.setOffline(true);
  await page.reload();
  await ready(page);
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  await page.goto(`${env.server.url}#${rawLink('{"m":"1.0.0","s":{"runs":60}}')}`);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResult.runs), 60);
  await ctx.setOffline(false);
  await clean(c);
  await ctx.close();
});
