// Chart legends without empty placeholders: a uPlot chart's live legend shows
// "week: –  P10: – …" while no point is under the cursor. `hoverLegend` marks
// the chart's root with `data-cursor` while the cursor (its own or a synced
// one) is on a week, so the stylesheet shows the values only then and keeps a
// compact legend (the strategies' names, which toggle them) the rest of the
// time.

/**
 * @param {import('uplot')} plot
 */
export function hoverLegend(plot) {
  const mark = () => {
    const on = plot.cursor.idx != null;
    if (on) plot.root.dataset.cursor = '';
    else delete plot.root.dataset.cursor;
  };
  plot.hooks.setCursor = [...(plot.hooks.setCursor ?? []), mark];
  mark();
}
