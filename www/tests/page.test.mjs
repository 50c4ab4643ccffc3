// Browser tests of the built page (dist/) in headless Chromium, driven as a
// user would: load, click, type, read the screen. Run with `npm test`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, ready, repo, cli, asF32 } from './harness.mjs';

const artifacts = path.join(repo, 'artifacts');
const STRATEGIES = ['feature-first', 'scale-early', 'big-rewrite', 'controlled-evolution', 'hypergrowth-hiring'];

const env = useBrowser();
before(() => fs.mkdirSync(artifacts, { recursive: true }));

/** Opens the page and collects console errors and uncaught exceptions. */
async function open(query = '') {
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url + query);
  await ready(page);
  return { page, errors };
}

/** Sets input through the test hook and waits for its full result. */
async function run(page, patch) {
  await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
  await ready(page);
  return page.evaluate(() => window.velocityCliff.lastResultJson);
}

const summaryText = (page) => page.locator('[data-testid=summary] tbody').innerText();

let cliBuilt = false;
function runCli(args) {
  if (!cliBuilt) {
    // Incremental: a no-op when the binary is current with src/.
    execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: 'inherit' });
    cliBuilt = true;
  }
  return execFileSync(cli, ['simulate', ...args], { cwd: repo, maxBuffer: 1 << 28 }).toString();
}

