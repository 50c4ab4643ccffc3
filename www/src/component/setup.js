// How the component finds its wasm file and starts its workers, which
// depends on how it was bundled: the entry module says it once
// (`configure`). velocity-cliff.js (the single-file build) spawns its own
// module as the worker; embed.js (the iframe page) uses core/worker.js.

/** @type {{wasmUrl: (() => URL | string) | null, createWorker: (() => Worker) | null}} */
export const config = { wasmUrl: null, createWorker: null };

/**
 * Says where the wasm file is and how to start a worker (null: no workers).
 * @param {Partial<typeof config>} options
 */
export function configure(options) {
  Object.assign(config, options);
}
