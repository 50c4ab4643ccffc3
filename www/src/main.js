// The page: builds the controls from the model's catalogue, validates every
// input with `resolve()`, hands valid scenarios to the worker pool and paints
// the estimate and the full result. The main thread never simulates; it only
// merges partial results (exact integer sums) and draws.
import { initSync, catalogue as readCatalogue, resolve, Merger, encodeShare, decodeShare, parseScenarioFile } from '../pkg/velocity_cliff.js';
import { SimulationPool } from './pool.js';
import { Charts } from './charts.js';
import { renderSummary, sentence } from './summary.js';
import { chartSummaries, dataTable } from './describe.js';
import { resultCsv, exportJson, download, readScenarioText } from './exporting.js';
import { inputError, errorFields } from './input-error.js';
import { Facilitator } from './teach.js';
import { setupShare } from './share.js';
import { progressText } from './wording.js';
import { paintAnswer } from './answer-view.js';

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const statusLine = $('status');
const int = new Intl.NumberFormat('en');

/** Everything the user can set; `params` holds only the overridden parameters. */
const input = { preset: '', strategies: [], weeks: 0, runs: 0, seed: '1', threshold: 0, window: 0, smoothing: 0, params: {} };
/** Raw text of number fields that do not parse, keyed by field name. */
const unparsable = new Map();

const hooks = {
  lastResult: null,
  lastResultJson: '',
  lastEstimate: null,
  lastEstimateJson: '',
  /** The newest generation's last progress event (pool-core.js `Progress`), or null. */
  progress: null,
  paints: 0,
  fullPaints: 0,
  timings: [],
  generation: 0,
  workers: 0,
  input,
  setInput,
  pool: null,
  catalogue: null,
  /** The share string of the scenario last started (what the URL hash holds). */
  get link() {
    return share?.link ?? '';
  },
  applyScenario,
  facilitator: null,
};
window.velocityCliff = hooks;

/**
 * Shows a status. `kind` is what tests and styles read: 'estimating' (no
 * estimate yet), 'running' (progress, an estimate on screen or none needed),
 * 'ready' (the full result of `generation` is painted), 'error', or 'info'
 * (any other message).
 */
function setStatus(text, kind = '', generation = hooks.pool?.generation ?? 0) {
  statusLine.textContent = text;
  statusLine.dataset.kind = kind;
  statusLine.dataset.generation = String(generation);
}

// ---- validation -----------------------------------------------------------

/** The scenario as the user set it, in the scenario-file format. */
function scenarioObject() {
  return {
    schema: hooks.catalogue?.schema ?? 2,
    preset: input.preset,
    seed: input.seed,
    runs: input.runs,
    weeks: input.weeks,
    collapse: { threshold: input.threshold, window: input.window, smoothing: input.smoothing },
    params: input.params,
    strategies: input.strategies,
  };
}

function scenarioJson() {
  return JSON.stringify(scenarioObject());
}

/** The scenario without the fields that equal the model's defaults: what a link carries. */
function shareScenario() {
  const cat = hooks.catalogue;
  const d = cat.defaults;
  const s = {};
  if (input.preset !== cat.default_preset) s.preset = input.preset;
  const all = cat.strategies.map((x) => x.id);
  if (!(input.strategies.length === all.length && input.strategies.every((x, i) => x === all[i]))) s.strategies = input.strategies;
  if (input.runs !== d.runs) s.runs = input.runs;
  if (input.seed !== String(d.seed)) s.seed = input.seed;
  if (input.weeks !== d.weeks) s.weeks = input.weeks;
  if (input.threshold !== d.threshold || input.window !== d.window) s.collapse = { threshold: input.threshold, window: input.window };
  if (input.smoothing !== d.smoothing) s.collapse = { ...s.collapse, smoothing: input.smoothing };
  if (Object.keys(input.params).length) s.params = input.params;
  return s;
}

