// A workshop, without the DOM: the facilitator's settings as the address's
// query carries them (`?play&rounds=4&round=13&open=hire,refactor:3&timer=300`),
// a team's decisions round by round, and the strategy a play amounts to.
//
// A round's decisions take effect from its first week, as strategy rules
// "when the week is at least w: set …, from then on", so a finished play is a
// custom strategy with rules (the team's name as its label) that the core, the
// page and the CLI read like any other. Only what a team changes becomes a
// rule: a play that never changes anything is its base strategy. The reading
// back (`decisionsOf`) works from the rules alone, so a board never needs to
// trust anything else a link says. Loads in Node and in a worker.
import { inputError } from '../core/errors.js';

/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../core/result.js').StrategyRef} StrategyRef */

/** The built-in strategies a play may start from and is compared with. */
export const BUILT_INS = ['feature-first', 'scale-early', 'big-rewrite', 'controlled-evolution', 'hypergrowth-hiring'];

/**
 * What a team decides each round. `field` is the strategy field a decision
 * sets; hiring is given per round and set as a weekly pace.
 * @typedef {'hire'|'refactor'|'infra'|'split'|'rewrite'} DecisionName
 */
/** @type {{name: DecisionName, label: string, unit: string, min: number, max: number, step: number}[]} */
export const DECISIONS = [
  { name: 'hire', label: 'Hiring this round', unit: 'engineers at most', min: 0, max: 60, step: 1 },
  { name: 'refactor', label: 'Capacity to refactoring', unit: '%', min: 0, max: 80, step: 5 },
  { name: 'infra', label: 'Capacity to infrastructure', unit: '%', min: 0, max: 80, step: 5 },
  { name: 'split', label: 'Split into teams at', unit: 'engineers (0 = never)', min: 0, max: 50, step: 1 },
  { name: 'rewrite', label: 'Rewrite', unit: '1: start one, −1: abandon the one under way', min: -1, max: 1, step: 1 },
];
export const DECISION_NAMES = DECISIONS.map((d) => d.name);

/** Hiring as decided in a play: as many as the team says, not only as users grow (the field's maximum). */
export const HIRE_AHEAD = 10;
/** The team cap a play's hiring lifts to (the field's maximum). */
export const TEAM_CAP = 1000;

export const LIMITS = {
  rounds: { min: 1, max: 6, default: 4 },
  round: { min: 4, max: 26, default: 13 },
  timer: { min: 0, max: 1800, default: 0 },
  predict: { min: 0, max: 100 },
  team: { max: 60 },
};

/**
 * The facilitator's settings.
 * @typedef {object} Workshop
 * @property {number} rounds
 * @property {number} round weeks per round
 * @property {Record<DecisionName, number>} open the round each decision opens in (0: never)
 * @property {number} timer seconds per round (0: no timer)
 * @property {string} base the built-in a play starts from
 */

/**
 * A team's play as its address holds it.
 * @typedef {object} PlayState
 * @property {Workshop} workshop
 * @property {string} team '' before the team has named itself
 * @property {number} done rounds played
 * @property {number | null} predict the team's guess: runs in 100 healthy and funded at the horizon
 */

/** The workshop's defaults. @returns {Workshop} */
export function defaultWorkshop() {
  return { rounds: LIMITS.rounds.default, round: LIMITS.round.default, open: { hire: 1, refactor: 1, infra: 1, split: 1, rewrite: 1 }, timer: 0, base: 'feature-first' };
}

/**
 * A whole number from the query, or the default; a refusal names the field.
 * @param {URLSearchParams} q
 * @param {string} name
 * @param {{min: number, max: number}} range
 * @param {number | null} fallback
 */
function wholeNumber(q, name, range, fallback) {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < range.min || n > range.max) {
    throw inputError(`play.${name}`, JSON.stringify(raw.slice(0, 40)), `a whole number from ${range.min} to ${range.max}`);
  }
  return n;
}

/**
 * Reads a workshop and a team's progress from an address's query. Throws an
 * InputError naming the field (`play.rounds`) for anything out of range.
 * @param {string} search `location.search` or the query of a pasted link
 * @returns {PlayState}
 */