test('the page loads without console errors and shows the summary, three charts and ready', async () => {
  const { page, errors } = await open();
  const rows = page.locator('[data-testid=summary] tbody tr');
  assert.equal(await rows.count(), 5);
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.strategy)), STRATEGIES);
  for (const id of ['velocity-chart', 'survival-chart', 'collapse-histogram']) {
    const canvases = await page.locator(`[data-testid=${id}] canvas`).count();
    assert.ok(canvases >= 1, `${id} has a canvas`);
    const box = await page.locator(`[data-testid=${id}]`).boundingBox();
    assert.ok(box && box.width > 150 && box.height > 150, `${id} is visible (${JSON.stringify(box)})`);
  }
  assert.equal(await page.locator('[data-testid=velocity-chart] canvas').count(), 5, 'one fan chart per strategy');
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(result.runs, 1000);
  assert.equal(result.strategies.length, 5);
  const sentences = await page.locator('#sentences li').allInnerTexts();
  assert.equal(sentences.length, 5);
  for (const s of sentences) assert.match(s, /collapse/);
  // Every parameter has a field with its source shown as text and on hover.
  const params = await page.evaluate(() => window.velocityCliff.catalogue.params.length);
  await page.click('#params-panel summary');
  assert.equal(await page.locator('#params .param input[type=number]').count(), params);
  // …and each uncertain one a "hold fixed" box beside its uncertainty.
  const uncertain = await page.evaluate(() => window.velocityCliff.catalogue.params.filter((p) => p.uncertainty.kind !== 'fixed').length);
  assert.equal(await page.locator('#params .param input.hold-fixed').count(), uncertain);
  assert.equal(await page.locator('#params .param .source').count(), params);
  assert.match((await page.locator('#params .param label').first().getAttribute('title')) || '', /^Source: ./);
  await page.screenshot({ path: path.join(artifacts, 'page-loaded.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('an estimate is drawn at once only in the charts near the view; the others are made and drawn as they come into view, the full result everywhere once the page is idle', async () => {
  const { page, errors } = await open();
  const waiting = () => page.evaluate(() => window.velocityCliff.charts.waiting());
  const runwayCanvases = () => page.locator('[data-testid=runway-chart] canvas').count();
  // A long job: its first estimate comes at once, its full result much later.
  let generation = await page.evaluate(() => window.velocityCliff.setInput({ runs: 200000 }));
  await page.waitForFunction((g) => window.velocityCliff.timings[g]?.estimate != null, generation);
  let now = await waiting();
  assert.ok(now.includes('runway'), `the runway chart, far below the view, waits (${now})`);
  assert.ok(!now.includes('survival'), `the survival chart, in view, is drawn (${now})`);
  // Another strategy set makes new charts: those out of view are not even made for an estimate.
  generation = await page.evaluate(() => window.velocityCliff.setInput({ strategies: window.velocityCliff.input.strategies.slice(0, 4) }));
  await page.waitForFunction((g) => window.velocityCliff.timings[g]?.estimate != null, generation);
  now = await waiting();
  assert.ok(now.includes('runway') && !now.includes('survival'), `after a rebuild the runway chart waits, the survival chart does not (${now})`);
  assert.equal(await runwayCanvases(), 0, 'the runway chart is not made while out of view');
  assert.ok((await page.locator('[data-testid=survival-chart] canvas').count()) > 0, 'the survival chart is made');
  await page.locator('[data-testid=runway-chart]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !window.velocityCliff.charts.waiting().includes('runway'));
  assert.ok((await runwayCanvases()) > 0, 'the runway chart is made once in view');
  // A chart made late follows what was set before it was made: the sample runs shown.
  assert.ok((await waiting()).some((k) => k.startsWith('velocity:')), 'the fan charts, above the view now, still wait');
  await page.evaluate(() => {
    const box = /** @type {HTMLInputElement} */ (document.getElementById('show-samples'));
    box.checked = true;
    box.dispatchEvent(new Event('change'));
  });
  await page.locator('[data-testid=velocity-chart]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !window.velocityCliff.charts.waiting().some((k) => k.startsWith('velocity:')));
  assert.ok(await page.evaluate(() => window.velocityCliff.charts.fans.every((f) => f.series[6].show)), 'the fans made after the box was ticked show the sample runs');
  const estimate = await page.evaluate(() => window.velocityCliff.lastEstimate.runs);
  assert.ok(estimate < 200000, `an estimate (${estimate} runs) is what the runway chart drew`);
  // A short job replaces it: its full result is drawn in every chart, in view
  // at once, out of view when the page is idle (within IDLE_DRAW_MS), without scrolling.
  await page.evaluate(() => window.scrollTo(0, 0));
  await run(page, { runs: 1000 });
  await page.waitForFunction(() => window.velocityCliff.charts.waiting().length === 0, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'drawn without scrolling');
  assert.equal(await page.locator('[data-testid=velocity-chart] canvas').count(), 4, 'every fan chart is made for the full result');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a progressive estimate of the first runs is painted before the full result', async () => {
  const { page } = await open();
  const estimate = await page.evaluate(() => window.velocityCliff.lastEstimate);
  assert.ok(estimate, 'an estimate was painted');
  // The page's first job knows nothing of this machine's speed: its first
  // estimate is a fixed 20 runs of the default 5 × 260 (one small chunk).
  // Later estimates (repainted as runs arrive) are always the first n runs in
  // run order.
  const timing = await page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
  assert.equal(timing.estimateRuns, 20);
  const runs = estimate.runs;
  assert.ok(runs >= 20 && runs < 1000, `the last estimate holds ${runs} runs`);
  for (const profile of [timing.estimateProfile, timing.fullProfile]) {
    for (const phase of ['dispatch', 'prepare', 'compute', 'merge', 'finish', 'parse', 'paint']) assert.ok(profile[phase] >= 0, `the profile times ${phase}`);
  }
  assert.ok(timing.fullProfile.compute > 0 && timing.fullProfile.chunks >= 2, JSON.stringify(timing.fullProfile));
  // Its weekly columns came as f32 values, the text writes their shortest decimals: the same f32.
  assert.deepEqual(asF32(estimate), asF32(JSON.parse(runCli(['--runs', String(runs)]))), `the estimate is the result of the first ${runs} runs`);
  assert.ok(timing.estimate < timing.full, 'estimate painted before full');
  await page.close();
});

test('inputs that only change how the result is read do not simulate again', async () => {
  const { page, errors } = await open();
  const before = await page.evaluate(() => ({ generation: window.velocityCliff.generation, paints: window.velocityCliff.paints, json: window.velocityCliff.lastResultJson }));
  await page.locator('input[name="survival-measure"][value="funded"]').check();
  await page.locator('#show-samples').check();
  await page.locator('#theme-toggle').click();
  await page.evaluate(() => {
    window.velocityCliff.charts.setWeekLimit(100); // the week shown, as the week slider sets it
    window.velocityCliff.charts.toggleStrategy('big-rewrite', false, null); // as a legend click does
  });
  await page.waitForTimeout(300); // a job, if one had started, would be under way by now
  const after = await page.evaluate(() => ({ generation: window.velocityCliff.generation, paints: window.velocityCliff.paints, json: window.velocityCliff.lastResultJson, job: window.velocityCliff.pool.job }));
  assert.equal(after.generation, before.generation, 'no new job');
  assert.equal(after.job, null, 'nothing computing');
  assert.equal(after.paints, before.paints, 'the result was not painted again');
  assert.equal(after.json, before.json);
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a scenario shown before (a seed typed, then the Back button) is shown again from the kept result, without simulating', async () => {
  const { page, errors } = await open();
  const base = await page.evaluate(() => window.velocityCliff.lastResultJson);
  const link = await page.evaluate(() => window.velocityCliff.link);
  const timing = () => page.evaluate(() => ({ ...window.velocityCliff.timings[window.velocityCliff.generation], job: window.velocityCliff.pool.job }));
  const hash = await page.evaluate(() => location.hash);
  await page.waitForTimeout(1100); // a change after a pause makes a new history entry (as in app.test.mjs)
  await page.fill('#seed', '77');
  await ready(page);
  assert.notEqual(await page.evaluate(() => window.velocityCliff.lastResultJson), base);
  assert.equal((await timing()).kept, false, 'a new seed is simulated');
  await page.goBack();
  await page.waitForFunction((h) => location.hash === h, hash);
  await ready(page);
  assert.equal(await page.inputValue('#seed'), '1');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), base, 'the same numbers');
  const again = await timing();
  assert.equal(again.kept, true, 'not simulated again');
  assert.equal(again.estimate, null, 'no estimate first: the full result at once');
  assert.equal(again.fullProfile.compute, 0);
  assert.equal(again.job, null);
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.equal(await page.evaluate(() => window.velocityCliff.link), link, 'the link of the scenario shown');
  assert.deepEqual(errors, []);
  await page.close();
});

test('strategies unticked after a result are read off its runs, without simulating: the CLI\'s numbers for the strategies left', async () => {
  const { page, errors } = await open();
  const timing = () => page.evaluate(() => ({ ...window.velocityCliff.timings[window.velocityCliff.generation], job: window.velocityCliff.pool.job }));
  const defaults = ['--preset', 'marketplace', '--runs', '1000', '--seed', '1', '--weeks', '260', '--threshold', '0.5', '--window', '4'];
  let left = STRATEGIES;
  for (const off of ['scale-early', 'big-rewrite']) {
    await page.uncheck(`#strategies input[value="${off}"]`);
    await ready(page);
    left = left.filter((s) => s !== off);
    const t = await timing();
    assert.equal(t.kept, true, `${off} unticked: not simulated`);
    assert.equal(t.estimate, null, 'no estimate first: the full result at once');
    assert.equal(t.fullProfile.compute, 0);
    assert.equal(t.job, null);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), runCli([...defaults, '--strategies', left.join(',')]).trimEnd());
    assert.deepEqual(
      await page.locator('[data-testid=summary] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.strategy)),
      left,
    );
  }
  // Ticked again: shown before, so kept; another seed is simulated.
  await page.check('#strategies input[value="big-rewrite"]');
  await ready(page);
  assert.equal((await timing()).kept, true);
  await page.fill('#seed', '5');
  await ready(page);
  assert.equal((await timing()).kept, false);
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a threshold or window changed after a result (some strategies unticked or not) is judged again from the runs the workers hold, without simulating: the CLI\'s numbers', async () => {
  const { page, errors } = await open();
  const timing = () => page.evaluate(() => ({ ...window.velocityCliff.timings[window.velocityCliff.generation], job: window.velocityCliff.pool.job }));
  const cliFor = (seed, threshold, window) => runCli(['--preset', 'marketplace', '--runs', '1000', '--seed', seed, '--weeks', '260', '--threshold', threshold, '--window', window]).trimEnd();
  const base = await page.evaluate(() => window.velocityCliff.lastResultJson);
  const judged = async (expected, what) => {
    await ready(page);
    const t = await timing();
    assert.equal(t.rejudged, true, `${what}: judged again, not simulated`);
    assert.equal(t.kept, false);
    assert.equal(t.estimate, null, 'no estimate first: the full result at once');
    assert.equal(t.job, null);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), expected, `${what}: the CLI's bytes`);
  };
  await page.fill('#threshold', '0.35');
  await judged(cliFor('1', '0.35', '4'), 'threshold 0.35');
  await page.fill('#window', '9');
  await judged(cliFor('1', '0.35', '9'), 'window 9');
  // The slider, dragged by the keyboard: every step a job, each judged again.
  await page.focus('#threshold-range');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await judged(cliFor('1', '0.5', '9'), 'slider to 0.5');
  assert.notEqual(await page.evaluate(() => window.velocityCliff.lastResultJson), base, 'the window still 9');
  // A new seed simulates; its threshold is then judged again from its runs.
  await page.fill('#seed', '31');
  await ready(page);
  assert.equal((await timing()).rejudged, false, 'a new seed is simulated');
  await page.fill('#threshold', '0.8');
  await judged(cliFor('31', '0.8', '9'), 'seed 31, threshold 0.8');
  // Strategies unticked (read off), then the threshold: judged again, the ticked ones read off.
  const left = STRATEGIES.filter((s) => s !== 'scale-early' && s !== 'big-rewrite');
  await page.uncheck('#strategies input[value="scale-early"]');
  await ready(page);
  await page.uncheck('#strategies input[value="big-rewrite"]');
  await ready(page);
  assert.equal((await timing()).kept, true, 'unticked: read off');
  await page.fill('#threshold', '0.6');
  await judged(runCli(['--preset', 'marketplace', '--runs', '1000', '--seed', '31', '--weeks', '260', '--threshold', '0.6', '--window', '9', '--strategies', left.join(',')]).trimEnd(), 'two unticked, threshold 0.6');
  await page.check('#strategies input[value="big-rewrite"]');
  await ready(page);
  assert.equal((await timing()).kept, true, 'ticked again: read off the strategies judged again');
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), runCli(['--preset', 'marketplace', '--runs', '1000', '--seed', '31', '--weeks', '260', '--threshold', '0.6', '--window', '9', '--strategies', STRATEGIES.filter((s) => s !== 'scale-early').join(',')]).trimEnd());
  // The smoothing changes what the runs do: simulated.
  await page.fill('#smoothing', '6');
  await ready(page);
  assert.equal((await timing()).rejudged, false, 'the smoothing is simulated');
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('more runs than the last result, nothing else changed: only the runs after its own are simulated, with the CLI\'s numbers', async () => {
  const { page, errors } = await open();
  const timing = () => page.evaluate(() => window.velocityCliff.timings[window.velocityCliff.generation]);
  const cliAt = (runs) => runCli(['--preset', 'marketplace', '--runs', String(runs), '--seed', '1', '--weeks', '260', '--threshold', '0.5', '--window', '4']).trimEnd();
  // 1,000 → 1,500 → 2,600 runs: each time the runs after the last result's added to its merger.
  for (const runs of [1500, 2600]) {
    await page.fill('#runs', String(runs));
    await ready(page);
    assert.equal((await timing()).grown, true, `${runs}: the runs after the last result's simulated alone`);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), cliAt(runs), `${runs} runs: the CLI's bytes`);
  }
  // Fewer runs: simulated whole.
  await page.fill('#runs', '2000');
  await ready(page);
  assert.equal((await timing()).grown, false);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), cliAt(2000));
  assert.equal(await page.textContent('[data-testid=status]'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('changing the preset, the seed or a parameter through the controls changes the numbers', async () => {
  const { page, errors } = await open();
  const base = await page.evaluate(() => window.velocityCliff.lastResultJson);
  const baseText = await summaryText(page);

  await page.selectOption('#preset', 'b2b-saas');
  await ready(page);
  const preset = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(preset.scenario.preset, 'b2b-saas');
  assert.notEqual(await page.evaluate(() => window.velocityCliff.lastResultJson), base);
  assert.notEqual(await summaryText(page), baseText);

  await page.selectOption('#preset', 'marketplace');
  await ready(page);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), base, 'back to the same numbers');

  await page.fill('#seed', '12345');
  await ready(page);
  const seeded = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(String(seeded.seed), '12345');
  assert.notEqual(await summaryText(page), baseText);

  await page.fill('#seed', '1');
  await ready(page);
  await page.click('#params-panel summary');
  await page.fill('#p-debt_per_feature', '0.5');
  await ready(page);
  const tuned = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(tuned.scenario.params.debt_per_feature, 0.5);
  assert.notEqual(await summaryText(page), baseText);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the page gives byte for byte the numbers of the CLI', async () => {
  const { page } = await open();
  const json = await run(page, { preset: 'media-app', seed: '987654321', runs: 400, weeks: 156, threshold: 0.4, window: 6 });
  const expected = runCli(['--preset', 'media-app', '--runs', '400', '--seed', '987654321', '--weeks', '156', '--threshold', '0.4', '--window', '6']);
  assert.equal(json, expected.trimEnd());
  const defaults = await run(page, { preset: 'marketplace', seed: '1', runs: 1000, weeks: 260, threshold: 0.5, window: 4 });
  assert.equal(defaults, runCli(['--preset', 'marketplace', '--runs', '1000', '--seed', '1', '--weeks', '260', '--threshold', '0.5', '--window', '4']).trimEnd());
  await page.close();
});

