// The simulation worker's protocol, shared by worker.js (the page's and the
// iframe page's workers), the <velocity-cliff> module when it runs as its own
// worker, and the main-thread fallback of the pool (pool.js):
//   → {type: 'init', module}             ← {type: 'ready'}
//   → {type: 'init-extra', module}       (no reply; before a worker's first sensitivity chunk)
//   → {type: 'chunk', generation, chunkId, scenario?, start, end, work, result?, keep?, flush?, hold?}
//   ← {type: 'estimate', generation, chunkId, start, end, computeMs, prepareMs, json, columns, finishMs} (a chunk asked for its `result`, first; columns transferred)
//   ← {type: 'chunk', generation, chunkId, start, end, work, bytes?, runs, computeMs, prepareMs, json?, finishMs?} (bytes transferred)
//   → {type: 'flush', generation}       ← {type: 'flush', generation, runs, bytes?} (bytes transferred)
//   → {type: 'rejudge', generation, held, scenario, adopt?}  ← {type: 'rejudge', generation, runs, bytes?, computeMs} (bytes transferred)
//   → {type: 'adopt', generation, held}  (no reply; after every holder's extension of job `generation` is in)
//   → {type: 'sensitivity', generation, chunkId, scenario, request, cell, start, end, work}
//   ← {type: 'sensitivity', generation, chunkId, start, end, work, bytes, computeMs} (bytes transferred)
//   ← {type: 'error', job?: 'sensitivity', generation, chunkId, message, error: {field, value, allowed, message} | null}
// `scenario` is the resolved scenario object of `resolve()`, sent with a
// job's first chunk to each worker only: the worker reads and prepares it
// once (`Prepared`, in Rust) and answers the job's later chunks, which leave
// it out, from that. `computeMs` is the time spent simulating, `prepareMs`
// the time spent preparing the scenario (0 after a job's first chunk). A
// chunk from run 0 asked for its `result` also brings the result of its runs
// (made in `finishMs`): the first estimate, which the page paints before
// merging anything. The worker posts it as an `estimate` reply as soon as it
// is made — JSON text whose weekly columns are empty arrays (`json`) and
// those columns' values as one transferred `Float32Array` (`columns`; read
// by `readResult`, result.js) — and the chunk's reply with the bytes after it,
// so the page reads and paints while the bytes are written (a chunk asked to
// `keep` its runs has none to write: they join the worker's sum).
// `work`
// (strategy-run-weeks) is passed through, so the pool can learn its speed
// from any chunk, even one of a job it has since dropped.
// A chunk asked to `keep` its runs adds them to the worker's own sum of the
// job (in its `Prepared`) and is answered without bytes (`runs` 0); one
// asked to `flush` too, or a `flush` message, is answered with the bytes of
// every run the worker kept of the job (`runs` says how many), and the sum
// starts again. A new job's scenario drops whatever the worker kept.
// A chunk asked to `hold` its runs also keeps them — their sum and each
// run's trend — after it is answered, until a new job's scenario comes. A
// `rejudge` message then asks the worker to judge every run it holds of job
// `held` again under the collapse threshold and window of `scenario` (the
// same scenario otherwise) and answer with one partial of them, the bytes
// a simulation would give; `runs` is 0 and `bytes` absent when the worker
// holds none of that job (it has moved on to another). Where `scenario` adds
// strategies to the held job's, the worker simulates them alone for the
// runs it holds (an extension). Asked to `adopt` it, the worker keeps the
// new strategies' trends aside; an `adopt` message, which the page sends
// every holder once every extension is in, makes them part of the runs
// held, as job `generation`'s (the next `rejudge` names it in `held`). The
// next `rejudge` drops an extension not adopted (its job was cut short).
//
// The chunk itself is answered in Rust (`Prepared.answer`): it simulates the run
// range, times it on this thread's `performance.now()`, and returns the reply
// with the partial accumulator's bytes and their buffer as the transfer list.
// Posting stays here: the main-thread fallback takes the same reply without
// a worker scope to post from.
// A sensitivity chunk (`sensitivityChunk`: runs `start..end` of one cell of
// an analysis, see sensitivity.js) is answered the same way, timed here. It
// is in the extra wasm module (wasm.js), which the pool sends a worker once,
// before its first sensitivity chunk.
// No DOM here: this module is safe to load in a worker.
import { initSync, Prepared } from '../../pkg/velocity_cliff.js';
import { initSync as initExtra, sensitivityChunk } from '../../pkg/velocity_cliff_extra.js';
import { errorFields } from './errors.js';

