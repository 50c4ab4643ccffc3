// The sensitivity driver (core/sensitivity.js) with a stand-in core: every
// cell asked for is split into chunks, chunks come back in any order, the
// ranking's bytes are concatenated in run order, parameter cells are reduced
// from their chunks in run order, the step is asked again until the report;
// and the words of the uncertainty and sensitivity (core/format.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SensitivityRun, partialBars, testOrder, cellKey } from '../../src/core/sensitivity.js';
import { uncertaintyText, uncertaintyModeText, sensitivityValue, sensitivitySummary } from '../../src/core/format.js';

/** @typedef {import('../../src/core/sensitivity.js').Cell} Cell */

/**
 * A stand-in core over `runs` runs: chunk bytes are the run indices; the
 * ranking orders parameters by the sum of its bytes; a cell's outcome is
 * its value plus the sum of its runs' indices (in order: a checksum).
 * @param {number} runs
 */
function fakeCore(runs) {
  /** @type {{ranking: number[][], reduced: number[][]}} */
  const seen = { ranking: [], reduced: [] };
  const core = {
    /** @type {import('../../src/core/sensitivity.js').SensitivityCore['step']} */
    step: (_s, _o, _r, ranking, cells) => {
      if (!ranking) return { need: [{ kind: 'ranking', runs: Math.min(runs, 7) }, { kind: 'at', param: null, value: 0, runs }] };
      seen.ranking.push([...ranking]);
      const ends = [
        { kind: /** @type {const} */ ('at'), param: 'b', value: 1, runs },
        { kind: /** @type {const} */ ('at'), param: 'b', value: 3, runs },
        { kind: /** @type {const} */ ('at'), param: 'a', value: 10, runs },
        { kind: /** @type {const} */ ('at'), param: 'a', value: 20, runs },
      ];
      const need = ends.filter((e) => !cells.some((c) => c.param === e.param && c.value === e.value));
      if (need.length) return { need };
      // The core keys the cells done: their order does not matter.
      return { report: JSON.stringify({ cells: cells.map((c) => [c.param, c.value, c.outcome]).sort() }) };
    },
    /** @type {import('../../src/core/sensitivity.js').SensitivityCore['reduce']} */
    reduce: (_s, _o, _r, cell, chunks) => {
      const all = chunks.flatMap((c) => [...c]);
      seen.reduced.push(all);
      return (cell.kind === 'at' ? cell.value : 0) + all.reduce((n, x) => n + x, 0);
    },
  };
  return { core, seen };
}

/** Runs a driver to the end, answering chunks in the order `pick` chooses. */
function drive(runs, size, pick) {
  const { core, seen } = fakeCore(runs);
  const scenario = /** @type {any} */ ({ runs, weeks: 10, strategies: [] });
  const run = new SensitivityRun({ scenario, request: { outcome: 'healthy', strategy: 'x' }, core });
  const events = [...run.start()];
  for (let guard = 0; guard < 1000 && run.report === null; guard++) {
    const tasks = [];
    for (let t = run.next(size); t; t = run.next(size)) tasks.push(t);
    assert.ok(tasks.length > 0, 'work to do until the report');
    for (const t of pick(tasks)) events.push(...run.receive(t, Uint8Array.from({ length: t.end - t.start }, (_, i) => t.start + i)));
  }
  return { run, events, seen };
}

test('chunks in any order give the same report as whole cells', () => {
  const whole = drive(12, 100, (t) => t);
  const reversed = drive(12, 5, (t) => [...t].reverse());
  const odd = drive(12, 1, (t) => [...t].sort((a, b) => (a.start % 3) - (b.start % 3)));
  assert.ok(whole.run.report);
  assert.equal(reversed.run.report, whole.run.report);
  assert.equal(odd.run.report, whole.run.report);
  assert.deepEqual(odd.seen.ranking[0], [0, 1, 2, 3, 4, 5, 6], 'the ranking is its 7 runs concatenated in run order');
  for (const r of odd.seen.reduced) assert.deepEqual(r, Array.from({ length: 12 }, (_, i) => i), 'a cell reduces its chunks in run order');
});

