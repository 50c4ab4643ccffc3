// The charts, drawn with uPlot: a smoothed-velocity fan chart per strategy,
// the survival curves (still healthy, still funded, both), the collapse-week
// histogram, cash and runway fans (median and P10–P90 per strategy), small
// multiples of users, team, debt, revenue and burn, and the "why" bars
// (why-chart.js). Instances are created once per strategy set (and theme) and
// then fed with `setData`; every number comes straight from the result.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { strategyColour, alpha } from './palette.js';
import { money, moneyShort, months, sig3, smoothingText } from './wording.js';
import { WhyChart } from './why-chart.js';
import { hoverLegend } from './legend.js';

export { strategyColour };
export const SAMPLE_SLOTS = 20;
/** Weeks per bar of the collapse-week histogram. */
export const HISTOGRAM_BIN_WEEKS = 4;

/**
 * Collapse counts per week summed into bins of HISTOGRAM_BIN_WEEKS weeks
 * (presentation only; the chart, its summary and its data table all use these).
 * @param {number[]} histogram collapses per week
 * @param {number} weeks the horizon
 */
export function collapseBins(histogram, weeks) {
  const bins = new Array(Math.ceil(weeks / HISTOGRAM_BIN_WEEKS)).fill(0);
  histogram.forEach((c, w) => (bins[Math.floor(w / HISTOGRAM_BIN_WEEKS)] += c));
  return bins;
}

/** The three survival curves: what "surviving" means, in words. */
export const SURVIVAL = {
  healthy: { label: 'still healthy', axis: 'runs still healthy', caption: 'still healthy (not collapsed)' },
  funded: { label: 'still funded', axis: 'runs still funded', caption: 'still funded (not out of cash)' },
  both: { label: 'healthy and funded', axis: 'runs healthy and funded', caption: 'both healthy and funded' },
};

/**
 * One survival curve of a strategy.
 * @param {object} s one strategy of a result
 * @param {keyof typeof SURVIVAL} measure
 */
export function survivalOf(s, measure) {
  if (measure === 'funded') return s.cash.survival;
  if (measure === 'both') return s.collapse.survival_both;
  return s.collapse.survival;
}

/** Cash is drawn on an asinh scale: linear below this many dollars, logarithmic above (a few big rounds would flatten the rest). */
const CASH_LINEAR_BELOW = 100_000;
/** Cash axis ticks: $0, then 1 and 3 × each power of ten from $100k. */
const cashSplits = (u, axisIdx, min, max) => {
  const out = [0];
  for (let p = CASH_LINEAR_BELOW; p <= max; p *= 10) {
    out.push(p);
    if (3 * p <= max) out.push(3 * p);
  }
  return out;
};

/** Metrics drawn as one chart of medians and P10–P90 bands for every strategy. */
export const BAND_METRICS = ['cash', 'runway'];
/** Metrics drawn as one chart of medians per strategy. */
export const MEDIAN_METRICS = ['users', 'team', 'debt', 'revenue', 'burn'];

const moneyTicks = (u, ticks) => ticks.map((t) => moneyShort(t));
const monthTicks = (u, ticks) => ticks.map((t) => sig3.format(t));

function themeColours() {
  const css = getComputedStyle(document.documentElement);
  return {
    text: css.getPropertyValue('--text').trim() || '#222',
    grid: css.getPropertyValue('--grid').trim() || '#ddd',
  };
}

const fmt = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const fmt3 = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const value = (digits) => (u, v) => (v == null ? '–' : digits(v));

function axes(colours, yLabel, yValues, xLabel = 'week', ySize = yLabel ? 56 : 44) {
  const base = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
  return [
    { ...base, ...(xLabel ? { label: xLabel } : {}) },
    { ...base, label: yLabel, size: ySize, ...(yValues ? { values: yValues } : {}) },
  ];
}
/** The axes with the y axis's ticks at given values. */
function withSplits(a, splits) {
  a[1].splits = splits;
  a[1].filter = (u, values) => values; // uPlot's log filter would blank all but the powers of ten
  return a;
}
/** Width of a y axis with dollar ticks ("$1.2M") and a label. */
const MONEY_AXIS = 64;

