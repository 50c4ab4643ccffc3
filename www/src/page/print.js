// Printing the page: the static figures and tables, not the canvases. Before
// printing (`beforeprint`, or the print media query turning on, as in a
// browser's print preview or print emulation), each chart the core draws gets
// its SVG (`renderSvg`, the CLI's `render` bytes at the chart's size) in a
// `.print-figure` beside its canvas (light, for paper), and the detail sections open; the print
// stylesheet (style.css) shows the figures and hides the canvases and controls.
import { renderSvg } from '../core/wasm.js';
import { svgChartId } from './files.js';

/** @typedef {import('./files.js').Exported} Exported */
/** @typedef {import('./files.js').SvgChart} SvgChart */
/** @typedef {import('../core/result.js').SurvivalMeasure} SurvivalMeasure */

/** The page's charts the core draws, by the id of the host they are printed beside. */
const HOSTS = /** @type {const} */ ([
  ['survival-chart', 'survival'],
  ['velocity-chart', 'velocity'],
  ['collapse-histogram', 'histogram'],
  ['cash-chart', 'cash'],
  ['why-chart', 'why'],
]);

/**
 * @param {object} o
 * @param {() => Exported | null} o.last the last full result, or null before the first
 * @param {() => SurvivalMeasure} o.survivalMeasure
 */
export function setupPrint({ last, survivalMeasure }) {
  /** The result the figures were drawn for. */
  let drawnFor = '';
  /** @type {HTMLDetailsElement[]} */
  let opened = [];

  async function prepare() {
    const done = last();
    // Closed sections do not print their content: open them for the print, close them after.
    opened = [...document.querySelectorAll('details[data-section]:not([open])')].map((d) => /** @type {HTMLDetailsElement} */ (d));
    for (const d of opened) d.open = true;
    if (!done) return;
    const measure = survivalMeasure();
    const key = `${done.json.length}:${done.link}:${measure}`;
    if (key === drawnFor) return;
    drawnFor = key;
    for (const [id, chart] of HOSTS) {
      const host = document.getElementById(id);
      if (!host) continue;
      const next = host.nextElementSibling;
      let figure = next instanceof HTMLElement && next.classList.contains('print-figure') ? next : null;
      if (!figure) {
        figure = document.createElement('div');
        figure.className = 'print-figure';
        figure.dataset.chart = chart;
        host.after(figure);
      }
      const width = Math.min(4000, Math.max(320, Math.round(host.getBoundingClientRect().width) || 720));
      const chartId = /** @type {Parameters<typeof renderSvg>[1]} */ (svgChartId(chart, measure));
      try {
        const svg = await renderSvg(done.json, chartId, width, Math.max(200, Math.round(width * 0.5)), 'light'); // paper is light
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        figure.replaceChildren(document.importNode(doc.documentElement, true));
      } catch {
        figure.replaceChildren(); // the canvas prints instead
      }
    }
  }

  function restore() {
    for (const d of opened) d.open = false;
    opened = [];
  }

  window.addEventListener('beforeprint', prepare);
  window.addEventListener('afterprint', restore);
  const media = matchMedia('print');
  media.addEventListener('change', () => (media.matches ? prepare() : restore()));
}