/** Strategies from scenario files that are not built in, kept so they can be ticked again. */
let customStrategies = [];
const strategyId = (s) => (typeof s === 'string' ? s : s.id);

/**
 * Replaces the whole input with a scenario (a scenario-file object that the
 * core has validated); missing fields take the defaults.
 * @param {object} s
 * @param {'push'|'replace'|'none'} historyMode how the URL records the change
 */
function applyScenario(s, historyMode = 'push') {
  const cat = hooks.catalogue;
  const d = cat.defaults;
  Object.assign(input, {
    preset: s.preset ?? cat.default_preset,
    strategies: s.strategies ? structuredClone(s.strategies) : cat.strategies.map((x) => x.id),
    weeks: s.weeks ?? d.weeks,
    runs: s.runs ?? d.runs,
    seed: String(s.seed ?? d.seed),
    threshold: s.collapse?.threshold ?? d.threshold,
    window: s.collapse?.window ?? d.window,
    smoothing: s.collapse?.smoothing ?? d.smoothing,
    params: { ...(s.params ?? {}) },
  });
  const builtin = new Set(cat.strategies.map((x) => x.id));
  const custom = input.strategies.filter((x) => typeof x === 'object' && !builtin.has(x.id));
  customStrategies = [...custom, ...customStrategies.filter((c) => !custom.some((x) => x.id === c.id))];
  unparsable.clear();
  renderStrategyBoxes();
  syncControls();
  historyNext = historyMode;
  schedule();
}

