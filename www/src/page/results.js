// What the page shows of a job: the status line while it runs (the wording
// is core/format.js's), the estimate and the full result in the charts, the
// summary table and sentences, and the words and data tables behind each
// chart. It keeps the last estimate and result (the page's test hooks read
// them) and when each was painted.
import { $, setStatus, announce } from './status.js';
import { renderSummary, renderSentences, renderOutcomeKey } from '../charts/summary-table.js';
import { dataTable } from '../charts/data-table.js';
import { chartSummaries } from '../core/describe.js';
import { readResult } from '../core/result.js';
import { headline, progressStatus, sentence } from '../core/format.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/pool.js').Progress} Progress */
/** @typedef {import('../core/pool.js').ResultEvent} ResultEvent */
/** @typedef {import('../core/describe.js').ChartName} ChartName */
/** @typedef {import('../charts/summary-table.js').Column} Column */
/** @typedef {import('../charts/charts.js').Charts} Charts */

/**
 * Runs `then` once the charts just fed are drawn: uPlot draws a chart in a
 * microtask queued by its `setData`, so a microtask queued after every
 * chart's data runs after every chart's drawing (the timings of a paint
 * include the canvases, not only the data handed to them).
 * @param {() => void} then
 */
const painted = (then) => queueMicrotask(then);

/**
 * Runs `then` in a task after the browser's next frame (a frame's
 * callbacks run before it is drawn; a task they post, after), or after
 * AFTER_FRAME_MS where no frame comes (a hidden page draws none).
 * @param {() => void} then
 */
function afterFrame(then) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, AFTER_FRAME_MS);
}

/** How long `afterFrame` waits for a frame at most, ms. */
const AFTER_FRAME_MS = 100;

/** The page's summary columns, in the table's order. @type {Column[]} */
const COLUMNS = ['outcomes', 'healthy', 'out-of-cash', 'share', 'median', 'range', 'features', 'users', 'team', 'cash', 'cash-per-feature', 'win'];

/**
 * Where a job's time went, in milliseconds: the pool's phases (posting
 * chunks, preparing the scenario and simulating in the workers, merging,
 * the result's JSON text) and, on the main thread, `parse` (reading the
 * result: `readResult`) and `paint` (charts, table, sentences).
 * @typedef {import('../core/pool.js').Phases & {parse: number, paint: number}} Profile
 */

/**
 * When a job's input came, started and was painted (milliseconds on `performance.now()`), for benchmarks and tests.
 * @typedef {object} Timing
 * @property {number} input
 * @property {number} start
 * @property {number | null} estimate
 * @property {number} estimateRuns
 * @property {number} [estimatePaintMs]
 * @property {number | null} progress
 * @property {number | null} full
 * @property {number} [fullPaintMs]
 * @property {number} [computeMs]
 * @property {number} [resolveMs] validating and resolving the input
 * @property {Profile} [estimateProfile] where the time to the first estimate went
 * @property {Profile} [fullProfile] where the time to the full result went
 * @property {boolean} [kept] nothing was simulated: the full result was one the pool kept from an earlier job of the same scenario, or some of the last job's strategies read off its runs
 * @property {boolean} [rejudged] nothing was simulated: the last held job's runs were judged again under this collapse threshold and window
 * @property {boolean} [extended] with `rejudged`: only the strategies the last held job did not have (added or edited) were simulated, for its runs
 * @property {boolean} [grown] only the runs after the last finished job's were simulated (the runs raised, nothing else changed)
 * @property {number} runs
 * @property {string} scenario the scenario's JSON as the user set it
 * @property {string} link its share string
 */

export class Results {
  /**
   * @param {object} o
   * @param {Charts} o.charts
   * @param {() => number} o.generation the newest job's generation
   * @param {() => number} o.computeMs compute time of the newest job so far
   * @param {() => void} o.onFull after a full result is painted
   */
  constructor({ charts, generation, computeMs, onFull }) {
    this.charts = charts;
    this.generation = generation;
    this.computeMs = computeMs;
    this.onFull = onFull;
    /** @type {Result | null} */
    this.lastResult = null;
    /** The last full result's exact text, made when first asked for (`lastResultJson`). */
    this.lastResultText = () => '';
    /** The scenario's JSON of the last full result. */
    this.lastResultScenario = '';
    /** The job whose result is the last one shown (0: none). */
    this.lastResultGeneration = 0;
    /** @type {Result | null} */
    this.lastEstimate = null;
    /** The last estimate's exact text, made when first asked for (`lastEstimateJson`). */
    this.lastEstimateText = () => '';
    /** The newest generation's last progress event, or null. @type {Progress | null} */
    this.progress = null;
    this.paints = 0;
    this.fullPaints = 0;
    /** By generation. @type {Timing[]} */
    this.timings = [];
    /** What waits for a job to be shown or to end (`shown`), by generation. @type {Map<number, () => void>} */
    this.waiting = new Map();
    this.summaryBody = /** @type {HTMLTableSectionElement} */ ($('summary').querySelector('tbody'));
    this.setupTables();
  }

  /** What the charts show now (the survival curve chosen), for their words and tables. */
  view() {
    return { survival: this.charts.survivalMeasure };
  }

  /**
   * Notes a job just started.
   * @param {number} generation
   * @param {Omit<Timing, 'estimate' | 'estimateRuns' | 'progress' | 'full'>} timing
   */
  started(generation, timing) {
    this.timings[generation] = { ...timing, estimate: null, estimateRuns: 0, progress: null, full: null };
    this.settle((g) => g < generation); // replaced: nothing is left to wait for
  }

