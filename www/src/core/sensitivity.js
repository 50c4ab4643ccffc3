// A sensitivity analysis driven chunk by chunk, as the workers compute it.
// The core decides what to compute (`sensitivityStep`: the ranking's runs and
// the base, then each top parameter at both ends of its range, then the
// midpoints that find the switch points); this module splits every cell it
// asks for into run-index chunks, hands them out (`next`), takes the chunks
// back in any order (`receive`), reduces a cell once all its chunks are in
// (`sensitivityReduce`; the ranking's chunks are concatenated in run order)
// and asks the core for the next step until it returns the report — the JSON
// text `velocity-cliff sensitivity` prints for the same input, whatever the
// chunking. No DOM, no workers: the pool (pool.js) moves the chunks.

/** @typedef {import('./result.js').ResolvedScenario} ResolvedScenario */

/**
 * What to analyse: an outcome for one strategy, or the first strategy's minus the second's.
 * @typedef {{outcome: string, strategy?: string, versus?: [string, string], top?: number}} SensitivityRequest
 */
/** @typedef {{kind: 'ranking'} | {kind: 'at', param: string | null, value: number}} Cell */
/** @typedef {Cell & {runs: number}} NeededCell */
/** @typedef {{param: string | null, value: number, outcome: number}} DoneCell */
/**
 * The core's functions this driver calls (the bindings of the same names, or stand-ins in tests).
 * @typedef {object} SensitivityCore
 * @property {(scenario: ResolvedScenario, options: undefined, request: SensitivityRequest, ranking: Uint8Array | undefined, cells: DoneCell[]) => {need?: NeededCell[], report?: string}} step
 * @property {(scenario: ResolvedScenario, options: undefined, request: SensitivityRequest, cell: Cell, chunks: Uint8Array[]) => number} reduce
 * @property {() => Promise<void>} [load] makes `step` and `reduce` callable (the wasm module they are in, loaded on first use)
 * @property {boolean} [loaded] true once `load` has finished (or nothing needs loading)
 * @property {WebAssembly.Module | null} [module] the compiled module a worker needs for the chunks (sent once per worker; none: the workers have what they need)
 */
/** @typedef {{cell: Cell, start: number, end: number}} Task */
/**
 * What a finished piece of work changed: the ranking came in (the order the
 * parameters are tested in), a parameter cell's outcome, or the report.
 * @typedef {{kind: 'ranking', order: string[]} | {kind: 'cell', cell: DoneCell} | {kind: 'report', json: string} | null} Event
 */

/**
 * A cell as a key.
 * @param {Cell} cell
 */
export function cellKey(cell) {
  return cell.kind === 'ranking' ? 'ranking' : `${cell.param ?? ''}@${cell.value}`;
}

/**
 * The parameters in the order the core asks for them once the ranking is in:
 * each top parameter at both ends, in ranking order.
 * @param {NeededCell[]} need
 * @returns {string[]}
 */
export function testOrder(need) {
  /** @type {string[]} */
  const order = [];
  for (const c of need) if (c.kind === 'at' && c.param !== null && !order.includes(c.param)) order.push(c.param);
  return order;
}

export class SensitivityRun {
  /**
   * @param {object} o
   * @param {ResolvedScenario} o.scenario
   * @param {SensitivityRequest} o.request
   * @param {SensitivityCore} o.core
   */
  constructor({ scenario, request, core }) {
    this.scenario = scenario;
    this.request = request;
    this.core = core;
    /** @type {Uint8Array | undefined} the ranking's chunks, concatenated in run order */
    this.ranking = undefined;
    /** @type {DoneCell[]} */
    this.cells = [];
    /** @type {Task[]} chunks not handed out yet */
    this.queue = [];
    /** @type {Map<string, {cell: Cell, runs: number, queued: boolean, parts: Map<number, Uint8Array>, have: number}>} cells of this step being computed */
    this.open = new Map();
    /** @type {string | null} */
    this.report = null;
    /** Chunks handed out and not back yet. */
    this.out = 0;
    /** Cells computed so far (the ranking counted as one). */
    this.finished = 0;
    /** Cells asked for so far. */
    this.asked = 0;
    /** @type {Event[]} */
    this.events = [];
    /** True once the ranking's event went out. */
    this.ranked = false;
  }

