// Share strings in attributes and hashes, refusals as fields, and the part
// of a scenario a link carries (src/core/link.js, src/core/errors.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { shareOf, hashText, linkScenario, inputOf, scenarioOf, deflateRaw, storedDeflate } from '../../src/core/link.js';
import { inputError, errorFields, scenarioPath, controlName, refusalText } from '../../src/core/errors.js';

test('the share string is found in a bare string, a hash or a whole link', () => {
  assert.equal(shareOf('v1.abc'), 'v1.abc');
  assert.equal(shareOf(' #v1.abc '), 'v1.abc');
  assert.equal(shareOf('https://example.org/app/?x=1#v1.abc'), 'v1.abc');
  assert.equal(shareOf('https://example.org/#a#v1.abc'), 'v1.abc', 'the last hash');
  assert.equal(shareOf(''), '');
});

test('a hash is read with its escapes undone when they decode', () => {
  assert.equal(hashText('#v1.a%2Db'), 'v1.a-b');
  assert.equal(hashText('v1.abc'), 'v1.abc');
  assert.equal(hashText('#v1.%E0%A4%A'), 'v1.%E0%A4%A', 'a broken escape is kept as it is');
  assert.equal(hashText('#%20v1.abc%20'), 'v1.abc');
  assert.equal(hashText(''), '');
});

/** The catalogue fields these functions read. */
const catalogue = {
  schema: 2,
  model_version: '2.0.0',
  default_preset: 'b2b-saas',
  defaults: { runs: 1000, seed: '42', weeks: 260, threshold: 0.5, window: 4, smoothing: 8 },
  limits: { runs: 1_000_000, weeks: 1040, window: 52, smoothing: 52 },
  presets: [],
  strategies: [
    { id: 'feature-first', label: 'Feature first', description: '' },
    { id: 'scale-early', label: 'Scale early', description: '' },
  ],
  params: [],
};

test('a link carries only what differs from the defaults; a seed stays a string', () => {
  const defaults = inputOf({}, catalogue);
  assert.deepEqual(defaults, { preset: 'b2b-saas', strategies: ['feature-first', 'scale-early'], weeks: 260, runs: 1000, seed: '42', threshold: 0.5, window: 4, smoothing: 8, params: {}, uncertainty: 'parameters' });
  assert.deepEqual(linkScenario(defaults, catalogue), {});
  assert.deepEqual(linkScenario({ ...defaults, uncertainty: 'shocks' }, catalogue), { uncertainty: 'shocks' }, 'weekly shocks only is in the link');
  assert.equal(inputOf({ uncertainty: 'shocks' }, catalogue).uncertainty, 'shocks');
  assert.equal(scenarioOf({ ...defaults, uncertainty: 'shocks' }, 2).uncertainty, 'shocks');
  const changed = { ...defaults, seed: '18446744073709551615', window: 6, params: { coupling: 0.3 }, strategies: ['scale-early'] };
  assert.deepEqual(linkScenario(changed, catalogue), {
    seed: '18446744073709551615',
    collapse: { threshold: 0.5, window: 6 },
    params: { coupling: 0.3 },
    strategies: ['scale-early'],
  });
  assert.deepEqual(linkScenario({ ...defaults, smoothing: 12 }, catalogue), { collapse: { smoothing: 12 } });
  const back = inputOf(linkScenario(changed, catalogue), catalogue);
  assert.deepEqual(back, changed, 'a link gives back the input it was made from');
  assert.deepEqual(scenarioOf(changed, 2).collapse, { threshold: 0.5, window: 6, smoothing: 8 });
});

test('refusals are fields; a field is a scenario path, shown on a control of its name', () => {
  const own = errorFields(inputError('params.coupling', '"abc"', 'a number'));
  assert.deepEqual(own, { field: 'params.coupling', value: '"abc"', allowed: 'a number', message: 'invalid params.coupling: "abc" (allowed: a number)' });
  const core = Object.assign(new Error('invalid options.threshold: 1.5 (allowed: …)'), { field: 'options.threshold', value: '1.5', allowed: 'a number greater than 0 and less than 1' });
  assert.equal(errorFields(core).field, 'collapse.threshold');
  assert.equal(refusalText(errorFields(core)), 'invalid threshold: 1.5 (allowed: a number greater than 0 and less than 1)');
  assert.deepEqual(errorFields(new Error('worker failed')), { field: null, value: null, allowed: null, message: 'worker failed' });
  assert.equal(errorFields('plain text').message, 'plain text');
  assert.equal(refusalText(errorFields(new Error('worker failed'))), 'worker failed');
  assert.equal(scenarioPath('options.runs'), 'runs');
  assert.equal(scenarioPath('collapse.window'), 'collapse.window');
  assert.equal(scenarioPath('scenario.weeks'), 'weeks');
  assert.equal(controlName('collapse.window'), 'window');
  assert.equal(controlName('strategies[3].label'), 'strategies');
  assert.equal(controlName('params.coupling'), 'params.coupling');
  assert.equal(controlName('share link'), 'share link');
});

test("a link's payload is raw DEFLATE: the engine's compressed stream, else stored blocks any inflater reads", async () => {
  const strategy = { id: 'mine', label: 'Mine', refactor_share: 0.2, rules: [{ when: [{ observe: 'debt_interest', op: 'above', value: 0.3 }], do: [{ set: 'refactor_share', to: 0.25 }] }] };
  const text = JSON.stringify({ m: '2.1.0', s: { preset: 'b2b-saas', note: 'é ✓ 😀', strategies: [strategy, { ...strategy, id: 'other' }] } });
  const packed = await deflateRaw(text);
  assert.equal(zlib.inflateRawSync(packed).toString('utf8'), text);
  assert.ok(packed.length < Buffer.byteLength(text), 'compressed');
  // No CompressionStream, or one without the raw format: stored blocks, the same text.
  const stored = await deflateRaw(text, null);
  assert.equal(zlib.inflateRawSync(stored).toString('utf8'), text);
  assert.equal(stored.length, Buffer.byteLength(text) + 5);
  class NoRaw {
    /** @param {string} format */
    constructor(format) {
      throw new TypeError(`unsupported format ${format}`);
    }
  }
  assert.deepEqual(await deflateRaw(text, /** @type {any} */ (NoRaw)), stored);
  // Longer than one stored block (65,535 bytes), and empty.
  const long = 'x'.repeat(150_000);
  const blocks = storedDeflate(new TextEncoder().encode(long));
  assert.equal(blocks.length, 150_000 + 3 * 5);
  assert.equal(zlib.inflateRawSync(blocks).toString('utf8'), long);
  assert.equal(zlib.inflateRawSync(storedDeflate(new Uint8Array(0))).length, 0);
});
