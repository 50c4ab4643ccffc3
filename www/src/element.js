// The <velocity-cliff> custom element: a live, compact velocity fan chart and
// collapse summary for a scenario given by attributes, computed off the main
// thread once the element scrolls into view.
//
// Everything is built with createElement/textContent inside an open shadow
// root; styles (uPlot's and ours) are constructable stylesheets adopted by the
// shadow root, so the element works under `style-src 'self'` and neither
// leaks styles into the host page nor takes any from it (except inherited
// font and the documented --vc-* custom properties). No user-supplied text is
// ever parsed as HTML.
//
// Importing this module defines nothing: the entry module calls
// `defineElement()` (and `configure()` from engine.js) outside workers. The
// class extends a stand-in where HTMLElement does not exist, so the module is
// safe to evaluate in a worker.
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import componentCss from './component.css?inline';
import { FanChart } from './fan-chart.js';
import { loadWasm, createPool, readScenario, attributeMessage } from './engine.js';
import { int, percent, sentence, progressText, outcomeParts, outcomeSentence, smoothingText } from './wording.js';
import { strategyColour } from './palette.js';
import { headline } from './headline.js';
import { labelCells } from './cards.js';

export const TAG = 'velocity-cliff';
const SCENARIO_ATTRIBUTES = ['scenario', 'preset', 'strategies', 'runs', 'seed', 'weeks', 'threshold', 'window', 'smoothing'];
const VIEW_ATTRIBUTES = ['controls', 'height', 'theme'];
const CONTROLS = ['none', 'compact', 'full'];
const THEMES = ['auto', 'light', 'dark'];
export const HEIGHT = { min: 80, max: 1200, default: 220 };
/** An instance's workers stop after this long without work (they restart on the next change). */
export const IDLE_MS = 20_000;

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

