// The simulation worker's protocol, shared by worker.js (the page's workers),
// the <velocity-cliff> module when it runs as its own worker, and the
// main-thread fallback of the component:
//   → {type: 'init', module}             ← {type: 'ready'}
//   → {type: 'chunk', generation, chunkId, scenario, start, end, work}
//   ← {type: 'chunk', generation, chunkId, start, end, work, bytes, computeMs} (bytes transferred)
//   ← {type: 'error', generation, chunkId, message}
// `work` (strategy-run-weeks) is passed through, so the pool can learn its
// speed from any chunk, even one of a job it has since dropped.
// No DOM here: this module is safe to load in a worker.
import { initSync, runChunk } from '../pkg/velocity_cliff.js';

let ready = false;

/**
 * Answers one message; returns the reply and the buffers to transfer, or null.
 * `init` on an already initialised module (the main-thread fallback) is a no-op.
 * @returns {{reply: object, transfer: Transferable[]} | null}
 */
export function handle(msg) {
  if (msg.type === 'init') {
    initSync({ module: msg.module });
    ready = true;
    return { reply: { type: 'ready' }, transfer: [] };
  }
  if (msg.type === 'chunk') {
    const { generation, chunkId, scenario, start, end, work } = msg;
    try {
      if (!ready) throw new Error('worker not initialised');
      const t0 = performance.now();
      const bytes = runChunk(scenario, start, end);
      const computeMs = performance.now() - t0;
      return { reply: { type: 'chunk', generation, chunkId, start, end, work, bytes, computeMs }, transfer: [bytes.buffer] };
    } catch (err) {
      return { reply: { type: 'error', generation, chunkId, message: String(err && err.message ? err.message : err) }, transfer: [] };
    }
  }
  return null;
}

/** Makes `scope` (a worker's global) answer the protocol. */
export function installWorker(scope) {
  scope.onmessage = (event) => {
    const out = handle(event.data);
    if (out) scope.postMessage(out.reply, out.transfer);
  };
}
