// The charts, drawn with uPlot: a smoothed-velocity fan chart per strategy,
// the survival curves (still healthy, still funded, both), the collapse-week
// histogram, cash and runway fans (median and P10–P90 per strategy), small
// multiples of users, team, debt, revenue and burn, and the "why" bars
// (why-chart.js). Instances are created once per strategy set (and theme) and
// then fed with `setData`; every number comes straight from the result.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { strategyColour, alpha } from './palette.js';
import { bandSeries, legendValue, themeColours as readColours } from './bands.js';
import { money, moneyShort, months, percent, sig3, smoothingText } from '../core/format.js';
import { HISTOGRAM_BIN_WEEKS, SURVIVAL, collapseBins, strategyKey, survivalMeasure, survivalOf } from '../core/result.js';
import { WhyChart } from './why-chart.js';
import { hoverLegend } from './legend.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').StrategyResult} StrategyResult */
/** @typedef {import('../core/result.js').SurvivalMeasure} SurvivalMeasure */
/** @typedef {import('./bands.js').Colours} Colours */
/** @typedef {'users'|'team'|'debt'|'revenue'|'burn'} MedianMetric */
/** A chart's data: the weeks, then one column per series (null: not shown). @typedef {[Float64Array, ...(number | null)[][]]} Columns */
/** @typedef {'cash'|'runway'} BandMetric */
/** @typedef {'velocity'|'survival'|'histogram'|MedianMetric|BandMetric} PngName */
/** @typedef {'survival'|'histogram'|MedianMetric|BandMetric} ChartName */

/** Sample runs drawn over each fan chart, at most. */
export const SAMPLE_SLOTS = 20;
/**
 * How far below the viewport, as a share of its height, a chart counts as
 * near enough to draw a result in it at once (`Charts.feed`).
 */
export const NEAR_VIEW = 0.25;
/**
 * A full result's charts out of view are drawn when the page is next idle,
 * at most IDLE_DRAW_CHARTS of them in one idle period, and all of them
 * within IDLE_DRAW_MS (`Charts.drawWhenIdle`) — or at once as they come into view.
 */
export const IDLE_DRAW_MS = 250;
export const IDLE_DRAW_CHARTS = 3;

/** Cash is drawn on an asinh scale: linear below this many dollars, logarithmic above (a few big rounds would flatten the rest). */
const CASH_LINEAR_BELOW = 100_000;
/**
 * Cash axis ticks: $0, then 1 and 3 × each power of ten from $100k.
 * @type {uPlot.Axis.Splits}
 */
const cashSplits = (u, axisIdx, min, max) => {
  const out = [0];
  for (let p = CASH_LINEAR_BELOW; p <= max; p *= 10) {
    out.push(p);
    if (3 * p <= max) out.push(3 * p);
  }
  return out;
};

/**
 * Metrics drawn as one chart of medians and P10–P90 bands for every strategy.
 * @type {BandMetric[]}
 */
export const BAND_METRICS = ['cash', 'runway'];
/**
 * Metrics drawn as one chart of medians per strategy.
 * @type {MedianMetric[]}
 */
export const MEDIAN_METRICS = ['users', 'team', 'debt', 'revenue', 'burn'];

/** @type {uPlot.Axis.Values} */
const moneyTicks = (u, ticks) => ticks.map((t) => moneyShort(t));
/** @type {uPlot.Axis.Values} */
const monthTicks = (u, ticks) => ticks.map((t) => sig3.format(t));
/** @param {number} v */
const sig = (v) => sig3.format(v);

/** The page's text and grid colours. */
function themeColours() {
  return readColours(document.documentElement, { text: '--text', grid: '--grid' }, { text: '#222', grid: '#ddd' });
}

/**
 * The x and y axes of a chart.
 * @param {Colours} colours
 * @param {string} yLabel
 * @param {uPlot.Axis.Values} [yValues]
 * @param {string} [xLabel]
 * @param {number} [ySize]
 * @returns {uPlot.Axis[]}
 */
function axes(colours, yLabel, yValues, xLabel = 'week', ySize = yLabel ? 56 : 44) {
  const base = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
  return [
    { ...base, ...(xLabel ? { label: xLabel } : {}) },
    { ...base, label: yLabel, size: ySize, ...(yValues ? { values: yValues } : {}) },
  ];
}
/**
 * The axes with the y axis's ticks at given values.
 * @param {uPlot.Axis[]} a
 * @param {uPlot.Axis.Splits} splits
 */