let sheets = null;
/** The shadow root's stylesheets, parsed once per page and shared by every instance. */
function styleSheets() {
  if (!sheets) {
    sheets = [uplotCss, componentCss].map((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
  }
  return sheets;
}

/** createElement with properties (never a style attribute, never HTML). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') el.className = value;
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'part') el.setAttribute(key, value);
    else el[key] = value;
  }
  el.append(...children);
  return el;
}

/** The display attributes, checked. Throws with a readable message. */
function readView(el) {
  const controls = (el.getAttribute('controls') ?? '').trim() || 'none';
  if (!CONTROLS.includes(controls)) throw new Error(`invalid controls: ${JSON.stringify(controls)} (allowed: one of ${CONTROLS.join(', ')})`);
  const theme = (el.getAttribute('theme') ?? '').trim() || 'auto';
  if (!THEMES.includes(theme)) throw new Error(`invalid theme: ${JSON.stringify(theme)} (allowed: one of ${THEMES.join(', ')})`);
  const raw = el.getAttribute('height');
  let height = HEIGHT.default;
  if (raw !== null) {
    const t = raw.trim().replace(/px$/, '');
    height = /^\d+$/.test(t) ? Number(t) : NaN;
    if (!(height >= HEIGHT.min && height <= HEIGHT.max)) {
      throw new Error(`invalid height: ${JSON.stringify(raw)} (allowed: a whole number of pixels from ${HEIGHT.min} to ${HEIGHT.max})`);
    }
  }
  return { controls, theme, height };
}

/**
 * A live velocity fan chart with the answer first and a summary per strategy.
 * (These tags feed the package's custom-elements.json.)
 * @tag velocity-cliff
 * @attr scenario - a share string `v1.…` (a `#v1.…` hash or a whole app link also work)
 * @attr preset - b2b-saas, data-platform, marketplace or media-app
 * @attr strategies - comma-separated strategy ids
 * @attr runs - runs per strategy, 1–1,000,000
 * @attr seed - a whole number 0–18446744073709551615
 * @attr weeks - the horizon in weeks
 * @attr threshold - collapse threshold, share of the run's own peak velocity
 * @attr window - consecutive weeks below the threshold
 * @attr smoothing - weeks of the average velocity is judged on, 1–52
 * @attr controls - none, compact or full
 * @attr height - chart height in pixels, 80–1200
 * @attr theme - auto, light or dark
 * @fires result - after every full result; `detail` is the result
 * @fires velocity-cliff-error - when a message is shown; `detail.message` is its text
 * @csspart box - the element's inner box
 * @csspart headline - the sentence naming the strategy that keeps velocity healthy longest
 * @cssprop --vc-bg - background
 * @cssprop --vc-text - text
 * @cssprop --vc-muted - secondary text
 * @cssprop --vc-grid - grid lines
 * @cssprop --vc-border - borders
 * @cssprop --vc-error - error messages
 * @cssprop --vc-accent - focus rings
 */
export class VelocityCliffElement extends Base {
  /** Milliseconds without work after which an instance's workers stop (settable on the class). */
  static idleMs = IDLE_MS;

  static get observedAttributes() {
    return [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES];
  }

  constructor() {
    super();
    this._result = null;
    this._resultJson = '';
    this._state = 'idle';
    this.visible = false;
    this.pending = false;
    this.queued = false;
    this.token = 0;
    this.runningKey = null;
    /** The seed of the scenario being computed, as digits. */
    this.runningSeed = '';
    this.pool = null;
    /** The current job's last progress event, or null. */
    this._progress = null;
    this.lastEngine = null;
    this.idleTimer = 0;
    this.view = null;
    this.controlsBuilt = false;
    this.build();
  }

  /** The last full result (parsed), or null. */
  get result() {
    return this._result;
  }

  /** The last full result as the exact JSON text (byte for byte the CLI's output), or ''. */
  get resultJson() {
    return this._resultJson;
  }

  /** Where this instance computes (or last computed): 'worker', 'main-thread', or null before its first run. */
  get engine() {
    return this.pool ? this.pool.engine : this.lastEngine;
  }

  /** 'idle' | 'waiting' (not yet in view) | 'loading' | 'running' | 'ready' | 'error'. */
  get state() {
    return this._state;
  }

  build() {
    const root = this.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root) root.adoptedStyleSheets = styleSheets();
    this.controlsForm = h('form', { class: 'controls', hidden: true });
    this.controlsForm.addEventListener('submit', (e) => e.preventDefault());
    this.status = h('p', { class: 'status', role: 'status' });
    this.error = h('p', { class: 'error', role: 'alert', hidden: true });
    this.notice = h('p', { class: 'notice', hidden: true });
    this.chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'Velocity fan chart' });
    this.caption = h('figcaption', {}, 'Smoothed velocity (feature points per week): median and P10–P90 band per strategy');
    this.figure = h('figure', { class: 'fan' }, this.caption, this.chartHost);
    this.tbody = h('tbody');
    this.table = h(
      'table',
      { class: 'summary' },
      h('caption', {}, 'When velocity collapses, and how runs end'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Strategy'),
          h('th', { scope: 'col' }, 'Runs collapsed'),
          h('th', { scope: 'col' }, 'Median collapse week'),
          h('th', { scope: 'col' }, 'P10–P90 week'),
          h('th', { scope: 'col', class: 'outcomes' }, 'How runs end'),
        ),
      ),
      this.tbody,
    );
    this.sentences = h('ul', { class: 'sentences' });
    this.words = h('details', { class: 'words' }, h('summary', {}, 'In words'), this.sentences);
    // The answer first: which strategy keeps velocity healthy longest, and how sure.
    this.headline = h('p', { class: 'headline', part: 'headline' });
    this.results = h('div', { class: 'results', hidden: true }, this.headline, this.figure, this.table, this.words);
    this.placeholder = h('div', { class: 'placeholder', 'aria-hidden': 'true' });
    this.box = h('div', { class: 'vc', part: 'box' }, this.controlsForm, this.error, this.notice, this.placeholder, this.results, this.status);
    root.append(this.box);
    this.chart = new FanChart(this.chartHost, this);
    this.placeholder.style.height = `${HEIGHT.default}px`;
  }

  connectedCallback() {
    // Properties set before the element was defined shadow the accessors: move them to attributes.
    for (const name of [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES]) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    if (typeof IntersectionObserver === 'undefined') {
      this.visible = true;
    } else if (!this.observer) {
      this.observer = new IntersectionObserver(
        (entries) => {
          this.visible = entries[entries.length - 1].isIntersecting;
          if (this.visible && this.pending) this.schedule();
        },
        { rootMargin: '100px' },
      );
      this.observer.observe(this);
    }
    if (!this.mediaQuery && typeof matchMedia === 'function') {
      this.mediaQuery = matchMedia('(prefers-color-scheme: dark)');
      this.onScheme = () => this.view?.theme === 'auto' && this.chart.restyle();
      this.mediaQuery.addEventListener('change', this.onScheme);
    }
    this.schedule();
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.observer = null;
    this.mediaQuery?.removeEventListener('change', this.onScheme);
    this.mediaQuery = null;
    this.stopWorkers();
    this.runningKey = null;
    this.token += 1;
  }

  stopWorkers() {
    clearTimeout(this.idleTimer);
    if (this.pool) this.lastEngine = this.pool.engine;
    this.pool?.terminate();
    this.pool = null;
  }

  /** Frees the workers after a while without work. */
  armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopWorkers(), /** @type {typeof VelocityCliffElement} */ (this.constructor).idleMs);
  }

  attributeChangedCallback(name, before, after) {
    if (before !== after && this.isConnected) this.schedule();
  }

  /** Every attribute change within one task leads to one update. */
  schedule() {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.update().catch((err) => this.fail(attributeMessage(err)));
    });
  }

  setState(state, text) {
    this._state = state;
    this.box.dataset.state = state;
    this.status.textContent = text;
  }

  async update() {
    if (!this.isConnected) return;
    const token = ++this.token;
    let view;
    try {
      view = readView(this);
    } catch (err) {
      this.fail(err.message);
      return;
    }
    this.applyView(view);
    if (!this.visible) {
      this.pending = true;
      if (!this._result) this.setState('waiting', 'The simulation starts when this chart scrolls into view.');
      return;
    }
    this.pending = false;
    if (!this.pool) this.setState('loading', 'loading the simulation…');
    let engine;
    try {
      engine = await loadWasm();
    } catch (err) {
      if (token === this.token) this.fail(attributeMessage(err));
      return;
    }
    if (token !== this.token || !this.isConnected) return;
    this.buildControls(engine.catalogue);
    this.showControls(view.controls);
    let input;
    try {
      input = readScenario(this);
    } catch (err) {
      this.fail(attributeMessage(err));
      return;
    }
    this.syncControls(input);
    this.notice.hidden = !input.notice;
    this.notice.textContent = input.notice || '';
    this.error.hidden = true;
    this.error.textContent = '';
    if (input.key === this.runningKey) {
      if (this._result) this.showResults(); // running or done already
      return;
    }
    clearTimeout(this.idleTimer);
    if (!this.pool) {
      this.pool = createPool(engine.module, {
        onResult: (e) => this.onResult(e),
        onProgress: (e) => this.onProgress(e),
        onError: (e) => e.generation === this.pool?.generation && this.fail(attributeMessage(e.error ?? e.message)),
      });
    }
    // Every worker is ready or has fallen back to the main thread before the
    // first run: the chunk size depends on which.
    const pool = this.pool;
    await pool.readyPromise;
    if (token !== this.token || !this.isConnected || pool !== this.pool) return;
    this.runningKey = input.key;
    // Not `this.seed`: that is the reflected `seed` attribute, which would then override every later link.
    this.runningSeed = input.seed;
    if (this.results.hidden) this.placeholder.hidden = false;
    const s = input.scenario;
    this.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  }

  applyView(view) {
    const before = this.view;
    this.view = view;
    this.placeholder.style.height = `${view.height}px`;
    this.chart.setHeight(view.height);
    if (before && before.theme !== view.theme) this.chart.restyle();
    if (this.controlsBuilt) this.showControls(view.controls);
  }

  /** Shows the message (as text) in place of the results and stops any run. */
  fail(message) {
    this.pool?.cancel();
    if (this.pool) this.armIdle();
    this.runningKey = null;
    this.error.textContent = message;
    this.error.hidden = false;
    this.results.hidden = true;
    this.placeholder.hidden = true;
    this.setState('error', '');
    this.dispatchEvent(new CustomEvent('velocity-cliff-error', { detail: { message }, bubbles: true, composed: true }));
  }

  /** @param {import('./pool-core.js').Progress} p */
  onProgress(p) {
    if (p.generation !== this.pool?.generation) return;
    this._progress = p;
    this.showProgress(p);
  }

  /**
   * "estimating from the first 460 of 1,000,000 runs…", then "estimate from
   * 460 runs; running the rest… 12,500 / 1,000,000 runs · 9,800 runs/s ·
   * about 1 min 40 s left".
   * @param {import('./pool-core.js').Progress} p
   */
  showProgress(p) {
    if (p.done >= p.total) return;
    if (p.estimating) {
      this.setState('running', `estimating from the first ${int.format(p.estimateRuns)} of ${int.format(p.total)} runs…`);
    } else if (p.shown) {
      this.setState('running', `estimate from ${int.format(p.shown)} runs; running the rest… ${progressText(p)}`);
    } else {
      this.setState('running', `running ${progressText(p)}…`);
    }
  }

  onResult({ generation, kind, json, runs }) {
    if (generation !== this.pool?.generation) return;
    const result = JSON.parse(json);
    this.paint(result, kind === 'estimate');
    if (kind === 'estimate') {
      if (this._progress?.generation === generation) this.showProgress({ ...this._progress, estimating: false, shown: runs });
      else this.setState('running', `estimate from ${int.format(runs)} runs; running the rest…`);
      return;
    }
    this._result = result;
    this._resultJson = json;
    this.armIdle();
    this.setState('ready', `${int.format(result.runs)} runs per strategy · ${result.weeks} weeks · seed ${this.runningSeed} · model ${result.model_version}`);
    this.dispatchEvent(new CustomEvent('result', { detail: result, bubbles: true, composed: true }));
  }

  showResults() {
    this.placeholder.hidden = true;
    this.results.hidden = false;
  }

  paint(result, estimate) {
    this.showResults();
    this.box.classList.toggle('estimate', estimate);
    this.chart.update(result);
    const weeks = result.weeks;
    const names = result.strategies.map((s) => s.label).join(', ');
    const smoothing = smoothingText(result.scenario?.collapse?.smoothing ?? 1);
    this.caption.textContent = `Smoothed velocity (feature points per week, ${smoothing}): median and P10–P90 band per strategy`;
    this.chartHost.setAttribute('aria-label', `Smoothed velocity fan chart (${smoothing}) over ${weeks} weeks for ${names}; the table and the sentences below give the numbers.`);
    this.tbody.replaceChildren(
      ...result.strategies.map((s, i) => {
        const c = s.collapse;
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.background = strategyColour(s.id, i);
        const th = h('th', { scope: 'row', title: s.id }, swatch, s.label);
        const row = h(
          'tr',
          { 'data-strategy': s.id },
          th,
          h('td', { 'data-field': 'share' }, percent(c.share)),
          h('td', { 'data-field': 'median' }, c.week_p50 != null ? `week ${c.week_p50}` : `not within ${weeks} weeks`),
          h('td', { 'data-field': 'range' }, c.week_p10 != null ? (c.week_p90 != null ? `${c.week_p10}–${c.week_p90}` : `from ${c.week_p10}`) : '–'),
          // "healthy & funded 62 % · out of cash 20 % · …", each part kept on one line.
          h('td', { 'data-field': 'outcomes', class: 'outcomes' }, ...outcomeParts(s).flatMap((part, k) => [...(k ? [' · '] : []), h('span', { class: 'part' }, part)])),
        );
        return row;
      }),
    );
    this.sentences.replaceChildren(...result.strategies.map((s) => h('li', { 'data-strategy': s.id }, `${sentence(s, weeks)} ${outcomeSentence(s, weeks)}`)));
    this.headline.textContent = headline(result);
    labelCells(this.table);
  }

  // ---- controls -------------------------------------------------------------------

  buildControls(cat) {
    if (this.controlsBuilt) return;
    this.controlsBuilt = true;
    const set = (name, value) => this.setAttribute(name, value);
    const preset = h('select', { name: 'preset' });
    for (const p of cat.presets) preset.append(new Option(p.label || p.id, p.id));
    preset.addEventListener('change', () => set('preset', preset.value));
    const boxes = h('fieldset', { class: 'ctl strategies' }, h('legend', {}, 'Strategies'));
    for (const s of cat.strategies) {
      const box = h('input', { type: 'checkbox', value: s.id, name: 'strategy' });
      box.addEventListener('change', () => {
        set('strategies', [...boxes.querySelectorAll('input:checked')].map((b) => b.value).join(','));
      });
      boxes.append(h('label', { title: s.description }, box, ` ${s.label}`));
    }
    const number = (name, props) => {
      const input = h('input', { name, type: 'number', ...props });
      input.addEventListener('change', () => set(name, input.value));
      return input;
    };
    const seed = h('input', { name: 'seed', type: 'text', inputMode: 'numeric', size: 10, spellcheck: false });
    seed.addEventListener('change', () => set('seed', seed.value));
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
    this.controlsForm.replaceChildren(
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

  showControls(mode) {
    this.controlsForm.hidden = mode === 'none';
    for (const el of this.controlsForm.querySelectorAll('.full')) el.hidden = mode !== 'full';
  }

  /** Shows the scenario being computed in the controls (leaving the one being typed in alone). */
  syncControls(input) {
    if (!this.inputs) return;
    const s = input.scenario;
    const focused = this.shadowRoot.activeElement;
    const put = (el, value) => {
      if (el !== focused) el.value = String(value);
    };
    put(this.inputs.preset, s.preset);
    const ids = new Set(s.strategies.map((x) => x.id));
    for (const box of this.inputs.boxes.querySelectorAll('input')) box.checked = ids.has(box.value);
    put(this.inputs.runs, s.runs);
    put(this.inputs.seed, input.seed);
    put(this.inputs.weeks, s.weeks);
    put(this.inputs.threshold, s.collapse.threshold);
    put(this.inputs.window, s.collapse.window);
    put(this.inputs.smoothing, s.collapse.smoothing);
  }
}

// Every attribute is also a string property (`el.runs = '500'` sets the attribute; null removes it).
for (const name of [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES]) {
  Object.defineProperty(VelocityCliffElement.prototype, name, {
    configurable: true,
    enumerable: true,
    get() {
      return this.getAttribute(name);
    },
    set(value) {
      if (value === null || value === undefined) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    },
  });
}

/** Registers <velocity-cliff> once (a second copy of the module does nothing). */
export function defineElement() {
  if (typeof customElements !== 'undefined' && !customElements.get(TAG)) customElements.define(TAG, VelocityCliffElement);
}
