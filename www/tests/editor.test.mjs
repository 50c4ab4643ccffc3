// The strategy editor in the built page, driven as a user would: a new
// strategy copied from a built-in, a field changed, a rule added with the
// keyboard and clicks, its words read back, the result and the link
// changed, the CLI given the page's link printing the page's bytes, an
// out-of-range value refused beside its control with the last good result
// kept, and axe clean throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { useBrowser, ready, cli, assertAccessible } from './harness.mjs';

const env = useBrowser();

test('a strategy made in the editor, with a rule, runs in the page and in the CLI alike', async () => {
  assert.ok(fs.existsSync(cli), 'the CLI is missing: run `make cli` first');
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${env.server.url}#`);
  await ready(page);
  // Fewer runs keep the test short; the editor is what is under test.
  await page.fill('#runs', '200');
  await ready(page);

  await page.locator('#strategy-editor > summary').click();
  await page.selectOption('#new-from', 'feature-first');
  // The built-in's rules are shown read-only, in the core's words.
  assert.match(await page.locator('#builtin-rules').innerText(), /While utilisation is at least 90 %/);
  await page.locator('#new-strategy').click();
  await ready(page);
  /** How the last job was answered: only the strategies the held runs do not have simulated, for them. */
  const extended = () => page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation].extended);
  assert.equal(await extended(), true, 'the new strategy simulated alone for the runs the workers hold');
  const before = await page.evaluate(() => window.velocityCliff.lastResultJson);
  const strategies = JSON.parse(before).strategies.map((s) => s.id);
  assert.ok(strategies.includes('my-feature-first'), `the new strategy is simulated (got ${strategies})`);
  // Its copied rule is listed in the core's words.
  assert.match(await page.locator('#ed-rules').innerText(), /While utilisation is at least 90 %: put 30 % of capacity into infrastructure/);

  // Rename: the id follows the name.
  await page.fill('#ed-label', 'Pay down debt');
  assert.equal(await page.inputValue('#ed-id'), 'pay-down-debt');
  // A field, typed as a user would (a share in percent).
  await page.fill('#ed-hire_per_week', '1');
  await ready(page);
  const afterField = await page.evaluate(() => window.velocityCliff.lastResultJson);
  assert.notEqual(afterField, before, 'changing the hiring pace changes the result');
  assert.equal(await extended(), true, 'the edited strategy simulated alone');

  // The rule, by keyboard: "when debt interest is above 30 %, put 25 % into refactoring".
  await page.focus('#rule-observe');
  await page.selectOption('#rule-observe', 'debt_interest');
  await page.selectOption('#rule-op', 'above');
  await page.focus('#rule-value');
  await page.keyboard.type('30');
  await page.selectOption('#rule-mode', 'once');
  await page.selectOption('#rule-action', 'set:refactor_share');
  await page.focus('#rule-action-value');
  await page.keyboard.type('25');
  await page.focus('#rule-add');
  await page.keyboard.press('Enter');
  await ready(page);
  const words = await page.locator('#ed-rules').innerText();
  assert.match(words, /When debt interest is above 30 %: put 25 % of capacity into refactoring, from then on\./);
  const withRule = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link, hash: location.hash }));
  assert.notEqual(withRule.json, afterField, 'the rule changes the result');
  const mine = JSON.parse(withRule.json).strategies.find((s) => s.id === 'pay-down-debt');
  assert.ok(mine, 'the renamed strategy is in the result');
  assert.equal(mine.label, 'Pay down debt');
  assert.equal(withRule.hash.slice(1), withRule.link, 'the URL carries the link');

  // The CLI, given the page's link, prints the page's bytes.
  const fromCli = execFileSync(cli, ['simulate', '--link', withRule.link, '--threads', '1']).toString().trim();
  assert.equal(fromCli, withRule.json, 'the CLI with the page link gives the same result bytes');
  // And the link holds the rule.
  const shared = JSON.parse(execFileSync(cli, ['simulate', '--link', withRule.link, '--runs', '1', '--weeks', '1']).toString()).scenario.strategies;
  const rule = shared.find((s) => s.id === 'pay-down-debt').rules.at(-1);
  assert.deepEqual(rule.when, { observe: 'debt_interest', op: 'above', value: 0.3 });
  assert.deepEqual(rule.do, [{ action: 'set', field: 'refactor_share', value: 0.25 }]);
  // The threshold after the edits: judged again from the runs the workers hold, the edited strategy
  // adopted among them (nothing simulated, not even it), with the CLI's bytes.
  await page.fill('#threshold', '0.35');
  await ready(page);
  const judged = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, link: window.velocityCliff.link, t: window.velocityCliff.timings[window.velocityCliff.generation] }));
  assert.equal(judged.t.rejudged, true, 'judged again, not simulated');
  assert.ok(!judged.t.extended, 'the edited strategy is among the runs held: nothing simulated alone');
  assert.equal(execFileSync(cli, ['simulate', '--link', judged.link, '--threads', '1']).toString().trim(), judged.json, 'the CLI with the page link gives the same result bytes');

  // Reorder: the new rule moves up, and the order is what the link carries.
  await page.getByRole('button', { name: 'Move up rule 2' }).click();
  await ready(page);
  assert.match((await page.locator('#ed-rules li').first().innerText()), /When debt interest is above 30 %/);

  await assertAccessible(page, 'the strategy editor with a rule');

  // Out of range: the core's message beside the field, the last good result stays.
  const good = await page.evaluate(() => window.velocityCliff.lastResultJson);
  await page.fill('#ed-refactor_share', '95');
  await page.locator('[data-editor-field="refactor_share"].invalid').waitFor();
  const message = await page.locator('[data-editor-field="refactor_share"] .error').innerText();
  assert.match(message, /refactor_share/);
  assert.match(message, /0\.95/);
  assert.match(message, /allowed: .*0.*0\.8/);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), good, 'the last good result stays');
  // A rule value out of range is refused by the core in the rule form, and nothing is added.
  await page.fill('#ed-refactor_share', '10');
  await ready(page);
  const count = await page.locator('#ed-rules li').count();
  await page.selectOption('#rule-observe', 'debt_interest');
  await page.fill('#rule-value', '300');
  await page.selectOption('#rule-action', 'set:infra_share');
  await page.fill('#rule-action-value', '20');
  await page.locator('#rule-add').click();
  const ruleError = await page.locator('#rule-form [data-part="when"] .error').innerText();
  assert.match(ruleError, /invalid rule\.when\.value: 3 \(allowed: a number from 0 to 1\)/);
  assert.equal(await page.locator('#ed-rules li').count(), count);
  await assertAccessible(page, 'the strategy editor showing refusals');

  // Delete: the strategy leaves the scenario.
  await page.locator('#ed-delete').click();
  await ready(page);
  const ids = JSON.parse(await page.evaluate(() => window.velocityCliff.lastResultJson)).strategies.map((s) => s.id);
  assert.ok(!ids.includes('pay-down-debt'), `deleted (got ${ids})`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('"your team today" sits at the top of the model parameters and sets the starting state', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}#`);
  await ready(page);
  await page.fill('#runs', '200');
  await ready(page);
  await page.locator('#params-panel > summary').click();
  const first = page.locator('#params > fieldset').first();
  assert.equal(await first.locator(':scope > legend').textContent(), 'Your team today');
  // The panel also holds "Import your throughput" (calibration.test.mjs drives it).
  assert.equal(await first.locator('#calibration > legend').textContent(), 'Import your throughput');
  const names = await first.locator('.param input[type=number]').evaluateAll((els) => els.map((e) => /** @type {HTMLInputElement} */ (e).name));
  assert.deepEqual(names, ['initial_engineers', 'initial_users', 'initial_codebase', 'initial_debt', 'initial_cash', 'initial_weekly_revenue', 'initial_fit']);
  const before = await page.evaluate(() => window.velocityCliff.lastResultJson);
  await page.fill('#p-initial_engineers', '12');
  await ready(page);
  const after = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, input: window.velocityCliff.input }));
  assert.equal(after.input.params.initial_engineers, 12);
  assert.notEqual(after.json, before, 'a bigger starting team changes the result');
  await assertAccessible(page, 'the team-today panel');
  assert.deepEqual(errors, []);
  await page.close();
});
