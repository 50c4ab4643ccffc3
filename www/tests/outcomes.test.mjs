// Browser tests of how runs end, money and why velocity collapsed: the
// outcome columns of the summary, the survival curves, the cash and runway
// charts, the "why" bars and sentences, the smoothing control and the new
// parameter groups, in the built page (dist/) under its own Content Security
// Policy. Every expectation is read from the page's own result JSON; every
// wait is for a state (a full result of the newest input, an attribute).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { useBrowser, ready, cli, assertAccessible } from './harness.mjs';
import { money, months } from '../src/core/format.js';

const env = useBrowser();

/** A scenario in which some strategies collapse, some run out of cash and one rewrite may not finish. */
const SCENARIO = { preset: 'media-app', strategies: ['feature-first', 'big-rewrite', 'controlled-evolution', 'hypergrowth-hiring'], runs: 300, weeks: 156, seed: '5' };

const share = (x) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(x * 100)} %`;
const count = new Intl.NumberFormat('en');

/** The factors of result `why` and how the page names them. */
const FACTORS = {
  team_size: 'team size',
  onboarding: 'onboarding',
  coordination: 'coordination',
  debt_interest: 'debt interest',
  size_drag: 'codebase size',
  overload: 'feature overload',
  unplanned_work: 'unplanned work',
  allocation: 'time off features',
  noise: 'noise',
};

/** The why sentence the page must show for a strategy, built from the result alone. */
function expectedWhy(s) {
  if (!s.why) return `${s.label}: no run collapsed, so there is no fall to explain.`;
  const factors = Object.entries(FACTORS).map(([key, label]) => ({ label, v: s.why[key] }));
  const top = factors.filter((f) => f.v > 0).sort((a, b) => b.v - a.v).slice(0, 3);
  const parts = top.map((f, i) => (i === 0 ? `${share(f.v)} of the fall came from ${f.label}` : `${share(f.v)} from ${f.label}`));
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  let text = `${s.label}: ${list} (mean over ${count.format(s.why.collapses)} collapsed run${s.why.collapses === 1 ? '' : 's'}).`;
  const against = factors.filter((f) => f.v <= -0.05).sort((a, b) => a.v - b.v)[0];
  if (against) text += ` ${against.label[0].toUpperCase()}${against.label.slice(1)} pushed the other way (${share(against.v)}).`;
  return text;
}

/** A fresh context and page that records errors and CSP violations; optionally runs a scenario first. */
/** @param {Partial<typeof SCENARIO>} [patch] */
async function open(patch = SCENARIO) {
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url);
  await ready(page);
  if (patch) {
    await page.evaluate((p) => window.velocityCliff.setInput(p), patch);
    await ready(page);
  }
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  return { ctx, page, errors, result };
}

async function close({ ctx, page, errors }) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no Content Security Policy violations');
  assert.deepEqual(errors, [], 'no console or page errors');
  await ctx.close();
}

test('number formats: money, shares and months', () => {
  assert.equal(money(1_234_567), '$1.2M');
  assert.equal(money(340_000), '$340k');
  assert.equal(money(12_300), '$12,300');
  assert.equal(money(0), '$0');
  assert.equal(money(2.5e9), '$2.5B');
  assert.equal(money(null), '–');
  assert.equal(months(8.5), '8.5 months');
  assert.equal(months(1), '1 month');
  assert.equal(months(120), '120+ months');
});

test('the summary shows how runs end: healthy & funded, out of cash and cash, as in the result', async () => {
  const o = await open();
  const { page, result } = o;
  assert.equal(result.runs, SCENARIO.runs);
  for (const s of result.strategies) {
    const row = page.locator(`[data-testid=summary] tr[data-strategy="${s.id}"]`);
    const cell = (field) => row.locator(`td[data-field="${field}"]`).innerText();
    assert.equal(await cell('out-of-cash'), share(s.summary.out_of_cash_share), `${s.id} out of cash`);
    assert.equal(await cell('healthy'), share(s.summary.healthy_share), `${s.id} healthy & funded`);
    assert.equal(await cell('cash'), money(s.summary.cash_p50), `${s.id} cash at the horizon`);
    assert.equal(await cell('cash-per-feature'), s.summary.cash_per_feature_p50 == null ? '–' : money(s.summary.cash_per_feature_p50));
    // The stacked bar: one segment per outcome that happened, as wide as its share.
    const segments = await row.locator('.outcome-seg').evaluateAll((els) => els.map((e) => [e.dataset.outcome, Math.round(parseFloat(e.style.width) * 100)]));
    const expected = ['healthy', 'recovered', 'collapsed', 'out_of_cash', 'frozen'].filter((k) => s.outcomes[k] > 0).map((k) => [k, Math.round(s.outcomes[k] * 10_000)]);
    assert.deepEqual(segments, expected, `${s.id} outcome bar: one segment per outcome that happened, as wide as its share`);
    assert.match(await row.locator('td[data-field=outcomes] .visually-hidden').textContent(), new RegExp(`^healthy & funded ${share(s.outcomes.healthy)}, recovered .*out of cash ${share(s.outcomes.out_of_cash)}, unfinished rewrite`));
    assert.match(await page.locator(`#sentences li[data-strategy="${s.id}"]`).innerText(), new RegExp(`At week ${result.weeks}: healthy & funded ${share(s.outcomes.healthy)}`));
  }
  assert.ok(result.strategies.some((s) => s.summary.out_of_cash_share > 0), 'the scenario has runs that run out of cash');
  assert.deepEqual(await page.locator('#outcome-key li').allInnerTexts(), ['healthy & funded', 'recovered', 'still collapsed', 'out of cash', 'unfinished rewrite']);
  // The outcomes data table, and its summary.
  await page.click('details[data-table=outcomes] summary');
  const rows = page.locator('details[data-table=outcomes] tbody tr');
  await rows.first().waitFor(); // the table is filled on the details' toggle event, a task after the click
  assert.equal(await rows.count(), result.strategies.length);
  const first = result.strategies[0];
  assert.deepEqual(await rows.first().locator('td').allInnerTexts(), [
    ...['healthy', 'recovered', 'collapsed', 'out_of_cash', 'frozen'].map((k) => share(first.outcomes[k])),
    money(first.summary.cash_p50),
    money(first.summary.cash_per_feature_p50),
  ]);
  assert.match(await page.textContent('[data-summary=outcomes]'), new RegExp(`^At week ${result.weeks}: ${first.label}: healthy & funded ${share(first.outcomes.healthy)}`));
  await close(o);
});

