// The catalogue the fronts bundle (pkg/catalogue.json, written by `make
// wasm`) is the core's own, for the model version the core module simulates:
// a stale file (the modules rebuilt, the file not) fails here. Wasm in Node,
// no browser; run after `make wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCore, loadExtra, bundledCatalogue } from './wasm-node.mjs';

test('the bundled catalogue is what the extra module builds, for the core module’s model version', async () => {
  const bundled = bundledCatalogue();
  const extra = await loadExtra();
  assert.deepEqual(bundled, extra.catalogue());
  const core = await loadCore();
  assert.equal(typeof core.catalogue, 'undefined', 'the core module leaves the catalogue to the bundle');
  const result = JSON.parse(core.simulate({ runs: 2, weeks: 4 }, {}));
  assert.match(bundled.model_version, /^\d+\.\d+\.\d+$/);
  assert.equal(bundled.model_version, result.model_version);
  // What the page's form is built from is all there.
  assert.ok(bundled.params.length > 40);
  assert.ok(bundled.params.every((/** @type {any} */ p) => Number.isFinite(p.min) && Number.isFinite(p.max) && p.min <= p.default && p.default <= p.max));
  assert.ok(bundled.presets.some((/** @type {any} */ p) => p.id === bundled.default_preset));
  assert.ok(bundled.strategies.length >= 5);
});
