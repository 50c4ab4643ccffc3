// The charts, drawn with uPlot: a velocity fan chart per strategy, the survival
// curve, the collapse-week histogram and small multiples of users, team and
// debt. Instances are created once per strategy set (and theme) and then fed
// with `setData`; every number comes straight from the result.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Okabe–Ito colours, assigned to the built-in strategies; others cycle the rest. */
const OKABE_ITO = {
  'feature-first': '#D55E00',
  'scale-early': '#E69F00',
  'big-rewrite': '#CC79A7',
  'controlled-evolution': '#009E73',
  'hypergrowth-hiring': '#0072B2',
};
const SPARE = ['#56B4E9', '#F0E442', '#000000'];
export const SAMPLE_SLOTS = 20;
/** Weeks per bar of the collapse-week histogram. */
export const HISTOGRAM_BIN_WEEKS = 4;

/** @param {string} id @param {number} index */
export function strategyColour(id, index) {
  return OKABE_ITO[id] || SPARE[index % SPARE.length];
}

function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
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
          scales: { x: { time: false }, y: { range: (u, min, max) => [0, this.velocityMax || max] } },
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
          scales: { x: { time: false } },
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
      scales: { x: { time: false }, y: { range: [0, 1] } },
    });
    this.histogram = make(this.hosts.histogram, 'runs collapsing', pct, (u, ticks) => ticks.map((t) => `${fmt.format(t * 100)} %`), {
      cursor: { sync: { key: 'velocity-cliff-bins' } },
    });
    for (const s of this.histogram.series.slice(1)) s.paths = uPlot.paths.stepped({ align: 1 });
    this.histogram.series[0].value = (u, v) => (v == null ? '–' : `weeks ${v}–${v + HISTOGRAM_BIN_WEEKS - 1}`);
    this.users = make(this.hosts.users, 'users (median)', fmt3.format);
    this.team = make(this.hosts.team, 'engineers (median)', fmt3.format);
    this.debt = make(this.hosts.debt, 'debt (median)', fmt3.format);
    this.resize();
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
    let velocityMax = 0;
    for (const s of strategies) {
      const p90 = s.series.velocity.p90;
      for (let i = 0; i < p90.length; i++) if (p90[i] > velocityMax) velocityMax = p90[i];
    }
    this.velocityMax = velocityMax * 1.05 || 1;
    strategies.forEach((s, i) => {
      const v = s.series.velocity;
      const data = [xs, v.p10, v.p25, v.p50, v.p75, v.p90];
      for (let k = 0; k < SAMPLE_SLOTS; k++) data.push(s.samples[k] || new Array(weeks).fill(null));
      this.fans[i].setData(data);
    });
    this.survival.setData([xs, ...strategies.map((s) => s.collapse.survival)]);
    const bins = Math.ceil(weeks / HISTOGRAM_BIN_WEEKS);
    const binXs = Float64Array.from({ length: bins + 1 }, (_, b) => b * HISTOGRAM_BIN_WEEKS + 1);
    this.histogram.setData([
      binXs,
      ...strategies.map((s) => {
        // Presentation only: counts per week summed into bins, as shares of runs.
        const out = new Float64Array(bins + 1);
        s.collapse.histogram.forEach((c, w) => (out[Math.floor(w / HISTOGRAM_BIN_WEEKS)] += c / result.runs));
        out[bins] = out[bins - 1];
        return out;
      }),
    ]);
    this.users.setData([xs, ...strategies.map((s) => s.series.users.p50)]);
    this.team.setData([xs, ...strategies.map((s) => s.series.team.p50)]);
    this.debt.setData([xs, ...strategies.map((s) => s.series.debt.p50)]);
  }

  /** Recreates the charts (for a theme change) and repaints the last result. */
  restyle() {
    if (!this.lastResult) return;
    this.key = '';
    this.update(this.lastResult);
  }
}