/** The form field showing a refused field of the core (`collapse.window` → the window field). */
function fieldOf(field) {
  if (field === null) return null;
  let name = field.replace(/^(options|collapse|scenario)\./, '');
  if (name.startsWith('strategies')) name = 'strategies';
  return document.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

function clearErrors() {
  for (const el of document.querySelectorAll('.field.invalid')) {
    el.classList.remove('invalid');
    el.querySelector('.error').textContent = '';
  }
}

/** Shows a refusal (the core's InputError, or one made like it) beside its field and in the status. */
function showError(err) {
  const { field: name, message } = errorFields(err);
  const field = fieldOf(name);
  if (field) {
    field.classList.add('invalid');
    field.querySelector('.error').textContent = message;
  }
  setStatus(`error: ${message} — showing the last good result`, 'error');
}

// ---- scheduling: newest input wins ------------------------------------------

let queued = false;
let dirty = false;
let inputAt = 0;
/** How the next started scenario is recorded in the browser history. */
let historyNext = 'replace';
/** @type {ReturnType<typeof setupShare> | null} */
let share = null;

/** Notes that the input changed; all changes within one task start one run. */
function schedule() {
  inputAt = performance.now();
  dirty = true;
  if (queued) return;
  queued = true;
  queueMicrotask(() => {
    queued = false;
    flush();
  });
}

/** Validates the latest input and, when valid, starts simulating it. */
function flush() {
  if (!dirty || !hooks.pool) return;
  dirty = false;
  clearErrors();
  if (unparsable.size) {
    const [name, raw] = unparsable.entries().next().value;
    hooks.pool?.cancel();
    showError(inputError(name, JSON.stringify(raw), 'a number'));
    return;
  }
  let scenario;
  try {
    scenario = resolve(scenarioObject()); // the resolved scenario object; its seed a decimal string
  } catch (err) {
    hooks.pool?.cancel();
    showError(err);
    return;
  }
  share?.record(shareScenario(), historyNext);
  historyNext = 'push';
  const strategies = scenario.strategies.length;
  const generation = hooks.pool.run(scenario, { runs: scenario.runs, weeks: scenario.weeks, strategies });
  hooks.generation = generation;
  hooks.timings[generation] = {
    input: inputAt,
    start: performance.now(),
    estimate: null,
    estimateRuns: 0,
    progress: null,
    full: null,
    runs: scenario.runs,
    scenario: scenarioJson(),
    link: share?.link ?? '',
  };
}

// ---- painting ------------------------------------------------------------------

let charts;
const summaryBody = /** @type {HTMLTableSectionElement} */ (document.querySelector('#summary tbody'));

function paint({ generation, kind, json, runs }) {
  if (generation !== hooks.pool.generation) return;
  const paintStart = performance.now();
  const result = JSON.parse(json);
  charts.update(result);
  renderSummary(result, summaryBody, $('sentences'), kind === 'estimate');
  paintAnswer(result, kind === 'estimate');
  hooks.paints += 1;
  const timing = hooks.timings[generation];
  if (kind === 'estimate') {
    hooks.lastEstimate = result;
    hooks.lastEstimateJson = json;
    if (timing && timing.estimate === null) {
      timing.estimate = performance.now();
      timing.estimateRuns = runs;
      timing.estimatePaintMs = timing.estimate - paintStart;
    }
    if (hooks.progress?.generation === generation) showProgress({ ...hooks.progress, estimating: false, shown: runs });
  } else {
    hooks.lastResult = result;
    hooks.lastResultJson = json;
    hooks.lastResultScenario = timing?.scenario ?? scenarioJson();
    hooks.lastResultLink = timing?.link ?? share?.link ?? '';
    hooks.fullPaints += 1;
    describeCharts(result);
    registerOffline();
    $('announce').textContent = `Simulation complete. ${result.strategies.map((s) => sentence(s, result.weeks)).join(' ')}`;
    hooks.facilitator?.refresh();
    if (timing) {
      timing.full = performance.now();
      timing.fullPaintMs = timing.full - paintStart;
      timing.computeMs = hooks.pool.computeMs;
    }
    setStatus('ready', 'ready', generation);
  }
}

/** @param {import('./pool-core.js').Progress} p */
function progress(p) {
  if (p.generation !== hooks.pool.generation) return;
  showProgress(p);
}

/**
 * "estimating… (first 460 of 1,000,000 runs)", then "running 12,500 /
 * 1,000,000 runs · 9,800 runs/s · about 1 min 40 s left · estimate from 6,400
 * runs shown".
 * @param {import('./pool-core.js').Progress} p
 */
function showProgress(p) {
  hooks.progress = p;
  if (p.done >= p.total) return; // the full result is being painted
  if (p.estimating) {
    setStatus(`estimating… (first ${int.format(p.estimateRuns)} of ${int.format(p.total)} runs)`, 'estimating', p.generation);
    return;
  }
  const shown = p.shown ? ` · estimate from ${int.format(p.shown)} runs shown` : '';
  setStatus(`running ${progressText(p)}${shown}`, 'running', p.generation);
  const timing = hooks.timings[p.generation];
  if (timing && timing.progress === null && p.done > 0 && p.runsPerSecond) timing.progress = performance.now();
}

// ---- offline ------------------------------------------------------------------------

let offlineRegistered = false;

/** Installs the service worker (the offline copy) once the first result is on screen. */
function registerOffline() {
  if (offlineRegistered || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  offlineRegistered = true;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => console.warn('offline copy unavailable:', err));
}

// ---- words and tables behind the charts ----------------------------------------

/** What the charts show now (the survival curve chosen), for their words and tables. */
function chartView() {
  return { survival: charts?.survivalMeasure ?? 'healthy' };
}

function describeCharts(result) {
  const texts = chartSummaries(result, chartView());
  for (const p of document.querySelectorAll('[data-summary]')) p.textContent = texts[p.dataset.summary];
  for (const d of document.querySelectorAll('details[data-table]')) {
    if (d.open) d.lastElementChild.replaceChildren(dataTable(result, d.dataset.table, chartView()));
    else d.lastElementChild.replaceChildren();
  }
}

function setupTables() {
  for (const d of document.querySelectorAll('details[data-table]')) {
    d.addEventListener('toggle', () => {
      if (d.open && hooks.lastResult && !d.lastElementChild.firstChild) d.lastElementChild.replaceChildren(dataTable(hooks.lastResult, d.dataset.table, chartView()));
    });
  }
  // The survival curve shown: still healthy, still funded, or both (a browser may restore the choice on reload).
  const chosen = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="survival-measure"]:checked'));
  if (chosen) charts.setSurvivalMeasure(chosen.value);
  for (const radio of document.querySelectorAll('input[name="survival-measure"]')) {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      charts.setSurvivalMeasure(radio.value);
      if (hooks.lastResult) describeCharts(hooks.lastResult);
    });
  }
}

