// The embed fallback's number formats against the renderer's (src/render/mod.rs):
// the same table of values is pinned by the Rust test
// `the_fallback_formats_are_pinned` in tests/it/render.rs, so the page's
// snippet and `render --embed` write the same digits, exact ties included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixed1, percent, whole, money, esc, seedDigits, descriptionOf } from '../../src/page/fallback.js';

test('one decimal as Rust writes it: exact ties to the even digit', () => {
  /** @type {Array<[number, string]>} */
  const cases = [
    [0.25, '0.2'],
    [0.75, '0.8'],
    [12.25, '12.2'],
    [12.75, '12.8'],
    [1.05, '1.1'],
    [2.5, '2.5'],
    [99.95, '100.0'],
    [0, '0.0'],
  ];
  for (const [x, want] of cases) assert.equal(fixed1(x), want, String(x));
});

test('shares, whole numbers and money as the renderer writes them', () => {
  // Shares are f32 in a result: 0.1225 is 0.12250000238… as an f32, so it rounds up.
  assert.equal(percent(0.1225), '12.3 %');
  assert.equal(percent(0.0025), '0.2 %');
  assert.equal(percent(1), '100.0 %');
  assert.equal(whole(12345.5), '12,346');
  assert.equal(whole(-0.4), '0');
  assert.equal(whole(-1234), '−1,234');
  assert.equal(money(0), '$0');
  assert.equal(money(850_000), '$850k');
  assert.equal(money(1_234_567), '$1.2M');
  assert.equal(money(9_960_000), '$10M');
  assert.equal(money(-5_000), '−$5k');
  assert.equal(money(2_500_000_000), '$2.5B');
});

test('escaping, the seed digits and the description', () => {
  assert.equal(esc(`a<b>&"c'\u0001`), 'a&lt;b&gt;&amp;&quot;c&#39; ');
  assert.equal(seedDigits('{"model_version":"2.1.0","seed":18446744073709551615,"runs":1,"scenario":{"seed":3}}'), '18446744073709551615');
  assert.equal(descriptionOf('<svg><title>T</title><desc>A &amp; B.</desc></svg>'), 'A &amp; B.');
});
