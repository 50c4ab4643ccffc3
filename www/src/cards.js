// The summary table as cards on narrow screens: each cell gets its column's
// header as `data-label`, which the stylesheet prints before the value when
// the rows are laid out as one card per strategy. On wide screens the table
// stays a table (and screen readers read it as one).

/**
 * Copies each column header's text onto the body cells of that column.
 * @param {HTMLTableElement} table
 */
export function labelCells(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => {
      if (cell.tagName === 'TD' && heads[i]) cell.dataset.label = heads[i];
    });
  }
}
