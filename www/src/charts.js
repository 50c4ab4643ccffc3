// The charts, drawn with uPlot: a velocity fan chart per strategy, the survival
// curve, the collapse-week histogram and small multiples of users, team and
// debt. Instances are created once per strategy set (and theme) and then fed
// with `setData`; every number comes straight from the result.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { strategyColour, alpha } from './palette.js';

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

function axes(colours, yLabel, yValues, xLabel = 'week') {
  const base = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
  return [
    { ...base, ...(xLabel ? { label: xLabel } : {}) },
    { ...base, label: yLabel, size: yLabel ? 56 : 44, ...(yValues ? { values: yValues } : {}) },
  ];
}

function weekSeries() {
  return { label: 'week', value: (u, v) => (v == null ? '–' : `week ${v}`) };
}

export class Charts {
  /**
   * @param {{velocity: HTMLElement, survival: HTMLElement, histogram: HTMLElement, users: HTMLElement, team: HTMLElement, debt: HTMLElement}} hosts
   */
  constructor(hosts) {
    this.hosts = hosts;
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
    for (const host of Object.values(hosts)) this.resizeObserver.observe(host);
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
    this.survival = make(this.hosts.survival, 'runs still healthy', pct, (u, ticks) => ticks.map((t) => `${Math.round(t * 100)} %`), {
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
    this.yMax = new Map();
    this.strategies = strategies;
    this.keyboardLegends();
    this.resize();
  }

  /** Makes every legend entry that toggles a strategy a keyboard button. */
  keyboardLegends() {
    for (const p of [this.survival, this.histogram, this.users, this.team, this.debt]) {
      p.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
        if (i === 0) return;
        const strategy = this.strategies[i - 1];
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
      const index = this.strategyIds.indexOf(id) + 1;
      for (const p of [this.survival, this.histogram, this.users, this.team, this.debt]) {
        if (p !== origin && p.series[index].show !== show) p.setSeries(index, { show });
      }
      for (const fan of this.fans) if (fan.strategyId === id) fan.root.parentElement.hidden = !show;
      for (const p of [this.survival, this.histogram, this.users, this.team, this.debt]) {
        p.root.querySelectorAll('.u-legend .u-series')[index]?.setAttribute('aria-pressed', String(show));
      }
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
      const height = p === this.survival || p === this.histogram ? 260 : this.fans.includes(p) ? 170 : 200;
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
    this.survival.setData([xs, ...strategies.map((s) => cut(s.collapse.survival))]);
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
    for (const [plot, metric] of [
      [this.users, 'users'],
      [this.team, 'team'],
      [this.debt, 'debt'],
    ]) {
      const medians = strategies.map((s) => s.series[metric].p50);
      this.yMax.set(plot, maxOf(medians));
      plot.setData([xs, ...medians.map(cut)]);
    }
  }

  /**
   * One chart as a PNG: its title, the plot and a legend of the strategies
   * shown, on the theme's background. The velocity fans come as one grid.
   * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'} name
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
