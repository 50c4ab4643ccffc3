// The worker pool: splits a scenario's runs into chunks by run index, hands
// them to workers, merges the partial accumulators with `Merger` and reports a
// progressive estimate, progress and the full result. `createPool` is the one
// factory both fronts use: it adds the main-thread fallback.
//
// This file never names a worker script: the caller passes `createWorker`
// (the page and the iframe page start worker.js; the single-file component
// spawns its own module). It can therefore be bundled into the single-file
// component without Vite inlining a worker into it.
//
// When no worker can be made — construction throws, or the worker fails to
// load before it is ready (another origin, a Content Security Policy without
// workers) — the same protocol runs on the main thread, one short chunk per
// task so the host page stays responsive. Results are the same bytes either
// way: chunks are run-index ranges and merging is exact.
//
// A pool made by `createPool` starts one worker; the others start once it
// has delivered its first result or error (`startWorkers`, `grow`), in a task
// after it. A job's first estimate computes on one worker alone anyway (see
// below), and on a machine with few cores the other workers' start-up (a
// thread, their script, their instance of the module) would share the cores
// with that estimate and its paint: on a 2-core machine a cold load's first
// chart came 115–156 ms sooner this way, the full result no later
// (BENCHMARKS.md). A job without an estimate and a sensitivity analysis
// start them at once; the workshop's runner, whose jobs have none, starts
// every worker with the pool.
//
// A worker is given chunks from the moment it is started, before it says it
// is ready: a worker takes its messages in order, so the chunks wait in its
// queue behind `init`, and the first computes as soon as the module is
// instantiated, without a round trip through a main thread that is still
// busy building the page. A worker that fails before it is ready has every
// message it was sent replayed to its main-thread replacement.
//
// Time, not run counts, sets the pace. The pool measures how fast its workers
// simulate (strategy-run-weeks per millisecond of compute, from the `computeMs`
// every chunk reports) and keeps that speed across jobs. A job's first chunk
// is small — as many runs as one worker computes in FIRST_PAINT_MS at that
// speed (a fixed amount of work on the very first job) — so the first
// estimate is painted a frame after the input, whatever the job's size. It
// computes alone: on a machine with as many cores as workers, the other
// workers' chunks would share its core with the page's own work and slow the
// first paint. As it comes back, the rest is spread evenly over the workers
// in as few chunks as CHUNK_MS allows, so little time goes to round trips
// and merging, and progress keeps arriving — in chunks of BURST_CHUNK_MS
// when the job cut a running one short (inputs in a burst) or its runs are
// summed in the workers (a chunk then costs no merge), so the next input's
// job does not wait long for a worker. Every worker gets the same
// number of chunks, all of one size (`chunkSize`): chunks cut at the limit
// until the runs run out would leave one worker a short last chunk and the
// others idle while the last full one computes.
//
// A worker is sent a job's scenario with the first chunk it computes of that
// job only; it prepares the scenario once and answers the job's later chunks
// from it (protocol.js).
//
// Chunks are merged in run-index order (a chunk that finishes early waits for
// the ones before it), so whatever has been merged is always runs [0, n): every
// estimate is the result of `simulate --runs n`, and the full result does not
// depend on how the runs were chunked (merging is exact).
//
// A job the pool expects to finish within REFINE_MS (the default comparison,
// every job of a burst) has no estimate to refine after its first, so its
// workers keep its runs (`keep`): each adds its chunks to its own sum of the
// job and sends that sum's bytes once, with its last chunk or when asked
// (`flush`) as nothing is left to hand out. The page then reads and merges
// one partial per worker instead of one per chunk, and a chunk costs no
// merge, so a burst's short chunks cost the main thread nothing but their
// messages. Those partials hold runs in any order; the full result is the
// same bytes, merging being exact.
//
// Where the caller asks (`holdWork`: the page), a job of at most that much
// work has its workers hold its runs (`hold`): each keeps every run's trend,
// the smoothed velocity and factors of every week collapse is judged on, and
// the pool keeps the job's merger. A later job whose scenario differs from
// the held job's only in the collapse threshold or window — what the
// threshold slider changes — is not simulated: each of those workers judges
// its runs again under the new rule (`rejudge`) and sends the tallies the
// rule decides, which the pool adds to a copy of the held merger without
// them (`Merger.rejudged`, `addJudged`): the bytes a simulation would give.
// A job with some of the held job's strategies (others unticked) and a new
// rule is judged the same way: every held strategy under the new rule, then
// its own read off them (`finishColumnsFor`), as an untick alone is.
// The rule changes nothing a run does, only how its trend is read.
// A job with a strategy the held job did not have (one added, or a held one
// with a setting edited), the rest among the held ones and a rule perhaps
// new, simulates that strategy alone: each holder runs it for the runs it
// holds (they meet the same draws whatever strategies stand beside them),
// judges every strategy and sends both (`Merger.extended`), so an edit in
// the strategy editor costs one strategy's runs, not all of them. Once every
// holder's answer is in, each is told to adopt its extension (`adopt`): it
// holds its runs with the new strategies beside the held ones (an edited
// strategy's old version dropped), and the extended job becomes the held
// job, so the next edit is simulated alone too and a threshold dragged after
// it is judged again. An extension cut short by another job is never
// adopted, so the holders always hold the runs of one scenario. Any
// job that simulates replaces the held runs; a worker that no longer holds them
// answers with none, and the job is then simulated after all.
//
// A job whose scenario is the last finished job's with more runs, nothing
// else changed, and too large to hold its runs, simulates only the runs
// after that job's (`grown`): a run's draws depend on its index, not on how
// many runs there are, so the finished job's merger (`Merger.grown`) plus
// the new runs' partials is the bytes a simulation of every run gives. The
// result on screen stands as its estimate until the merged runs double.
//
// Newest input wins: every `run()` starts a new generation. Chunks of older
// generations are never handed out, and messages from chunks already in
// flight are ignored when they come back (their compute time still teaches
// the pool its speed). Each worker holds at most one chunk, so no queue of
// stale work can build up however fast the input changes.
//
// A sensitivity analysis (`runSensitivity`, driven by sensitivity.js) is a
// second kind of job on the same workers: its chunks go to workers the
// simulation leaves idle (the simulation of the newest input comes first),
// and it has generations of its own, so a newer analysis cancels the older
// one without touching the simulation, and the other way round.

import { handle, workerState } from './protocol.js';
import { errorFields } from './errors.js';
import { SensitivityRun } from './sensitivity.js';

/** @typedef {import('./protocol.js').Request} Request */
/** @typedef {import('./protocol.js').Reply} Reply */
/** @typedef {import('./protocol.js').ChunkReply} ChunkReply */
/** @typedef {import('./result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('./errors.js').Refusal} Refusal */

/** Work per chunk before the workers' speed is measured, in strategy-run-weeks (≈ 250 runs × 5 strategies × 260 weeks). */
export const CHUNK_WORK = 325_000;
/**
 * Compute time of a job's first chunk (its first estimate) on one worker:
 * with its summary, the round trip and the paint, within a frame or two of
 * the input. Where a worker is slow, MIN_ESTIMATE_RUNS decides instead (on a
 * 2-core machine, the default comparison's 20 runs take about 6 ms).
 */
export const FIRST_PAINT_MS = 4;
/** Compute time per chunk after the estimate, at most: progress arrives at least this often per worker. */
export const CHUNK_MS = 500;
/**
 * Chunks are made at least this many times longer than merging one chunk on
 * the main thread takes for every worker (a partial accumulator is megabytes
 * whatever its runs), so merging never holds the workers up: where merging is
 * slow (a busy machine, many strategies or weeks), chunks grow past CHUNK_MS.
 */
export const MERGE_RATIO = 4;
/**
 * Compute time per chunk after the estimate, at most, for a job that cut a
 * running one short (inputs coming in a burst: a slider dragged, a seed
 * typed) and for a job whose runs are summed in its workers (the default
 * comparison: its chunks cost no merge): the next input's job then waits at
 * most this long for a worker, where a CHUNK_MS chunk (one per worker for
 * the default comparison) would hold it for the whole job — the first input
 * of a burst does not know it is one. Chunks merged one by one are still at
 * least MERGE_RATIO × workers × a merge long.
 */
