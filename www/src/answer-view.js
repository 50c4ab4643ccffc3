// The page's answer block: the headline sentence above the survival chart,
// and the summary table's cells labelled for its card layout on phones.
import { headline } from './headline.js';
import { labelCells } from './cards.js';

/**
 * Paints the headline for a result (greyed while it is an estimate) and
 * labels the summary's cells (call after the summary is rendered).
 * @param {any} result
 * @param {boolean} estimate
 */
export function paintAnswer(result, estimate) {
  const line = document.getElementById('headline');
  if (line) {
    line.textContent = headline(result);
    line.classList.toggle('estimate', estimate);
  }
  const table = /** @type {HTMLTableElement | null} */ (document.getElementById('summary'));
  if (table) labelCells(table);
}
