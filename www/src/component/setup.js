// How the component finds its wasm file and starts its workers, which
// depends on how it was bundled: the entry module says it once
// (`configure`). velocity-cliff.js (the single-file build) spawns its own
// module as the worker; embed.js (the iframe page) uses core/worker.js.

/** @type {{wasmUrl: import('../core/wasm.js').WasmLocation | null, extraWasmUrl?: import('../core/wasm.js').WasmLocation | null, createWorker: (() => Worker) | null}} */
export const config = { wasmUrl: null, extraWasmUrl: null, createWorker: null };

/**
 * Says where the wasm files are (the core module, and the extra module
 * loaded on first use, see core/wasm.js) and how to start a worker (null: no workers).
 * @param {Partial<typeof config>} options
 */
export function configure(options) {
  Object.assign(config, options);
}