  /**
   * Resolves once job `generation` is over: its full result painted and
   * drawn on screen (after the next frame), a newer job started, the job
   * failed (`failed`) or cancelled (`settleAll`). Work that can wait for
   * the result, such as writing the page's address, waits for this, so it
   * takes no time from the job's paint or from its workers.
   * @param {number} generation
   * @returns {Promise<void>}
   */
  shown(generation) {
    return new Promise((resolve) => {
      const before = this.waiting.get(generation);
      this.waiting.set(generation, () => {
        before?.();
        resolve();
      });
    });
  }

  /**
   * Ends the waits of the jobs `which` picks.
   * @param {(generation: number) => boolean} which
   */
  settle(which) {
    for (const [generation, resolve] of this.waiting) {
      if (!which(generation)) continue;
      this.waiting.delete(generation);
      resolve();
    }
  }

  /** @param {number} generation a job that failed */
  failed(generation) {
    this.settle((g) => g <= generation);
  }

  /** Ends every wait (the running job was cancelled). */
  settleAll() {
    this.settle(() => true);
  }

  /**
   * Notes the share string of a job's scenario, made after the job started.
   * @param {number} generation
   * @param {string} link
   */
  linked(generation, link) {
    const timing = this.timings[generation];
    if (timing) timing.link = link;
  }

  /** The share string of the last full result's scenario ('' until it is made). */
  get lastResultLink() {
    return this.timings[this.lastResultGeneration]?.link ?? '';
  }

  /** The last full result as its exact JSON text (the CLI's bytes), or ''. */
  get lastResultJson() {
    return this.lastResultText();
  }

  /** The last estimate as its exact JSON text (the CLI's bytes for its runs), or ''. */
  get lastEstimateJson() {
    return this.lastEstimateText();
  }

  /** @param {ResultEvent} e */
  paint({ generation, kind, json, columns, text, runs, phases, kept, rejudged, extended, grown }) {
    if (generation !== this.generation()) return;
    const paintStart = performance.now();
    const result = readResult({ json, columns });
    const parsed = performance.now();
    this.charts.update(result, { lazy: kind === 'estimate' });
    renderSummary(this.summaryBody, result, COLUMNS, kind === 'estimate');
    renderOutcomeKey($('outcome-key'));
    renderSentences($('sentences'), result);
    // The answer first: which strategy keeps velocity healthy longest, and how sure (greyed while an estimate).
    const answer = $('headline');
    answer.textContent = headline(result);
    answer.classList.toggle('estimate', kind === 'estimate');
    this.paints += 1;
    const timing = this.timings[generation];
    if (kind === 'estimate') {
      this.lastEstimate = result;
      this.lastEstimateText = text;
      if (timing && timing.estimate === null) {
        timing.estimateRuns = runs;
        painted(() => {
          timing.estimate = performance.now();
          timing.estimatePaintMs = timing.estimate - paintStart;
          timing.estimateProfile = { ...phases, parse: parsed - paintStart, paint: timing.estimate - parsed };
        });
      }
      if (this.progress?.generation === generation) this.showProgress({ ...this.progress, estimating: false, shown: runs });
      return;
    }
    this.lastResult = result;
    this.lastResultText = text;
    this.lastResultScenario = timing?.scenario ?? '';
    this.lastResultGeneration = generation;
    this.fullPaints += 1;
    this.describeCharts(result);
    announce(`Simulation complete. ${result.strategies.map((s) => sentence(s, result.weeks)).join(' ')}`);
    if (timing) {
      timing.computeMs = this.computeMs();
      timing.kept = kept === true;
      timing.rejudged = rejudged === true;
      timing.extended = extended === true;
      timing.grown = grown === true;
      painted(() => {
        timing.full = performance.now();
        timing.fullPaintMs = timing.full - paintStart;
        timing.fullProfile = { ...phases, parse: parsed - paintStart, paint: timing.full - parsed };
      });
    }
    setStatus('ready', 'ready', generation);
    this.onFull();
    afterFrame(() => this.settle((g) => g <= generation));
  }

  /** @param {Progress} p */
  onProgress(p) {
    if (p.generation !== this.generation()) return;
    this.showProgress(p);
  }

  /** @param {Progress} p */
  showProgress(p) {
    this.progress = p;
    if (p.done >= p.total) return; // the full result is being painted
    const { kind, text } = progressStatus(p);
    setStatus(text, kind, p.generation);
    const timing = this.timings[p.generation];
    if (kind === 'running' && timing && timing.progress === null && p.done > 0 && p.runsPerSecond) timing.progress = performance.now();
  }

  /** @param {Result} result */
  describeCharts(result) {
    const texts = chartSummaries(result, this.view());
    for (const p of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-summary]'))) p.textContent = texts[/** @type {ChartName} */ (p.dataset.summary)];
    for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details[data-table]'))) this.fillTable(d, result);
  }

  /**
   * The data table of an open <details data-table>; emptied while it is closed.
   * @param {HTMLDetailsElement} d
   * @param {Result} result
   */
  fillTable(d, result) {
    const host = d.lastElementChild;
    if (!host) return;
    if (d.open) host.replaceChildren(dataTable(result, /** @type {ChartName} */ (d.dataset.table), this.view()));
    else host.replaceChildren();
  }

  setupTables() {
    for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details[data-table]'))) {
      d.addEventListener('toggle', () => {
        if (d.open && this.lastResult && !d.lastElementChild?.firstChild) this.fillTable(d, this.lastResult);
      });
    }
    // The survival curve shown: still healthy, still funded, or both (a browser may restore the choice on reload).
    const radios = /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll('input[name="survival-measure"]'));
    for (const radio of radios) {
      if (radio.checked) this.charts.setSurvivalMeasure(radio.value);
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        this.charts.setSurvivalMeasure(radio.value);
        if (this.lastResult) this.describeCharts(this.lastResult);
      });
    }
  }
}