  /**
   * Asks the core for the first step; a refusal throws the core's error.
   */
  start() {
    this.advance();
    return this.takeEvents();
  }

  /** Events since the last call. */
  takeEvents() {
    const e = this.events;
    this.events = [];
    return e;
  }

  /** Asks the core what is needed next and queues it in chunks. */
  advance() {
    const step = this.core.step(this.scenario, undefined, this.request, this.ranking, this.cells);
    if (typeof step.report === 'string') {
      this.report = step.report;
      this.events.push({ kind: 'report', json: step.report });
      return;
    }
    const need = step.need ?? [];
    if (this.ranking && !this.ranked) {
      this.ranked = true;
      this.events.push({ kind: 'ranking', order: testOrder(need) });
    }
    for (const c of need) {
      /** @type {Cell} */
      const cell = c.kind === 'ranking' ? { kind: 'ranking' } : { kind: 'at', param: c.param, value: c.value };
      this.open.set(cellKey(cell), { cell, runs: c.runs, queued: false, parts: new Map(), have: 0 });
      this.asked += 1;
    }
  }

  /**
   * Splits the open cells into chunks of at most `size` runs, once each.
   * @param {number} size
   */
  fill(size) {
    for (const open of this.open.values()) {
      if (open.queued) continue;
      open.queued = true;
      for (let start = 0; start < open.runs; start += size) this.queue.push({ cell: open.cell, start, end: Math.min(open.runs, start + size) });
    }
  }

  /**
   * The next chunk to compute, or null while none is ready (the rest are out,
   * or the report is in).
   * @param {number} size most runs per chunk
   * @returns {Task | null}
   */
  next(size) {
    if (this.report !== null) return null;
    if (!this.queue.length) this.fill(Math.max(1, Math.floor(size)));
    const task = this.queue.shift() ?? null;
    if (task) this.out += 1;
    return task;
  }

  /**
   * Takes a computed chunk; returns what it completed.
   * @param {Task} task
   * @param {Uint8Array} bytes
   * @returns {Event[]}
   */
  receive(task, bytes) {
    this.out -= 1;
    const key = cellKey(task.cell);
    const open = this.open.get(key);
    if (!open || open.parts.has(task.start)) return [];
    open.parts.set(task.start, bytes);
    open.have += task.end - task.start;
    if (open.have < open.runs) return [];
    const chunks = [...open.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    this.open.delete(key);
    this.finished += 1;
    if (open.cell.kind === 'ranking') {
      const all = new Uint8Array(chunks.reduce((n, b) => n + b.length, 0));
      let at = 0;
      for (const b of chunks) {
        all.set(b, at);
        at += b.length;
      }
      this.ranking = all;
    } else {
      const outcome = this.core.reduce(this.scenario, undefined, this.request, open.cell, chunks);
      /** @type {DoneCell} */
      const done = { param: open.cell.param, value: open.cell.value, outcome };
      this.cells.push(done);
      this.events.push({ kind: 'cell', cell: done });
    }
    if (this.open.size === 0) this.advance();
    return this.takeEvents();
  }
}

/**
 * The bars known so far, from the cells done: for each parameter tested,
 * its outcome at the low and the high end, the swing; sorted by swing
 * (largest first), parameters with one end missing left out.
 * @param {string[]} order the parameters tested, in ranking order
 * @param {DoneCell[]} cells
 * @returns {{param: string, low: number, high: number, outcome_low: number, outcome_high: number, swing: number}[]}
 */
export function partialBars(order, cells) {
  const bars = [];
  for (const param of order) {
    const at = cells.filter((c) => c.param === param);
    if (at.length < 2) continue;
    // The first two cells of a parameter are its ends (midpoints come after the ranking's round).
    const [a, b] = at[0].value <= at[1].value ? [at[0], at[1]] : [at[1], at[0]];
    bars.push({ param, low: a.value, high: b.value, outcome_low: a.outcome, outcome_high: b.outcome, swing: Math.abs(b.outcome - a.outcome) });
  }
  return bars.sort((x, y) => y.swing - x.swing);
}
