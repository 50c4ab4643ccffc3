// Every number format and every sentence about a result, for both fronts
// (the page and the <velocity-cliff> component) and the words behind the
// charts: a share is "12.3 %" wherever it is shown, a collapse cell reads
// "no collapse within 260 weeks" in the page and in the component, and a job
// in progress is worded once. No DOM and no statistics here, only words
// around the numbers of the result; safe to load in a worker or in Node.

import { answer, healthyAtHorizon } from './answer.js';

/** @typedef {import('./result.js').Result} Result */
/** @typedef {import('./result.js').StrategyResult} StrategyResult */
/** @typedef {import('./result.js').Collapse} Collapse */
/** @typedef {import('./pool.js').Progress} Progress */

/** Whole numbers with thousands separators: "1,000,000". */
export const int = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
/** At most one decimal: "8.5", "12". */
export const one = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
/**
 * A share of runs (0–1) for people: "12.3 %", "100 %", "0 %".
 * @param {number} share
 */
export const percent = (share) => `${one.format(share * 100)} %`;
/** Three significant digits ("1,230", "4.56", "0.0123"): chart values and axes. */
export const sig3 = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

/**
 * Dollars for people: "$1.2M", "$340k", "$12,300" (and "$3.4B"); '–' for a
 * missing value.
 * @param {number | null | undefined} x
 */
export function money(x) {
  if (x == null || !Number.isFinite(x)) return '–';
  const sign = x < 0 ? '-' : '';
  const a = Math.abs(x);
  if (a >= 999_950_000) return `${sign}$${one.format(a / 1e9)}B`;
  if (a >= 999_500) return `${sign}$${one.format(a / 1e6)}M`;
  if (a >= 99_950) return `${sign}$${int.format(a / 1e3)}k`;
  return `${sign}$${int.format(a)}`;
}

/**
 * Dollars on a chart axis: "$0", "$500", "$50k", "$1.2M", "$3B".
 * @param {number} x
 */
