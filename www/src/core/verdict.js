// Facilitator mode's predict and reveal, without the DOM: reading a
// participant's guess of a strategy's collapse week, and how that guess
// compares with the simulated distribution.
import { percent } from './format.js';

/** @typedef {import('./result.js').StrategyResult} StrategyResult */

/**
 * Reads one prediction as typed: a whole week from 1 to the horizon, or
 * blank for "no collapse" (null). A refusal names the strategy, the text and
 * what is allowed.
 * @param {string} text
 * @param {number} weeks the horizon
 * @param {string} label the strategy's name
 * @returns {{week: number | null, error: null} | {week: null, error: string}}
 */
export function readPrediction(text, weeks, label) {
  const t = text.trim();
  if (t === '') return { week: null, error: null };
  const week = Number(t);
  if (!Number.isInteger(week) || week < 1 || week > weeks) {
    return { week: null, error: `invalid prediction for ${label}: ${JSON.stringify(t)} (allowed: a whole week from 1 to ${weeks}, or blank for no collapse)` };
  }
  return { week, error: null };
}

/**
 * How a prediction compares with a strategy's collapse distribution:
 * `byThen`, the share of runs collapsed by the predicted week (null for a
 * prediction of no collapse), and the verdict in words.
 * @param {StrategyResult} s
 * @param {number | null} week the predicted collapse week (null: no collapse)
 * @param {number} weeks the horizon
 * @returns {{byThen: number | null, text: string}}
 */
export function judge(s, week, weeks) {
  const c = s.collapse;
  if (week == null) {
    return {
      byThen: null,
      text: `You predicted no collapse within ${weeks} weeks: ${percent(1 - c.share)} of runs stay healthy that long.`,
    };
  }
  const byThen = 1 - c.survival[week - 1];
  let where;
  if (c.week_p10 == null || week < c.week_p10) where = 'earlier than 90 % of the runs would collapse';
  else if (c.week_p90 == null || week > c.week_p90) where = c.week_p90 == null ? 'later than most runs collapse, if they do' : 'later than 90 % of the runs collapse';
  else where = 'within the middle 80 % of collapse weeks';
  return { byThen, text: `By week ${week}, ${percent(byThen)} of runs have collapsed: your guess is ${where}.` };
}
