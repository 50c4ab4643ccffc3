// The page's SVG buttons: the core's renderer on the page's result, so the
// file is byte for byte `velocity-cliff render` of the same link, in the
// theme the page shows. Run with `npm test` after `npm run build` and `make cli`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, ready, cli } from './harness.mjs';

const env = useBrowser();
const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vc-render-'));
const file = path.join(dir, 'scenario.json');
fs.writeFileSync(file, '{"preset":"marketplace","strategies":["feature-first","hypergrowth-hiring","controlled-evolution"],"runs":120,"weeks":208,"seed":11}\n');
const link = execFileSync(cli, ['share', '--scenario', file]).toString().trim();

/** The file a click on `selector` downloads. */
async function downloadOf(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

/** @type {Array<{ theme: 'light' | 'dark', charts: string[] }>} */
const cases = [
  { theme: 'light', charts: ['velocity', 'survival'] },
  { theme: 'dark', charts: ['histogram', 'cash'] },
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
