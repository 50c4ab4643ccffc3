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
// A static fallback (a figure and a table, e.g. `velocity-cliff render
// --embed`) may be the element's children: it stays on screen, in a slot, until
// the first chart is painted, which then takes the fallback's height (the
// chart is sized to fit it), so replacing it shifts nothing below; it is also
// what prints. Without one, printing shows the core's SVG of the result.
//
// Importing this module defines nothing: the entry module calls
// `defineElement()` (and `configure()` from setup.js) outside workers. The
// class extends a stand-in where HTMLElement does not exist, so the module is
// safe to evaluate in a worker.
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import componentCss from './component.css?inline';
import { FanChart } from '../charts/fan-chart.js';
import { renderSummary, renderSentences } from '../charts/summary-table.js';
import { loadCore, Merger, renderSvg, sensitivityCore } from '../core/wasm.js';
import { partialBars } from '../core/sensitivity.js';
import { drawTornado } from '../charts/tornado.js';
import { createPool } from '../core/pool.js';
import { readResult } from '../core/result.js';
import { errorFields, refusalText } from '../core/errors.js';
import { estimateShownText, headline, progressStatus, resultLine, smoothingText, sensitivityValue, sensitivitySummary } from '../core/format.js';
import { readScenario, readSensitivity, SCENARIO_ATTRIBUTES } from './attributes.js';
import { ElementControls, h } from './controls.js';
import { config } from './setup.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').Catalogue} Catalogue */
/** @typedef {import('../core/pool.js').Progress} Progress */
/** @typedef {import('../core/pool.js').ResultEvent} ResultEvent */
/** @typedef {import('../core/pool.js').WorkerPool} WorkerPool */
/** @typedef {import('./controls.js').ControlsMode} ControlsMode */
/** @typedef {{controls: ControlsMode, theme: 'auto'|'light'|'dark', height: number}} View */

export const TAG = 'velocity-cliff';
const VIEW_ATTRIBUTES = ['controls', 'height', 'theme', 'sensitivity'];
/** @type {ControlsMode[]} */
const CONTROLS = ['none', 'compact', 'full'];
/** @type {View['theme'][]} */
const THEMES = ['auto', 'light', 'dark'];
export const HEIGHT = { min: 80, max: 1200, default: 220 };
/** An instance's workers stop after this long without work (they restart on the next change). */
export const IDLE_MS = 20_000;
/** The lowest chart height a fallback's box is fitted with, CSS px (below, the box scrolls instead). */
const FIT_MIN = 140;
/** Room left under the fitted chart for a status line that wraps differently, CSS px. */
const FIT_SLACK = 18;
/** Workers per instance, at most (a page may hold many instances). */
const WORKERS = 2;

const Base = typeof HTMLElement === 'undefined' ? /** @type {typeof HTMLElement} */ (/** @type {unknown} */ (class {})) : HTMLElement;

/** @type {CSSStyleSheet[] | null} */
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

/**
 * The display attributes, checked. Throws with a readable message.
 * @param {Element} el
 * @returns {View}
 */
