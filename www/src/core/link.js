// Share strings as they arrive in attributes and URL hashes, and the part of
// a scenario a link carries. The core encodes and decodes the share string
// itself (so a seed keeps all its digits); this module finds it, leaves out
// what equals the model's defaults, and compresses the core's payload with
// the browser's raw DEFLATE (`deflateRaw`), so the core module carries no
// compressor. No DOM here.

/** @typedef {import('./result.js').Catalogue} Catalogue */
/** @typedef {import('./result.js').Scenario} Scenario */
/** @typedef {import('./result.js').StrategyRef} StrategyRef */

/**
 * The share string in a text: a bare `v1.…`, a `#v1.…` hash or a whole link
 * whose hash is the share string.
 * @param {string} text
 */
export function shareOf(text) {
  const hash = text.lastIndexOf('#');
  return (hash >= 0 ? text.slice(hash + 1) : text).trim();
}

/**
 * A URL hash's share string as text: without the `#`, percent-escapes undone
 * when they decode (a mail client may have escaped the link), kept as they
 * are when they do not.
 * @param {string} hash `location.hash`
 */
export function hashText(hash) {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/**
 * @typedef {object} Input everything a user can set in the page
 * @property {string} preset
 * @property {StrategyRef[]} strategies
 * @property {number} weeks
 * @property {number} runs
 * @property {string} seed a decimal string
 * @property {number} threshold
 * @property {number} window
 * @property {number} smoothing
 * @property {Record<string, number>} params only the overridden parameters
 * @property {'parameters' | 'shocks'} uncertainty what each run draws: the uncertain parameters too, or weekly shocks only
 * @property {string[]} [fixed] the parameters held fixed, when the user chose them (else: those set in `params`)
 * @property {import('./result.js').Throughput} [calibration] the team's observed weeks the parameters were calibrated from
 */

/**
 * The optional fields of an input (`fixed`, `calibration`) as a scenario writes them: only when set.
 * @param {Input} input
 */
function optionalFields(input) {
  /** @type {Scenario} */
  const s = {};
  if (input.fixed) s.fixed = [...input.fixed];
  if (input.calibration) s.calibration = structuredClone(input.calibration);
  return s;
}

/**
 * The input as a scenario file writes it.
 * @param {Input} input
 * @param {number} schema the catalogue's scenario schema
 * @returns {Scenario}
 */
export function scenarioOf(input, schema) {
  return {
    schema,
    preset: input.preset,
    seed: input.seed,
    runs: input.runs,
    weeks: input.weeks,
    collapse: { threshold: input.threshold, window: input.window, smoothing: input.smoothing },
    uncertainty: input.uncertainty,
    params: input.params,
    strategies: input.strategies,
    ...optionalFields(input),
  };
}

/**
 * The input without the fields that equal the model's defaults: what a link carries.
 * @param {Input} input
 * @param {Catalogue} cat
 * @returns {Scenario}
 */
export function linkScenario(input, cat) {
  const d = cat.defaults;
  /** @type {Scenario} */
  const s = {};
  if (input.preset !== cat.default_preset) s.preset = input.preset;
  const all = cat.strategies.map((x) => x.id);
  if (!(input.strategies.length === all.length && input.strategies.every((x, i) => x === all[i]))) s.strategies = input.strategies;
  if (input.runs !== d.runs) s.runs = input.runs;
  if (input.seed !== String(d.seed)) s.seed = input.seed;
  if (input.weeks !== d.weeks) s.weeks = input.weeks;
  if (input.threshold !== d.threshold || input.window !== d.window) s.collapse = { threshold: input.threshold, window: input.window };
  if (input.smoothing !== d.smoothing) s.collapse = { ...s.collapse, smoothing: input.smoothing };
  if (input.uncertainty !== 'parameters') s.uncertainty = input.uncertainty;
  if (Object.keys(input.params).length) s.params = input.params;
  return { ...s, ...optionalFields(input) };
}

/**
 * A scenario (as a file or link writes it, already accepted by the core) as
 * the page's input; missing fields take the model's defaults.
 * @param {Scenario} s
 * @param {Catalogue} cat
 * @returns {Input}
 */
export function inputOf(s, cat) {
  const d = cat.defaults;
  return {
    preset: s.preset ?? cat.default_preset,
    strategies: s.strategies ? structuredClone(s.strategies) : cat.strategies.map((x) => x.id),
    weeks: s.weeks ?? d.weeks,
    runs: s.runs ?? d.runs,
    seed: String(s.seed ?? d.seed),
    threshold: s.collapse?.threshold ?? d.threshold,
    window: s.collapse?.window ?? d.window,
    smoothing: s.collapse?.smoothing ?? d.smoothing,
    params: { ...(s.params ?? {}) },
    uncertainty: s.uncertainty === 'shocks' ? 'shocks' : 'parameters',
    ...(s.fixed ? { fixed: [...s.fixed] } : {}),
    ...(s.calibration ? { calibration: structuredClone(s.calibration) } : {}),
  };
}

/** Most bytes in one stored DEFLATE block. */
const STORED_MAX = 0xffff;

/**
 * Bytes as raw DEFLATE in stored (uncompressed) blocks: valid DEFLATE that
 * every inflater reads, for an engine without a raw-DEFLATE
 * `CompressionStream`. Its links are longer than compressed ones.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
export function storedDeflate(bytes) {
  const blocks = Math.max(1, Math.ceil(bytes.length / STORED_MAX));
  const out = new Uint8Array(bytes.length + 5 * blocks);
  let at = 0;
  for (let b = 0; b < blocks; b++) {
    const part = bytes.subarray(b * STORED_MAX, (b + 1) * STORED_MAX);
    // BFINAL on the last block, BTYPE 00 (stored); the block starts byte-aligned.
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  return out;
}

/**
 * A text as raw DEFLATE (RFC 1951), the form a share string's payload
 * takes: the engine's `CompressionStream('deflate-raw')`, else stored blocks.
 * @param {string} text
 * @param {typeof CompressionStream | null} [Stream] the engine's (a test passes null: none)
 * @returns {Promise<Uint8Array>}
 */
export async function deflateRaw(text, Stream = globalThis.CompressionStream) {
  const bytes = new TextEncoder().encode(text);
  let stream;
  try {
    stream = Stream && new Stream('deflate-raw');
  } catch {
    stream = undefined; // an engine with CompressionStream but not its 'deflate-raw' format
  }
  if (!stream) return storedDeflate(bytes);
  // Written straight into the stream: a Blob would be registered with the
  // browser first (a millisecond or more of the page's input handling).
  const packed = new Response(stream.readable).arrayBuffer();
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {}); // a failure rejects `packed` too
  writer.close().catch(() => {});
  return new Uint8Array(await packed);
}
