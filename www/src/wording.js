// Plain-language wording of a result, shared by the page's summary and the
// <velocity-cliff> component: no DOM, no statistics, only words around the
// numbers of the result.

export const int = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
export const one = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
export const percent = (share) => `${one.format(share * 100)} %`;

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

/** A rate for people: two significant digits from 100 up ("9,800"), whole numbers below. */
export function rate(x) {
  if (!(x > 0)) return '0';
  return int.format(x >= 100 ? Number(x.toPrecision(2)) : Math.round(x));
}

/** Time left for people: "under a second", "about 8 s", "about 1 min 40 s", "about 12 min", "about 1 h 5 min". */
export function timeLeft(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 1) return 'under a second';
  if (seconds <= 59) return `about ${Math.ceil(seconds)} s`;
  if (seconds < 600) {
    const s = Math.round(seconds / 5) * 5;
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest ? `about ${m} min ${rest} s` : `about ${m} min`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `about ${h} h ${m} min` : `about ${h} h`;
}

/**
 * A job's progress in words: "12,500 / 1,000,000 runs · 9,800 runs/s · about
 * 1 min 40 s left" (rate and time left once they are known).
 * @param {{done: number, total: number, runsPerSecond: number | null, secondsLeft: number | null}} p
 */
export function progressText({ done, total, runsPerSecond, secondsLeft }) {
  let text = `${int.format(done)} / ${int.format(total)} runs`;
  if (runsPerSecond) {
    text += ` · ${rate(runsPerSecond)} runs/s`;
    const left = timeLeft(secondsLeft);
    if (left) text += ` · ${left} left`;
  }
  return text;
}
