// Readings of a result shared by the charts and the words behind them
// (src/core/result.js and src/core/describe.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseBins, binWeeks, HISTOGRAM_BIN_WEEKS, survivalMeasure, survivalOf, bestOther, strategyKey, readResult } from '../../src/core/result.js';
import { chartSummaries, tableData } from '../../src/core/describe.js';
import { strategyResult, result as resultOf } from './fixture.mjs';

test('collapse weeks are summed into 4-week bins; the last bin is cut at the horizon', () => {
  assert.equal(HISTOGRAM_BIN_WEEKS, 4);
  const weeks = 10;
  const histogram = [1, 0, 2, 0, 0, 3, 0, 0, 4, 5];
  assert.deepEqual(collapseBins(histogram, weeks), [3, 3, 9]);
  assert.deepEqual(collapseBins([0, 0, 0, 0, 0, 0, 0, 0], 8), [0, 0]);
  assert.equal(binWeeks(0, weeks), '1–4');
  assert.equal(binWeeks(2, weeks), '9–10');
  /** @param {number[]} xs */
  const total = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(total(collapseBins(histogram, weeks)), total(histogram), 'binning keeps every collapse');
});

/** A two-strategy result, small enough to read. */
function result() {
  /** @param {string} id @param {string} label @param {number} healthy @param {number} share */
  const strategy = (id, label, healthy, share) =>
    strategyResult({
      id,
      label,
      collapse: { share, week_p10: 1, week_p50: 2, week_p90: null, survival: [1, 1 - share], survival_both: [0.9, 0.4], histogram: [0, share * 100] },
      cash: { share: 0.1, survival: [1, 0.9], histogram: [0, 10] },
      outcomes: { healthy: 1 - share, collapsed: share },
      summary: { mean_healthy_weeks: healthy, healthy_share: 1 - share },
    });
  return resultOf([strategy('feature-first', 'Feature first', 1.5, 0.25), strategy('scale-early', 'Scale early', 1.9, 0.5)]);
}

test('survival curves, the best other strategy and the strategy set key', () => {
  const r = result();
  const [a, b] = r.strategies;
  assert.equal(survivalMeasure('funded'), 'funded');
  assert.equal(survivalMeasure('nonsense'), 'healthy');
  assert.deepEqual(survivalOf(a, 'healthy'), [1, 0.75]);
  assert.deepEqual(survivalOf(a, 'funded'), [1, 0.9]);
  assert.deepEqual(survivalOf(a, 'both'), [0.9, 0.4]);
  assert.equal(bestOther(r, a.id)?.id, 'scale-early');
  assert.equal(bestOther({ ...r, strategies: [a] }, a.id), null);
  assert.notEqual(strategyKey([a, b]), strategyKey([b, a]));
  assert.notEqual(strategyKey([{ id: 'a', label: 'bc' }]), strategyKey([{ id: 'ab', label: 'c' }]));
});

test('the words and tables behind the charts use the shared formats', () => {
  const r = result();
  const words = chartSummaries(r, { survival: 'funded' });
  assert.match(words.survival, /^After 2 weeks, 75 % of Feature first runs are still healthy, 90 % still funded and 40 % both;/);
  assert.match(words.survival, /The chart shows the share still funded \(not out of cash\)\.$/);
  assert.equal(words.histogram, 'Feature first: most collapses fall in weeks 1–2 (25 % of runs). Scale early: most collapses fall in weeks 1–2 (50 % of runs).');
  assert.match(words.velocity, /^Smoothed velocity \(8-week average\)/);
  assert.equal(words.why, 'No run collapsed under Feature first, Scale early.');
  const histogram = tableData(r, 'histogram');
  assert.deepEqual(histogram.head, ['weeks', 'Feature first', 'Scale early']);
  assert.deepEqual(histogram.rows, [['1–2', '25 %', '50 %']]);
  const survival = tableData(r, 'survival', { survival: 'both' });
  assert.match(survival.caption, /both healthy and funded/);
  assert.deepEqual(survival.rows, [['1', '90 %', '90 %'], ['2', '40 %', '40 %']]);
  assert.deepEqual(tableData(r, 'users').rows[1], ['2', '20 (10–10)', '20 (10–10)']);
});

test('a result read from text and columns fills its weekly columns in the text order: bands metric by metric, then the samples', () => {
  const weeks = 2;
  const whole = resultOf([strategyResult({ weeks }), strategyResult({ id: 'scale-early', label: 'Scale early', weeks })]);
  whole.weeks = weeks;
  whole.strategies[1].samples = [
    [7, 8],
    [9, 10.5],
  ];
  // Split as the core splits it: each column emptied, its values in order.
  const split = JSON.parse(JSON.stringify(whole));
  const values = [];
  for (const s of split.strategies) {
    for (const b of Object.values(s.series)) for (const key of Object.keys(b)) values.push(...b[key].splice(0));
    for (const trace of s.samples) values.push(...trace.splice(0));
  }
  const json = JSON.stringify(split);
  const columns = new Float32Array(values);
  assert.equal(columns.length, (2 * 9 * 6 + 2) * weeks);
  assert.deepEqual(readResult({ json, columns }), whole);
  assert.deepEqual(readResult({ json: JSON.stringify(whole) }), whole, 'text alone is JSON');
  assert.throws(() => readResult({ json, columns: columns.subarray(1) }), /columns end at 219 values/);
  assert.throws(() => readResult({ json, columns: new Float32Array([...columns, 1]) }), /hold 221 values, not 220/);
});