export function readPlay(search) {
  const q = new URLSearchParams(search);
  const w = defaultWorkshop();
  w.rounds = /** @type {number} */ (wholeNumber(q, 'rounds', LIMITS.rounds, w.rounds));
  w.round = /** @type {number} */ (wholeNumber(q, 'round', LIMITS.round, w.round));
  w.timer = /** @type {number} */ (wholeNumber(q, 'timer', LIMITS.timer, w.timer));
  const base = q.get('base');
  if (base !== null && base !== '') {
    if (!BUILT_INS.includes(base)) throw inputError('play.base', JSON.stringify(base.slice(0, 40)), `one of ${BUILT_INS.join(', ')}`);
    w.base = base;
  }
  const open = q.get('open');
  if (open !== null) {
    /** @type {Record<DecisionName, number>} */
    const from = { hire: 0, refactor: 0, infra: 0, split: 0, rewrite: 0 };
    for (const part of open.split(',').filter((p) => p !== '')) {
      const [name, round = '1'] = part.split(':');
      const known = /** @type {DecisionName} */ (name);
      if (!DECISION_NAMES.includes(known)) throw inputError('play.open', JSON.stringify(part.slice(0, 40)), `decisions from ${DECISION_NAMES.join(', ')}, each optionally :round`);
      const r = Number(round);
      if (!/^\d+$/.test(round) || r < 1 || r > w.rounds) throw inputError('play.open', JSON.stringify(part.slice(0, 40)), `a round from 1 to ${w.rounds} after the ':'`);
      from[known] = r;
    }
    w.open = from;
  }
  const team = (q.get('team') ?? '').trim();
  if ([...team].length > LIMITS.team.max || /\p{Cc}/u.test(team)) {
    throw inputError('play.team', JSON.stringify([...team].slice(0, 40).join('')), `a name of 1 to ${LIMITS.team.max} characters, no control characters`);
  }
  const done = /** @type {number} */ (wholeNumber(q, 'done', { min: 0, max: w.rounds }, 0));
  const predict = wholeNumber(q, 'predict', LIMITS.predict, null);
  return { workshop: w, team, done, predict };
}

/**
 * The query that holds a workshop and a team's progress (defaults left out).
 * @param {PlayState} state
 */
export function playQuery(state) {
  const w = state.workshop;
  const d = defaultWorkshop();
  const q = new URLSearchParams();
  q.set('play', '');
  if (w.rounds !== d.rounds) q.set('rounds', String(w.rounds));
  if (w.round !== d.round) q.set('round', String(w.round));
  if (w.timer) q.set('timer', String(w.timer));
  if (w.base !== d.base) q.set('base', w.base);
  const open = DECISION_NAMES.filter((n) => w.open[n] > 0).map((n) => (w.open[n] === 1 ? n : `${n}:${w.open[n]}`));
  if (open.join(',') !== DECISION_NAMES.join(',')) q.set('open', open.join(','));
  if (state.team) q.set('team', state.team);
  if (state.done) q.set('done', String(state.done));
  if (state.predict !== null) q.set('predict', String(state.predict));
  return `?${q.toString().replace(/^play=(&|$)/, 'play$1')}`;
}

/**
 * The strategy id of a team: `team-` and the name's letters and digits.
 * @param {string} name
 */
export function teamId(name) {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `team-${slug}`.slice(0, 40).replace(/-+$/, '') || 'team';
}

/**
 * A round's decisions: only what the team changed that round.
 * @typedef {Partial<Record<DecisionName, number>>} Changes
 */

/**
 * The strategy fields a play starts from: its base built-in's, from the catalogue.
 * @typedef {{hire_per_week: number, refactor_share: number, infra_share: number, split_team_size: number, rules?: unknown[]} & Record<string, unknown>} BaseStrategy
 */

/**
 * What holds in round `r` (1-based) after the changes of rounds 1..r: each
 * decision as the team sees it (hiring per round, shares in %).
 * @param {BaseStrategy} base
 * @param {Changes[]} rounds
 * @param {number} weeksPerRound
 * @returns {Record<DecisionName, number>}
 */
export function standing(base, rounds, weeksPerRound) {
  /** @type {Record<DecisionName, number>} */
  const now = {
    hire: round1(base.hire_per_week * weeksPerRound),
    refactor: Math.round(base.refactor_share * 100),
    infra: Math.round(base.infra_share * 100),
    split: base.split_team_size,
    rewrite: 0,
  };
  for (const c of rounds) {
    for (const n of DECISION_NAMES) if (c[n] !== undefined && n !== 'rewrite') now[n] = /** @type {number} */ (c[n]);
  }
  return now;
}

