// The answer first: which strategy keeps velocity healthy longest and how
// sure that is, read from a result (no DOM, no statistics beyond counting
// what the result already holds). The sentence is `headline` in format.js.
//
// "Longest" is the most mean healthy weeks (weeks before collapse, runs that
// never collapse counted to the horizon): the same ranking as the summary's
// "wins vs best other". How sure is told three ways: the share of its runs
// healthy & funded at the horizon, the same share for the next best, and the
// paired comparison on common random numbers (in how many runs it stays
// healthy longer than the next best, and in how many the next best does).

/** @typedef {import('./result.js').Result} Result */
/** @typedef {import('./result.js').StrategyResult} StrategyResult */
/** @typedef {import('./result.js').Paired} Paired */

/** A sign test's z at least this large calls the lead clear; at least LIKELY_Z, likely. */
export const CLEAR_Z = 3;
export const LIKELY_Z = 2;

/**
 * The strategies ranked by mean healthy weeks, most first (ties keep the
 * result's order).
 * @param {{strategies: StrategyResult[]}} result
 */
export function ranked(result) {
  return result.strategies
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.summary.mean_healthy_weeks - a.s.summary.mean_healthy_weeks || a.i - b.i)
    .map((x) => x.s);
}

/**
 * Share of a strategy's runs healthy and funded at the horizon (the outcome
 * `healthy`: never collapsed, not out of cash, not in an unfinished rewrite;
 * the summary's "Healthy & funded").
 * @param {StrategyResult} s
 */
export function healthyAtHorizon(s) {
  return s.outcomes.healthy;
}

/**
 * The answer, structured: the best strategy, the next best, the paired
 * comparison between them and how sure the lead is.
 * - `certainty`: 'only' (one strategy), 'clear', 'likely' or 'close'.
 * - `z`: the sign test's statistic over the runs that are not ties,
 *   (wins − losses) / √(wins + losses); null without a next best.
 * @param {{runs: number, weeks: number, strategies: StrategyResult[]}} result
 * @returns {{best: StrategyResult, next: StrategyResult | null, pair: Paired | null, wins: number, losses: number, ties: number, z: number | null, certainty: 'only'|'clear'|'likely'|'close'} | null}
 */
export function answer(result) {
  const order = ranked(result);
  const best = order[0] ?? null;
  const next = order[1] ?? null;
  if (!best) return null;
  if (!next) return { best, next: null, pair: null, wins: 0, losses: 0, ties: 0, z: null, certainty: 'only' };
  const pair = best.paired.find((p) => p.against === next.id) ?? null;
  const runs = result.runs;
  // Shares of `runs` come as 32-bit floats: back to whole runs.
  const wins = pair ? Math.round(pair.win * runs) : 0;
  const losses = pair ? Math.round(pair.loss * runs) : 0;
  const ties = pair ? Math.round(pair.tie * runs) : runs;
  const z = wins + losses > 0 ? (wins - losses) / Math.sqrt(wins + losses) : 0;
  /** @type {'clear'|'likely'|'close'} */
  let certainty = 'close';
  if (best.summary.mean_healthy_weeks > next.summary.mean_healthy_weeks && wins > losses) {
    if (z >= CLEAR_Z) certainty = 'clear';
    else if (z >= LIKELY_Z) certainty = 'likely';
  }
  return { best, next, pair, wins, losses, ties, z, certainty };
}

