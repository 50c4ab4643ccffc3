// The simulation worker's protocol, shared by worker.js (the page's and the
// iframe page's workers), the <velocity-cliff> module when it runs as its own
// worker, and the main-thread fallback of the pool (pool.js):
//   → {type: 'init', module}             ← {type: 'ready'}
//   → {type: 'chunk', generation, chunkId, scenario, start, end, work}
//   ← {type: 'chunk', generation, chunkId, start, end, work, bytes, computeMs} (bytes transferred)
//   ← {type: 'error', generation, chunkId, message, error: {field, value, allowed, message} | null}
// `scenario` is the resolved scenario object of `resolve()`. `work`
// (strategy-run-weeks) is passed through, so the pool can learn its speed
// from any chunk, even one of a job it has since dropped.
//
// The chunk itself is answered in Rust (`answerChunk`): it simulates the run
// range, times it on this thread's `performance.now()`, and returns the reply
// with the partial accumulator's bytes and their buffer as the transfer list.
// Posting stays here: the main-thread fallback takes the same reply without
// a worker scope to post from.
// No DOM here: this module is safe to load in a worker.
import { initSync, answerChunk } from '../../pkg/velocity_cliff.js';

/** @typedef {import('./result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('./errors.js').Refusal} Refusal */

/** @typedef {{type: 'init', module: WebAssembly.Module}} InitMessage */
/** @typedef {{type: 'chunk', generation: number, chunkId: number, scenario: ResolvedScenario, start: number, end: number, work: number}} ChunkRequest */
/** @typedef {InitMessage | ChunkRequest} Request */
/** @typedef {{type: 'ready'}} ReadyReply */
/** @typedef {{type: 'chunk', generation: number, chunkId: number, start: number, end: number, work: number, bytes: Uint8Array, computeMs: number}} ChunkReply */
/** @typedef {{type: 'error', generation: number, chunkId: number, message: string, error: Refusal | null}} ErrorReply */
/** @typedef {ReadyReply | ChunkReply | ErrorReply} Reply */
/** @typedef {{reply: Reply, transfer: Transferable[]}} Answer */

let ready = false;

/**
 * A reply for a chunk that could not be computed at all.
 * @param {ChunkRequest} msg
 * @param {unknown} err
 * @returns {Answer}
 */
function failed(msg, err) {
  const message = String(err instanceof Error ? err.message : err);
  return { reply: { type: 'error', generation: msg.generation, chunkId: msg.chunkId, message, error: null }, transfer: [] };
}

/**
 * Answers one message; returns the reply and the buffers to transfer, or null.
 * `init` on an already initialised module (the main-thread fallback) is a no-op.
 * @param {Request} msg
 * @returns {Answer | null}
 */
export function handle(msg) {
  if (msg.type === 'init') {
    initSync({ module: msg.module });
    ready = true;
    return { reply: { type: 'ready' }, transfer: [] };
  }
  if (msg.type === 'chunk') {
    if (!ready) return failed(msg, 'worker not initialised');
    try {
      return /** @type {Answer} */ (answerChunk(msg));
    } catch (err) {
      return failed(msg, err); // a trap of the module (out of memory): reported, not thrown
    }
  }
  return null;
}

/**
 * What `installWorker` needs of a worker's global scope.
 * @typedef {{onmessage: ((event: MessageEvent) => void) | null, postMessage(message: unknown, transfer: Transferable[]): void}} WorkerScope
 */

/**
 * Makes `scope` (a worker's global) answer the protocol.
 * @param {WorkerScope} scope
 */
export function installWorker(scope) {
  scope.onmessage = (event) => {
    const out = handle(event.data);
    if (out) scope.postMessage(out.reply, out.transfer);
  };
}