export const BURST_CHUNK_MS = 50;
/** Work of the first estimate while the pool has measured nothing yet (20 runs × 5 strategies × 260 weeks). */
export const FIRST_ESTIMATE_WORK = 26_000;
/**
 * Work of a job, at most, whose workers hold its runs' trends for `rejudge`,
 * in strategy-run-weeks, where the user can change the threshold or window
 * after a result (the page: `holdWork`): each judged week takes 80 bytes in
 * its worker, so such a job holds at most 128 MB across the pool (the
 * default comparison, 1.3 M, about 65 MB: a third of its weeks come after a
 * run ran out of cash, which are not judged). The default comparison with a
 * strategy of one's own beside it (1.56 M) holds too, so its next edit and
 * its threshold are not simulated. Embeds and the workshop, whose rule does
 * not change under the user's hand, hold nothing.
 */
export const HOLD_WORK = 1_600_000;
/** The smallest estimate worth painting, in runs. */
export const MIN_ESTIMATE_RUNS = 20;
/** Work per chunk on the main thread before its speed is measured: a few tens of milliseconds. */
export const MAIN_THREAD_CHUNK_WORK = 40_000;
/** Compute time per chunk on the main thread once its speed is measured: one short task. */
export const MAIN_THREAD_CHUNK_MS = 25;
/**
 * Compute time over which the measured speed forgets half of what it knew
 * (`measure`). A cold load's first jobs run the core module before the
 * engine has optimised it, at about half the later speed; with a longer
 * memory they kept sizing the chunks of the next dozen jobs for that speed.
 */
export const SPEED_HALF_LIFE_MS = 1000;
/** Progress events of a job are at least this far apart: with CHUNK_MS, one arrives at least every second. */
export const PROGRESS_MS = 500;
/** From this long after a job's first chunk, its rate is measured on the job itself (before: the pool's speed). */
export const RATE_MS = 2000;
/** A running job repaints its estimate when the merged runs have doubled, at most this often. */
export const REFINE_MS = 1000;
/**
 * The full results the pool keeps (the least recently shown dropped first),
 * so a scenario simulated before (an undo, the browser's back button, a
 * slider or a preset returned to where it was) is shown again without
 * simulating: at most this many,
 * and at most RESULTS_KEPT_BYTES of text and columns in all (about 0.45 MB
 * each at the default comparison's size, a character or a column's value
 * counted as 1 and 4 bytes). The same scenario and model give the same
 * bytes, so a kept result is the result a new job would make.
 */
export const RESULTS_KEPT = 8;
export const RESULTS_KEPT_BYTES = 24_000_000;

/**
 * What a pool needs of a worker: `postMessage`, `onmessage`, `onerror` and,
 * optionally, `terminate` — a real `Worker` or anything that behaves like one.
 * @typedef {object} WorkerLike
 * @property {(msg: Request, transfer?: Transferable[]) => void} postMessage
 * @property {((e: {data: Reply}) => void) | null} onmessage
 * @property {((e: {message?: string, preventDefault?(): void}) => void) | null} onerror
 * @property {() => void} [terminate]
 */

/**
 * A result as the core's `Merger.finishColumns` hands it out: JSON text
 * whose weekly columns are empty, and those columns' values (`readResult`
 * of result.js reads them; `Merger.text` gives the exact text) — or, with
 * no `columns`, the whole text.
 * @typedef {{json: string, columns?: Float32Array}} Split
 */
/**
 * What the pool needs of the core's `Merger`.
 * `finishColumns`: the result of the runs added so far (`Split`).
 * `finishColumnsFor`: the result of some of its scenario's strategies, read
 * off every run of it without simulating, or undefined (optional).
 * `rejudged`: a merger of every run of it for the same scenario with
 * another collapse threshold or window, without the tallies the rule
 * decides, to which `addJudged` adds each worker's tallies of its runs
 * judged under the new rule (`Prepared.rejudge`); undefined where it cannot
 * (optional, as `finishColumnsFor`).
 * `extended`: a merger of every run of it for a scenario that adds
 * strategies to its own (a strategy added or edited; some of its own left
 * out, another threshold or window perhaps), to which `addJudged` adds each
 * worker's runs with the new strategies simulated alone and every strategy
 * judged (`Prepared.rejudge`); undefined where it cannot (optional).
 * @typedef {{add(b: Uint8Array): void, addJudged?(b: Uint8Array): void, finishColumns(): Split, finishColumnsFor?(scenario: ResolvedScenario): Split | undefined, rejudged?(scenario: ResolvedScenario): MergerLike | undefined, extended?(scenario: ResolvedScenario): MergerLike | undefined, grown?(scenario: ResolvedScenario): MergerLike | undefined, readonly runs: number, free?(): void}} MergerLike
 * `text`: the exact JSON text of a result's json and columns (the CLI's bytes).
 * @typedef {{new (scenario: ResolvedScenario): MergerLike, text(json: string, columns: Float32Array): string}} MergerClass
 */
/**
 * Where a job's time went so far, in milliseconds: on the main thread
 * `dispatch` (posting chunks), `merge` (`Merger.add`) and `finish` (the
 * result's text and columns, `Merger.finishColumns`; for the first
 * estimate, made in its worker); in the workers `prepare` (reading the scenario, once per worker)
 * and `compute` (simulating), summed over workers; `chunks` the number of
 * chunks.
 * @typedef {{dispatch: number, prepare: number, compute: number, merge: number, finish: number, chunks: number}} Phases
 */
/**
 * A result to paint: `json` and `columns` (`Split`), which `readResult`
 * (result.js) reads; `text()` the exact JSON text (the CLI's bytes; made
 * when first asked for, for an export or a figure). `kept`: a full result shown without simulating: one the
 * pool kept from an earlier job of the same scenario (its phases all 0), or
 * some of the last finished job's strategies read off its runs (its
 * `finish` the time that took).
 * `rejudged`: a full result judged again from the last held job's runs
 * under another collapse threshold or window, not simulated; with
 * `extended`, only the strategies the held job did not have were simulated,
 * for its runs. `grown`: only the runs after the last finished job's were
 * simulated, added to its merger (the runs raised, nothing else changed).
 * @typedef {{generation: number, kind: 'estimate'|'full', json: string, columns?: Float32Array, text(): string, runs: number, phases: Phases, kept?: boolean, rejudged?: boolean, extended?: boolean, grown?: boolean}} ResultEvent
 */
/** @typedef {{generation: number, message: string, error: Refusal | null}} PoolError */

/**
 * One job: a scenario being simulated.
 * @typedef {object} Job
 * @property {number} generation
 * @property {ResolvedScenario} scenario
 * @property {number} runs
 * @property {number} unit strategy-weeks per run
 * @property {InstanceType<MergerClass>} merger
 * @property {number} estimateRuns
 * @property {number} cursor the next run index to hand out
 * @property {Map<number, ChunkReply>} held finished chunks waiting for an earlier one, by start
 * @property {number} merged runs [0, merged) are in the merger
 * @property {number} done runs computed (merged or held)
 * @property {boolean} burst the job cut a running one short: its chunks are BURST_CHUNK_MS
 * @property {boolean} estimateBack the first chunk has come back (until then, with an estimate, no other chunk goes out)
 * @property {boolean} workerSums its workers keep its runs and send them once (`keep`, `flush`), merged as they come
 * @property {number | null} chunkSize runs per chunk after the estimate, set as the first goes out
 * @property {number} shown runs of the last estimate painted
 * @property {number} shownAt
 * @property {number} startedAt
 * @property {number | null} firstAt when the job's first chunk came back
 * @property {number} firstDone runs done then
 * @property {number} progressAt
 * @property {boolean} failed
 * @property {Phases} phases
 * @property {string} key the scenario as text: what the pool keeps its result under
 * @property {{runs: number, weeks: number, strategies: number, estimate?: boolean}} shape
 * @property {boolean} hold its workers hold its runs for `rejudge` (HOLD_WORK)
 * @property {Set<Slot>} holders the workers sent a chunk of it
 * @property {Set<Slot> | null} rejudge judged again from the held runs, not simulated: the holders not yet asked
 * @property {ResolvedScenario | null} pick when judged again with every held strategy (`scenario`): the job's own scenario, some of them, read off the result (`finishColumnsFor`)
 * @property {boolean} extended judged again with the strategies the held job did not have simulated for its runs alone (`Merger.extended`)
 * @property {number} from runs [0, from) are in the merger from the start: the last finished job's, for a scenario that only has more runs (`Merger.grown`), of which only the runs after them are simulated; else 0
 * @property {boolean} adopt extended, and small enough to hold (HOLD_WORK): its workers then hold the held runs with its new strategies as its own runs, and it becomes the held job
 */
