// Browser tests of the answer-first layout at desktop and phone sizes: the
// headline names the strategy the result says is best (worked out here from
// the result JSON, not by the page's code), it and the survival chart come
// first, the phone has no horizontal scrolling and one card per strategy,
// chart legends show values only while hovering, and axe finds nothing
// serious. The detail sections are open on the desktop and closed on the
// phone, where opening one draws its charts at the screen's width, and a
// repaint, the facilitator's hide and reveal keep them open. Run with
// `npm test` after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, ready, assertAccessible } from './harness.mjs';

const env = useBrowser();
const DESKTOP = { width: 1400, height: 1000 };
const PHONE = { width: 390, height: 844 };

async function open(viewport) {
  const page = await env.browser.newPage({ viewport });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url);
  await ready(page);
  return { page, errors };
}

/**
 * The best strategy by the result's own numbers: the most mean healthy weeks
 * (the first of equals), and the runner-up.
 */
function bestOf(result) {
  const order = [...result.strategies].sort((a, b) => b.summary.mean_healthy_weeks - a.summary.mean_healthy_weeks);
  return { best: order[0], next: order[1] };
}

/**
 * The page's height at 390 px with the detail sections closed, at most: the
 * header (~220 px), the answer (~920), the controls (~1,100 with the
 * uncertainty mode and its sentence, and the strategy editor's closed
 * heading), one summary card per strategy (~340 each, five in the default
 * preset), the outcome words and the seven closed section headings (~50
 * each, the sensitivity section's included) come to ~5,030 px. Any section
 * left open adds at least ~350 px (its chart, words and table toggle), so
 * it passes the bound; all of them open, the page was ~11,800 px.
 */
const PHONE_MAX_HEIGHT = 5300;

/** The detail sections (<details data-section>) and whether each is open. */
const sections = (page) => page.locator('details[data-section]').evaluateAll((all) => all.map((d) => [d.dataset.section, /** @type {HTMLDetailsElement} */ (d).open]));

/**
 * The CSS size of the first canvas under `selector`, once it is laid out.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 */
async function canvasBox(page, selector) {
  await page.waitForFunction((sel) => (document.querySelector(`${sel} canvas`)?.getBoundingClientRect().width ?? 0) >= 300, selector, { timeout: 5000 });
  return page.locator(`${selector} canvas`).first().boundingBox();
}

const pct = (share) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(share * 100)} %`;

/** The headline's checks that hold at every size. */
async function checkHeadline(page) {
  const result = JSON.parse(await page.evaluate(() => window.velocityCliff.lastResultJson));
  const { best, next } = bestOf(result);
  const text = await page.locator('[data-testid=headline]').innerText();
  assert.ok(text.startsWith(best.label) || text.includes(` ${best.label} `) || text.includes(`between ${best.label} `), `headline names ${best.label}: ${text}`);
  // It must lead with the best strategy, never with another one.
  const first = result.strategies.filter((s) => text.indexOf(s.label) >= 0).sort((a, b) => text.indexOf(a.label) - text.indexOf(b.label))[0];
  assert.equal(first.id, best.id, `the first strategy named is the best: ${text}`);
  assert.ok(text.includes(pct(best.outcomes.healthy)), `the best's share healthy & funded at the horizon is in the headline: ${text}`);
  const pair = best.paired.find((p) => p.against === next.id);
  assert.ok(text.includes(pct(pair.win)) && text.includes(pct(pair.loss)), `the paired wins and losses against ${next.label} are in the headline: ${text}`);
  // The answer comes first: the headline, then the survival chart right under it, then the details.
  const y = async (sel) => (await page.locator(sel).boundingBox()).y;
  const headlineY = await y('[data-testid=headline]');
  const survivalY = await y('[data-testid=survival-chart]');
  assert.ok(headlineY < survivalY, 'the headline is above the survival chart');
  assert.ok(survivalY < (await y('[data-testid=summary]')), 'the survival chart is above the summary');
  assert.ok(survivalY < (await y('[data-testid=velocity-chart]')), 'the survival chart is above the fans');
  return result;
}

