// Words and tables behind every chart: one plain-language summary per chart
// and the data table with the numbers it draws (as rows of text; the page
// renders them), for screen readers, keyboard users and anyone who wants the
// figures. Everything is read from the result. No DOM here.
import { HISTOGRAM_BIN_WEEKS, binWeeks, collapseBins, SURVIVAL, survivalMeasure, survivalOf } from './result.js';
import { OUTCOMES, WHY_FACTORS, money, months, one, outcomeLine, percent, sig3 as num, smoothingText } from './format.js';

/** @typedef {import('./result.js').Result} Result */
/** @typedef {import('./result.js').SurvivalMeasure} SurvivalMeasure */
/** @typedef {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'|'revenue'|'burn'|'cash'|'runway'|'outcomes'|'why'} ChartName */
/** @typedef {{survival?: SurvivalMeasure}} View what the charts show now */
/** @typedef {{caption: string, head: string[], rows: string[][]}} TableData a table: each row's first cell is its heading */

/**
 * The index of the largest value (the first of equals).
 * @param {ArrayLike<number>} values
 */
function peak(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The smoothing of the velocity collapse is judged on, in words ("8-week average").
 * @param {Result} result
 */
function smoothingOf(result) {
  return smoothingText(result.scenario?.collapse?.smoothing ?? 1);
}

/**
 * Plain-language summaries, one per chart.
 * @param {Result} result
 * @param {View} [view]
 * @returns {Record<ChartName, string>}
 */
export function chartSummaries(result, view = {}) {
  const weeks = result.weeks;
  const ss = result.strategies;
  const last = weeks - 1;
  const velocity = `Smoothed velocity (${smoothingOf(result)}), the measure collapse is judged on. ${ss
    .map((s) => {
      const m = s.series.velocity.p50;
      const p = peak(m);
      return `${s.label}: the median run peaks at ${num.format(m[p])} points a week in week ${p + 1} and ends at ${num.format(m[last])} in week ${weeks}.`;
    })
    .join(' ')}`;
  const shown = SURVIVAL[survivalMeasure(view.survival)];
  const survival = `After ${weeks} weeks, ${ss
    .map(
      (s) =>
        `${percent(s.collapse.survival[last])} of ${s.label} runs are still healthy, ${percent(s.cash.survival[last])} still funded and ${percent(s.collapse.survival_both[last])} both`,
    )
    .join('; ')}. The chart shows the share ${shown.caption}.`;
  const histogram = ss
    .map((s) => {
      const h = s.collapse.histogram;
      const bins = collapseBins(h, weeks);
      if (!bins.some((c) => c > 0)) return `${s.label}: no run collapses.`;
      const b = peak(bins);
      return `${s.label}: most collapses fall in weeks ${binWeeks(b, weeks)} (${percent(bins[b] / result.runs)} of runs).`;
    })
    .join(' ');
  /** @param {import('./result.js').Metric} metric @param {string} unit */
  const median = (metric, unit) =>
    `Median at week ${weeks}: ${ss.map((s) => `${s.label} ${num.format(s.series[metric].p50[last])} ${unit}`).join(', ')}.`;
  /** @param {import('./result.js').Metric} metric */
  const perWeek = (metric) => `Median at week ${weeks}: ${ss.map((s) => `${s.label} ${money(s.series[metric].p50[last])} a week`).join(', ')}.`;
  /** @param {import('./result.js').Metric} metric @param {(x: number) => string} format */
  const band = (metric, format) =>
    ss
      .map((s) => {
        const b = s.series[metric];
        return `${s.label} ${format(b.p50[last])} (P10–P90 ${format(b.p10[last])} to ${format(b.p90[last])})`;
      })
      .join(', ');
  const cash = `Cash at week ${weeks}, median: ${band('cash', money)}. A run that runs out of cash stops there at $0.`;
  const runway = `Runway (cash ÷ monthly net burn, capped at 120 months) at week ${weeks}, median: ${band('runway', months)}.`;
  const outcomes = `At week ${weeks}: ${ss.map((s) => `${s.label}: ${outcomeLine(s)}`).join('; ')}.`;
  const collapsed = ss.filter((s) => s.why && s.why.collapses);
  const calm = ss.filter((s) => !(s.why && s.why.collapses)).map((s) => s.label);
  const why = [
    collapsed.length
      ? `The largest cause of the fall in smoothed velocity, from its peak to the collapse week: ${collapsed
          .map((s) => {
            const why = /** @type {import('./result.js').Why} */ (s.why);
            const top = WHY_FACTORS.reduce((best, f) => (why[f.key] > why[best.key] ? f : best), WHY_FACTORS[0]);
            return `${s.label}, ${top.label} (${percent(why[top.key])})`;
          })
          .join('; ')}.`
      : '',
    calm.length ? `No run collapsed under ${calm.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    velocity,
    survival,
    histogram,
    users: median('users', 'users'),
    team: median('team', 'engineers'),
    debt: median('debt', 'debt points'),
    revenue: perWeek('revenue'),
    burn: perWeek('burn'),
    cash,
    runway,
    outcomes,
    why,
  };
}

/**
 * @param {string} caption
 * @param {string[]} head
 * @param {string[][]} rows
 * @returns {TableData}
 */
function table(caption, head, rows) {
  return { caption, head, rows };
}

/**
 * The data table behind one chart.
 * @param {Result} result
 * @param {ChartName} name
 * @param {View} [view]
 * @returns {TableData}
 */
export function tableData(result, name, view = {}) {
  const ss = result.strategies;
  if (name === 'outcomes') {
    return table(
      `How runs end at week ${result.weeks}: share of runs`,
      ['strategy', ...OUTCOMES.map((o) => o.label), 'cash at the end (median)', 'cash per feature point (median)'],
      ss.map((s) => [s.label, ...OUTCOMES.map((o) => percent(s.outcomes[o.key])), money(s.summary.cash_p50), money(s.summary.cash_per_feature_p50)]),
    );
  }
  if (name === 'why') {
    return table(
      'Share of the fall in smoothed velocity (peak to collapse week) from each factor, mean over collapsed runs; negative: pushed the other way',
      ['factor', ...ss.map((s) => s.label)],
      [
        ['collapsed runs', ...ss.map((s) => (s.why ? num.format(s.why.collapses) : '0'))],
        ...WHY_FACTORS.map((f) => [f.label, ...ss.map((s) => (s.why ? percent(s.why[f.key]) : '–'))]),
      ],
    );
  }
  const weeks = Array.from({ length: result.weeks }, (_, i) => i);
  if (name === 'histogram') {
    const bins = ss.map((s) => collapseBins(s.collapse.histogram, result.weeks));
    return table(
      `Share of runs collapsing in each ${HISTOGRAM_BIN_WEEKS}-week bin`,
      ['weeks', ...ss.map((s) => s.label)],
      bins[0].map((_, b) => [
        binWeeks(b, result.weeks),
        ...bins.map((c) => percent(c[b] / result.runs)),
      ]),
    );
  }
  if (name === 'survival') {
    const measure = survivalMeasure(view.survival);
    return table(
      `Share of runs ${SURVIVAL[measure].caption} at the end of each week`,
      ['week', ...ss.map((s) => s.label)],
      weeks.map((w) => [String(w + 1), ...ss.map((s) => percent(survivalOf(s, measure)[w]))]),
    );
  }
  const captions = {
    velocity: `Smoothed velocity (feature points per week, ${smoothingOf(result)}): median, with P10–P90 in brackets`,
    users: 'Users: median, with P10–P90 in brackets',
    team: 'Team size (engineers): median, with P10–P90 in brackets',
    debt: 'Technical debt: median, with P10–P90 in brackets',
    revenue: 'Revenue ($ per week): median, with P10–P90 in brackets',
    burn: 'Burn ($ per week): median, with P10–P90 in brackets',
    cash: 'Cash ($): median, with P10–P90 in brackets',
    runway: 'Runway (months, capped at 120): median, with P10–P90 in brackets',
  };
  /** @type {Partial<Record<ChartName, (v: number) => string>>} */
  const formats = { revenue: money, burn: money, cash: money, runway: (v) => one.format(v) };
  const format = formats[name] ?? ((v) => num.format(v));
  const metric = /** @type {import('./result.js').Metric} */ (name);
  return table(
    captions[/** @type {keyof typeof captions} */ (name)],
    ['week', ...ss.map((s) => s.label)],
    weeks.map((w) => [
      String(w + 1),
      ...ss.map((s) => {
        const b = s.series[metric];
        return `${format(b.p50[w])} (${format(b.p10[w])}–${format(b.p90[w])})`;
      }),
    ]),
  );
}
