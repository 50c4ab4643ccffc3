// The board's reading of result links and its debrief, without the DOM.
// A team link is read like any link (the core decodes and validates the
// scenario), then as a play: the team's strategy first, the workshop's
// settings in the query, the decisions read back from the strategy's rules.
// Nothing a link claims about results is read: the board re-runs each team.
import { errorFields, inputError, refusalText } from '../core/errors.js';
import { readPlay, decisionsOf, timeline, teamId, BUILT_INS, DECISIONS } from '../play/workshop.js';

/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('../play/workshop.js').Changes} Changes */
/** @typedef {import('../play/workshop.js').PlayState} PlayState */
/** @typedef {import('../play/workshop.js').DecisionName} DecisionName */

/** Most teams on one board. */
export const MAX_TEAMS = 60;
/** Longest text accepted at once (a pasted list or a dropped file), in characters. */
export const MAX_TEXT = 2_000_000;

/**
 * A team as the board holds it.
 * @typedef {object} Team
 * @property {string} link the link's query and hash (`?play&…#v1.…`): what the board link carries
 * @property {string} name
 * @property {string} id the team's strategy id
 * @property {PlayState} state
 * @property {Scenario} scenario the link's scenario, as decoded by the core
 * @property {Changes[]} rounds
 * @property {Record<DecisionName, number>[]} decisions what held in each round
 */

/**
 * The links in a text: every run of non-space characters that holds `#v1.`
 * (a whole address or its `?play…#v1.…` part).
 * @param {string} text
 */
export function linksIn(text) {
  if (text.length > MAX_TEXT) throw inputError('board input', `${text.length} characters`, `at most ${MAX_TEXT} characters`);
  return text.split(/\s+/).filter((t) => t.includes('#v1.') || t.includes('#v1%2E'));
}

/**
 * The part of a link the board keeps: its query and hash.
 * @param {string} link
 */
export function linkPart(link) {
  const hash = link.indexOf('#');
  const q = link.lastIndexOf('?', hash);
  return q >= 0 ? link.slice(q, hash) + link.slice(hash) : `?play${link.slice(hash)}`;
}

/**
 * Reads a team's result link; throws an InputError naming what is wrong.
 * @param {string} link
 * @param {(share: string) => {scenario: Scenario}} decode the core's `decodeShare`
 * @param {Record<string, {rules?: unknown[]}>} bases each built-in's strategy (its rules' count matters)
 * @returns {Team}
 */
export function readTeam(link, decode, bases) {
  const part = linkPart(link.trim());
  const hash = part.indexOf('#');
  const query = part.slice(0, hash);
  if (!/^\?play(&|=&|=?$)/.test(query)) throw inputError('team link', JSON.stringify(query.slice(0, 40)), 'a result link of the play view (…?play…#v1.…)');
  const state = readPlay(query);
  let share = part.slice(hash + 1);
  try {
    share = decodeURIComponent(share);
  } catch {
    // kept as it is: the core refuses it by name
  }
  const { scenario } = decode(share.trim());
  const strategies = scenario.strategies ?? [];
  const team = strategies[0];
  if (!team || typeof team !== 'object' || typeof team.label !== 'string') throw inputError('strategies[0]', 'missing', "a team's strategy (a finished play)");
  if (state.done !== state.workshop.rounds) throw inputError('play.done', String(state.done), `${state.workshop.rounds} (a finished play)`);
  if (team.id !== teamId(team.label)) throw inputError('strategies[0].id', JSON.stringify(team.id), `${JSON.stringify(teamId(team.label))} (the team name's id)`);
  const baseId = typeof team.base === 'string' ? team.base : 'feature-first';
  if (baseId !== state.workshop.base) throw inputError('strategies[0].base', JSON.stringify(baseId), JSON.stringify(state.workshop.base));
  const inherited = bases[baseId]?.rules?.length ?? 0;
  const rounds = decisionsOf(/** @type {{rules?: unknown[]}} */ (team), inherited, state.workshop.round, state.workshop.rounds, 'strategies[0]');
  for (const f of Object.keys(team)) {
    if (!['id', 'label', 'base', 'rules'].includes(f)) throw inputError(`strategies[0].${f}`, 'a field a play does not set', 'id, label, base, rules');
  }
  const base = /** @type {any} */ (bases[baseId]);
  return { link: part, name: team.label, id: team.id, state, scenario, rounds, decisions: timeline(base, rounds, state.workshop.round) };
}

/**
 * Reads many links: the teams accepted and a one-line reason per refused link.
 * A link already on the board (same query and hash) is refused as a duplicate.
 * @param {string[]} links
 * @param {Team[]} have
 * @param {(share: string) => {scenario: Scenario}} decode
 * @param {Record<string, {rules?: unknown[]}>} bases
 */
export function readTeams(links, have, decode, bases) {
  /** @type {Team[]} */
  const added = [];
  /** @type {string[]} */
  const refused = [];
  const seen = new Set(have.map((t) => t.link));
  links.forEach((link, i) => {
    const label = `link ${i + 1}`;
    try {
      const t = readTeam(link, decode, bases);
      if (seen.has(t.link)) throw inputError('team link', JSON.stringify(t.name), 'each team once');
      if (seen.size >= MAX_TEAMS) throw inputError('board', `${seen.size + 1} teams`, `at most ${MAX_TEAMS} teams`);
      seen.add(t.link);
      added.push(t);
    } catch (err) {
      refused.push(`${label} refused: ${refusalText(errorFields(err))}`);
    }
  });
  return { added, refused };
}

