// The strategy colours (Okabe–Ito, colour-blind safe) without any chart code,
// shared by the page's charts and the component: built-in strategies keep
// their colour; custom strategies cycle the spare ones.

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

/** `#rrggbb` with an alpha, as `rgba(…)`. */
export function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
}
