// The summary table and the plain-language sentences, read straight from the
// result's per-strategy summary (no statistics here, only wording; the
// sentences themselves are in wording.js, shared with the component).
import { strategyColour } from './charts.js';
import { OUTCOME_COLOURS } from './palette.js';
import { int, one, percent, money, bestOther, sentence, outcomeSentence, OUTCOMES } from './wording.js';

export { bestOther, sentence };

/**
 * A stacked bar of the outcome shares (widths through CSSOM, never a style
 * attribute), with the shares as text for screen readers.
 */
export function outcomeBar(s) {
  const bar = document.createElement('span');
  bar.className = 'outcome-bar';
  bar.setAttribute('aria-hidden', 'true');
  for (const o of OUTCOMES) {
    const share = s.outcomes[o.key];
    if (!(share > 0)) continue;
    const seg = document.createElement('span');
    seg.className = 'outcome-seg';
    seg.dataset.outcome = o.key;
    seg.style.width = `${(share * 100).toFixed(2)}%`;
    seg.style.backgroundColor = OUTCOME_COLOURS[o.key];
    seg.title = `${o.label} ${percent(share)}`;
    bar.append(seg);
  }
  const text = document.createElement('span');
  text.className = 'visually-hidden';
  text.textContent = OUTCOMES.map((o) => `${o.label} ${percent(s.outcomes[o.key])}`).join(', ');
  return [bar, text];
}

/** The key of the outcome colours (built once). */
export function renderOutcomeKey(list) {
  if (list.childElementCount) return;
  list.replaceChildren(
    ...OUTCOMES.map((o) => {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch outcome-swatch';
      swatch.dataset.outcome = o.key;
      swatch.style.backgroundColor = OUTCOME_COLOURS[o.key];
      li.append(swatch, o.label);
      return li;
    }),
  );
}

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
      ['outcomes', null],
      ['healthy', percent(m.healthy_share)],
      ['out-of-cash', percent(m.out_of_cash_share)],
      ['share', percent(c.share)],
      ['median', c.week_p50 != null ? `week ${c.week_p50}` : `no collapse within ${weeks} weeks`],
      ['range', c.week_p10 != null ? `${c.week_p10}–${c.week_p90 != null ? c.week_p90 : `>${weeks}`}` : '–'],
      ['features', int.format(m.features_p50)],
      ['users', int.format(m.final_users_p50)],
      ['team', one.format(m.final_team_p50)],
      ['cash', money(m.cash_p50)],
      ['cash-per-feature', m.cash_per_feature_p50 != null ? money(m.cash_per_feature_p50) : '–'],
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
      if (key === 'outcomes') td.append(...outcomeBar(s));
      else td.textContent = text;
      if (key === 'win' && pair) td.title = `win ${percent(pair.win)}, tie ${percent(pair.tie)}, loss ${percent(pair.loss)} against ${other.label}, run by run on the same random draws`;
      tr.append(td);
    }
    return tr;
  });
  tbody.replaceChildren(...rows);
  const key = document.getElementById('outcome-key');
  if (key) renderOutcomeKey(key);
  tbody.closest('table')?.classList.toggle('estimate', estimate);
  sentences.replaceChildren(
    ...result.strategies.map((s) => {
      const li = document.createElement('li');
      li.dataset.strategy = s.id;
      li.textContent = `${sentence(s, weeks)} ${outcomeSentence(s, weeks)}`;
      return li;
    }),
  );
}
