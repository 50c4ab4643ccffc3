// The summary table and the plain-language sentences, read straight from the
// result's per-strategy summary (no statistics here, only wording; the
// sentences themselves are in wording.js, shared with the component).
import { strategyColour } from './charts.js';
import { int, one, percent, bestOther, sentence } from './wording.js';

export { bestOther, sentence };

/**
 * Renders the table body and the sentences.
 * @param {HTMLTableSectionElement} tbody
 * @param {HTMLElement} sentences
 */
export function renderSummary(result, tbody, sentences, estimate) {
  const weeks = result.weeks;
  const rows = result.strategies.map((s, i) => {
    const c = s.collapse;
    const m = s.summary;
    const tr = document.createElement('tr');
    tr.dataset.strategy = s.id;
    const other = bestOther(result, s.id);
    const pair = other && s.paired.find((p) => p.against === other.id);
    const cells = [
      ['share', percent(c.share)],
      ['median', c.week_p50 != null ? `week ${c.week_p50}` : `no collapse within ${weeks} weeks`],
      ['range', c.week_p10 != null ? `${c.week_p10}–${c.week_p90 != null ? c.week_p90 : `>${weeks}`}` : '–'],
      ['features', int.format(m.features_p50)],
      ['users', int.format(m.final_users_p50)],
      ['team', one.format(m.final_team_p50)],
      ['win', pair ? `${percent(pair.win)} (tie ${percent(pair.tie)}) vs ${other.label}` : '–'],
    ];
    const th = document.createElement('th');
    th.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = strategyColour(s.id, i);
    th.append(swatch, s.label);
    th.title = s.id;
    tr.append(th);
    for (const [key, text] of cells) {
      const td = document.createElement('td');
      td.dataset.field = key;
      td.textContent = text;
      if (key === 'win' && pair) td.title = `win ${percent(pair.win)}, tie ${percent(pair.tie)}, loss ${percent(pair.loss)} against ${other.label}, run by run on the same random draws`;
      tr.append(td);
    }
    return tr;
  });
  tbody.replaceChildren(...rows);
  tbody.closest('table')?.classList.toggle('estimate', estimate);
  sentences.replaceChildren(
    ...result.strategies.map((s) => {
      const li = document.createElement('li');
      li.dataset.strategy = s.id;
      li.textContent = sentence(s, weeks);
      return li;
    }),
  );
}
