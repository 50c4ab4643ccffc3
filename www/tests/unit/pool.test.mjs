// The worker pool's pacing (src/core/pool.js) in Node, on a simulated clock:
// workers that take a fixed time per strategy-run-week, a Merger that records
// which runs it was given. No browser and no wasm: these tests check the
// schedule — how big the first estimate is, how often progress arrives, that
// merged runs are always [0, n) and that the newest input wins — the same on
// any machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool, FIRST_PAINT_MS, CHUNK_MS, MERGE_RATIO, FIRST_ESTIMATE_WORK, MIN_ESTIMATE_RUNS, REFINE_MS, CHUNK_WORK, PROGRESS_MS, RESULTS_KEPT, BURST_CHUNK_MS, HOLD_WORK, SPEED_HALF_LIFE_MS, scenarioKey, judgedKey } from '../../src/core/pool.js';

/**
 * A simulated machine: workers computing at `speed` strategy-run-weeks per ms, one clock.
 * `finishInWorker`: the first estimate's result comes back as text, written in `finishMs` of its worker's time.
 * `slower`: the second worker made takes that many times as long for a chunk.
 * `hold`: jobs up to HOLD_WORK hold their runs in the workers, as the page's pool does.
 * `startWorkers`: workers the pool starts at once (default all), as `createPool` starts one.
 */
function machine({ size = 2, speed = 2000, finishInWorker = false, finishMs = 0, mergeMs = 0, pick = false, slower = 1, hold = false, startWorkers = size } = {}) {
  const clock = { t: 0 };
  /** Chunks being computed: {slot, msg, doneAt}. */
  const running = [];
  const events = [];
  let made = 0;
  class FakeWorker {
    constructor() {
      this.pace = made++ === 1 ? slower : 1;
      this.onmessage = null;
      this.onerror = null;
      /** The job whose scenario this worker was sent, as a real worker prepares it. */
      this.generation = -1;
      this.scenario = null;
      /** Run ranges of chunks asked to `keep` them, not sent yet. @type {number[][]} */
      this.kept = [];
      /** Run ranges of chunks asked to `hold` them, of job `generation`. @type {number[][]} */
      this.held = [];
    }
    postMessage(msg) {
      if (msg.type === 'init') {
        queueMicrotask(() => this.onmessage({ data: { type: 'ready' } }));
        return;
      }
      if (msg.type === 'adopt') {
        // As the core's `Prepared.adopt`: the last rejudge's extension, if it was job `generation`'s, is now the runs held.
        m.adopts.push({ worker: this, generation: msg.generation, adopted: this.generation === msg.held && this.adopting === msg.generation });
        if (m.adopts.at(-1).adopted) this.generation = msg.generation;
        this.adopting = null;
        return;
      }
      if (msg.type === 'flush' || msg.type === 'rejudge') {
        // Answered as soon as the worker is free (a rejudge in 1 ms): the runs it kept, or holds, of the job.
        running.push({ worker: this, msg, doneAt: Math.max(clock.t, this.busyUntil ?? 0) + (msg.type === 'rejudge' ? 1 : 0) });
        this.busyUntil = running.at(-1).doneAt;
        return;
      }
      if (msg.scenario !== undefined) {
        assert.notEqual(msg.generation, this.generation, 'a worker is sent a job\'s scenario once');
        this.generation = msg.generation;
        this.scenario = msg.scenario;
        this.kept = []; // a new job's scenario drops what was kept, and what was held
        this.held = [];
      }
      if (msg.hold) this.held.push([msg.start, msg.end]);
      assert.equal(msg.generation, this.generation, 'a chunk comes after its job\'s scenario');
      assert.equal(msg.work, (msg.end - msg.start) * unitOf(this.scenario));
      const work = msg.work;
      const finishing = finishInWorker && msg.result ? finishMs : 0;
      running.push({ worker: this, msg, doneAt: Math.max(clock.t, this.busyUntil ?? 0) + (this.pace * work) / m.speed + finishing });
      this.busyUntil = running.at(-1).doneAt;
    }
  }
  class FakeMerger {
    constructor(scenario) {
      this.scenario = scenario;
      this.ranges = [];
      /** For a merger made by `rejudged`: the runs of the job it was made from, and those judged so far. @type {number | null} */
      this.base = null;
      this.judged = 0;
    }
    /** As the core's: a merger of every run of this one for another threshold or window, to which each worker's judged runs are added. */
    rejudged(scenario) {
      assert.ok(!this.freed, 'a freed merger is not used');
      if (this.runs !== this.scenario.runs) return undefined;
      const m = new /** @type {typeof FakeMerger} */ (this.constructor)(scenario);
      m.base = this.runs;
      return m;
    }
    /** As the core's: a merger of every run of this one for a scenario that adds strategies (the rest, the threshold and window aside, the same). */
    extended(scenario) {
      assert.ok(!this.freed, 'a freed merger is not used');
      if (this.runs !== this.scenario.runs) return undefined;
      const bare = (s) => JSON.stringify({ ...s, strategies: [], collapse: { ...s.collapse, threshold: 0, window: 0 } });
      const held = new Set(this.scenario.strategies.map((x) => JSON.stringify(x)));
      if (bare(scenario) !== bare(this.scenario) || scenario.strategies.every((x) => held.has(JSON.stringify(x)))) return undefined;
      const m = new /** @type {typeof FakeMerger} */ (this.constructor)(scenario);
      m.base = this.runs;
      return m;
    }
    /** As the core's: a merger of every run of this one for a scenario that only has more runs, to which the runs after them are added. */
    grown(scenario) {
      assert.ok(!this.freed, 'a freed merger is not used');
      if (this.runs !== this.scenario.runs || !(scenario.runs > this.scenario.runs) || JSON.stringify({ ...scenario, runs: 0 }) !== JSON.stringify({ ...this.scenario, runs: 0 })) return undefined;
      const m = new /** @type {typeof FakeMerger} */ (this.constructor)(scenario);
      m.ranges = [...this.ranges];
      m.adds = this.adds;
      return m;
    }
    /** @param {any} bytes a fake worker's `{ranges}` */
    addJudged(bytes) {
      const { ranges } = bytes;
      assert.ok(this.base !== null, 'judged runs go to a merger made by rejudged');
      this.adds = (this.adds ?? 0) + 1;
      this.ranges.push(...ranges);
      this.judged += ranges.reduce((n, [a, b]) => n + b - a, 0);
      assert.ok(this.judged <= this.base);
    }
    free() {
      assert.ok(!this.freed, 'a merger is freed once (the core\'s throws the second time)');
      this.freed = true;
    }
    add(bytes) {
      assert.ok(!this.freed, 'a freed merger is not used');
      this.adds = (this.adds ?? 0) + 1;
      if (bytes.ranges) this.ranges.push(...bytes.ranges);
      else this.ranges.push([bytes.start, bytes.end]);
      clock.t += mergeMs; // the main thread is busy merging
    }
    get runs() {
      return this.ranges.reduce((n, [a, b]) => n + b - a, 0);
    }
    /** As the core's: text whose column (the runs) is empty, and the column's values. */
    finishColumns() {
      return { json: JSON.stringify({ scenario: this.scenario, runs: this.runs, ranges: this.ranges, adds: this.adds, column: [] }), columns: new Float32Array([this.runs]) };
    }
    /**
     * As the core's: the text with its column filled in.
     * @param {string} json
     * @param {Float32Array} columns
     */
    static text(json, columns) {
      FakeMerger.texts += 1;
      return JSON.stringify({ ...JSON.parse(json), column: [...columns] });
    }
  }
  /** Exact texts made (`FakeMerger.text`). */
  FakeMerger.texts = 0;
  /** A merger that, as the core's, reads some of its strategies off every run of its scenario. */
  class PickingMerger extends FakeMerger {
    /** @param {{seed: string, runs: number, strategies: {id: string}[]}} sub */
    finishColumnsFor(sub) {
      const whole = this.scenario;
      const ids = whole.strategies.map((s) => s.id);
      if (this.runs !== whole.runs || sub.seed !== whole.seed || sub.runs !== whole.runs || !sub.strategies.every((s) => ids.includes(s.id))) return undefined;
      return { json: JSON.stringify({ readOff: whole.strategies.map((s) => s.id), strategies: sub.strategies.map((s) => s.id), runs: this.runs }) };
    }
  }
  const m = {
    clock,
    speed,
    events,
    pool: new WorkerPool({
      size,
      module: null,
      Merger: pick ? PickingMerger : FakeMerger,
      createWorker: () => new FakeWorker(),
      holdWork: hold ? HOLD_WORK : 0,
      startWorkers,
      onResult: (e) => events.push({ type: 'result', at: clock.t, ...e, result: JSON.parse(e.json) }),
      onProgress: (e) => events.push({ type: 'progress', at: clock.t, ...e }),
      onError: (e) => events.push({ type: 'error', at: clock.t, ...e }),
      now: () => clock.t,
    }),
    /** Finishes the chunk due first, advancing the clock to its end. */
    step() {
      running.sort((a, b) => a.doneAt - b.doneAt);
      const next = running.shift();
      if (!next) return false;
      clock.t = next.doneAt;
      const { msg } = next;
      if (msg.type === 'rejudge') {
        // As the core's `Prepared.rejudge`: every run held of job `held`, or none.
        const ranges = next.worker.generation === msg.held ? next.worker.held : [];
        const runs = ranges.reduce((n, [a, b]) => n + b - a, 0);
        m.rejudges.push({ worker: next.worker, at: clock.t, ranges, scenario: msg.scenario, adopt: msg.adopt });
        next.worker.adopting = msg.adopt && runs > 0 ? msg.generation : null;
        next.worker.onmessage({ data: { type: 'rejudge', generation: msg.generation, runs, computeMs: 1, ...(runs > 0 ? { bytes: { ranges: [...ranges] } } : {}) } });
        return true;
      }
      if (msg.type === 'flush') {
        const kept = next.worker.generation === msg.generation ? next.worker.kept : [];
        next.worker.kept = [];
        m.flushes.push({ worker: next.worker, at: clock.t, ranges: kept });
        const runs = kept.reduce((n, [a, b]) => n + b - a, 0);
        next.worker.onmessage({ data: { type: 'flush', generation: msg.generation, runs, ...(runs > 0 ? { bytes: { ranges: kept } } : {}) } });
        return true;
      }
      const computeMs = msg.work / m.speed;
      /** @type {Record<string, unknown>} */
      const reply = { type: 'chunk', generation: msg.generation, chunkId: msg.chunkId, start: msg.start, end: msg.end, work: msg.work, bytes: { start: msg.start, end: msg.end }, runs: msg.end - msg.start, computeMs };
      if (msg.keep) {
        // As the core's `Prepared` does: the runs added to the worker's own sum, sent with `flush`.
        m.keptChunks += 1;
        next.worker.kept.push([msg.start, msg.end]);
        delete reply.bytes;
        reply.runs = 0;
        if (msg.flush) {
          const ranges = next.worker.kept;
          next.worker.kept = [];
          reply.bytes = { ranges };
          reply.runs = ranges.reduce((n, [a, b]) => n + b - a, 0);
        }
      }
      if (msg.result) {
        m.asked.push([msg.start, msg.end]);
        // As the real worker does: the result of runs [0, end) alone.
        // A chunk kept in its worker sends no bytes to finish the estimate from: its text always comes (as the real worker's always does).
        if (finishInWorker || msg.keep) Object.assign(reply, { json: JSON.stringify({ scenario: next.worker.scenario, runs: msg.end, ranges: [[0, msg.end]] }), finishMs: finishMs || 1 });
      }
      m.finished.push({ worker: next.worker, at: clock.t, start: msg.start, end: msg.end });
      next.worker.onmessage({ data: reply });
      return true;
    },
    /** Steps until `until()` holds or nothing is left to compute. */
    runUntil(until = () => false) {
      while (!until() && m.step());
    },
    running,
    /** The chunks whose result the pool asked for with the bytes. */
    asked: [],
    /** Every chunk's end: which worker, when. */
    finished: [],
    /** Every flush: which worker, when, the ranges it sent. */
    flushes: [],
    /** Chunks whose runs a worker kept. */
    keptChunks: 0,
    /** Every rejudge answered: which worker, when, the ranges it held, the scenario. */
    rejudges: [],
    /** Every adopt message: which worker, the job, whether it adopted that job's extension. */
    adopts: [],
    /** Workers made so far. */
    get made() {
      return made;
    },
  };
  return m;
}