/** `kept`: the generation of the job whose runs the worker keeps and has not sent yet (0: none). @typedef {{worker: WorkerLike, busy: boolean, generation: number, kept: number, extra: WebAssembly.Module | null}} Slot */
/** @typedef {import('./sensitivity.js').Event} SensitivityEvent */
/** @typedef {import('./sensitivity.js').Task} SensitivityTask */
/**
 * A sensitivity analysis being computed.
 * @typedef {object} SensitivityJob
 * @property {number} generation
 * @property {SensitivityRun} run
 * @property {number} unit strategy-weeks per run
 * @property {Map<number, SensitivityTask>} tasks chunks out, by chunk id
 * @property {number} nextId
 * @property {WebAssembly.Module | null} module the module the workers need for its chunks, or null
 * @property {(e: NonNullable<SensitivityEvent>) => void} onEvent
 * @property {(e: PoolError) => void} onError
 */

/**
 * A job's progress.
 * @typedef {object} Progress
 * @property {number} generation
 * @property {number} done runs computed so far (merged or waiting for an earlier chunk)
 * @property {number} total runs of the job
 * @property {boolean} estimating true until the first estimate is in
 * @property {number} estimateRuns runs of the first estimate (0: the job has none)
 * @property {number} shown runs of the last estimate painted (0: none yet)
 * @property {number | null} runsPerSecond predicted from the pool's speed for the job's first RATE_MS, then measured on the job
 * @property {number | null} secondsLeft at that rate
 */

/** A job's phases before any of them took time. @returns {Phases} */
const noPhases = () => ({ dispatch: 0, prepare: 0, compute: 0, merge: 0, finish: 0, chunks: 0 });

/**
 * A resolved scenario as text: everything the workers are sent for a job,
 * so equal texts simulate to equal bytes. (Maps and big integers, which
 * `JSON.stringify` would drop or refuse, are spelled out; the core's
 * resolved scenarios have none today.)
 * @param {unknown} scenario a resolved scenario
 */
export function scenarioKey(scenario) {
  return JSON.stringify(scenario, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? { map: [...v] } : v));
}

/**
 * A resolved scenario as text without its collapse threshold and window:
 * scenarios with equal texts have the same runs, judged differently
 * (`Prepared.rejudge`).
 * @param {unknown} scenario a resolved scenario
 */
export function judgedKey(scenario) {
  const whole = /** @type {{collapse?: object}} */ (scenario);
  return scenarioKey({ ...whole, collapse: { ...whole.collapse, threshold: null, window: null } });
}

/**
 * A resolved scenario as text without its strategies, collapse threshold and
 * window: a scenario may extend held runs (`Merger.extended`) only where
 * these texts are equal.
 * @param {ResolvedScenario} scenario
 */
function bareKey(scenario) {
  return judgedKey(withoutStrategies(scenario));
}

/**
 * A resolved scenario with no strategies.
 * @param {ResolvedScenario} scenario
 */
function withoutStrategies(scenario) {
  return { ...scenario, strategies: [] };
}

/**
 * A scenario as text without its strategies, and each strategy as text: a
 * scenario may be read off another's runs only where the first texts are
 * equal and its strategies are among the other's (`pickFinished`).
 * @param {ResolvedScenario} scenario
 */
function shapeOf(scenario) {
  return { bare: scenarioKey(withoutStrategies(scenario)), strategies: new Set(scenario.strategies.map((s) => scenarioKey(s))) };
}

export class WorkerPool {
  /**
   * @param {object} o
   * @param {number} o.size number of workers
   * @param {WebAssembly.Module | null} o.module the compiled simulation module
   * @param {MergerClass} o.Merger
   * @param {(e: ResultEvent) => void} o.onResult
   *   'estimate': runs [0, runs) of the job, painted first and then again as runs arrive; 'full': the result
   * @param {(e: Progress) => void} o.onProgress
   * @param {(e: PoolError) => void} o.onError
   *   `error`: the core's fields when the input was refused, else null
   * @param {() => WorkerLike} o.createWorker makes one worker running protocol.js
   * @param {number} [o.chunkWork] most work per chunk in strategy-run-weeks (smaller = more, shorter tasks)
   * @param {number} [o.chunkMs] most compute time per chunk once the speed is measured
   * @param {number} [o.holdWork] work of a job, at most, whose workers hold its runs for a new threshold or window (HOLD_WORK where the user can change them after a result; 0, the default: none)
   * @param {number} [o.startWorkers] workers started at once (default: all); the rest start once the pool has delivered its first result or error (`grow`)
   * @param {() => number} [o.now] the clock (milliseconds), for tests
   */
  constructor({ size, module, Merger, onResult, onProgress, onError, createWorker, chunkWork = CHUNK_WORK, chunkMs = CHUNK_MS, holdWork = 0, startWorkers = size, now = () => performance.now() }) {
    this.size = size;
    this.module = module;
    /** Workers not started yet (`startWorkers`): `grow` starts them. */
    this.unstarted = Math.max(0, size - Math.max(1, startWorkers));
    /** A `grow` is scheduled. */
    this.growing = false;
    this.holdWork = holdWork;
    this.createWorker = createWorker;
    this.chunkWork = chunkWork;
    this.chunkMs = chunkMs;
    /** How many chunks compute at the same time (1 where every worker is the main thread). */
    this.parallel = size;
    /** Where the chunks are computed: in workers, or on the main thread (`useMainThread`). */
    this.engine = /** @type {'worker' | 'main-thread'} */ ('worker');
    this.Merger = Merger;
    /** @param {ResultEvent} e */
    this.onResult = (e) => {
      onResult(e);
      this.growSoon();
    };
    this.onProgress = onProgress;
    /** @param {PoolError} e */
    this.onError = (e) => {
      onError(e);
      this.growSoon();
    };
    this.now = now;
    this.generation = 0;
    /** Compute time of every chunk of the current generation, for benchmarks. */
    this.computeMs = 0;
    /** Recent work and compute time of every chunk (any generation): speed = work / ms. */
    this.measured = { work: 0, ms: 0 };
    /** Main-thread time of one `Merger.add`, a moving average (0 before the first). */
    this.mergeMs = 0;
    /** @type {Job | null} */
    this.job = null;
    /** Full results of earlier jobs by scenario text, oldest first (RESULTS_KEPT). @type {Map<string, {split: Split, runs: number}>} */
    this.kept = new Map();
    /**
     * The merger of the last job that finished, holding every run of its
     * scenario: a scenario with some of its strategies is read off it
     * (`finishColumnsFor`) instead of simulated. @type {InstanceType<MergerClass> | null}
     */
    this.finished = null;
    /** Mergers freed (`release`): none is freed twice. @type {WeakSet<object>} */
    this.freed = new WeakSet();
    /** That job's scenario (`shapeOf`), made when first asked for. @type {{bare: string, strategies: Set<string>} | null} */
    this.finishedShape = null;
    /** @type {ResolvedScenario | null} */
    this.finishedScenario = null;
    /**
     * The last finished job whose workers hold its runs (`hold`): its
     * generation, its scenario as text without the collapse threshold and
     * window (`judgedKey`), the workers that hold them, its merger (every
     * run of it, which `rejudged` reads) and its scenario, and that text
     * without its strategies too (`bareKey`).
     * @type {{generation: number, key: string, bare: string, slots: Set<Slot>, merger: MergerLike, scenario: ResolvedScenario} | null}
     */
    this.held = null;
    /** The last scenario `bareKeyOf` was asked about, and its `bareKey`. @type {{scenario: ResolvedScenario, key: string} | null} */
    this.bare = null;
    /** @type {Slot[]} */
    this.workers = [];
    /** The sensitivity analysis being computed, and the generation of the last one started. @type {SensitivityJob | null} */
    this.sensitivity = null;
    this.sensitivityGeneration = 0;
    this.readyPromise = Promise.all(
      Array.from({ length: size - this.unstarted }, () => this.spawn(module)),
    );
  }