/** @typedef {import('./result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('./errors.js').Refusal} Refusal */

/** @typedef {{type: 'init', module: WebAssembly.Module}} InitMessage */
/** @typedef {{type: 'init-extra', module: WebAssembly.Module}} InitExtraMessage */
/** @typedef {{type: 'chunk', generation: number, chunkId: number, scenario?: ResolvedScenario, start: number, end: number, work: number, result?: boolean, keep?: boolean, flush?: boolean, hold?: boolean}} ChunkRequest */
/** @typedef {{type: 'flush', generation: number}} FlushRequest */
/** @typedef {{type: 'adopt', generation: number, held: number}} AdoptRequest */
/** @typedef {{type: 'rejudge', generation: number, held: number, scenario: ResolvedScenario, adopt?: boolean}} RejudgeRequest */
/** @typedef {import('./sensitivity.js').SensitivityRequest} SensitivityRequest */
/** @typedef {import('./sensitivity.js').Cell} Cell */
/** @typedef {{type: 'sensitivity', generation: number, chunkId: number, scenario: ResolvedScenario, request: SensitivityRequest, cell: Cell, start: number, end: number, work: number}} SensitivityChunkRequest */
/** @typedef {InitMessage | InitExtraMessage | ChunkRequest | FlushRequest | RejudgeRequest | AdoptRequest | SensitivityChunkRequest} Request */
/** @typedef {{type: 'ready'}} ReadyReply */
/** @typedef {{type: 'chunk', generation: number, chunkId: number, start: number, end: number, work: number, bytes?: Uint8Array, runs: number, computeMs: number, prepareMs: number, json?: string, finishMs?: number}} ChunkReply */
/** @typedef {{type: 'flush', generation: number, runs: number, bytes?: Uint8Array}} FlushReply */
/** @typedef {{type: 'rejudge', generation: number, runs: number, bytes?: Uint8Array, computeMs: number}} RejudgeReply */
/** @typedef {{type: 'sensitivity', generation: number, chunkId: number, start: number, end: number, work: number, bytes: Uint8Array, computeMs: number}} SensitivityChunkReply */
/** @typedef {{type: 'error', job?: 'sensitivity', generation: number, chunkId: number, message: string, error: Refusal | null}} ErrorReply */
/** @typedef {{type: 'estimate', generation: number, chunkId: number, start: number, end: number, computeMs: number, prepareMs: number, json: string, columns: Float32Array, finishMs: number}} EstimateReply */
/** @typedef {ReadyReply | EstimateReply | ChunkReply | FlushReply | RejudgeReply | SensitivityChunkReply | ErrorReply} Reply */
/** A reply and what to transfer with it; `rest`, when present, makes the reply to post after it. @typedef {{reply: Reply, transfer: Transferable[], rest?: () => Answer}} Answer */

/**
 * What one worker (or one main-thread stand-in for a worker) keeps between
 * messages: the scenario of the job it is computing, prepared.
 * @typedef {{generation: number, prepared: Prepared | null}} WorkerState
 */

let ready = false;
let extraReady = false;

/** @returns {WorkerState} */
export function workerState() {
  return { generation: -1, prepared: null };
}

/**
 * A reply for a chunk that could not be computed at all.
 * @param {ChunkRequest | SensitivityChunkRequest} msg
 * @param {unknown} err
 * @returns {Answer}
 */
function failed(msg, err) {
  const message = String(err instanceof Error ? err.message : err);
  /** @type {ErrorReply} */
  const reply = { type: 'error', generation: msg.generation, chunkId: msg.chunkId, message, error: null };
  if (msg.type === 'sensitivity') reply.job = 'sensitivity';
  return { reply, transfer: [] };
}

/**
 * A reply for a chunk whose input the core refused, with the core's fields.
 * @param {ChunkRequest | SensitivityChunkRequest} msg
 * @param {unknown} err
 * @returns {Answer}
 */
function refused(msg, err) {
  const refusal = errorFields(err);
  const out = failed(msg, refusal.message);
  /** @type {ErrorReply} */ (out.reply).error = refusal.field === null ? null : refusal;
  return out;
}

