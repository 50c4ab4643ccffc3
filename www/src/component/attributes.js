// The <velocity-cliff> element's scenario attributes as a resolved scenario:
// the `scenario` attribute (a share string) is the base and the others
// override it exactly like the CLI's flags override `--link`. No DOM here
// (it reads attributes through a getter).
import { decodeShare, resolveScenario } from '../core/wasm.js';
import { errorFields } from '../core/errors.js';
import { shareOf } from '../core/link.js';

/** @typedef {import('../core/result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../core/errors.js').Refusal} Refusal */

/** The attributes that make the scenario. */
export const SCENARIO_ATTRIBUTES = ['scenario', 'preset', 'strategies', 'runs', 'seed', 'weeks', 'threshold', 'window', 'smoothing'];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * An attribute's number, or its raw text when it is not one (the core then names it).
 * @param {string} text
 */
function numberOrText(text) {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : t;
}

/**
 * Reads an element's scenario attributes into a resolved scenario, or the
 * core's refusal (its field a scenario path: `collapse.threshold` for the
 * `threshold` attribute).
 * @param {{getAttribute(name: string): string | null}} el
 * @returns {{scenario: ResolvedScenario, key: string, notice: string | null, error: null} | {scenario: null, key: '', notice: null, error: Refusal}}
 *   `key`: the scenario's JSON, equal for equal scenarios
 */
export function readScenario(el) {
  /** @type {Scenario | undefined} */
  let base; // undefined: the model's defaults
  /** @type {string | null} */
  let notice = null;
  const link = el.getAttribute('scenario');
  if (link !== null) {
    try {
      const decoded = decodeShare(shareOf(link));
      base = decoded.scenario;
      notice = decoded.notice;
    } catch (err) {
      return { scenario: null, key: '', notice: null, error: errorFields(err) };
    }
  }
  /** @type {Record<string, unknown>} */
  const options = {};
  const preset = el.getAttribute('preset');
  if (preset !== null) options.preset = preset.trim();
  const strategies = el.getAttribute('strategies');
  if (strategies !== null) options.strategies = strategies.split(',').map((s) => s.trim()).filter(Boolean);
  const seed = el.getAttribute('seed');
  if (seed !== null) options.seed = seed.trim();
  for (const name of ['runs', 'weeks', 'threshold', 'window', 'smoothing']) {
    const value = el.getAttribute(name);
    if (value !== null) options[name] = numberOrText(value);
  }
  const { scenario, error } = resolveScenario(base, options);
  if (error) return { scenario: null, key: '', notice: null, error };
  return { scenario, key: JSON.stringify(scenario), notice, error: null };
}

/** The keys of the `sensitivity` attribute. */
const SENSITIVITY_KEYS = ['outcome', 'strategy', 'versus', 'top'];

/**
 * Reads the `sensitivity` attribute — `key:value` pairs separated by `;`:
 * `outcome:healthy;versus:controlled-evolution,feature-first;top:5`, or
 * `strategy:feature-first` (outcome default `healthy`) — into the core's
 * request. The core checks the outcome, the strategies and `top`; this only
 * refuses what it cannot read, naming the attribute.
 * @param {string} text
 * @returns {{request: import('../core/sensitivity.js').SensitivityRequest, error: null} | {request: null, error: Refusal}}
 */
export function readSensitivity(text) {
  /** @type {Record<string, unknown>} */
  const r = { outcome: 'healthy' };
  const allowed = 'key:value pairs separated by ";" with keys outcome, strategy or versus (two ids separated by ","), top';
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const key = colon < 0 ? '' : part.slice(0, colon).trim();
    const value = colon < 0 ? '' : part.slice(colon + 1).trim();
    if (!SENSITIVITY_KEYS.includes(key) || value === '') return { request: null, error: errorFields({ field: 'sensitivity', value: JSON.stringify(part), allowed, message: `invalid sensitivity: ${JSON.stringify(part)} (allowed: ${allowed})` }) };
    if (key === 'versus') r.versus = value.split(',').map((s) => s.trim());
    else if (key === 'top') r.top = numberOrText(value);
    else r[key] = value;
  }
  if (!r.strategy && !r.versus) return { request: null, error: errorFields({ field: 'sensitivity', value: JSON.stringify(text), allowed: 'a strategy:ID or a versus:A,B', message: `invalid sensitivity: ${JSON.stringify(text)} (allowed: a strategy:ID or a versus:A,B)` }) };
  return { request: /** @type {import('../core/sensitivity.js').SensitivityRequest} */ (r), error: null };
}