/** Scenarios here are "runs/weeks/strategies" strings. */
const scenario = (runs, weeks = 260, strategies = 5) => `${runs}/${weeks}/${strategies}`;
function unitOf(s) {
  if (typeof s === 'object') return s.weeks * s.strategies.length;
  const [, weeks, strategies] = s.split('/').map(Number);
  return weeks * strategies;
}
function start(m, runs, weeks = 260, strategies = 5, more = {}) {
  return m.pool.run(scenario(runs, weeks, strategies), { runs, weeks, strategies, ...more });
}
const results = (m, generation, kind) => m.events.filter((e) => e.type === 'result' && e.generation === generation && (!kind || e.kind === kind));
const progresses = (m, generation) => m.events.filter((e) => e.type === 'progress' && e.generation === generation);

/**
 * Asserts that a chunk after a job's estimate is as large as `limitMs` allows
 * with the same number of chunks, all of one size, for each of `workers`:
 * at most `limitMs` of compute, and one round of chunks fewer would need
 * chunks over it. `rest`: the job's runs after its estimate; 1300 work a run.
 * @param {{msg: {start: number, end: number, work: number}}} c
 * @param {number} rest
 * @param {number} workers
 * @param {number} limitMs
 * @param {number} speed
 * @param {number} runs the job's runs (its last chunk may be shorter)
 */
function fewestEqualChunks(c, rest, workers, limitMs, speed, runs) {
  const ms = c.msg.work / speed;
  assert.ok(ms <= limitMs + 1e-9, `a chunk of ${ms} ms, over ${limitMs} ms`);
  if (c.msg.end === runs) return;
  const size = c.msg.end - c.msg.start;
  const rounds = Math.ceil(rest / (workers * size));
  assert.ok(rounds === 1 || Math.ceil(rest / (workers * (rounds - 1))) * 1300 > speed * limitMs, `${rounds} rounds of ${size}-run chunks for ${rest} runs: one round fewer would fit in ${limitMs} ms`);
}

/**
 * A pool of two workers that holds runs, as the page's does, with five
 * strategies of the default comparison's size: the machine, the strategies,
 * that scenario and a function that runs a scenario (its generation).
 */
async function heldPool() {
  const m = machine({ size: 2, speed: 2000, finishInWorker: true, hold: true });
  await m.pool.readyPromise;
  const strategies = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  const base = { seed: '1', runs: 1000, weeks: 260, strategies, collapse: { threshold: 0.5, window: 4, smoothing: 4 } };
  /** @param {any} s */
  const run = (s) => m.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  return { m, strategies, base, run };
}

/**
 * Asserts that a full result holds every run of [0, n) once: merged in any
 * order (a job whose workers keep its runs merges one partial per worker,
 * each of runs from anywhere; merging is exact, so the bytes are the same).
 */
