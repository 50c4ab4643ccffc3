// The <velocity-cliff> element's own controls (`controls="compact"` or
// `"full"`): a form in its shadow root whose changes set the element's
// attributes, so a control and an attribute are one thing.

/** @typedef {import('../core/result.js').Catalogue} Catalogue */
/** @typedef {import('../core/result.js').ResolvedScenario} ResolvedScenario */

/**
 * createElement with properties (never a style attribute, never HTML).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown>} [props]
 * @param {(Node | string)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') el.className = String(value);
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'part') el.setAttribute(key, String(value));
    else Object.assign(el, { [key]: value });
  }
  el.append(...children);
  return el;
}

/** @typedef {'none'|'compact'|'full'} ControlsMode */

export class ElementControls {
  /**
   * @param {HTMLFormElement} form
   * @param {Catalogue} cat
   * @param {(name: string, value: string) => void} set sets one of the element's attributes
   */
  constructor(form, cat, set) {
    this.form = form;
    const preset = h('select', { name: 'preset' });
    for (const p of cat.presets) preset.append(new Option(p.label || p.id, p.id));
    preset.addEventListener('change', () => set('preset', preset.value));
    const boxes = h('fieldset', { class: 'ctl strategies' }, h('legend', {}, 'Strategies'));
    for (const s of cat.strategies) {
      const box = h('input', { type: 'checkbox', value: s.id, name: 'strategy' });
      box.addEventListener('change', () => {
        set('strategies', [...boxes.querySelectorAll('input:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value).join(','));
      });
      boxes.append(h('label', { title: s.description }, box, ` ${s.label}`));
    }
    /**
     * @param {string} name
     * @param {Record<string, unknown>} props
     */
    const number = (name, props) => {
      const input = h('input', { name, type: 'number', ...props });
      input.addEventListener('change', () => set(name, input.value));
      return input;
    };
    const seed = h('input', { name: 'seed', type: 'text', inputMode: 'numeric', size: 10, spellcheck: false });
    seed.addEventListener('change', () => set('seed', seed.value));
    /**
     * @param {string} label
     * @param {HTMLElement} input
     */
    const field = (label, input, full = false) => h('label', { class: full ? 'ctl full' : 'ctl' }, `${label} `, input);
    this.inputs = {
      preset,
      boxes,
      runs: number('runs', { min: 1, max: cat.limits.runs, step: 100 }),
      seed,
      weeks: number('weeks', { min: 1, max: cat.limits.weeks, step: 1 }),
      threshold: number('threshold', { min: 0.05, max: 0.95, step: 0.05 }),
      window: number('window', { min: 1, max: cat.limits.window, step: 1 }),
      smoothing: number('smoothing', { min: 1, max: cat.limits.smoothing, step: 1 }),
    };
    const i = this.inputs;
    form.replaceChildren(
      field('Preset', preset),
      boxes,
      field('Runs', i.runs),
      field('Seed', seed),
      field('Weeks', i.weeks, true),
      field('Threshold', i.threshold, true),
      field('Window', i.window, true),
      field('Smoothing (weeks)', i.smoothing, true),
    );
  }

  /** @param {ControlsMode} mode */
  show(mode) {
    this.form.hidden = mode === 'none';
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.form.querySelectorAll('.full'))) el.hidden = mode !== 'full';
  }

  /**
   * Shows the scenario being computed (leaving the control being typed in alone).
   * @param {ResolvedScenario} s
   * @param {Element | null} focused the shadow root's active element
   */
  sync(s, focused) {
    /**
     * @param {HTMLInputElement | HTMLSelectElement} el
     * @param {string | number} value
     */
    const put = (el, value) => {
      if (el !== focused) el.value = String(value);
    };
    const i = this.inputs;
    put(i.preset, s.preset);
    const ids = new Set(s.strategies.map((x) => x.id));
    for (const box of i.boxes.querySelectorAll('input')) box.checked = ids.has(box.value);
    put(i.runs, s.runs);
    put(i.seed, s.seed);
    put(i.weeks, s.weeks);
    put(i.threshold, s.collapse.threshold);
    put(i.window, s.collapse.window);
    put(i.smoothing, s.collapse.smoothing);
  }
}