// ---- export and import ------------------------------------------------------------

function fileStem() {
  return `velocity-cliff-${input.preset}-seed${input.seed}`;
}

function setupExport() {
  const needResult = () => {
    if (hooks.lastResult) return true;
    setStatus('nothing to export yet: wait for the simulation to finish', 'info');
    return false;
  };
  $('export-csv').addEventListener('click', () => needResult() && download(`${fileStem()}.csv`, resultCsv(hooks.lastResult), 'text/csv'));
  $('export-json').addEventListener('click', () => {
    if (!needResult()) return;
    const scenario = JSON.parse(hooks.lastResultScenario);
    download(`${fileStem()}.json`, exportJson(scenario, hooks.lastResultLink, hooks.lastResultJson), 'application/json');
  });
  for (const button of document.querySelectorAll('button.png')) {
    button.setAttribute('aria-label', `Download the ${button.dataset.title} chart as PNG`);
    button.addEventListener('click', async () => {
      if (!needResult()) return;
      const blob = await charts.png(button.dataset.chart, button.dataset.title);
      download(`${fileStem()}-${button.dataset.chart}.png`, blob, 'image/png');
    });
  }
  const picker = /** @type {HTMLInputElement} */ ($('import-file'));
  $('import-button').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    if (picker.files?.[0]) importFile(picker.files[0]);
    picker.value = '';
  });
  const hint = $('drop-hint');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    hint.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) hint.hidden = true;
  });
  document.addEventListener('dragover', (e) => hasFiles(e) && e.preventDefault());
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    hint.hidden = true;
    const file = e.dataTransfer.files[0];
    if (file) importFile(file);
  });
}

/**
 * Opens a scenario file; a bad file leaves the current scenario as it is. The
 * core reads the text (so the seed comes from the file's digits) and refuses,
 * naming the field, anything that would not simulate.
 */
async function importFile(file) {
  try {
    const scenario = parseScenarioFile(await readScenarioText(file));
    applyScenario(scenario, 'push');
    showNotice(`Opened ${file.name}.`, 'info');
  } catch (err) {
    showNotice(`Could not import ${file.name}: ${errorFields(err).message}. The current scenario is unchanged.`, 'error');
  }
}

// ---- notices ------------------------------------------------------------------------

function showNotice(text, kind = 'info') {
  $('notice-text').textContent = text;
  $('notice').dataset.kind = kind;
  $('notice').hidden = false;
}

// ---- controls ------------------------------------------------------------------

function numberOrRaw(name, raw) {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    unparsable.set(name, raw);
    return null;
  }
  unparsable.delete(name);
  return value;
}

function presetValues() {
  return hooks.catalogue.presets.find((p) => p.id === input.preset)?.params || {};
}

function syncParamInputs() {
  const values = presetValues();
  for (const p of hooks.catalogue.params) {
    const el = /** @type {HTMLInputElement} */ ($(`p-${p.name}`));
    const value = p.name in input.params ? input.params[p.name] : values[p.name];
    if (document.activeElement !== el) el.value = String(value);
    el.closest('.param').classList.toggle('changed', p.name in input.params);
  }
  $('param-count').textContent = `(${hooks.catalogue.params.length}; ${Object.keys(input.params).length} changed)`;
}