test('the why bars and sentences match result.why; the factor legend works by keyboard', async () => {
  const o = await open();
  const { page, result } = o;
  assert.ok(result.strategies.some((s) => s.why), 'some strategy collapses in this scenario');
  for (const s of result.strategies) {
    assert.equal(await page.locator(`[data-why-sentence][data-strategy="${s.id}"]`).innerText(), expectedWhy(s), `${s.id} why sentence`);
    const segments = await page.locator(`.why-row[data-strategy="${s.id}"] .why-seg`).evaluateAll((els) => els.map((e) => e.dataset.factor));
    assert.deepEqual(segments, s.why ? Object.keys(FACTORS).filter((k) => s.why[k] !== 0) : [], `${s.id} one segment per factor`);
  }
  const collapsed = result.strategies.find((s) => s.why);
  const top = Object.keys(FACTORS).reduce((a, b) => (collapsed.why[b] > collapsed.why[a] ? b : a));
  assert.match(await page.textContent('[data-summary=why]'), new RegExp(`${collapsed.label}, ${FACTORS[top]} \\(${share(collapsed.why[top])}\\)`));

  // A factor's legend button hides it by keyboard, and shows it again.
  const button = page.locator(`.why-key[data-factor="${top}"]`);
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.locator(`.why-seg[data-factor="${top}"]`).count(), 0);
  await page.keyboard.press(' ');
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  assert.ok((await page.locator(`.why-seg[data-factor="${top}"]`).count()) >= 1);

  // The data table: the collapsed runs, then one row per factor.
  await page.click('details[data-table=why] summary');
  const rows = page.locator('details[data-table=why] tbody tr');
  await rows.first().waitFor(); // the table is filled on the details' toggle event, a task after the click
  assert.equal(await rows.count(), 1 + Object.keys(FACTORS).length);
  const column = result.strategies.indexOf(collapsed);
  assert.equal(await rows.nth(0).locator('td').nth(column).innerText(), count.format(collapsed.why.collapses));
  const debtRow = rows.nth(1 + Object.keys(FACTORS).indexOf('debt_interest'));
  assert.equal(await debtRow.locator('td').nth(column).innerText(), share(collapsed.why.debt_interest));
  await close(o);
});