function weekSeries() {
  return { label: 'week', value: (u, v) => (v == null ? '–' : `week ${v}`) };
}

export class Charts {
  /**
   * @param {{velocity: HTMLElement, survival: HTMLElement, histogram: HTMLElement, users: HTMLElement, team: HTMLElement, debt: HTMLElement,
   *   revenue: HTMLElement, burn: HTMLElement, cash: HTMLElement, runway: HTMLElement, why: HTMLElement}} hosts
   */
  constructor(hosts) {
    this.hosts = hosts;
    /** Which survival curve is shown: 'healthy', 'funded' or 'both'. */
    this.survivalMeasure = 'healthy';
    this.why = new WhyChart(hosts.why);
    this.key = '';
    this.plots = [];
    this.fans = [];
    this.showSamples = false;
    this.hidden = new Set();
    this.syncing = false;
    this.lastResult = null;
    /** Last week shown (for playing the weeks forward); null shows all. */
    this.limit = null;
    /** Predicted collapse weeks drawn on the survival curve: [{id, week}]. */
    this.markers = [];
    this.resizeObserver = new ResizeObserver(() => this.resize());
    for (const [name, host] of Object.entries(hosts)) if (name !== 'why') this.resizeObserver.observe(host);
  }

  /** Rebuilds every chart (for a new strategy set or theme). */
  rebuild(strategies) {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.fans = [];
    this.hosts.velocity.replaceChildren();
    const colours = themeColours();
    const pct = (v) => `${fmt.format(v * 100)} %`;
    const lineSeries = (fmtValue) =>
      strategies.map((s, i) => ({ label: s.label, stroke: strategyColour(s.id, i), width: 2, value: value(fmtValue), show: !this.hidden.has(s.id) }));
    const sync = { key: 'velocity-cliff-weeks', setSeries: false };
    const xScale = { time: false, range: (u, min, max) => [1, this.lastResult ? Math.max(2, this.lastResult.weeks) : max] };
    const onSetSeries = (u, seriesIndex, opts) => {
      if (this.syncing || seriesIndex == null || opts.show === undefined) return;
      this.toggleStrategy(strategies[seriesIndex - 1].id, opts.show, u);
    };

    // One fan chart per strategy.
    strategies.forEach((s, i) => {
      const colour = strategyColour(s.id, i);
      const box = document.createElement('figure');
      box.className = 'fan';
      box.dataset.strategy = s.id;
      box.hidden = this.hidden.has(s.id);
      const caption = document.createElement('figcaption');
      caption.textContent = s.label;
      caption.style.borderColor = colour;
      box.append(caption);
      this.hosts.velocity.append(box);
      const band = { stroke: alpha(colour, 0.35), width: 1, value: value(fmt3.format) };
      const series = [
        weekSeries(),
        { ...band, label: 'P10' },
        { ...band, label: 'P25' },
        { label: 'median', stroke: colour, width: 2, value: value(fmt3.format) },
        { ...band, label: 'P75' },
        { ...band, label: 'P90' },
      ];
      for (let k = 0; k < SAMPLE_SLOTS; k++) {
        series.push({ label: `run ${k + 1}`, stroke: alpha(colours.text, 0.25), width: 1, show: this.showSamples, spanGaps: false });
      }
      const plot = new uPlot(
        {
          width: 300,
          height: 200,
          series,
          bands: [
            { series: [5, 1], fill: alpha(colour, 0.15) },
            { series: [4, 2], fill: alpha(colour, 0.3) },
          ],
          axes: axes(colours, '', undefined, ''),
          legend: { show: true, live: true, markers: { show: false } },
          cursor: { sync },
          scales: { x: xScale, y: { range: (u, min, max) => [0, this.velocityMax || max] } },
        },
        null,
        box,
      );
      plot.strategyId = s.id;
      this.fans.push(plot);
      this.plots.push(plot);
    });

    const make = (host, yLabel, fmtValue, yValues, extra = {}) => {
      host.replaceChildren();
      const plot = new uPlot(
        {
          width: 300,
          height: 220,
          series: [weekSeries(), ...lineSeries(fmtValue)],
          axes: axes(colours, yLabel, yValues),
          cursor: { sync },
          scales: { x: xScale, y: { range: (u, min, max) => [0, (this.yMax.get(u) ?? max) * 1.05 || 1] } },
          hooks: { setSeries: [onSetSeries] },
          ...extra,
        },
        null,
        host,
      );
      this.plots.push(plot);
      return plot;
    };
    this.survival = make(this.hosts.survival, SURVIVAL[this.survivalMeasure].axis, pct, (u, ticks) => ticks.map((t) => `${Math.round(t * 100)} %`), {
      scales: { x: xScale, y: { range: [0, 1] } },
      hooks: { setSeries: [onSetSeries], draw: [(u) => this.drawMarkers(u)] },
    });
    this.histogram = make(this.hosts.histogram, 'runs collapsing', pct, (u, ticks) => ticks.map((t) => `${fmt.format(t * 100)} %`), {
      cursor: { sync: { key: 'velocity-cliff-bins' } },
      scales: {
        x: { time: false, range: (u, min, max) => [1, this.lastResult ? this.lastResult.weeks + 1 : max] },
        y: { range: (u, min, max) => [0, (this.yMax.get(u) ?? max) * 1.05 || 1] },
      },
    });
    for (const s of this.histogram.series.slice(1)) s.paths = uPlot.paths.stepped({ align: 1 });
    this.histogram.series[0].value = (u, v) => (v == null ? '–' : `weeks ${v}–${v + HISTOGRAM_BIN_WEEKS - 1}`);
    this.users = make(this.hosts.users, 'users (median)', fmt3.format);
    this.team = make(this.hosts.team, 'engineers (median)', fmt3.format);
    this.debt = make(this.hosts.debt, 'debt (median)', fmt3.format);
    this.revenue = make(this.hosts.revenue, '$ / week (median)', money, moneyTicks, { axes: axes(colours, '$ / week (median)', moneyTicks, 'week', MONEY_AXIS) });
    this.burn = make(this.hosts.burn, '$ / week (median)', money, moneyTicks, { axes: axes(colours, '$ / week (median)', moneyTicks, 'week', MONEY_AXIS) });

    // Cash and runway: per strategy a P10 edge, the median and a P90 edge, the band between them filled.
    const onBandSeries = (u, seriesIndex, opts) => {
      if (this.syncing || seriesIndex == null || opts.show === undefined) return;
      this.toggleStrategy(strategies[Math.floor((seriesIndex - 1) / 3)].id, opts.show, null);
    };
    const makeBand = (host, yLabel, fmtValue, yValues, yScale = {}, ySize = 56, ySplits = undefined) => {
      host.replaceChildren();
      const series = [weekSeries()];
      const bands = [];
      strategies.forEach((s, i) => {
        const colour = strategyColour(s.id, i);
        const show = !this.hidden.has(s.id);
        const edge = { stroke: alpha(colour, 0.45), width: 1, show, value: value(fmtValue) };
        series.push({ ...edge, label: `${s.label} P10` });
        series.push({
          label: s.label,
          stroke: colour,
          width: 2,
          show,
          // The live legend gives the band too: "median (P10–P90)".
          value: (u, v, si, di) => (v == null ? '–' : di == null ? fmtValue(v) : `${fmtValue(v)} (${fmtValue(u.data[si - 1][di])}–${fmtValue(u.data[si + 1][di])})`),
        });
        series.push({ ...edge, label: `${s.label} P90` });
        bands.push({ series: [3 * i + 3, 3 * i + 1], fill: alpha(colour, 0.12) });
      });
      const plot = new uPlot(
        {
          width: 300,
          height: 240,
          series,
          bands,
          axes: ySplits ? withSplits(axes(colours, yLabel, yValues, 'week', ySize), ySplits) : axes(colours, yLabel, yValues, 'week', ySize),
          cursor: { sync },
          scales: { x: xScale, y: { range: (u, min, max) => [0, (this.yMax.get(u) ?? max) * 1.05 || 1], ...yScale } },
          hooks: { setSeries: [onBandSeries] },
        },
        null,
        host,
      );
      // Only the medians have a legend entry (it toggles the whole band).
      plot.root.querySelectorAll('.u-legend .u-series').forEach((row, k) => {
        if (k > 0 && (k - 1) % 3 !== 1) row.classList.add('band-edge');
      });
      this.plots.push(plot);
      return plot;
    };
    this.cash = makeBand(this.hosts.cash, 'cash (log scale)', money, moneyTicks, { distr: 4, asinh: CASH_LINEAR_BELOW }, MONEY_AXIS, cashSplits);
    this.runway = makeBand(this.hosts.runway, 'runway (months)', months, monthTicks);
    this.yMax = new Map();
    this.strategies = strategies;
    this.keyboardLegends();
    for (const p of this.plots) hoverLegend(p);
    this.resize();
  }

