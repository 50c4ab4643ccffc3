// "Import your throughput": a CSV of the team's last weeks (a file or pasted
// text) calibrates the scenario through the core (`calibrateThroughput`, the
// CLI's `--calibrate`): it sets the starting velocity scale, the weekly
// noise and, with team sizes, the starting team, and keeps the observed weeks
// in the scenario (so in the link and the exported file). A bad CSV is one
// line beside the control and changes nothing. Once a result is in, the fit
// of each strategy's first weeks is said in words and shown in a table; the
// velocity chart overlays the weeks (charts.js, from the result).
import { $ } from './status.js';
import { calibrate, fitSentence, throughputCsv } from '../core/calibration.js';
import { inputError, errorFields } from '../core/errors.js';
import { paramValue } from '../core/format.js';

/** @typedef {import('./session.js').Session} Session */
/** @typedef {import('../core/result.js').Result} Result */

/** Largest file read, bytes: the core's own bound on a CSV. */
const MAX_BYTES = 64 * 1024;
/** The parameters a calibration sets. */
const SET = ['productivity', 'noise_base', 'initial_engineers'];

/**
 * An element with properties and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Partial<HTMLElementTagNameMap[K]> & Record<string, unknown>} [props]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export class CalibrationPanel {
  /**
   * @param {object} o
   * @param {Session} o.session
   */
  constructor({ session }) {
    this.session = session;
    /** The sentence of the last import, shown until the calibration is removed. */
    this.setText = '';
    /** The preset of the input last shown (undefined before the first). @type {string | undefined} */
    this.preset = undefined;
    this.els = this.build();
  }

  /** Builds the control inside "Your team today"; returns its parts. */
  build() {
    const host = document.getElementById('team-today') ?? $('params');
    const file = el('input', { type: 'file', id: 'calibration-file', accept: '.csv,.tsv,.txt,text/csv,text/plain' });
    file.setAttribute('aria-describedby', 'calibration-how');
    const text = el('textarea', { id: 'calibration-text', rows: 4, spellcheck: false, placeholder: 'week,delivered,team\n1,9,3\n2,11,3\n…' });
    text.setAttribute('aria-describedby', 'calibration-how');
    const use = el('button', { type: 'button', id: 'calibration-use', textContent: 'Use the pasted weeks' });
    const remove = el('button', { type: 'button', id: 'calibration-remove', textContent: 'Remove the calibration', hidden: true });
    const error = el('span', { className: 'error', id: 'calibration-error' });
    error.setAttribute('role', 'alert');
    const set = el('p', { id: 'calibration-set', className: 'calibration-set' });
    set.setAttribute('aria-live', 'polite');
    const fit = el('div', { id: 'calibration-fit' });
    const how = el('p', {
      className: 'hint',
      id: 'calibration-how',
      textContent:
        'A CSV of your last 4 to 104 weeks, oldest first: a header naming the columns — delivered (or items, throughput; points) and optionally team (its size that week) and week or date — or a single column of numbers. ' +
        "It sets the weekly velocity noise from how much your weeks vary (the spread of week-to-week changes of work per engineer), the starting team to the last week's, and productivity so the first strategy's first weeks deliver what you did on average; the velocity chart then shows your weeks over the model's.",
    });
    const box = el('fieldset', { id: 'calibration', className: 'field calibration' }, [
      el('legend', { textContent: 'Import your throughput' }),
      how,
      el('label', { htmlFor: 'calibration-file', textContent: 'CSV file ' }),
      file,
      el('label', { htmlFor: 'calibration-text', textContent: 'Or paste the CSV' }),
      text,
      el('div', { className: 'calibration-actions' }, [use, remove]),
      error,
      set,
      fit,
    ]);
    box.dataset.field = 'calibration';
    host.append(box);

    use.addEventListener('click', () => void this.apply(text.value));
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      if (chosen.size > MAX_BYTES) {
        this.refuse(errorFields(inputError('calibration', `${chosen.size} bytes`, `a CSV of at most ${MAX_BYTES} bytes`)).message);
      } else {
        await this.apply(await chosen.text());
      }
      file.value = '';
    });
    remove.addEventListener('click', () => this.remove());
    return { file, text, use, remove, error, set, fit };
  }

  /** @param {string} message */
  refuse(message) {
    this.els.error.textContent = message;
    this.els.error.closest('.field')?.classList.add('invalid');
  }

  /**
   * Calibrates the scenario from a CSV's text; a refusal changes nothing.
   * The first calibration loads the extra module: the fieldset is busy
   * meanwhile, and an input changed while it loads is calibrated again.
   * @param {string} csv
   */
  async apply(csv) {
    const box = this.els.error.closest('.field');
    this.els.error.textContent = '';
    box?.classList.remove('invalid');
    box?.setAttribute('aria-busy', 'true');
    /** @type {Awaited<ReturnType<typeof calibrate>>} */
    let outcome;
    let asked;
    try {
      do {
        asked = this.session.inputAt;
        outcome = await calibrate(this.session.scenario(), csv);
      } while (asked !== this.session.inputAt);
    } finally {
      box?.removeAttribute('aria-busy');
    }
    const { calibrated, error } = outcome;
    if (error) {
      this.refuse(error.message);
      return;
    }
    const input = this.session.input;
    const fixed = input.fixed ? [...new Set([...input.fixed, ...Object.keys(calibrated.params)])] : undefined;
    this.setText = calibrated.text;
    this.session.setInput({ params: { ...input.params, ...calibrated.params }, calibration: calibrated.calibration, ...(fixed ? { fixed } : {}) });
    this.els.set.textContent = calibrated.text;
  }

  /** Drops the observed weeks and the values they set (back to the preset's). */
  remove() {
    const input = this.session.input;
    const params = { ...input.params };
    for (const name of SET) delete params[name];
    this.setText = '';
    this.session.setInput({ params, calibration: undefined });
    this.els.set.textContent = 'Calibration removed: productivity, the weekly noise and the starting team are the preset’s again.';
  }

  /** Shows the input's calibration state (after any change of the input). */
  sync() {
    const weeks = this.session.input.calibration;
    // A new preset drops the values the weeks set: fit them again on it
    // (what `--calibrate` does with that preset), so the weeks shown and
    // the model beneath them stay one calibration.
    const preset = this.session.input.preset;
    const presetChanged = this.preset !== undefined && preset !== this.preset;
    this.preset = preset;
    if (weeks && presetChanged && !SET.some((name) => name in this.session.input.params)) {
      // After the change that called this has started its run, so the
      // refitted input is the newest and its run the one shown.
      queueMicrotask(() => {
        const now = this.session.input;
        if (now.preset === preset && now.calibration === weeks && !SET.some((name) => name in now.params)) void this.apply(throughputCsv(weeks));
      });
    }
    this.els.remove.hidden = !weeks;
    if (!weeks) {
      this.els.fit.replaceChildren();
      return;
    }
    if (!this.setText) {
      this.setText = `Calibrated from your ${weeks.delivered.length} weeks of ${weeks.unit} (in the link).`;
      this.els.set.textContent = this.setText;
    }
  }

  /**
   * Says how well the model's first weeks match the observed ones, per strategy, with a table.
   * @param {Result | null} result
   */
  showResult(result) {
    const report = result?.calibration;
    if (!result || !report || !this.session.input.calibration) {
      this.els.fit.replaceChildren();
      return;
    }
    const labels = new Map(result.strategies.map((s) => [s.id, s.label]));
    const items = report.fit.map((f) => el('li', {}, [el('strong', { textContent: `${labels.get(f.strategy) ?? f.strategy}: ` }), fitSentence(report, f)]));
    const first = result.strategies[0];
    const v = first.series.velocity;
    const unit = report.unit;
    const rows = report.smoothed.map((x, w) =>
      el('tr', {}, [
        el('th', { scope: 'row', textContent: String(w + 1) }),
        el('td', { textContent: paramValue(report.observed[w], unit) }),
        el('td', { textContent: paramValue(x, unit) }),
        el('td', { textContent: paramValue(v.p10[w], unit) }),
        el('td', { textContent: paramValue(v.p50[w], unit) }),
        el('td', { textContent: paramValue(v.p90[w], unit) }),
      ]),
    );
    const table = el('table', { className: 'data-table' }, [
      el('caption', { textContent: `Your weeks against ${first.label}'s first ${report.weeks} weeks (smoothed velocity, ${unit} a week)` }),
      el('thead', {}, [
        el('tr', {}, ['week', 'yours', 'yours, smoothed', 'model P10', 'model median', 'model P90'].map((h) => el('th', { scope: 'col', textContent: h }))),
      ]),
      el('tbody', {}, rows),
    ]);
    const scroll = el('div', { className: 'table-scroll', tabIndex: 0 }, [table]);
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-label', 'Your weeks against the model');
    this.els.fit.replaceChildren(
      el('p', { className: 'calibration-fit-head', textContent: `How well the model's first ${report.weeks} weeks match yours (smoothed as the model smooths velocity):` }),
      el('ul', {}, items),
      scroll,
    );
  }
}
