// What both fronts' band charts share: per strategy a P10 edge, the median
// and a P90 edge with the band between them filled (the page's cash and
// runway charts, the component's velocity chart), and the colours of text and
// grid read from the theme's CSS custom properties.
import { strategyColour, alpha } from './palette.js';

/** @typedef {import('uplot').Series} Series */
/** @typedef {import('uplot').Band} Band */
/** @typedef {{text: string, grid: string}} Colours */

/**
 * The theme's text and grid colours, from CSS custom properties of `source`.
 * @param {Element} source
 * @param {{text: string, grid: string}} names the custom properties (`--text`, `--vc-text`)
 * @param {Colours} fallback
 * @returns {Colours}
 */
export function themeColours(source, names, fallback) {
  const css = getComputedStyle(source);
  return {
    text: css.getPropertyValue(names.text).trim() || fallback.text,
    grid: css.getPropertyValue(names.grid).trim() || fallback.grid,
  };
}

/**
 * A legend value: the number formatted, '–' where there is none.
 * @param {(v: number) => string} format
 * @returns {(u: import('uplot'), v: number | null) => string}
 */
export const legendValue = (format) => (u, v) => (v == null ? '–' : format(v));

/**
 * Series and bands of a band chart: series 3i + 1, 3i + 2, 3i + 3 are
 * strategy i's P10, median and P90 (series 0 is the x axis, not included).
 * @param {{id: string, label: string}[]} strategies
 * @param {object} o
 * @param {(v: number) => string} o.format legend values
 * @param {Set<string>} [o.hidden] strategies not shown
 * @param {number} [o.fill] the band's opacity
 * @param {boolean} [o.rangeInLegend] the median's legend value gives the band too: "median (P10–P90)"
 * @returns {{series: Series[], bands: Band[]}}
 */
export function bandSeries(strategies, { format, hidden = new Set(), fill = 0.12, rangeInLegend = false }) {
  /** @type {Series[]} */
  const series = [];
  /** @type {Band[]} */
  const bands = [];
  strategies.forEach((s, i) => {
    const colour = strategyColour(s.id, i);
    const show = !hidden.has(s.id);
    const edge = { stroke: alpha(colour, 0.45), width: 1, show, value: legendValue(format) };
    series.push({ ...edge, label: `${s.label} P10` });
    series.push({
      label: rangeInLegend ? s.label : `${s.label} median`,
      stroke: colour,
      width: 2,
      show,
      value: rangeInLegend
        ? (u, v, si, di) => (v == null ? '–' : di == null ? format(v) : `${format(v)} (${format(u.data[si - 1][di] ?? NaN)}–${format(u.data[si + 1][di] ?? NaN)})`)
        : legendValue(format),
    });
    series.push({ ...edge, label: `${s.label} P90` });
    bands.push({ series: [3 * i + 3, 3 * i + 1], fill: alpha(colour, fill) });
  });
  return { series, bands };
}
