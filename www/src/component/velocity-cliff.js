// The <velocity-cliff> web component, built into one ES module
// (dist/velocity-cliff.js) with its wasm file beside it
// (dist/velocity-cliff.wasm, and dist/velocity-cliff-extra.wasm loaded on
// first use for the sensitivity analysis; `-scalar.wasm` the same without
// wasm SIMD, loaded where the engine has none). A page needs only
//   <script type="module" src=".../velocity-cliff.js"></script>
//   <velocity-cliff preset="b2b-saas" runs="1000"></velocity-cliff>
//
// The same module is also its own simulation worker: loaded as a module
// worker it answers the worker protocol (core/protocol.js) and touches no DOM.
import { installWorker } from '../core/protocol.js';
import { configure } from './setup.js';
import { defineElement } from './element.js';

// The package's exports (types in component-package/velocity-cliff.d.ts).
export { VelocityCliffElement, TAG } from './element.js';

/** The wasm files' names beside this module (variables, so Vite leaves them alone): the core module and the one loaded on first use, with SIMD or without. */
const WASM_FILE = 'velocity-cliff.wasm';
const EXTRA_WASM_FILE = 'velocity-cliff-extra.wasm';
const SCALAR_WASM_FILE = 'velocity-cliff-scalar.wasm';
const SCALAR_EXTRA_WASM_FILE = 'velocity-cliff-extra-scalar.wasm';

/** A worker's global scope has no document (and is a WorkerGlobalScope, which the DOM types do not name). */
const inWorker = typeof document === 'undefined' && 'WorkerGlobalScope' in globalThis;

/** @type {string | null} */
let blobUrl = null;

/** A module worker running this very file. */
function spawnSelf() {
  try {
    return new Worker(import.meta.url, { type: 'module' });
  } catch {
    // This file comes from another origin (a CDN): start a same-origin module
    // that imports it (the import needs CORS, as the <script> tag did). Where a
    // Content Security Policy forbids blob: workers this fails as well and the
    // engine computes on the main thread instead.
    if (!blobUrl) blobUrl = URL.createObjectURL(new Blob([`import ${JSON.stringify(import.meta.url)};\n`], { type: 'text/javascript' }));
    return new Worker(blobUrl, { type: 'module' });
  }
}

if (inWorker) {
  installWorker(/** @type {import('../core/protocol.js').WorkerScope} */ (/** @type {unknown} */ (self)));
} else {
  configure({
    wasmUrl: (simd) => new URL(simd ? WASM_FILE : SCALAR_WASM_FILE, import.meta.url),
    extraWasmUrl: (simd) => new URL(simd ? EXTRA_WASM_FILE : SCALAR_EXTRA_WASM_FILE, import.meta.url),
    createWorker: spawnSelf,
  });
  defineElement();
}