/**
 * Computes one chunk of a job, preparing the job's scenario when the
 * message carries it (a job's first chunk to this worker).
 * @param {ChunkRequest} msg
 * @param {WorkerState} state
 * @returns {Answer}
 */
function chunk(msg, state) {
  if (msg.scenario !== undefined) {
    state.prepared?.free();
    state.prepared = null;
    try {
      state.prepared = new Prepared(msg.scenario);
    } catch (err) {
      return refused(msg, err);
    }
    state.generation = msg.generation;
  }
  if (!state.prepared || state.generation !== msg.generation) return failed(msg, `chunk of job ${msg.generation} without its scenario`);
  const prepared = state.prepared;
  try {
    // A chunk asked for its result answers with the text first (`early`), then with its bytes.
    const out = /** @type {Answer} */ (prepared.answer(msg.result ? { ...msg, early: true } : msg));
    if (out.reply.type === 'estimate') {
      out.rest = () => {
        try {
          return /** @type {Answer} */ (prepared.rest()) ?? failed(msg, 'the chunk was answered already');
        } catch (err) {
          return failed(msg, err);
        }
      };
    }
    return out;
  } catch (err) {
    return failed(msg, err); // a trap of the module (out of memory): reported, not thrown
  }
}

/**
 * Computes one sensitivity chunk; a refusal comes back with the core's fields.
 * @param {SensitivityChunkRequest} msg
 * @returns {Answer}
 */
function sensitivity(msg) {
  const started = performance.now();
  let bytes;
  try {
    bytes = sensitivityChunk(msg.scenario, undefined, msg.request, msg.cell, msg.start, msg.end);
  } catch (err) {
    return refused(msg, err);
  }
  const computeMs = performance.now() - started;
  const { generation, chunkId, start, end, work } = msg;
  return { reply: { type: 'sensitivity', generation, chunkId, start, end, work, bytes, computeMs }, transfer: [bytes.buffer] };
}

/**
 * Answers one message; returns the reply and the buffers to transfer, or null.
 * `init` on an already initialised module (the main-thread fallback) is a no-op.
 * @param {Request} msg
 * @param {WorkerState} state this worker's (`workerState()`)
 * @returns {Answer | null}
 */
export function handle(msg, state) {
  if (msg.type === 'init') {
    initSync({ module: msg.module });
    ready = true;
    return { reply: { type: 'ready' }, transfer: [] };
  }
  if (msg.type === 'chunk') {
    if (!ready) return failed(msg, 'worker not initialised');
    return chunk(msg, state);
  }
  if (msg.type === 'flush') {
    // The runs this worker kept of the job; none when it has moved on to another.
    if (!state.prepared || state.generation !== msg.generation) return { reply: { type: 'flush', generation: msg.generation, runs: 0 }, transfer: [] };
    return /** @type {Answer} */ (state.prepared.flush(msg.generation));
  }
  if (msg.type === 'rejudge') {
    /** @type {Answer} */
    const none = { reply: { type: 'rejudge', generation: msg.generation, runs: 0, computeMs: 0 }, transfer: [] };
    // The runs held of job `held`; none when this worker has moved on to another job.
    if (!ready || !state.prepared || state.generation !== msg.held) return none;
    try {
      return /** @type {Answer} */ (state.prepared.rejudge(msg.generation, msg.scenario, msg.adopt === true));
    } catch {
      return none; // a scenario the core refuses, or a trap: the page simulates instead
    }
  }
  if (msg.type === 'adopt') {
    // The extension of job `generation` (asked to adopt) becomes the runs held: they are that job's now.
    if (ready && state.prepared && state.generation === msg.held && state.prepared.adopt(msg.generation)) state.generation = msg.generation;
    return null;
  }
  if (msg.type === 'init-extra') {
    initExtra({ module: msg.module });
    extraReady = true;
    return null;
  }
  if (msg.type === 'sensitivity') {
    if (!ready || !extraReady) return failed(msg, 'worker not initialised for the sensitivity analysis');
    return sensitivity(msg);
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
  const state = workerState();
  scope.onmessage = (event) => {
    const out = handle(event.data, state);
    if (!out) return;
    scope.postMessage(out.reply, out.transfer);
    if (!out.rest) return;
    const more = out.rest();
    scope.postMessage(more.reply, more.transfer);
  };
}
