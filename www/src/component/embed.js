// The iframe page (embed.html#<share string>): one <velocity-cliff> showing
// the scenario in the URL hash, and messages to the embedding page:
//   {source: 'velocity-cliff', type: 'resize', height}      whenever the content height changes
//   {source: 'velocity-cliff', type: 'result', summary, model_version, runs, weeks, share}
//   {source: 'velocity-cliff', type: 'error', message}
// Query parameters `controls`, `theme` and `height` are passed to the element.
import { configure } from './setup.js';
import { defineElement } from './element.js';
import { hashText } from '../core/link.js';
import { coreWasm, extraWasm } from '../core/site-wasm.js';

/** @typedef {import('../core/result.js').Result} Result */

configure({
  wasmUrl: coreWasm,
  extraWasmUrl: extraWasm,
  createWorker: () => new Worker(new URL('../core/worker.js', import.meta.url), { type: 'module' }),
});
defineElement();

/**
 * An element of the iframe page.
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the iframe page has no #${id}`);
  return el;
}

const element = byId('chart', HTMLElement);
const open = byId('open', HTMLAnchorElement);
const hint = byId('hint', HTMLElement);
const embedded = window.parent !== window;

/**
 * Posts a message to the embedding page (any origin: nothing in it is private).
 * @param {Record<string, unknown>} msg
 */
function post(msg) {
  if (embedded) window.parent.postMessage({ source: 'velocity-cliff', ...msg }, '*');
}

const query = new URLSearchParams(location.search);
for (const name of ['controls', 'theme', 'height']) {
  const value = query.get(name);
  if (value !== null) element.setAttribute(name, value);
}
const theme = query.get('theme');
if (theme === 'dark' || theme === 'light') document.body.classList.add(theme);

let share = '';

/** Shows the scenario of the current hash (the model's defaults when there is none). */
function show() {
  share = hashText(location.hash);
  open.hidden = true;
  hint.hidden = true;
  if (share) element.setAttribute('scenario', share);
  else element.removeAttribute('scenario');
}

element.addEventListener('result', (event) => {
  /** @type {Result} */
  const result = /** @type {CustomEvent} */ (event).detail;
  open.href = share ? `./#${encodeURIComponent(share)}` : './';
  open.hidden = false;
  hint.hidden = true;
  post({
    type: 'result',
    model_version: result.model_version,
    runs: result.runs,
    weeks: result.weeks,
    share,
    summary: result.strategies.map((s) => ({
      strategy: s.id,
      label: s.label,
      collapse_share: s.collapse.share,
      median_collapse_week: s.collapse.week_p50,
      collapse_week_p10: s.collapse.week_p10,
      collapse_week_p90: s.collapse.week_p90,
      mean_healthy_weeks: s.summary.mean_healthy_weeks,
      features_p50: s.summary.features_p50,
      healthy_share: s.summary.healthy_share,
      out_of_cash_share: s.summary.out_of_cash_share,
    })),
  });
});

element.addEventListener('velocity-cliff-error', (event) => {
  open.hidden = true;
  hint.hidden = false;
  post({ type: 'error', message: /** @type {CustomEvent} */ (event).detail.message });
});

let lastHeight = -1;
function reportHeight() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height !== lastHeight) {
    lastHeight = height;
    post({ type: 'resize', height });
  }
}
new ResizeObserver(reportHeight).observe(document.body);

window.addEventListener('hashchange', show);
show();
