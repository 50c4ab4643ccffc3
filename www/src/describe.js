// Words and tables behind every chart: one plain-language summary per chart
// and a data table with the numbers it draws, for screen readers, keyboard
// users and anyone who wants the figures. Everything is read from the result.
import { HISTOGRAM_BIN_WEEKS, collapseBins } from './charts.js';

const num = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

function peak(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Plain-language summaries, one per chart. */
export function chartSummaries(result) {
  const weeks = result.weeks;
  const ss = result.strategies;
  const last = weeks - 1;
  const velocity = ss
    .map((s) => {
      const m = s.series.velocity.p50;
      const p = peak(m);
      return `${s.label}: the median run peaks at ${num.format(m[p])} points a week in week ${p + 1} and ends at ${num.format(m[last])} in week ${weeks}.`;
    })
    .join(' ');
  const survival = `After ${weeks} weeks, ${ss
    .map((s) => `${pct.format(s.collapse.survival[last])} of ${s.label} runs`)
    .join(', ')} are still healthy.`;
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
  return {
    velocity,
    survival,
    histogram,
    users: median('users', 'users'),
    team: median('team', 'engineers'),
    debt: median('debt', 'debt points'),
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
 * @param {'velocity'|'survival'|'histogram'|'users'|'team'|'debt'} name
 */
export function dataTable(result, name) {
  const ss = result.strategies;
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
    return table(
      'Share of runs still healthy at the end of each week',
      ['week', ...ss.map((s) => s.label)],
      weeks.map((w) => [String(w + 1), ...ss.map((s) => pct.format(s.collapse.survival[w]))]),
    );
  }
  const captions = {
    velocity: 'Velocity (feature points per week): median, with P10–P90 in brackets',
    users: 'Users: median, with P10–P90 in brackets',
    team: 'Team size (engineers): median, with P10–P90 in brackets',
    debt: 'Technical debt: median, with P10–P90 in brackets',
  };
  return table(
    captions[name],
    ['week', ...ss.map((s) => s.label)],
    weeks.map((w) => [
      String(w + 1),
      ...ss.map((s) => {
        const b = s.series[name];
        return `${num.format(b.p50[w])} (${num.format(b.p10[w])}–${num.format(b.p90[w])})`;
      }),
    ]),
  );
}
