// Words and tables behind every chart: one plain-language summary per chart
// and a data table with the numbers it draws, for screen readers, keyboard
// users and anyone who wants the figures. Everything is read from the result.
import { HISTOGRAM_BIN_WEEKS, collapseBins, SURVIVAL, survivalOf } from './charts.js';
import { OUTCOMES, WHY_FACTORS, money, months, outcomeLine, percent, smoothingText } from './wording.js';

const num = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const one = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

function peak(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The smoothing of the velocity collapse is judged on, in words ("8-week average"). */
function smoothingOf(result) {
  return smoothingText(result.scenario?.collapse?.smoothing ?? 1);
}

/**
 * Plain-language summaries, one per chart.
 * @param {object} result
 * @param {{survival?: keyof typeof SURVIVAL}} [view] what the charts show now
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
  const shown = SURVIVAL[view.survival ?? 'healthy'] ?? SURVIVAL.healthy;
  const survival = `After ${weeks} weeks, ${ss
    .map(
      (s) =>
        `${pct.format(s.collapse.survival[last])} of ${s.label} runs are still healthy, ${pct.format(s.cash.survival[last])} still funded and ${pct.format(s.collapse.survival_both[last])} both`,
    )
    .join('; ')}. The chart shows the share ${shown.caption}.`;
  const histogram = ss
    .map((s) => {
      const h = s.collapse.histogram;
      const bins = collapseBins(h, weeks);
      if (!bins.some((c) => c > 0)) return `${s.label}: no run collapses.`;
      const b = peak(bins);
      return `${s.label}: most collapses fall in weeks ${b * HISTOGRAM_BIN_WEEKS + 1}–${Math.min(weeks, (b + 1) * HISTOGRAM_BIN_WEEKS)} (${pct.format(bins[b] / result.runs)} of runs).`;
    })
    .join(' ');
  const median = (metric, unit) =>
    `Median at week ${weeks}: ${ss.map((s) => `${s.label} ${num.format(s.series[metric].p50[last])} ${unit}`).join(', ')}.`;
  const perWeek = (metric) => `Median at week ${weeks}: ${ss.map((s) => `${s.label} ${money(s.series[metric].p50[last])} a week`).join(', ')}.`;
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
            const top = WHY_FACTORS.reduce((best, f) => (s.why[f.key] > s.why[best.key] ? f : best), WHY_FACTORS[0]);
            return `${s.label}, ${top.label} (${percent(s.why[top.key])})`;
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

function table(caption, head, rows) {
  const t = document.createElement('table');
  t.className = 'data-table';
  t.createCaption().textContent = caption;
  const tr = t.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    tr.append(th);
  }
  const body = t.createTBody();
  for (const [first, ...cells] of rows) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = first;
    row.append(th);
    for (const c of cells) row.insertCell().textContent = c;
  }
  return t;
}

/**
 * The data table behind one chart.
 * @param {object} result
 * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'|'revenue'|'burn'|'cash'|'runway'|'outcomes'|'why'} name
 * @param {{survival?: keyof typeof SURVIVAL}} [view] what the charts show now
 */
export function dataTable(result, name, view = {}) {
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
      'Share of runs collapsing in each 4-week bin',
      ['weeks', ...ss.map((s) => s.label)],
      bins[0].map((_, b) => [
        `${b * HISTOGRAM_BIN_WEEKS + 1}–${Math.min(result.weeks, (b + 1) * HISTOGRAM_BIN_WEEKS)}`,
        ...bins.map((c) => pct.format(c[b] / result.runs)),
      ]),
    );
  }
  if (name === 'survival') {
    const measure = SURVIVAL[view.survival] ? view.survival : 'healthy';
    return table(
      `Share of runs ${SURVIVAL[measure].caption} at the end of each week`,
      ['week', ...ss.map((s) => s.label)],
      weeks.map((w) => [String(w + 1), ...ss.map((s) => pct.format(survivalOf(s, measure)[w]))]),
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
  const formats = { revenue: money, burn: money, cash: money, runway: (v) => one.format(v) };
  const format = formats[name] ?? ((v) => num.format(v));
  return table(
    captions[name],
    ['week', ...ss.map((s) => s.label)],
    weeks.map((w) => [
      String(w + 1),
      ...ss.map((s) => {
        const b = s.series[name];
        return `${format(b.p50[w])} (${format(b.p10[w])}–${format(b.p90[w])})`;
      }),
    ]),
  );
}
