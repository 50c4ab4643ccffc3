// The page's new scenario controls, driven as a user would (keyboard included,
// axe clean): importing a team's throughput (pasted, then as a file; a bad
// CSV refused in one line with nothing changed; the weeks over the velocity
// chart, the sentence of what was set, the fit; the CLI given the page's link
// printing the page's bytes), the "hold fixed" choice per uncertain
// parameter (in the link and read back), and a rule with several conditions
// and actions added, edited and removed row by row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBrowser, ready, cli, assertAccessible } from './harness.mjs';

const env = useBrowser();

const WEEKS = 'week,delivered,team\n1,9,3\n2,11,3\n3,10,3\n4,12,3\n5,8,3\n6,10,3\n7,11,3\n8,9,3\n';

/** Opens the page with few runs and the model parameters shown. */
async function open(hash = '') {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${env.server.url}#${hash}`);
  await ready(page);
  if (!hash) {
    await page.fill('#runs', '200');
    await ready(page);
  }
  await page.locator('#params-panel > summary').click();
  return { page, errors };
}

test('importing throughput sets the parameters, overlays the weeks, reports the fit and travels in the link', async () => {
  assert.ok(fs.existsSync(cli), 'the CLI is missing: run `make cli` first');
  const { page, errors } = await open();
  const before = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link }));

  // A bad CSV, pasted with the keyboard: one line naming the line, the value and the range; nothing changes.
  await page.focus('#calibration-text');
  await page.keyboard.type('week,delivered\n1,9\n2,lots\n3,9\n4,9\n');
  await page.focus('#calibration-use');
  await page.keyboard.press('Enter');
  // The first calibration loads the extra module: the refusal comes once it is read.
  const refusal = await page.locator('#calibration-error:not(:empty)').innerText();
  assert.equal(await page.locator('#calibration').getAttribute('aria-busy'), null, 'not busy once answered');
  assert.equal(refusal, 'invalid calibration line 3, delivered: "lots" (allowed: a number from 0 to 1000000)');
  assert.equal(refusal.split('\n').length, 1);
  await page.waitForTimeout(200);
  const unchanged = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link, input: window.velocityCliff.input }));
  assert.equal(unchanged.json, before.json, 'a refused CSV starts no run');
  assert.equal(unchanged.link, before.link);
  assert.equal(unchanged.input.calibration, undefined);
  await assertAccessible(page, 'a refused CSV');

  // The good weeks, pasted.
  await page.fill('#calibration-text', WEEKS);
  await page.focus('#calibration-use');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.velocityCliff.input.calibration !== undefined);
  await ready(page);
  assert.equal(await page.locator('#calibration-error').innerText(), '');
  const said = await page.locator('#calibration-set').innerText();
  assert.match(said, /^From your 8 weeks .*productivity set to [\d.]+ items per engineer-week .*weekly velocity noise to [\d.]+, the starting team to 3 engineers/);
  const state = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link, input: window.velocityCliff.input }));
  const result = JSON.parse(state.json);
  assert.deepEqual(Object.keys(state.input.params).sort(), ['initial_engineers', 'noise_base', 'productivity']);
  assert.deepEqual(state.input.calibration.delivered, [9, 11, 10, 12, 8, 10, 11, 9]);
  assert.equal(result.calibration.weeks, 8);
  assert.equal(result.calibration.fit.length, result.strategies.length);
  assert.equal(result.scenario.params.productivity, state.input.params.productivity);
  assert.notEqual(state.link, before.link, 'the calibration is in the link');
  // The fit in words and in a table, one row per observed week.
  const fit = await page.locator('#calibration-fit').innerText();
  assert.match(fit, /of your 8 weeks inside the model's P10–P90 band/);
  assert.equal(await page.locator('#calibration-fit tbody tr').count(), 8);
  // The velocity chart overlays the weeks: a series "your weeks" in every fan.
  const overlay = await page.evaluate(() => window.velocityCliff.charts.fans.map((f) => f.series.at(-1).label));
  assert.ok(overlay.length > 0 && overlay.every((l) => l === 'your weeks'), `fans end with the observed weeks (${overlay})`);
  const drawn = await page.evaluate(() => window.velocityCliff.charts.fans[0].data.at(-1).slice(0, 9));
  assert.deepEqual(
    drawn.slice(0, 8).map((x) => Math.round(x * 1000)),
    result.calibration.smoothed.map((x) => Math.round(x * 1000)),
  );
  assert.equal(drawn[8], null, 'only the observed weeks are drawn');
  await assertAccessible(page, 'a calibrated scenario');

  // The CLI, given the page's link, prints the page's bytes.
  const out = execFileSync(cli, ['simulate', '--link', state.link], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(out.trimEnd(), state.json, 'the CLI reproduces the calibrated result from the link');

  // The link opens the calibrated scenario again, fit included.
  const again = await open(state.link);
  assert.equal(await again.page.evaluate(() => window.velocityCliff.lastResultJson), state.json);
  assert.match(await again.page.locator('#calibration-set').innerText(), /Calibrated from your 8 weeks/);
  assert.match(await again.page.locator('#calibration-fit').innerText(), /of your 8 weeks inside/);
  await again.page.close();

  // The same weeks as a file: the same parameters.
  const file = path.join(os.tmpdir(), `weeks-${process.pid}.csv`);
  fs.writeFileSync(file, WEEKS);
  await page.locator('#calibration-remove').click();
  await ready(page);
  assert.equal(await page.evaluate(() => window.velocityCliff.input.calibration), undefined);
  assert.equal(await page.locator('#calibration-fit').innerText(), '');
  await page.setInputFiles('#calibration-file', file);
  // Reading the file is asynchronous: wait for the weeks to reach the input, then for the run.
  await page.waitForFunction(() => window.velocityCliff.input.calibration !== undefined);
  await ready(page);
  const fromFile = await page.evaluate(() => window.velocityCliff.lastResultJson);
  assert.equal(fromFile, state.json, 'a file gives what pasting gave');

  // Another preset: the weeks are fitted again on it, as `--calibrate` does with that preset.
  const other = await page.evaluate(() => [...document.querySelectorAll('#preset option')].map((o) => /** @type {HTMLOptionElement} */ (o).value).find((v) => v !== window.velocityCliff.input.preset));
  await page.selectOption('#preset', other);
  await page.waitForFunction(() => 'productivity' in window.velocityCliff.input.params);
  await ready(page);
  const refit = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, input: window.velocityCliff.input }));
  assert.equal(refit.input.preset, other);
  assert.deepEqual(Object.keys(refit.input.params).sort(), ['initial_engineers', 'noise_base', 'productivity']);
  assert.deepEqual(refit.input.calibration.delivered, [9, 11, 10, 12, 8, 10, 11, 9]);
  const cliRefit = execFileSync(cli, ['simulate', '--preset', other, '--runs', '200', '--calibrate', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(refit.json, cliRefit.trimEnd(), 'the page refits the weeks on the new preset, as the CLI does');
  assert.match(await page.locator('#calibration-set').innerText(), /^From your 8 weeks/);
  fs.rmSync(file);
  assert.deepEqual(errors, []);
  await page.close();
});

