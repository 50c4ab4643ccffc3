// The catalogue the fronts bundle (pkg/catalogue.json, written by `make
// wasm`) is the core's own, for the model version the core module simulates:
// a stale file (the modules rebuilt, the file not) fails here. Wasm in Node,
// no browser; run after `make wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../pkg');

/** @param {string} name glue file stem @param {string} wasm */
async function load(name, wasm) {
  const glue = await import(path.join(pkg, `${name}.js`));
  glue.initSync({ module: new WebAssembly.Module(fs.readFileSync(path.join(pkg, wasm))) });
  return glue;
}

test('the bundled catalogue is what the extra module builds, for the core module’s model version', async () => {
  const bundled = JSON.parse(fs.readFileSync(path.join(pkg, 'catalogue.json'), 'utf8'));
  const extra = await load('velocity_cliff_extra', 'velocity_cliff_extra_bg.wasm');
  assert.deepEqual(bundled, extra.catalogue());
  const core = await load('velocity_cliff', 'velocity_cliff_bg.wasm');
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
