// The data table behind a chart, drawn from core/describe.js's rows of text.
import { tableData } from '../core/describe.js';

/** @typedef {import('../core/describe.js').ChartName} ChartName */
/** @typedef {import('../core/describe.js').View} View */

/**
 * The data table behind one chart, as a <table> (row headings in the first column).
 * @param {import('../core/result.js').Result} result
 * @param {ChartName} name
 * @param {View} [view]
 */
export function dataTable(result, name, view = {}) {
  const { caption, head, rows } = tableData(result, name, view);
  const t = document.createElement('table');
  t.className = 'data-table';
  t.createCaption().textContent = caption;
  const tr = t.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    tr.append(th);
  }
  const body = t.createTBody();
  for (const [first, ...cells] of rows) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = first;
    row.append(th);
    for (const c of cells) row.insertCell().textContent = c;
  }
  return t;
}
