// The static fallback inside an embed snippet, as `velocity-cliff render
// --embed` writes it (src/render/mod.rs): the figure — an <img> naming a file
// uploaded beside the post, or the SVG inlined — and the summary table, as the
// light-DOM children of <velocity-cliff scenario="…">. The figure and its
// description are the core's (`renderSvg`); the table is written here with
// the renderer's number formats (f32 values, Rust's fixed decimals with ties
// to even), so the snippet is the CLI's bytes for the same link.

/** @typedef {import('../core/result.js').Result} Result */

/** The style rule a page with embeds adds once: laid out before the element is defined as after. */
export const EMBED_CSS = '<style>velocity-cliff:not(:defined){display:block}velocity-cliff>img,velocity-cliff>svg{max-width:100%;height:auto}</style>';

/** The summary table's column heads, as the renderer's `TABLE_HEADS`. */
const HEADS = ['Strategy', 'Runs collapsed', 'Median collapse week', 'Mean healthy weeks', 'Healthy &amp; funded at the end', 'Out of cash', 'Median cash at the end'];

/**
 * Text escaped as the renderer escapes it (`svg::esc`).
 * @param {string} text
 */
export function esc(text) {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (c === '&') out += '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else if (c === "'") out += '&#39;';
    else if (code < 0x20 && c !== '\n' && c !== '\t') out += ' ';
    else out += c;
  }
  return out;
}

/**
 * `x` with one decimal, as Rust's `{:.1}` writes it: the exact value rounded,
 * an exact tie to the even digit (a tie has a fraction of .25 or .75).
 * @param {number} x
 */
export function fixed1(x) {
  const quarters = x * 4; // exact: a power of two
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const low = Math.floor(x * 10); // exact for a quarter
    return ((low % 2 === 0 ? low : low + 1) / 10).toFixed(1);
  }
  return x.toFixed(1);
}

/**
 * A share (an f32 in the result) as the renderer's `percent`: `84.3 %`.
 * @param {number} share
 */
export function percent(share) {
  return `${fixed1(Math.fround(share) * 100)} %`;
}

/**
 * A whole number with thousands separators, as the renderer's `whole`.
 * @param {number} x
 */
export function whole(x) {
  const n = Math.round(Math.abs(x));
  const digits = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return x < 0 && n > 0 ? `−${digits}` : digits;
}

/** @param {number} x */
function short(x) {
  if (x < 9.95) {
    const s = fixed1(x);
    return s.endsWith('.0') ? s.slice(0, -2) : s;
  }
  return String(Math.round(x));
}

/**
 * Dollars, short, as the renderer's `money`: `$0`, `$850k`, `$1.2M`.
 * @param {number} value an f32 in the result
 */
export function money(value) {
  const x = Math.fround(value);
  const a = Math.abs(x);
  const body = a >= 1e9 ? `${short(a / 1e9)}B` : a >= 1e6 ? `${short(a / 1e6)}M` : a >= 1e3 ? `${short(a / 1e3)}k` : String(Math.round(a));
  return `${x < 0 ? '−' : ''}$${body}`;
}

/**
 * The summary table, as the renderer's `table`.
 * @param {Result} result
 * @param {string} seed the seed's digits (a result's seed may not fit a JavaScript number)
 */
export function summaryTable(result, seed) {
  let out = `<table><caption>${whole(result.runs)} runs per strategy over ${result.weeks} weeks, seed ${seed}, model ${result.model_version}</caption><thead><tr>`;
  for (const head of HEADS) out += `<th scope="col">${head}</th>`;
  out += '</tr></thead><tbody>';
  for (const s of result.strategies) {
    // The summary's collapsed_share and collapse_week_p50 are the collapse's share and week_p50.
    const m = s.summary;
    out += `<tr><th scope="row">${esc(s.label)}</th><td>${percent(s.collapse.share)}</td><td>${s.collapse.week_p50 === null ? '—' : s.collapse.week_p50}</td><td>${whole(Math.fround(m.mean_healthy_weeks))}</td><td>${percent(m.healthy_share)}</td><td>${percent(m.out_of_cash_share)}</td><td>${money(m.cash_p50)}</td></tr>`;
  }
  return `${out}</tbody></table>`;
}

/**
 * The seed's digits from a result's exact JSON text (its first `seed` field is the top-level one).
 * @param {string} json
 */
export function seedDigits(json) {
  return /"seed":(\d+)/.exec(json)?.[1] ?? '';
}

/**
 * The SVG's description (its `<desc>`, the renderer's `describe`), escaped as the renderer escapes it.
 * @param {string} svg
 */
export function descriptionOf(svg) {
  return /<desc>([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
}

/**
 * The element with its fallback: the CLI's `render --embed` for the same link,
 * with `--out FILE` (figure `{src}`) or without (the SVG inlined).
 * @param {object} o
 * @param {Result} o.result
 * @param {string} o.json the result's exact JSON text
 * @param {string} o.link the share string of the result's scenario
 * @param {string} o.svg the figure (`renderSvg`)
 * @param {{src: string, width: number, height: number} | null} o.file the figure as a file beside the post, or null to inline it
 */
export function embedElement({ result, json, link, svg, file }) {
  const figure = file
    ? `<img src="${esc(file.src)}" width="${file.width}" height="${file.height}" alt="${descriptionOf(svg)}" style="max-width:100%;height:auto">`
    : svg.trimEnd();
  return `<velocity-cliff scenario="${esc(link)}">\n${figure}\n${summaryTable(result, seedDigits(json))}\n</velocity-cliff>\n`;
}