test('desktop: the answer first, the summary a table, legends without placeholders until hovered', async () => {
  const { page, errors } = await open(DESKTOP);
  await checkHeadline(page);
  assert.ok((await page.locator('[data-testid=headline]').boundingBox()).y < DESKTOP.height / 3, 'the headline is in the first third of the screen');
  // The summary stays a table on wide screens.
  assert.equal(await page.locator('#summary tbody tr').first().evaluate((tr) => getComputedStyle(tr).display), 'table-row');
  assert.equal(await page.locator('#summary thead').evaluate((el) => getComputedStyle(el).position), 'static');
  // Every detail section is open, its charts drawn at full height.
  const all = await sections(page);
  assert.ok(all.length >= 6, `the detail sections: ${JSON.stringify(all)}`);
  assert.deepEqual(all.filter(([, open]) => !open), [], 'every detail section is open on the desktop');
  for (const id of ['velocity-chart', 'collapse-histogram', 'cash-chart', 'why-chart', 'users-chart']) assert.ok(await page.locator(`#${id}`).isVisible(), `${id} is shown`);
  assert.equal((await canvasBox(page, '#survival-chart')).height, 260, 'the survival chart at full height');
  assert.equal((await canvasBox(page, '#users-chart')).height, 200, 'a median chart at full height');

  // No chart shows its empty live values ("week: –", "P10: –") before a hover.
  const visibleValues = () =>
    page.evaluate(() => [...document.querySelectorAll('.u-legend .u-value')].filter((v) => v.getClientRects().length > 0).map((v) => v.textContent));
  assert.deepEqual(await visibleValues(), [], 'no legend value is shown before hovering');
  // The strategies' names stay (they toggle the strategies).
  assert.ok(await page.locator('#survival-chart .u-legend .u-series[role=button]').first().isVisible());
  await page.hover('#survival-chart .u-over');
  const shown = await visibleValues();
  assert.ok(shown.length >= 5, `values shown while hovering: ${shown.length}`);
  assert.ok(shown.some((v) => v.includes('%')), `a survival share is shown: ${shown.slice(0, 6).join(' | ')}`);
  assert.ok(!shown.includes('–') || shown.some((v) => v !== '–'), 'real values, not placeholders');
  await page.mouse.move(2, 2);
  assert.deepEqual(await visibleValues(), [], 'the values go once the cursor leaves');
  await assertAccessible(page, 'the page at desktop size');
  assert.deepEqual(errors, []);
  await page.close();
});