/** Copies `input` into the form controls. */
function syncControls() {
  /** @type {HTMLSelectElement} */ ($('preset')).value = input.preset;
  $('preset-description').textContent = hooks.catalogue.presets.find((p) => p.id === input.preset)?.description || '';
  const chosen = new Set(input.strategies.map(strategyId));
  for (const box of document.querySelectorAll('#strategies input')) box.checked = chosen.has(box.value);
  for (const name of ['weeks', 'runs', 'seed', 'threshold', 'window', 'smoothing']) {
    const el = /** @type {HTMLInputElement} */ ($(name));
    if (!unparsable.has(name)) el.value = String(input[name]);
  }
  /** @type {HTMLInputElement} */ ($('threshold-range')).value = String(input.threshold);
  syncParamInputs();
}

/**
 * Sets any part of the input (as the controls would) and starts a run at once.
 * @param {Partial<typeof input>} patch
 */
function setInput(patch) {
  if (patch.preset !== undefined && patch.preset !== input.preset && patch.params === undefined) input.params = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'params') input.params = { ...value };
    else if (key === 'seed') input.seed = String(value);
    else input[key] = value;
    unparsable.delete(key);
  }
  syncControls();
  schedule();
  flush();
  return hooks.generation;
}

/** One checkbox per built-in strategy and per custom strategy met in a scenario file. */
function renderStrategyBoxes() {
  const boxes = $('strategies');
  const cat = hooks.catalogue;
  const all = [...cat.strategies.map((s) => ({ id: s.id, label: s.label, description: s.description, value: s.id })),
    ...customStrategies.map((s) => ({ id: s.id, label: s.label || s.id, description: 'custom strategy from a scenario file', value: s }))];
  const labels = all.map((s) => {
    const label = document.createElement('label');
    label.title = s.description;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = s.id;
    box.addEventListener('change', () => {
      const ticked = new Set([...boxes.querySelectorAll('input:checked')].map((b) => b.value));
      input.strategies = all.filter((x) => ticked.has(x.id)).map((x) => x.value);
      schedule();
    });
    label.append(box, ` ${s.label} `, Object.assign(document.createElement('code'), { textContent: typeof s.value === 'string' ? s.id : `custom: ${s.id}` }));
    return label;
  });
  boxes.replaceChildren(...labels);
}