  /**
   * Starts the workers held back (`startWorkers`), which take chunks of the
   * running job from now on. Nothing to do once all have started, or where
   * the pool computes on the main thread.
   */
  grow() {
    const n = this.unstarted;
    this.unstarted = 0;
    if (n === 0 || this.engine === 'main-thread') return;
    for (let i = 0; i < n; i++) void this.spawn(this.module);
    this.pump();
  }

  /**
   * `grow` in a task of its own, once the pool has delivered a result or an
   * error: after the caller has painted it, so on a page's first load the
   * other workers start up (a thread, their script, their instance of the
   * module) once the first chart is drawn rather than while the first
   * estimate computes and paints, on a machine with few cores.
   */
  growSoon() {
    if (this.unstarted === 0 || this.growing) return;
    this.growing = true;
    setTimeout(() => {
      this.growing = false;
      this.grow();
    }, 0);
  }

  /** Strategy-run-weeks one worker simulates per millisecond, as measured; null before the first chunk. */
  get speed() {
    return this.measured.ms > 0 ? this.measured.work / this.measured.ms : null;
  }

  /**
   * Switches to computing on the main thread: one short chunk at a time.
   */
  useMainThread() {
    this.engine = 'main-thread';
    this.chunkWork = MAIN_THREAD_CHUNK_WORK;
    this.chunkMs = MAIN_THREAD_CHUNK_MS;
    this.parallel = 1;
  }

  /**
   * @param {WebAssembly.Module | null} module
   * @returns {Promise<void>}
   */
  spawn(module) {
    return new Promise((resolve) => {
      const worker = this.createWorker();
      /** @type {Slot} */
      const slot = { worker, busy: false, generation: 0, kept: 0, extra: null };
      worker.onmessage = (event) => {
        const msg = event.data;
        if (msg.type === 'ready') {
          resolve();
          return;
        }
        if (msg.type === 'estimate') {
          this.receiveEstimate(msg); // the chunk's own reply follows
          return;
        }
        slot.busy = false;
        if (msg.type === 'chunk' || msg.type === 'sensitivity') {
          this.measure(msg.work, msg.computeMs);
          this.pump(); // the next chunk goes out before this one is merged and painted
        }
        if (msg.type === 'sensitivity' || (msg.type === 'error' && msg.job === 'sensitivity')) this.receiveSensitivity(msg);
        else this.receive(msg);
        this.pump();
      };
      worker.onerror = (event) => {
        slot.busy = false;
        this.onError({ generation: this.generation, message: `worker failed: ${event.message || 'unknown error'}`, error: null });
      };
      worker.postMessage({ type: 'init', module: /** @type {WebAssembly.Module} */ (module) });
      this.workers.push(slot);
    });
  }

  /** True while any worker is computing a chunk (of any generation). */
  get busy() {
    return this.workers.some((slot) => slot.busy);
  }

  /**
   * The runs of a job's first estimate, its first chunk: what one worker
   * computes in FIRST_PAINT_MS at the measured speed; 0 when the whole job
   * takes hardly longer, or when the caller paints only the full result
   * (`estimate: false`: its chunks then all go to spreading the work).
   * @param {{runs: number, weeks: number, strategies: number, estimate?: boolean}} shape
   */
  estimateRuns({ runs, weeks, strategies, estimate = true }) {
    if (!estimate) return 0;
    const unit = Math.max(1, weeks * strategies);
    const speed = this.speed;
    const work = speed === null ? FIRST_ESTIMATE_WORK : speed * FIRST_PAINT_MS;
    const first = Math.max(MIN_ESTIMATE_RUNS, Math.floor(work / unit));
    return first * 2 > runs ? 0 : first;
  }

  /**
   * Runs per chunk, at most: `ms` at the measured speed (longer where merging a chunk is slow, MERGE_RATIO, unless `kept`), `chunkWork` before anything is measured.
   * @param {number} unit strategy-weeks per run
   * @param {number} [ms] compute time per chunk (default `chunkMs`)
   * @param {boolean} [kept] the chunk's runs are kept in its worker: no merge of its own
   */
  chunkRuns(unit, ms = this.chunkMs, kept = false) {
    const speed = this.speed;
    const work = speed === null ? this.chunkWork : speed * Math.max(ms, kept ? 0 : MERGE_RATIO * this.parallel * this.mergeMs);
    return Math.max(1, Math.floor(work / unit));
  }

  /**
   * Starts simulating a resolved scenario; cancels whatever ran before.
   * @param {ResolvedScenario} scenario the resolved scenario object of `resolve()`
   * @param {{runs: number, weeks: number, strategies: number, estimate?: boolean}} shape `estimate: false` when no estimate is wanted
   * @returns {number} the new generation
   */
  run(scenario, shape) {
    const generation = ++this.generation;
    // A job that cuts one short: inputs are coming in a burst (a drag, typing).
    const cut = this.job;
    const burst = cut !== null;
    this.job = null;
    try {
      return this.begin(generation, scenario, shape, burst);
    } finally {
      if (cut) this.release(cut.merger); // once the new job has started (its first chunk posted to any idle worker)
    }
  }

  /**
   * `run` after the job it cuts short is dropped.
   * @param {number} generation
   * @param {ResolvedScenario} scenario
   * @param {{runs: number, weeks: number, strategies: number, estimate?: boolean}} shape
   * @param {boolean} burst
   * @returns {number}
   */
  begin(generation, scenario, shape, burst) {
    const { runs } = shape;
    this.computeMs = 0;
    const key = scenarioKey(scenario);
    const kept = this.kept.get(key);
    if (kept) {
      // Shown again as a finished job would be, once the caller has noted
      // the job started (a microtask: after the caller's own code); now the
      // most recently shown.
      this.keep(key, kept.split, kept.runs);
      queueMicrotask(() => {
        if (this.generation === generation) this.onResult({ generation, kind: 'full', ...this.readable(kept.split), runs: kept.runs, phases: noPhases(), kept: true });
      });
      return generation;
    }
    const pickStart = this.now();
    const picked = this.pickFinished(scenario);
    if (picked !== null) {
      // Some of the last result's strategies (some unticked): read off its
      // runs, shown and kept as a result kept from before would be.
      const phases = { ...noPhases(), finish: this.now() - pickStart };
      this.keep(key, picked, runs);
      queueMicrotask(() => {
        if (this.generation === generation) this.onResult({ generation, kind: 'full', ...this.readable(picked), runs, phases, kept: true });
      });
      return generation;
    }
    this.start(generation, scenario, shape, key, burst);
    return generation;
  }

