// The one way any front reaches the simulation core: compiles the wasm module
// once per page (the page, every <velocity-cliff> on it and its main-thread
// fallback share it), and hands out the core's functions with the types of
// what they return (wasm-bindgen's own declarations say `any`).
//
// The core is two wasm modules built from the same crate: the core module
// (simulating, chunks, merging, resolving, links, files), which every front
// loads at once, and the extra module (`renderSvg`, the sensitivity
// analysis' steps and calibrating from a team's throughput), loaded on first
// use so the first load stays small. Both compute the same bytes as the CLI.
//
// The model's catalogue (parameters, strategies, rules, presets, defaults,
// limits) is data of the model version: `make wasm` writes it from the extra
// module into pkg/catalogue.json, and the fronts bundle it. Building it in
// wasm as a page started was the slowest of a cold load's first calls (run
// before the engine had compiled any of it); see BENCHMARKS.md.
//
// Each module is built twice (Makefile): with wasm SIMD (`simd128`), which
// the weekly step's vector pass uses, and without, for engines that have no
// SIMD. `wasmSimd()` asks the engine once, by validating a tiny module with
// one SIMD instruction, and the fronts load the matching files; both builds
// share one JS glue and compute the same bytes. `?wasm=scalar` in the page's
// URL loads the scalar build anyway (tests and benchmarks).
//
// Where the wasm files are depends on how the front was bundled, so the
// caller passes their URLs, for either build: the page and the iframe page name `pkg/` (Vite
// copies the files), the single-file component the `velocity-cliff.wasm` and
// `velocity-cliff-extra.wasm` beside it. Workers do not load them: they are
// sent the compiled core module (protocol.js). No DOM here.
import * as glue from '../../pkg/velocity_cliff.js';
import { errorFields } from './errors.js';
import { deflateRaw } from './link.js';
import builtCatalogue from '../../pkg/catalogue.json' with { type: 'json' };

/** @typedef {import('./result.js').Catalogue} Catalogue */
/** @typedef {import('./result.js').Scenario} Scenario */
/** @typedef {import('./result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('./errors.js').Refusal} Refusal */

/**
 * Where a wasm file is: the SIMD build's (`simd` true) or the scalar one's.
 * @typedef {(simd: boolean) => URL | string} WasmLocation
 */

/** @type {Promise<{module: WebAssembly.Module, catalogue: Catalogue}> | null} */
let loading = null;
/** Where the extra module is, as the front said on `loadCore`. @type {WasmLocation | null} */
let extraUrl = null;
/** @typedef {Pick<typeof import('../../pkg/velocity_cliff_extra.js'), 'renderSvg' | 'sensitivityStep' | 'sensitivityReduce' | 'calibrateThroughput'>} ExtraGlue */
/** @type {Promise<ExtraGlue> | null} */
let extraLoading = null;
/** The extra module once loaded. @type {ExtraGlue | null} */
let extra = null;
/** The compiled extra module (the pool sends it to the workers for the sensitivity chunks). @type {WebAssembly.Module | null} */
let extraModule = null;

/**
 * A module of one function returning a 128-bit vector constant: valid only
 * where the engine has wasm SIMD.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: one body, no locals, v128.const
  ...new Array(16).fill(0), // its 16 bytes
  0x0b, // end
]);

/** @type {boolean | null} */
let simd = null;

/**
 * Whether to load the SIMD build: the engine validates SIMD code, and the
 * page's URL does not ask for the scalar build (`?wasm=scalar`).
 */
export function wasmSimd() {
  if (simd === null) {
    const forced = typeof location !== 'undefined' && new URLSearchParams(location.search).get('wasm') === 'scalar';
    let valid;
    try {
      valid = WebAssembly.validate(SIMD_PROBE);
    } catch {
      valid = false;
    }
    simd = valid && !forced;
  }
  return simd;
}

/**
 * Fetches and compiles the wasm file (streaming where the server sends
 * `application/wasm`), once for the whole page.
 * @param {URL | string} url
 */
