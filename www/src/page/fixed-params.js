// "Hold fixed": beside each uncertain parameter's uncertainty, a checkbox
// saying whether its runs use the value as it stands (fixed) or draw it from
// its range. By default the parameters the user set are fixed (the core's
// rule); the first tick or untick writes the scenario's `fixed` list, which
// then says it for every parameter and travels in the link and the file.
import { uncertaintyText } from '../core/format.js';

/** @typedef {import('./session.js').Session} Session */

export class FixedParams {
  /**
   * @param {object} o
   * @param {Session} o.session
   */
  constructor({ session }) {
    this.session = session;
    this.params = session.catalogue.params.filter((p) => p.uncertainty.kind !== 'fixed');
    /** @type {Map<string, HTMLInputElement>} */
    this.boxes = new Map();
    this.build();
  }

  build() {
    for (const p of this.params) {
      const spread = document.querySelector(`[data-uncertainty="${CSS.escape(p.name)}"]`);
      if (!spread) continue;
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', id: `fixed-${p.name}`, className: 'hold-fixed' });
      const label = Object.assign(document.createElement('label'), { htmlFor: box.id, className: 'hold-fixed-label' });
      label.append(box, ' hold fixed', Object.assign(document.createElement('span'), { className: 'visually-hidden', textContent: `: ${p.label}` }));
      box.addEventListener('change', () => this.toggle(p.name, box.checked));
      spread.append(' ', label);
      this.boxes.set(p.name, box);
    }
  }

  /** The parameters held fixed now: the input's list, else those it sets. */
  effective() {
    const input = this.session.input;
    return input.fixed ?? Object.keys(input.params);
  }

  /**
   * @param {string} name
   * @param {boolean} on
   */
  toggle(name, on) {
    const held = new Set(this.effective());
    if (on) held.add(name);
    else held.delete(name);
    const order = this.session.catalogue.params.map((p) => p.name);
    this.session.setInput({ fixed: order.filter((n) => held.has(n)) });
  }

  /** Shows the input's choice on every checkbox and uncertainty line (after the controls' own sync). */
  sync() {
    const held = new Set(this.effective());
    const set = this.session.input.params;
    for (const p of this.params) {
      const box = this.boxes.get(p.name);
      if (!box) continue;
      box.checked = held.has(p.name);
      const line = box.closest('[data-uncertainty]')?.querySelector(':scope > span');
      if (!line) continue;
      line.textContent = held.has(p.name)
        ? `Uncertainty: fixed (${p.name in set ? 'you set this value' : 'held at this value'})`
        : `Uncertainty: ${uncertaintyText(p.uncertainty)}${p.name in set ? ', around your value' : ''}`;
    }
  }
}
