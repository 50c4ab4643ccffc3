// The "why" chart: per strategy, one horizontal bar that splits the fall of
// smoothed velocity, from its peak to the collapse week, into the factors of
// the velocity product (result `why`: mean log shares over collapsed runs,
// adding up to 1). Factors that made velocity fall stack right of zero;
// factors that pushed the other way (a growing team, say) stack left of it.
// Under each bar, the plain-language sentence from core/format.js.
//
// Plain DOM (createElement/textContent; positions and widths through CSSOM
// properties), so it runs under `style-src 'self'`. The legend's buttons show
// or hide a factor; every number comes straight from the result.
import { FACTOR_COLOURS, strategyColour } from './palette.js';
import { WHY_FACTORS, percent, whySentence } from '../core/format.js';
import { el } from './dom.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').Factor} Factor */

/** Grid lines every this share of the fall. */
const TICK = 0.25;

/**
 * Where a share sits on the track, as a CSS percentage.
 * @param {number} value
 * @param {number} lo
 * @param {number} hi
 */
function at(value, lo, hi) {
  return `${(((value - lo) / (hi - lo)) * 100).toFixed(3)}%`;
}

export class WhyChart {
  /** @param {HTMLElement} host */
  constructor(host) {
    this.host = host;
    /** Factors switched off in the legend. @type {Set<string>} */
    this.off = new Set();
    /** Strategies hidden in every chart. @type {Set<string>} */
    this.hidden = new Set();
    /** @type {Result | null} */
    this.result = null;
    this.legend = el('div', 'why-legend');
    this.legend.setAttribute('role', 'group');
    this.legend.setAttribute('aria-label', 'Factors: press one to hide or show it');
    this.buttons = WHY_FACTORS.map((f) => {
      const button = el('button', 'why-key');
      button.type = 'button';
      button.dataset.factor = f.key;
      button.setAttribute('aria-pressed', 'true');
      const swatch = el('span', 'swatch why-swatch');
      swatch.dataset.factor = f.key;
      swatch.style.backgroundColor = FACTOR_COLOURS[f.key];
      button.append(swatch, f.label);
      button.addEventListener('click', () => this.toggleFactor(f.key));
      return button;
    });
    this.legend.append(...this.buttons);
    this.rows = el('div', 'why-rows');
    this.scale = el('div', 'why-scale');
    this.scale.setAttribute('aria-hidden', 'true');
    host.replaceChildren(this.legend, this.rows, this.scale);
  }

  /** @param {Factor} key */
  toggleFactor(key) {
    if (this.off.has(key)) this.off.delete(key);
    else this.off.add(key);
    for (const b of this.buttons) b.setAttribute('aria-pressed', String(!this.off.has(b.dataset.factor ?? '')));
    this.draw();
  }

  /**
   * Strategies hidden through any chart's legend.
   * @param {Iterable<string>} hidden
   */
  setHidden(hidden) {
    this.hidden = new Set(hidden);
    for (const row of /** @type {HTMLCollectionOf<HTMLElement>} */ (this.rows.children)) row.hidden = this.hidden.has(row.dataset.strategy ?? '');
  }

  /**
   * @param {Result} result parsed result
   * @param {Iterable<string>} [hidden]
   */
  update(result, hidden = this.hidden) {
    this.result = result;
    this.hidden = new Set(hidden);
    this.draw();
  }

  draw() {
    const result = this.result;
    if (!result) return;
    const shown = WHY_FACTORS.filter((f) => !this.off.has(f.key));
    // One scale for every strategy: from the largest push the other way to the largest fall.
    let lo = 0;
    let hi = 1;
    for (const s of result.strategies) {
      if (!s.why) continue;
      let neg = 0;
      let pos = 0;
      for (const f of shown) {
        const v = s.why[f.key];
        if (v < 0) neg += v;
        else pos += v;
      }
      lo = Math.min(lo, neg);
      hi = Math.max(hi, pos);
    }
    lo = Math.floor(lo / TICK) * TICK;
    hi = Math.ceil(hi / TICK) * TICK;
    const rows = result.strategies.map((s, i) => {
      const row = el('div', 'why-row');
      row.dataset.strategy = s.id;
      row.hidden = this.hidden.has(s.id);
      const name = el('div', 'why-name');
      const swatch = el('span', 'swatch');
      swatch.style.backgroundColor = strategyColour(s.id, i);
      name.append(swatch, s.label);
      const track = el('div', 'why-track');
      for (let t = lo; t <= hi + 1e-9; t += TICK) {
        const line = el('span', t === 0 ? 'why-grid why-zero' : 'why-grid');
        line.style.left = at(t, lo, hi);
        track.append(line);
      }
      if (s.why) {
        let right = 0;
        let left = 0;
        const described = [];
        for (const f of shown) {
          const v = s.why[f.key];
          if (!v) continue;
          const seg = el('span', 'why-seg');
          seg.dataset.factor = f.key;
          seg.style.backgroundColor = FACTOR_COLOURS[f.key];
          if (v > 0) {
            seg.style.left = at(right, lo, hi);
            right += v;
          } else {
            left += v;
            seg.style.left = at(left, lo, hi);
          }
          seg.style.width = `${((Math.abs(v) / (hi - lo)) * 100).toFixed(3)}%`;
          seg.title = `${f.label}: ${percent(v)}`;
          track.append(seg);
          described.push(`${f.label} ${percent(v)}`);
        }
        track.setAttribute('role', 'img');
        track.setAttribute('aria-label', `${s.label}, shares of the fall: ${described.join(', ')}`);
      } else {
        track.classList.add('why-none');
        track.append(el('span', 'why-empty', 'no collapse'));
      }
      const sentence = el('p', 'why-sentence', whySentence(s));
      sentence.dataset.whySentence = '';
      sentence.dataset.strategy = s.id;
      row.append(name, track, sentence);
      return row;
    });
    this.rows.replaceChildren(...rows);
    const ticks = [];
    for (let t = lo; t <= hi + 1e-9; t += TICK) {
      const label = el('span', 'why-tick', percent(t));
      label.style.left = at(t, lo, hi);
      ticks.push(label);
    }
    this.scale.replaceChildren(...ticks);
  }
}