/**
 * The scenario a team's figures come from (its strategy alone: on common
 * random numbers its runs do not depend on the others), and the key of its
 * workshop scenario (teams with the same key share the built-ins' bands).
 * @param {Team} t
 */
export function teamRun(t) {
  const rest = { ...t.scenario };
  delete rest.strategies;
  return { scenario: t.scenario, options: { strategies: [t.id] }, key: JSON.stringify(sortKeys(rest)) };
}

/** Most teams simulated together in one job (the scenario's limit on strategies). */
export const MAX_GROUP = 12;

/**
 * The board's jobs: teams with the same workshop scenario (the same key)
 * simulated side by side, at most `size` to a job and no two with the same
 * strategy id. On common random numbers a strategy's runs do not depend on
 * the others it runs beside, so each team's figures are those of its own
 * link alone (`simulate --link`); one job per dozen teams rather than one
 * per team saves every job's fixed cost (its chunks, merging, the result's
 * text) and draws each run's shocks once for all of them.
 * @param {Team[]} teams
 * @param {number} [size]
 * @returns {{scenario: Scenario, options: {strategies: string[]}, teams: Team[]}[]}
 */
export function teamGroups(teams, size = MAX_GROUP) {
  /** @type {Map<string, Team[][]>} */
  const byKey = new Map();
  for (const t of teams) {
    const key = teamRun(t).key;
    const groups = byKey.get(key) ?? [];
    byKey.set(key, groups);
    let g = groups.find((x) => x.length < size && !x.some((o) => o.id === t.id));
    if (!g) {
      g = [];
      groups.push(g);
    }
    g.push(t);
  }
  return [...byKey.values()].flat().map((group) => ({
    scenario: { ...group[0].scenario, strategies: group.map((t) => /** @type {any[]} */ (t.scenario.strategies)[0]) },
    options: { strategies: group.map((t) => t.id) },
    teams: group,
  }));
}

/**
 * @param {unknown} v
 * @returns {unknown}
 */
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(/** @type {any} */ (v)[k])]));
  return v;
}

/** The built-ins' run of a workshop scenario. @param {Team} t */
export function builtInRun(t) {
  return { scenario: t.scenario, options: { strategies: BUILT_INS } };
}

/**
 * A team's decisions averaged over its rounds, as the debrief compares them.
 * @param {Team} t
 * @returns {Record<DecisionName, number>}
 */
export function meanDecisions(t) {
  /** @type {Record<DecisionName, number>} */
  const m = { hire: 0, refactor: 0, infra: 0, split: 0, rewrite: 0 };
  // Rewrites count the ones started (an abandon is −1 in the decisions, not a rewrite).
  for (const d of t.decisions) for (const k of DECISIONS) m[k.name] += k.name === 'rewrite' ? (d.rewrite === 1 ? 1 : 0) : d[k.name];
  for (const k of DECISIONS) if (k.name !== 'rewrite') m[k.name] /= Math.max(1, t.decisions.length);
  return m;
}

/** What the debrief compares: each decision's mean in words. */
export const DEBRIEF = [
  { name: /** @type {DecisionName} */ ('hire'), label: 'Hiring per round (engineers)', unit: ' engineers' },
  { name: /** @type {DecisionName} */ ('refactor'), label: 'Refactoring share (%)', unit: ' %' },
  { name: /** @type {DecisionName} */ ('infra'), label: 'Infrastructure share (%)', unit: ' %' },
  { name: /** @type {DecisionName} */ ('split'), label: 'Team split size (0 = never)', unit: ' engineers' },
  { name: /** @type {DecisionName} */ ('rewrite'), label: 'Rewrites started', unit: '' },
];

/**
 * Teams in ranking order: by `value` (higher first), ties by name, then link,
 * so the same teams give the same board whatever the order they came in.
 * @template {{team: Team, value: number}} T
 * @param {T[]} rows
 */
export function ranked(rows) {
  return [...rows].sort((a, b) => b.value - a.value || (a.team.name < b.team.name ? -1 : a.team.name > b.team.name ? 1 : 0) || (a.team.link < b.team.link ? -1 : a.team.link > b.team.link ? 1 : 0));
}

/**
 * The debrief: each decision's mean in the top half of the ranking and in
 * the bottom half (the middle team of an odd count in neither), and the
 * decision that separates them most (relative to its range).
 * @param {{team: Team, value: number}[]} rows in ranking order
 */
export function debrief(rows) {
  const half = Math.floor(rows.length / 2);
  const top = rows.slice(0, half);
  const bottom = rows.slice(rows.length - half);
  const mean = (/** @type {typeof rows} */ group, /** @type {DecisionName} */ k) => group.reduce((a, r) => a + meanDecisions(r.team)[k], 0) / Math.max(1, group.length);
  const spans = { hire: 60, refactor: 80, infra: 80, split: 50, rewrite: 1 };
  const lines = DEBRIEF.map((d) => ({ ...d, top: mean(top, d.name), bottom: mean(bottom, d.name) }));
  let most = lines[0];
  for (const l of lines) if (Math.abs(l.top - l.bottom) / spans[l.name] > Math.abs(most.top - most.bottom) / spans[most.name]) most = l;
  return { top: top.length, bottom: bottom.length, lines, most };
}

/**
 * A CSV field, quoted when it must be (and a leading =, +, - or @ defused so a spreadsheet shows text).
 * @param {string | number | null} v
 */
export function csvField(v) {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