test('one and two workers give identical results', async () => {
  const input = { preset: 'data-platform', seed: '42', runs: 3000, weeks: 200 };
  const one = await open('?workers=1');
  assert.equal(await one.page.evaluate(() => window.velocityCliff.workers), 1);
  const a = await run(one.page, input);
  const two = await open('?workers=2');
  assert.equal(await two.page.evaluate(() => window.velocityCliff.workers), 2);
  const b = await run(two.page, input);
  assert.equal(JSON.parse(a).runs, 3000);
  assert.equal(a, b);
  await one.page.close();
  await two.page.close();
});

test('an out-of-range value shows its message beside the field and the page stays usable', async () => {
  const { page, errors } = await open();
  const good = await page.evaluate(() => window.velocityCliff.lastResultJson);
  await page.click('#params-panel summary');
  await page.fill('#p-ramp_up_weeks', '80');
  const field = page.locator('[data-field="params.ramp_up_weeks"]');
  await page.waitForFunction(() => document.querySelector('[data-field="params.ramp_up_weeks"] .error').textContent !== '');
  const message = await field.locator('.error').innerText();
  assert.match(message, /ramp_up_weeks/);
  assert.match(message, /80/);
  assert.match(message, /4 to 52/);
  assert.match(await page.textContent('[data-testid=status]'), /^error: .*ramp_up_weeks/);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), good, 'the last good result stays');
  assert.equal(await page.locator('[data-testid=summary] tbody tr').count(), 5);
  await page.screenshot({ path: path.join(artifacts, 'out-of-range.png') });

  await page.fill('#p-ramp_up_weeks', '20');
  await page.fill('#runs', '0');
  await page.waitForFunction(() => document.querySelector('[data-field="runs"] .error').textContent !== '');
  assert.match(await page.locator('[data-field="runs"] .error').innerText(), /runs: 0 .*1 to 1000000/);
  assert.equal(await field.locator('.error').innerText(), '', 'the fixed field has no message');
  await page.fill('#runs', '');
  await page.waitForFunction(() => document.querySelector('[data-field="runs"] .error').textContent.includes('""'));
  await page.fill('#runs', '500');
  await ready(page);
  assert.equal(await page.locator('[data-field="runs"] .error').innerText(), '');
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(result.runs, 500);
  assert.equal(result.scenario.params.ramp_up_weeks, 20);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a burst of 50 quick changes ends showing the result of the last one', async () => {
  const { page, errors } = await open();
  const before = await page.evaluate(() => window.velocityCliff.fullPaints);
  for (let i = 0; i < 50; i++) await page.fill('#seed', String(1000 + i));
  await ready(page);
  const json = await page.evaluate(() => window.velocityCliff.lastResultJson);
  assert.equal(String(JSON.parse(json).seed), '1049');
  assert.equal(json, runCli(['--preset', 'marketplace', '--runs', '1000', '--seed', '1049', '--weeks', '260', '--threshold', '0.5', '--window', '4']).trimEnd());
  const painted = (await page.evaluate(() => window.velocityCliff.fullPaints)) - before;
  assert.ok(painted < 50, `stale inputs were dropped, not queued (${painted} full paints for 50 inputs)`);
  // The table shows the same numbers as the result.
  const share = JSON.parse(json).strategies[0].collapse.share;
  const cell = await page.locator('[data-testid=summary] tr[data-strategy="feature-first"] td[data-field=share]').innerText();
  assert.equal(cell, `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(share * 100)} %`);

  // The same through the hook, 50 changes within one task: only the last one runs.
  const gen0 = await page.evaluate(() => window.velocityCliff.generation);
  await page.evaluate(() => {
    for (let i = 0; i < 50; i++) window.velocityCliff.setInput({ seed: String(2000 + i) });
  });
  await ready(page);
  assert.equal(String(await page.evaluate(() => window.velocityCliff.lastResult.seed)), '2049');
  assert.equal(await page.evaluate(() => window.velocityCliff.generation), gen0 + 50);
  assert.deepEqual(errors, []);
  await page.close();
});

