// Facilitator mode's predictions and verdicts (src/core/verdict.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, readPrediction } from '../../src/core/verdict.js';
import { strategyResult } from './fixture.mjs';

/** A strategy whose runs collapse at weeks 3–8 of a 10-week horizon: 10 % by week 3, 90 % by week 8. */
function strategy({ p10 = /** @type {number | null} */ (3), p90 = /** @type {number | null} */ (8), share = 0.95 } = {}) {
  const survival = [1, 1, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05, 1 - share];
  return strategyResult({ weeks: 10, collapse: { share, week_p10: p10, week_p50: 6, week_p90: p90, survival, survival_both: survival } });
}

test('a prediction is a whole week within the horizon, or blank for no collapse', () => {
  assert.deepEqual(readPrediction(' 7 ', 10, 'Feature first'), { week: 7, error: null });
  assert.deepEqual(readPrediction('', 10, 'Feature first'), { week: null, error: null });
  assert.deepEqual(readPrediction('   ', 10, 'Feature first'), { week: null, error: null });
  for (const text of ['0', '11', '2.5', 'soon', '-3']) {
    const { week, error } = readPrediction(text, 10, 'Feature first');
    assert.equal(week, null);
    assert.equal(error, `invalid prediction for Feature first: ${JSON.stringify(text)} (allowed: a whole week from 1 to 10, or blank for no collapse)`);
  }
});

test('the verdict places a guess against the collapse distribution', () => {
  const s = strategy();
  assert.deepEqual(judge(s, 2, 10), { byThen: 0, text: 'By week 2, 0 % of runs have collapsed: your guess is earlier than 90 % of the runs would collapse.' });
  const middle = judge(s, 5, 10);
  assert.ok(Math.abs(middle.byThen - 0.4) < 1e-12);
  assert.equal(middle.text, 'By week 5, 40 % of runs have collapsed: your guess is within the middle 80 % of collapse weeks.');
  assert.match(judge(s, 9, 10).text, /^By week 9, 95 % of runs have collapsed: your guess is later than 90 % of the runs collapse\.$/);
  assert.match(judge(strategy({ p90: null, share: 0.6 }), 9, 10).text, /later than most runs collapse, if they do\.$/);
  assert.match(judge(strategy({ p10: null, p90: null, share: 0.05 }), 9, 10).text, /earlier than 90 % of the runs would collapse\.$/);
});

test('predicting no collapse is judged on the share that stays healthy', () => {
  assert.deepEqual(judge(strategy({ share: 0.25 }), null, 10), { byThen: null, text: 'You predicted no collapse within 10 weeks: 75 % of runs stay healthy that long.' });
});
