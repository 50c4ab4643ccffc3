// Files in and out of the page: CSV and JSON export of the last full result
// (the bytes come from core/export.js), a PNG of any chart, an SVG of the
// charts the core draws (`renderSvg`: the CLI's `render` bytes), the embed
// snippet's fallback figure and its file (fallback.js), and opening a
// scenario file (the Import button, or a file dropped on the page). The core
// reads the file's text, so a seed keeps all its digits; a bad file leaves
// the current scenario as it is.
import { $ } from './status.js';
import { resultCsv, exportJson, MAX_IMPORT_BYTES } from '../core/export.js';
import { inputError, errorFields } from '../core/errors.js';
import { parseScenarioFile, renderSvg } from '../core/wasm.js';
import { embedElement } from './fallback.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../charts/charts.js').PngName} PngName */
/** @typedef {'velocity'|'survival'|'histogram'|'outcomes'|'cash'|'why'} SvgChart */
/** @typedef {import('../core/result.js').SurvivalMeasure} SurvivalMeasure */

/** The SVG download's size, CSS px: `velocity-cliff render`'s default (a blog column). */
export const SVG_SIZE = { width: 720, height: 400 };

/**
 * The renderer's id of a chart: the survival chart as the page shows it
 * (`survival`, `survival-funded`, `survival-both`, as `render --chart`).
 * @param {SvgChart} chart
 * @param {SurvivalMeasure} measure
 */
export function svgChartId(chart, measure) {
  return chart === 'survival' && measure !== 'healthy' ? `survival-${measure}` : chart;
}

/**
 * Offers `data` as a file download.
 * @param {string} name
 * @param {string | Blob} data
 * @param {string} type
 */
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Reads a scenario file's text: at most MAX_IMPORT_BYTES of UTF-8 (the same
 * rules as the CLI), or throws an InputError naming the file. The text goes
 * to the core whole (`parseScenarioFile`), which reads a scenario file or an
 * export of this page and refuses, naming the field, anything that would not
 * simulate; JavaScript never parses it, so a seed keeps all its digits.
 * @param {File} file
 */
export async function readScenarioText(file) {
  const name = file.name || 'the file';
  if (file.size > MAX_IMPORT_BYTES) {
    throw inputError(`scenario file ${name}`, `${file.size} bytes`, `at most ${MAX_IMPORT_BYTES} bytes`);
  }
  // No byte-order mark: the core refuses it, as the CLI does.
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await file.arrayBuffer());
  } catch {
    throw inputError(`scenario file ${name}`, 'bytes that are not UTF-8', 'UTF-8 text');
  }
}

/**
 * @typedef {object} Exported what the last full result was made from
 * @property {Result} result
 * @property {string} json the result's exact text
 * @property {string} scenario the scenario's JSON as the user set it
 * @property {string} link its share string
 */

/**
 * Wires the export buttons, the PNG buttons, the Import button and dropping a file.
 * @param {object} o
 * @param {() => Exported | null} o.last the last full result, or null before the first
 * @param {() => string} o.fileStem the file name without extension
 * @param {(name: PngName, title: string) => Promise<Blob>} o.png
 * @param {() => 'light'|'dark'} o.theme the colours the page shows now (for the SVG buttons)
 * @param {() => SurvivalMeasure} o.survivalMeasure the survival curve the page shows now
 * @param {(scenario: Scenario) => void} o.open applies an opened scenario
 * @param {(text: string, kind: 'info'|'error') => void} o.notice
 * @param {(text: string) => void} o.info a status message
 */
