// A strategy's figures as the workshop views show and rank them, read from a
// result (never computed here): the same fields `velocity-cliff simulate`
// prints for that strategy. No DOM.
import { int, percent, money, months } from '../core/format.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').StrategyResult} StrategyResult */

/**
 * The outcomes a board ranks by: the result's field, its words, and how to show it.
 * @type {{name: string, label: string, of: (s: StrategyResult) => number, format: (v: number) => string}[]}
 */
export const RANKINGS = [
  { name: 'healthy_share', label: 'Share healthy and funded across runs', of: (s) => s.summary.healthy_share, format: percent },
  { name: 'mean_healthy_weeks', label: 'Weeks healthy (mean)', of: (s) => s.summary.mean_healthy_weeks, format: (v) => `${int.format(v)} weeks` },
  { name: 'final_users_p50', label: 'Users at the horizon (median)', of: (s) => s.summary.final_users_p50, format: (v) => int.format(v) },
  { name: 'cash_p50', label: 'Cash at the horizon (median)', of: (s) => s.summary.cash_p50, format: money },
  { name: 'features_p50', label: 'Features shipped (median)', of: (s) => s.summary.features_p50, format: (v) => `${int.format(v)} points` },
];

/**
 * @param {string} name
 */
export function ranking(name) {
  return RANKINGS.find((r) => r.name === name) ?? RANKINGS[0];
}

/**
 * The figures of one strategy of a result, as numbers (what the tests compare
 * with the CLI's output) and as text.
 * @param {StrategyResult} s
 */
export function figures(s) {
  return {
    healthy_share: s.summary.healthy_share,
    out_of_cash_share: s.summary.out_of_cash_share,
    collapse_share: s.collapse.share,
    collapse_week_p10: s.collapse.week_p10,
    collapse_week_p50: s.collapse.week_p50,
    collapse_week_p90: s.collapse.week_p90,
    mean_healthy_weeks: s.summary.mean_healthy_weeks,
    features_p50: s.summary.features_p50,
    final_users_p50: s.summary.final_users_p50,
    cash_p50: s.summary.cash_p50,
  };
}

/**
 * @param {number | null} w
 * @param {number} weeks
 */
export function weekText(w, weeks) {
  return w === null ? `none by week ${weeks}` : `week ${int.format(w)}`;
}

/**
 * One strategy's row of the comparison tables.
 * @param {StrategyResult} s
 * @param {number} weeks
 */
export function figureRow(s, weeks) {
  const c = s.collapse;
  const range = c.week_p10 === null ? '' : ` (P10–P90 ${int.format(c.week_p10)}–${c.week_p90 === null ? '…' : int.format(c.week_p90)})`;
  return [
    s.label,
    percent(s.summary.healthy_share),
    percent(s.summary.out_of_cash_share),
    percent(c.share),
    `${c.week_p50 === null ? `none by week ${weeks}` : `week ${int.format(c.week_p50)}`}${range}`,
    money(s.summary.cash_p50),
    int.format(s.summary.final_users_p50),
  ];
}

export const FIGURE_HEAD = ['Strategy', 'Healthy & funded', 'Out of cash', 'Collapsed', 'Median collapse week', 'Cash (median)', 'Users (median)'];

/**
 * The team's prediction against its result, in words.
 * @param {number | null} predict runs in 100 the team expected healthy and funded
 * @param {StrategyResult} s
 * @param {number} weeks
 */
export function predictionText(predict, s, weeks) {
  const got = s.summary.healthy_share * 100;
  if (predict === null) return `No prediction: ${percent(s.summary.healthy_share)} of runs stayed healthy and funded to week ${weeks}.`;
  const off = got - predict;
  const how = Math.abs(off) < 10 ? 'close' : off > 0 ? 'too pessimistic' : 'too optimistic';
  return `Predicted ${predict} in 100 healthy and funded at week ${weeks}; the runs say ${percent(s.summary.healthy_share)}: ${how} (${off >= 0 ? '+' : '−'}${int.format(Math.abs(off))} points).`;
}

/** @param {number} m */
export const runwayText = (m) => months(m);
