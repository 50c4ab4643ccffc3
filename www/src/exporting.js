// Export and import: the CSV of weekly percentiles (the same bytes as
// `velocity-cliff simulate --format csv`), the JSON of scenario plus result,
// file downloads, and reading a scenario file's text.
import { inputError } from './input-error.js';

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

/** CSV text of a result's weekly percentiles: strategy, metric, week, p10…p90, mean. */
export function resultCsv(result) {
  const lines = [`strategy,metric,week,${COLUMNS.join(',')}`];
  for (const s of result.strategies) {
    // Every metric of the result, in its order (the CLI writes them in the same order).
    for (const metric of Object.keys(s.series)) {
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
 * @param {object} scenario
 * @param {string} share
 * @param {string} resultJson
 */
export function exportJson(scenario, share, resultJson) {
  const result = JSON.parse(resultJson);
  const head = JSON.stringify({ format: 'velocity-cliff-export', model_version: result.model_version, share, scenario }, null, 2);
  // The result text is kept byte for byte (its numbers are the simulation's).
  return `${head.slice(0, -2)},\n  "result": ${resultJson}\n}\n`;
}

/** Offers `data` as a file download. */
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Largest scenario file read, as the core allows. */
export const MAX_IMPORT_BYTES = 1 << 20;

/**
 * Reads a scenario file's text: at most MAX_IMPORT_BYTES of UTF-8 (the same
 * rules as the CLI), or throws an InputError naming the file. The text goes
 * to the core whole (`parseScenarioFile`), which reads a scenario file or an
 * export of this page and refuses, naming the field, anything that would not
 * simulate; JavaScript never parses it, so a seed keeps all its digits.
 * @param {File} file
 */
export async function readScenarioText(file) {
  const name = file.name || 'the file';
  if (file.size > MAX_IMPORT_BYTES) {
    throw inputError(`scenario file ${name}`, `${file.size} bytes`, `at most ${MAX_IMPORT_BYTES} bytes`);
  }
  // No byte-order mark: the core refuses it, as the CLI does.
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(await file.arrayBuffer());
  } catch {
    throw inputError(`scenario file ${name}`, 'bytes that are not UTF-8', 'UTF-8 text');
  }
}
