// A simulation worker of the page and the iframe page: receives the compiled
// wasm module once, then simulates run ranges on request and sends back the
// partial accumulators as bytes (the protocol is in protocol.js).
import { installWorker } from './protocol.js';

installWorker(/** @type {import('./protocol.js').WorkerScope} */ (/** @type {unknown} */ (self)));