export function setupFiles({ last, fileStem, png, theme, survivalMeasure, open, notice, info }) {
  const needResult = () => {
    const done = last();
    if (!done) info('nothing to export yet: wait for the simulation to finish');
    return done;
  };
  $('export-csv').addEventListener('click', () => {
    const done = needResult();
    if (done) download(`${fileStem()}.csv`, resultCsv(done.result), 'text/csv');
  });
  $('export-json').addEventListener('click', () => {
    const done = needResult();
    if (done) download(`${fileStem()}.json`, exportJson(JSON.parse(done.scenario), done.link, done.json), 'application/json');
  });
  /**
   * Runs a download that may fail (a chart that cannot be drawn, the
   * renderer's module not loading while offline) and says so in the notice:
   * the page and the result stay as they are.
   * @param {string} what the file, in words
   * @param {() => Promise<void>} make
   */
  const attempt = async (what, make) => {
    try {
      await make();
    } catch (err) {
      notice(`Could not make the ${what}: ${errorFields(err).message}. The result is unchanged; try again.`, 'error');
    }
  };
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('button.png'))) {
    const chart = /** @type {PngName} */ (button.dataset.chart);
    const title = button.dataset.title ?? chart;
    button.setAttribute('aria-label', `Download the ${title} chart as PNG`);
    button.addEventListener('click', () => {
      if (!needResult()) return;
      return attempt(`${title} PNG`, async () => download(`${fileStem()}-${chart}.png`, await png(chart, title), 'image/png'));
    });
  }
  // SVG: the core's renderer on the result's exact text, so the file is the
  // CLI's `render --chart … --theme …` of the same link, byte for byte.
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('button.svg'))) {
    const chart = /** @type {SvgChart} */ (button.dataset.chart);
    button.setAttribute('aria-label', `Download the ${button.dataset.title ?? chart} chart as SVG`);
    button.addEventListener('click', () => {
      const done = needResult();
      if (!done) return;
      // The id names a chart the renderer draws (`survival-funded` included); the binding's type lists the base ids.
      const id = /** @type {Parameters<typeof renderSvg>[1]} */ (svgChartId(chart, survivalMeasure()));
      return attempt(`${button.dataset.title ?? chart} SVG`, async () =>
        download(`${fileStem()}-${id}.svg`, await renderSvg(done.json, id, SVG_SIZE.width, SVG_SIZE.height, theme()), 'image/svg+xml'),
      );
    });
  }

  /** The embed's figure file: the light velocity chart at the CLI's default size, named as the snippet names it. */
  const figureName = () => `${fileStem()}-velocity.svg`;
  /** @param {Exported} done */
  const figureOf = (done) => renderSvg(done.json, 'velocity', SVG_SIZE.width, SVG_SIZE.height, 'light');
  $('embed-figure').addEventListener('click', () => {
    const done = needResult();
    if (done) return attempt('figure file', async () => download(figureName(), await figureOf(done), 'image/svg+xml'));
  });

  /**
   * The embed element with its fallback for the last full result (the CLI's
   * `render --embed` of the same scenario, `--out NAME` or inlined), or null before one.
   * @param {boolean} inline the SVG inside the snippet, rather than an <img> naming the figure file
   */
  async function embedSnippet(inline) {
    const done = last();
    if (!done) return null;
    const svg = await figureOf(done);
    const file = inline ? null : { src: figureName(), ...SVG_SIZE };
    return { element: embedElement({ result: done.result, json: done.json, link: done.link, svg, file }), figure: figureName() };
  }

  /**
   * Opens a scenario file; a bad file leaves the current scenario as it is.
   * @param {File} file
   */
  async function importFile(file) {
    try {
      open(parseScenarioFile(await readScenarioText(file)));
      notice(`Opened ${file.name}.`, 'info');
    } catch (err) {
      notice(`Could not import ${file.name}: ${errorFields(err).message}. The current scenario is unchanged.`, 'error');
    }
  }

  /** @type {HTMLInputElement} */
  const picker = $('import-file');
  $('import-button').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    if (picker.files?.[0]) importFile(picker.files[0]);
    picker.value = '';
  });
  const hint = $('drop-hint');
  let depth = 0;
  /** @param {DragEvent} e */
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
    const file = e.dataTransfer?.files[0];
    if (file) importFile(file);
  });

  return { embedSnippet };
}
