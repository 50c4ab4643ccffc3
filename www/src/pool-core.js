// The worker pool: splits a scenario's runs into chunks by run index, hands
// them to workers, merges the partial accumulators with `Merger` and reports a
// progressive estimate, progress and the full result.
//
// This file never names a worker script: the caller passes `createWorker`
// (pool.js does, for the page; the <velocity-cliff> component passes one that
// spawns its own module, or computes on the main thread when it cannot). It
// can therefore be bundled into the single-file component without Vite
// inlining a worker into it.
//
// Newest input wins: every `run()` starts a new generation. Chunks of older
// generations still queued are dropped, and messages from chunks already in
// flight are ignored when they come back. Each worker holds at most one chunk,
// so no queue of stale work can build up however fast the input changes.

/** Work per chunk, in strategy-run-weeks (≈ 250 runs × 5 strategies × 260 weeks). */
export const CHUNK_WORK = 325_000;

/**
 * The number of runs in the first, progressive estimate.
 * @param {number} runs
 */
export function estimateRuns(runs) {
  return Math.min(runs, Math.max(50, Math.ceil(runs * 0.1)));
}

/**
 * Splits [start, end) into `parts` contiguous ranges of near-equal size.
 * @returns {Array<[number, number]>}
 */
function split(start, end, parts) {
  const out = [];
  const n = end - start;
  parts = Math.max(1, Math.min(parts, n));
  for (let i = 0; i < parts; i++) {
    const a = start + Math.floor((n * i) / parts);
    const b = start + Math.floor((n * (i + 1)) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * What a pool needs of a worker: `postMessage`, `onmessage`, `onerror` and,
 * optionally, `terminate` — a real `Worker` or anything that behaves like one.
 * @typedef {{postMessage(msg: any, transfer?: Transferable[]): void, onmessage: ((e: {data: any}) => void) | null, onerror: ((e: {message?: string}) => void) | null, terminate?(): void}} WorkerLike
 */

export class WorkerPool {
  /**
   * @param {object} o
   * @param {number} o.size number of workers
   * @param {WebAssembly.Module} o.module the compiled simulation module
   * @param {new (scenario: string) => {add(b: Uint8Array): void, finish(): string, runs: number, free?(): void}} o.Merger
   * @param {(e: {generation: number, kind: 'estimate'|'full', json: string, runs: number}) => void} o.onResult
   * @param {(e: {generation: number, done: number, total: number, estimating: boolean}) => void} o.onProgress
   * @param {(e: {generation: number, message: string}) => void} o.onError
   * @param {() => WorkerLike} o.createWorker makes one worker running worker-core.js's protocol
   * @param {number} [o.chunkWork] work per chunk in strategy-run-weeks (smaller = more, shorter tasks)
   */
  constructor({ size, module, Merger, onResult, onProgress, onError, createWorker, chunkWork = CHUNK_WORK }) {
    this.size = size;
    this.createWorker = createWorker;
    this.chunkWork = chunkWork;
    this.Merger = Merger;
    this.onResult = onResult;
    this.onProgress = onProgress;
    this.onError = onError;
    this.generation = 0;
    /** Compute time of every chunk of the current generation, for benchmarks. */
    this.computeMs = 0;
    this.job = null;
    this.workers = [];
    this.readyPromise = Promise.all(
      Array.from({ length: size }, () => this.spawn(module)),
    );
  }

  spawn(module) {
    return new Promise((resolve) => {
      const worker = this.createWorker();
      const slot = { worker, busy: false, ready: false };
      worker.onmessage = (event) => {
        const msg = event.data;
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve();
          this.pump();
          return;
        }
        slot.busy = false;
        this.receive(msg);
        this.pump();
      };
      worker.onerror = (event) => {
        slot.busy = false;
        this.onError({ generation: this.generation, message: `worker failed: ${event.message || 'unknown error'}` });
      };
      worker.postMessage({ type: 'init', module });
      this.workers.push(slot);
    });
  }

  /**
   * Starts simulating a resolved scenario; cancels whatever ran before.
   * @param {string} scenario resolved scenario JSON
   * @param {{runs: number, weeks: number, strategies: number}} shape
   * @returns {number} the new generation
   */
  run(scenario, { runs, weeks, strategies }) {
    const generation = ++this.generation;
    if (this.job) this.job.merger.free?.();
    const first = estimateRuns(runs);
    const perChunk = Math.max(1, Math.round(this.chunkWork / Math.max(1, weeks * strategies)));
    const estimateChunks = first < runs ? split(0, first, Math.max(this.size, Math.ceil(first / perChunk))) : [];
    const restStart = first < runs ? first : 0;
    const rest = runs - restStart;
    const parts = Math.max(this.size, Math.ceil(rest / perChunk));
    const restChunks = split(restStart, runs, parts);
    this.computeMs = 0;
    this.job = {
      generation,
      scenario,
      runs,
      merger: new this.Merger(scenario),
      queue: [...estimateChunks, ...restChunks],
      estimateLeft: estimateChunks.length,
      held: [],
      done: 0,
      failed: false,
    };
    this.onProgress({ generation, done: 0, total: runs, estimating: estimateChunks.length > 0 });
    this.pump();
    return generation;
  }

  /** Drops the work in flight (for an invalid input); the last paint stays. */
  cancel() {
    this.generation += 1;
    if (this.job) this.job.merger.free?.();
    this.job = null;
  }

  /** Stops every worker; the pool cannot be used afterwards. */
  terminate() {
    this.cancel();
    for (const slot of this.workers) slot.worker.terminate?.();
    this.workers = [];
  }

  /** Gives queued chunks of the current generation to idle workers. */
  pump() {
    const job = this.job;
    if (!job || job.failed) return;
    for (const slot of this.workers) {
      if (!job.queue.length) break;
      if (!slot.ready || slot.busy) continue;
      const [start, end] = job.queue.shift();
      slot.busy = true;
      slot.worker.postMessage({ type: 'chunk', generation: job.generation, chunkId: start, scenario: job.scenario, start, end });
    }
  }

  receive(msg) {
    const job = this.job;
    if (!job || msg.generation !== job.generation || job.failed) return; // stale: drop
    if (msg.type === 'error') {
      job.failed = true;
      this.onError({ generation: job.generation, message: msg.message });
      return;
    }
    this.computeMs += msg.computeMs;
    const isEstimate = msg.start < estimateRuns(job.runs) && job.estimateLeft > 0;
    if (job.estimateLeft > 0 && !isEstimate) {
      job.held.push(msg.bytes); // a later chunk finished before the estimate: keep it aside
      return;
    }
    job.merger.add(msg.bytes);
    job.done += msg.end - msg.start;
    if (isEstimate) {
      job.estimateLeft -= 1;
      if (job.estimateLeft === 0) {
        this.onResult({ generation: job.generation, kind: 'estimate', json: job.merger.finish(), runs: job.done });
        if (this.job !== job) return;
        for (const bytes of job.held) job.merger.add(bytes);
        job.done = job.merger.runs;
        job.held = [];
      }
    }
    this.onProgress({ generation: job.generation, done: job.done, total: job.runs, estimating: job.estimateLeft > 0 });
    if (job.done === job.runs) {
      const json = job.merger.finish();
      job.merger.free?.();
      this.job = null;
      this.onResult({ generation: job.generation, kind: 'full', json, runs: job.runs });
    }
  }
}
