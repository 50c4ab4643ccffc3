// Number formats and result wording (src/core/format.js), in Node: the one
// module both fronts print shares, money, weeks and progress with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  percent,
  money,
  moneyShort,
  months,
  smoothingText,
  rate,
  timeLeft,
  progressText,
  progressStatus,
  medianCollapseText,
  collapseRangeText,
  outcomeLine,
  sentence,
  whySentence,
  resultLine,
  estimateShownText,
} from '../../src/core/format.js';
import { strategyResult, result as resultOf } from './fixture.mjs';

/**
 * A strategy of a result with what the wording reads.
 * @param {{share?: number, p10?: number | null, p50?: number | null, p90?: number | null, outcomes?: object, why?: import('../../src/core/result.js').Why | null}} [o]
 */
function strategy({ share = 0.5, p10 = 40, p50 = 80, p90 = 200, outcomes = {}, why = null } = {}) {
  return strategyResult({
    collapse: { share, week_p10: p10, week_p50: p50, week_p90: p90 },
    outcomes: { healthy: 0.62, recovered: 0, collapsed: 0.18, out_of_cash: 0.2, frozen: 0, ...outcomes },
    why,
    summary: { mean_healthy_weeks: 100, features_p50: 1234.4, final_users_p50: 56789, final_team_p50: 12.34, healthy_share: 0.62, out_of_cash_share: 0.2, cash_p50: 1_234_567, cash_per_feature_p50: 4321 },
  });
}

test('a share reads "12.3 %" with at most one decimal', () => {
  assert.equal(percent(0.123), '12.3 %');
  assert.equal(percent(0.12345), '12.3 %');
  assert.equal(percent(1), '100 %');
  assert.equal(percent(0), '0 %');
  assert.equal(percent(0.5), '50 %');
  assert.equal(percent(-0.061), '-6.1 %');
});

test('money for people and on axes', () => {
  assert.equal(money(1_234_567), '$1.2M');
  assert.equal(money(999_499), '$999k');
  assert.equal(money(999_500), '$1M');
  assert.equal(money(340_000), '$340k');
  assert.equal(money(12_300), '$12,300');
  assert.equal(money(-12_300), '-$12,300');
  assert.equal(money(2.5e9), '$2.5B');
  assert.equal(money(null), '–');
  assert.equal(money(Number.NaN), '–');
  assert.equal(moneyShort(0), '$0');
  assert.equal(moneyShort(50_000), '$50k');
  assert.equal(moneyShort(1_230_000), '$1.23M');
  assert.equal(moneyShort(3e9), '$3B');
});

test('runway in months, capped at 120', () => {
  assert.equal(months(8.54), '8.5 months');
  assert.equal(months(1), '1 month');
  assert.equal(months(120), '120+ months');
  assert.equal(months(500), '120+ months');
  assert.equal(months(undefined), '–');
});

test('the smoothing in words', () => {
  assert.equal(smoothingText(8), '8-week average');
  assert.equal(smoothingText(1), 'weekly, not smoothed');
});

test('rates and time left', () => {
  assert.equal(rate(9_849), '9,800');
  assert.equal(rate(42.6), '43');
  assert.equal(rate(0), '0');
  assert.equal(rate(null), '0');
  assert.equal(timeLeft(0.4), 'under a second');
  assert.equal(timeLeft(7.2), 'about 8 s');
  assert.equal(timeLeft(100), 'about 1 min 40 s');
  assert.equal(timeLeft(120), 'about 2 min');
  assert.equal(timeLeft(720), 'about 12 min');
  assert.equal(timeLeft(3900), 'about 1 h 5 min');
  assert.equal(timeLeft(null), '');
  assert.equal(timeLeft(-1), '');
});

