// Refused input, as the simulation core names it: `{field, value, allowed,
// message}`, the message being `invalid FIELD: VALUE (allowed: ALLOWED)`.
// The wasm bindings throw Errors (name 'InputError') carrying these fields;
// the fronts make their own refusals (a field that is not a number, a file
// too large) in the same shape, and read the fields, never a message's words.
// No DOM here: this module is safe to load in a worker.

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
 * The fields of anything thrown or reported: an Error of the bindings or of
 * `inputError`, a chunk's `error` object, or anything else (then `field`,
 * `value` and `allowed` are null and `message` is its text).
 * @returns {{field: string | null, value: string | null, allowed: string | null, message: string}}
 */
export function errorFields(err) {
  const message = String(err && err.message ? err.message : err);
  if (err && typeof err.field === 'string') return { field: err.field, value: String(err.value), allowed: String(err.allowed), message };
  return { field: null, value: null, allowed: null, message };
}