async function compile(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A server that does not send application/wasm, or an older browser.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the simulation (${response.status} for ${url})`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/**
 * The compiled module (to send to workers) and the catalogue, loaded once
 * per page; a failed load is tried again on the next call.
 * @param {WasmLocation} wasmUrl where the core module's wasm file is (asked only on the first call)
 * @param {WasmLocation} [extraWasmUrl] where the extra module's is (asked on its first use)
 * @returns {Promise<{module: WebAssembly.Module, catalogue: Catalogue}>}
 */
export function loadCore(wasmUrl, extraWasmUrl) {
  if (extraWasmUrl && !extraUrl) extraUrl = extraWasmUrl;
  if (!loading) {
    const started = (async () => {
      const module = await compile(wasmUrl(wasmSimd()));
      glue.initSync({ module });
      return { module, catalogue: /** @type {Catalogue} */ (/** @type {unknown} */ (builtCatalogue)) };
    })();
    started.catch(() => {
      if (loading === started) loading = null;
    });
    loading = started;
  }
  return loading;
}

/**
 * The extra module (`renderSvg`, the sensitivity analysis' steps,
 * `calibrateThroughput`), fetched
 * and compiled on the first call; a failed load is tried again on the next.
 * @returns {Promise<ExtraGlue>}
 */
export function loadExtra() {
  if (!extraLoading) {
    const started = (async () => {
      if (!extraUrl) throw new Error('the location of the extra wasm module was not given (loadCore)');
      const compiling = compile(extraUrl(wasmSimd()));
      // Only what is used is named, so the bundler leaves out the glue's own loader (and the wasm file it would inline).
      const { initSync, renderSvg, sensitivityStep, sensitivityReduce, calibrateThroughput } = await import('../../pkg/velocity_cliff_extra.js');
      extraModule = await compiling;
      initSync({ module: extraModule });
      extra = { renderSvg, sensitivityStep, sensitivityReduce, calibrateThroughput };
      return extra;
    })();
    started.catch(() => {
      if (extraLoading === started) extraLoading = null;
    });
    extraLoading = started;
  }
  return extraLoading;
}

/**
 * Validates and fills in a scenario (`base`, as a file or link writes it;
 * undefined: the model's defaults) with `options` on top (as the CLI's flags
 * override `--link`: `{preset, strategies, runs, seed, weeks, threshold,
 * window, smoothing}`). Never throws for bad input: a refusal comes back as
 * the core's fields, its `field` a scenario path (`collapse.window`).
 * @param {Scenario | undefined} base
 * @param {Record<string, unknown>} [options]
 * @returns {{scenario: ResolvedScenario, error: null} | {scenario: null, error: Refusal}}
 */
export function resolveScenario(base, options) {
  try {
    return { scenario: /** @type {ResolvedScenario} */ (glue.resolve(base, options)), error: null };
  } catch (err) {
    return { scenario: null, error: errorFields(err) };
  }
}

/**
 * Decodes a share string: the scenario as the link wrote it (its seed a
 * decimal string) and a notice when the link is from another model version.
 * Throws the core's InputError for anything that is not a valid link.
 * @param {string} link
 * @returns {{scenario: Scenario, model_version: string, notice: string | null}}
 */
export function decodeShare(link) {
  return glue.decodeShare(link);
}

/**
 * A scenario as a share string `v1.…`: the core's payload, compressed by the
 * engine's raw DEFLATE (`deflateRaw`); rejects, with the core's InputError,
 * a scenario that would not simulate.
 * @param {Scenario} scenario
 * @returns {Promise<string>}
 */
export async function encodeShare(scenario) {
  const payload = glue.sharePayload(scenario);
  return glue.shareLink(await deflateRaw(payload));
}

/**
 * Reads a scenario file's (or an export's) text into the scenario as
 * written, its seed from the file's digits; throws naming the field.
 * @param {string} text
 * @returns {Scenario}
 */
export function parseScenarioFile(text) {
  return glue.parseScenarioFile(text);
}

/**
 * A figure of a result as SVG text: the CLI's `velocity-cliff render` bytes
 * for the same result; loads the extra module on first use. Rejects with
 * the core's InputError for a bad argument.
 * @param {string} resultJson the result's exact JSON text
 * @param {'velocity'|'survival'|'histogram'|'outcomes'|'cash'|'why'} chart
 * @param {number} width CSS px, 320 to 4000
 * @param {number} height CSS px, 200 to 4000
 * @param {'light'|'dark'} theme
 * @returns {Promise<string>}
 */
export async function renderSvg(resultJson, chart, width, height, theme) {
  const glue = await loadExtra();
  return glue.renderSvg(resultJson, chart, width, height, theme);
}

/** Adds up the partial accumulators of one scenario into its result. */
export const Merger = glue.Merger;

/**
 * A strategy rule in the core's plain words; throws the core's InputError
 * (field `rule.…`) for a rule that would not resolve.
 * @param {unknown} rule
 * @returns {string}
 */
export function describeRule(rule) {
  return glue.describeRule(rule);
}

/** @returns {ExtraGlue} */
function loadedExtra() {
  if (!extra) throw new Error('the extra wasm module is not loaded (sensitivityCore.load)');
  return extra;
}

/**
 * The core's side of a sensitivity analysis that runs on the main thread:
 * the next step and a parameter cell's outcome (sensitivity.js drives them;
 * the chunks are computed in the workers). They are in the extra module:
 * `load` loads it (the pool awaits it before an analysis starts), `loaded`
 * says whether it is, `module` is the compiled module the pool sends its
 * workers for the chunks.
 * @type {import('./sensitivity.js').SensitivityCore}
 */
export const sensitivityCore = {
  load: () => loadExtra().then(() => undefined),
  get loaded() {
    return extra !== null;
  },
  get module() {
    return extraModule;
  },
  step: (scenario, options, request, ranking, cells) => loadedExtra().sensitivityStep(scenario, options, request, ranking, cells),
  reduce: (scenario, options, request, cell, chunks) => loadedExtra().sensitivityReduce(scenario, options, request, cell, chunks),
};