test('progress: one wording for the page and the component', () => {
  const base = { generation: 3, done: 12_500, total: 1_000_000, estimating: false, estimateRuns: 460, shown: 0, runsPerSecond: 9_849, secondsLeft: 100 };
  assert.equal(progressText(base), '12,500 / 1,000,000 runs · 9,800 runs/s · about 1 min 40 s left');
  assert.equal(progressText({ ...base, runsPerSecond: null, secondsLeft: null }), '12,500 / 1,000,000 runs');
  assert.deepEqual(progressStatus({ ...base, estimating: true }), { kind: 'estimating', text: 'estimating… (first 460 of 1,000,000 runs)' });
  assert.deepEqual(progressStatus({ ...base, shown: 6_400 }), {
    kind: 'running',
    text: 'running 12,500 / 1,000,000 runs · 9,800 runs/s · about 1 min 40 s left · estimate from 6,400 runs shown',
  });
  assert.equal(progressStatus(base).text, 'running 12,500 / 1,000,000 runs · 9,800 runs/s · about 1 min 40 s left');
  assert.equal(estimateShownText(6_400), 'running… estimate from 6,400 runs shown');
});

test('collapse cells read the same in both fronts', () => {
  const c = strategy().collapse;
  assert.equal(medianCollapseText(c, 260), 'week 80');
  assert.equal(medianCollapseText({ ...c, week_p50: null }, 260), 'no collapse within 260 weeks');
  assert.equal(collapseRangeText(c, 260), '40–200');
  assert.equal(collapseRangeText({ ...c, week_p90: null }, 260), '40–>260');
  assert.equal(collapseRangeText({ ...c, week_p10: null, week_p90: null }, 260), '–');
});

test('outcomes in one line: healthy always, the others when any run ended that way', () => {
  assert.equal(outcomeLine(strategy()), 'healthy & funded 62 % · still collapsed 18 % · out of cash 20 %');
  assert.equal(outcomeLine(strategy({ outcomes: { healthy: 0, collapsed: 1, out_of_cash: 0 } })), 'healthy & funded 0 % · still collapsed 100 %');
});

test('the collapse sentence covers none, some, half and all runs collapsing', () => {
  const tail = 'Median 1,234 features shipped, 56,789 users and 12.3 engineers at the end.';
  assert.equal(sentence(strategy({ share: 0, p10: null, p50: null, p90: null }), 260), `No Feature first (feature-first) run collapses within 260 weeks. ${tail}`);
  assert.equal(
    sentence(strategy({ share: 0.3, p50: null, p90: null }), 260),
    `30 % of Feature first (feature-first) runs collapse within 260 weeks; the first 10 % by week 40; most never do. ${tail}`,
  );
  assert.equal(
    sentence(strategy({ share: 0.6, p90: null }), 260),
    `Half of the Feature first (feature-first) runs collapse by week 80 (the first 10 % by week 40); 40 % never collapse within 260 weeks. ${tail}`,
  );
  assert.equal(
    sentence(strategy({ share: 1 }), 260),
    `Every Feature first (feature-first) run collapses within 260 weeks; half of them by week 80 (the first 10 % by week 40); 90 % by week 200. ${tail}`,
  );
});

test('the why sentence names the largest factors and a push the other way', () => {
  const why = { collapses: 34, team_size: -0.12, onboarding: 0.01, coordination: 0.24, debt_interest: 0.613, size_drag: 0, overload: 0.02, unplanned_work: 0.03, allocation: 0.04, noise: 0.091 };
  assert.equal(
    whySentence(strategy({ why })),
    'Feature first: 61.3 % of the fall came from debt interest, 24 % from coordination and 9.1 % from noise (mean over 34 collapsed runs). Team size pushed the other way (-12 %).',
  );
  assert.equal(whySentence(strategy()), 'Feature first: no run collapsed, so there is no fall to explain.');
  assert.match(whySentence(strategy({ why: { ...why, collapses: 1 } })), /\(mean over 1 collapsed run\)\./);
});

test('a finished result in one line, the seed as digits', () => {
  const result = resultOf([], { runs: 1000, weeks: 260 });
  assert.equal(resultLine(result, '18446744073709551615'), '1,000 runs per strategy · 260 weeks · seed 18446744073709551615 · model 2.0.0');
});