function withSplits(a, splits) {
  a[1].splits = splits;
  a[1].filter = (u, values) => values; // uPlot's log filter would blank all but the powers of ten
  return a;
}
/** Width of a y axis with dollar ticks ("$1.2M") and a label. */
const MONEY_AXIS = 64;

/** @returns {uPlot.Series} */
function weekSeries() {
  return { label: 'week', value: (u, v) => (v == null ? '–' : `week ${v}`) };
}

/**
 * Chart heights in CSS pixels: on wide screens, and shorter on narrow ones
 * (`Charts.setCompact`), so a phone shows more than one chart a screen.
 * @type {Record<'answer'|'fan'|'band'|'median', {wide: number, compact: number}>}
 */
const HEIGHTS = {
  answer: { wide: 260, compact: 210 },
  fan: { wide: 170, compact: 140 },
  band: { wide: 240, compact: 190 },
  median: { wide: 200, compact: 160 },
};

/** @typedef {{velocity: HTMLElement, survival: HTMLElement, histogram: HTMLElement, users: HTMLElement, team: HTMLElement, debt: HTMLElement, revenue: HTMLElement, burn: HTMLElement, cash: HTMLElement, runway: HTMLElement, why: HTMLElement}} Hosts */

export class Charts {
  /** @param {Hosts} hosts */
  constructor(hosts) {
    this.hosts = hosts;
    /** Which survival curve is shown. @type {SurvivalMeasure} */
    this.survivalMeasure = 'healthy';
    this.why = new WhyChart(hosts.why);
    this.key = '';
    /** Every chart drawn with uPlot. @type {uPlot[]} */
    this.plots = [];
    /** The velocity fan charts, one per strategy, in the result's order. @type {uPlot[]} */
    this.fans = [];
    /** The strategy of each fan chart. @type {string[]} */
    this.fanIds = [];
    this.showSamples = false;
    /** Charts at their narrow-screen heights. */
    this.compact = false;
    /** @type {Set<string>} */
    this.hidden = new Set();
    this.syncing = false;
    /** @type {Result | null} */
    this.lastResult = null;
    /** Last week shown (for playing the weeks forward); null shows all. @type {number | null} */
    this.limit = null;
    /** Predicted collapse weeks drawn on the survival curve. @type {{id: string, week: number}[]} */
    this.markers = [];
    /** The strategies of the charts drawn. @type {StrategyResult[]} */
    this.strategies = [];
    /** @type {string[]} */
    this.strategyIds = [];
    /** The y axis's top of some charts (the largest value shown), by chart name. @type {Map<string, number>} */
    this.yMax = new Map();
    this.velocityMax = 1;
    /** Whether the velocity fans show the observed weeks of a calibrated scenario (set by `update`). */
    this.overlay = false;
    /** @type {Float64Array | null} */
    this.xs = null;
    /** The charts with one series per strategy, and the band charts, by name, once made (`make`). */
    this.named = /** @type {Partial<Record<ChartName, uPlot>> | null} */ (null);
    /** Each strategy's fan chart box, made with the strategy set; its chart is made on first use. @type {HTMLElement[]} */
    this.fanBoxes = [];
    /** How to make each chart of the strategy set (`fan:<i>` or a name), set by `rebuild`. @type {Map<string, () => uPlot>} */
    this.makers = new Map();
    /** The element each chart is drawn in. @type {Map<string, HTMLElement>} */
    this.hostOf = new Map();
    /** The charts made so far, by key. @type {Map<string, uPlot>} */
    this.made = new Map();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    for (const [name, host] of Object.entries(hosts)) if (name !== 'why') this.resizeObserver.observe(host);
    /**
     * Data a result gave a chart out of view, by chart key, not drawn yet:
     * drawn when the chart comes near the viewport, or replaced by the next
     * paint — and, for a full result's (`idle`), when the page is idle.
     * @type {Map<string, Columns | uPlot.AlignedData>}
     */
    this.pending = new Map();
    /** The keys of `pending` that hold a full result's data, drawn when the page is idle. @type {Set<string>} */
    this.idle = new Set();
    /** Whether an idle callback is asked for (`drawWhenIdle`). */
    this.idleAsked = false;
    /** Whether each chart's host is near the viewport, as last observed. @type {WeakMap<Element, boolean>} */
    this.near = new WeakMap();
    /**
     * While `update` feeds the charts: each host not made yet and not
     * observed yet, measured before any chart is made (`measureHosts`).
     * @type {Map<string, {near: boolean, width: number}> | null}
     */
    this.measured = null;
    this.viewObserver =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver((entries) => this.onView(entries), { rootMargin: `0px 0px ${NEAR_VIEW * 100}% 0px` });
  }

