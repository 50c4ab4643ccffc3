// The answer first: one sentence that says which strategy keeps velocity
// healthy longest and how sure that is, read from a result (no DOM, no
// statistics beyond counting what the result already holds).
//
// "Longest" is the most mean healthy weeks (weeks before collapse, runs that
// never collapse counted to the horizon): the same ranking as the summary's
// "wins vs best other". How sure is told three ways: the share of its runs
// healthy & funded at the horizon, the same share for the next best, and the
// paired comparison on common random numbers (in how many runs it stays
// healthy longer than the next best, and in how many the next best does).
import { one, percent } from './wording.js';

/** A sign test's z at least this large calls the lead clear; at least LIKELY_Z, likely. */
export const CLEAR_Z = 3;
export const LIKELY_Z = 2;

/**
 * The strategies ranked by mean healthy weeks, most first (ties keep the
 * result's order).
 * @param {{strategies: any[]}} result
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
 * @param {{runs: number, weeks: number, strategies: any[]}} result
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
  let certainty = 'close';
  if (best.summary.mean_healthy_weeks > next.summary.mean_healthy_weeks && wins > losses) {
    if (z >= CLEAR_Z) certainty = 'clear';
    else if (z >= LIKELY_Z) certainty = 'likely';
  }
  return { best, next, pair, wins, losses, ties, z, certainty };
}

/**
 * The headline sentence, e.g. "Controlled evolution keeps velocity healthy
 * longest, clearly ahead of Feature first: 81.2 % of its runs are end
 * healthy & funded at week 260 against 54.3 % for Feature first; on the same random
 * draws it stays healthy longer in 41 % of runs, Feature first in 7.5 % (ties
 * 51.5 %)."
 * @param {{runs: number, weeks: number, strategies: any[]}} result
 */
export function headline(result) {
  const a = answer(result);
  if (!a) return 'No strategy is selected.';
  const { best, next, pair } = a;
  const weeks = result.weeks;
  const healthy = (s) => percent(healthyAtHorizon(s));
  const mean = (s) => `${one.format(s.summary.mean_healthy_weeks)} healthy weeks on average`;
  if (a.certainty === 'only') {
    return `${best.label} is the only strategy simulated: ${healthy(best)} of its runs end healthy & funded at week ${weeks} (on average ${one.format(best.summary.mean_healthy_weeks)} of ${weeks} weeks healthy).`;
  }
  const still = `${healthy(best)} of its runs end healthy & funded at week ${weeks} against ${healthy(next)} for ${next.label}`;
  const paired = pair
    ? `on the same random draws it stays healthy longer in ${percent(pair.win)} of runs, ${next.label} in ${percent(pair.loss)} (ties ${percent(pair.tie)})`
    : `the two were not compared run by run`;
  if (a.certainty === 'close') {
    if (a.wins === 0 && a.losses === 0) {
      return `${best.label} and ${next.label} keep velocity healthy equally long: no run collapses earlier under one than under the other (${healthy(best)} healthy & funded at week ${weeks}).`;
    }
    return `Too close to call between ${best.label} (${mean(best)}) and ${next.label} (${one.format(next.summary.mean_healthy_weeks)}): ${still}; ${paired}.`;
  }
  const lead = a.certainty === 'clear' ? `${best.label} keeps velocity healthy longest, clearly ahead of ${next.label}` : `${best.label} probably keeps velocity healthy longest, narrowly ahead of ${next.label}`;
  return `${lead}: ${still}; ${paired}.`;
}