test('each uncertain parameter can be held fixed, in the link and read back', async () => {
  const { page, errors } = await open();
  // Nothing set: no parameter is held fixed; ticking one with the keyboard writes the list.
  assert.equal(await page.isChecked('#fixed-debt_half_ratio'), false);
  await page.focus('#fixed-debt_half_ratio');
  await page.keyboard.press('Space');
  await ready(page);
  let s = await page.evaluate(() => ({ input: window.velocityCliff.input, json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link }));
  assert.deepEqual(s.input.fixed, ['debt_half_ratio']);
  assert.deepEqual(JSON.parse(s.json).scenario.fixed, ['debt_half_ratio']);
  assert.match(await page.locator('[data-uncertainty="debt_half_ratio"]').innerText(), /Uncertainty: fixed \(held at this value\)/);
  // A value set is fixed by default; unticking keeps it uncertain around the new value.
  await page.fill('#p-coupling', '0.6');
  await ready(page);
  await page.locator('#fixed-debt_half_ratio').uncheck();
  await ready(page);
  s = await page.evaluate(() => ({ input: window.velocityCliff.input, json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link }));
  assert.deepEqual(s.input.fixed, []);
  assert.deepEqual(JSON.parse(s.json).scenario.fixed, [], 'the set coupling is drawn around 0.6, as the list says');
  assert.equal(await page.isChecked('#fixed-coupling'), false);
  assert.match(await page.locator('[data-uncertainty="coupling"]').innerText(), /around your value/);
  await assertAccessible(page, 'hold fixed');
  // The link carries the list: opened again, the same choice and bytes.
  const again = await open(s.link);
  assert.deepEqual(await again.page.evaluate(() => window.velocityCliff.input.fixed), []);
  assert.equal(await again.page.isChecked('#fixed-coupling'), false);
  assert.equal(await again.page.evaluate(() => window.velocityCliff.lastResultJson), s.json);
  await again.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a rule with several conditions and actions is added, edited and shortened row by row', async () => {
  const { page, errors } = await open();
  await page.locator('#strategy-editor > summary').click();
  await page.selectOption('#new-from', 'feature-first');
  await page.locator('#new-strategy').click();
  await ready(page);

  // Condition 1 and a second condition, by keyboard.
  await page.selectOption('#rule-observe', 'debt_interest');
  await page.selectOption('#rule-op', 'above');
  await page.fill('#rule-value', '30');
  await page.focus('#rule-add-condition');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'rule-observe-2', 'the new row takes the focus');
  await page.selectOption('#rule-observe-2', 'week');
  await page.selectOption('#rule-op-2', 'at_least');
  await page.fill('#rule-value-2', '20');
  // Two actions.
  await page.selectOption('#rule-action', 'set:refactor_share');
  await page.fill('#rule-action-value', '25');
  await page.locator('#rule-add-action').click();
  await page.selectOption('#rule-action-2', 'freeze_hiring');
  await page.focus('#rule-add');
  await page.keyboard.press('Enter');
  await ready(page);
  const words = await page.locator('#ed-rules li').last().innerText();
  assert.match(words, /debt interest is above 30 %/);
  assert.match(words, /week is at least 20/);
  assert.match(words, /put 25 % of capacity into refactoring/);
  assert.match(words, /freeze hiring/i);
  /** @type {any} */
  let strategy = await page.evaluate(() => window.velocityCliff.input.strategies.find((s) => typeof s === 'object'));
  let rule = strategy.rules.at(-1);
  assert.equal(rule.when.length, 2);
  assert.equal(rule.do.length, 2);
  await assertAccessible(page, 'a rule with two conditions and two actions');

  // Edit it: every row is loaded; remove the first condition and the second action.
  const index = strategy.rules.length;
  await page.locator(`#ed-rules button[aria-label="Edit rule ${index}"]`).click();
  assert.equal(await page.inputValue('#rule-value-2'), '20');
  assert.equal(await page.inputValue('#rule-action-2'), 'freeze_hiring');
  await page.locator('#rule-remove-condition').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'rule-add-condition', 'focus stays in the form after a removal');
  assert.equal(await page.inputValue('#rule-observe'), 'week');
  assert.equal(await page.isHidden('#rule-remove-condition'), true, 'the last condition cannot be removed');
  await page.locator('button[aria-label="Remove action 2"]').click();
  await page.locator(`#rule-save`).click();
  await ready(page);
  strategy = await page.evaluate(() => window.velocityCliff.input.strategies.find((s) => typeof s === 'object'));
  rule = strategy.rules.at(-1);
  assert.deepEqual(rule.when, { observe: 'week', op: 'at_least', value: 20 });
  assert.deepEqual(rule.do, [{ action: 'set', field: 'refactor_share', value: 0.25 }]);
  // The catalogue's limit: at most its number of conditions.
  const most = await page.evaluate(() => /** @type {any} */ (window.velocityCliff.catalogue).rules.limits.conditions);
  for (let k = 1; k < most; k++) await page.locator('#rule-add-condition').click();
  assert.equal(await page.locator('#rule-conditions .rule-row').count(), most);
  assert.equal(await page.isDisabled('#rule-add-condition'), true);
  await assertAccessible(page, 'the rule form at its limit');
  assert.deepEqual(errors, []);
  await page.close();
});
