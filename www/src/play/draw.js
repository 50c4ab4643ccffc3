// What the workshop views draw with: elements from tags and text (never
// markup), small SVG line charts with bands (presentation attributes only, so
// the page's Content Security Policy holds) and the data table behind each.
import { alpha } from '../charts/palette.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An element with attributes and children (strings become text nodes).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {(Node | string | null | undefined | false)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 */
function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * One line of a chart: values per week (index 0 = week 1), optionally a band.
 * @typedef {{label: string, colour: string, values: number[], band?: {lo: number[], hi: number[]}, dashed?: boolean, width?: number}} Line
 */

/**
 * A line chart as SVG with its caption and a data table (weeks as rows, at
 * most `rows` of them: every k-th week and the last).
 * @param {object} o
 * @param {string} o.title
 * @param {string} o.summary one sentence: what the chart shows, for everyone
 * @param {Line[]} o.lines
 * @param {(v: number) => string} o.format
 * @param {number[]} [o.marks] weeks to mark with a vertical line (round starts)
 * @param {number} [o.rows]
 * @param {number} [o.weeks] the x axis' last week (default: the longest line)
 */
export function lineChart({ title, summary, lines, format, marks = [], rows = 14, weeks }) {
  const W = 480;
  const H = 220;
  const pad = { l: 56, r: 8, t: 10, b: 24 };
  const n = weeks ?? Math.max(1, ...lines.map((l) => l.values.length));
  let top = 0;
  for (const l of lines) for (const v of [...l.values, ...(l.band?.hi ?? [])]) if (Number.isFinite(v)) top = Math.max(top, v);
  top = top > 0 ? top * 1.05 : 1;
  const x = (/** @type {number} */ w) => pad.l + ((w - 0.5) / n) * (W - pad.l - pad.r);
  const y = (/** @type {number} */ v) => H - pad.b - (Math.max(0, v) / top) * (H - pad.t - pad.b);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'wk-chart', 'aria-label': `${title}. ${summary}` });
  for (const f of [0, 0.5, 1]) {
    const v = top * f;
    root.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'wk-grid' }));
    const t = svg('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'wk-tick' });
    t.textContent = format(v);
    root.append(t);
  }
  for (const w of marks) root.append(svg('line', { x1: x(w) - 0.5, x2: x(w) - 0.5, y1: pad.t, y2: H - pad.b, class: 'wk-mark' }));
  const last = svg('text', { x: W - pad.r, y: H - 6, 'text-anchor': 'end', class: 'wk-tick' });
  last.textContent = `week ${n}`;
  const first = svg('text', { x: pad.l, y: H - 6, class: 'wk-tick' });
  first.textContent = 'week 1';
  root.append(first, last);
  const path = (/** @type {number[]} */ vs) => vs.map((v, i) => `${i ? 'L' : 'M'}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join('');
  for (const l of lines) {
    const band = l.band;
    if (!band) continue;
    const hi = band.hi.map((v, i) => `${i ? 'L' : 'M'}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join('');
    const lo = [...band.lo].reverse().map((v, i) => `L${x(band.lo.length - i).toFixed(1)},${y(v).toFixed(1)}`).join('');
    root.append(svg('path', { d: `${hi}${lo}Z`, fill: alpha(l.colour, 0.14), stroke: 'none' }));
  }
  for (const l of lines) {
    const attrs = { d: path(l.values), fill: 'none', stroke: l.colour, 'stroke-width': l.width ?? 2 };
    if (l.dashed) Object.assign(attrs, { 'stroke-dasharray': '5 4' });
    root.append(svg('path', attrs));
  }
  const key = el('ul', { class: 'wk-key' }, ...lines.map((l) => el('li', {}, swatch(l.colour, l.dashed), l.band ? `${l.label} (median, P10–P90 band)` : l.label)));
  const step = Math.max(1, Math.ceil(n / rows));
  const weeksShown = [];
  for (let w = step; w < n; w += step) weeksShown.push(w);
  weeksShown.push(n);
  const table = dataTable(
    `${title}: data`,
    ['week', ...lines.map((l) => l.label)],
    weeksShown.map((w) => [String(w), ...lines.map((l) => (l.values[w - 1] === undefined ? '–' : format(l.values[w - 1])))]),
  );
  return el('figure', { class: 'wk-figure' }, el('figcaption', {}, el('strong', { text: title }), ' ', summary), root, key, table);
}

/**
 * @param {string} colour
 * @param {boolean} [dashed]
 */
function swatch(colour, dashed) {
  const s = svg('svg', { viewBox: '0 0 18 8', width: 18, height: 8, 'aria-hidden': 'true' });
  const line = { x1: 0, x2: 18, y1: 4, y2: 4, stroke: colour, 'stroke-width': 3 };
  if (dashed) Object.assign(line, { 'stroke-dasharray': '4 3' });
  s.append(svg('line', line));
  return s;
}

/**
 * Horizontal bars with their labels and values written out.
 * @param {string} label the chart's accessible name
 * @param {{label: string, value: number, text: string, colour?: string}[]} bars
 */
export function barChart(label, bars) {
  const most = Math.max(1e-9, ...bars.map((b) => Math.abs(b.value)));
  const list = el('ul', { class: 'wk-bars', 'aria-label': label });
  for (const b of bars) {
    const bar = el('span', { class: 'wk-bar', 'aria-hidden': 'true' });
    bar.style.inlineSize = `${(Math.abs(b.value) / most) * 100}%`;
    if (b.colour) bar.style.backgroundColor = b.colour;
    list.append(el('li', {}, el('span', { class: 'wk-bar-label', text: b.label }), el('span', { class: 'wk-bar-track' }, bar), el('span', { class: 'wk-bar-value', text: b.text })));
  }
  return list;
}

/**
 * A data table behind a chart, in a disclosure.
 * @param {string} caption
 * @param {string[]} head
 * @param {string[][]} rows
 * @param {boolean} [open]
 */
export function dataTable(caption, head, rows, open = false) {
  const table = el(
    'table',
    { class: 'wk-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row', text: c }) : el('td', { text: c })))))),
  );
  // A table wider than the screen scrolls in a region a keyboard can reach.
  const scroll = el('div', { class: 'wk-scroll', tabindex: 0, role: 'region', 'aria-label': caption }, table);
  if (open) return scroll;
  return el('details', { class: 'wk-data' }, el('summary', { text: 'Data table' }), scroll);
}

/**
 * Draws a QR code of `text` onto a new canvas (the page's QR library, loaded when first asked).
 * @param {string} text
 * @param {string} label
 */
export async function qrCanvas(text, label) {
  const QRCode = (await import('qrcode')).default;
  const canvas = el('canvas', { role: 'img', 'aria-label': label, class: 'wk-qr' });
  await QRCode.toCanvas(canvas, text, { width: 300, margin: 2, errorCorrectionLevel: 'L' });
  return canvas;
}

/**
 * Copies text, falling back to selecting it.
 * @param {string} text
 */
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
