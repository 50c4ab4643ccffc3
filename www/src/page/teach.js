// Facilitator mode: a projector layout that shows the seed, "predict" (each
// participant's guess of the collapse week per strategy, hidden results, then
// a reveal against the distribution) and "play" (the weeks forward like a
// film: play, pause, scrub, step with the arrow keys, space toggles).
// Reduced motion is respected: play then jumps a quarter at a time. The
// verdicts themselves (reading a guess, judging it) are core/verdict.js.
import { int, percent, medianCollapseText, collapseRangeText } from '../core/format.js';
import { judge, readPrediction } from '../core/verdict.js';
import { $ } from './status.js';

/** @typedef {import('../core/result.js').Result} Result */

/** Weeks per step when reduced motion is asked for. */
const REDUCED_STEP = 13;
/** A whole horizon plays in this many seconds. */
const PLAY_SECONDS = 12;

export class Facilitator {
  /**
   * @param {object} o
   * @param {import('../charts/charts.js').Charts} o.charts
   * @param {() => Result | null} o.result the last full result
   * @param {() => {seed: string, preset: string, runs: number}} o.input
   * @param {(text: string) => void} o.announce
   */
  constructor({ charts, result, input, announce }) {
    this.charts = charts;
    this.result = result;
    this.input = input;
    this.announce = announce;
    this.active = false;
    /** @type {'explore'|'predict'|'revealed'} */
    this.phase = 'explore';
    /** Each strategy's predicted collapse week (null: no collapse). @type {Map<string, number | null>} */
    this.predictions = new Map();
    this.playing = false;
    this.timer = 0;
    this.reduced = matchMedia('(prefers-reduced-motion: reduce)');
    this.el = {
      toggle: $('facilitator-toggle'),
      panel: $('facilitator'),
      seed: $('fac-seed'),
      scenario: $('fac-scenario'),
      predict: $('predict'),
      reveal: $('reveal'),
      form: $('predictions'),
      fields: $('prediction-fields'),
      error: $('prediction-error'),
      outcome: $('prediction-outcome'),
      play: $('play'),
      back: $('step-back'),
      forward: $('step-forward'),
      scrub: /** @type {HTMLInputElement} */ ($('scrub')),
      outcomeBody: /** @type {HTMLTableSectionElement} */ ($('prediction-outcome').querySelector('tbody')),
      week: $('play-week'),
      readout: $('play-readout'),
      controlsToggle: $('show-controls'),
    };
    this.el.toggle.addEventListener('click', () => this.setActive(!this.active));
    this.el.controlsToggle.addEventListener('click', () => {
      const shown = document.body.classList.toggle('show-controls');
      this.el.controlsToggle.setAttribute('aria-expanded', String(shown));
    });
    this.el.predict.addEventListener('click', () => this.startPredicting());
    this.el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.reveal();
    });
    this.el.play.addEventListener('click', () => this.togglePlay());
    this.el.back.addEventListener('click', () => this.step(-1));
    this.el.forward.addEventListener('click', () => this.step(1));
    this.el.scrub.addEventListener('input', () => {
      this.pause();
      this.show(Number(this.el.scrub.value));
    });
    document.addEventListener('keydown', (e) => this.key(e));
  }

  /**
   * Enters or leaves facilitator mode.
   * @param {boolean} on
   */
  setActive(on) {
    this.active = on;
    document.body.classList.toggle('facilitator', on);
    this.el.panel.hidden = !on;
    this.el.toggle.setAttribute('aria-pressed', String(on));
    if (!on) {
      this.pause();
      this.phase = 'explore';
      document.body.classList.remove('concealed', 'show-controls');
      this.charts.setMarkers([]);
      this.charts.setWeekLimit(null);
      this.el.form.hidden = true;
      this.el.outcome.hidden = true;
    }
    this.refresh();
  }

  get weeks() {
    return this.result()?.weeks || 1;
  }

  /** Called after every full result: keeps the panel in step with it. */
  refresh() {
    const input = this.input();
    this.el.seed.textContent = input.seed;
    this.el.scenario.textContent = `${input.preset} · ${int.format(input.runs)} runs per strategy · ${this.weeks} weeks`;
    const weeks = this.weeks;
    this.el.scrub.max = String(weeks);
    const current = this.charts.limit == null ? weeks : Math.min(this.charts.limit, weeks);
    this.el.scrub.value = String(current);
    this.label(current);
    if (this.phase === 'predict') this.buildFields();
    if (this.phase === 'revealed') this.showOutcome();
  }

  // ---- predict ---------------------------------------------------------------

  startPredicting() {
    this.phase = 'predict';
    document.body.classList.add('concealed');
    this.el.outcome.hidden = true;
    this.el.form.hidden = false;
    this.charts.setMarkers([]);
    this.buildFields();
    this.el.fields.querySelector('input')?.focus();
  }

  buildFields() {
    const result = this.result();
    if (!result) return;
    const rows = result.strategies.map((s) => {
      const id = `predict-${s.id}`;
      const predicted = this.predictions.get(s.id);
      const row = document.createElement('div');
      row.className = 'field';
      const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: `${s.label}: collapse week` });
      const input = Object.assign(document.createElement('input'), {
        id,
        type: 'number',
        min: '1',
        max: String(result.weeks),
        step: '1',
        placeholder: 'blank: no collapse',
        value: predicted == null ? '' : String(predicted),
      });
      input.dataset.strategy = s.id;
      row.append(label, input);
      return row;
    });
    this.el.fields.replaceChildren(...rows);
  }

  /** Reads the predictions; returns an error message or null. */
  readPredictions() {
    const result = this.result();
    if (!result) return null;
    /** @type {Map<string, number | null>} */
    const read = new Map();
    for (const input of this.el.fields.querySelectorAll('input')) {
      const id = input.dataset.strategy ?? '';
      const label = result.strategies.find((s) => s.id === id)?.label ?? id;
      const { week, error } = readPrediction(input.value, result.weeks, label);
      if (error) {
        input.focus();
        return error;
      }
      read.set(id, week);
    }
    this.predictions = read;
    return null;
  }

  reveal() {
    const error = this.readPredictions();
    this.el.error.textContent = error || '';
    if (error) return;
    this.phase = 'revealed';
    this.el.form.hidden = true;
    document.body.classList.remove('concealed');
    this.showOutcome();
    this.el.outcome.focus();
  }

  showOutcome() {
    const result = this.result();
    if (!result) return;
    const rows = [];
    const markers = [];
    const lines = [];
    for (const s of result.strategies) {
      if (!this.predictions.has(s.id)) continue;
      const week = this.predictions.get(s.id) ?? null;
      const verdict = judge(s, week, result.weeks);
      if (week != null) markers.push({ id: s.id, week });
      const c = s.collapse;
      const tr = document.createElement('tr');
      tr.dataset.strategy = s.id;
      const th = Object.assign(document.createElement('th'), { scope: 'row', textContent: s.label });
      tr.append(th);
      for (const [field, text] of [
        ['prediction', week == null ? 'no collapse' : `week ${week}`],
        ['collapsed', verdict.byThen == null ? '–' : percent(verdict.byThen)],
        ['median', c.week_p50 == null ? medianCollapseText(c, result.weeks) : `${medianCollapseText(c, result.weeks)} (P10–P90 ${collapseRangeText(c, result.weeks)})`],
        ['verdict', verdict.text],
      ]) {
        const td = document.createElement('td');
        td.dataset.field = field;
        td.textContent = text;
        tr.append(td);
      }
      rows.push(tr);
      lines.push(`${s.label}: ${verdict.text}`);
    }
    this.el.outcomeBody.replaceChildren(...rows);
    this.el.outcome.hidden = false;
    this.charts.setMarkers(markers);
    this.announce(`Revealed. ${lines.join(' ')}`);
  }

  // ---- play --------------------------------------------------------------------

  /** @param {number} week */
  label(week) {
    const weeks = this.weeks;
    this.el.week.textContent = `week ${week} of ${weeks}`;
    this.el.scrub.setAttribute('aria-valuetext', `week ${week} of ${weeks}`);
    const result = this.result();
    if (!result) return;
    this.el.readout.textContent = `Week ${week}: ${result.strategies
      .map((s) => `${percent(s.collapse.survival[week - 1] ?? 1)} of ${s.label} runs healthy`)
      .join(' · ')}`;
  }

  /**
   * Shows the weeks up to `week`.
   * @param {number} week
   */
  show(week) {
    const weeks = this.weeks;
    week = Math.max(1, Math.min(weeks, Math.round(week)));
    this.el.scrub.value = String(week);
    this.label(week);
    this.charts.setWeekLimit(week >= weeks ? null : week);
  }

  current() {
    return Number(this.el.scrub.value) || this.weeks;
  }

  /** @param {number} delta weeks */
  step(delta) {
    this.pause();
    this.show(this.current() + delta);
  }

  togglePlay() {
    if (this.playing) this.pause();
    else this.play();
  }

  play() {
    if (!this.result()) return;
    this.playing = true;
    this.el.play.textContent = 'Pause';
    this.el.play.setAttribute('aria-pressed', 'true');
    let week = this.current() >= this.weeks ? 1 : this.current();
    this.show(week);
    if (this.reduced.matches) {
      this.timer = window.setInterval(() => {
        week = Math.min(this.weeks, week + REDUCED_STEP);
        this.show(week);
        if (week >= this.weeks) this.pause();
      }, 1000);
      return;
    }
    let last = performance.now();
    let position = week;
    /** @param {number} now */
    const frame = (now) => {
      if (!this.playing) return;
      position += ((now - last) / 1000) * (this.weeks / PLAY_SECONDS);
      last = now;
      if (Math.floor(position) !== this.current()) this.show(Math.floor(position));
      if (position >= this.weeks) {
        this.pause();
        return;
      }
      this.timer = requestAnimationFrame(frame);
    };
    this.timer = requestAnimationFrame(frame);
  }

  pause() {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.timer);
    clearInterval(this.timer);
    this.el.play.textContent = 'Play';
    this.el.play.setAttribute('aria-pressed', 'false');
  }

  /**
   * Space toggles play; arrow keys step (Shift: a quarter); Home and End jump.
   * @param {KeyboardEvent} e
   */
  key(e) {
    if (!this.active || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = /** @type {HTMLElement} */ (e.target);
    const isRange = t instanceof HTMLInputElement && t.type === 'range';
    if (!isRange && t.closest?.('input, select, textarea, button, summary, a, [role=button], dialog')) return;
    if (e.key === ' ') {
      e.preventDefault();
      this.togglePlay();
    } else if (!isRange && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
      e.preventDefault();
      this.step((e.key === 'ArrowRight' ? 1 : -1) * (e.shiftKey ? REDUCED_STEP : 1));
    } else if (!isRange && (e.key === 'Home' || e.key === 'End')) {
      e.preventDefault();
      this.pause();
      this.show(e.key === 'Home' ? 1 : this.weeks);
    }
  }
}