test('events: the ranking order once, every parameter cell, then the report', () => {
  const { events } = drive(4, 2, (t) => t);
  const kinds = events.map((e) => e?.kind);
  assert.equal(kinds.filter((k) => k === 'ranking').length, 1);
  assert.deepEqual(events.find((e) => e?.kind === 'ranking'), { kind: 'ranking', order: ['b', 'a'] });
  assert.equal(kinds.filter((k) => k === 'cell').length, 5, 'the base and four ends');
  assert.equal(kinds.at(-1), 'report');
  assert.ok(kinds.indexOf('ranking') < kinds.lastIndexOf('cell'));
});

test('no chunk is handed out twice, and none after the report', () => {
  const { run } = drive(9, 4, (t) => t);
  assert.equal(run.next(4), null);
  assert.equal(run.out, 0);
});

test('partial bars: only parameters with both ends, sorted by swing', () => {
  const cells = [
    { param: 'a', value: 10, outcome: 0.5 },
    { param: 'b', value: 3, outcome: 0.1 },
    { param: 'a', value: 5, outcome: 0.7 },
    { param: 'c', value: 1, outcome: 0.2 },
    { param: 'b', value: 1, outcome: 0.9 },
  ];
  const bars = partialBars(['a', 'b', 'c'], cells);
  assert.deepEqual(bars.map((b) => b.param), ['b', 'a']);
  assert.deepEqual([bars[1].low, bars[1].high, bars[1].outcome_low, bars[1].outcome_high], [5, 10, 0.7, 0.5]);
  assert.ok(Math.abs(bars[0].swing - 0.8) < 1e-12);
  assert.deepEqual(testOrder([{ kind: 'at', param: null, value: 0, runs: 1 }, { kind: 'at', param: 'x', value: 1, runs: 1 }, { kind: 'at', param: 'x', value: 2, runs: 1 }]), ['x']);
  assert.notEqual(cellKey({ kind: 'at', param: 'x', value: 1 }), cellKey({ kind: 'at', param: 'x', value: 2 }));
});

test('uncertainty in words', () => {
  assert.equal(uncertaintyText({ kind: 'triangular', low: 0.7, high: 1.3 }), 'triangular ±30 %');
  assert.equal(uncertaintyText({ kind: 'triangular', low: 0.6, high: 1.6 }), 'triangular −40 % to +60 %');
  assert.equal(uncertaintyText({ kind: 'log_uniform', factor: 2 }), 'log-uniform ×0.5–×2');
  assert.equal(uncertaintyText({ kind: 'fixed' }), 'fixed');
  assert.match(uncertaintyModeText('parameters'), /values you set stay fixed/);
  assert.match(uncertaintyModeText('shocks'), /luck alone/);
});

test('sensitivity values with units, and the summary', () => {
  const healthy = { id: 'healthy', label: 'Share healthy at the horizon', unit: 'share of runs' };
  const week = { id: 'collapse-week', label: 'Median collapse week', unit: 'weeks' };
  assert.equal(sensitivityValue(0.845, healthy, false), '84.5 %');
  assert.equal(sensitivityValue(0.1, healthy, true), '+10 points');
  assert.equal(sensitivityValue(-0.25, healthy, true), '−25 points');
  assert.equal(sensitivityValue(71, week, false), 'week 71');
  assert.equal(sensitivityValue(-12, week, true), '−12 weeks');
  assert.equal(sensitivityValue(1234, { id: 'features', unit: 'feature points' }, false), '1,230 feature points');
  const report = {
    outcome: healthy,
    versus: ['a', 'b'],
    base: 0.1,
    tornado: [{ label: 'Base churn', unit: 'share / month', low: 0.015, high: 0.045, outcome_low: -0.05, outcome_high: 0.2, swing: 0.25 }],
    switch_points: [{}],
  };
  const text = sensitivitySummary(report, (id) => id.toUpperCase(), null);
  assert.match(text, /A minus B in share healthy at the horizon is \+10 points/);
  assert.match(text, /Base churn decides it most: .*0\.015 share \/ month to 0\.045 share \/ month.* from −5 points to \+20 points/);
  assert.match(text, /preferred strategy changes inside the range of one parameter/);
  const flat = sensitivitySummary({ ...report, versus: null, tornado: [] }, (id) => id, 'x');
  assert.match(flat, /No parameter tested moves it/);
});