function buildControls(cat) {
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  const preset = /** @type {HTMLSelectElement} */ ($('preset'));
  for (const p of cat.presets) preset.append(new Option(p.label ? `${p.label} (${p.id})` : p.id, p.id));
  preset.addEventListener('change', () => {
    input.preset = preset.value;
    input.params = {};
    syncControls();
    schedule();
  });

  renderStrategyBoxes();

  const limits = { weeks: [1, cat.limits.weeks], runs: [1, cat.limits.runs], window: [1, cat.limits.window], smoothing: [1, cat.limits.smoothing] };
  for (const name of ['weeks', 'runs', 'window', 'smoothing', 'threshold']) {
    const el = /** @type {HTMLInputElement} */ ($(name));
    if (limits[name]) el.title = `from ${limits[name][0]} to ${int.format(limits[name][1])}`;
    el.addEventListener('input', () => {
      const value = numberOrRaw(name, el.value);
      if (value !== null) input[name] = value;
      if (name === 'threshold' && value !== null) /** @type {HTMLInputElement} */ ($('threshold-range')).value = String(value);
      schedule();
    });
  }
  const range = /** @type {HTMLInputElement} */ ($('threshold-range'));
  range.addEventListener('input', () => {
    input.threshold = Number(range.value);
    unparsable.delete('threshold');
    /** @type {HTMLInputElement} */ ($('threshold')).value = range.value;
    schedule();
  });
  const seed = /** @type {HTMLInputElement} */ ($('seed'));
  seed.addEventListener('input', () => {
    input.seed = seed.value.trim();
    schedule();
  });
  $('new-seed').addEventListener('click', () => {
    const words = crypto.getRandomValues(new Uint32Array(2));
    input.seed = ((BigInt(words[0]) << 32n) | BigInt(words[1])).toString();
    seed.value = input.seed;
    schedule();
  });

  const panel = $('params');
  const groups = new Map();
  for (const p of cat.params) {
    if (!groups.has(p.group)) {
      const fs = document.createElement('fieldset');
      fs.append(Object.assign(document.createElement('legend'), { textContent: p.group }));
      panel.append(fs);
      groups.set(p.group, fs);
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
      const value = numberOrRaw(`params.${p.name}`, el.value);
      if (value !== null) input.params[p.name] = value;
      el.closest('.param').classList.add('changed');
      schedule();
    });
    const range = Object.assign(document.createElement('span'), {
      className: 'range',
      textContent: `${p.min} – ${p.max}; model default ${p.default}`,
    });
    const error = Object.assign(document.createElement('span'), { className: 'error' });
    error.setAttribute('role', 'alert');
    const source = Object.assign(document.createElement('small'), { className: 'source', textContent: `Source: ${p.source}` });
    field.append(label, el, range, error, source);
    groups.get(p.group).append(field);
  }
  $('reset-params').addEventListener('click', () => {
    input.params = {};
    for (const key of [...unparsable.keys()]) if (key.startsWith('params.')) unparsable.delete(key);
    syncControls();
    schedule();
  });
  $('reset-preset').addEventListener('click', () => {
    applyScenario({ preset: input.preset }, 'push');
    setStatus('reset to the preset', 'info');
  });
  $('notice-close').addEventListener('click', () => ($('notice').hidden = true));
  $('show-samples').addEventListener('change', (e) => charts.setSamples(/** @type {HTMLInputElement} */ (e.target).checked));
}

// ---- theme ---------------------------------------------------------------------

function setupTheme() {
  const button = $('theme-toggle');
  const order = ['auto', 'light', 'dark'];
  let theme = localStorage.getItem('velocity-cliff-theme') || 'auto';
  const apply = () => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    button.textContent = `Theme: ${theme}`;
    charts?.restyle();
  };
  button.addEventListener('click', () => {
    theme = order[(order.indexOf(theme) + 1) % order.length];
    localStorage.setItem('velocity-cliff-theme', theme);
    apply();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => theme === 'auto' && charts?.restyle());
  apply();
}

// ---- start ---------------------------------------------------------------------

function poolSize() {
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 64) return asked;
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
}

async function compileWasm() {
  const url = new URL('../pkg/velocity_cliff_bg.wasm', import.meta.url);
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}

async function start() {
  setupTheme();
  const module = await compileWasm();
  initSync({ module });
  const cat = readCatalogue();
  hooks.catalogue = cat;
  $('model-version').textContent = cat.model_version;
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
  hooks.charts = charts;
  buildControls(cat);
  setupTables();
  setupExport();
  hooks.facilitator = new Facilitator({
    charts,
    result: () => hooks.lastResult,
    input: () => input,
    announce: (text) => ($('announce').textContent = text),
  });
  share = setupShare({ encodeShare, decodeShare, applyScenario, showNotice, setStatus, $ });
  hooks.share = share;
  share.restore();
  if (new URLSearchParams(location.search).has('facilitator')) hooks.facilitator.setActive(true);
  hooks.workers = poolSize();
  hooks.pool = new SimulationPool({
    size: hooks.workers,
    module,
    Merger,
    onResult: paint,
    onProgress: progress,
    onError: ({ generation, message }) => generation === hooks.pool.generation && setStatus(`error: ${message}`, 'error'),
  });
  flush();
}

start().catch((err) => {
  console.error(err);
  setStatus(`error: ${err.message || err}`, 'error');
});
