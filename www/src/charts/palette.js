// The strategy colours (Okabe–Ito, colour-blind safe) without any chart code,
// shared by the page's charts and the component: built-in strategies keep
// their colour; custom strategies cycle the spare ones.

/** @type {Record<string, string>} */
export const OKABE_ITO = {
  'feature-first': '#D55E00',
  'scale-early': '#E69F00',
  'big-rewrite': '#CC79A7',
  'controlled-evolution': '#009E73',
  'hypergrowth-hiring': '#0072B2',
};
export const SPARE = ['#56B4E9', '#F0E442', '#000000'];

/** @param {string} id @param {number} index */
export function strategyColour(id, index) {
  return OKABE_ITO[id] || SPARE[index % SPARE.length];
}

/**
 * `#rrggbb` with an alpha, as `rgba(…)`.
 * @param {string} hex
 * @param {number} a
 */
export function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}

/**
 * How runs end (result `outcomes`), in the order they are stacked: colours
 * from the Okabe–Ito set, with a neutral grey for running out of cash.
 * @type {Record<keyof import('../core/result.js').Outcomes, string>}
 */
export const OUTCOME_COLOURS = {
  healthy: '#009E73',
  recovered: '#56B4E9',
  collapsed: '#D55E00',
  out_of_cash: '#7F7F7F',
  frozen: '#E69F00',
};

/**
 * The factors of a collapse (result `why`): Paul Tol's "muted" qualitative
 * scheme (colour-blind safe, nine colours), grey for noise.
 * @type {Record<import('../core/result.js').Factor, string>}
 */
export const FACTOR_COLOURS = {
  team_size: '#88CCEE',
  onboarding: '#44AA99',
  coordination: '#117733',
  debt_interest: '#CC6677',
  size_drag: '#882255',
  overload: '#AA4499',
  unplanned_work: '#DDCC77',
  allocation: '#332288',
  noise: '#BBBBBB',
};
