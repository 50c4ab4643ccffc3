// Small results for the unit tests: every field a result has, the numbers
// given by each test (the rest neutral), so the types hold as they do for
// a result of the core.

/** @typedef {import('../../src/core/result.js').StrategyResult} StrategyResult */
/** @typedef {import('../../src/core/result.js').Result} Result */
/** @typedef {import('../../src/core/result.js').Metric} Metric */

/** @type {Metric[]} */
const METRICS = ['velocity', 'users', 'team', 'debt', 'features', 'revenue', 'burn', 'cash', 'runway'];

/**
 * Flat weekly bands of `weeks` weeks at `value`, the median doubling each week.
 * @param {number} weeks
 * @param {number} value
 */
export function bands(weeks, value) {
  const flat = Array.from({ length: weeks }, () => value);
  return { p10: flat, p25: flat, p50: flat.map((v, i) => v * 2 ** i), p75: flat, p90: flat, mean: flat };
}

/**
 * One strategy of a result.
 * @param {{id?: string, label?: string, weeks?: number, collapse?: Partial<StrategyResult['collapse']>, cash?: Partial<StrategyResult['cash']>,
 *   outcomes?: Partial<StrategyResult['outcomes']>, why?: StrategyResult['why'], summary?: Partial<StrategyResult['summary']>}} [o]
 * @returns {StrategyResult}
 */
export function strategyResult({ id = 'feature-first', label = 'Feature first', weeks = 2, collapse = {}, cash = {}, outcomes = {}, why = null, summary = {} } = {}) {
  const ones = Array.from({ length: weeks }, () => 1);
  return {
    id,
    label,
    collapse: { share: 0, week_p10: null, week_p50: null, week_p90: null, survival: ones, survival_both: ones, histogram: ones.map(() => 0), ...collapse },
    cash: { share: 0, week_p10: null, week_p50: null, week_p90: null, survival: ones, histogram: ones.map(() => 0), ...cash },
    outcomes: { healthy: 1, recovered: 0, collapsed: 0, out_of_cash: 0, frozen: 0, ...outcomes },
    why,
    series: /** @type {Record<Metric, ReturnType<typeof bands>>} */ (Object.fromEntries(METRICS.map((m) => [m, bands(weeks, 10)]))),
    samples: [],
    summary: { mean_healthy_weeks: weeks, features_p50: 0, final_users_p50: 0, final_team_p50: 0, healthy_share: 1, out_of_cash_share: 0, cash_p50: 0, cash_per_feature_p50: null, ...summary },
    paired: [],
  };
}

/**
 * A result of these strategies.
 * @param {StrategyResult[]} strategies
 * @param {{runs?: number, weeks?: number, smoothing?: number}} [o]
 * @returns {Result}
 */
export function result(strategies, { runs = 100, weeks = 2, smoothing = 8 } = {}) {
  return { model_version: '2.0.0', seed: 1, runs, weeks, scenario: { collapse: { smoothing } }, strategies };
}
