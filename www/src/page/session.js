// The page's session: what the user has set (the input), which edits are
// not numbers yet, and the schedule that turns changes into runs — every
// change within one task starts one run, and the newest input wins. It knows
// nothing of the DOM: the controls write into it and are told to show it
// (`onChange`), and a valid input is handed on (`onStart`) or a refusal
// shown (`onRefuse`).
import { resolveScenario } from '../core/wasm.js';
import { inputError, errorFields } from '../core/errors.js';
import { inputOf, scenarioOf } from '../core/link.js';

/** @typedef {import('../core/link.js').Input} Input */
/** @typedef {import('../core/result.js').Catalogue} Catalogue */
/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../core/result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('../core/result.js').StrategyRef} StrategyRef */
/** @typedef {import('../core/errors.js').Refusal} Refusal */
/** @typedef {'push'|'replace'|'none'} HistoryMode how the URL records a change */
/** @typedef {{id: string, label?: string} & Record<string, unknown>} CustomStrategy */

/** The fields of the input that are numbers. @type {ReadonlySet<string>} */
const NUMBER_FIELDS = new Set(['weeks', 'runs', 'threshold', 'window', 'smoothing']);

export class Session {
  /**
   * @param {object} o
   * @param {Catalogue} o.catalogue
   * @param {(scenario: ResolvedScenario, history: HistoryMode, inputAt: number) => void} o.onStart a valid input to simulate
   * @param {(refusal: Refusal) => void} o.onRefuse an input that will not simulate
   * @param {() => void} o.onChange the input was replaced: the controls show it again
   */
  constructor({ catalogue, onStart, onRefuse, onChange }) {
    this.catalogue = catalogue;
    this.onStart = onStart;
    this.onRefuse = onRefuse;
    this.onChange = onChange;
    /** Everything the user can set; `params` holds only the overridden parameters. @type {Input} */
    this.input = inputOf({}, catalogue);
    /** Raw text of number fields that do not parse, keyed by field name (`runs`, `params.coupling`). @type {Map<string, string>} */
    this.unparsable = new Map();
    /** Strategies from scenario files that are not built in, kept so they can be ticked again. @type {CustomStrategy[]} */
    this.customStrategies = [];
    /** How the next started scenario is recorded in the browser history. @type {HistoryMode} */
    this.historyNext = 'replace';
    this.queued = false;
    this.dirty = false;
    this.inputAt = 0;
    this.resolveMs = 0;
    /** False until the page can simulate: changes before then wait for `flush`. */
    this.ready = false;
  }

  /** The input in the scenario-file format. */
  scenario() {
    return scenarioOf(this.input, this.catalogue.schema);
  }

  /**
   * Replaces the whole input with a scenario (one the core has accepted);
   * missing fields take the defaults.
   * @param {Scenario} s
   * @param {HistoryMode} [historyMode]
   */
  applyScenario(s, historyMode = 'push') {
    this.input = inputOf(s, this.catalogue);
    const builtin = new Set(this.catalogue.strategies.map((x) => x.id));
    /** @type {CustomStrategy[]} */
    const custom = [];
    for (const x of this.input.strategies) if (typeof x === 'object' && !builtin.has(x.id)) custom.push(x);
    this.customStrategies = [...custom, ...this.customStrategies.filter((c) => !custom.some((x) => x.id === c.id))];
    this.unparsable.clear();
    this.onChange();
    this.historyNext = historyMode;
    this.schedule();
  }

  /**
   * Sets one number field from the text of its control: a number, or the
   * raw text kept so the refusal can name it.
   * @param {string} name `weeks`, …, or `params.NAME`
   * @param {string} raw
   * @returns {number | null} the number, or null when the text is not one
   */
  setNumber(name, raw) {
    const text = raw.trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      this.unparsable.set(name, raw);
      this.schedule();
      return null;
    }
    this.unparsable.delete(name);
    if (name.startsWith('params.')) this.input.params[name.slice('params.'.length)] = value;
    else if (NUMBER_FIELDS.has(name)) Object.assign(this.input, { [name]: value });
    this.schedule();
    return value;
  }

  /**
   * Sets any part of the input (as the controls would) and starts a run at once.
   * @param {Partial<Input>} patch
   * @returns {void}
   */
  setInput(patch) {
    if (patch.preset !== undefined && patch.preset !== this.input.preset && patch.params === undefined) this.input.params = {};
    if (patch.params) patch = { ...patch, params: { ...patch.params } };
    if (patch.seed !== undefined) patch = { ...patch, seed: String(patch.seed) };
    Object.assign(this.input, patch);
    for (const key of Object.keys(patch)) this.unparsable.delete(key);
    this.onChange();
    this.schedule();
    this.flush();
  }

  /** Clears the overridden parameters (back to the preset's). */
  resetParams() {
    this.input.params = {};
    for (const key of [...this.unparsable.keys()]) if (key.startsWith('params.')) this.unparsable.delete(key);
    this.onChange();
    this.schedule();
  }

  /** Notes that the input changed; all changes within one task start one run. */
  schedule() {
    this.inputAt = performance.now();
    this.dirty = true;
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.flush();
    });
  }

  /** Validates the latest input and, when valid, starts simulating it. */
  flush() {
    if (!this.dirty || !this.ready) return;
    this.dirty = false;
    const bad = this.unparsable.entries().next();
    if (!bad.done) {
      const [name, raw] = bad.value;
      this.onRefuse(errorFields(inputError(name, JSON.stringify(raw), 'a number')));
      return;
    }
    const resolveStart = performance.now();
    const { scenario, error } = resolveScenario(this.scenario());
    /** How long validating and resolving the last input took (ms), for the benchmarks' profile. */
    this.resolveMs = performance.now() - resolveStart;
    if (error) {
      this.onRefuse(error);
      return;
    }
    const history = this.historyNext;
    this.historyNext = 'push';
    this.onStart(scenario, history, this.inputAt);
  }
}