test('the cash and runway charts draw the result, with data tables, summaries and keyboard legends', async () => {
  const o = await open();
  const { page, result } = o;
  for (const id of ['cash-chart', 'runway-chart']) {
    assert.ok((await page.locator(`[data-testid=${id}] canvas`).count()) >= 1, `${id} has a canvas`);
    const box = await page.locator(`[data-testid=${id}]`).boundingBox();
    assert.ok(box && box.width > 150 && box.height > 150, `${id} is visible (${JSON.stringify(box)})`);
  }
  // Per strategy: P10, median and P90 of the result.
  const drawn = await page.evaluate(() => window.velocityCliff.charts.plot('cash').data.slice(1, 4));
  const c0 = result.strategies[0].series.cash;
  assert.deepEqual(drawn, [c0.p10, c0.p50, c0.p90]);
  const runway = await page.evaluate(() => window.velocityCliff.charts.plot('runway').data[2]);
  assert.deepEqual(runway, result.strategies[0].series.runway.p50);

  await page.click('details[data-table=cash] summary');
  const rows = page.locator('details[data-table=cash] tbody tr');
  await rows.first().waitFor(); // the table is filled on the details' toggle event, a task after the click
  assert.equal(await rows.count(), result.weeks);
  const w = 51; // week 52
  assert.equal(await rows.nth(w).locator('td').first().innerText(), `${money(c0.p50[w])} (${money(c0.p10[w])}–${money(c0.p90[w])})`);
  assert.match(await page.textContent('details[data-table=cash] caption'), /^Cash \(\$\): median/);
  const last = result.weeks - 1;
  const summary = await page.textContent('[data-summary=cash]');
  for (const s of result.strategies) assert.ok(summary.includes(`${s.label} ${money(s.series.cash.p50[last])}`), summary);
  assert.ok((await page.textContent('[data-summary=runway]')).includes(months(result.strategies[0].series.runway.p50[last])));

  // The cash legend lists the medians only; one of them hides that strategy everywhere, by keyboard.
  const legend = page.locator('#cash-chart .u-legend .u-series:not(.band-edge)');
  assert.equal(await legend.count(), 1 + result.strategies.length);
  const second = result.strategies[1];
  await legend.nth(2).focus();
  await page.keyboard.press('Enter');
  assert.equal(await legend.nth(2).getAttribute('aria-pressed'), 'false');
  assert.deepEqual(await page.evaluate(() => window.velocityCliff.charts.plot('cash').series.slice(4, 7).map((x) => x.show)), [false, false, false]);
  assert.equal(await page.isHidden(`.fan[data-strategy="${second.id}"]`), true);
  assert.equal(await page.isHidden(`.why-row[data-strategy="${second.id}"]`), true);
  assert.equal(await page.evaluate(() => window.velocityCliff.charts.plot('survival').series[2].show), false);
  await page.keyboard.press(' ');
  assert.equal(await page.isVisible(`.fan[data-strategy="${second.id}"]`), true);
  assert.deepEqual(await page.evaluate(() => window.velocityCliff.charts.plot('cash').series.slice(4, 7).map((x) => x.show)), [true, true, true]);
  await close(o);
});