function covers(result, n) {
  const ranges = [...result.ranges].sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [a, b] of ranges) {
    assert.equal(a, at, `every run once: ${JSON.stringify(result.ranges)}`);
    at = b;
  }
  assert.equal(at, n);
  assert.equal(result.runs, n);
}

/** Asserts that a result holds exactly runs [0, n), merged in order. */
function prefix(result, n) {
  let at = 0;
  for (const [a, b] of result.ranges) {
    assert.equal(a, at, `ranges in order from 0: ${JSON.stringify(result.ranges)}`);
    at = b;
  }
  assert.equal(at, n);
  assert.equal(result.runs, n);
}

test('the first job of a pool estimates from a fixed amount of work, then completes every run in order', async () => {
  const m = machine();
  await m.pool.readyPromise;
  const gen = start(m, 1_000_000);
  const first = progresses(m, gen)[0];
  assert.equal(first.done, 0);
  assert.equal(first.estimating, true);
  assert.equal(first.estimateRuns, Math.floor(FIRST_ESTIMATE_WORK / 1300));
  assert.equal(first.runsPerSecond, null, 'nothing measured yet');
  m.runUntil(() => results(m, gen, 'estimate').length > 0);
  const [estimate] = results(m, gen, 'estimate');
  prefix(estimate.result, first.estimateRuns);
  assert.ok(estimate.at <= FIRST_ESTIMATE_WORK / m.speed + 1e-9, `the estimate is one small chunk (${estimate.at} ms)`);
  // From here on every progress event has a rate and the time left.
  m.runUntil(() => progresses(m, gen).some((p) => p.done > 10_000));
  const late = progresses(m, gen).filter((p) => p.done > 0);
  for (const p of late) {
    assert.ok(p.runsPerSecond > 0 && p.secondsLeft > 0, JSON.stringify(p));
    assert.equal(p.estimating, false);
  }
  const rate = late.at(-1).runsPerSecond;
  const ideal = (m.speed * 2 * 1000) / 1300;
  assert.ok(rate > 0.8 * ideal && rate <= ideal * 1.001, `rate ${rate} near ${ideal}`);
  m.runUntil();
  const [full] = results(m, gen, 'full');
  covers(full.result, 1_000_000);
  assert.equal(m.pool.job, null);
});

test('the measured speed follows the last seconds of compute: after a cold start at half speed, three seconds at full speed bring it within a tenth of it (the old speed forgotten by seven eighths)', async () => {
  const m = machine({ size: 2, speed: 1500 }); // the engine's first code, before it is optimised
  await m.pool.readyPromise;
  start(m, 2_000);
  m.runUntil();
  assert.ok(Math.abs(m.pool.speed - 1500) < 1e-6 * 1500, `measured ${m.pool.speed}`);
  m.speed = 3000; // optimised
  let computed = 0;
  for (let runs = 1_000; computed < 3 * SPEED_HALF_LIFE_MS; runs++) {
    start(m, runs); // another scenario each time: none is a result the pool keeps
    m.runUntil();
    computed += (runs * 1300) / m.speed;
  }
  // The cold start forgotten by seven eighths: within a tenth of the new speed.
  assert.ok(m.pool.speed > 3000 * 0.9, `measured ${m.pool.speed} of 3000 after ${computed} ms at that speed`);
  assert.ok(m.pool.speed < 3000);
});

test('later first estimates take FIRST_PAINT_MS of one worker at the measured speed, whatever the job size; the rest comes in few chunks', async () => {
  for (const speed of [500, 2000, 20_000]) {
    const m = machine({ speed });
    await m.pool.readyPromise;
    start(m, 20_000);
    m.runUntil();
    assert.ok(Math.abs(m.pool.speed - speed) < 1e-6 * speed, `measured ${m.pool.speed} of ${speed}`);
    const times = [];
    for (const runs of [100_000, 1_000_000]) {
      const t0 = m.clock.t;
      const gen = start(m, runs);
      const [p] = progresses(m, gen);
      const expected = Math.floor((speed * FIRST_PAINT_MS) / 1300);
      assert.equal(p.estimateRuns, Math.max(MIN_ESTIMATE_RUNS, expected));
      assert.ok(Math.abs(p.runsPerSecond - (speed * 2 * 1000) / 1300) < 1e-6 * speed, 'a predicted rate before the first chunk');
      assert.ok(p.secondsLeft > 0);
      m.runUntil(() => results(m, gen, 'estimate').length > 0);
      const [estimate] = results(m, gen, 'estimate');
      prefix(estimate.result, p.estimateRuns);
      times.push(m.clock.t - t0);
      // Chunks after the estimate: as few as CHUNK_MS allows, as many for each worker, all of one size.
      m.runUntil(() => m.running.length > 0 && m.running.every((c) => c.msg.start >= p.estimateRuns));
      assert.equal(new Set(m.running.map((c) => c.msg.end - c.msg.start)).size, 1, 'chunks of one size');
      for (const c of m.running) fewestEqualChunks(c, runs - p.estimateRuns, 2, CHUNK_MS, speed, runs);
      m.pool.cancel();
      m.runUntil();
    }
    for (const t of times) assert.ok(t <= Math.max(FIRST_PAINT_MS, (MIN_ESTIMATE_RUNS * 1300) / speed) + 1e-9, `estimate in ${t} ms at ${speed} work/ms`);
  }
});

test('progress arrives at least every PROGRESS_MS + CHUNK_MS; estimates are repainted as the merged runs double', async () => {
  const m = machine({ speed: 300 }); // a slow machine: CHUNK_WORK would take over a second
  await m.pool.readyPromise;
  start(m, 5000);
  m.runUntil();
  const gen = start(m, 200_000);
  m.runUntil();
  const done = progresses(m, gen).filter((p) => p.done > 0);
  for (let i = 1; i < done.length; i++) {
    const gap = done[i].at - done[i - 1].at;
    assert.ok(gap >= PROGRESS_MS && gap <= PROGRESS_MS + CHUNK_MS + 1e-9, `gap ${gap} ms`);
  }
  assert.ok(CHUNK_WORK / m.speed > CHUNK_MS, 'the time limit, not CHUNK_WORK, sized the chunks');
  const estimates = results(m, gen, 'estimate');
  assert.ok(estimates.length >= 3, `${estimates.length} estimates`);
  for (let i = 1; i < estimates.length; i++) {
    assert.ok(estimates[i].runs >= 2 * estimates[i - 1].runs);
    assert.ok(estimates[i].at - estimates[i - 1].at >= REFINE_MS);
    prefix(estimates[i].result, estimates[i].runs);
  }
  covers(results(m, gen, 'full')[0].result, 200_000);
});

test('a job that takes hardly longer than an estimate gets none', async () => {
  const m = machine();
  await m.pool.readyPromise;
  const runs = 2 * Math.floor(FIRST_ESTIMATE_WORK / 1300) - 1;
  const gen = start(m, runs);
  assert.equal(progresses(m, gen)[0].estimateRuns, 0);
  assert.equal(progresses(m, gen)[0].estimating, false);
  m.runUntil();
  assert.equal(results(m, gen, 'estimate').length, 0);
  covers(results(m, gen, 'full')[0].result, runs);
});

test('a caller that paints only the full result gets no estimate, however long the job', async () => {
  const m = machine();
  await m.pool.readyPromise;
  const runs = 40 * Math.floor(FIRST_ESTIMATE_WORK / 1300);
  const gen = start(m, runs, 260, 5, { estimate: false });
  assert.equal(progresses(m, gen)[0].estimateRuns, 0);
  m.runUntil();
  assert.equal(results(m, gen, 'estimate').length, 0);
  covers(results(m, gen, 'full')[0].result, runs);
});

