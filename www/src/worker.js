// A simulation worker: receives the compiled wasm module once, then simulates
// run ranges on request and sends back the partial accumulators as bytes.
import { initSync, runChunk } from '../pkg/velocity_cliff.js';

let ready = false;

self.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === 'init') {
    initSync({ module: msg.module });
    ready = true;
    self.postMessage({ type: 'ready' });
    return;
  }
  if (msg.type === 'chunk') {
    const { generation, chunkId, scenario, start, end } = msg;
    try {
      if (!ready) throw new Error('worker not initialised');
      const t0 = performance.now();
      const bytes = runChunk(scenario, start, end);
      const computeMs = performance.now() - t0;
      self.postMessage({ type: 'chunk', generation, chunkId, start, end, bytes, computeMs }, [bytes.buffer]);
    } catch (err) {
      self.postMessage({ type: 'error', generation, chunkId, message: String(err && err.message ? err.message : err) });
    }
  }
};
