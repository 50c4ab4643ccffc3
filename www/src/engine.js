// The <velocity-cliff> component's engine: loads and compiles the wasm module
// once per page (every instance shares it), turns an element's attributes into
// a validated scenario, and gives each instance its own worker pool.
//
// Where the wasm file and the worker script are depends on how the component
// was bundled, so the entry module says it with `configure()`:
// velocity-cliff.js (the single-file build) spawns its own module as the
// worker; embed.js (the iframe page) uses the page's worker.js.
//
// When no worker can be made — construction throws, or the worker fails to
// load before it is ready (another origin, a Content Security Policy without
// workers) — the same protocol runs on the main thread, one short chunk per
// task so the host page stays responsive. Results are the same bytes either
// way: chunks are run-index ranges and merging is exact.
import { initSync, catalogue, resolve, decodeShare, Merger } from '../pkg/velocity_cliff.js';
import { WorkerPool, CHUNK_WORK } from './pool-core.js';
import { handle } from './worker-core.js';
import { errorFields } from './input-error.js';

/** Work per chunk on the main thread before its speed is measured: a few tens of milliseconds. */
export const MAIN_THREAD_CHUNK_WORK = 40_000;
/** Compute time per chunk on the main thread once its speed is measured: one short task. */
export const MAIN_THREAD_CHUNK_MS = 25;

/** @type {{wasmUrl: (() => URL | string) | null, createWorker: (() => Worker) | null}} */
const config = { wasmUrl: null, createWorker: null };

/**
 * Says where the wasm file is and how to start a worker (null: no workers).
 * @param {Partial<typeof config>} options
 */
export function configure(options) {
  Object.assign(config, options);
}

let loading = null;

/**
 * The compiled module and the catalogue, loaded once for every instance.
 * @returns {Promise<{module: WebAssembly.Module, catalogue: any}>}
 */
export function loadWasm() {
  if (!loading) {
    loading = (async () => {
      if (!config.wasmUrl) throw new Error('the component was not configured with the location of its wasm file');
      const url = config.wasmUrl();
      let module;
      try {
        module = await WebAssembly.compileStreaming(fetch(url));
      } catch {
        // A server that does not send application/wasm, or an older browser.
        const response = await fetch(url);
        if (!response.ok) throw new Error(`could not load the simulation (${response.status} for ${url})`);
        module = await WebAssembly.compile(await response.arrayBuffer());
      }
      initSync({ module });
      return { module, catalogue: catalogue() };
    })();
    loading.catch(() => {
      loading = null; // let a later attribute change try again
    });
  }
  return loading;
}

/**
 * A refusal of the core, worded for attributes: the field `options.runs` is
 * the attribute `runs`. Anything that is not an input error keeps its message.
 */
export function attributeMessage(err) {
  const { field, value, allowed, message } = errorFields(err);
  if (field === null) return message;
  const name = field.startsWith('options.') ? field.slice('options.'.length) : field;
  return `invalid ${name}: ${value} (allowed: ${allowed})`;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** An attribute's number, or its raw text when it is not one (the core then names it). */
function numberOrText(text) {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : t;
}

/**
 * The share string in an attribute: a bare `v1.…`, a `#v1.…` hash or a whole
 * link whose hash is the share string.
 */
export function shareOf(text) {
  const hash = text.lastIndexOf('#');
  return (hash >= 0 ? text.slice(hash + 1) : text).trim();
}

/**
 * Reads an element's scenario attributes into a resolved scenario. The
 * `scenario` attribute (a share string) is the base; the others override it
 * exactly like the CLI's flags override `--link`. Throws the core's
 * InputError (`field`, `value`, `allowed`; see `attributeMessage`).
 * @param {{getAttribute(name: string): string | null}} el
 * @returns {{scenario: any, key: string, seed: string, notice: string | null}}
 *   `scenario`: the resolved scenario object (its seed a decimal string);
 *   `key`: its JSON, equal for equal scenarios
 */
export function readScenario(el) {
  let base; // undefined: the model's defaults
  let notice = null;
  const link = el.getAttribute('scenario');
  if (link !== null) {
    const decoded = decodeShare(shareOf(link));
    base = decoded.scenario;
    notice = decoded.notice;
  }
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
  const scenario = resolve(base, options);
  return { scenario, key: JSON.stringify(scenario), seed: scenario.seed, notice };
}

/**
 * Runs the worker protocol on the main thread: each chunk is computed in a
 * task of its own and its reply is delivered in the next one (where the pool
 * merges and may paint), so the page can render and handle input in between.
 */
export class MainThreadWorker {
  constructor() {
    this.onmessage = null;
    this.onerror = null;
    this.closed = false;
  }

  postMessage(msg) {
    setTimeout(() => {
      if (this.closed) return;
      const out = handle(msg);
      if (out) setTimeout(() => !this.closed && this.onmessage?.({ data: out.reply }), 0);
    }, 0);
  }

  terminate() {
    this.closed = true;
  }
}

/** Set once a worker could not even be constructed here: later pools go straight to the main thread. */
let noWorkers = false;

/**
 * A worker that becomes a MainThreadWorker when the real one cannot be made or
 * fails before it is ready; the `init` message is replayed to the replacement.
 */
class FallbackWorker {
  constructor(onFallback) {
    this.onmessage = null;
    this.onerror = null;
    this.ready = false;
    this.init = null;
    this.onFallback = onFallback;
    this.inner = null;
    if (!noWorkers && config.createWorker) {
      try {
        this.inner = config.createWorker();
      } catch {
        noWorkers = true;
      }
    }
    if (this.inner) this.wire();
    else this.fallBack();
  }

  wire() {
    const inner = this.inner;
    inner.onmessage = (event) => {
      if (event.data && event.data.type === 'ready') this.ready = true;
      this.onmessage?.(event);
    };
    inner.onerror = (event) => {
      if (!this.ready && !(inner instanceof MainThreadWorker)) {
        event.preventDefault?.();
        inner.terminate?.();
        this.fallBack();
        if (this.init) this.inner.postMessage(this.init);
        return;
      }
      this.onerror?.(event);
    };
  }

  fallBack() {
    this.inner = new MainThreadWorker();
    this.wire();
    this.onFallback();
  }

  postMessage(msg, transfer) {
    if (msg && msg.type === 'init') this.init = msg;
    this.inner.postMessage(msg, transfer);
  }

  terminate() {
    this.inner.terminate?.();
  }
}

/**
 * A worker pool for one instance. `pool.engine` says where it computes:
 * 'worker' or 'main-thread'.
 * @param {WebAssembly.Module} module
 * @param {{onResult: Function, onProgress: Function, onError: Function}} handlers
 */
export function createPool(module, handlers) {
  let pool = null;
  let fellBack = false;
  const onFallback = () => {
    fellBack = true;
    if (pool) {
      pool.engine = 'main-thread';
      pool.chunkWork = MAIN_THREAD_CHUNK_WORK;
      pool.chunkMs = MAIN_THREAD_CHUNK_MS;
      pool.parallel = 1;
    }
  };
  const cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2;
  const size = noWorkers || !config.createWorker ? 1 : Math.max(1, Math.min(2, cores));
  pool = new WorkerPool({ size, module, Merger, createWorker: () => new FallbackWorker(onFallback), chunkWork: CHUNK_WORK, ...handlers });
  pool.engine = fellBack ? 'main-thread' : 'worker';
  if (fellBack) {
    pool.chunkWork = MAIN_THREAD_CHUNK_WORK;
    pool.chunkMs = MAIN_THREAD_CHUNK_MS;
    pool.parallel = 1;
  }
  return pool;
}
