// The scenario fields the page's new controls write (the `fixed` list and the
// observed weeks of a calibration) through the input, the link and the
// scenario file (src/core/link.js), and the fit in words
// (src/core/calibration.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkScenario, inputOf, scenarioOf } from '../../src/core/link.js';
import { fitSentence } from '../../src/core/calibration.js';

const catalogue = {
  schema: 3,
  model_version: '2.1.0',
  default_preset: 'marketplace',
  defaults: { runs: 1000, seed: '1', weeks: 260, threshold: 0.5, window: 4, smoothing: 8 },
  limits: { runs: 1_000_000, weeks: 1040, window: 52, smoothing: 52 },
  presets: [],
  strategies: [{ id: 'feature-first', label: 'Feature first', description: '' }],
  params: [],
};

test('the fixed list and the calibration travel only when set, and come back as they went', () => {
  const plain = inputOf({}, /** @type {any} */ (catalogue));
  assert.equal('fixed' in plain || 'calibration' in plain, false);
  assert.equal('fixed' in scenarioOf(plain, 3) || 'calibration' in scenarioOf(plain, 3), false, 'older files stay as they were');
  assert.deepEqual(linkScenario(plain, /** @type {any} */ (catalogue)), {});
  const calibration = { unit: /** @type {'items'} */ ('items'), delivered: [9, 11, 10, 12], team: [3, 3, 3, 3] };
  const set = { ...plain, fixed: [], calibration, params: { productivity: 3.06 } };
  const link = linkScenario(set, /** @type {any} */ (catalogue));
  assert.deepEqual(link, { params: { productivity: 3.06 }, fixed: [], calibration }, 'an empty list is a choice too');
  assert.deepEqual(scenarioOf(set, 3).calibration, calibration);
  assert.deepEqual(inputOf(link, /** @type {any} */ (catalogue)), set);
  // Copies, not shared objects: editing the input leaves the link as it was.
  set.calibration.delivered.push(1);
  assert.equal(link.calibration?.delivered.length, 4);
});

test('a fit in words: weeks inside the band, the gap and its side', () => {
  const report = { unit: /** @type {'items'} */ ('items'), weeks: 8, observed: [], smoothed: [], fit: [] };
  assert.equal(
    fitSentence(report, { strategy: 'a', inside: 0.75, error: 0.123, bias: -0.04 }),
    "6 of your 8 weeks inside the model's P10–P90 band (75 %); its median is off by 12 % on average, 4 % below yours overall.",
  );
  assert.match(fitSentence(report, { strategy: 'a', inside: 1, error: 0.05, bias: 0.05 }), /8 of your 8 weeks .* 5 % above yours overall\.$/);
});
