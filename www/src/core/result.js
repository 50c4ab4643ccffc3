// The shapes the simulation core hands out (a result, a resolved scenario,
// the catalogue), as JSDoc types for the checked JavaScript, and the few
// readings of a result that both fronts and the words behind the charts
// share: the collapse-week bins, the three survival curves, the best other
// strategy. No DOM, no statistics: every number is the result's.

/**
 * Weekly percentile bands of one metric.
 * @typedef {{p10: number[], p25: number[], p50: number[], p75: number[], p90: number[], mean: number[]}} Bands
 */
/**
 * @typedef {'velocity'|'users'|'team'|'debt'|'features'|'revenue'|'burn'|'cash'|'runway'} Metric
 */
/**
 * When runs collapse: share, P10/P50/P90 weeks (null: fewer runs than that collapse), survival per week, collapses per week.
 * @typedef {{share: number, week_p10: number | null, week_p50: number | null, week_p90: number | null, survival: number[], survival_both: number[], histogram: number[]}} Collapse
 */
/**
 * When runs run out of cash.
 * @typedef {{share: number, week_p10: number | null, week_p50: number | null, week_p90: number | null, survival: number[], histogram: number[]}} Cash
 */
/** @typedef {{healthy: number, recovered: number, collapsed: number, out_of_cash: number, frozen: number}} Outcomes */
/** @typedef {'team_size'|'onboarding'|'coordination'|'debt_interest'|'size_drag'|'overload'|'unplanned_work'|'allocation'|'noise'} Factor */
/** @typedef {{collapses: number} & Record<Factor, number>} Why */
/**
 * @typedef {object} Summary
 * @property {number} mean_healthy_weeks
 * @property {number} features_p50
 * @property {number} final_users_p50
 * @property {number} final_team_p50
 * @property {number} healthy_share
 * @property {number} out_of_cash_share
 * @property {number} cash_p50
 * @property {number | null} cash_per_feature_p50
 */
/** @typedef {{against: string, win: number, tie: number, loss: number}} Paired */
/**
 * One strategy of a result.
 * @typedef {object} StrategyResult
 * @property {string} id
 * @property {string} label
 * @property {Collapse} collapse
 * @property {Cash} cash
 * @property {Outcomes} outcomes
 * @property {Why | null} why null when no run collapsed
 * @property {Record<Metric, Bands>} series
 * @property {number[][]} samples smoothed velocity of runs 0, 1, 2, … (at most 20)
 * @property {Summary} summary
 * @property {Paired[]} paired
 */
/**
 * A simulation result, as parsed from the core's JSON.
 * @typedef {object} Result
 * @property {string} model_version
 * @property {number} seed not exact above 2^53: the digits are in the JSON text
 * @property {number} runs
 * @property {number} weeks
 * @property {{collapse?: {smoothing?: number}} & Record<string, any>} scenario
 * @property {StrategyResult[]} strategies
 * @property {FitReport} [calibration] with a calibrated scenario: its observed weeks against each strategy's first weeks
 */

/**
 * A team's observed weeks, as a scenario's `calibration` field holds them (oldest first).
 * @typedef {object} Throughput
 * @property {'items' | 'points'} unit
 * @property {number[]} delivered
 * @property {number[]} [team]
 */
/**
 * A result's comparison with the observed weeks (`calibration` of a result).
 * @typedef {object} FitReport
 * @property {'items' | 'points'} unit
 * @property {number} weeks weeks compared
 * @property {number[]} observed the weeks at today's team size
 * @property {number[]} smoothed the same, smoothed as the model smooths velocity
 * @property {{strategy: string, inside: number, error: number, bias: number}[]} fit
 */

/**
 * A strategy as a scenario names it: a built-in id, or a custom strategy's fields.
 * @typedef {string | ({id: string, label?: string} & Record<string, unknown>)} StrategyRef
 */
/**
 * A scenario as a file or a link writes it; every field may be missing.
 * @typedef {object} Scenario
 * @property {number} [schema]
 * @property {string} [preset]
 * @property {string} [seed] a decimal string
 * @property {number} [runs]
 * @property {number} [weeks]
 * @property {{threshold?: number, window?: number, smoothing?: number}} [collapse]
 * @property {Record<string, number>} [params]
 * @property {'parameters' | 'shocks'} [uncertainty]
 * @property {string[]} [fixed]
 * @property {StrategyRef[]} [strategies]
 * @property {Throughput} [calibration]
 */
/**
 * A scenario after `resolve`: every field filled in, strategies written out.
 * @typedef {object} ResolvedScenario
 * @property {string} preset
 * @property {string} seed a decimal string
 * @property {number} runs
 * @property {number} weeks
 * @property {{threshold: number, window: number, smoothing: number}} collapse
 * @property {Record<string, number>} params
 * @property {'parameters' | 'shocks'} uncertainty
 * @property {string[]} fixed
 * @property {({id: string, label: string} & Record<string, unknown>)[]} strategies
 */