test('phone: no horizontal scroll, one card per strategy, readable charts, the answer before the controls', async () => {
  const { page, errors } = await open(PHONE);
  const result = await checkHeadline(page);
  const widths = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: innerWidth, height: document.scrollingElement.scrollHeight }));
  assert.ok(widths.scroll <= widths.inner, `no horizontal scroll at ${PHONE.width} px: scrollWidth ${widths.scroll} > ${widths.inner}`);
  console.log(`page height at ${PHONE.width} px, detail sections closed: ${widths.height} px`);
  // The details wait behind their headings: the answer, the controls and the cards come without scrolling past them.
  const closed = await sections(page);
  assert.deepEqual(closed.filter(([, open]) => open), [], 'every detail section is closed on the phone');
  assert.ok(widths.height < PHONE_MAX_HEIGHT, `the page is shorter than ${PHONE_MAX_HEIGHT} px with the details closed: ${widths.height} px`);
  assert.equal(await page.locator('#velocity-chart').isVisible(), false, 'the fans wait behind their heading');
  assert.ok((await page.locator('[data-testid=headline]').boundingBox()).y < (await page.locator('#controls').boundingBox()).y, 'the answer comes before the controls');

  // One card per strategy: rows laid out as grids, every value labelled with its column.
  const cards = await page.locator('#summary tbody tr').evaluateAll((rows) =>
    rows.map((tr) => ({
      id: tr.dataset.strategy,
      display: getComputedStyle(tr).display,
      width: tr.getBoundingClientRect().width,
      labels: [...tr.querySelectorAll('td')].map((td) => getComputedStyle(td, '::before').content),
    })),
  );
  assert.deepEqual(cards.map((c) => c.id), result.strategies.map((s) => s.id));
  for (const card of cards) {
    assert.equal(card.display, 'grid', `${card.id} is a card`);
    assert.ok(card.width <= PHONE.width, `${card.id}'s card fits the screen (${card.width} px)`);
    assert.ok(card.labels.includes('"Healthy & funded"') && card.labels.includes('"Median collapse"'), `${card.id}'s values are labelled: ${card.labels.join(', ')}`);
  }
  // The survival chart fits the screen and keeps its axes, at a phone's shorter height.
  const survival = await canvasBox(page, '#survival-chart');
  assert.ok(survival && survival.x >= 0 && survival.x + survival.width <= PHONE.width, `the survival chart fits the phone: ${JSON.stringify(survival)}`);
  assert.equal(survival.height, 210, 'the survival chart is shorter than on the desktop (260 px)');
  // The controls are stacked: every field within the screen.
  const overflowing = await page.evaluate(
    (w) =>
      [.../** @type {NodeListOf<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>} */ (document.querySelectorAll('#controls input, #controls select, #controls button'))]
        .filter((el) => el.getBoundingClientRect().right > w + 0.5)
        .map((el) => el.id || el.name),
    PHONE.width,
  );
  assert.deepEqual(overflowing, [], 'no control sticks out of the screen');
  await assertAccessible(page, 'the page at phone size, details closed');

  // Opening a section draws its charts at the screen's width (they were made while it was closed).
  for (const section of ['histogram', 'money', 'velocity', 'medians']) await page.click(`details[data-section=${section}] > summary`);
  /** @param {string} id */
  const fits = async (id) => {
    const box = await canvasBox(page, `#${id}`);
    assert.ok(box && box.width >= 300 && box.height > 100 && box.x >= 0 && box.x + box.width <= PHONE.width, `${id} is drawn and fits the phone: ${JSON.stringify(box)}`);
    return box;
  };
  for (const id of ['collapse-histogram', 'cash-chart', 'velocity-chart', 'users-chart']) await fits(id);
  assert.equal((await fits('users-chart')).height, 160, 'a median chart is shorter than on the desktop (200 px)');
  const opened = await page.evaluate(() => document.scrollingElement.scrollHeight);
  assert.ok(opened > widths.height + 4 * 300, `the opened sections lengthen the page: ${widths.height} → ${opened} px`);
  await assertAccessible(page, 'the page at phone size, details open');

  // A repaint (a new seed) keeps what was opened, the charts still drawn.
  const before = await sections(page);
  const seed = String(BigInt(await page.evaluate(() => window.velocityCliff.input.seed)) + 1n);
  await page.evaluate((s) => window.velocityCliff.setInput({ seed: s }), seed);
  await ready(page);
  assert.equal(await page.evaluate(() => window.velocityCliff.lastResult?.seed), Number(seed), 'the new seed was run');
  assert.deepEqual(await sections(page), before, 'the sections stay as the user left them');
  await fits('cash-chart');

  // Facilitator mode's hide and reveal: the open section comes back with its charts drawn.
  await page.click('#facilitator-toggle');
  await page.click('#predict');
  assert.equal(await page.locator('#cash-chart').isVisible(), false, 'results hidden before the reveal');
  await page.click('#reveal');
  await page.waitForSelector('[data-testid=prediction-outcome]', { state: 'visible' });
  assert.ok(await page.locator('details[data-section=money]').evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), 'the money section is still open');
  await fits('cash-chart');
  assert.deepEqual(errors, []);
  await page.close();
});
