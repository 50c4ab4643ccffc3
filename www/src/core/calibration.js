// Calibration from a team's own throughput, as the page needs it: the core
// reads the CSV and says what it sets (`calibrateThroughput`, the CLI's
// `--calibrate`, in the wasm module loaded on first use), and the words of
// the fit a result reports. No DOM here.
import { loadExtra } from './wasm.js';
import { errorFields } from './errors.js';

/** @typedef {import('./result.js').Scenario} Scenario */
/** @typedef {import('./result.js').Throughput} Throughput */
/** @typedef {import('./result.js').FitReport} FitReport */
/** @typedef {import('./errors.js').Refusal} Refusal */

/**
 * What a calibration set, as the core says it.
 * @typedef {object} Calibrated
 * @property {Throughput} calibration the observed weeks, the scenario field to keep
 * @property {{productivity: number, noise_base: number, initial_engineers?: number}} params the values set
 * @property {string} text the sentence saying what was set and from what
 * @property {number} weeks
 * @property {'items' | 'points'} unit
 * @property {number} observed_mean
 * @property {number} observed_sigma
 * @property {string} strategy the strategy the scale was measured under
 */

/**
 * Calibrates a scenario from a CSV's text, loading the extra module on the
 * first call; never rejects: bad input, or a module that could not be
 * loaded, comes back as a refusal.
 * @param {Scenario} scenario the scenario as the page holds it
 * @param {string} csv
 * @returns {Promise<{calibrated: Calibrated, error: null} | {calibrated: null, error: Refusal}>}
 */
export async function calibrate(scenario, csv) {
  try {
    const extra = await loadExtra();
    return { calibrated: /** @type {Calibrated} */ (extra.calibrateThroughput(scenario, undefined, csv)), error: null };
  } catch (err) {
    return { calibrated: null, error: errorFields(err) };
  }
}

/**
 * The observed weeks as a CSV the core reads back into the same weeks: what
 * a calibration is fitted again from when the preset under it changes.
 * @param {Throughput} t
 */
export function throughputCsv(t) {
  const team = t.team;
  const rows = t.delivered.map((d, i) => (team ? `${d},${team[i]}` : `${d}`));
  return [team ? `${t.unit},team` : t.unit, ...rows].join('\n');
}

/** @param {number} x a share */
const percent = (x) => `${Math.round(x * 100)} %`;

/**
 * One strategy's fit in words: "6 of your 8 weeks inside the P10–P90 band;
 * the median is off by 12 % a week on average, 3 % below overall."
 * @param {FitReport} report
 * @param {FitReport['fit'][number]} f
 */
export function fitSentence(report, f) {
  const inside = Math.round(f.inside * report.weeks);
  const side = f.bias >= 0 ? 'above' : 'below';
  return `${inside} of your ${report.weeks} weeks inside the model's P10–P90 band (${percent(f.inside)}); its median is off by ${percent(f.error)} on average, ${percent(Math.abs(f.bias))} ${side} yours overall.`;
}