test('the survival chart shows still healthy, still funded or both', async () => {
  const o = await open();
  const { page, result } = o;
  const curve = () => page.evaluate(() => window.velocityCliff.charts.plot('survival').data.slice(1));
  assert.deepEqual(await curve(), result.strategies.map((s) => s.collapse.survival));
  await page.check('input[name=survival-measure][value=funded]');
  assert.deepEqual(await curve(), result.strategies.map((s) => s.cash.survival));
  assert.match(await page.textContent('[data-summary=survival]'), /The chart shows the share still funded/);
  // Arrow keys move between the choices.
  await page.focus('input[name=survival-measure][value=funded]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isChecked('input[name=survival-measure][value=both]'), true);
  assert.deepEqual(await curve(), result.strategies.map((s) => s.collapse.survival_both));
  await page.click('details[data-table=survival] summary');
  await page.waitForSelector('details[data-table=survival] tbody tr');
  assert.match(await page.textContent('details[data-table=survival] caption'), /both healthy and funded/);
  const last = result.weeks - 1;
  assert.equal(
    await page.textContent(`details[data-table=survival] tbody tr:nth-child(${result.weeks}) td:nth-child(2)`),
    share(result.strategies[0].collapse.survival_both[last]),
  );
  await close(o);
});

test('the smoothing control changes the scenario, the link and the result', async () => {
  const o = await open({ runs: 200, weeks: 104 });
  const { page } = o;
  const before = { link: new URL(page.url()).hash, json: await page.evaluate(() => window.velocityCliff.lastResultJson) };
  assert.equal(await page.inputValue('#smoothing'), '8');
  assert.equal(await page.textContent('h2 [data-smoothing]'), '8-week average');

  await page.fill('#smoothing', '12');
  await ready(page);
  const result = await page.evaluate(() => window.velocityCliff.lastResult);
  assert.equal(result.scenario.collapse.smoothing, 12);
  const link = new URL(page.url()).hash;
  assert.notEqual(link, before.link, 'the link carries the smoothing');
  assert.equal(await page.evaluate(() => window.velocityCliff.link), link.slice(1));
  const json = await page.evaluate(() => window.velocityCliff.lastResultJson);
  assert.notEqual(json, before.json);
  assert.equal(execFileSync(cli, ['simulate', '--link', page.url()]).toString().trim(), json, 'the CLI gives the same bytes for the link');
  assert.equal(await page.textContent('h2 [data-smoothing]'), '12-week average');
  assert.match(await page.textContent('[data-summary=velocity]'), /^Smoothed velocity \(12-week average\)/);

  // The link opens with the smoothing in its field.
  const other = await env.browser.newPage();
  await other.goto(page.url());
  await ready(other);
  assert.equal(await other.inputValue('#smoothing'), '12');
  assert.equal(await other.evaluate(() => window.velocityCliff.lastResultJson), json);
  await other.close();

  // Out of range: a message beside the field; the last good result stays.
  await page.fill('#smoothing', '0');
  await page.waitForFunction(() => document.querySelector('[data-field="smoothing"] .error').textContent !== '');
  assert.match(await page.locator('[data-field="smoothing"] .error').innerText(), /smoothing: 0 \(allowed: a whole number from 1 to 52\)/);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), json);
  // Back to the default: the link is the one from before.
  await page.fill('#smoothing', '8');
  await ready(page);
  assert.equal(new URL(page.url()).hash, before.link);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), before.json);
  await close(o);
});

test('the parameter panel lists the money, fit and start groups with units, ranges and sources', async () => {
  const o = await open(null);
  const { page } = o;
  const cat = await page.evaluate(() => window.velocityCliff.catalogue);
  await page.click('#params-panel summary');
  const groups = await page.locator('#params legend').allInnerTexts();
  // The start group is the "Your team today" panel at the top.
  const legendOf = { money: 'money', fit: 'fit', start: 'your team today' };
  for (const g of /** @type {const} */ (['money', 'fit', 'start'])) {
    assert.ok(groups.map((x) => x.toLowerCase()).includes(legendOf[g]), `group ${g} in ${groups}`);
    const params = cat.params.filter((p) => p.group === g);
    assert.ok(params.length >= 1);
    for (const p of params) {
      const field = page.locator(`[data-field="params.${p.name}"]`);
      assert.equal(await field.locator('.unit').innerText(), `(${p.unit})`);
      assert.equal(await field.locator('.range').innerText(), `${p.min} – ${p.max}; model default ${p.default}`);
      assert.equal(await field.locator('.source').innerText(), `Source: ${p.source}`);
    }
  }
  await close(o);
});

test('no serious accessibility problems in the outcome, money and why views (light and dark)', async () => {
  const o = await open();
  const { page } = o;
  await page.check('input[name=survival-measure][value=both]');
  await page.click('.why-key[data-factor=noise]');
  for (const name of ['outcomes', 'cash', 'runway', 'why']) await page.click(`details[data-table=${name}] summary`);
  const scan = (label) => assertAccessible(page, label);
  await scan('the page with every new view open');
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await scan('the same in the dark theme');
  await close(o);
});