  /**
   * Makes and starts the job of a generation: judged again from the held
   * runs where its scenario allows, else simulated.
   * @param {number} generation
   * @param {ResolvedScenario} scenario
   * @param {{runs: number, weeks: number, strategies: number, estimate?: boolean}} shape
   * @param {string} key
   * @param {boolean} burst
   */
  start(generation, scenario, shape, key, burst) {
    const { runs, weeks, strategies } = shape;
    const held = this.held;
    /** The scenario the held runs are judged under: this job's, or the held strategies under its rule (`heldFor`). */
    const whole = this.heldFor(scenario);
    /** The held job's merger without the tallies the rule decides, for `whole`. @type {MergerLike | null} */
    let judged = null;
    /** Strategies the held job did not have simulated for its runs alone (`extended`): the merger's scenario is this job's. */
    let extended = false;
    if (held !== null) {
      try {
        if (whole !== null) judged = held.merger.rejudged?.(whole) ?? null;
        else if (this.bareKeyOf(scenario) === held.bare) {
          // The core is asked only when the texts say it may answer (a new seed or parameter cannot extend).
          judged = held.merger.extended?.(scenario) ?? null;
          extended = judged !== null;
        }
      } catch {
        judged = null; // a scenario the core refuses: simulated, which reports it
      }
    }
    const rejudge = held !== null && judged !== null ? new Set(held.slots) : null;
    const unit = Math.max(1, weeks * strategies);
    /** Small enough for its workers to hold its runs (HOLD_WORK). */
    const holds = runs * unit <= this.holdWork;
    /**
     * The last finished job's runs, for a scenario that only has more: the
     * runs after them are simulated. Not for a job small enough to hold its
     * runs, which is simulated whole so that they are held.
     */
    const grown = rejudge || holds ? null : this.growFinished(scenario);
    /** Runs [0, from) are in the merger from the start (a grown job's). */
    const from = grown?.runs ?? 0;
    // A job that simulates replaces whatever runs the workers hold.
    if (!rejudge) this.dropHeld();
    const estimateRuns = rejudge || grown ? 0 : this.estimateRuns(shape);
    const startedAt = this.now();
    this.job = {
      generation,
      scenario: rejudge && whole ? whole : scenario,
      pick: rejudge && whole !== null && whole !== scenario ? scenario : null,
      extended,
      adopt: extended && holds,
      runs,
      unit,
      // Made once the first chunks are out (below), unless judged again or grown.
      merger: judged ?? grown ?? /** @type {MergerLike} */ (/** @type {unknown} */ (null)),
      from,
      estimateRuns,
      /** The next run index to hand out. */
      cursor: from,
      /** Finished chunks waiting for an earlier one, by start. */
      held: new Map(),
      /** Runs [0, merged) are in the merger. */
      merged: from,
      /** Runs computed (merged or held). */
      done: from,
      /** The first chunk (the estimate, when there is one) has come back: the other workers may start. */
      estimateBack: grown !== null,
      /** Its workers keep its runs and send them once (expected within REFINE_MS: no estimate to refine). */
      workerSums: this.speed !== null && ((runs - from) * unit) / (this.speed * this.parallel) < REFINE_MS,
      /** Runs per chunk after the estimate, set as the first goes out (`chunkSize`). */
      chunkSize: null,
      burst,
      /** Runs of the last estimate painted (a grown job's: the finished result on screen). */
      shown: from,
      shownAt: startedAt,
      startedAt,
      /** When the job's first chunk came back, and its runs done then. */
      firstAt: null,
      firstDone: 0,
      progressAt: -Infinity,
      failed: false,
      phases: noPhases(),
      key,
      shape,
      hold: !rejudge && holds, // a grown job never holds (it is one that cannot)
      holders: new Set(),
      rejudge,
    };
    const job = this.job;
    this.progress(job, true);
    // A job without an estimate to compute alone wants every worker from its start.
    if (estimateRuns === 0) this.grow();
    this.pump();
    // The merger is made after the first chunks are posted, so the workers
    // start while the main thread makes it (a few milliseconds: every
    // histogram of the scenario); no reply can come before this task ends.
    if (!judged && !grown) {
      try {
        job.merger = new this.Merger(scenario);
      } catch (e) {
        if (this.job === job) this.job = null;
        throw e;
      }
    }
  }

  /**
   * `bareKey` of a scenario, kept for the last one asked about (a job's is
   * asked twice as it starts: `heldFor`, then `start`).
   * @param {ResolvedScenario} scenario
   * @returns {string}
   */
  bareKeyOf(scenario) {
    if (this.bare?.scenario !== scenario) this.bare = { scenario, key: bareKey(scenario) };
    return this.bare.key;
  }

  /**
   * The scenario under which the held runs answer `scenario`: the scenario
   * itself where it differs from the held job's only in the collapse
   * threshold or window; where it also leaves some of the held strategies
   * out (all it has among them), the held job's strategies under its rule,
   * from which its own are read off; null where the held runs cannot answer.
   * @param {ResolvedScenario} scenario
   * @returns {ResolvedScenario | null}
   */
  heldFor(scenario) {
    const held = this.held;
    if (held === null) return null;
    if (held.key === judgedKey(scenario)) return scenario;
    // The rest as the held job's (as text: `bareKey`), else nothing the held runs answer.
    if (this.bareKeyOf(scenario) !== held.bare) return null;
    const whole = { ...scenario, strategies: held.scenario.strategies };
    const among = new Set(held.scenario.strategies.map((s) => scenarioKey(s)));
    return scenario.strategies.every((s) => among.has(scenarioKey(s))) ? whole : null;
  }

  /**
   * A result's json and columns with the `text()` of a ResultEvent: the
   * exact text, made by the core the first time it is asked for.
   * @param {Split} split
   * @returns {Split & {text(): string}}
   */
  readable({ json, columns }) {
    const Merger = this.Merger;
    /** @type {string | undefined} */
    let text;
    return { json, columns, text: () => (text ??= columns ? Merger.text(json, columns) : json) };
  }

  /**
   * Keeps a full result under its scenario's text, dropping the oldest
   * beyond RESULTS_KEPT results or RESULTS_KEPT_BYTES of text and columns.
   * @param {string} key
   * @param {Split} split
   * @param {number} runs
   */
  keep(key, split, runs) {
    this.kept.delete(key);
    /** @param {Split} k */
    const bytes = (k) => k.json.length + 4 * (k.columns?.length ?? 0);
    if (bytes(split) > RESULTS_KEPT_BYTES) return;
    this.kept.set(key, { split, runs });
    let total = 0;
    for (const k of this.kept.values()) total += bytes(k.split);
    for (const [oldest, k] of this.kept) {
      if (this.kept.size <= RESULTS_KEPT && total <= RESULTS_KEPT_BYTES) break;
      this.kept.delete(oldest);
      total -= bytes(k.split);
    }
  }

  /**
   * Forgets every kept result and the last job's runs (benchmarks that must
   * simulate each time); the runs the workers hold for a new threshold or
   * window stay, as they do for a user between inputs.
   */
  forget() {
    this.kept.clear();
    const finished = this.finished;
    this.finished = null;
    this.finishedScenario = null;
    this.finishedShape = null;
    this.release(finished); // freed unless the held job's
  }