/**
 * What the model offers, from `catalogue()`.
 * @typedef {object} Catalogue
 * @property {number} schema
 * @property {string} model_version
 * @property {string} default_preset
 * @property {{runs: number, seed: string, weeks: number, threshold: number, window: number, smoothing: number}} defaults
 * @property {{runs: number, weeks: number, window: number, smoothing: number}} limits
 * @property {{id: string, label: string, description: string, params: Record<string, number>}[]} presets
 * @property {{id: string, label: string, description: string}[]} strategies
 * @property {{name: string, label: string, unit: string, group: string, min: number, max: number, default: number, source: string, evidence: 'strong'|'moderate'|'weak'|'choice', uncertainty: import('./format.js').Uncertainty}[]} params
 */

/** Weeks per bar of the collapse-week histogram. */
/**
 * A result as its text, or as text and columns (`columns`: what the core's
 * `into_columns` splits off — every weekly column of the series' bands and
 * the sample traces, `weeks` values each, in the text's order — and `json`
 * then holds those columns as empty arrays).
 * @param {{json: string, columns?: Float32Array}} e
 * @returns {Result}
 */
export function readResult({ json, columns }) {
  /** @type {Result} */
  const result = JSON.parse(json);
  if (!columns) return result;
  const weeks = result.weeks;
  let at = 0;
  const next = () => {
    if (at + weeks > columns.length) throw new Error(`the result's columns end at ${columns.length} values`);
    const column = new Array(weeks);
    for (let i = 0; i < weeks; i++) column[i] = columns[at + i];
    at += weeks;
    return column;
  };
  for (const s of result.strategies) {
    for (const bands of Object.values(s.series)) for (const key of /** @type {(keyof Bands)[]} */ (Object.keys(bands))) bands[key] = next();
    s.samples = s.samples.map(next);
  }
  if (at !== columns.length) throw new Error(`the result's columns hold ${columns.length} values, not ${at}`);
  return result;
}

export const HISTOGRAM_BIN_WEEKS = 4;

/**
 * Collapse counts per week summed into bins of HISTOGRAM_BIN_WEEKS weeks
 * (presentation only; the chart, its summary and its data table all use these).
 * @param {number[]} histogram collapses per week
 * @param {number} weeks the horizon
 * @returns {number[]}
 */
export function collapseBins(histogram, weeks) {
  /** @type {number[]} */
  const bins = new Array(Math.ceil(weeks / HISTOGRAM_BIN_WEEKS)).fill(0);
  histogram.forEach((c, w) => (bins[Math.floor(w / HISTOGRAM_BIN_WEEKS)] += c));
  return bins;
}

/**
 * The weeks of histogram bin `b`: "1–4", and the last bin ends at the horizon ("257–260").
 * @param {number} b
 * @param {number} weeks the horizon
 */
export function binWeeks(b, weeks) {
  return `${b * HISTOGRAM_BIN_WEEKS + 1}–${Math.min(weeks, (b + 1) * HISTOGRAM_BIN_WEEKS)}`;
}

/** @typedef {'healthy'|'funded'|'both'} SurvivalMeasure */

/**
 * The three survival curves: what "surviving" means, in words.
 * @type {Record<SurvivalMeasure, {label: string, axis: string, caption: string}>}
 */
export const SURVIVAL = {
  healthy: { label: 'still healthy', axis: 'runs still healthy', caption: 'still healthy (not collapsed)' },
  funded: { label: 'still funded', axis: 'runs still funded', caption: 'still funded (not out of cash)' },
  both: { label: 'healthy and funded', axis: 'runs healthy and funded', caption: 'both healthy and funded' },
};

/**
 * A survival measure's name, or 'healthy' for anything else.
 * @param {unknown} name
 * @returns {SurvivalMeasure}
 */
export function survivalMeasure(name) {
  return name === 'funded' || name === 'both' ? name : 'healthy';
}

/**
 * One survival curve of a strategy.
 * @param {StrategyResult} s
 * @param {SurvivalMeasure} measure
 */
export function survivalOf(s, measure) {
  if (measure === 'funded') return s.cash.survival;
  if (measure === 'both') return s.collapse.survival_both;
  return s.collapse.survival;
}

/**
 * The other strategy with the highest mean healthy weeks, or null.
 * @param {Result} result
 * @param {string} id
 * @returns {StrategyResult | null}
 */
export function bestOther(result, id) {
  /** @type {StrategyResult | null} */
  let best = null;
  for (const s of result.strategies) {
    if (s.id === id) continue;
    if (!best || s.summary.mean_healthy_weeks > best.summary.mean_healthy_weeks) best = s;
  }
  return best;
}

/**
 * A result's strategy set, as a key that changes exactly when the charts must be rebuilt.
 * @param {{id: string, label: string}[]} strategies
 */
export function strategyKey(strategies) {
  return strategies.map((s) => `${s.id}\u0000${s.label}`).join('\u0001');
}
