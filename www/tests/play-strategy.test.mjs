// A play is a strategy (wasm in Node, no browser): a play whose decisions
// never change gives the numbers of the strategy it amounts to — the
// built-in itself when nothing is changed, the built-in with those fields
// when round 1 changes them and later rounds keep them — and its decisions
// read back from its rules. Run after `make wasm`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { playStrategy, playScenario, decisionsOf, standing, timeline, checkDecisions, BUILT_INS, HIRE_AHEAD, TEAM_CAP } from '../src/play/workshop.js';
import { loadCore, bundledCatalogue } from './wasm-node.mjs';

/** The catalogue `make wasm` writes, as the fronts bundle it. */
const cat = bundledCatalogue();

const SCENARIO = { preset: 'marketplace', runs: 200, weeks: 156, seed: '42' };
const W = 13;

/** The result's strategies without their ids and labels (which say whose they are). */
function numbers(json) {
  const r = JSON.parse(json);
  return r.strategies.map(({ id: _id, label: _label, paired: _p, ...rest }) => rest);
}

test('a play that changes nothing is its base strategy, number for number', async () => {
  const wasm = await loadCore();
  for (const id of BUILT_INS) {
    const base = cat.strategies.find((s) => s.id === id);
    const team = playStrategy('Team Still', id, base, [{}, {}, {}, {}], W);
    assert.equal(team.rules, undefined, `${id}: no decision, no rule`);
    const played = wasm.simulate({ ...SCENARIO, strategies: [team] }, {});
    const builtIn = wasm.simulate({ ...SCENARIO, strategies: [id] }, {});
    assert.deepEqual(numbers(played), numbers(builtIn), id);
  }
});

test('decisions set in round 1 and never changed are the strategy with those fields', async () => {
  const wasm = await loadCore();
  for (const id of BUILT_INS) {
    const base = cat.strategies.find((s) => s.id === id);
    const rounds = [{ hire: 26, refactor: 15, infra: 5, split: 8 }, {}, {}, {}];
    const team = playStrategy('Team Steady', id, base, rounds, W);
    // Round 1's changes hold from week 1: the strategy with the fields set.
    const custom = { id: 'steady', base: id, hire_per_week: 26 / W, hire_ahead: HIRE_AHEAD, team_cap: TEAM_CAP, refactor_share: 0.15, infra_share: 0.05, split_team_size: 8 };
    const played = wasm.simulate({ ...SCENARIO, strategies: [team] }, {});
    const fields = wasm.simulate({ ...SCENARIO, strategies: [custom] }, {});
    assert.deepEqual(numbers(played), numbers(fields), id);
    // And the decisions read back from the rules.
    assert.deepEqual(decisionsOf(team, base.rules.length, W, 4, 'strategies[0]'), rounds);
    assert.deepEqual(timeline(base, rounds, W).map((d) => d.refactor), [15, 15, 15, 15]);
  }
});

test('a decision changed in a later round holds from that round’s first week and reads back', async () => {
  const wasm = await loadCore();
  const base = cat.strategies.find((s) => s.id === 'feature-first');
  const rounds = [{ hire: 13 }, { refactor: 60, infra: 10 }, { refactor: 10, infra: 70, rewrite: 1 }, { rewrite: -1 }];
  const team = playStrategy('Team Moving', 'feature-first', base, rounds, W);
  const rules = team.rules.slice(0, team.rules.length - base.rules.length);
  assert.deepEqual(
    rules.map((r) => r.when.value),
    [1, 14, 27, 40],
  );
  assert.deepEqual(rules.at(-1).do, [{ action: 'abandon_rewrite' }]);
  // The core accepts it (refactoring and infrastructure swap between rounds, never 0.9 at once) and it differs from the base.
  const played = wasm.simulate(playScenario(SCENARIO, team), {});
  const r = JSON.parse(played);
  assert.deepEqual(
    r.strategies.map((s) => s.id),
    ['team-team-moving', ...BUILT_INS],
  );
  assert.notDeepEqual(numbers(played)[0], numbers(played)[1]);
  assert.deepEqual(decisionsOf(team, base.rules.length, W, 4, 'strategies[0]'), rounds);
  assert.deepEqual(standing(base, rounds.slice(0, 3), W), { hire: 13, refactor: 10, infra: 70, split: 15, rewrite: 0 });
  // The play view refuses what the core would: 70 % refactoring leaves no room for the base's 30 % infrastructure reflex.
  assert.equal(checkDecisions({ hire: 0, refactor: 70, infra: 10, split: 15, rewrite: 0 }, base).message, 'invalid play.refactor: 70 % (allowed: at most 60 % (your company puts 30 % into infrastructure when the load demands it; at most 90 % in all))');
  const refused = playStrategy('Team Over', 'feature-first', base, [{ refactor: 70 }], W);
  assert.throws(() => wasm.simulate({ ...SCENARIO, strategies: [refused] }, {}), /invalid strategies\[0\]\.rules\[1\]\.do\[0\]\.value: 0\.3/);
  assert.equal(checkDecisions({ hire: 0, refactor: 60, infra: 10, split: 15, rewrite: 0 }, base), null);
  // A rule that is not a round's first week is refused by name.
  const odd = { ...team, rules: [...team.rules.slice(0, 2), { ...team.rules[2], when: { observe: 'week', op: 'at_least', value: 30 } }, ...team.rules.slice(3)] };
  assert.throws(() => decisionsOf(odd, base.rules.length, W, 4, 'strategies[0]'), /invalid strategies\[0\]\.rules\[2\]\.when/);
});
