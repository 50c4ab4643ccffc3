// The tornado chart of a sensitivity analysis: one row per parameter tested,
// sorted by swing (largest first), a bar from the outcome at one end of the
// parameter's plausible range to the outcome at the other, the base value (every
// parameter as set) marked by a line through every row. Each row says in
// text what the bar shows ("low 0.015 share / month → 60 %; high 0.045 → 90.5 %"),
// so the chart reads without the bars; the bars are decoration.
//
// Plain DOM (createElement/textContent; positions and widths through CSSOM
// properties), so it runs under `style-src 'self'`.
import { el } from './dom.js';
import { paramValue } from '../core/format.js';

/**
 * One bar: the parameter's ends and the outcome at each.
 * @typedef {{param: string, label: string, unit: string, low: number, high: number, outcome_low: number, outcome_high: number, swing: number, evidence?: string}} Bar
 */

/**
 * Where a value sits on the track, as a CSS percentage.
 * @param {number} value
 * @param {number} lo
 * @param {number} hi
 */
function at(value, lo, hi) {
  return `${(((value - lo) / (hi - lo)) * 100).toFixed(3)}%`;
}

/**
 * Draws the bars into `host` (replacing what was there).
 * @param {HTMLElement} host
 * @param {Bar[]} bars sorted by swing, largest first
 * @param {number | null} base the outcome with every parameter as set
 * @param {(x: number) => string} value an outcome with its unit
 */
export function drawTornado(host, bars, base, value) {
  if (!bars.length) {
    host.replaceChildren();
    return;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of bars) {
    lo = Math.min(lo, b.outcome_low, b.outcome_high);
    hi = Math.max(hi, b.outcome_low, b.outcome_high);
  }
  if (base !== null) {
    lo = Math.min(lo, base);
    hi = Math.max(hi, base);
  }
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.05, 0.5);
  lo -= pad;
  hi += pad;
  const list = el('ol', 'tornado-rows');
  list.setAttribute('aria-label', 'Parameters by how much they move the outcome, largest first');
  for (const b of bars) {
    const row = el('li', 'tornado-row');
    row.dataset.param = b.param;
    row.dataset.swing = String(b.swing);
    const name = el('span', 'tornado-name', b.label);
    if (b.evidence === 'weak') name.append(el('span', 'tornado-weak', ' (weakly evidenced)'));
    const track = el('div', 'tornado-track');
    track.setAttribute('aria-hidden', 'true');
    const left = Math.min(b.outcome_low, b.outcome_high);
    const right = Math.max(b.outcome_low, b.outcome_high);
    const low = el('span', 'tornado-bar tornado-low');
    const high = el('span', 'tornado-bar tornado-high');
    // The half of the bar each end produced, split at the base where it lies between them.
    const mid = base !== null && base > left && base < right ? base : (left + right) / 2;
    const [lowFrom, lowTo] = b.outcome_low <= b.outcome_high ? [left, mid] : [mid, right];
    const [highFrom, highTo] = b.outcome_low <= b.outcome_high ? [mid, right] : [left, mid];
    low.style.left = at(lowFrom, lo, hi);
    low.style.width = `${(((lowTo - lowFrom) / (hi - lo)) * 100).toFixed(3)}%`;
    high.style.left = at(highFrom, lo, hi);
    high.style.width = `${(((highTo - highFrom) / (hi - lo)) * 100).toFixed(3)}%`;
    if (b.swing === 0) {
      low.classList.add('tornado-flat');
      low.style.width = '2px';
    }
    track.append(low, high);
    if (base !== null) {
      const line = el('span', 'tornado-base');
      line.style.left = at(base, lo, hi);
      track.append(line);
    }
    const text = el(
      'span',
      'tornado-values',
      `low ${paramValue(b.low, b.unit)} → ${value(b.outcome_low)}; high ${paramValue(b.high, b.unit)} → ${value(b.outcome_high)}`,
    );
    row.append(name, track, text);
    list.append(row);
  }
  const key = el('p', 'tornado-key');
  key.append(el('span', 'swatch tornado-low'), ' parameter at its low end ', el('span', 'swatch tornado-high'), ' at its high end ');
  if (base !== null) key.append(el('span', 'swatch tornado-base-key'), ` base (every parameter as set): ${value(base)}`);
  host.replaceChildren(key, list);
}