export function moneyShort(x) {
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${sig3.format(a / 1e9)}B`;
  if (a >= 1e6) return `${sign}$${sig3.format(a / 1e6)}M`;
  if (a >= 1e3) return `${sign}$${sig3.format(a / 1e3)}k`;
  return `${sign}$${sig3.format(a)}`;
}

/**
 * Months of runway: "8.5 months", "1 month"; the model caps runway at 120 ("120+ months").
 * @param {number | null | undefined} x
 */
export function months(x) {
  if (x == null || !Number.isFinite(x)) return '–';
  if (x >= RUNWAY_CAP_MONTHS) return `${RUNWAY_CAP_MONTHS}+ months`;
  const text = one.format(x);
  return `${text} ${text === '1' ? 'month' : 'months'}`;
}
/** Runway at or above this is reported as this (a profitable company has endless runway). */
export const RUNWAY_CAP_MONTHS = 120;

/**
 * What the velocity collapse is judged on, in words: "8-week average".
 * @param {number} weeks
 */
export function smoothingText(weeks) {
  return weeks > 1 ? `${weeks}-week average` : 'weekly, not smoothed';
}

/**
 * How runs end at the horizon (result `outcomes`), in the order shown; the shares add up to 1.
 * @type {{key: keyof import('./result.js').Outcomes, label: string}[]}
 */
export const OUTCOMES = [
  { key: 'healthy', label: 'healthy & funded' },
  { key: 'recovered', label: 'recovered' },
  { key: 'collapsed', label: 'still collapsed' },
  { key: 'out_of_cash', label: 'out of cash' },
  { key: 'frozen', label: 'unfinished rewrite' },
];

/**
 * A strategy's outcome shares in one line: "healthy & funded 62 % · out of
 * cash 20 % · still collapsed 18 %" (healthy always, the others when any run
 * ended that way).
 * @param {StrategyResult} s
 */
export function outcomeLine(s) {
  return outcomeParts(s).join(' · ');
}

/**
 * The parts of `outcomeLine`: ["healthy & funded 62 %", "out of cash 20 %", …].
 * @param {StrategyResult} s
 */
export function outcomeParts(s) {
  return OUTCOMES.filter((o) => o.key === 'healthy' || s.outcomes[o.key] > 0).map((o) => `${o.label} ${percent(s.outcomes[o.key])}`);
}

/**
 * One sentence on how a strategy's runs end and on its money.
 * @param {StrategyResult} s
 * @param {number} weeks the horizon
 */
export function outcomeSentence(s, weeks) {
  const cash = s.cash;
  let text = `At week ${weeks}: ${outcomeLine(s)}.`;
  if (cash.share > 0) {
    const when = [];
    if (cash.week_p10 != null) when.push(`the first 10 % of runs by week ${cash.week_p10}`);
    if (cash.week_p50 != null) when.push(`half by week ${cash.week_p50}`);
    text += ` ${percent(cash.share)} run out of cash${when.length ? ` (${when.join(', ')})` : ''}.`;
  } else {
    text += ' Every run stays funded.';
  }
  return `${text} Median cash at the end ${money(s.summary.cash_p50)}.`;
}

/**
 * The factors of a collapse (result `why`), in the result's order.
 * @type {{key: import('./result.js').Factor, label: string}[]}
 */
export const WHY_FACTORS = [
  { key: 'team_size', label: 'team size' },
  { key: 'onboarding', label: 'onboarding' },
  { key: 'coordination', label: 'coordination' },
  { key: 'debt_interest', label: 'debt interest' },
  { key: 'size_drag', label: 'codebase size' },
  { key: 'overload', label: 'feature overload' },
  { key: 'unplanned_work', label: 'unplanned work' },
  { key: 'allocation', label: 'time off features' },
  { key: 'noise', label: 'noise' },
];

/** A pushing-the-other-way share at least this large is named in the why sentence. */
const WHY_AGAINST = 0.05;

/**
 * Why a strategy's velocity collapsed, in one sentence: its largest positive
 * factor shares (at most three, largest first), then the largest factor that
 * pushed the other way when it is at least 5 %.
 * "Ignore the structure: 61.3 % of the fall came from debt interest, 24 % from
 * coordination and 9.1 % from noise (mean over 34 collapsed runs)."
 * @param {StrategyResult} s
 */
export function whySentence(s) {
  const why = s.why;
  if (!why || !why.collapses) return `${s.label}: no run collapsed, so there is no fall to explain.`;
  const shares = WHY_FACTORS.map((f) => ({ ...f, share: why[f.key] }));
  const up = shares.filter((f) => f.share > 0).sort((a, b) => b.share - a.share).slice(0, 3);
  const parts = up.map((f, i) => (i === 0 ? `${percent(f.share)} of the fall came from ${f.label}` : `${percent(f.share)} from ${f.label}`));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0] ?? 'no factor explains the fall';
  const runs = `${int.format(why.collapses)} collapsed ${why.collapses === 1 ? 'run' : 'runs'}`;
  let text = `${s.label}: ${list} (mean over ${runs}).`;
  const against = shares.filter((f) => f.share <= -WHY_AGAINST).sort((a, b) => a.share - b.share)[0];
  if (against) text += ` ${against.label[0].toUpperCase()}${against.label.slice(1)} pushed the other way (${percent(against.share)}).`;
  return text;
}

/**
 * One plain-language sentence about a strategy's collapse.
 * @param {StrategyResult} s
 * @param {number} weeks the horizon
 */
export function sentence(s, weeks) {
  const c = s.collapse;
  const name = `${s.label} (${s.id})`;
  let text;
  if (c.share === 0) {
    text = `No ${name} run collapses within ${weeks} weeks.`;
  } else if (c.week_p50 != null) {
    const lead = c.share >= 1 ? `Every ${name} run collapses within ${weeks} weeks; half of them by week ${c.week_p50}` : `Half of the ${name} runs collapse by week ${c.week_p50}`;
    const tail = c.week_p90 != null ? `; 90 % by week ${c.week_p90}` : `; ${percent(1 - c.share)} never collapse within ${weeks} weeks`;
    text = `${lead} (the first 10 % by week ${c.week_p10})${tail}.`;
  } else {
    const first = c.week_p10 != null ? `; the first 10 % by week ${c.week_p10}` : '';
    text = `${percent(c.share)} of ${name} runs collapse within ${weeks} weeks${first}; most never do.`;
  }
  const m = s.summary;
  return `${text} Median ${int.format(m.features_p50)} features shipped, ${int.format(m.final_users_p50)} users and ${one.format(m.final_team_p50)} engineers at the end.`;
}

/**
 * A rate for people: two significant digits from 100 up ("9,800"), whole numbers below.
 * @param {number | null} x
 */
export function rate(x) {
  if (x === null || !(x > 0)) return '0';
  return int.format(x >= 100 ? Number(x.toPrecision(2)) : Math.round(x));
}

/**
 * Time left for people: "under a second", "about 8 s", "about 1 min 40 s", "about 12 min", "about 1 h 5 min".
 * @param {number | null} seconds
 */
export function timeLeft(seconds) {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'under a second';
  if (seconds <= 59) return `about ${Math.ceil(seconds)} s`;
  if (seconds < 600) {
    const s = Math.round(seconds / 5) * 5;
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest ? `about ${m} min ${rest} s` : `about ${m} min`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `about ${h} h ${m} min` : `about ${h} h`;
}

/**
 * A job's progress in words: "12,500 / 1,000,000 runs · 9,800 runs/s · about
 * 1 min 40 s left" (rate and time left once they are known).
 * @param {{done: number, total: number, runsPerSecond: number | null, secondsLeft: number | null}} p
 */
export function progressText({ done, total, runsPerSecond, secondsLeft }) {
  let text = `${int.format(done)} / ${int.format(total)} runs`;
  if (runsPerSecond) {
    text += ` · ${rate(runsPerSecond)} runs/s`;
    const left = timeLeft(secondsLeft);
    if (left) text += ` · ${left} left`;
  }
  return text;
}

/**
 * The median collapse week in a table cell: "week 87", or "no collapse
 * within 260 weeks" when fewer than half the runs collapse.
 * @param {Collapse} c
 * @param {number} weeks the horizon
 */
export function medianCollapseText(c, weeks) {
  return c.week_p50 != null ? `week ${c.week_p50}` : `no collapse within ${weeks} weeks`;
}

/**
 * The P10–P90 collapse weeks in a table cell: "61–140", "61–>260" when
 * fewer than 90 % of the runs collapse, "–" when fewer than 10 % do.
 * @param {Collapse} c
 * @param {number} weeks the horizon
 */
export function collapseRangeText(c, weeks) {
  if (c.week_p10 == null) return '–';
  return `${c.week_p10}–${c.week_p90 != null ? c.week_p90 : `>${weeks}`}`;
}

/**
 * The status of a job in progress, for both fronts: "estimating… (first 460
 * of 1,000,000 runs)", then "running 12,500 / 1,000,000 runs · 9,800 runs/s
 * · about 1 min 40 s left · estimate from 6,400 runs shown". `kind` is
 * 'estimating' until the first estimate is on screen, then 'running'.
 * @param {Progress} p
 * @returns {{kind: 'estimating' | 'running', text: string}}
 */
export function progressStatus(p) {
  if (p.estimating) return { kind: 'estimating', text: `estimating… (first ${int.format(p.estimateRuns)} of ${int.format(p.total)} runs)` };
  const shown = p.shown ? ` · estimate from ${int.format(p.shown)} runs shown` : '';
  return { kind: 'running', text: `running ${progressText(p)}${shown}` };
}

/**
 * The status while an estimate is shown and no progress has been counted yet.
 * @param {number} runs the estimate's runs
 */
export function estimateShownText(runs) {
  return `running… estimate from ${int.format(runs)} runs shown`;
}

/**
 * What a finished result is: "1,000 runs per strategy · 260 weeks · seed 42 · model 3".
 * @param {Result} result
 * @param {string} seed the seed's digits (never a JavaScript number)
 */
export function resultLine(result, seed) {
  return `${int.format(result.runs)} runs per strategy · ${result.weeks} weeks · seed ${seed} · model ${result.model_version}`;
}

/**
 * The headline sentence, e.g. "Controlled evolution keeps velocity healthy
 * longest, clearly ahead of Feature first: 81.2 % of its runs end
 * healthy & funded at week 260 against 54.3 % for Feature first; on the same random
 * draws it stays healthy longer in 41 % of runs, Feature first in 7.5 % (ties
 * 51.5 %)."
 * @param {{runs: number, weeks: number, strategies: StrategyResult[]}} result
 */
export function headline(result) {
  const a = answer(result);
  if (!a) return 'No strategy is selected.';
  const { best, next, pair } = a;
  const weeks = result.weeks;
  /** @param {StrategyResult} s */
  const healthy = (s) => percent(healthyAtHorizon(s));
  if (a.certainty === 'only' || !next) {
    return `${best.label} is the only strategy simulated: ${healthy(best)} of its runs end healthy & funded at week ${weeks} (on average ${one.format(best.summary.mean_healthy_weeks)} of ${weeks} weeks healthy).`;
  }
  /** @param {StrategyResult} s */
  const mean = (s) => `${one.format(s.summary.mean_healthy_weeks)} healthy weeks on average`;
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

// ---- parameter uncertainty and sensitivity ----

/**
 * A parameter's uncertainty, as the catalogue states it.
 * @typedef {{kind: 'fixed'} | {kind: 'triangular', low: number, high: number} | {kind: 'log_uniform', factor: number}} Uncertainty
 */

/**
 * A parameter's uncertainty in words: "triangular ±30 %", "triangular −40 % to +60 %",
 * "log-uniform ×0.5–×2", "fixed".
 * @param {Uncertainty} u
 */
export function uncertaintyText(u) {
  if (u.kind === 'triangular') {
    const down = Math.round((1 - u.low) * 100);
    const up = Math.round((u.high - 1) * 100);
    return down === up ? `triangular ±${down} %` : `triangular −${down} % to +${up} %`;
  }
  if (u.kind === 'log_uniform') return `log-uniform ×${sig3.format(1 / u.factor)}–×${sig3.format(u.factor)}`;
  return 'fixed';
}

/** What an evidence grade means, for the marker beside a parameter. */
export const EVIDENCE = {
  strong: 'strong evidence: measured in several studies',
  moderate: 'moderate evidence: one study or a well-documented estimate',
  weak: 'weakly evidenced: an informed guess — treat results that hinge on it with care',
  choice: 'a choice of units or a design choice, not a measured quantity',
};

/**
 * The one sentence that says which uncertainty mode is on and what it means.
 * @param {'parameters' | 'shocks'} mode
 */
export function uncertaintyModeText(mode) {
  return mode === 'shocks'
    ? 'Weekly shocks only: every run uses the parameters exactly as set, so the bands show luck alone and overstate how sure we can be.'
    : 'Parameters uncertain: each run also draws every uncertain parameter from its plausible range (values you set stay fixed), so the bands show luck and what we do not know.';
}

/**
 * A sensitivity outcome's value with its unit: "84.5 %", "week 71", "1,230 feature points";
 * `difference`: a signed difference ("+12.3 points", "−8 weeks").
 * @param {number} x
 * @param {{id: string, unit: string}} outcome
 * @param {boolean} difference
 */
export function sensitivityValue(x, outcome, difference) {
  const sign = difference && x > 0 ? '+' : x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (outcome.unit === 'share of runs') return difference ? `${sign}${one.format(a * 100)} points` : percent(a);
  if (outcome.id === 'collapse-week') return difference ? `${sign}${one.format(a)} weeks` : `week ${one.format(a)}`;
  return `${sign}${sig3.format(a)} ${outcome.unit}`;
}

/**
 * A parameter's value with its unit: "0.045 share / month".
 * @param {number} x
 * @param {string} unit
 */
export function paramValue(x, unit) {
  return `${sig3.format(x)} ${unit}`;
}

/**
 * The plain-language summary of a sensitivity report.
 * @param {{outcome: {id: string, label: string, unit: string}, versus: string[] | null, base: number, tornado: {label: string, unit: string, low: number, high: number, outcome_low: number, outcome_high: number, swing: number}[], switch_points: unknown[]}} report
 * @param {(id: string) => string} strategyLabel
 * @param {string | null} strategy the strategy analysed (null with `versus`)
 */
export function sensitivitySummary(report, strategyLabel, strategy) {
  const diff = report.versus !== null;
  const what = diff
    ? `${strategyLabel(report.versus?.[0] ?? '')} minus ${strategyLabel(report.versus?.[1] ?? '')} in ${report.outcome.label.toLowerCase()}`
    : `${report.outcome.label.toLowerCase()} under ${strategyLabel(strategy ?? '')}`;
  const base = `At the scenario's values, ${what} is ${sensitivityValue(report.base, report.outcome, diff)}.`;
  const top = report.tornado[0];
  if (!top || top.swing === 0) return `${base} No parameter tested moves it within its plausible range.`;
  const moves = `${top.label} decides it most: across its plausible range (${paramValue(top.low, top.unit)} to ${paramValue(top.high, top.unit)}) it goes from ${sensitivityValue(top.outcome_low, report.outcome, diff)} to ${sensitivityValue(top.outcome_high, report.outcome, diff)}.`;
  const flips = diff
    ? report.switch_points.length
      ? ` The preferred strategy changes inside the range of ${report.switch_points.length === 1 ? 'one parameter' : `${report.switch_points.length} parameters`} (below).`
      : ' No parameter tested changes which strategy is preferred within its range.'
    : '';
  return `${base} ${moves}${flips}`;
}
