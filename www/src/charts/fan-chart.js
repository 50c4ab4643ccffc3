// One compact smoothed-velocity fan chart for the component: per strategy the median
// and the P10–P90 band (bands.js, as the page's cash and runway charts), all
// strategies on shared axes, drawn with uPlot into a host inside a shadow
// root. Every number comes straight from the result. Colours of text and grid
// come from the host's CSS custom properties, so the chart follows the
// component's theme.
import uPlot from 'uplot';
import { bandSeries, themeColours } from './bands.js';
import { sig3 } from '../core/format.js';
import { strategyKey } from '../core/result.js';

/** @typedef {import('../core/result.js').Result} Result */

export class FanChart {
  /**
   * @param {HTMLElement} host the element the chart is drawn into (its width is followed)
   * @param {HTMLElement} themeSource the element whose CSS custom properties give the colours
   */
  constructor(host, themeSource) {
    this.host = host;
    this.themeSource = themeSource;
    this.height = 220;
    /** @type {uPlot | null} */
    this.plot = null;
    this.key = '';
    /** @type {Result | null} */
    this.result = null;
    /** The y axis's top: the largest P90, with a margin. */
    this.yMax = 1;
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    this.resizeObserver?.observe(host);
  }

  colours() {
    return themeColours(this.themeSource, { text: '--vc-text', grid: '--vc-grid' }, { text: '#1d2125', grid: '#e3e6ea' });
  }

  width() {
    return Math.max(160, Math.floor(this.host.clientWidth || 300));
  }

  /**
   * @param {{id: string, label: string}[]} strategies
   * @param {boolean} observed whether the result holds the team's own weeks (a calibrated scenario): drawn as a dashed line over the fans, as on the page
   */
  build(strategies, observed) {
    this.plot?.destroy();
    this.host.replaceChildren();
    const colours = this.colours();
    const { series, bands } = bandSeries(strategies, { format: (v) => sig3.format(v), fill: 0.16 });
    const font = '11px system-ui, sans-serif';
    const axis = { stroke: colours.text, font, labelFont: font, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    this.plot = new uPlot(
      {
        width: this.width(),
        height: this.height,
        series: [{ label: 'week' }, ...series, ...(observed ? [{ label: 'your weeks', stroke: colours.text, width: 2, dash: [6, 4], points: { show: true, size: 4 } }] : [])],
        bands,
        legend: { show: false },
        cursor: { show: false },
        axes: [
          { ...axis, label: 'week', labelSize: 16, size: 32 },
          { ...axis, label: 'smoothed points / week', labelSize: 16, size: 40, values: (u, ticks) => ticks.map((t) => sig3.format(t)) },
        ],
        scales: { x: { time: false }, y: { range: (u, min, max) => [0, this.yMax || max] } },
      },
      undefined,
      this.host,
    );
  }

  /**
   * Draws a result (parsed); rebuilds only when the strategy set changed.
   * @param {Result} result
   */
  update(result) {
    const strategies = result.strategies;
    const observed = result.calibration?.smoothed ?? null;
    const key = `${strategyKey(strategies)}${observed ? '|observed' : ''}`;
    if (key !== this.key || !this.plot) {
      this.key = key;
      this.build(strategies, observed !== null);
    }
    this.result = result;
    const xs = Array.from({ length: result.weeks }, (_, i) => i + 1);
    let max = 0;
    /** @type {uPlot.AlignedData} */
    const data = [xs];
    for (const s of strategies) {
      const v = s.series.velocity;
      for (const x of v.p90) if (x > max) max = x;
      data.push(v.p10, v.p50, v.p90);
    }
    if (observed) {
      for (const x of observed) if (x > max) max = x;
      data.push(xs.map((_, i) => (i < observed.length ? observed[i] : null)));
    }
    this.yMax = max * 1.05 || 1;
    this.plot?.setData(data);
  }

  /** @param {number} height */
  setHeight(height) {
    if (height === this.height) return;
    this.height = height;
    if (this.plot) this.plot.setSize({ width: this.width(), height });
  }

  /** Recreates the chart with the current theme colours. */
  restyle() {
    if (!this.result) return;
    this.key = '';
    this.update(this.result);
  }

  resize() {
    if (!this.plot) return;
    const width = this.width();
    if (width !== this.plot.width) this.plot.setSize({ width, height: this.height });
  }

  destroy() {
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.key = '';
  }
}
