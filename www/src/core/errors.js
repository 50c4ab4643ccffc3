// Refused input, as the simulation core names it: `{field, value, allowed,
// message}`, the message being `invalid FIELD: VALUE (allowed: ALLOWED)`.
// The wasm bindings throw Errors (name 'InputError') carrying these fields;
// the fronts make their own refusals (a field that is not a number, a file
// too large) in the same shape, and read the fields, never a message's words.
// A field is a path in the scenario (`runs`, `collapse.window`,
// `params.coupling`, `strategies[5].label`); each front shows it on its own
// control (`controlName`). No DOM here: this module is safe to load in a worker.

/**
 * A refusal: what was refused, as given, and what would have been accepted.
 * `field`, `value` and `allowed` are null for anything that is not an input error.
 * @typedef {{field: string | null, value: string | null, allowed: string | null, message: string}} Refusal
 */

/** The fields of the collapse rule, which options name without their `collapse.`. */
const COLLAPSE_FIELDS = new Set(['threshold', 'window', 'smoothing']);

/**
 * An Error with the core's fields.
 * @param {string} field the field, attribute or file refused, e.g. `params.coupling`
 * @param {string} value the value as given (quoted when it is text)
 * @param {string} allowed what would have been accepted
 */
export function inputError(field, value, allowed) {
  return Object.assign(new Error(`invalid ${field}: ${value} (allowed: ${allowed})`), { name: 'InputError', field, value, allowed });
}

/**
 * A field of the core as a path in the scenario: the options of `resolve`
 * (`options.runs`, `options.threshold`) are the scenario's fields (`runs`,
 * `collapse.threshold`).
 * @param {string} field
 */
export function scenarioPath(field) {
  let path = field.startsWith('options.') ? field.slice('options.'.length) : field;
  if (path.startsWith('scenario.')) path = path.slice('scenario.'.length);
  return COLLAPSE_FIELDS.has(path) ? `collapse.${path}` : path;
}

/**
 * The control a front shows a refused field on: `collapse.window` → `window`,
 * `strategies[2].label` → `strategies`, `params.coupling` stays. The page's
 * fields carry these names (`data-field`), as do the component's attributes.
 * @param {string} path a scenario path (`scenarioPath`)
 */
export function controlName(path) {
  if (path.startsWith('collapse.')) return path.slice('collapse.'.length);
  if (path === 'strategies' || path.startsWith('strategies[') || path.startsWith('strategies.')) return 'strategies';
  return path;
}

/**
 * The fields of anything thrown or reported: an Error of the bindings or of
 * `inputError`, a chunk's `error` object, or anything else (then `field`,
 * `value` and `allowed` are null and `message` is its text). An input error's
 * field comes out as a scenario path.
 * @param {unknown} err
 * @returns {Refusal}
 */
export function errorFields(err) {
  const e = /** @type {{message?: unknown, field?: unknown, value?: unknown, allowed?: unknown} | null | undefined} */ (typeof err === 'object' ? err : null);
  const message = String(e && e.message ? e.message : err);
  if (e && typeof e.field === 'string') return { field: scenarioPath(e.field), value: String(e.value), allowed: String(e.allowed), message };
  return { field: null, value: null, allowed: null, message };
}

/**
 * A refusal worded for a front whose controls have names of their own
 * (`controlName`): "invalid window: 0 (allowed: 1 to 52)". Anything that is
 * not an input error keeps its message.
 * @param {Refusal} refusal
 */
export function refusalText({ field, value, allowed, message }) {
  if (field === null) return message;
  return `invalid ${controlName(field)}: ${value} (allowed: ${allowed})`;
}
