// The page's form: built from the model's catalogue (preset, strategies, run
// settings, collapse rule, every model parameter with its unit, range,
// default and source), writing every edit into the session and showing the
// session's input again after a scenario is opened. A refusal is shown
// beside the field its `field` names.
import { $ } from './status.js';
import { int, uncertaintyText, uncertaintyModeText, EVIDENCE } from '../core/format.js';
import { controlName } from '../core/errors.js';

/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('../core/errors.js').Refusal} Refusal */

/** The run settings and collapse rule, by their input's id. */
const NUMBER_FIELDS = /** @type {const} */ (['weeks', 'runs', 'window', 'smoothing', 'threshold']);

/**
 * The <input> with this id.
 * @param {string} id
 */
function inputElement(id) {
  const el = $(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`#${id} is not an input`);
  return el;
}

export class Controls {
  /** @param {Session} session */
  constructor(session) {
    this.session = session;
    this.catalogue = session.catalogue;
    this.build();
  }

  /** @param {string} id */
  field(id) {
    return inputElement(id);
  }

  build() {
    const cat = this.catalogue;
    const session = this.session;
    $('controls').addEventListener('submit', (e) => e.preventDefault());
    /** @type {HTMLSelectElement} */
    const select = $('preset');
    for (const p of cat.presets) select.append(new Option(p.label ? `${p.label} (${p.id})` : p.id, p.id));
    select.addEventListener('change', () => {
      session.input.preset = select.value;
      session.input.params = {};
      this.sync();
      session.schedule();
    });

    this.renderStrategyBoxes();

    /** @type {Record<string, number>} */
    const most = { weeks: cat.limits.weeks, runs: cat.limits.runs, window: cat.limits.window, smoothing: cat.limits.smoothing };
    for (const name of NUMBER_FIELDS) {
      const el = this.field(name);
      if (most[name]) el.title = `from 1 to ${int.format(most[name])}`;
      el.addEventListener('input', () => {
        const value = session.setNumber(name, el.value);
        if (name === 'threshold' && value !== null) this.field('threshold-range').value = String(value);
      });
    }
    const range = this.field('threshold-range');
    range.addEventListener('input', () => {
      this.field('threshold').value = range.value;
      session.setNumber('threshold', range.value);
    });
    const seed = this.field('seed');
    seed.addEventListener('input', () => {
      session.input.seed = seed.value.trim();
      session.schedule();
    });
    $('new-seed').addEventListener('click', () => {
      const words = crypto.getRandomValues(new Uint32Array(2));
      session.input.seed = ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
      seed.value = session.input.seed;
      session.schedule();
    });
    for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ ($('uncertainty').querySelectorAll('input[name="uncertainty"]'))) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        session.input.uncertainty = radio.value === 'shocks' ? 'shocks' : 'parameters';
        this.sync();
        session.schedule();
      });
    }
    this.buildParams();
    $('reset-params').addEventListener('click', () => session.resetParams());
  }

  /** One field per model parameter, grouped as the model groups them. */
  buildParams() {
    const panel = $('params');
    /** @type {Map<string, HTMLFieldSetElement>} */
    const groups = new Map();
    for (const p of this.catalogue.params) {
      let group = groups.get(p.group);
      if (!group) {
        group = document.createElement('fieldset');
        group.append(Object.assign(document.createElement('legend'), { textContent: p.group }));
        panel.append(group);
        groups.set(p.group, group);
      }
      const field = document.createElement('div');
      field.className = 'field param';
      field.dataset.field = `params.${p.name}`;
      const label = document.createElement('label');
      label.htmlFor = `p-${p.name}`;
      label.title = `Source: ${p.source}`;
      label.append(p.label, ' ', Object.assign(document.createElement('span'), { className: 'unit', textContent: `(${p.unit})` }));
      const el = document.createElement('input');
      el.type = 'number';
      el.id = `p-${p.name}`;
      el.name = p.name;
      el.step = 'any';
      el.title = `${p.name}: ${p.min} to ${p.max}; model default ${p.default}. Source: ${p.source}`;
      el.addEventListener('input', () => {
        field.classList.add('changed');
        this.session.setNumber(`params.${p.name}`, el.value);
      });
      const range = Object.assign(document.createElement('span'), { className: 'range', textContent: `${p.min} – ${p.max}; model default ${p.default}` });
      const error = Object.assign(document.createElement('span'), { className: 'error' });
      error.setAttribute('role', 'alert');
      const source = Object.assign(document.createElement('small'), { className: 'source', textContent: `Source: ${p.source}` });
      const spread = Object.assign(document.createElement('small'), { className: 'uncertainty' });
      spread.dataset.uncertainty = p.name;
      const spreadText = Object.assign(document.createElement('span'), { textContent: `Uncertainty: ${uncertaintyText(p.uncertainty)}` });
      spread.append(spreadText);
      if (p.evidence === 'weak') {
        const mark = Object.assign(document.createElement('span'), { className: 'evidence-weak', textContent: ' ◆' });
        mark.setAttribute('aria-hidden', 'true');
        label.append(mark);
        const note = Object.assign(document.createElement('span'), { className: 'visually-hidden', textContent: ' (weakly evidenced)' });
        label.append(note);
        spread.append(` — ${EVIDENCE.weak}`);
      } else {
        spread.append(` — ${EVIDENCE[p.evidence] ?? ''}`);
      }
      field.dataset.evidence = p.evidence;
      field.append(label, el, range, error, spread, source);
      group.append(field);
    }
  }

  /** One checkbox per built-in strategy and per custom strategy met in a scenario file. */
  renderStrategyBoxes() {
    const boxes = $('strategies');
    const session = this.session;
    const all = [
      ...this.catalogue.strategies.map((s) => ({ id: s.id, label: s.label, description: s.description, value: /** @type {import('../core/result.js').StrategyRef} */ (s.id) })),
      ...session.customStrategies.map((s) => ({ id: s.id, label: s.label || s.id, description: 'custom strategy (from a scenario file or the strategy editor)', value: /** @type {import('../core/result.js').StrategyRef} */ (s) })),
    ];
    const labels = all.map((s) => {
      const label = document.createElement('label');
      label.title = s.description;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = s.id;
      box.addEventListener('change', () => {
        const ticked = new Set([...boxes.querySelectorAll('input:checked')].map((b) => /** @type {HTMLInputElement} */ (b).value));
        session.input.strategies = all.filter((x) => ticked.has(x.id)).map((x) => x.value);
        session.schedule();
      });
      label.append(box, ` ${s.label} `, Object.assign(document.createElement('code'), { textContent: typeof s.value === 'string' ? s.id : `custom: ${s.id}` }));
      return label;
    });
    boxes.replaceChildren(...labels);
  }

  /** Copies the session's input into the form (leaving fields that do not parse as typed). */
  sync() {
    const cat = this.catalogue;
    const { input: value, unparsable } = this.session;
    /** @type {HTMLSelectElement} */ ($('preset')).value = value.preset;
    const preset = cat.presets.find((p) => p.id === value.preset);
    $('preset-description').textContent = preset?.description || '';
    const chosen = new Set(value.strategies.map((s) => (typeof s === 'string' ? s : s.id)));
    for (const box of /** @type {NodeListOf<HTMLInputElement>} */ ($('strategies').querySelectorAll('input'))) box.checked = chosen.has(box.value);
    for (const name of [...NUMBER_FIELDS, 'seed']) {
      if (!unparsable.has(name)) this.field(name).value = String(value[/** @type {typeof NUMBER_FIELDS[number] | 'seed'} */ (name)]);
    }
    this.field('threshold-range').value = String(value.threshold);
    for (const radio of /** @type {NodeListOf<HTMLInputElement>} */ ($('uncertainty').querySelectorAll('input[name="uncertainty"]'))) radio.checked = radio.value === value.uncertainty;
    $('uncertainty-mode').textContent = uncertaintyModeText(value.uncertainty);
    const values = preset?.params ?? {};
    for (const p of cat.params) {
      const el = this.field(`p-${p.name}`);
      const overridden = p.name in value.params;
      if (document.activeElement !== el) el.value = String(overridden ? value.params[p.name] : values[p.name]);
      el.closest('.param')?.classList.toggle('changed', overridden);
      const spread = document.querySelector(`[data-uncertainty="${CSS.escape(p.name)}"] > span`);
      if (spread) spread.textContent = overridden && p.uncertainty.kind !== 'fixed' ? 'Uncertainty: fixed (you set this value)' : `Uncertainty: ${uncertaintyText(p.uncertainty)}`;
    }
    $('param-count').textContent = `(${cat.params.length}; ${Object.keys(value.params).length} changed)`;
  }

  /** Removes every refusal shown beside a field. */
  clearErrors() {
    for (const el of document.querySelectorAll('.field.invalid')) {
      el.classList.remove('invalid');
      const error = el.querySelector('.error');
      if (error) error.textContent = '';
    }
  }

  /**
   * Shows a refusal beside the field it names (`collapse.window` → the window field).
   * @param {Refusal} refusal
   */
  showError({ field, message }) {
    if (field === null) return;
    const el = document.querySelector(`[data-field="${CSS.escape(controlName(field))}"]`);
    if (!el) return;
    el.classList.add('invalid');
    const error = el.querySelector('.error');
    if (error) error.textContent = message;
  }
}