test('a job of the default comparison on a measured pool: one small chunk for the first paint, then short chunks, as many for each worker, summed in the workers', async () => {
  const m = machine({ size: 2, speed: 3400 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  const gen = start(m, 1000);
  m.runUntil();
  const [full] = results(m, gen, 'full');
  const chunks = full.result.ranges;
  const first = Math.max(MIN_ESTIMATE_RUNS, Math.floor((3400 * FIRST_PAINT_MS) / 1300));
  assert.ok(chunks.some(([a, b]) => a === 0 && b === first), JSON.stringify(chunks));
  const rest = chunks.filter(([a]) => a !== 0);
  assert.ok(rest.length > 2 && rest.length % 2 === 0, `as many chunks for each worker: ${JSON.stringify(chunks)}`);
  // Each at most BURST_CHUNK_MS of compute (rounded up to whole runs of 1300 / 3400 ms): an input that comes meanwhile waits at most that long for a worker.
  assert.ok(rest.every(([a, b]) => ((b - a - 1) * 1300) / 3400 <= BURST_CHUNK_MS), JSON.stringify(rest));
  assert.equal(full.result.adds, 2, 'one partial merged per worker (the estimate\'s runs in its worker\'s)');
  const [estimate] = results(m, gen, 'estimate');
  assert.equal(estimate.runs, first);
  assert.ok(estimate.phases.chunks >= 1 && estimate.phases.compute > 0, 'the estimate carries where its time went');
  assert.equal(full.phases.chunks, chunks.length);
});

test('the first estimate computes alone; as it comes back, the workers share the rest and finish together', async () => {
  const m = machine({ size: 2, speed: 3400, finishInWorker: true, finishMs: 20 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  m.finished.length = 0;
  const gen = start(m, 1000);
  assert.deepEqual(m.running.map((c) => [c.msg.start, c.msg.end]), [[0, progresses(m, gen)[0].estimateRuns]], 'the estimate alone');
  m.step();
  assert.equal(m.running.length, 2, 'then a chunk for each worker');
  m.runUntil();
  covers(results(m, gen, 'full')[0].result, 1000);
  const ends = new Map();
  for (const f of m.finished) ends.set(f.worker, f.at);
  const [a, b] = [...ends.values()];
  // Both start the rest when the estimate (FIRST_PAINT_MS or MIN_ESTIMATE_RUNS of compute, 20 ms of text) is back; one run is 1300 / 3400 ms,
  // and each chunk is rounded up to whole runs.
  const each = Math.max(...[...ends.keys()].map((w) => m.finished.filter((f) => f.worker === w).length));
  assert.ok(Math.abs(a - b) <= (each * 1300) / 3400 + 1e-9, `the workers finish ${Math.abs(a - b).toFixed(2)} ms apart`);
});

test('a job of many chunks gives every worker as many, all of one size, so none is left idle at the end', async () => {
  const m = machine({ size: 2, speed: 3400 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  m.finished.length = 0;
  const gen = start(m, 10_000);
  const sizes = [];
  for (;;) {
    for (const c of m.running) if (c.msg.generation === gen && c.msg.start > 0 && !sizes.some((x) => x.start === c.msg.start)) sizes.push({ start: c.msg.start, runs: c.msg.end - c.msg.start });
    if (!m.step()) break;
  }
  covers(results(m, gen, 'full')[0].result, 10_000);
  assert.ok(sizes.length >= 4 && sizes.length % 2 === 0, `as many chunks for each worker: ${sizes.length}`);
  assert.ok(sizes.slice(0, -1).every((c) => c.runs === sizes[0].runs) && sizes.at(-1).runs <= sizes[0].runs, `all of one size: ${JSON.stringify(sizes)}`);
  const ends = new Map();
  for (const f of m.finished.slice(1)) ends.set(f.worker, f.at);
  const [a, b] = [...ends.values()];
  // Cut at CHUNK_MS until the runs ran out, one worker would wait for the other's last chunk for hundreds of ms;
  // here the last chunk is short only by the rounding up of the others, at most a run each (1300 / 3400 ms).
  assert.ok(Math.abs(a - b) <= (sizes.length * 1300) / 3400 + 1e-9, `the workers finish ${Math.abs(a - b).toFixed(2)} ms apart`);
});

test('a job expected within REFINE_MS is summed in its workers: one partial per worker is merged, not one per chunk', async () => {
  const m = machine({ size: 2, speed: 2000, finishInWorker: true });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  const cut = start(m, 1000);
  m.step(); // its estimate; then a chunk for each worker
  const gen = start(m, 1000); // cuts it short: a burst, chunks of BURST_CHUNK_MS
  m.runUntil(() => results(m, gen, 'full').length > 0);
  const [full] = results(m, gen, 'full');
  covers(full.result, 1000);
  assert.equal(results(m, cut, 'full').length, 0, 'the job cut short is dropped, what its workers kept with it');
  const chunks = full.phases.chunks;
  assert.ok(chunks >= 8, `a burst's short chunks: ${chunks}`);
  assert.equal(full.result.adds, 2, 'merged: one partial from each worker (the estimate\'s runs in its worker\'s)');
  assert.ok(m.flushes.some((f) => f.ranges.length > 1), 'a worker sends the runs of several chunks at once');
  // A job expected to take longer than REFINE_MS merges every chunk as it comes, so its estimates can refine.
  m.keptChunks = 0;
  const long = start(m, 20_001);
  m.runUntil(() => results(m, long, 'full').length > 0);
  assert.equal(m.keptChunks, 0, 'no chunk kept');
  assert.equal(results(m, long, 'full')[0].result.adds, results(m, long, 'full')[0].phases.chunks, 'one merge per chunk');
});

test('a worker that kept runs sends them when asked, even beside an idle worker earlier in the pool', async () => {
  // The second worker slower, by several paces: in some, the first takes the job's last chunk and
  // is idle when the second's kept chunk comes back, and the second must still be asked for its runs.
  let second = 0;
  for (const slower of [1.6, 1.9, 2.2, 2.6]) {
    const m = machine({ size: 2, speed: 2000, finishInWorker: true, slower });
    await m.pool.readyPromise;
    start(m, 20_000);
    m.runUntil();
    start(m, 1000);
    m.step();
    const gen = start(m, 1001); // a burst: short chunks
    m.runUntil(() => results(m, gen, 'full').length > 0);
    const [full] = results(m, gen, 'full');
    assert.ok(full, `the job finishes (the second worker ${slower} times slower)`);
    covers(full.result, 1001);
    second += m.flushes.filter((f) => f.worker.pace > 1 && f.ranges.length > 0).length;
  }
  assert.ok(second > 0, 'the slower worker was asked for the runs it kept');
});

test('the first estimate, finished in its worker, is painted before anything is merged; the full result still merges every chunk in order', async () => {
  const m = machine({ size: 2, speed: 3400, finishInWorker: true });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  m.asked.length = 0;
  const gen = start(m, 1000);
  m.runUntil(() => results(m, gen, 'estimate').length > 0);
  const [estimate] = results(m, gen, 'estimate');
  assert.deepEqual(m.asked, [[0, estimate.runs]], 'only the first chunk is asked for its result');
  assert.deepEqual(estimate.result.ranges, [[0, estimate.runs]]);
  assert.equal(estimate.phases.merge, 0, 'nothing merged before the first paint');
  m.runUntil();
  assert.equal(results(m, gen, 'estimate').length, 1, 'painted once');
  covers(results(m, gen, 'full')[0].result, 1000);
});

test('an estimate posted before its chunk\'s reply is painted at once; the chunk is counted and merged when its reply comes', async () => {
  const m = machine({ size: 2, speed: 3400 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  const gen = start(m, 1000);
  m.running.sort((a, b) => a.msg.start - b.msg.start);
  const first = m.running.shift();
  assert.equal(first.msg.result, true);
  m.clock.t = first.doneAt;
  const { msg } = first;
  const computeMs = msg.work / m.speed;
  const json = JSON.stringify({ scenario: first.worker.scenario, runs: msg.end, ranges: [[0, msg.end]] });
  // As the real worker does: the text first (`estimate`), then the chunk with its bytes.
  first.worker.onmessage({ data: { type: 'estimate', generation: gen, chunkId: msg.chunkId, start: 0, end: msg.end, computeMs, prepareMs: 0, json, finishMs: 3 } });
  const [estimate] = results(m, gen, 'estimate');
  assert.equal(estimate.runs, msg.end);
  assert.equal(estimate.phases.compute, computeMs, 'the estimate carries its chunk\'s compute');
  assert.equal(estimate.phases.finish, 3);
  assert.equal(m.pool.job.merged, 0, 'nothing merged yet');
  assert.equal(m.pool.job.done, 0, 'the chunk is not done until its reply');
  assert.equal(m.pool.workers.filter((w) => w.busy).length, 2, 'its worker is still busy');
  first.worker.onmessage({ data: { type: 'chunk', generation: gen, chunkId: msg.chunkId, start: 0, end: msg.end, work: msg.work, bytes: { start: 0, end: msg.end }, computeMs } });
  assert.equal(m.pool.job.merged, msg.end);
  m.runUntil();
  assert.equal(results(m, gen, 'estimate').length, 1, 'painted once');
  const [full] = results(m, gen, 'full');
  covers(full.result, 1000);
  assert.equal(full.phases.finish >= 3, true);
  // A stale estimate is dropped.
  const before = m.events.length;
  first.worker.onmessage({ data: { type: 'estimate', generation: gen - 1, chunkId: 0, start: 0, end: 20, computeMs: 1, prepareMs: 0, json, finishMs: 1 } });
  assert.equal(m.events.length, before);
});

test('where merging a chunk is slow, chunks grow so the main thread keeps up with the workers', async () => {
  const slow = machine({ size: 2, speed: 2000, mergeMs: 200 });
  await slow.pool.readyPromise;
  start(slow, 20_000);
  slow.runUntil();
  assert.ok(Math.abs(slow.pool.mergeMs - 200) < 1e-6, `merge time measured (${slow.pool.mergeMs})`);
  const gen = start(slow, 100_000);
  slow.runUntil(() => slow.running.length > 0 && slow.running.every((c) => c.msg.start > 0));
  for (const c of slow.running) assert.ok(c.msg.work >= 2000 * MERGE_RATIO * 2 * 200 - 1300 || c.msg.end === 100_000, `a chunk of ${c.msg.work / 2000} ms`);
  slow.runUntil();
  covers(results(slow, gen, 'full')[0].result, 100_000);
});

test('the newest input wins: chunks of a dropped job are never merged, but still teach the pool its speed', async () => {
  const m = machine({ size: 3 });
  await m.pool.readyPromise;
  const old = start(m, 1_000_000);
  m.runUntil(() => progresses(m, old).some((p) => p.done > 2000));
  const stale = m.running.reduce((w, c) => w + c.msg.work, 0);
  assert.ok(stale > 0, 'chunks of the old job in flight');
  /** @type {number[]} */
  const measured = [];
  const measure = m.pool.measure.bind(m.pool);
  m.pool.measure = (work, ms) => {
    measured.push(work);
    measure(work, ms);
  };
  const gen = start(m, 300, 52, 1);
  m.runUntil();
  assert.equal(measured.reduce((a, b) => a + b, 0), stale + 300 * 52, 'the stale chunks were measured');
  assert.equal(results(m, old, 'full').length, 0);
  assert.ok(m.events.filter((e) => e.generation === old).every((e) => e.at <= m.events.find((x) => x.generation === gen).at), 'nothing of the old job after the new one started');
  covers(results(m, gen, 'full')[0].result, 300);
  assert.equal(m.pool.busy, false);
  assert.equal(m.pool.job, null);
});

test('a merger no longer needed is freed once, after what comes first: a cut-short job\'s after the new job is started, the last result\'s after the next is reported', async () => {
  const m = machine({ size: 2 });
  await m.pool.readyPromise;
  start(m, 1_000_000); // cut short while its estimate computes: the other worker is idle
  const cut = /** @type {any} */ (m.pool.job).merger;
  /** How many of the new job's chunks were out when the cut job's merger was freed. */
  let outAtFree = -1;
  const free = cut.free.bind(cut);
  cut.free = () => {
    outAtFree = m.running.filter((c) => c.msg.generation === m.pool.generation).length;
    free();
  };
  const gen = start(m, 300, 52, 1);
  assert.equal(cut.freed, true, 'freed as the new job starts');
  assert.ok(outAtFree > 0, 'after the new job\'s first chunk went to the idle worker');
  m.runUntil();
  const first = /** @type {any} */ (m.pool.finished);
  assert.ok(first && !first.freed, 'the finished job\'s merger is kept');
  /** Whether the last result's merger was freed when the next result was reported. */
  let freedAtResult = null;
  const onResult = m.pool.onResult;
  m.pool.onResult = (e) => {
    if (e.kind === 'full') freedAtResult = first.freed === true;
    onResult(e);
  };
  const next = start(m, 400, 52, 1);
  m.runUntil();
  assert.equal(results(m, next, 'full').length, 1);
  assert.equal(freedAtResult, false, 'not freed before the new result is reported');
  await new Promise((done) => setTimeout(done, 0));
  assert.equal(first.freed, true, 'freed in a task after it');
  assert.ok(!(/** @type {any} */ (m.pool.finished).freed), 'the new finished merger is kept');
  covers(results(m, gen, 'full')[0].result, 300);
});

test('chunks finishing out of order are held until the runs before them are in', async () => {
  const m = machine({ size: 2 });
  await m.pool.readyPromise;
  const gen = start(m, 100_000, 26, 1);
  assert.equal(progresses(m, gen)[0].estimateRuns, FIRST_ESTIMATE_WORK / 26);
  m.step(); // the estimate, painted; then each worker takes a chunk of the rest
  const painted = results(m, gen).length;
  assert.equal(m.running.length, 2);
  // Finish the second chunk of the rest first.
  m.running.sort((a, b) => b.msg.start - a.msg.start);
  const late = m.running.shift();
  m.clock.t += 1;
  late.worker.onmessage({ data: { type: 'chunk', generation: late.msg.generation, start: late.msg.start, end: late.msg.end, work: late.msg.work, bytes: { start: late.msg.start, end: late.msg.end }, computeMs: 1 } });
  assert.equal(results(m, gen).length, painted, 'nothing more painted before the runs before it are in');
  m.runUntil();
  const estimates = results(m, gen, 'estimate');
  for (const e of estimates) prefix(e.result, e.runs);
  assert.ok(estimates.length >= 1);
  covers(results(m, gen, 'full')[0].result, 100_000);
});

test('the first estimate is one worker\'s FIRST_PAINT_MS however many workers share the job (or one thread, the main-thread fallback)', async () => {
  const m = machine({ size: 2 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  const both = m.pool.estimateRuns({ runs: 1_000_000, weeks: 260, strategies: 5 });
  m.pool.parallel = 1;
  const one = m.pool.estimateRuns({ runs: 1_000_000, weeks: 260, strategies: 5 });
  assert.equal(one, Math.max(MIN_ESTIMATE_RUNS, Math.floor((m.speed * FIRST_PAINT_MS) / 1300)));
  assert.equal(both, one);
});

/** Runs a job of `runs` runs to its full result; returns the result event. */
function complete(m, runs) {
  const gen = start(m, runs);
  m.runUntil(() => results(m, gen, 'full').length > 0);
  return results(m, gen, 'full')[0];
}

test('a scenario simulated before is shown again from the kept result: the same text, nothing computed, after the caller has noted the job', async () => {
  const m = machine();
  await m.pool.readyPromise;
  const first = complete(m, 3000);
  assert.equal(first.kept, undefined);
  complete(m, 2000);
  const posted = m.asked.length + m.finished.length;
  const gen = start(m, 3000);
  assert.equal(results(m, gen).length, 0, 'not within the call: the caller notes the job first');
  assert.equal(m.running.length, 0, 'no chunk sent');
  await Promise.resolve();
  const again = results(m, gen);
  assert.equal(again.length, 1);
  assert.equal(again[0].kind, 'full');
  assert.equal(again[0].kept, true);
  assert.equal(again[0].json, first.json);
  assert.equal(again[0].runs, 3000);
  assert.deepEqual(Object.values(again[0].phases), [0, 0, 0, 0, 0, 0]);
  assert.equal(m.asked.length + m.finished.length, posted, 'nothing computed');
  // A newer input before the microtask: the kept result is dropped like any older job.
  const dropped = start(m, 2000);
  const newest = start(m, 5000);
  await Promise.resolve();
  assert.equal(results(m, dropped).length, 0);
  m.runUntil(() => results(m, newest, 'full').length > 0);
  covers(results(m, newest, 'full')[0].result, 5000);
});

test("a result's exact text is made by the core once, when first asked for, and is the text with its columns filled in", async () => {
  const m = machine();
  await m.pool.readyPromise;
  const Merger = /** @type {any} */ (m.pool.Merger);
  const before = Merger.texts;
  const full = complete(m, 3000);
  assert.equal(Merger.texts, before, 'no text made to paint');
  assert.deepEqual(full.result.column, [], 'the text painted has its column empty');
  assert.deepEqual([...full.columns], [3000]);
  const text = full.text();
  assert.deepEqual(JSON.parse(text), { ...full.result, column: [3000] });
  assert.equal(full.text(), text);
  assert.equal(Merger.texts, before + 1, 'made once');
  // Shown again from the kept result: the same text.
  const gen = start(m, 3000);
  await Promise.resolve();
  assert.equal(results(m, gen, 'full')[0].text(), text);
});

test('the pool keeps the RESULTS_KEPT results shown last, and none once told to forget', async () => {
  const m = machine();
  await m.pool.readyPromise;
  for (let i = 0; i <= RESULTS_KEPT; i++) complete(m, 100 + i);
  assert.equal(m.pool.kept.size, RESULTS_KEPT);
  // The first is the one dropped; showing the second again makes it the newest.
  start(m, 101);
  await Promise.resolve();
  complete(m, 50);
  const simulated = (runs) => {
    const gen = start(m, runs);
    return m.running.length > 0 || results(m, gen, 'full').length > 0;
  };
  assert.equal(simulated(100), true, 'the oldest was dropped');
  m.runUntil();
  assert.equal(simulated(101), false, 'shown again, so kept over older ones');
  await Promise.resolve();
  const finished = /** @type {any} */ (m.pool.finished);
  m.pool.forget();
  assert.equal(m.pool.kept.size, 0);
  assert.equal(finished.freed, true, 'the last job\'s merger, held by nothing, is freed');
  assert.equal(simulated(101), true);
  m.runUntil();
});

test('scenarios are kept apart by everything in them, maps and big integers included', () => {
  const a = { seed: '1', params: new Map([['debt_per_feature', 0.5]]), big: 2n ** 64n };
  const b = { seed: '1', params: new Map([['debt_per_feature', 0.6]]), big: 2n ** 64n };
  const c = { seed: '1', params: new Map([['debt_per_feature', 0.5]]), big: 2n ** 64n + 1n };
  assert.notEqual(scenarioKey(a), scenarioKey(b));
  assert.notEqual(scenarioKey(a), scenarioKey(c));
  assert.equal(scenarioKey(a), scenarioKey({ ...a }));
  assert.equal(scenarioKey({ x: 1, y: [2, 3] }), '{"x":1,"y":[2,3]}');
});

test('a job that cuts a running one short (inputs in a burst) comes in chunks of BURST_CHUNK_MS; a job after a finished one, in CHUNK_MS', async () => {
  const m = machine({ speed: 2000 });
  await m.pool.readyPromise;
  start(m, 20_000);
  m.runUntil();
  const first = start(m, 100_000); // the one before finished: not a burst
  m.step(); // its estimate; then a chunk for each worker
  assert.equal(m.running.length, 2);
  const estimateRuns = progresses(m, first)[0].estimateRuns;
  for (const c of m.running) fewestEqualChunks(c, 100_000 - estimateRuns, 2, CHUNK_MS, m.speed, 100_000);
  const gen = start(m, 100_001);
  m.runUntil(() => results(m, gen, 'estimate').length > 0);
  m.runUntil(() => m.running.filter((c) => c.msg.generation === gen).length === 2);
  for (const c of m.running) fewestEqualChunks(c, 100_001 - progresses(m, gen)[0].estimateRuns, 2, BURST_CHUNK_MS, m.speed, 100_001);
  m.runUntil(() => results(m, gen, 'full').length > 0);
  covers(results(m, gen, 'full')[0].result, 100_001);
  assert.equal(results(m, first, 'full').length, 0);
});

test('some strategies of the last result (unticked) are read off its runs: nothing computed, shown as kept; any other change is simulated', async () => {
  const m = machine({ pick: true });
  await m.pool.readyPromise;
  const strategy = (id) => ({ id, label: id.toUpperCase() });
  const all = { seed: '1', runs: 2000, weeks: 260, strategies: ['a', 'b', 'c'].map(strategy) };
  const run = (s) => m.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  const simulate = (s) => {
    const gen = run(s);
    assert.ok(m.running.length > 0, `simulated: ${JSON.stringify(s)}`);
    m.runUntil(() => results(m, gen, 'full').length > 0);
    return results(m, gen, 'full')[0];
  };
  covers(simulate(all).result, 2000);
  const computed = m.asked.length + m.finished.length;
  const sub = { ...all, strategies: [all.strategies[2], all.strategies[0]] };
  const gen = run(sub);
  assert.equal(m.running.length, 0, 'no chunk sent');
  assert.equal(results(m, gen).length, 0, 'not within the call: the caller notes the job first');
  await Promise.resolve();
  const read = results(m, gen, 'full');
  assert.equal(read.length, 1);
  assert.equal(read[0].kept, true);
  assert.deepEqual(read[0].result, { readOff: ['a', 'b', 'c'], strategies: ['c', 'a'], runs: 2000 });
  assert.equal(m.asked.length + m.finished.length, computed, 'nothing computed');
  // Kept under its own scenario as well.
  assert.equal(m.pool.kept.has(scenarioKey(sub)), true);
  // A strategy the last result does not hold, a strategy's settings, another seed: simulated.
  simulate({ ...all, strategies: ['b', 'c', 'd'].map(strategy) });
  simulate({ ...all, strategies: [{ ...strategy('b'), refactor_share: 0.3 }] });
  simulate({ ...sub, seed: '2' });
  // Once told to forget, nothing is read off.
  m.pool.forget();
  simulate({ ...sub, seed: '2', strategies: [strategy('c')] });
});

test('a threshold or window changed after a held job is judged again from its runs in the workers: nothing simulated; any other change simulates', async () => {
  const m = machine({ size: 2, speed: 2000, finishInWorker: true, hold: true });
  await m.pool.readyPromise;
  const strategies = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  const base = { seed: '1', runs: 1000, weeks: 260, strategies, collapse: { threshold: 0.5, window: 4, smoothing: 4 } };
  assert.ok(base.runs * base.weeks * strategies.length <= HOLD_WORK, 'the default comparison holds its runs');
  const run = (s) => m.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  const full = (gen) => {
    m.runUntil(() => results(m, gen, 'full').length > 0);
    return results(m, gen, 'full')[0];
  };
  const first = full(run(base));
  covers(first.result, 1000);
  assert.equal(first.rejudged, undefined);
  const holders = new Set(m.finished.map((f) => f.worker)).size;
  assert.equal(holders, 2, 'both workers computed runs of it');
  const computed = m.finished.length;
  for (const collapse of [{ threshold: 0.65, window: 4, smoothing: 4 }, { threshold: 0.65, window: 9, smoothing: 4 }, { threshold: 0.2, window: 1, smoothing: 4 }]) {
    const scenario = { ...base, collapse };
    const before = m.rejudges.length;
    const judged = full(run(scenario));
    assert.equal(judged.rejudged, true, `judged again: ${JSON.stringify(collapse)}`);
    assert.equal(m.finished.length, computed, 'no chunk simulated');
    covers(judged.result, 1000);
    assert.equal(judged.result.adds, holders, 'one partial from each worker that holds runs');
    assert.deepEqual(judged.result.scenario, scenario, 'merged under the new scenario');
    assert.ok(m.rejudges.slice(before).every((r) => r.scenario === scenario && r.ranges.length > 0));
    assert.equal(judgedKey(scenario), judgedKey(base));
  }
  // Forgetting the kept results (as the benchmarks do before each gesture) keeps the held runs and their merger.
  const heldMerger = /** @type {any} */ (m.pool.held?.merger);
  m.pool.forget();
  assert.ok(heldMerger && !heldMerger.freed, 'the held job\'s merger is not freed');
  assert.equal(full(run({ ...base, collapse: { ...base.collapse, threshold: 0.45 } })).rejudged, true, 'judged again after forget()');
  // The smoothing changes what the runs do (the team's smoothed view): simulated, and now the runs held.
  const smoother = { ...base, collapse: { threshold: 0.5, window: 4, smoothing: 8 } };
  const resimulated = full(run(smoother));
  assert.ok(m.finished.length > computed, 'simulated');
  assert.equal(resimulated.rejudged, undefined);
  assert.equal(full(run({ ...smoother, collapse: { ...smoother.collapse, threshold: 0.3 } })).rejudged, true, 'its threshold changed: judged again');
  // Another seed: simulated, whatever its threshold.
  const n = m.finished.length;
  assert.equal(full(run({ ...base, seed: '2', collapse: { ...base.collapse, threshold: 0.3 } })).rejudged, undefined);
  assert.ok(m.finished.length > n);
  // A job over HOLD_WORK holds nothing: a threshold changed after it is simulated.
  const big = { ...base, runs: 2000 };
  full(run(big));
  const k = m.finished.length;
  assert.equal(full(run({ ...big, collapse: { ...big.collapse, threshold: 0.3 } })).rejudged, undefined);
  assert.ok(m.finished.length > k, 'simulated');
});

test('a strategy added or edited after a held job is simulated alone for its runs in the workers, which then hold it: the next edit and a new threshold are not simulated', async () => {
  const { m, strategies, base, run } = await heldPool();
  const full = (gen) => {
    m.runUntil(() => results(m, gen, 'full').length > 0);
    return results(m, gen, 'full')[0];
  };
  full(run(base));
  const holders = new Set(m.finished.map((f) => f.worker)).size;
  const computed = m.finished.length;
  const added = { ...base, strategies: [...strategies, { id: 'mine', refactor_share: 0.2 }] };
  const edited = { ...base, strategies: [...strategies, { id: 'mine', refactor_share: 0.3 }] };
  const copied = { ...base, strategies: [{ id: 'a', refactor_share: 0.1 }, ...strategies.slice(1)], collapse: { ...base.collapse, threshold: 0.7 } };
  for (const scenario of [added, edited, copied, { ...added, collapse: { ...base.collapse, window: 9 } }]) {
    const before = m.rejudges.length;
    const event = full(run(scenario));
    assert.equal(event.rejudged, true);
    assert.equal(event.extended, true, 'the new strategy simulated alone');
    assert.equal(m.finished.length, computed, 'no chunk simulated');
    covers(event.result, 1000);
    assert.equal(event.result.adds, holders, 'one answer from each worker that holds runs');
    assert.deepEqual(event.result.scenario, scenario, 'merged under the new scenario');
    assert.ok(m.rejudges.slice(before).every((r) => r.scenario === scenario && r.ranges.length > 0 && r.adopt === true));
    // Every holder adopted the extension once all were in: the held runs are this job's.
    const adopted = m.adopts.filter((a) => a.generation === event.generation);
    assert.equal(adopted.length, holders);
    assert.ok(adopted.every((a) => a.adopted));
  }
  // The last extension's threshold changed: judged again from the held runs, its new strategy among them.
  const last = { ...added, collapse: { ...base.collapse, window: 9, threshold: 0.35 } };
  const rejudged = full(run(last));
  assert.equal(rejudged.rejudged, true);
  assert.equal(rejudged.extended, undefined, 'the added strategy is held: nothing simulated alone');
  assert.equal(m.finished.length, computed, 'no chunk simulated');
  assert.deepEqual(rejudged.result.scenario, last);
  // An edit cut short by the next: the first is never adopted, the second extends the held runs.
  const adopts = m.adopts.length;
  run({ ...added, strategies: [...strategies, { id: 'mine', refactor_share: 0.5 }] });
  const second = full(run({ ...added, strategies: [...strategies, { id: 'mine', refactor_share: 0.6 }] }));
  assert.equal(second.extended, true);
  assert.equal(m.finished.length, computed, 'no chunk simulated');
  assert.ok(m.adopts.slice(adopts).every((a) => a.generation === second.generation && a.adopted), 'only the finished edit adopted');
  // A new strategy with another seed: simulated.
  const other = full(run({ ...added, seed: '2' }));
  assert.equal(other.rejudged, undefined);
  assert.ok(m.finished.length > computed, 'simulated');
});

test('more runs than the last finished job, nothing else changed: only the runs after its own are simulated, added to its merger', async () => {
  const { m, base, run } = await heldPool();
  const events = (gen) => {
    m.runUntil(() => results(m, gen, 'full').length > 0);
    return m.events.filter((e) => e.type === 'result' && e.generation === gen);
  };
  events(run(base));
  for (const runs of [2500, 4000]) {
    const before = m.finished.length;
    const gen = run({ ...base, runs });
    const shown = events(gen);
    const full = shown.at(-1);
    assert.equal(full.kind, 'full');
    assert.equal(full.grown, true);
    covers(full.result, runs);
    const simulated = m.finished.slice(before);
    assert.ok(simulated.length > 0 && simulated.every((c) => c.start >= (runs === 2500 ? 1000 : 2500)), 'only the runs after the finished job\'s simulated');
    assert.equal(simulated.reduce((n, c) => n + c.end - c.start, 0), runs === 2500 ? 1500 : 1500);
    assert.ok(shown.every((e) => e.kind === 'full' || e.runs > (runs === 2500 ? 1000 : 2500)), 'no estimate of fewer runs than the result on screen');
  }
  // Fewer runs, or more with another seed: simulated whole.
  for (const scenario of [{ ...base, runs: 3000 }, { ...base, seed: '2', runs: 5000 }]) {
    const before = m.finished.length;
    const full = events(run(scenario)).at(-1);
    assert.equal(full.grown, undefined);
    assert.ok(m.finished.slice(before).some((c) => c.start === 0), 'simulated from run 0');
    covers(full.result, scenario.runs);
  }
  // A job small enough to hold its runs is simulated whole, so that a new threshold after it is judged again.
  events(run({ ...base, seed: '3', runs: 500 }));
  const small = events(run({ ...base, seed: '3', runs: 1000 })).at(-1);
  assert.equal(small.grown, undefined);
  covers(small.result, 1000);
  const before = m.finished.length;
  assert.equal(events(run({ ...base, seed: '3', collapse: { ...base.collapse, threshold: 0.4 } })).at(-1).rejudged, true);
  assert.equal(m.finished.length, before, 'judged again, not simulated');
});

test('a rejudge cut short by another is dropped; a worker that no longer holds the runs makes the job simulate after all', async () => {
  const { m, base, run } = await heldPool();
  let gen = run(base);
  m.runUntil(() => results(m, gen, 'full').length > 0);
  // A slider dragged: each input's job cuts the last short.
  const dropped = run({ ...base, collapse: { ...base.collapse, threshold: 0.55 } });
  gen = run({ ...base, collapse: { ...base.collapse, threshold: 0.6 } });
  m.runUntil(() => results(m, gen, 'full').length > 0);
  assert.equal(results(m, dropped).length, 0, 'the job cut short shows nothing');
  assert.equal(results(m, gen, 'full')[0].rejudged, true);
  covers(results(m, gen, 'full')[0].result, 1000);
  // A worker that has moved on (as after a job the pool no longer knows of) answers with no runs.
  const computed = m.finished.length;
  for (const worker of new Set(m.finished.map((f) => f.worker))) worker.generation = -2;
  gen = run({ ...base, collapse: { ...base.collapse, threshold: 0.7 } });
  m.runUntil(() => results(m, gen, 'full').length > 0);
  const [after] = results(m, gen, 'full');
  assert.equal(after.rejudged, undefined, 'simulated after all');
  assert.ok(m.finished.length > computed);
  covers(after.result, 1000);
  assert.equal(m.events.filter((e) => e.type === 'error').length, 0);
});

test('a threshold changed after strategies were unticked is judged again from the held runs: every held strategy judged, the ticked ones read off', async () => {
  const m = machine({ size: 2, speed: 2000, finishInWorker: true, hold: true, pick: true });
  await m.pool.readyPromise;
  const strategy = (id) => ({ id });
  const all = { seed: '1', runs: 1000, weeks: 260, strategies: ['a', 'b', 'c', 'd', 'e'].map(strategy), collapse: { threshold: 0.5, window: 4, smoothing: 4 } };
  const run = (s) => m.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  const full = async (gen) => {
    m.runUntil(() => results(m, gen, 'full').length > 0);
    await Promise.resolve(); // a result read off is reported in a microtask
    return results(m, gen, 'full')[0];
  };
  await full(run(all));
  const computed = m.finished.length;
  // Two unticked: read off the last result, as before.
  const sub = { ...all, strategies: ['a', 'c', 'e'].map(strategy) };
  assert.equal((await full(run(sub))).kept, true);
  // Then the threshold: the held runs judged again with every held strategy, the three read off.
  const judged = { ...sub, collapse: { ...sub.collapse, threshold: 0.65 } };
  const before = m.rejudges.length;
  const shown = await full(run(judged));
  assert.equal(shown.rejudged, true, 'judged again, not simulated');
  assert.equal(m.finished.length, computed, 'no chunk simulated');
  assert.deepEqual(shown.result, { readOff: ['a', 'b', 'c', 'd', 'e'], strategies: ['a', 'c', 'e'], runs: 1000 });
  const asked = m.rejudges.slice(before);
  assert.equal(asked.length, 2, 'each holder asked once');
  assert.ok(asked.every((r) => r.scenario.strategies === all.strategies && r.scenario.collapse === judged.collapse && r.ranges.length > 0), 'the workers judge every held strategy under the new rule');
  assert.equal(m.pool.kept.has(scenarioKey(judged)), true, 'kept under its own scenario');
  // Ticked again: read off the strategies judged under the new rule, not simulated.
  const back = await full(run({ ...all, collapse: judged.collapse }));
  assert.equal(back.kept, true);
  assert.deepEqual(back.result.strategies, ['a', 'b', 'c', 'd', 'e']);
  // A window changed with one held strategy and one new: the new one simulated alone for the held runs.
  const other = { ...sub, strategies: [strategy('a'), strategy('f')], collapse: { ...sub.collapse, window: 9 } };
  const extended = await full(run(other));
  assert.equal(extended.rejudged, true);
  assert.equal(extended.extended, true);
  assert.equal(m.finished.length, computed, 'no chunk simulated');
  // Another seed as well: simulated, which the held runs cannot answer.
  assert.equal((await full(run({ ...other, seed: '9' }))).rejudged, undefined);
  assert.ok(m.finished.length > computed, 'simulated');
  assert.equal(m.events.filter((e) => e.type === 'error').length, 0);
});

test('a pool not asked to hold runs (embeds, the workshop) simulates a new threshold', async () => {
  const m = machine({ size: 2, speed: 2000, finishInWorker: true });
  await m.pool.readyPromise;
  const strategies = ['a', 'b'].map((id) => ({ id }));
  const base = { seed: '1', runs: 500, weeks: 260, strategies, collapse: { threshold: 0.5, window: 4, smoothing: 4 } };
  const run = (s) => m.pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length });
  let gen = run(base);
  m.runUntil(() => results(m, gen, 'full').length > 0);
  const computed = m.finished.length;
  gen = run({ ...base, collapse: { ...base.collapse, threshold: 0.7 } });
  m.runUntil(() => results(m, gen, 'full').length > 0);
  assert.equal(results(m, gen, 'full')[0].rejudged, undefined);
  assert.ok(m.finished.length > computed, 'simulated');
  assert.equal(m.rejudges.length, 0);
});

test('a pool that starts one worker of two starts the other once its first estimate is delivered; every run comes once, from both', async () => {
  const m = machine({ size: 2, startWorkers: 1, finishInWorker: true, hold: true });
  await m.pool.readyPromise;
  assert.equal(m.made, 1, 'one worker at first');
  const gen = start(m, 1000);
  m.runUntil(() => results(m, gen, 'estimate').length > 0);
  assert.equal(m.made, 1, 'the first estimate computes on the first worker alone, the other not started yet');
  // The other starts in a task of its own, after the caller has painted the estimate.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(m.made, 2, 'the other worker started once the estimate was delivered');
  m.runUntil(() => results(m, gen, 'full').length > 0);
  const [full] = results(m, gen, 'full');
  covers(full.result, 1000);
  const workers = new Set(m.finished.filter((f) => f.end > results(m, gen, 'estimate')[0].runs).map((f) => f.worker));
  assert.equal(workers.size, 2, 'both workers computed chunks of the first job');
  // A later job has every worker from its start.
  const next = start(m, 1200);
  assert.equal(m.made, 2);
  m.runUntil(() => results(m, next, 'full').length > 0);
  covers(results(m, next, 'full')[0].result, 1200);
});

test('a pool that starts one worker of two starts the other after an error too, and at once for a job without an estimate', async () => {
  const m = machine({ size: 2, startWorkers: 1 });
  await m.pool.readyPromise;
  m.pool.onError({ generation: 0, message: 'refused', error: null });
  assert.equal(m.made, 1);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(m.made, 2, 'started after the error was delivered');
  const w = machine({ size: 2, startWorkers: 1 });
  await w.pool.readyPromise;
  const gen = start(w, 1000, 260, 5, { estimate: false });
  assert.equal(w.made, 2, 'a job without an estimate starts every worker at once');
  w.runUntil(() => results(w, gen, 'full').length > 0);
  assert.equal(new Set(w.finished.map((f) => f.worker)).size, 2, 'and both compute its chunks');
  const n = machine({ size: 3, startWorkers: 1 });
  await n.pool.readyPromise;
  n.pool.grow();
  assert.equal(n.made, 3, 'grow starts every worker held back');
  n.pool.grow();
  assert.equal(n.made, 3, 'and only once');
});
