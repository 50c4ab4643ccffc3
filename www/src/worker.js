// A simulation worker of the page: receives the compiled wasm module once,
// then simulates run ranges on request and sends back the partial
// accumulators as bytes (the protocol is in worker-core.js).
import { installWorker } from './worker-core.js';

installWorker(self);