  /** @param {IntersectionObserverEntry[]} entries */
  onView(entries) {
    for (const e of entries) this.near.set(e.target, e.isIntersecting);
    for (const [key, data] of this.pending) {
      const host = this.hostOf.get(key);
      if (!host || this.near.get(host) !== true) continue;
      this.pending.delete(key);
      this.idle.delete(key);
      this.chart(key).setData(data);
    }
  }

  /**
   * Whether a chart's host is on screen or near it (below it by NEAR_VIEW of
   * the viewport's height; a host not laid out is not): as the observer last
   * said, else measured now.
   * @param {string} key
   */
  isNear(key) {
    const host = this.hostOf.get(key);
    if (!this.viewObserver || !host) return true;
    const seen = this.near.get(host);
    if (seen !== undefined) return seen;
    const measured = this.measured?.get(key);
    if (measured) return measured.near;
    if (host.getClientRects().length === 0) return false;
    const r = host.getBoundingClientRect();
    return r.bottom >= 0 && r.top < innerHeight * (1 + NEAR_VIEW);
  }

  /**
   * Measures, in one pass, every host whose chart is not made yet and that
   * the observer has not reported on yet (a new strategy set's): whether it
   * is near the viewport, and its width. Reading them as each chart is made would lay the page out again
   * for each, since making a chart changes the page; a chart's place keeps
   * its height until it is made (`maker`), so the measures hold while the
   * charts are made.
   */
  measureHosts() {
    /** @type {Map<string, {near: boolean, width: number}>} */
    const measured = new Map();
    for (const [key, host] of this.hostOf) {
      if (this.made.has(key) || this.near.get(host) !== undefined) continue;
      const laidOut = host.getClientRects().length > 0;
      const r = laidOut ? host.getBoundingClientRect() : null;
      measured.set(key, {
        near: r !== null && r.bottom >= 0 && r.top < innerHeight * (1 + NEAR_VIEW),
        width: host.hidden ? 0 : host.clientWidth,
      });
    }
    this.measured = measured;
  }

  /**
   * Gives a chart its data: drawn at once in a chart on or near the screen.
   * For a chart out of view, an estimate's data (`lazy`) waits until the
   * chart comes near the viewport — the chart is not even made before — so
   * the first paint draws only what can be seen; a full result's waits for
   * that or for the page to be idle, whichever comes first
   * (`drawWhenIdle`), so a burst of inputs (a slider dragged) redraws only
   * the charts in view for each result, and every chart shows the last.
   * @param {string} key a chart's key (`fan:<i>` or a name)
   * @param {Columns | uPlot.AlignedData} data
   * @param {boolean} lazy
   */
  feed(key, data, lazy) {
    if (!this.isNear(key)) {
      this.pending.set(key, data);
      if (lazy) this.idle.delete(key);
      else {
        this.idle.add(key);
        this.drawWhenIdle();
      }
      return;
    }
    this.pending.delete(key);
    this.idle.delete(key);
    this.chart(key).setData(data);
  }