function readView(el) {
  const controls = CONTROLS.find((c) => c === ((el.getAttribute('controls') ?? '').trim() || 'none'));
  if (!controls) throw new Error(`invalid controls: ${JSON.stringify((el.getAttribute('controls') ?? '').trim())} (allowed: one of ${CONTROLS.join(', ')})`);
  const theme = THEMES.find((t) => t === ((el.getAttribute('theme') ?? '').trim() || 'auto'));
  if (!theme) throw new Error(`invalid theme: ${JSON.stringify((el.getAttribute('theme') ?? '').trim())} (allowed: one of ${THEMES.join(', ')})`);
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
 * The compiled module and the catalogue, once for every instance.
 */
function loadEngine() {
  const wasmUrl = config.wasmUrl;
  if (!wasmUrl) return Promise.reject(new Error('the component was not configured with the location of its wasm file'));
  return loadCore(wasmUrl, config.extraWasmUrl ?? undefined);
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
 * @attr sensitivity - a tornado under the chart: `outcome:healthy;versus:A,B;top:5` or `strategy:ID` (see EMBED.md)
 * @fires result - after every full result; `detail` is the result
 * @fires sensitivity - after every finished tornado; `detail` is the report
 * @fires velocity-cliff-error - when a message is shown; `detail.message` is its text
 * @slot - a static fallback for readers without JavaScript (an `<img>` or inline `<svg>` of the figure and the summary `<table>`, as `velocity-cliff render --embed` writes them): shown until the first chart is painted, which then keeps its height; printed instead of the live chart
 * @csspart box - the element's inner box (the live chart, its table and messages)
 * @csspart headline - the sentence naming the strategy that keeps velocity healthy longest
 * @csspart fallback - the box around the slotted fallback
 * @csspart print-figure - the static SVG of the chart printed in place of the live chart when there is no fallback
 * @cssprop --vc-bg - background colour of the live chart's box
 * @cssprop --vc-text - text colour, also of the chart's axes
 * @cssprop --vc-muted - colour of secondary text: captions, the status line, table heads
 * @cssprop --vc-grid - colour of the chart's grid lines and the table's rules
 * @cssprop --vc-border - colour of borders: controls, the placeholder
 * @cssprop --vc-error - colour of error messages
 * @cssprop --vc-accent - colour of focus rings
 */
export class VelocityCliffElement extends Base {
  /** Milliseconds without work after which an instance's workers stop (settable on the class). */
  static idleMs = IDLE_MS;

  static get observedAttributes() {
    return [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES];
  }

  constructor() {
    super();
    /** @type {Result | null} */
    this._result = null;
    /** The last full result's exact text, made when first asked for (`resultJson`). */
    this._resultText = () => '';
    /** The last finished sensitivity report's JSON text (the CLI's bytes), or ''. */
    this._sensitivityJson = '';
    /** The resolved scenario of the last run started. @type {import('../core/result.js').ResolvedScenario | null} */
    this.runningScenario = null;
    /** The catalogue, once loaded. @type {Catalogue | null} */
    this.catalogue = null;
    /** @type {'idle'|'waiting'|'loading'|'running'|'ready'|'error'} */
    this._state = 'idle';
    this.visible = false;
    this.pending = false;
    this.queued = false;
    this.token = 0;
    /** @type {string | null} */
    this.runningKey = null;
    /** The seed of the scenario being computed, as digits. */
    this.runningSeed = '';
    /** @type {WorkerPool | null} */
    this.pool = null;
    /** The current job's last progress event, or null. @type {Progress | null} */
    this._progress = null;
    /** @type {'worker' | 'main-thread' | null} */
    this.lastEngine = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.idleTimer = undefined;
    /** @type {View | null} */
    this.view = null;
    /** The element's own controls, once built (not `controls`: that is the attribute's property). @type {ElementControls | null} */
    this.panel = null;
    /** @type {IntersectionObserver | null} */
    this.observer = null;
    /** @type {MediaQueryList | null} */
    this.mediaQuery = null;
    /** @type {MediaQueryList | null} */
    this.printQuery = null;
    this.onScheme = () => this.view?.theme === 'auto' && this.chart.restyle();
    const parts = this.build();
    this.controlsForm = parts.controlsForm;
    this.status = parts.status;
    this.error = parts.error;
    this.notice = parts.notice;
    this.chartHost = parts.chartHost;
    this.caption = parts.caption;
    this.tbody = parts.tbody;
    this.sentences = parts.sentences;
    this.answer = parts.answer;
    this.results = parts.results;
    this.placeholder = parts.placeholder;
    this.box = parts.box;
    this.tornado = parts.tornado;
    this.tornadoHost = parts.tornadoHost;
    this.tornadoSummary = parts.tornadoSummary;
    this.frame = parts.frame;
    this.fallback = parts.fallback;
    this.printFigure = parts.printFigure;
    /** The chart height fitted to the fallback's box once the fallback is replaced, or null. @type {number | null} */
    this.fitted = null;
    /** A chart has been painted (the fallback, if any, is replaced). */
    this.live = false;
    this.onPrint = () => {
      this.preparePrint();
    };
    this.chart = new FanChart(this.chartHost, this);
  }

  /** The element has a static fallback: any child element (a figure, a table). */
  get hasFallback() {
    return this.children.length > 0;
  }

  /** The last full result (parsed), or null. */
  get result() {
    return this._result;
  }

  /** The last full result as the exact JSON text (byte for byte the CLI's output), or ''. */
  get resultJson() {
    return this._resultText();
  }

  /** The last finished sensitivity report as the exact JSON text (`velocity-cliff sensitivity`'s bytes), or ''. */
  get sensitivityJson() {
    return this._sensitivityJson;
  }

  /** Where this instance computes (or last computed): 'worker', 'main-thread', or null before its first run. */
  get engine() {
    return this.pool ? this.pool.engine : this.lastEngine;
  }

  /** 'idle' | 'waiting' (not yet in view) | 'loading' | 'running' | 'ready' | 'error'. */
  get state() {
    return this._state;
  }

  /** The shadow root's content, built once. */
  build() {
    const root = this.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root) root.adoptedStyleSheets = styleSheets();
    const controlsForm = h('form', { class: 'controls', hidden: true });
    controlsForm.addEventListener('submit', (e) => e.preventDefault());
    const status = h('p', { class: 'status', role: 'status' });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const notice = h('p', { class: 'notice', hidden: true });
    const chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'Velocity fan chart' });
    const caption = h('figcaption', {}, 'Smoothed velocity (feature points per week): median and P10–P90 band per strategy');
    const figure = h('figure', { class: 'fan' }, caption, chartHost);
    const tbody = h('tbody');
    const table = h(
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
      tbody,
    );
    const sentences = h('ul', { class: 'sentences' });
    const words = h('details', { class: 'words' }, h('summary', {}, 'In words'), sentences);
    // The answer first: which strategy keeps velocity healthy longest, and how sure.
    const answer = h('p', { class: 'headline', part: 'headline' });
    const tornadoHost = h('div', { class: 'tornado' });
    const tornadoSummary = h('p', { class: 'tornado-summary', role: 'status' });
    const tornado = h('section', { class: 'sensitivity', hidden: true, 'aria-label': 'Which assumption decides this?' }, h('p', { class: 'sensitivity-title' }, 'Which assumption decides this?'), tornadoSummary, tornadoHost);
    const results = h('div', { class: 'results', hidden: true }, answer, figure, table, words, tornado);
    const placeholder = h('div', { class: 'placeholder', 'aria-hidden': 'true' });
    // Printed instead of the canvas when there is no fallback (filled on beforeprint).
    const printFigure = h('div', { class: 'print-figure', part: 'print-figure' });
    figure.append(printFigure);
    const box = h('div', { class: 'vc', part: 'box' }, controlsForm, error, notice, placeholder, results, status);
    const slot = h('slot');
    // Children parsed after the element was defined (or added later) are a fallback too.
    slot.addEventListener('slotchange', () => this.showFallback());
    const fallback = h('div', { class: 'fallback', part: 'fallback' }, slot);
    const frame = h('div', { class: 'frame' }, box, fallback);
    root.append(frame);
    placeholder.style.height = `${HEIGHT.default}px`;
    return { controlsForm, status, error, notice, chartHost, caption, tbody, sentences, answer, results, placeholder, box, tornado, tornadoHost, tornadoSummary, frame, fallback, printFigure };
  }

  /**
   * Shows the fallback or the live box: the fallback until a chart is painted
   * (with a message above it when there is one), the box alone after.
   */
  showFallback() {
    const fallback = this.hasFallback;
    this.frame.classList.toggle('with-fallback', fallback);
    this.fallback.hidden = !fallback || this.live;
    this.box.hidden = fallback && !this.live && this._state !== 'error';
  }

  /**
   * Replaces the fallback by the live chart within one task (so no frame shows
   * both), sized to the fallback's box: the chart takes the height the rest
   * leaves, and the box keeps the fallback's height at least; where even a
   * low chart does not fit, the box keeps that height exactly and scrolls.
   */
  replaceFallback() {
    if (this.live) return;
    this.live = true;
    if (!this.hasFallback) {
      this.showFallback();
      return;
    }
    const before = this.getBoundingClientRect().height;
    this.showFallback();
    if (!before) return; // not laid out (hidden): nothing can shift
    const view = this.view ?? { height: HEIGHT.default };
    const natural = this.getBoundingClientRect().height;
    this.fitted = Math.round(Math.min(HEIGHT.max, Math.max(FIT_MIN, view.height + before - natural - FIT_SLACK)));
    this.chart.setHeight(this.fitted);
    this.box.style.minHeight = `${before}px`;
    // Still taller (a narrow column, where the table becomes cards): the box keeps the fallback's height and scrolls.
    if (this.getBoundingClientRect().height > before + 0.5) {
      this.box.style.height = `${before}px`;
      this.box.classList.add('scrolls');
      this.box.tabIndex = 0; // a scrolling box is reachable from the keyboard
    }
  }

  /** Before printing without a fallback: the core's SVG of the last result (light, for paper) in place of the canvas. */
  async preparePrint() {
    if (this.hasFallback || !this._result) return;
    const rect = this.chartHost.getBoundingClientRect();
    const width = Math.min(4000, Math.max(320, Math.round(rect.width) || 720));
    const height = Math.min(4000, Math.max(200, Math.round(rect.height) || 400));
    try {
      const svg = await renderSvg(this._resultText(), 'velocity', width, height, 'light'); // paper is light
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      this.printFigure.replaceChildren(document.importNode(doc.documentElement, true));
    } catch {
      this.printFigure.replaceChildren(); // the canvas prints instead
    }
  }

  connectedCallback() {
    // Properties set before the element was defined shadow the accessors: move them to attributes.
    const self = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this));
    for (const name of [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES]) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = self[name];
        delete self[name];
        self[name] = value;
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
      this.mediaQuery.addEventListener('change', this.onScheme);
      this.printQuery = matchMedia('print');
      this.printQuery.addEventListener('change', this.onPrint);
      window.addEventListener('beforeprint', this.onPrint);
    }
    this.showFallback();
    this.schedule();
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.observer = null;
    this.mediaQuery?.removeEventListener('change', this.onScheme);
    this.mediaQuery = null;
    this.printQuery?.removeEventListener('change', this.onPrint);
    this.printQuery = null;
    if (typeof window !== 'undefined') window.removeEventListener('beforeprint', this.onPrint);
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

  /**
   * @param {string} name
   * @param {string | null} before
   * @param {string | null} after
   */
  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected) return;
    if (name === 'height') this.fitted = null;
    if (name === 'sensitivity' && this._result && this.runningScenario) this.startSensitivity();
    else this.schedule();
  }

  /**
   * Starts the tornado of the `sensitivity` attribute for the scenario last
   * simulated (dropping the one before); hides it without the attribute.
   */
  startSensitivity() {
    const text = this.getAttribute('sensitivity');
    const scenario = this.runningScenario;
    this._sensitivityJson = '';
    if (text === null || !scenario || !this.pool) {
      this.pool?.cancelSensitivity();
      this.tornado.hidden = true;
      return;
    }
    const { request, error } = readSensitivity(text);
    if (error) {
      this.fail(refusalText(error));
      return;
    }
    clearTimeout(this.idleTimer); // the workers stay while the tornado is computed
    this.tornado.hidden = false;
    this.tornadoHost.replaceChildren();
    this.tornadoSummary.textContent = 'Ranking the parameters…';
    const outcomes = /** @type {Record<string, string>} */ ({ healthy: 'share of runs', 'out-of-cash': 'share of runs', 'collapse-week': 'weeks', features: 'feature points', users: 'users' });
    const outcome = { id: request.outcome, unit: outcomes[request.outcome] ?? '' };
    const diff = Boolean(request.versus);
    const value = (/** @type {number} */ x) => sensitivityValue(x, outcome, diff);
    const cat = this.catalogue;
    /** @type {string[]} */
    let order = [];
    /** @type {import('../core/sensitivity.js').DoneCell[]} */
    const cells = [];
    /** @type {number | null} */
    let base = null;
    const label = (/** @type {string} */ id) => scenario.strategies.find((s) => s.id === id)?.label || id;
    try {
      this.pool.runSensitivity(scenario, request, sensitivityCore, {
        onEvent: (e) => {
          if (e.kind === 'ranking') order = e.order;
          else if (e.kind === 'cell') {
            if (e.cell.param === null) base = e.cell.outcome;
            else cells.push(e.cell);
            const bars = partialBars(order, cells).map((b) => {
              const p = cat?.params.find((x) => x.name === b.param);
              return { ...b, label: p?.label ?? b.param, unit: p?.unit ?? '', evidence: p?.evidence };
            });
            drawTornado(this.tornadoHost, bars, base, value);
            this.tornadoSummary.textContent = `Testing ${order.length} parameters at both ends: ${bars.length} done…`;
          } else if (e.kind === 'report') {
            this._sensitivityJson = e.json;
            const report = JSON.parse(e.json);
            drawTornado(this.tornadoHost, report.tornado, report.base, (x) => sensitivityValue(x, report.outcome, diff));
            this.tornadoSummary.textContent = sensitivitySummary(report, label, request.strategy ?? null);
            this.armIdle();
            this.dispatchEvent(new CustomEvent('sensitivity', { detail: report, bubbles: true, composed: true }));
          }
        },
        onError: (e) => this.fail(e.error ? refusalText({ ...e.error, field: 'sensitivity' }) : e.message),
      });
    } catch (err) {
      const refusal = errorFields(err);
      this.fail(refusal.field ? refusalText({ ...refusal, field: 'sensitivity' }) : refusal.message);
    }
  }

  /** Every attribute change within one task leads to one update. */
  schedule() {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.update().catch((err) => this.fail(refusalText(errorFields(err))));
    });
  }

  /**
   * @param {VelocityCliffElement['_state']} state
   * @param {string} text
   */
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
      this.fail(errorFields(err).message);
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
      engine = await loadEngine();
    } catch (err) {
      if (token === this.token) this.fail(errorFields(err).message);
      return;
    }
    if (token !== this.token || !this.isConnected) return;
    this.catalogue = engine.catalogue;
    const controls = this.buildControls(engine.catalogue);
    controls.show(view.controls);
    const input = readScenario(this);
    if (input.error) {
      this.fail(refusalText(input.error));
      return;
    }
    controls.sync(input.scenario, this.shadowRoot?.activeElement ?? null);
    this.notice.hidden = !input.notice;
    this.notice.textContent = input.notice || '';
    this.error.hidden = true;
    this.error.textContent = '';
    if (this._state === 'error') {
      // Fixed: the fallback (if any) stands in again until the chart is painted.
      this.setState('loading', '');
      this.showFallback();
    }
    if (input.key === this.runningKey) {
      if (this._result) this.showResults(); // running or done already
      return;
    }
    clearTimeout(this.idleTimer);
    if (!this.pool) {
      const cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2;
      this.pool = createPool({
        module: engine.module,
        size: Math.max(1, Math.min(WORKERS, cores)),
        createWorker: config.createWorker,
        Merger,
        onResult: (e) => this.onResult(e),
        onProgress: (e) => this.onProgress(e),
        onError: (e) => e.generation === this.pool?.generation && this.fail(e.error ? refusalText(e.error) : e.message),
      });
    }
    // Every worker is ready or has fallen back to the main thread before the
    // first run: the chunk size depends on which.
    const pool = this.pool;
    await pool.readyPromise;
    if (token !== this.token || !this.isConnected || pool !== this.pool) return;
    this.runningKey = input.key;
    // Not `this.seed`: that is the reflected `seed` attribute, which would then override every later link.
    this.runningSeed = input.scenario.seed;
    this.runningScenario = input.scenario;
    this.pool.cancelSensitivity();
    this.tornado.hidden = true;
    if (this.results.hidden) this.placeholder.hidden = false;
    const s = input.scenario;
    this.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  }

  /** @param {View} view */
  applyView(view) {
    const before = this.view;
    this.view = view;
    this.placeholder.style.height = `${view.height}px`;
    this.chart.setHeight(this.fitted ?? view.height);
    if (before && before.theme !== view.theme) this.chart.restyle();
    this.panel?.show(view.controls);
  }

  /**
   * Shows the message (as text) in place of the results and stops any run.
   * @param {string} message
   */
  fail(message) {
    this.pool?.cancel();
    if (this.pool) this.armIdle();
    this.runningKey = null;
    this.error.textContent = message;
    this.error.hidden = false;
    this.results.hidden = true;
    this.placeholder.hidden = true;
    this.setState('error', '');
    this.showFallback();
    this.dispatchEvent(new CustomEvent('velocity-cliff-error', { detail: { message }, bubbles: true, composed: true }));
  }

  /** @param {Progress} p */
  onProgress(p) {
    if (p.generation !== this.pool?.generation) return;
    this._progress = p;
    this.showProgress(p);
  }

  /**
   * The job's progress, worded as in the page (core/format.js).
   * @param {Progress} p
   */
  showProgress(p) {
    if (p.done >= p.total) return;
    this.setState('running', progressStatus(p).text);
  }

  /** @param {ResultEvent} e */
  onResult({ generation, kind, json, columns, text, runs }) {
    if (generation !== this.pool?.generation) return;
    const result = readResult({ json, columns });
    this.paint(result, kind === 'estimate');
    if (kind === 'estimate') {
      if (this._progress?.generation === generation) this.showProgress({ ...this._progress, estimating: false, shown: runs });
      else this.setState('running', estimateShownText(runs));
      return;
    }
    this._result = result;
    this._resultText = text;
    this.armIdle();
    this.setState('ready', resultLine(result, this.runningSeed));
    this.dispatchEvent(new CustomEvent('result', { detail: result, bubbles: true, composed: true }));
    this.startSensitivity();
  }

  showResults() {
    this.placeholder.hidden = true;
    this.results.hidden = false;
  }

  /**
   * @param {Result} result
   * @param {boolean} estimate
   */
  paint(result, estimate) {
    this.showResults();
    this.box.classList.toggle('estimate', estimate);
    this.chart.update(result);
    const names = result.strategies.map((s) => s.label).join(', ');
    const smoothing = smoothingText(result.scenario?.collapse?.smoothing ?? 1);
    this.caption.textContent = `Smoothed velocity (feature points per week, ${smoothing}): median and P10–P90 band per strategy`;
    this.chartHost.setAttribute('aria-label', `Smoothed velocity fan chart (${smoothing}) over ${result.weeks} weeks for ${names}; the table and the sentences below give the numbers.`);
    renderSummary(this.tbody, result, ['share', 'median', 'range', 'outcome-line'], false);
    renderSentences(this.sentences, result);
    this.answer.textContent = headline(result);
    this.replaceFallback();
  }

  /**
   * The controls, built once the catalogue is known.
   * @param {Catalogue} cat
   */
  buildControls(cat) {
    if (!this.panel) this.panel = new ElementControls(this.controlsForm, cat, (name, value) => this.setAttribute(name, value));
    return this.panel;
  }
}

// Every attribute is also a string property (`el.runs = '500'` sets the attribute; null removes it).
for (const name of [...SCENARIO_ATTRIBUTES, ...VIEW_ATTRIBUTES]) {
  Object.defineProperty(VelocityCliffElement.prototype, name, {
    configurable: true,
    enumerable: true,
    /** @this {Element} */
    get() {
      return this.getAttribute(name);
    },
    /**
     * @this {Element}
     * @param {unknown} value
     */
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