/** @param {number} x */
const round1 = (x) => Math.round(x * 10) / 10;

/**
 * The most the base's rules (its reflexes) put into refactoring and into
 * infrastructure, in %: they act on top of the team's decisions.
 * @param {BaseStrategy} base
 */
export function reflexes(base) {
  const most = { refactor: 0, infra: 0 };
  for (const rule of /** @type {any[]} */ (base.rules ?? [])) {
    for (const a of rule.do ?? []) {
      if (a.field === 'refactor_share') most.refactor = Math.max(most.refactor, Math.round(a.value * 100));
      if (a.field === 'infra_share') most.infra = Math.max(most.infra, Math.round(a.value * 100));
    }
  }
  return most;
}

/**
 * Checks one round's decisions against their ranges and each other (and the
 * base's reflexes, which may add infrastructure or refactoring when they
 * act); returns the refusal for the first that is out, or null.
 * @param {Record<DecisionName, number>} d what will hold in the round
 * @param {BaseStrategy} base
 */
export function checkDecisions(d, base) {
  for (const spec of DECISIONS) {
    const v = d[spec.name];
    if (!Number.isFinite(v) || v < spec.min || v > spec.max) return inputError(`play.${spec.name}`, String(v), `a number from ${spec.min} to ${spec.max}`);
  }
  if (d.split > 0 && d.split < 3) return inputError('play.split', String(d.split), '0 (never split) or a number from 3 to 50');
  if (d.refactor + d.infra > 90) return inputError('play.refactor + infra', `${d.refactor + d.infra} %`, 'at most 90 % (some capacity must go to features)');
  const r = reflexes(base);
  if (d.refactor + Math.max(d.infra, r.infra) > 90) {
    return inputError('play.refactor', `${d.refactor} %`, `at most ${90 - r.infra} % (your company puts ${r.infra} % into infrastructure when the load demands it; at most 90 % in all)`);
  }
  if (Math.max(d.refactor, r.refactor) + d.infra > 90) {
    return inputError('play.infra', `${d.infra} %`, `at most ${90 - r.refactor} % (your company's rules put up to ${r.refactor} % into refactoring; at most 90 % in all)`);
  }
  return null;
}

/**
 * The rules that say a play: for each round, what changed, "from week w".
 * @param {BaseStrategy} base
 * @param {Changes[]} rounds
 * @param {number} weeksPerRound
 */
export function playRules(base, rounds, weeksPerRound) {
  /** @type {unknown[]} */
  const rules = [];
  let hiringLifted = false;
  rounds.forEach((c, i) => {
    /** @type {{action: string, field?: string, value?: number}[]} */
    const actions = [];
    if (c.hire !== undefined) {
      actions.push({ action: 'set', field: 'hire_per_week', value: c.hire / weeksPerRound });
      if (!hiringLifted) {
        actions.push({ action: 'set', field: 'hire_ahead', value: HIRE_AHEAD }, { action: 'set', field: 'team_cap', value: TEAM_CAP });
        hiringLifted = true;
      }
    }
    if (c.refactor !== undefined) actions.push({ action: 'set', field: 'refactor_share', value: c.refactor / 100 });
    if (c.infra !== undefined) actions.push({ action: 'set', field: 'infra_share', value: c.infra / 100 });
    if (c.split !== undefined) actions.push({ action: 'set', field: 'split_team_size', value: c.split });
    if (c.rewrite === 1) actions.push({ action: 'start_rewrite' });
    if (c.rewrite === -1) actions.push({ action: 'abandon_rewrite' });
    const from = i * weeksPerRound + 1;
    for (let k = 0; k < actions.length; k += 4) {
      rules.push({ when: { observe: 'week', op: 'at_least', value: from }, do: actions.slice(k, k + 4) });
    }
  });
  return rules;
}

/** @typedef {{id: string, label: string, base: string, rules?: any[]}} PlayedStrategy */

