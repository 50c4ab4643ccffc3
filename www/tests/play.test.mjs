// The play view (`?play`) and the board (`?board`) as a room would use them:
// three teams in separate browser contexts (phones, 390 px) play different
// decisions — all-in hiring, steady refactoring, a rewrite — from one
// workshop link; their result links go onto a board, whose figures for each
// team equal what `velocity-cliff simulate --link` prints for that team's
// link; the same links in another order give the same board; a hostile link
// is refused while the board keeps the rest; keyboard and axe throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBrowser, cli, assertAccessible } from './harness.mjs';

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** The workshop: b2b-saas, 300 runs, 156 weeks; 3 rounds of 13 weeks, refactoring from round 2. */
function workshopUrl() {
  const file = path.join(os.tmpdir(), 'velocity-cliff-workshop.json');
  fs.writeFileSync(file, JSON.stringify({ preset: 'b2b-saas', runs: 300, weeks: 156, seed: 7 }));
  return `${env.server.url}?play&rounds=3&open=hire,refactor:2,infra,split,rewrite#${execFileSync(cli, ['share', '--scenario', file]).toString().trim()}`;
}

/**
 * Plays one team through every round on a phone, as a user would (keyboard
 * for the name and decisions), and returns its result link and figures.
 * @param {string} url
 * @param {string} name
 * @param {Record<string, string | boolean>[]} rounds each round's decisions (input name → value; rewrite: true to tick)
 * @param {number} predict
 */
async function play(url, name, rounds, predict) {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('#wk-team');
  await page.focus('#wk-team');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  for (const [i, decisions] of rounds.entries()) {
    await page.waitForFunction((r) => window.velocityCliffPlay?.view === 'round' && document.querySelector('#wk-round-title')?.textContent?.startsWith(`Round ${r}`), i + 1);
    for (const [field, value] of Object.entries(decisions)) {
      if (value === true) await page.selectOption(`#wk-${field}`, '1');
      else await page.fill(`#wk-${field}`, String(value));
    }
    await page.locator('#wk-round-title').evaluate((h) => h.closest('form').requestSubmit());
    await page.waitForFunction((n) => window.velocityCliffPlay.stories.length === n, i + 1);
  }
  await page.waitForFunction(() => window.velocityCliffPlay.view === 'predict');
  await page.fill('#wk-predict', String(predict));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.velocityCliffPlay.view === 'reveal', null, { timeout: 60_000 });
  const hooks = await page.evaluate(() => ({ link: location.href, figures: window.velocityCliffPlay.teamFigures, json: window.velocityCliffPlay.resultJson, stories: window.velocityCliffPlay.stories, roundMs: window.velocityCliffPlay.roundMs }));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${name}: no horizontal scroll on a 390 px phone (page is ${width} px wide)`);
  await assertAccessible(page, `${name}'s reveal`);
  assert.deepEqual(errors, [], `${name}: no errors in the page`);
  return { page, context, ...hooks };
}

/** The CLI's figures for the team strategy of a link (its first strategy). */
function cliFigures(link) {
  const text = execFileSync(cli, ['simulate', '--link', link, '--threads', '1'], { maxBuffer: 1 << 28 }).toString().trim();
  const s = JSON.parse(text).strategies[0];
  return {
    text,
    figures: {
      healthy_share: s.summary.healthy_share,
      out_of_cash_share: s.summary.out_of_cash_share,
      collapse_share: s.collapse.share,
      collapse_week_p10: s.collapse.week_p10,
      collapse_week_p50: s.collapse.week_p50,
      collapse_week_p90: s.collapse.week_p90,
      mean_healthy_weeks: s.summary.mean_healthy_weeks,
      features_p50: s.summary.features_p50,
      final_users_p50: s.summary.final_users_p50,
      cash_p50: s.summary.cash_p50,
    },
  };
}

