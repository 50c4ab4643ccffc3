// The summary table and the plain-language sentences of both fronts, read
// straight from the result's per-strategy summary (no statistics here; every
// cell's words and numbers come from core/format.js). The page shows every
// column, the component a few: each front names its columns, and a column
// reads the same wherever it is shown.
import { OUTCOME_COLOURS, strategyColour } from './palette.js';
import { int, one, percent, money, sentence, outcomeSentence, outcomeParts, OUTCOMES, medianCollapseText, collapseRangeText } from '../core/format.js';
import { bestOther } from '../core/result.js';
import { el } from './dom.js';

/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').StrategyResult} StrategyResult */
/**
 * A column of the summary (its cells' `data-field`).
 * @typedef {'outcomes'|'outcome-line'|'healthy'|'out-of-cash'|'share'|'median'|'range'|'features'|'users'|'team'|'cash'|'cash-per-feature'|'win'} Column
 */

/**
 * A stacked bar of the outcome shares (widths through CSSOM, never a style
 * attribute), with the shares as text for screen readers.
 * @param {StrategyResult} s
 */
export function outcomeBar(s) {
  const bar = el('span', 'outcome-bar');
  bar.setAttribute('aria-hidden', 'true');
  for (const o of OUTCOMES) {
    const share = s.outcomes[o.key];
    if (!(share > 0)) continue;
    const seg = el('span', 'outcome-seg');
    seg.dataset.outcome = o.key;
    seg.style.width = `${(share * 100).toFixed(2)}%`;
    seg.style.backgroundColor = OUTCOME_COLOURS[o.key];
    seg.title = `${o.label} ${percent(share)}`;
    bar.append(seg);
  }
  const text = el('span', 'visually-hidden', OUTCOMES.map((o) => `${o.label} ${percent(s.outcomes[o.key])}`).join(', '));
  return [bar, text];
}

/**
 * The key of the outcome colours (built once).
 * @param {HTMLElement} list
 */
export function renderOutcomeKey(list) {
  if (list.childElementCount) return;
  list.replaceChildren(
    ...OUTCOMES.map((o) => {
      const li = document.createElement('li');
      const swatch = el('span', 'swatch outcome-swatch');
      swatch.dataset.outcome = o.key;
      swatch.style.backgroundColor = OUTCOME_COLOURS[o.key];
      li.append(swatch, o.label);
      return li;
    }),
  );
}

/**
 * One cell of the summary.
 * @param {Column} column
 * @param {StrategyResult} s
 * @param {Result} result
 * @returns {HTMLTableCellElement}
 */
function cell(column, s, result) {
  const td = document.createElement('td');
  td.dataset.field = column === 'outcome-line' ? 'outcomes' : column;
  const c = s.collapse;
  const m = s.summary;
  const weeks = result.weeks;
  switch (column) {
    case 'outcomes':
      td.append(...outcomeBar(s));
      break;
    case 'outcome-line':
      // "healthy & funded 62 % · out of cash 20 % · …", each part kept on one line.
      td.className = 'outcomes';
      td.append(...outcomeParts(s).flatMap((part, k) => [...(k ? [' · '] : []), el('span', 'part', part)]));
      break;
    case 'healthy':
      td.textContent = percent(m.healthy_share);
      break;
    case 'out-of-cash':
      td.textContent = percent(m.out_of_cash_share);
      break;
    case 'share':
      td.textContent = percent(c.share);
      break;
    case 'median':
      td.textContent = medianCollapseText(c, weeks);
      break;
    case 'range':
      td.textContent = collapseRangeText(c, weeks);
      break;
    case 'features':
      td.textContent = int.format(m.features_p50);
      break;
    case 'users':
      td.textContent = int.format(m.final_users_p50);
      break;
    case 'team':
      td.textContent = one.format(m.final_team_p50);
      break;
    case 'cash':
      td.textContent = money(m.cash_p50);
      break;
    case 'cash-per-feature':
      td.textContent = money(m.cash_per_feature_p50);
      break;
    case 'win': {
      const other = bestOther(result, s.id);
      const pair = other && s.paired.find((p) => p.against === other.id);
      td.textContent = other && pair ? `${percent(pair.win)} (tie ${percent(pair.tie)}) vs ${other.label}` : '–';
      if (other && pair) td.title = `win ${percent(pair.win)}, tie ${percent(pair.tie)}, loss ${percent(pair.loss)} against ${other.label}, run by run on the same random draws`;
      break;
    }
  }
  return td;
}

/**
 * Renders the summary's rows (one per strategy: its colour and name, then
 * the columns asked for) into a table body, greyed while an estimate.
 * @param {HTMLTableSectionElement} tbody
 * @param {Result} result
 * @param {Column[]} columns
 * @param {boolean} estimate
 */
export function renderSummary(tbody, result, columns, estimate) {
  const rows = result.strategies.map((s, i) => {
    const tr = document.createElement('tr');
    tr.dataset.strategy = s.id;
    const th = document.createElement('th');
    th.scope = 'row';
    th.title = s.id;
    const swatch = el('span', 'swatch');
    swatch.setAttribute('aria-hidden', 'true');
    swatch.style.background = strategyColour(s.id, i);
    th.append(swatch, s.label);
    tr.append(th, ...columns.map((column) => cell(column, s, result)));
    return tr;
  });
  tbody.replaceChildren(...rows);
  const table = tbody.closest('table');
  table?.classList.toggle('estimate', estimate);
  if (table) labelCells(table);
}

/**
 * The summary as cards on narrow screens: each cell gets its column's header
 * as `data-label`, which the stylesheet prints before the value when the rows
 * are laid out as one card per strategy. On wide screens the table stays a
 * table (and screen readers read it as one).
 * @param {HTMLTableElement} table
 */
export function labelCells(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => {
      if (cell instanceof HTMLTableCellElement && cell.tagName === 'TD' && heads[i]) cell.dataset.label = heads[i];
    });
  }
}

/**
 * The plain-language sentences, one list item per strategy: its collapse,
 * how its runs end and its money.
 * @param {HTMLElement} list
 * @param {Result} result
 */
export function renderSentences(list, result) {
  list.replaceChildren(
    ...result.strategies.map((s) => {
      const li = el('li', '', `${sentence(s, result.weeks)} ${outcomeSentence(s, result.weeks)}`);
      li.dataset.strategy = s.id;
      return li;
    }),
  );
}
