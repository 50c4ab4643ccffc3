// The page's "Which assumption decides this?" section: while it is open, the
// scenario last started is analysed in the workers (pool.runSensitivity) for
// the outcome and strategy (or difference of two strategies) chosen here.
// The ranking is shown as soon as its runs are in, the tornado's bars as
// their cells finish, then the report: the bars, a data table, the switch
// points in words and a plain-language summary. Newest input wins: a change
// of the scenario or of these controls starts a new analysis, which drops
// the old one.
import { $ } from './status.js';
import { sensitivityCore } from '../core/wasm.js';
import { partialBars } from '../core/sensitivity.js';
import { drawTornado } from '../charts/tornado.js';
import { sensitivityValue, sensitivitySummary, paramValue, int } from '../core/format.js';

/** @typedef {import('../core/result.js').ResolvedScenario} ResolvedScenario */
/** @typedef {import('../core/result.js').Catalogue} Catalogue */
/** @typedef {import('../core/pool.js').WorkerPool} WorkerPool */
/** @typedef {import('../core/sensitivity.js').SensitivityRequest} SensitivityRequest */
/** @typedef {import('../core/sensitivity.js').DoneCell} DoneCell */

/**
 * A sensitivity report, as parsed from the core's JSON.
 * @typedef {object} Report
 * @property {{id: string, label: string, unit: string, higher_is_better: boolean}} outcome
 * @property {string | null} strategy
 * @property {[string, string] | null} versus
 * @property {number} base
 * @property {number} ranking_runs
 * @property {import('../charts/tornado.js').Bar[]} tornado
 * @property {{param: string, label: string, evidence: string, prcc: number | null, spearman: number | null}[]} ranking
 * @property {{param: string, label: string, unit: string, value: number, below: string | null, above: string | null}[]} switch_points
 * @property {string[]} sentences
 */

/** The outcomes the section offers: id → label and unit, as the core names them. */
const OUTCOMES = /** @type {Record<string, {id: string, label: string, unit: string}>} */ ({
  healthy: { id: 'healthy', label: 'Share healthy at the horizon', unit: 'share of runs' },
  'collapse-week': { id: 'collapse-week', label: 'Median collapse week', unit: 'weeks' },
  'out-of-cash': { id: 'out-of-cash', label: 'Share out of cash', unit: 'share of runs' },
  features: { id: 'features', label: 'Features shipped (median)', unit: 'feature points' },
  users: { id: 'users', label: 'Users at the horizon (median)', unit: 'users' },
});

/**
 * A data table: a caption, column heads, rows (the first cell a row heading).
 * @param {string} caption
 * @param {string[]} head
 * @param {string[][]} rows
 */
function table(caption, head, rows) {
  const t = document.createElement('table');
  t.className = 'data-table';
  t.createCaption().textContent = caption;
  const tr = t.createTHead().insertRow();
  for (const h of head) tr.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: h }));
  const body = t.createTBody();
  for (const [first, ...cells] of rows) {
    const row = body.insertRow();
    row.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: first }));
    for (const c of cells) row.insertCell().textContent = c;
  }
  return t;
}

export class Sensitivity {
  /**
   * @param {object} o
   * @param {Catalogue} o.catalogue
   * @param {() => WorkerPool | null} o.pool
   */
  constructor({ catalogue, pool }) {
    this.catalogue = catalogue;
    this.pool = pool;
    /** @type {ResolvedScenario | null} */
    this.scenario = null;
    this.section = /** @type {HTMLDetailsElement} */ ($('sensitivity'));
    this.outcome = /** @type {HTMLSelectElement} */ ($('sens-outcome'));
    this.a = /** @type {HTMLSelectElement} */ ($('sens-a'));
    this.b = /** @type {HTMLSelectElement} */ ($('sens-b'));
    this.top = /** @type {HTMLInputElement} */ ($('sens-top'));
    this.top.max = String(catalogue.params.filter((p) => p.uncertainty.kind !== 'fixed').length);
    /** The report's JSON text of the last finished analysis, or null. @type {string | null} */
    this.lastReportJson = null;
    /** @type {SensitivityRequest | null} */
    this.lastRequest = null;
    /** Bars painted while an analysis ran (for tests: how many times). */
    this.partialPaints = 0;
    /** The generation of the analysis last started (0: none). */
    this.generation = 0;
    this.section.addEventListener('toggle', () => (this.section.open ? this.start() : this.stop()));
    for (const c of [this.outcome, this.a, this.b, this.top]) c.addEventListener('change', () => this.start());
  }

  /** The strategies of the scenario as options of the two selects. */
  fillStrategies() {
    const s = this.scenario;
    if (!s) return;
    const keepA = this.a.value;
    const keepB = this.b.value;
    const options = (/** @type {string} */ blank) => [
      ...(blank ? [new Option(blank, '')] : []),
      ...s.strategies.map((x) => new Option(x.label || x.id, x.id)),
    ];
    this.a.replaceChildren(...options(''));
    this.b.replaceChildren(...options('nothing (this strategy alone)'));
    const ids = s.strategies.map((x) => x.id);
    this.a.value = ids.includes(keepA) ? keepA : ids[0] ?? '';
    const second = ids.find((id) => id !== this.a.value) ?? '';
    this.b.value = keepB === '' || ids.includes(keepB) ? keepB : second;
    if (this.b.value === this.a.value) this.b.value = '';
  }

  /**
   * A new scenario was started: analyse it again if the section is open.
   * @param {ResolvedScenario} scenario
   */
  scenarioChanged(scenario) {
    const first = this.scenario === null;
    this.scenario = scenario;
    this.fillStrategies();
    if (first && this.b.value === '' && scenario.strategies.length > 1) this.b.value = scenario.strategies[1].id;
    if (this.section.open) this.start();
    else this.pool()?.cancelSensitivity();
  }