  /** Charts with one series per strategy (series i + 1 is strategy i). */
  lineCharts() {
    return [this.survival, this.histogram, this.users, this.team, this.debt, this.revenue, this.burn];
  }

  /** Charts with three series per strategy (P10, median, P90: series 3i + 1 … 3i + 3). */
  bandCharts() {
    return [this.cash, this.runway];
  }

  /** The legend entry of strategy `index` in plot `p`. */
  legendRow(p, index) {
    const k = this.bandCharts().includes(p) ? 3 * index + 2 : index + 1;
    return p.root.querySelectorAll('.u-legend .u-series')[k];
  }

  /** Makes every legend entry that toggles a strategy a keyboard button. */
  keyboardLegends() {
    for (const p of [...this.lineCharts(), ...this.bandCharts()]) {
      const band = this.bandCharts().includes(p);
      p.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
        if (i === 0 || (band && (i - 1) % 3 !== 1)) return;
        const strategy = this.strategies[band ? (i - 2) / 3 : i - 1];
        row.tabIndex = 0;
        row.setAttribute('role', 'button');
        row.setAttribute('aria-label', `show or hide ${strategy.label} in every chart`);
        row.setAttribute('aria-pressed', String(!this.hidden.has(strategy.id)));
        row.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter' && e.key !== ' ') return;
          e.preventDefault();
          p.setSeries(i, { show: !p.series[i].show });
        });
      });
    }
  }

  /** Draws the predicted collapse weeks as dashed vertical lines. */
  drawMarkers(u) {
    if (!this.markers.length) return;
    const { ctx } = u;
    ctx.save();
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.lineWidth = 2 * devicePixelRatio;
    for (const m of this.markers) {
      const index = this.strategyIds.indexOf(m.id);
      if (index < 0 || this.hidden.has(m.id)) continue;
      const x = u.valToPos(m.week, 'x', true);
      ctx.strokeStyle = strategyColour(m.id, index);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  /** Shows predicted collapse weeks on the survival curve. */
  setMarkers(markers) {
    this.markers = markers;
    this.survival?.redraw(false, false);
  }

  /** Shows the weeks up to `week` only (null: all), for playing time forward. */
  setWeekLimit(week) {
    this.limit = week;
    if (this.lastResult) this.update(this.lastResult);
  }

  /** Shows or hides one strategy in every chart. */
  toggleStrategy(id, show, origin) {
    if (show) this.hidden.delete(id);
    else this.hidden.add(id);
    this.syncing = true;
    try {
      const strategy = this.strategyIds.indexOf(id);
      const index = strategy + 1;
      for (const p of this.lineCharts()) {
        if (p !== origin && p.series[index].show !== show) p.setSeries(index, { show });
      }
      for (const p of this.bandCharts()) {
        for (let k = 3 * strategy + 1; k <= 3 * strategy + 3; k++) if (p.series[k].show !== show) p.setSeries(k, { show });
      }
      for (const fan of this.fans) if (fan.strategyId === id) fan.root.parentElement.hidden = !show;
      for (const p of [...this.lineCharts(), ...this.bandCharts()]) this.legendRow(p, strategy)?.setAttribute('aria-pressed', String(show));
      this.why.setHidden(this.hidden);
    } finally {
      this.syncing = false;
    }
    this.resize();
  }

  setSamples(show) {
    this.showSamples = show;
    for (const fan of this.fans) {
      fan.batch(() => {
        for (let k = 0; k < SAMPLE_SLOTS; k++) fan.setSeries(6 + k, { show });
      });
    }
  }

  resize() {
    for (const p of this.plots) {
      const host = p.root.parentElement;
      if (!host || host.hidden) continue;
      const width = Math.max(200, Math.floor(host.clientWidth - 4));
      const height = p === this.survival || p === this.histogram ? 260 : this.fans.includes(p) ? 170 : this.bandCharts().includes(p) ? 240 : 200;
      if (p.width !== width || p.height !== height) p.setSize({ width, height });
    }
  }

  /** Feeds a result (parsed) to every chart; rebuilds only when the strategy set changed. */
  update(result) {
    if (result !== this.lastResult && this.yMax) this.yMax.clear();
    const strategies = result.strategies;
    const key = strategies.map((s) => `${s.id}\u0000${s.label}`).join('\u0001');
    if (key !== this.key) {
      this.key = key;
      this.strategyIds = strategies.map((s) => s.id);
      this.rebuild(strategies);
    }
    this.lastResult = result;
    const weeks = result.weeks;
    if (!this.xs || this.xs.length !== weeks) this.xs = Float64Array.from({ length: weeks }, (_, i) => i + 1);
    const xs = this.xs;
    const limit = this.limit == null ? weeks : Math.max(0, Math.min(weeks, this.limit));
    /** The first `limit` weeks of a series, the rest blank. */
    const cut = limit >= weeks ? (a) => a : (a) => Array.from({ length: a.length }, (_, i) => (i < limit ? a[i] : null));
    const maxOf = (arrays) => arrays.reduce((m, a) => a.reduce((mm, v) => (v > mm ? v : mm), m), 0);
    let velocityMax = 0;
    for (const s of strategies) {
      const p90 = s.series.velocity.p90;
      for (let i = 0; i < p90.length; i++) if (p90[i] > velocityMax) velocityMax = p90[i];
    }
    this.velocityMax = velocityMax * 1.05 || 1;
    strategies.forEach((s, i) => {
      const v = s.series.velocity;
      const data = [xs, cut(v.p10), cut(v.p25), cut(v.p50), cut(v.p75), cut(v.p90)];
      for (let k = 0; k < SAMPLE_SLOTS; k++) data.push(s.samples[k] ? cut(s.samples[k]) : new Array(weeks).fill(null));
      this.fans[i].setData(data);
    });
    this.survival.setData([xs, ...strategies.map((s) => cut(survivalOf(s, this.survivalMeasure)))]);
    const bins = Math.ceil(weeks / HISTOGRAM_BIN_WEEKS);
    const binXs = Float64Array.from({ length: bins + 1 }, (_, b) => b * HISTOGRAM_BIN_WEEKS + 1);
    this.histogram.setData([
      binXs,
      ...strategies.map((s) => {
        // Shares of runs per bin; the last bar repeats so the stepped line closes.
        const out = collapseBins(s.collapse.histogram, weeks).map((c) => c / result.runs);
        out.push(out[bins - 1]);
        this.yMax.set(this.histogram, Math.max(this.yMax.get(this.histogram) ?? 0, ...out));
        const shown = Math.ceil(limit / HISTOGRAM_BIN_WEEKS);
        return limit >= weeks ? out : Array.from(out, (v, b) => (b < shown ? v : null));
      }),
    ]);
    for (const metric of MEDIAN_METRICS) {
      const medians = strategies.map((s) => s.series[metric].p50);
      this.yMax.set(this[metric], maxOf(medians));
      this[metric].setData([xs, ...medians.map(cut)]);
    }
    for (const metric of BAND_METRICS) {
      const data = [xs];
      for (const s of strategies) {
        const b = s.series[metric];
        data.push(cut(b.p10), cut(b.p50), cut(b.p90));
      }
      this.yMax.set(this[metric], maxOf(strategies.map((s) => s.series[metric].p90)));
      this[metric].setData(data);
    }
    if (result !== this.why.result) this.why.update(result, this.hidden); // not again for each week played
    const smoothing = result.scenario?.collapse?.smoothing;
    if (smoothing) for (const el of document.querySelectorAll('[data-smoothing]')) el.textContent = smoothingText(smoothing);
  }

  /**
   * Shows another survival curve: 'healthy' (not collapsed), 'funded' (not
   * out of cash) or 'both'.
   * @param {keyof typeof SURVIVAL} measure
   */
  setSurvivalMeasure(measure) {
    if (!SURVIVAL[measure] || measure === this.survivalMeasure) return;
    this.survivalMeasure = measure;
    if (!this.survival) return;
    this.survival.axes[1].label = SURVIVAL[measure].axis;
    if (this.lastResult) this.update(this.lastResult);
    else this.survival.redraw();
  }

  /**
   * One chart as a PNG: its title, the plot and a legend of the strategies
   * shown, on the theme's background. The velocity fans come as one grid.
   * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'|'revenue'|'burn'|'cash'|'runway'} name
   * @param {string} title
   * @returns {Promise<Blob>}
   */
  png(name, title) {
    const plots = name === 'velocity' ? this.fans.filter((f) => !this.hidden.has(f.strategyId)) : [this[name]];
    const css = getComputedStyle(document.documentElement);
    const bg = css.getPropertyValue('--bg').trim() || '#fff';
    const { text } = themeColours();
    const scale = devicePixelRatio;
    const columns = name === 'velocity' ? Math.min(2, plots.length) : 1;
    const cell = plots.map((p) => p.ctx.canvas);
    const cw = Math.max(...cell.map((c) => c.width));
    const ch = Math.max(...cell.map((c) => c.height));
    const label = 22 * scale;
    const rows = Math.ceil(plots.length / columns);
    const head = 34 * scale;
    const legend = 26 * scale;
    const out = document.createElement('canvas');
    out.width = columns * cw + 16 * scale;
    out.height = head + rows * (ch + (name === 'velocity' ? label : 0)) + legend;
    const ctx = out.getContext('2d');
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = text;
    ctx.font = `600 ${16 * scale}px system-ui, sans-serif`;
    ctx.fillText(title, 8 * scale, 22 * scale);
    ctx.font = `${13 * scale}px system-ui, sans-serif`;
    plots.forEach((p, i) => {
      const x = 8 * scale + (i % columns) * cw;
      let y = head + Math.floor(i / columns) * (ch + (name === 'velocity' ? label : 0));
      if (name === 'velocity') {
        const s = this.strategies.find((st) => st.id === p.strategyId);
        ctx.fillStyle = strategyColour(s.id, this.strategyIds.indexOf(s.id));
        ctx.fillText(s.label, x, y + 15 * scale);
        y += label;
      }
      ctx.drawImage(p.ctx.canvas, x, y);
    });
    let lx = 8 * scale;
    const ly = out.height - 9 * scale;
    this.strategies.forEach((s, i) => {
      if (this.hidden.has(s.id)) return;
      ctx.fillStyle = strategyColour(s.id, i);
      ctx.fillRect(lx, ly - 10 * scale, 12 * scale, 12 * scale);
      ctx.fillStyle = text;
      ctx.fillText(s.label, lx + 16 * scale, ly);
      lx += ctx.measureText(s.label).width + 32 * scale;
    });
    return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the chart could not be drawn'))), 'image/png'));
  }

  /** Recreates the charts (for a theme change) and repaints the last result. */
  restyle() {
    if (!this.lastResult) return;
    this.key = '';
    this.update(this.lastResult);
  }
}
