// The page: a composition of its parts. The core (../core) loads the wasm
// module and runs the worker pool; the session holds the input and turns
// changes into runs; the controls, results, files, share, theme and
// facilitator mode each own a part of the page. The main thread never
// simulates; it only merges partial results (exact integer sums) and draws.
//
// `window.velocityCliff` is the page's test and benchmark hook: the last
// estimate and result, their timings, the input and a way to set it.
import { loadCore, Merger, wasmSimd } from '../core/wasm.js';
import { coreWasm, extraWasm } from '../core/site-wasm.js';
import { createPool, HOLD_WORK } from '../core/pool.js';
import { linkScenario } from '../core/link.js';
import { Charts } from '../charts/charts.js';
import { $, setStatus, showNotice, announce, setupNotice } from './status.js';
import { Session } from './session.js';
import { Controls } from './controls.js';
import { Results } from './results.js';
import { setupFiles } from './files.js';
import { setupShare } from './share.js';
import { survivalMeasure } from '../core/result.js';
import { setupPrint } from './print.js';
import { setupTheme } from './theme.js';
import { Facilitator } from './teach.js';
import { NARROW, setupSections } from './sections.js';
import { StrategyEditor } from './strategy-editor.js';
import { setupTeamToday } from './team-today.js';
import { Sensitivity } from './sensitivity.js';
import { CalibrationPanel } from './calibration.js';
import { FixedParams } from './fixed-params.js';

/** Workers: `?workers=N` (1–64), else the cores, at most 8. */
function poolSize() {
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 64) return asked;
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
}

let offlineRegistered = false;

/** Installs the service worker (the offline copy) once the first result is on screen. */
function registerOffline() {
  if (offlineRegistered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  offlineRegistered = true;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => console.warn('offline copy unavailable:', err));
}

/** The generation of the job last started (0: none yet). */
let generation = 0;

/** @param {string} text */
const info = (text) => setStatus(text, 'info', generation);

/** Starts one simulation worker (its script loads while the wasm module compiles). */
const newWorker = () => new Worker(new URL('../core/worker.js', import.meta.url), { type: 'module' });