  /** @param {string} id */
  label(id) {
    return this.scenario?.strategies.find((s) => s.id === id)?.label || id;
  }

  /** The request the controls describe. @returns {SensitivityRequest} */
  request() {
    const top = Math.round(Number(this.top.value));
    const most = Number(this.top.max);
    /** @type {SensitivityRequest} */
    const r = { outcome: this.outcome.value, top: Number.isFinite(top) ? Math.min(most, Math.max(1, top)) : 10 };
    if (this.b.value && this.b.value !== this.a.value) r.versus = [this.a.value, this.b.value];
    else r.strategy = this.a.value;
    return r;
  }

  /** Drops the analysis in flight. */
  stop() {
    this.pool()?.cancelSensitivity();
  }

  /** Starts analysing the scenario last started with the controls' request; drops the one before. */
  start() {
    const pool = this.pool();
    if (!pool || !this.scenario || !this.section.open) return;
    const scenario = this.scenario;
    const request = this.request();
    const outcome = OUTCOMES[request.outcome] ?? OUTCOMES.healthy;
    const diff = Boolean(request.versus);
    const value = (/** @type {number} */ x) => sensitivityValue(x, outcome, diff);
    /** @type {string[]} */
    let order = [];
    /** @type {DoneCell[]} */
    const cells = [];
    /** @type {number | null} */
    let base = null;
    const status = $('sens-status');
    this.lastReportJson = null;
    this.lastRequest = request;
    $('sens-summary').textContent = '';
    $('sens-sentences').replaceChildren();
    $('sens-chart').replaceChildren();
    $('sens-table').replaceChildren();
    $('sens-ranking').replaceChildren();
    $('sens-ranking-note').textContent = '';
    const rankingRuns = Math.min(scenario.runs, 5000);
    status.textContent = scenario.uncertainty === 'shocks'
      ? `Ranking the parameters over ${int.format(rankingRuns)} runs with the parameters drawn (this analysis draws them whatever the mode above)…`
      : `Ranking the parameters over ${int.format(rankingRuns)} runs…`;
    const paint = () => {
      const bars = partialBars(order, cells).map((b) => {
        const p = this.catalogue.params.find((x) => x.name === b.param);
        return { ...b, label: p?.label ?? b.param, unit: p?.unit ?? '', evidence: p?.evidence };
      });
      this.partialPaints += 1;
      drawTornado($('sens-chart'), bars, base, value);
      status.textContent = `Testing ${order.length} parameters at both ends: ${bars.length} of ${order.length} done…`;
    };
    try {
      this.generation = pool.runSensitivity(scenario, request, sensitivityCore, {
        onEvent: (e) => {
          if (e.kind === 'ranking') {
            order = e.order;
            $('sens-ranking-note').textContent = `Ranked over ${int.format(rankingRuns)} runs with the parameters drawn; these ${order.length} are tested at both ends:`;
            $('sens-ranking').replaceChildren(
              ...order.map((name) => Object.assign(document.createElement('li'), { textContent: this.catalogue.params.find((p) => p.name === name)?.label ?? name })),
            );
            status.textContent = `Testing ${order.length} parameters at both ends: 0 of ${order.length} done…`;
          } else if (e.kind === 'cell') {
            if (e.cell.param === null) base = e.cell.outcome;
            else cells.push(e.cell);
            if (order.length) paint();
          } else if (e.kind === 'report') {
            this.finish(e.json, request);
          }
        },
        onError: (e) => {
          status.textContent = `error: ${e.message}`;
        },
      });
    } catch (err) {
      status.textContent = `error: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * Shows a finished report.
   * @param {string} json
   * @param {SensitivityRequest} request
   */
  finish(json, request) {
    this.lastReportJson = json;
    /** @type {Report} */
    const report = JSON.parse(json);
    const diff = report.versus !== null;
    const value = (/** @type {number} */ x) => sensitivityValue(x, report.outcome, diff);
    drawTornado($('sens-chart'), report.tornado, report.base, value);
    $('sens-summary').textContent = sensitivitySummary(report, (id) => this.label(id), request.strategy ?? null);
    $('sens-sentences').replaceChildren(...report.sentences.map((s) => Object.assign(document.createElement('li'), { textContent: s })));
    $('sens-table').replaceChildren(table(
      `${report.outcome.label}${diff ? ` (${this.label(report.versus?.[0] ?? '')} minus ${this.label(report.versus?.[1] ?? '')})` : ''} at each end of each parameter's range; base ${value(report.base)}`,
      ['Parameter', 'Low end', 'Outcome at low', 'High end', 'Outcome at high', 'Swing', 'Rank correlation'],
      report.tornado.map((b) => {
        const r = report.ranking.find((x) => x.param === b.param);
        return [b.label, paramValue(b.low, b.unit), value(b.outcome_low), paramValue(b.high, b.unit), value(b.outcome_high), sensitivityValue(b.swing, report.outcome, true).replace(/^\+/, ''), r?.prcc == null ? '–' : r.prcc.toFixed(2)];
      }),
    ));
    $('sens-ranking').replaceChildren(
      ...report.ranking.slice(0, 10).map((r) =>
        Object.assign(document.createElement('li'), { textContent: `${r.label}: partial rank correlation ${r.prcc == null ? '–' : r.prcc.toFixed(2)}` }),
      ),
    );
    $('sens-ranking-note').textContent = `Ranking over ${int.format(report.ranking_runs)} runs with the parameters drawn (the ten strongest):`;
    $('sens-status').textContent = `Done: ${report.tornado.length} parameters tested at both ends.`;
  }
}