test('strategies can be switched off, dark theme works, and the screenshot is saved', async () => {
  const { page, errors } = await open();
  await page.uncheck('#strategies input[value="scale-early"]');
  await ready(page);
  assert.deepEqual(
    await page.locator('[data-testid=summary] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.strategy)),
    STRATEGIES.filter((s) => s !== 'scale-early'),
  );
  assert.equal(await page.locator('[data-testid=velocity-chart] canvas').count(), 4);
  await page.check('#strategies input[value="scale-early"]');
  await ready(page);
  // A click on a legend entry hides that strategy in every chart.
  await page.locator('[data-testid=survival-chart] .u-legend .u-series').nth(2).click();
  assert.equal(await page.locator('[data-testid=velocity-chart] figure[data-strategy="scale-early"]').isHidden(), true);
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.plot('users').series[2].show), false);
  await page.locator('[data-testid=survival-chart] .u-legend .u-series').nth(2).click();
  assert.equal(await page.locator('[data-testid=velocity-chart] figure[data-strategy="scale-early"]').isVisible(), true);
  await page.click('#show-samples');
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.fans[0].series[6].show), true);
  await page.click('#theme-toggle'); // auto → light
  await page.click('#theme-toggle'); // light → dark
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(21, 24, 29)');
  // The charts are made again in the theme's colours; those out of view once the page is idle.
  await page.waitForFunction(() => window.velocityCliff.charts.waiting().length === 0, null, { timeout: 5000 });
  assert.equal(await page.locator('[data-testid=velocity-chart] canvas').count(), 5);
  await page.screenshot({ path: path.join(artifacts, 'dark.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