async function start() {
  // The first worker starts before the wasm module is compiled, so its script
  // loads meanwhile; the pool starts the others once the first result is
  // painted (`startWorkers`).
  const workers = poolSize();
  /** @type {Worker[]} */
  const early = [];
  /** Early workers that failed to load before the pool took them. @type {WeakSet<Worker>} */
  const failed = new WeakSet();
  try {
    for (let i = 0; i < Math.min(1, workers); i++) {
      const w = newWorker();
      w.onerror = (e) => {
        e.preventDefault();
        failed.add(w);
      };
      early.push(w);
    }
  } catch {
    // No workers here: the pool finds out again and computes on the main thread.
  }
  /** An early worker (or a new one); throws for one that already failed, so the pool falls back to the main thread. */
  const takeWorker = () => {
    const w = early.shift();
    if (!w) return newWorker();
    if (failed.has(w)) {
      w.terminate();
      throw new Error('the simulation worker could not start');
    }
    return w;
  };
  let charts = /** @type {Charts | null} */ (null);
  setupTheme($('theme-toggle'), () => charts?.restyle());
  setupNotice();
  const narrow = matchMedia(NARROW);
  setupSections(document, narrow);
  const { module, catalogue } = await loadCore(coreWasm, extraWasm);
  $('model-version').textContent = catalogue.model_version;
  charts = new Charts({
    velocity: $('velocity-chart'),
    survival: $('survival-chart'),
    histogram: $('collapse-histogram'),
    users: $('users-chart'),
    team: $('team-chart'),
    debt: $('debt-chart'),
    revenue: $('revenue-chart'),
    burn: $('burn-chart'),
    cash: $('cash-chart'),
    runway: $('runway-chart'),
    why: $('why-chart'),
  });
  const chartsDrawn = charts;
  chartsDrawn.setCompact(narrow.matches);
  narrow.addEventListener('change', () => chartsDrawn.setCompact(narrow.matches));
  /** @type {ReturnType<typeof createPool> | null} */
  let pool = null;
  /** @type {ReturnType<typeof setupShare> | null} */
  let share = null;

  const session = new Session({
    catalogue,
    onChange: () => {
      controls.renderStrategyBoxes();
      controls.sync();
      editor.render();
      fixedParams.sync();
      calibration.sync();
    },
    onRefuse: (refusal) => {
      controls.clearErrors();
      pool?.cancel();
      results.settleAll();
      if (!editor.showError(refusal)) controls.showError(refusal);
      setStatus(`error: ${refusal.message} — showing the last good result`, 'error', pool?.generation ?? 0);
    },
    onStart: (scenario, history, inputAt) => {
      controls.clearErrors();
      fixedParams.sync();
      calibration.sync();
      if (!pool) return;
      // The workers first: the link is made while they compute.
      generation = pool.run(scenario, { runs: scenario.runs, weeks: scenario.weeks, strategies: scenario.strategies.length });
      const linked = share?.record(linkScenario(session.input, catalogue), history, results.shown(generation));
      const started = generation;
      sensitivity.scenarioChanged(scenario);
      results.started(generation, { input: inputAt, start: performance.now(), resolveMs: session.resolveMs, runs: scenario.runs, scenario: JSON.stringify(session.scenario()), link: '' });
      void linked?.then((link) => results.linked(started, link));
    },
  });
  const controls = new Controls(session);
  setupTeamToday();
  const calibration = new CalibrationPanel({ session });
  const fixedParams = new FixedParams({ session });
  const editor = new StrategyEditor({
    session,
    onStrategies: () => {
      controls.renderStrategyBoxes();
      controls.sync();
    },
  });
  const sensitivity = new Sensitivity({ catalogue, pool: () => pool });
  const facilitator = new Facilitator({
    charts: chartsDrawn,
    result: () => results.lastResult,
    input: () => session.input,
    announce,
  });
  const results = new Results({
    charts: chartsDrawn,
    generation: () => pool?.generation ?? 0,
    computeMs: () => pool?.computeMs ?? 0,
    onFull: () => {
      registerOffline();
      facilitator.refresh();
      calibration.showResult(results.lastResult);
    },
  });
  const shown = {
    last: () =>
      results.lastResult && { result: results.lastResult, json: results.lastResultJson, scenario: results.lastResultScenario, link: results.lastResultLink },
    /** @returns {'light'|'dark'} */
    theme: () => {
      const chosen = document.documentElement.dataset.theme;
      return chosen === 'light' || chosen === 'dark' ? chosen : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    },
    survivalMeasure: () => survivalMeasure(/** @type {HTMLInputElement | null} */ (document.querySelector('input[name="survival-measure"]:checked'))?.value),
  };
  setupPrint(shown);
  const files = setupFiles({
    ...shown,
    fileStem: () => `velocity-cliff-${session.input.preset}-seed${session.input.seed}`,
    png: (name, title) => chartsDrawn.png(name, title),
    open: (scenario) => session.applyScenario(scenario, 'push'),
    notice: showNotice,
    info,
  });
  $('reset-preset').addEventListener('click', () => {
    session.applyScenario({ preset: session.input.preset }, 'push');
    info('reset to the preset');
  });
  $('show-samples').addEventListener('change', (e) => chartsDrawn.setSamples(/** @type {HTMLInputElement} */ (e.target).checked));

  share = setupShare({ applyScenario: (s, mode) => session.applyScenario(s, mode), showNotice, info, embedSnippet: files.embedSnippet });
  share.restore();
  if (new URLSearchParams(location.search).has('facilitator')) facilitator.setActive(true);
  pool = createPool({
    module,
    size: workers,
    createWorker: takeWorker,
    Merger,
    // The threshold slider and the window field: judged again from the runs the workers hold.
    holdWork: HOLD_WORK,
    onResult: (e) => results.paint(e),
    onProgress: (p) => results.onProgress(p),
    onError: (e) => {
      results.failed(e.generation);
      if (e.generation === pool?.generation) setStatus(`error: ${e.message}`, 'error', e.generation);
    },
  });
  const running = pool;
  const hooks = {
    catalogue,
    charts: chartsDrawn,
    facilitator,
    results,
    sensitivity,
    pool: running,
    workers,
    /** Whether the page loaded the wasm SIMD build (else the scalar one). */
    simd: wasmSimd(),
    /** The generation of the job last started. */
    get generation() {
      return generation;
    },
    /** The input as the controls set it. */
    get input() {
      return session.input;
    },
    /**
     * Sets any part of the input (as the controls would) and starts a run at once.
     * @param {Partial<import('../core/link.js').Input>} patch
     */
    setInput(patch) {
      session.setInput(patch);
      return generation;
    },
    /**
     * @param {import('../core/result.js').Scenario} s
     * @param {import('./session.js').HistoryMode} mode
     */
    applyScenario(s, mode) {
      session.applyScenario(s, mode);
    },
    /** The share string of the scenario last started (what the URL hash holds). */
    get link() {
      return share?.link ?? '';
    },
    get lastResult() {
      return results.lastResult;
    },
    get lastResultJson() {
      return results.lastResultJson;
    },
    get lastEstimate() {
      return results.lastEstimate;
    },
    get lastEstimateJson() {
      return results.lastEstimateJson;
    },
    /** The newest generation's last progress event, or null. */
    get progress() {
      return results.progress;
    },
    get paints() {
      return results.paints;
    },
    get fullPaints() {
      return results.fullPaints;
    },
    get timings() {
      return results.timings;
    },
  };
  window.velocityCliff = hooks;
  session.ready = true;
  session.flush();
  return hooks;
}

/** The page's hooks for tests and benchmarks (`window.velocityCliff`). @typedef {Awaited<ReturnType<typeof start>>} PageHooks */

// `?play` and `?board` open the workshop views (src/play, src/board) instead.
const view = new URLSearchParams(location.search);
if (view.has('play') || view.has('board')) {
  import('../play/entry.js').then((m) => m.startWorkshop(view.has('board') ? 'board' : 'play'));
} else {
  start().catch((err) => {
    console.error(err);
    setStatus(`error: ${err instanceof Error ? err.message : err}`, 'error', 0);
  });
}
