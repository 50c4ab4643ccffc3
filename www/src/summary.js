// The summary table and the plain-language sentences, read straight from the
// result's per-strategy summary (no statistics here, only wording).
import { strategyColour } from './charts.js';

const int = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const percent = (share) => `${one.format(share * 100)} %`;

/** The other strategy with the highest mean healthy weeks, or null. */
export function bestOther(result, id) {
  let best = null;
  for (const s of result.strategies) {
    if (s.id === id) continue;
    if (!best || s.summary.mean_healthy_weeks > best.summary.mean_healthy_weeks) best = s;
  }
  return best;
}

/** One plain-language sentence about a strategy's collapse. */
export function sentence(s, weeks) {
  const c = s.collapse;
  const name = `${s.label} (${s.id})`;
  let text;
  if (c.share === 0) {
    text = `No ${name} run collapses within ${weeks} weeks.`;
  } else if (c.week_p50 != null) {
    const lead = c.share >= 1 ? `Every ${name} run collapses within ${weeks} weeks; half of them by week ${c.week_p50}` : `Half of the ${name} runs collapse by week ${c.week_p50}`;
    const tail = c.week_p90 != null ? `; 90 % by week ${c.week_p90}` : `; ${percent(1 - c.share)} never collapse within ${weeks} weeks`;
    text = `${lead} (the first 10 % by week ${c.week_p10})${tail}.`;
  } else {
    const first = c.week_p10 != null ? `; the first 10 % by week ${c.week_p10}` : '';
    text = `${percent(c.share)} of ${name} runs collapse within ${weeks} weeks${first}; most stay healthy.`;
  }
  const m = s.summary;
  return `${text} Median ${int.format(m.features_p50)} features shipped, ${int.format(m.final_users_p50)} users and ${one.format(m.final_team_p50)} engineers at the end.`;
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