/**
 * The strategy a play amounts to: the base built-in with the play's rules
 * first and the base's own after them. A round's decisions set the base's
 * fields from the round's first week, and the base's reflexes (its rules:
 * infrastructure when the load demands it, a hiring hold before fit) still
 * act on top, as they do on the base's own fields: decisions made in round 1
 * and never changed are exactly the base with those fields. No changes: the
 * base with the team's name.
 * @param {string} team
 * @param {string} baseId
 * @param {BaseStrategy} base
 * @param {Changes[]} rounds
 * @param {number} weeksPerRound
 * @returns {PlayedStrategy}
 */
export function playStrategy(team, baseId, base, rounds, weeksPerRound) {
  /** @type {PlayedStrategy} */
  const s = { id: teamId(team), label: team, base: baseId };
  const own = playRules(base, rounds, weeksPerRound);
  if (own.length) {
    const inherited = (base.rules ?? []).map((r) => {
      const rule = { .../** @type {Record<string, unknown>} */ (r) };
      delete rule.text;
      return rule;
    });
    s.rules = [...own, ...inherited];
  }
  return s;
}

/**
 * The scenario of a play: the workshop's scenario with the team's strategy
 * first and the built-ins after it (all on the same random numbers).
 * @param {Scenario} workshopScenario
 * @param {StrategyRef} team
 */
export function playScenario(workshopScenario, team) {
  const rest = { ...workshopScenario };
  delete rest.strategies;
  return { ...rest, strategies: [team, ...BUILT_INS] };
}

/**
 * Reads a play's decisions back from its strategy's rules: the week rules
 * before the base's own, round by round. Anything else in the rules (a rule on
 * another condition, a week that is not a round's first) is refused: a board
 * shows only plays it can read.
 * @param {{rules?: unknown[]}} strategy the team's strategy as the link wrote it
 * @param {number} inherited how many rules the base has
 * @param {number} weeksPerRound
 * @param {number} roundCount
 * @param {string} field where the strategy sits (`strategies[0]`)
 * @returns {Changes[]}
 */
export function decisionsOf(strategy, inherited, weeksPerRound, roundCount, field) {
  /** @type {Changes[]} */
  const rounds = Array.from({ length: roundCount }, () => ({}));
  const rules = /** @type {any[]} */ (strategy.rules ?? []);
  rules.slice(0, Math.max(0, rules.length - inherited)).forEach((rule, k) => {
    const at = `${field}.rules[${k}]`;
    const when = rule?.when;
    const week = when && when.observe === 'week' && when.op === 'at_least' ? Number(when.value) : NaN;
    const r = (week - 1) / weeksPerRound;
    if (!Number.isInteger(r) || r < 0 || r >= roundCount) throw inputError(`${at}.when`, JSON.stringify(when ?? null).slice(0, 80), `"the week is at least" the first week of a round (1, ${weeksPerRound + 1}, …)`);
    const c = rounds[r];
    for (const a of /** @type {any[]} */ (rule.do ?? [])) {
      if (a.action === 'start_rewrite') c.rewrite = 1;
      else if (a.action === 'abandon_rewrite') c.rewrite = -1;
      else if (a.field === 'hire_per_week') c.hire = round1(a.value * weeksPerRound);
      else if (a.field === 'refactor_share') c.refactor = Math.round(a.value * 100);
      else if (a.field === 'infra_share') c.infra = Math.round(a.value * 100);
      else if (a.field === 'split_team_size') c.split = a.value;
      else if (!(a.field === 'hire_ahead' || a.field === 'team_cap')) throw inputError(`${at}.do`, JSON.stringify(a).slice(0, 80), 'the decisions of a play');
    }
  });
  return rounds;
}

/**
 * Each round's standing decisions, for a debrief: what held in round 1, 2, …
 * @param {BaseStrategy} base
 * @param {Changes[]} rounds
 * @param {number} weeksPerRound
 * @returns {Record<DecisionName, number>[]}
 */
export function timeline(base, rounds, weeksPerRound) {
  return rounds.map((c, i) => ({ ...standing(base, rounds.slice(0, i + 1), weeksPerRound), rewrite: c.rewrite ?? 0 }));
}

/**
 * Which decisions may be changed in round `r`.
 * @param {Workshop} w
 * @param {number} r 1-based
 */
export function openIn(w, r) {
  return DECISIONS.filter((d) => w.open[d.name] > 0 && w.open[d.name] <= r).map((d) => d.name);
}
