// Simulations for the workshop views, one at a time, on the page's worker
// pool (its public functions only): `simulate` resolves with the result's JSON
// text, the CLI's bytes for the same scenario. Jobs queue: the pool runs one
// generation at a time, and every view here wants each result, not only the newest.
import { loadCore, Merger, resolveScenario } from '../core/wasm.js';
import { coreWasm } from '../core/site-wasm.js';
import { createPool } from '../core/pool.js';
import { refusalText } from '../core/errors.js';

/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../core/result.js').ResolvedScenario} ResolvedScenario */
/**
 * One run of one strategy, week by week (index 0 = week 1): the core's `story::Story`.
 * @typedef {object} Story
 * @property {string} strategy
 * @property {number} run
 * @property {number} weeks
 * @property {number[]} velocity smoothed, feature points a week
 * @property {number[]} users
 * @property {number[]} team
 * @property {number[]} debt
 * @property {number[]} debt_interest share of capacity
 * @property {number[]} incident_loss share of capacity lost to incidents (smoothed)
 * @property {number[]} cash
 * @property {number[]} runway_months
 * @property {boolean[]} rewrite a rewrite under way
 * @property {number[]} features
 * @property {number | null} collapse_week
 * @property {number | null} out_of_cash_week
 */

/** Workers: `?workers=N` (1–64), else the cores, at most 8. */
function poolSize() {
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 64) return asked;
  return Math.max(1, Math.min(8, navigator.hardwareConcurrency || 2));
}

export async function createRunner() {
  const { module, catalogue } = await loadCore(coreWasm);
  /** @type {{generation: number, resolve: (json: string) => void, reject: (e: Error) => void} | null} */
  let current = null;
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();
  const size = poolSize();
  const pool = createPool({
    module,
    size,
    // Every worker at once: these jobs have no first estimate to compute alone.
    startWorkers: size,
    createWorker: () => new Worker(new URL('../core/worker.js', import.meta.url), { type: 'module' }),
    Merger,
    onResult: (e) => {
      if (e.kind === 'full' && current && e.generation === current.generation) current.resolve(e.text());
    },
    onProgress: () => {},
    onError: (e) => {
      if (current && e.generation === current.generation) current.reject(new Error(e.message));
    },
  });

  /**
   * Validates a scenario (options on top, as the CLI's flags) and simulates it.
   * Rejects with the refusal's one line for a scenario the core refuses.
   * @param {Scenario} scenario
   * @param {Record<string, unknown>} [options]
   * @returns {Promise<string>}
   */
  function simulate(scenario, options = {}) {
    const job = queue.then(
      () =>
        new Promise((resolve, reject) => {
          const r = resolveScenario(scenario, options);
          if (!r.scenario) {
            reject(new Error(refusalText(r.error)));
            return;
          }
          const s = r.scenario;
          current = { generation: 0, resolve, reject };
          // Only the full result is used here: no first estimate to make, merge or send.
          current.generation = pool.run(s, { runs: s.runs, weeks: s.weeks, strategies: s.strategies.length, estimate: false });
        }),
    );
    queue = job.catch(() => {});
    return /** @type {Promise<string>} */ (job);
  }

  /** @type {Worker | null} */
  let storyWorker = null;
  /** @type {Map<number, {resolve: (s: Story) => void, reject: (e: Error) => void}>} */
  const asked = new Map();
  let nextId = 0;
  /**
   * One company's story: run 0 of the scenario's first strategy (after
   * `options`), every week, computed in the play view's own worker.
   * @param {Scenario} scenario
   * @param {Record<string, unknown>} options
   * @returns {Promise<Story>}
   */
  function story(scenario, options) {
    if (!storyWorker) {
      storyWorker = new Worker(new URL('./story-worker.js', import.meta.url), { type: 'module' });
      storyWorker.postMessage({ type: 'init', module });
      storyWorker.onmessage = (e) => {
        const wait = asked.get(e.data.id);
        asked.delete(e.data.id);
        if (e.data.error) wait?.reject(new Error(e.data.error));
        else wait?.resolve(e.data.story);
      };
    }
    const id = ++nextId;
    const worker = storyWorker;
    return new Promise((resolve, reject) => {
      asked.set(id, { resolve, reject });
      worker.postMessage({ type: 'story', id, scenario, options });
    });
  }

  return { catalogue, simulate, story, pool };
}
