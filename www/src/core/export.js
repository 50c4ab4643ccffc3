// What the page exports: the CSV of weekly percentiles (the same bytes as
// `velocity-cliff simulate --format csv`) and the JSON of scenario plus
// result. No DOM here (downloads and reading files are page/files.js).

/** @typedef {import('./result.js').Result} Result */
/** @typedef {import('./result.js').Metric} Metric */

/** @type {(keyof import('./result.js').Bands)[]} */
const COLUMNS = ['p10', 'p25', 'p50', 'p75', 'p90', 'mean'];

/**
 * A number as Rust's `Display` writes it: plain decimal digits, never an
 * exponent (JavaScript writes 1e-7 and 1e21 in exponent form).
 * @param {number} x
 */
export function rustNumber(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const text = String(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead + frac;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * An f32 of the result as Rust's `Display` writes it: the shortest decimal
 * that reads back as the same f32 (nearest, ties away from zero, as
 * `toPrecision` rounds), never an exponent. JSON and `Display` can differ on
 * ties (0.408203125 is "0.40820312" in the JSON, "0.40820313" in the CSV).
 * @param {number} x a number parsed from the result JSON (an f32 there)
 */
export function rustF32(x) {
  if (!Number.isFinite(x)) return rustNumber(x);
  const f = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(f.toPrecision(digits));
    if (Math.fround(shortest) === f) return rustNumber(shortest);
  }
  return rustNumber(f);
}

/**
 * CSV text of a result's weekly percentiles: strategy, metric, week, p10…p90, mean.
 * @param {Result} result
 */
export function resultCsv(result) {
  const lines = [`strategy,metric,week,${COLUMNS.join(',')}`];
  for (const s of result.strategies) {
    // Every metric of the result, in its order (the CLI writes them in the same order).
    for (const metric of /** @type {Metric[]} */ (Object.keys(s.series))) {
      const series = s.series[metric];
      for (let w = 0; w < result.weeks; w++) {
        lines.push(`${s.id},${metric},${w + 1},${COLUMNS.map((c) => rustF32(series[c][w])).join(',')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The export file: scenario as the user set it, its share string, the model
 * version, and the result exactly as the simulation wrote it.
 * @param {unknown} scenario
 * @param {string} share
 * @param {string} resultJson
 */
export function exportJson(scenario, share, resultJson) {
  const result = JSON.parse(resultJson);
  const head = JSON.stringify({ format: 'velocity-cliff-export', model_version: result.model_version, share, scenario }, null, 2);
  // The result text is kept byte for byte (its numbers are the simulation's).
  return `${head.slice(0, -2)},\n  "result": ${resultJson}\n}\n`;
}

/** Largest scenario file read, as the core allows. */
export const MAX_IMPORT_BYTES = 1 << 20;

