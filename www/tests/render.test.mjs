// The page's SVG buttons: the core's renderer on the page's result, so the
// file is byte for byte `velocity-cliff render` of the same link, in the
// theme the page shows. Run with `npm test` after `npm run build` and `make cli`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, ready, cli, downloadOf as downloadFile } from './harness.mjs';

const env = useBrowser();
const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vc-render-'));
const file = path.join(dir, 'scenario.json');
fs.writeFileSync(file, '{"preset":"marketplace","strategies":["feature-first","hypergrowth-hiring","controlled-evolution"],"runs":120,"weeks":208,"seed":11}\n');
const link = execFileSync(cli, ['share', '--scenario', file]).toString().trim();

/** The file a click on `selector` downloads, as text. */
async function downloadOf(page, selector) {
  const { name, bytes } = await downloadFile(page, selector);
  return { name, text: bytes.toString('utf8') };
}

/** @type {Array<{ theme: 'light' | 'dark', charts: string[] }>} */
const cases = [
  { theme: 'light', charts: ['velocity', 'survival', 'outcomes'] },
  { theme: 'dark', charts: ['histogram', 'cash', 'why'] },
];
for (const { theme, charts } of cases) {
  test(`the page's SVG (${theme}) is the CLI's render of the same link`, async () => {
    const page = await env.browser.newPage({ colorScheme: theme });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.server.url}#${link}`);
    await ready(page);
    for (const chart of charts) {
      const got = await downloadOf(page, `button.svg[data-chart="${chart}"]`);
      assert.match(got.name, new RegExp(`-${chart}\\.svg$`));
      const expected = execFileSync(cli, ['render', '--link', page.url(), '--chart', chart, '--theme', theme]).toString();
      assert.ok(expected.startsWith('<svg') && expected.includes('role="img"'));
      assert.equal(got.text, expected, chart);
    }
    assert.equal(await page.getAttribute('button.svg[data-chart="velocity"]', 'aria-label'), 'Download the Smoothed velocity (feature points per week) chart as SVG');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("a figure that cannot be made says so in the notice, and the next click makes it", async () => {
  // No service worker: once the first result is shown it would cache the
  // renderer's module and answer the page's request for it, past the route
  // that blocks it (the state this test needs is before that copy exists).
  const context = await env.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The renderer's module cannot load (as when offline before its first use).
  const blocked = (/** @type {import('playwright-core').Route} */ route) => route.abort();
  await page.route(/extra[^/]*\.wasm$/, blocked);
  await page.goto(`${env.server.url}#${link}`);
  await ready(page);
  const before = await page.evaluate(() => window.velocityCliff.lastResultJson);
  await page.click('button.svg[data-chart="velocity"]');
  const notice = page.locator('#notice');
  await notice.waitFor({ state: 'visible' });
  assert.equal(await notice.getAttribute('data-kind'), 'error');
  assert.match(await page.locator('#notice-text').innerText(), /^Could not make the .+ SVG: .+\. The result is unchanged; try again\.$/);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), before, 'the result is kept');
  assert.equal(await page.getByTestId('status').innerText(), 'ready');
  // Once the module can load, the same button downloads the CLI's file.
  await page.unroute(/extra[^/]*\.wasm$/, blocked);
  const got = await downloadOf(page, 'button.svg[data-chart="velocity"]');
  assert.equal(got.text, execFileSync(cli, ['render', '--link', page.url(), '--chart', 'velocity', '--theme', 'light']).toString());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the survival SVG follows the curve the page shows', async () => {
  const page = await env.browser.newPage({ colorScheme: 'light' });
  await page.goto(`${env.server.url}#${link}`);
  await ready(page);
  for (const measure of ['funded', 'both']) {
    await page.check(`input[name="survival-measure"][value="${measure}"]`);
    const got = await downloadOf(page, 'button.svg[data-chart="survival"]');
    assert.match(got.name, new RegExp(`-survival-${measure}\\.svg$`));
    assert.equal(got.text, execFileSync(cli, ['render', '--link', page.url(), '--chart', `survival-${measure}`]).toString(), measure);
  }
  await page.close();
});

/**
 * The snippet's element and what is inside it, the scenario attribute set
 * apart (the page links the scenario as set, the CLI the resolved scenario).
 * @param {string} html
 */
function element(html) {
  const start = html.indexOf('<velocity-cliff scenario="');
  const open = html.indexOf('">', start);
  return { scenario: html.slice(start + '<velocity-cliff scenario="'.length, open), rest: html.slice(open) };
}

test("the Embed dialog's snippet holds the fallback `render --embed` prints, and the figure file", async () => {
  const page = await env.browser.newPage({ colorScheme: 'dark' });
  await page.goto(`${env.server.url}#${link}`);
  await ready(page);
  await page.click('#show-embed');
  await page.waitForFunction(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('embed-component')).value.includes('<table>'));
  const withFile = await page.inputValue('#embed-component');
  assert.ok(withFile.startsWith(`<script type="module" src="${env.server.url}velocity-cliff.js"></script>\n<style>velocity-cliff:not(:defined){display:block}`), withFile.slice(0, 200));
  const figure = await downloadOf(page, '#embed-figure');
  assert.match(figure.name, /^velocity-cliff-marketplace-seed11-velocity\.svg$/);
  // The CLI, given the page's link and the same file name: the same element, figure and table.
  const out = path.join(dir, figure.name);
  const cliFile = execFileSync(cli, ['render', '--link', page.url(), '--embed', '--out', out]).toString();
  assert.equal(element(withFile).rest, element(cliFile).rest);
  assert.equal(figure.text, fs.readFileSync(out, 'utf8'), 'the figure file is the CLI\'s (light, whatever the page shows)');
  assert.ok(element(withFile).rest.includes(`<img src="${figure.name}" width="720" height="400" alt="Smoothed velocity`));
  // Both scenario attributes open the same scenario.
  const [a, b] = [element(withFile).scenario, element(cliFile).scenario].map((s) => execFileSync(cli, ['simulate', '--link', s]).toString());
  assert.equal(a, b);
  assert.equal(element(withFile).scenario, new URL(page.url()).hash.slice(1), "the page's own link");

  await page.check('input[name="embed-figure-mode"][value="inline"]');
  await page.waitForFunction(() => /** @type {HTMLTextAreaElement} */ (document.getElementById('embed-component')).value.includes('<svg'));
  const inline = await page.inputValue('#embed-component');
  assert.equal(element(inline).rest, element(execFileSync(cli, ['render', '--link', page.url(), '--embed']).toString()).rest);
  assert.equal(await page.isHidden('#embed-figure'), true, 'no file to download when inlined');
  await page.close();
});