test('three teams play, the board re-runs them, and every figure is the CLI’s', async () => {
  assert.ok(fs.existsSync(cli), 'the CLI is missing: run `make cli` first');
  const url = workshopUrl();
  const hiring = await play(url, 'All-in Hirers', [{ hire: '40' }, { hire: '40' }, { hire: '40' }], 60);
  const steady = await play(url, 'Steady Refactorers', [{ hire: '3' }, { refactor: '20', infra: '10' }, {}], 70);
  const rewriting = await play(url, 'Big Rewriters', [{}, { rewrite: true }, { hire: '5' }], 40);

  // Each play is a strategy with rules the CLI reads: the reveal's result is the CLI's bytes.
  for (const team of [hiring, steady, rewriting]) {
    const { text, figures } = cliFigures(team.link);
    assert.ok(team.json === text, `${team.link}: the reveal is the CLI's result for the link, byte for byte`);
    assert.deepEqual(team.figures, figures);
    assert.equal(team.stories.length, 3);
  }
  // The decisions are in the link as rules "from week w".
  const steadyScenario = JSON.parse(execFileSync(cli, ['simulate', '--link', steady.link, '--runs', '1', '--weeks', '1']).toString()).scenario;
  const rules = steadyScenario.strategies[0].rules.map((r) => r.text);
  assert.ok(rules.includes('When the week is at least 14: put 20 % of capacity into refactoring and put 10 % of capacity into infrastructure, from then on.'), rules.join('\n'));
  assert.equal(steadyScenario.strategies[0].label, 'Steady Refactorers');
  // Different decisions, different outcomes on the same runs.
  assert.notDeepEqual(hiring.figures, steady.figures);
  assert.notDeepEqual(steady.figures, rewriting.figures);

  // The board, on a laptop: all three links pasted at once, plus a hostile one.
  const board = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  board.on('pageerror', (e) => errors.push(e.message));
  await board.goto(`${env.server.url}?board`);
  await board.waitForSelector('#wk-links');
  const hostile = `${env.server.url}?play&rounds=3#v1.AAAA${'x'.repeat(50)}`;
  const teamOnly = hiring.link.replace('?play&', '?play&predict=x&');
  await board.fill('#wk-links', [hiring.link, hostile, steady.link, teamOnly, rewriting.link].join('\n'));
  await board.locator('#wk-links').press('Tab');
  await board.getByRole('button', { name: 'Add to the board' }).click();
  await board.waitForFunction(() => window.velocityCliffBoard.order.length === 3 && !window.velocityCliffBoard.busy, null, { timeout: 120_000 });
  const shown = await board.evaluate(() => ({ figures: window.velocityCliffBoard.figures, refused: window.velocityCliffBoard.refused, order: window.velocityCliffBoard.order, link: window.velocityCliffBoard.boardLink }));
  assert.equal(shown.refused.length, 2, shown.refused.join('\n'));
  assert.match(shown.refused[0], /^link 2 refused: invalid share link/);
  assert.match(shown.refused[1], /^link 4 refused: invalid play\.predict: "x" \(allowed: a whole number from 0 to 100\)$/);
  assert.match(await board.locator('.wk-refusals').innerText(), /link 2 refused/);
  for (const { name, team } of [{ name: 'All-in Hirers', team: hiring }, { name: 'Steady Refactorers', team: steady }, { name: 'Big Rewriters', team: rewriting }]) {
    assert.deepEqual(shown.figures[name], cliFigures(team.link).figures, `${name}: the board's figures are the CLI's`);
  }
  // Ranking, predictions and debrief are on screen; axe clean.
  const text = await board.locator('main').innerText();
  assert.match(text, /Ranking: Share healthy and funded across runs/);
  assert.match(text, /Predicted 60 in 100 healthy and funded at week 156/);
  assert.match(text, /Debrief: what separated the top half from the bottom half/);
  assert.match(text, /the top 1 team and the bottom 1 differ most in/);
  await assertAccessible(board, 'the board');

  // Another order of entry, one link at a time: the same board (order, figures, link).
  const again = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await again.goto(`${env.server.url}?board`);
  await again.waitForSelector('#wk-links');
  for (const link of [rewriting.link, steady.link, hiring.link]) {
    await again.fill('#wk-links', link);
    await again.getByRole('button', { name: 'Add to the board' }).click();
    await again.waitForFunction(() => !window.velocityCliffBoard.busy && window.velocityCliffBoard.refused.length === 0);
  }
  await again.waitForFunction(() => window.velocityCliffBoard.order.length === 3 && !window.velocityCliffBoard.busy, null, { timeout: 120_000 });
  const other = await again.evaluate(() => ({ figures: window.velocityCliffBoard.figures, order: window.velocityCliffBoard.order, link: window.velocityCliffBoard.boardLink }));
  assert.deepEqual(other.order, shown.order);
  assert.deepEqual(other.figures, shown.figures);
  assert.equal(other.link, shown.link);

  // The board is a link: reopened, it re-runs the same teams.
  const reopened = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await reopened.goto(shown.link);
  await reopened.waitForFunction(() => window.velocityCliffBoard?.order.length === 3 && !window.velocityCliffBoard.busy, null, { timeout: 120_000 });
  assert.deepEqual(await reopened.evaluate(() => window.velocityCliffBoard.figures), shown.figures);

  // The ranking follows the chosen outcome; the export holds every team.
  await board.selectOption('#wk-rank', 'cash_p50');
  const byCash = await board.evaluate(() => window.velocityCliffBoard.order);
  const cash = byCash.map((n) => shown.figures[n].cash_p50);
  assert.deepEqual([...cash].sort((a, b) => b - a), cash, 'ranked by median cash, highest first');
  const download = board.waitForEvent('download');
  await board.getByRole('button', { name: 'Export CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  assert.equal(csv.length, 4);
  assert.match(csv[0], /^rank,team,ranked_by,value,healthy_share/);
  assert.deepEqual(errors, []);
  for (const t of [hiring, steady, rewriting]) await t.context.close();
});

test('a late team keeps its decisions when the round’s timer runs out', async () => {
  const url = workshopUrl().replace('?play&', '?play&timer=2&');
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('#wk-team', 'Late Team');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.velocityCliffPlay?.view === 'round');
  await page.fill('#wk-hire', '12');
  await page.locator('#wk-round-title').evaluate((h) => h.closest('form').requestSubmit());
  // Round 2: the team types but does not submit; the timer ends the round.
  await page.waitForFunction(() => window.velocityCliffPlay.stories.length === 1);
  await page.fill('#wk-hire', '30');
  await page.waitForFunction(() => window.velocityCliffPlay.stories.length === 2, null, { timeout: 10_000 });
  assert.match(await page.locator('.wk-live').innerText(), /^Time is up: last round’s decisions stand\./);
  // Round 3 shows the standing decision: 12 engineers a round, not 30.
  assert.equal(await page.inputValue('#wk-hire'), '12');
  assert.match(page.url(), /done=2/);
  await context.close();
});

test('refusals: an out-of-range decision is refused beside the form; a damaged workshop link says why', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(workshopUrl());
  await page.fill('#wk-team', 'Careful');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.velocityCliffPlay?.view === 'round');
  // Refactoring opens in round 2 only.
  assert.equal(await page.isDisabled('#wk-refactor'), true);
  assert.match(await page.locator('#wk-refactor-note').innerText(), /opens in round 2/);
  await page.fill('#wk-infra', '95');
  await page.locator('#wk-round-title').evaluate((h) => h.closest('form').requestSubmit());
  assert.equal(await page.locator('#wk-round-error').innerText(), 'invalid play.infra: 95 (allowed: a number from 0 to 80)');
  assert.equal(await page.evaluate(() => window.velocityCliffPlay.stories.length), 0);
  await assertAccessible(page, 'a round with a refusal');
  await page.goto(`${env.server.url}?play&rounds=9#v1.x`);
  await page.waitForSelector('.wk-error');
  assert.equal(await page.locator('.wk-error').innerText(), 'This workshop link was refused: invalid play.rounds: "9" (allowed: a whole number from 1 to 6)');
  await context.close();
});

test('offline after the first load: a team plays a round and the board opens without the network', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  const url = workshopUrl();
  await page.goto(url);
  await page.waitForSelector('#wk-team');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.goto(url);
  await page.fill('#wk-team', 'Offline Team');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.velocityCliffPlay?.view === 'round');
  await page.locator('#wk-round-title').evaluate((h) => h.closest('form').requestSubmit());
  await page.waitForFunction(() => window.velocityCliffPlay.stories.length === 1);
  assert.match(await page.locator('.wk-story').innerText(), /^Round 1: velocity/);
  await page.goto(`${env.server.url}?board`);
  await page.waitForSelector('#wk-links');
  await context.setOffline(false);
  await context.close();
});