  /**
   * Draws a full result's data waiting in charts out of view
   * (`idle`) when the page is idle: IDLE_DRAW_CHARTS charts an idle period,
   * all within IDLE_DRAW_MS even on a page that is never idle.
   */
  drawWhenIdle() {
    if (this.idleAsked || this.idle.size === 0) return;
    this.idleAsked = true;
    /** @param {IdleDeadline | null} deadline */
    const draw = (deadline) => {
      this.idleAsked = false;
      let drawn = 0;
      for (const key of this.idle) {
        if (drawn === IDLE_DRAW_CHARTS && !deadline?.didTimeout) break;
        this.idle.delete(key);
        const data = this.pending.get(key);
        if (data === undefined) continue;
        this.pending.delete(key);
        this.chart(key).setData(data);
        drawn += 1;
      }
      this.drawWhenIdle();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(draw, { timeout: IDLE_DRAW_MS });
    else setTimeout(() => draw(null), 0);
  }

  /**
   * A chart of the strategy set by key, made now if it was not yet: sized,
   * its legend made keyboard buttons and hover values, its host watched.
   * @param {string} key
   */
  chart(key) {
    const made = this.made.get(key);
    if (made) return made;
    const make = this.makers.get(key);
    if (!make) throw new Error(`no ${key} chart: nothing is drawn yet`);
    const plot = make();
    this.made.set(key, plot);
    /** @type {HTMLElement} */ (this.hostOf.get(key)).style.minHeight = '';
    this.plots.push(plot);
    const kind = this.kind(key);
    if (kind !== 'fan') this.keyboardLegend(plot, kind === 'band');
    hoverLegend(plot);
    this.fit(key, plot);
    return plot;
  }

  /**
   * The charts whose newest data waits for them to come into view (or, a
   * full result's, for the page to be idle): the named charts by name, a
   * strategy's fan chart as `velocity:<id>`.
   * @returns {string[]}
   */
  waiting() {
    return [...this.pending.keys()].map((key) => (key.startsWith('fan:') ? `velocity:${this.fanIds[Number(key.slice(4))]}` : key));
  }

  /** Makes every chart and draws its waiting data now (before a canvas is read). */
  flush() {
    for (const key of this.makers.keys()) this.chart(key);
    for (const [key, data] of this.pending) this.chart(key).setData(data);
    this.pending.clear();
    this.idle.clear();
  }

  /**
   * Rebuilds every chart (for a new strategy set or theme).
   * @param {StrategyResult[]} strategies
   */
  rebuild(strategies) {
    for (const p of this.plots) p.destroy();
    this.viewObserver?.disconnect();
    this.pending.clear();
    this.idle.clear();
    this.plots = [];
    this.fans = [];
    this.fanIds = [];
    this.fanBoxes = [];
    this.made = new Map();
    this.makers = new Map();
    this.hostOf = new Map();
    this.named = {};
    this.yMax = new Map();
    this.strategies = strategies;
    this.hosts.velocity.replaceChildren();
    const colours = themeColours();
    /**
     * Registers how to make a chart drawn in `host` (made on first use, `chart`).
     * @param {string} key
     * @param {HTMLElement} host
     * @param {() => uPlot} make
     */
    const maker = (key, host, make) => {
      this.makers.set(key, make);
      this.hostOf.set(key, host);
      host.style.minHeight = `${this.height(key)}px`;
      this.viewObserver?.observe(host);
    };
    /** @param {(v: number) => string} fmtValue @returns {uPlot.Series[]} */
    const lineSeries = (fmtValue) =>
      strategies.map((s, i) => ({ label: s.label, stroke: strategyColour(s.id, i), width: 2, value: legendValue(fmtValue), show: !this.hidden.has(s.id) }));
    /** @type {uPlot.Cursor.Sync} */
    const sync = { key: 'velocity-cliff-weeks', setSeries: false };
    /** @type {uPlot.Scale} */
    const xScale = { time: false, range: (u, min, max) => [1, this.lastResult ? Math.max(2, this.lastResult.weeks) : max] };
    /** @type {(u: uPlot, seriesIndex: number | null, opts: uPlot.Series) => void} */
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
      this.fanIds.push(s.id);
      this.fanBoxes.push(box);
      maker(`fan:${i}`, box, () => {
        // Made now, so the sample runs follow the "show sample runs" box as it is now.
        const band = { stroke: alpha(colour, 0.35), width: 1, value: legendValue(sig) };
        const series = [
          weekSeries(),
          { ...band, label: 'P10' },
          { ...band, label: 'P25' },
          { label: 'median', stroke: colour, width: 2, value: legendValue(sig) },
          { ...band, label: 'P75' },
          { ...band, label: 'P90' },
        ];
        for (let k = 0; k < SAMPLE_SLOTS; k++) {
          series.push({ label: `run ${k + 1}`, stroke: alpha(colours.text, 0.25), width: 1, show: this.showSamples, spanGaps: false });
        }
        // A calibrated scenario: the team's own weeks, smoothed as the model smooths velocity.
        if (this.overlay) series.push({ label: 'your weeks', stroke: colours.text, width: 2, dash: [6, 4], points: { show: true, size: 5 }, value: legendValue(sig) });
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
          undefined,
          box,
        );
        this.fans[i] = plot;
        return plot;
      });
    });

    /**
     * A chart with one series per strategy.
     * @param {'survival'|'histogram'|MedianMetric} name
     * @param {string | (() => string)} yLabel a function: read when the chart is made
     * @param {(v: number) => string} fmtValue
     * @param {uPlot.Axis.Values} [yValues]
     * @param {() => Partial<uPlot.Options>} [extra]
     * @param {(plot: uPlot) => void} [then] what else the chart needs once made
     */
    const make = (name, yLabel, fmtValue, yValues, extra = () => ({}), then = () => {}) => {
      const host = this.hosts[name];
      host.replaceChildren();
      maker(name, host, () => {
        const plot = new uPlot(
          {
            width: 300,
            height: 220,
            series: [weekSeries(), ...lineSeries(fmtValue)],
            axes: axes(colours, typeof yLabel === 'function' ? yLabel() : yLabel, yValues),
            cursor: { sync },
            scales: { x: xScale, y: { range: (u, min, max) => [0, (this.yMax.get(name) ?? max) * 1.05 || 1] } },
            hooks: { setSeries: [onSetSeries] },
            ...extra(),
          },
          undefined,
          host,
        );
        this.named = { ...this.named, [name]: plot };
        then(plot);
        return plot;
      });
    };
    // The axis names the measure shown when the chart is made.
    make('survival', () => SURVIVAL[this.survivalMeasure].axis, percent, (u, ticks) => ticks.map((t) => `${Math.round(t * 100)} %`), () => ({
      scales: { x: xScale, y: { range: [0, 1] } },
      hooks: { setSeries: [onSetSeries], draw: [(u) => this.drawMarkers(u)] },
    }));
    make(
      'histogram',
      'runs collapsing',
      percent,
      (u, ticks) => ticks.map((t) => percent(t)),
      () => ({
        cursor: { sync: { key: 'velocity-cliff-bins' } },
        scales: {
          x: { time: false, range: (u, min, max) => [1, this.lastResult ? this.lastResult.weeks + 1 : max] },
          y: { range: (u, min, max) => [0, (this.yMax.get('histogram') ?? max) * 1.05 || 1] },
        },
      }),
      (histogram) => {
        const stepped = uPlot.paths.stepped?.({ align: 1 });
        for (const s of histogram.series.slice(1)) s.paths = stepped;
        histogram.series[0].value = (u, v) => (v == null ? '–' : `weeks ${v}–${v + HISTOGRAM_BIN_WEEKS - 1}`);
      },
    );
    make('users', 'users (median)', sig);
    make('team', 'engineers (median)', sig);
    make('debt', 'debt (median)', sig);
    make('revenue', '$ / week (median)', money, moneyTicks, () => ({ axes: axes(colours, '$ / week (median)', moneyTicks, 'week', MONEY_AXIS) }));
    make('burn', '$ / week (median)', money, moneyTicks, () => ({ axes: axes(colours, '$ / week (median)', moneyTicks, 'week', MONEY_AXIS) }));

    // Cash and runway: per strategy a P10 edge, the median and a P90 edge, the band between them filled.
    /** @type {(u: uPlot, seriesIndex: number | null, opts: uPlot.Series) => void} */
    const onBandSeries = (u, seriesIndex, opts) => {
      if (this.syncing || seriesIndex == null || opts.show === undefined) return;
      this.toggleStrategy(strategies[Math.floor((seriesIndex - 1) / 3)].id, opts.show, null);
    };
    /**
     * @param {BandMetric} name
     * @param {string} yLabel
     * @param {(v: number) => string} fmtValue
     * @param {uPlot.Axis.Values} [yValues]
     * @param {uPlot.Scale} [yScale]
     * @param {number} [ySize]
     * @param {uPlot.Axis.Splits} [ySplits]
     */
    const makeBand = (name, yLabel, fmtValue, yValues, yScale = {}, ySize = 56, ySplits = undefined) => {
      const host = this.hosts[name];
      host.replaceChildren();
      maker(name, host, () => {
        // The live legend gives the band too: "median (P10–P90)".
        const { series, bands } = bandSeries(strategies, { format: fmtValue, hidden: this.hidden, fill: 0.12, rangeInLegend: true });
        const plot = new uPlot(
          {
            width: 300,
            height: 240,
            series: [weekSeries(), ...series],
            bands,
            axes: ySplits ? withSplits(axes(colours, yLabel, yValues, 'week', ySize), ySplits) : axes(colours, yLabel, yValues, 'week', ySize),
            cursor: { sync },
            scales: { x: xScale, y: { range: (u, min, max) => [0, (this.yMax.get(name) ?? max) * 1.05 || 1], ...yScale } },
            hooks: { setSeries: [onBandSeries] },
          },
          undefined,
          host,
        );
        // Only the medians have a legend entry (it toggles the whole band).
        plot.root.querySelectorAll('.u-legend .u-series').forEach((row, k) => {
          if (k > 0 && (k - 1) % 3 !== 1) row.classList.add('band-edge');
        });
        this.named = { ...this.named, [name]: plot };
        return plot;
      });
    };
    makeBand('cash', 'cash (log scale)', money, moneyTicks, { distr: 4, asinh: CASH_LINEAR_BELOW }, MONEY_AXIS, cashSplits);
    makeBand('runway', 'runway (months)', months, monthTicks);
  }

  /**
   * One chart by name; throws before the first result is drawn.
   * @param {'survival'|'histogram'|MedianMetric|BandMetric} name
   */
  plot(name) {
    if (!this.makers.has(name)) throw new Error(`the ${name} chart is not drawn yet`);
    return this.chart(name);
  }

  /** Charts with one series per strategy (series i + 1 is strategy i). */
  lineCharts() {
    if (!this.named) return [];
    const n = this.named;
    return [n.survival, n.histogram, n.users, n.team, n.debt, n.revenue, n.burn].filter((p) => p !== undefined);
  }

  /** Charts with three series per strategy (P10, median, P90: series 3i + 1 … 3i + 3). */
  bandCharts() {
    return this.named ? [this.named.cash, this.named.runway].filter((p) => p !== undefined) : [];
  }

  /**
   * The legend entry of strategy `index` in plot `p`.
   * @param {uPlot} p
   * @param {number} index
   */
  legendRow(p, index) {
    const k = this.bandCharts().includes(p) ? 3 * index + 2 : index + 1;
    return p.root.querySelectorAll('.u-legend .u-series')[k];
  }

  /**
   * Makes every legend entry of a chart that toggles a strategy a keyboard button.
   * @param {uPlot} p
   * @param {boolean} band a band chart (three series per strategy)
   */
  keyboardLegend(p, band) {
    /** @type {NodeListOf<HTMLElement>} */ (p.root.querySelectorAll('.u-legend .u-series')).forEach((row, i) => {
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

  /**
   * Draws the predicted collapse weeks as dashed vertical lines.
   * @param {uPlot} u
   */
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

  /**
   * Shows predicted collapse weeks on the survival curve.
   * @param {{id: string, week: number}[]} markers
   */
  setMarkers(markers) {
    this.markers = markers;
    this.named?.survival?.redraw(false, false);
  }

  /**
   * Shows the weeks up to `week` only (null: all), for playing time forward.
   * @param {number | null} week
   */
  setWeekLimit(week) {
    this.limit = week;
    if (this.lastResult) this.update(this.lastResult);
  }

  /**
   * Shows or hides one strategy in every chart.
   * @param {string} id
   * @param {boolean} show
   * @param {uPlot | null} origin the chart whose legend was clicked (already toggled)
   */
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
      this.fanBoxes.forEach((box, i) => {
        if (this.fanIds[i] === id) box.hidden = !show;
      });
      for (const p of [...this.lineCharts(), ...this.bandCharts()]) this.legendRow(p, strategy)?.setAttribute('aria-pressed', String(show));
      this.why.setHidden(this.hidden);
    } finally {
      this.syncing = false;
    }
    this.resize();
  }

  /**
   * Shows or hides the sample runs over the fan charts.
   * @param {boolean} show
   */
  setSamples(show) {
    this.showSamples = show;
    for (const fan of this.fans.filter((f) => f !== undefined)) {
      fan.batch(() => {
        for (let k = 0; k < SAMPLE_SLOTS; k++) fan.setSeries(6 + k, { show });
      });
    }
  }

  /**
   * Draws the charts at their narrow-screen heights (true) or their full ones.
   * @param {boolean} compact
   */
  setCompact(compact) {
    if (compact === this.compact) return;
    this.compact = compact;
    this.resize();
  }

  /**
   * Fits every chart to its host's width. A host that is not laid out (in a
   * closed <details>, or concealed) is left alone; the resize observer calls
   * this again once it is shown.
   */
  resize() {
    for (const [key, p] of this.made) this.fit(key, p);
    // A chart not made yet keeps its place, so the page does not move when it is made.
    for (const [key, host] of this.hostOf) if (!this.made.has(key)) host.style.minHeight = `${this.height(key)}px`;
  }

  /**
   * Fits one chart to its host's width (see `resize`).
   * @param {string} key
   * @param {uPlot} p
   */
  fit(key, p) {
    const host = p.root.parentElement;
    if (!host || host.hidden) return;
    const measured = this.measured?.get(key);
    const hostWidth = measured ? measured.width : host.clientWidth;
    if (hostWidth === 0) return;
    const width = Math.max(200, Math.floor(hostWidth - 4));
    const height = this.height(key);
    if (p.width !== width || p.height !== height) p.setSize({ width, height });
  }

  /**
   * What kind of chart a key names, for its height and legend.
   * @param {string} key
   * @returns {keyof typeof HEIGHTS}
   */
  kind(key) {
    if (key === 'survival' || key === 'histogram') return 'answer';
    if (key.startsWith('fan:')) return 'fan';
    return /** @type {readonly string[]} */ (BAND_METRICS).includes(key) ? 'band' : 'median';
  }

  /**
   * A chart's plot height now, in CSS pixels.
   * @param {string} key
   */
  height(key) {
    return HEIGHTS[this.kind(key)][this.compact ? 'compact' : 'wide'];
  }

  /**
   * Feeds a result (parsed) to every chart; rebuilds only when the strategy set changed.
   * @param {Result} result
   * @param {{lazy?: boolean}} [how] `lazy`: an estimate, drawn now only in the charts near the viewport (`feed`)
   */
  update(result, { lazy = false } = {}) {
    if (result !== this.lastResult && this.yMax) this.yMax.clear();
    const strategies = result.strategies;
    const observed = result.calibration?.smoothed ?? null;
    const key = `${strategyKey(strategies)}${observed ? '|observed' : ''}`;
    this.overlay = observed !== null;
    if (key !== this.key) {
      this.key = key;
      this.strategyIds = strategies.map((s) => s.id);
      this.rebuild(strategies);
    }
    this.lastResult = result;
    const weeks = result.weeks;
    if (!this.xs || this.xs.length !== weeks) this.xs = Float64Array.from({ length: weeks }, (_, i) => i + 1);
    let velocityMax = 0;
    for (const s of strategies) {
      const p90 = s.series.velocity.p90;
      for (let i = 0; i < p90.length; i++) if (p90[i] > velocityMax) velocityMax = p90[i];
    }
    if (observed) for (const x of observed) if (x > velocityMax) velocityMax = x;
    this.velocityMax = velocityMax * 1.05 || 1;
    this.measureHosts();
    try {
      this.feedAll(result, strategies, observed, lazy);
    } finally {
      this.measured = null;
    }
    if (result !== this.why.result) this.why.update(result, this.hidden); // not again for each week played
    const smoothing = result.scenario?.collapse?.smoothing;
    if (smoothing) for (const el of document.querySelectorAll('[data-smoothing]')) el.textContent = smoothingText(smoothing);
  }

  /**
   * Gives every chart its data from `result` (see `update`).
   * @param {Result} result
   * @param {StrategyResult[]} strategies
   * @param {number[] | null} observed
   * @param {boolean} lazy
   */
  feedAll(result, strategies, observed, lazy) {
    const weeks = result.weeks;
    const xs = /** @type {Float64Array} */ (this.xs);
    const limit = this.limit == null ? weeks : Math.max(0, Math.min(weeks, this.limit));
    /**
     * The first `limit` weeks of a series, the rest blank.
     * @type {(a: number[]) => (number | null)[]}
     */
    const cut = limit >= weeks ? (a) => a : (a) => Array.from({ length: a.length }, (_, i) => (i < limit ? a[i] : null));
    /** @param {number[][]} arrays */
    const maxOf = (arrays) => arrays.reduce((m, a) => a.reduce((mm, v) => (v > mm ? v : mm), m), 0);
    strategies.forEach((s, i) => {
      const v = s.series.velocity;
      /** @type {Columns} */
      const data = [xs, cut(v.p10), cut(v.p25), cut(v.p50), cut(v.p75), cut(v.p90)];
      for (let k = 0; k < SAMPLE_SLOTS; k++) data.push(s.samples[k] ? cut(s.samples[k]) : new Array(weeks).fill(null));
      if (observed) data.push(cut(/** @type {number[]} */ (Array.from({ length: weeks }, (_, w) => (w < observed.length ? observed[w] : null)))));
      this.feed(`fan:${i}`, data, lazy);
    });
    this.feed('survival', [xs, ...strategies.map((s) => cut(survivalOf(s, this.survivalMeasure)))], lazy);
    const bins = Math.ceil(weeks / HISTOGRAM_BIN_WEEKS);
    const binXs = Float64Array.from({ length: bins + 1 }, (_, b) => b * HISTOGRAM_BIN_WEEKS + 1);
    this.feed(
      'histogram',
      [
      binXs,
      ...strategies.map((s) => {
        // Shares of runs per bin; the last bar repeats so the stepped line closes.
        const out = collapseBins(s.collapse.histogram, weeks).map((c) => c / result.runs);
        out.push(out[bins - 1]);
        this.yMax.set('histogram', Math.max(this.yMax.get('histogram') ?? 0, ...out));
        const shown = Math.ceil(limit / HISTOGRAM_BIN_WEEKS);
        return limit >= weeks ? out : Array.from(out, (v, b) => (b < shown ? v : null));
      }),
    ], lazy);
    for (const metric of MEDIAN_METRICS) {
      const medians = strategies.map((s) => s.series[metric].p50);
      this.yMax.set(metric, maxOf(medians));
      /** @type {Columns} */
      const data = [xs, ...medians.map(cut)];
      this.feed(metric, data, lazy);
    }
    for (const metric of BAND_METRICS) {
      /** @type {Columns} */
      const data = [xs];
      for (const s of strategies) {
        const b = s.series[metric];
        data.push(cut(b.p10), cut(b.p50), cut(b.p90));
      }
      this.yMax.set(metric, maxOf(strategies.map((s) => s.series[metric].p90)));
      this.feed(metric, data, lazy);
    }
  }

  /**
   * Shows another survival curve: 'healthy' (not collapsed), 'funded' (not
   * out of cash) or 'both'; anything else is ignored.
   * @param {string} name
   */
  setSurvivalMeasure(name) {
    const measure = survivalMeasure(name);
    if (measure !== name || measure === this.survivalMeasure) return;
    this.survivalMeasure = measure;
    const survival = this.named?.survival;
    if (survival) survival.axes[1].label = SURVIVAL[measure].axis;
    if (this.lastResult) this.update(this.lastResult);
    else survival?.redraw();
  }

  /**
   * One chart as a PNG: its title, the plot and a legend of the strategies
   * shown, on the theme's background. The velocity fans come as one grid.
   * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'|'revenue'|'burn'|'cash'|'runway'} name
   * @param {string} title
   * @returns {Promise<Blob>}
   */
  png(name, title) {
    // Data waiting for the chart to come into view is drawn first: uPlot
    // draws in a microtask, which runs before the one that reads the canvases.
    this.flush();
    return Promise.resolve().then(() => this.pngNow(name, title));
  }

  /**
   * `png` once every chart is drawn.
   * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'|'revenue'|'burn'|'cash'|'runway'} name
   * @param {string} title
   * @returns {Promise<Blob>}
   */
  pngNow(name, title) {
    const plots = name === 'velocity' ? this.fans.filter((f, i) => !this.hidden.has(this.fanIds[i])) : [this.plot(name)];
    const ids = name === 'velocity' ? this.fanIds.filter((id) => !this.hidden.has(id)) : [];
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
    if (!ctx) return Promise.reject(new Error('the chart could not be drawn'));
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
        const index = this.strategyIds.indexOf(ids[i]);
        ctx.fillStyle = strategyColour(ids[i], index);
        ctx.fillText(this.strategies[index].label, x, y + 15 * scale);
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
