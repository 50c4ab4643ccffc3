// The board's grouping of teams into jobs (teams.js, no DOM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { teamGroups, MAX_GROUP } from '../../src/board/teams.js';

/**
 * A team as the board holds it, with only what grouping reads.
 * @param {string} id
 * @param {number} seed
 */
function team(id, seed) {
  const strategy = { id, label: id, base: 'feature-first', rules: [] };
  return /** @type {any} */ ({ link: `?play#${id}-${seed}`, id, name: id, scenario: { seed: String(seed), runs: 1000, strategies: [strategy] } });
}

test('teams of one scenario share a job, at most MAX_GROUP to a job, each strategy id once', () => {
  const teams = Array.from({ length: 30 }, (_, i) => team(`team-${i}`, 7));
  const groups = teamGroups(teams);
  assert.deepEqual(groups.map((g) => g.teams.length), [MAX_GROUP, MAX_GROUP, 30 - 2 * MAX_GROUP]);
  assert.deepEqual(groups.flatMap((g) => g.teams), teams, 'every team once, in order');
  for (const g of groups) {
    assert.deepEqual(g.options.strategies, g.teams.map((t) => t.id));
    assert.deepEqual(g.scenario.strategies, g.teams.map((t) => t.scenario.strategies[0]));
    assert.equal(g.scenario.seed, '7');
  }
});

test('teams of other scenarios, or with the same strategy id, run in separate jobs', () => {
  const a = team('alpha', 1);
  const b = team('beta', 2);
  const twin = { ...team('alpha', 1), link: '?play#other-alpha' };
  const groups = teamGroups([a, b, twin]);
  assert.equal(groups.length, 3);
  for (const g of groups) assert.equal(new Set(g.options.strategies).size, g.teams.length);
  assert.deepEqual(groups.map((g) => g.scenario.seed).sort(), ['1', '1', '2']);
  assert.deepEqual(teamGroups([]), []);
});
