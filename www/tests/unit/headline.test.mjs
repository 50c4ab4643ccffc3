// Unit tests of the answer and its headline sentence (src/core/answer.js,
// `headline` in src/core/format.js) on results made by hand: which strategy
// it names, and how sure it says it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, ranked, healthyAtHorizon } from '../../src/core/answer.js';
import { headline } from '../../src/core/format.js';
import { strategyResult } from './fixture.mjs';

/**
 * A strategy as the result shapes it, with what the headline reads set.
 * @param {string} id
 * @param {number} meanHealthy
 * @param {number} lastSurvival
 * @param {import('../../src/core/result.js').Paired[]} [paired]
 */
function strategy(id, meanHealthy, lastSurvival, paired = []) {
  return { ...strategyResult({ id, label: id[0].toUpperCase() + id.slice(1), summary: { mean_healthy_weeks: meanHealthy }, outcomes: { healthy: lastSurvival } }), paired };
}
/** @param {string} against @param {number} win @param {number} tie */
const pair = (against, win, tie) => ({ against, win, tie, loss: 1 - win - tie });

test('the strategy with the most mean healthy weeks is named, ties keep the result order', () => {
  const result = {
    runs: 1000,
    weeks: 3,
    strategies: [strategy('alpha', 2.1, 0.5), strategy('beta', 2.8, 0.75), strategy('gamma', 2.8, 0.7), strategy('delta', 1, 0.1)],
  };
  assert.deepEqual(ranked(result).map((s) => s.id), ['beta', 'gamma', 'alpha', 'delta']);
  result.strategies[1].paired = [pair('gamma', 0.41, 0.515)];
  const a = answer(result);
  assert.equal(a.best.id, 'beta');
  assert.equal(a.next.id, 'gamma');
  assert.equal(healthyAtHorizon(a.best), 0.75);
});

test('a lead the paired runs support by a wide margin reads as clear, with the numbers', () => {
  const result = {
    runs: 1000,
    weeks: 260,
    strategies: [strategy('feature', 150, 0.543, [pair('evolution', 0.075, 0.515)]), strategy('evolution', 231.4, 0.812, [pair('feature', 0.41, 0.515)])],
  };
  const a = answer(result);
  assert.equal(a.certainty, 'clear');
  assert.equal(a.wins, 410);
  assert.equal(a.losses, 75);
  assert.equal(
    headline(result),
    'Evolution keeps velocity healthy longest, clearly ahead of Feature: 81.2 % of its runs end healthy & funded at week 260 against 54.3 % for Feature; ' +
      'on the same random draws it stays healthy longer in 41 % of runs, Feature in 7.5 % (ties 51.5 %).',
  );
});

test('a narrow lead reads as probable, a tiny one as too close to call', () => {
  const make = (win, loss) => ({
    runs: 1000,
    weeks: 100,
    strategies: [strategy('one', 80, 0.6, [pair('two', win, 1 - win - loss)]), strategy('two', 79, 0.58, [pair('one', loss, 1 - win - loss)])],
  });
  const likely = make(0.055, 0.035); // z = 20 / √90 ≈ 2.1
  assert.equal(answer(likely).certainty, 'likely');
  assert.match(headline(likely), /^One probably keeps velocity healthy longest, narrowly ahead of Two:/);
  const close = make(0.04, 0.035); // z ≈ 0.58
  assert.equal(answer(close).certainty, 'close');
  assert.match(headline(close), /^Too close to call between One \(80 healthy weeks on average\) and Two \(79\)/);
  // More mean healthy weeks but fewer paired wins: not called either.
  const split = make(0.03, 0.06);
  assert.equal(answer(split).certainty, 'close');
});

test('strategies that never differ run by run are equal; a single strategy is reported alone', () => {
  const same = {
    runs: 500,
    weeks: 52,
    strategies: [strategy('a', 52, 1, [pair('b', 0, 1)]), strategy('b', 52, 1, [pair('a', 0, 1)])],
  };
  assert.equal(answer(same).certainty, 'close');
  assert.match(headline(same), /^A and B keep velocity healthy equally long/);
  const only = { runs: 10, weeks: 52, strategies: [strategy('solo', 40.25, 0.3)] };
  assert.equal(answer(only).certainty, 'only');
  assert.equal(headline(only), 'Solo is the only strategy simulated: 30 % of its runs end healthy & funded at week 52 (on average 40.3 of 52 weeks healthy).');
  assert.equal(answer({ runs: 1, weeks: 1, strategies: [] }), null);
});