  /**
   * The result of a scenario that is the last finished job's with some of
   * its strategies, read off that job's runs; null for any other scenario
   * (or a merger that cannot, or a core that refuses it: then it is simulated).
   * @param {ResolvedScenario} scenario
   * @returns {Split | null}
   */
  pickFinished(scenario) {
    if (!this.finished?.finishColumnsFor || !this.finishedScenario) return null;
    // The core is asked only when the texts say it may answer (every input starts a job).
    const whole = (this.finishedShape ??= shapeOf(this.finishedScenario));
    // Its strategies as text only once the rest is the same (a new seed or parameter is not).
    if (scenarioKey(withoutStrategies(scenario)) !== whole.bare) return null;
    if (!scenario.strategies.every((s) => whole.strategies.has(scenarioKey(s)))) return null;
    try {
      return this.finished.finishColumnsFor(scenario) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * A merger of the last finished job's runs for a scenario that is that
   * job's with more runs (`Merger.grown`), to which the runs after them are
   * added; null for any other scenario (or a merger that cannot, or a core
   * that refuses it: then it is simulated whole).
   * @param {ResolvedScenario} scenario
   * @returns {MergerLike | null}
   */
  growFinished(scenario) {
    const finished = this.finishedScenario;
    if (!this.finished?.grown || !finished || !(scenario.runs > finished.runs)) return null;
    // The core is asked only when the texts say it may answer.
    if (scenarioKey({ ...scenario, runs: finished.runs }) !== scenarioKey(finished)) return null;
    try {
      return this.finished.grown(scenario) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Frees a merger, unless it is the last finished job's or the held job's.
   * @param {MergerLike | null} merger
   */
  release(merger) {
    if (!merger || merger === this.finished || merger === this.held?.merger || this.freed.has(merger)) return;
    this.freed.add(merger);
    merger.free?.();
  }

  /**
   * Frees a merger as `release` does, in a task of its own: freeing a
   * merger of the default comparison takes the main thread about 2 ms
   * (tens of thousands of histograms), which the result's paint comes first.
   * @param {MergerLike | null} merger
   */
  releaseLater(merger) {
    if (merger) setTimeout(() => this.release(merger), 0);
  }

  /** Forgets the runs the workers hold (they drop them with the next job's scenario). */
  dropHeld() {
    const held = this.held;
    this.held = null;
    if (held) this.release(held.merger);
  }

  /** Drops the work in flight (for an invalid input); the last paint stays. */
  cancel() {
    this.generation += 1;
    if (this.job) this.release(this.job.merger);
    this.job = null;
  }

  /**
   * Starts a sensitivity analysis of a resolved scenario; cancels the
   * analysis that ran before (not the simulation). Events arrive as the
   * cells finish: the ranking's order, each parameter cell, then the report.
   * A request the core refuses throws its error (or, while the core's
   * `load` is still under way, gives it to `onError`).
   * @param {ResolvedScenario} scenario
   * @param {import('./sensitivity.js').SensitivityRequest} request
   * @param {import('./sensitivity.js').SensitivityCore} core
   * @param {{onEvent: (e: NonNullable<SensitivityEvent>) => void, onError: (e: PoolError) => void}} on
   * @returns {number} the analysis' generation
   */
  runSensitivity(scenario, request, core, { onEvent, onError }) {
    this.grow(); // an analysis wants every worker
    const generation = ++this.sensitivityGeneration;
    this.sensitivity = null;
    const begin = () => {
      const run = new SensitivityRun({ scenario, request, core });
      const events = run.start();
      const strategies = request.versus ? 2 : 1;
      this.sensitivity = { generation, run, unit: Math.max(1, scenario.weeks * strategies), tasks: new Map(), nextId: 0, module: core.module ?? null, onEvent, onError };
      for (const e of events) if (e) onEvent(e);
      this.pump();
    };
    if (!core.load || core.loaded) {
      begin();
      return generation;
    }
    // The first analysis waits for the module its steps are in; a refusal then comes to onError.
    core.load().then(
      () => {
        if (generation !== this.sensitivityGeneration) return;
        try {
          begin();
        } catch (err) {
          const refusal = errorFields(err);
          onError({ generation, message: refusal.message, error: refusal.field === null ? null : refusal });
        }
      },
      (err) => generation === this.sensitivityGeneration && onError({ generation, message: String(err instanceof Error ? err.message : err), error: null }),
    );
    return generation;
  }

  /** Drops the sensitivity analysis in flight. */
  cancelSensitivity() {
    this.sensitivityGeneration += 1;
    this.sensitivity = null;
  }

  /**
   * Gives a slot the next chunk of the sensitivity analysis; false when there is none.
   * @param {Slot} slot
   */
  pumpSensitivity(slot) {
    const job = this.sensitivity;
    if (!job) return false;
    const runs = job.run.scenario.runs;
    const size = Math.min(this.chunkRuns(job.unit), Math.ceil(runs / this.size));
    const task = job.run.next(size);
    if (!task) return false;
    const chunkId = job.nextId++;
    job.tasks.set(chunkId, task);
    slot.busy = true;
    if (job.module && slot.extra !== job.module) {
      slot.worker.postMessage({ type: 'init-extra', module: job.module });
      slot.extra = job.module;
    }
    const { scenario, request } = job.run;
    slot.worker.postMessage({ type: 'sensitivity', generation: job.generation, chunkId, scenario, request, cell: task.cell, start: task.start, end: task.end, work: (task.end - task.start) * job.unit });
    return true;
  }

  /**
   * Takes a worker's reply to a sensitivity chunk.
   * @param {import('./protocol.js').SensitivityChunkReply | import('./protocol.js').ErrorReply} msg
   */
  receiveSensitivity(msg) {
    const job = this.sensitivity;
    if (!job || msg.generation !== job.generation) return; // stale: drop
    const task = job.tasks.get(msg.chunkId);
    if (!task) return;
    job.tasks.delete(msg.chunkId);
    if (msg.type === 'error') {
      this.sensitivity = null;
      job.onError({ generation: job.generation, message: msg.message, error: msg.error ?? null });
      return;
    }
    let events;
    try {
      events = job.run.receive(task, msg.bytes);
    } catch (err) {
      this.sensitivity = null;
      job.onError({ generation: job.generation, message: String(err instanceof Error ? err.message : err), error: null });
      return;
    }
    for (const e of events) {
      if (!e) continue;
      if (e.kind === 'report' && this.sensitivity === job) this.sensitivity = null;
      job.onEvent(e);
    }
  }

  /** Stops every worker; the pool cannot be used afterwards. */
  terminate() {
    this.unstarted = 0;
    this.cancel();
    this.cancelSensitivity();
    for (const slot of this.workers) slot.worker.terminate?.();
    this.workers = [];
  }

  /**
   * The next run range of a job to hand out, or null when all are out.
   * @param {Job} job
   * @returns {[number, number] | null}
   */
  nextChunk(job) {
    if (job.cursor >= job.runs) return null;
    const start = job.cursor;
    let end;
    // The estimate in one small chunk, then the rest spread over every worker
    // (all start it as the estimate comes back), so that all finish together.
    if (start < job.estimateRuns) {
      end = job.estimateRuns;
    } else {
      job.chunkSize ??= this.chunkSize(job);
      end = Math.min(job.runs, start + job.chunkSize);
    }
    job.cursor = end;
    return [start, end];
  }

  /**
   * The size of a job's chunks after its estimate: its runs in as few chunks
   * of at most `chunkRuns` (CHUNK_MS, or BURST_CHUNK_MS in a burst or where the runs are summed in the workers) as there
   * can be with the same number for every worker, all of one size (the last
   * may be a little shorter), so the workers finish together — but never
   * below what merging needs (MERGE_RATIO).
   * @param {Job} job
   */
  chunkSize(job) {
    const rest = job.runs - Math.max(job.estimateRuns, job.from);
    // Short chunks where they cost no merge (runs kept in the workers) or inputs come in a burst: the next input's job waits at most one for a worker.
    const most = this.chunkRuns(job.unit, job.burst || job.workerSums ? BURST_CHUNK_MS : this.chunkMs, job.workerSums);
    // The merge floor alone (`chunkRuns` of no time); none before the speed is known.
    const least = this.speed === null ? 1 : this.chunkRuns(job.unit, 0, job.workerSums);
    const each = Math.ceil(Math.ceil(rest / this.size) / most);
    return Math.max(1, least, Math.ceil(rest / (this.size * each)));
  }

  /**
   * Gives chunks of the current generation to idle workers: the simulation's
   * first, then the sensitivity analysis'. Every idle worker is asked in
   * turn: one with nothing to do may sit beside one that still holds runs it
   * kept of the job (`flush`).
   */
  pump() {
    for (const slot of this.workers) {
      if (!slot.busy && !this.pumpJob(slot)) this.pumpSensitivity(slot);
    }
  }

  /**
   * Gives a slot the next chunk of the simulation; false when there is none.
   * @param {Slot} slot
   */
  pumpJob(slot) {
    const job = this.job;
    if (!job || job.failed) return false;
    if (job.rejudge) {
      // Each worker that holds runs of the held job judges them again, once.
      if (!job.rejudge.delete(slot) || !this.held) return false;
      slot.busy = true;
      const posted = this.now();
      slot.worker.postMessage({ type: 'rejudge', generation: job.generation, held: this.held.generation, scenario: job.scenario, adopt: job.adopt });
      job.phases.dispatch += this.now() - posted;
      job.phases.chunks += 1;
      return true;
    }
    // The first estimate computes alone: the other workers start the rest when it is back.
    if (job.estimateRuns > 0 && !job.estimateBack && job.cursor >= job.estimateRuns) return false;
    const chunk = this.nextChunk(job);
    if (!chunk) {
      // Nothing left to hand out: a worker that kept runs of the job sends them.
      if (slot.kept !== job.generation) return false;
      slot.kept = 0;
      slot.busy = true;
      slot.worker.postMessage({ type: 'flush', generation: job.generation });
      return true;
    }
    const [start, end] = chunk;
    slot.busy = true;
    const posted = this.now();
    /** @type {import('./protocol.js').ChunkRequest} */
    const msg = { type: 'chunk', generation: job.generation, chunkId: start, start, end, work: (end - start) * job.unit };
    // The first estimate comes back as the result's text too: painted before anything is merged.
    if (start === 0 && end === job.estimateRuns) msg.result = true;
    if (job.workerSums) {
      // Kept in the worker (the estimate's runs too, once its text is made); the job's last chunk brings back everything its worker kept.
      msg.keep = true;
      if (end === job.runs) {
        msg.flush = true;
        slot.kept = 0;
      } else slot.kept = job.generation;
    }
    if (job.hold) {
      msg.hold = true;
      job.holders.add(slot);
    }
    // The scenario goes with a job's first chunk to each worker only.
    if (slot.generation !== job.generation) {
      msg.scenario = job.scenario;
      slot.generation = job.generation;
    }
    slot.worker.postMessage(msg);
    job.phases.dispatch += this.now() - posted;
    job.phases.chunks += 1;
    return true;
  }

  /**
   * Learns the workers' speed from one chunk's work and compute time.
   * @param {number} work
   * @param {number} ms
   */
  measure(work, ms) {
    if (!(work > 0 && ms > 0)) return;
    const m = this.measured;
    // What was measured before counts half as much for every SPEED_HALF_LIFE_MS of compute since: the speed follows the last
    // second or two, so a cold start's chunks (the engine's first, unoptimised code) stop shrinking the chunks after a job or two.
    const kept = 0.5 ** (ms / SPEED_HALF_LIFE_MS);
    m.work = m.work * kept + work;
    m.ms = m.ms * kept + ms;
  }

  /**
   * Reports a job's progress, at most every PROGRESS_MS unless `force`.
   * @param {Job} job
   * @param {boolean} force
   */
  progress(job, force) {
    const now = this.now();
    if (!force && now - job.progressAt < PROGRESS_MS) return;
    job.progressAt = now;
    // The job's own rate leaves out its start (waiting for chunks of an older
    // job, the first round trip), so it needs a few seconds to settle; until
    // then the pool's speed predicts it.
    /** @type {number | null} */
    let runsPerSecond = null;
    const sinceFirst = job.firstAt === null ? 0 : now - job.firstAt;
    if (sinceFirst >= RATE_MS) runsPerSecond = ((job.done - job.firstDone) * 1000) / sinceFirst;
    else if (this.speed !== null) runsPerSecond = (this.speed * this.parallel * 1000) / job.unit;
    else if (job.done > 0 && now > job.startedAt) runsPerSecond = (job.done * 1000) / (now - job.startedAt);
    const secondsLeft = runsPerSecond ? (job.runs - job.done) / runsPerSecond : null;
    this.onProgress({
      generation: job.generation,
      done: job.done,
      total: job.runs,
      estimating: job.estimateRuns > 0 && job.shown === 0,
      estimateRuns: job.estimateRuns,
      shown: job.shown,
      runsPerSecond,
      secondsLeft,
    });
  }

  /**
   * Paints the first estimate, finished in its worker, if `msg` is it
   * (before anything is merged: its bytes are merged with the chunk's reply).
   * False when painting it started another job.
   * @param {Job} job
   * @param {{start: number, end: number, json?: string, columns?: Float32Array, finishMs?: number}} msg
   * @param {{computeMs: number, prepareMs?: number} | null} uncounted the chunk's times when its reply, which counts them in the job, is still to come
   */
  paintEstimate(job, msg, uncounted = null) {
    if (msg.json === undefined || msg.start !== 0 || msg.end !== job.estimateRuns || job.shown !== 0) return true;
    job.phases.finish += msg.finishMs ?? 0;
    job.shown = msg.end;
    job.shownAt = this.now();
    const phases = { ...job.phases };
    if (uncounted) {
      phases.compute += uncounted.computeMs;
      phases.prepare += uncounted.prepareMs ?? 0;
    }
    this.onResult({ generation: job.generation, kind: 'estimate', ...this.readable({ json: msg.json, columns: msg.columns }), runs: msg.end, phases });
    if (this.job !== job) return false;
    this.progress(job, true);
    return true;
  }

  /**
   * Takes the first estimate, which its worker posts before the
   * chunk's reply: painted at once; the chunk's compute is counted (and its
   * bytes merged) when its reply comes.
   * @param {import('./protocol.js').EstimateReply} msg
   */
  receiveEstimate(msg) {
    const job = this.job;
    if (!job || msg.generation !== job.generation || job.failed) return; // stale: drop
    job.estimateBack = true;
    this.pump(); // the other workers start the rest while this one writes its bytes and the page paints
    this.paintEstimate(job, msg, msg);
  }

  /**
   * Adds one partial to a job's merger, learning how long a merge takes
   * (`mergeMs`, a moving average); returns that time in milliseconds.
   * @param {Job} job
   * @param {Uint8Array} bytes
   */
  add(job, bytes) {
    const addStart = this.now();
    job.merger.add(bytes);
    const ms = this.now() - addStart;
    this.mergeMs = this.mergeMs === 0 ? ms : 0.7 * this.mergeMs + 0.3 * ms;
    return ms;
  }

  /**
   * Merges a partial of a job whose workers keep its runs (the estimate's,
   * or every run one worker kept): as it comes, in any order; the full
   * result once every run is in.
   * @param {Job} job
   * @param {Uint8Array} bytes
   * @param {number} runs the runs it holds
   * @param {boolean} [estimate] the estimate's runs [0, n)
   */
  mergeKept(job, bytes, runs, estimate = false) {
    job.phases.merge += this.add(job, bytes);
    job.merged += runs;
    if (job.merged === job.runs) {
      this.complete(job);
      return;
    }
    // The estimate's runs alone, not yet painted (its worker did not finish it): painted from the merger, runs [0, n).
    const first = estimate && job.shown === 0 && job.merged === job.estimateRuns;
    this.showMerged(job, first, first);
  }

  /**
   * Paints the runs merged so far, [0, n), as an estimate when `paint`;
   * then reports progress (at once when `force`).
   * @param {Job} job
   * @param {boolean} paint
   * @param {boolean} force
   */
  showMerged(job, paint, force) {
    if (paint) {
      const now = this.now();
      job.shown = job.merged;
      job.shownAt = now;
      const split = job.merger.finishColumns();
      job.phases.finish += this.now() - now;
      this.onResult({ generation: job.generation, kind: 'estimate', ...this.readable(split), runs: job.merged, phases: { ...job.phases } });
      if (this.job !== job) return; // the painting started another job
    }
    this.progress(job, force);
  }

  /**
   * A job's full result, once every run is merged: made, kept and reported.
   * @param {Job} job
   */
  complete(job) {
    const finishStart = this.now();
    /** @type {Split | undefined} */
    let split;
    try {
      split = job.pick ? job.merger.finishColumnsFor?.(job.pick) : job.merger.finishColumns();
    } catch (e) {
      if (!job.pick) throw e;
    }
    job.phases.finish += this.now() - finishStart;
    if (split === undefined) {
      // The core did not read the strategies off (it always does where heldFor allows): simulated instead.
      this.release(job.merger);
      this.dropHeld();
      this.start(job.generation, /** @type {ResolvedScenario} */ (job.pick), job.shape, job.key, job.burst);
      return;
    }
    const before = this.finished;
    this.finished = job.merger;
    this.finishedScenario = job.scenario;
    this.finishedShape = null;
    this.job = null;
    // Its workers hold its runs: a job that differs only in how collapse is judged is judged again from them.
    if (job.hold) {
      this.dropHeld();
      this.held = { generation: job.generation, key: judgedKey(job.scenario), bare: bareKey(job.scenario), slots: job.holders, merger: job.merger, scenario: job.scenario };
    } else if (job.adopt && this.held) {
      // Every holder's extension is in: each adopts its own, and they hold this job's runs.
      const { slots, merger, generation } = this.held;
      for (const slot of slots) slot.worker.postMessage({ type: 'adopt', generation: job.generation, held: generation });
      this.held = { generation: job.generation, key: judgedKey(job.scenario), bare: bareKey(job.scenario), slots, merger: job.merger, scenario: job.scenario };
      if (merger !== before) this.releaseLater(merger); // `before` is released below
    }
    this.keep(job.key, split, job.runs);
    /** @type {ResultEvent} */
    const event = { generation: job.generation, kind: 'full', ...this.readable(split), runs: job.runs, phases: { ...job.phases } };
    if (job.rejudge) event.rejudged = true;
    if (job.extended) event.extended = true;
    if (job.from > 0) event.grown = true;
    this.onResult(event);
    this.releaseLater(before);
  }

  /**
   * Takes a worker's reply to a chunk: merges it (in run order) and paints.
   * @param {Reply} msg
   */
  receive(msg) {
    const job = this.job;
    if (msg.type === 'ready' || msg.type === 'sensitivity' || msg.type === 'estimate') return;
    if (!job || msg.generation !== job.generation || job.failed) return; // stale: drop
    if (msg.type === 'error') {
      job.failed = true;
      this.onError({ generation: job.generation, message: msg.message, error: msg.error ?? null });
      return;
    }
    if (msg.type === 'flush') {
      if (msg.bytes) this.mergeKept(job, msg.bytes, msg.runs);
      return;
    }
    if (msg.type === 'rejudge') {
      if (!job.rejudge) return;
      job.phases.compute += msg.computeMs;
      const addStart = this.now();
      try {
        if (!msg.bytes || !job.merger.addJudged) throw new Error('no runs held');
        job.merger.addJudged(msg.bytes);
      } catch {
        // The worker no longer holds the runs (or sent what the merger refuses): simulate after all.
        this.release(job.merger);
        this.dropHeld();
        this.start(job.generation, job.pick ?? job.scenario, job.shape, job.key, job.burst);
        return;
      }
      job.phases.merge += this.now() - addStart;
      job.done += msg.runs;
      job.merged += msg.runs;
      if (job.merged === job.runs) this.complete(job);
      else this.progress(job, false);
      return;
    }
    if (msg.start === 0) job.estimateBack = true;
    this.computeMs += msg.computeMs;
    job.phases.compute += msg.computeMs;
    job.phases.prepare += msg.prepareMs ?? 0;
    job.done += msg.end - msg.start;
    if (job.firstAt === null) {
      job.firstAt = this.now();
      job.firstDone = job.done;
    }
    if (!this.paintEstimate(job, msg)) return;
    if (job.workerSums) {
      // The estimate's bytes, or a worker's kept runs with its last chunk; a kept chunk brings none.
      if (msg.bytes) this.mergeKept(job, msg.bytes, msg.runs ?? msg.end - msg.start, msg.start === 0 && msg.end === job.estimateRuns);
      else this.progress(job, false);
      return;
    }
    job.held.set(msg.start, msg);
    const mergeStart = this.now();
    for (let next = job.held.get(job.merged); next; next = job.held.get(job.merged)) {
      job.held.delete(job.merged);
      this.add(job, /** @type {Uint8Array} */ (next.bytes)); // a chunk not kept in its worker has its bytes
      job.merged = next.end;
    }
    job.phases.merge += this.now() - mergeStart;
    if (job.merged === job.runs) {
      this.complete(job);
      return;
    }
    const first = job.shown === 0 && job.estimateRuns > 0 && job.merged >= job.estimateRuns;
    const refine = job.shown > 0 && job.merged >= 2 * job.shown && this.now() - job.shownAt >= REFINE_MS;
    this.showMerged(job, first || refine, first);
  }
}

/**
 * Runs the worker protocol on the main thread: each chunk is computed in a
 * task of its own and its reply is delivered in the next one (where the pool
 * merges and may paint), so the page can render and handle input in between.
 * @implements {WorkerLike}
 */
export class MainThreadWorker {
  constructor() {
    /** @type {WorkerLike['onmessage']} */
    this.onmessage = null;
    /** @type {WorkerLike['onerror']} */
    this.onerror = null;
    this.closed = false;
    this.state = workerState();
  }

  /** @param {Request} msg */
  postMessage(msg) {
    setTimeout(() => {
      if (this.closed) return;
      const out = handle(msg, this.state);
      if (!out) return;
      setTimeout(() => !this.closed && this.onmessage?.({ data: out.reply }), 0);
      // The chunk's own reply after an estimate: made in a task of its own, delivered in the next.
      const rest = out.rest;
      if (rest) {
        setTimeout(() => {
          if (this.closed) return;
          const more = rest();
          setTimeout(() => !this.closed && this.onmessage?.({ data: more.reply }), 0);
        }, 0);
      }
    }, 0);
  }

  terminate() {
    this.closed = true;
  }
}

/**
 * A real worker as the pool sees it.
 * @param {Worker} worker
 * @returns {WorkerLike}
 */
function workerLike(worker) {
  /** @type {WorkerLike} */
  const like = {
    onmessage: null,
    onerror: null,
    postMessage: (msg, transfer) => worker.postMessage(msg, transfer ?? []),
    terminate: () => worker.terminate(),
  };
  worker.onmessage = (event) => like.onmessage?.(event);
  worker.onerror = (event) => like.onerror?.(event);
  return like;
}

/** Set once a worker could not even be constructed here: later pools go straight to the main thread. */
let noWorkers = false;

/**
 * A worker that becomes a MainThreadWorker when the real one cannot be made or
 * fails before it is ready; every message it was sent until then (`init` and
 * any chunks queued behind it) is replayed to the replacement.
 * @implements {WorkerLike}
 */
class FallbackWorker {
  /**
   * @param {(() => Worker) | null} createWorker
   * @param {() => void} onFallback
   */
  constructor(createWorker, onFallback) {
    /** @type {WorkerLike['onmessage']} */
    this.onmessage = null;
    /** @type {WorkerLike['onerror']} */
    this.onerror = null;
    this.ready = false;
    /** Everything posted before the worker was ready, replayed to a replacement. @type {Array<[Request, Transferable[] | undefined]>} */
    this.sent = [];
    this.onFallback = onFallback;
    /** @type {WorkerLike | null} */
    let inner = null;
    if (!noWorkers && createWorker) {
      try {
        inner = workerLike(createWorker());
      } catch {
        noWorkers = true;
      }
    }
    /** @type {WorkerLike} */
    this.inner = inner ?? this.fallBack();
    if (inner) this.wire();
  }

  wire() {
    const inner = this.inner;
    inner.onmessage = (event) => {
      if (event.data && event.data.type === 'ready') {
        this.ready = true;
        this.sent = [];
      }
      this.onmessage?.(event);
    };
    inner.onerror = (event) => {
      if (!this.ready && !(inner instanceof MainThreadWorker)) {
        event.preventDefault?.();
        inner.terminate?.();
        this.inner = this.fallBack();
        for (const [msg, transfer] of this.sent) this.inner.postMessage(msg, transfer);
        this.sent = [];
        return;
      }
      this.onerror?.(event);
    };
  }

  /** Replaces the worker with the main thread; returns the replacement. */
  fallBack() {
    this.inner = new MainThreadWorker();
    this.wire();
    this.onFallback();
    return this.inner;
  }

  /**
   * @param {Request} msg
   * @param {Transferable[]} [transfer]
   */
  postMessage(msg, transfer) {
    if (!this.ready) this.sent.push([msg, transfer]);
    this.inner.postMessage(msg, transfer);
  }

  terminate() {
    this.inner.terminate?.();
  }
}

/**
 * A worker pool for one front (the page, or one <velocity-cliff>), with the
 * main-thread fallback: `pool.engine` says where it computes. Without
 * `createWorker` (or once a worker could not be made on this page) it
 * computes on the main thread from the start, with one slot.
 * @param {object} o
 * @param {WebAssembly.Module} o.module the compiled simulation module
 * @param {number} o.size workers wanted
 * @param {(() => Worker) | null} o.createWorker starts one worker running protocol.js
 * @param {(e: ResultEvent) => void} o.onResult
 * @param {(e: Progress) => void} o.onProgress
 * @param {(e: PoolError) => void} o.onError
 * @param {MergerClass} o.Merger
 * @param {number} [o.holdWork] jobs up to this work hold their runs for a new threshold or window (`WorkerPool`)
 * @param {number} [o.startWorkers] workers started at once (default 1): the others start once the first result (or error) is delivered (`WorkerPool`)
 */
export function createPool({ module, size, createWorker, onResult, onProgress, onError, Merger, holdWork = 0, startWorkers = 1 }) {
  /** @type {WorkerPool | null} */
  let pool = null;
  let fellBack = false;
  const onFallback = () => {
    fellBack = true;
    pool?.useMainThread();
  };
  const slots = noWorkers || !createWorker ? 1 : size;
  pool = new WorkerPool({ size: slots, module, Merger, createWorker: () => new FallbackWorker(createWorker, onFallback), onResult, onProgress, onError, holdWork, startWorkers });
  if (fellBack) pool.useMainThread();
  return pool;
}
