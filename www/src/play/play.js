// The play view (`?play`): a team steers one company round by round on a
// phone or a laptop. The address always holds the play: the workshop's
// settings and the team's progress in the query, the scenario with the
// team's decisions (as strategy rules) in the hash, so a reload, a shared
// link or `velocity-cliff simulate --link` see the same play.
//
// Each round's story is one run (run 0 of the seed: the same company for
// every team) of the play so far, every week's exact values, computed in the
// view's own worker (`playStory`); the reveal runs the team's strategy and
// the built-ins on every run of the scenario on the pool.
import { decodeShare, encodeShare } from '../core/wasm.js';
import { errorFields, refusalText } from '../core/errors.js';
import { int, one, money, months, percent, sig3 } from '../core/format.js';
import { strategyColour } from '../charts/palette.js';
import { el, lineChart, barChart, dataTable, qrCanvas, copy } from './draw.js';
import { createRunner } from './runner.js';
import {
  DECISIONS,
  readPlay,
  playQuery,
  playScenario,
  playStrategy,
  decisionsOf,
  standing,
  checkDecisions,
  openIn,
  BUILT_INS,
  LIMITS,
} from './workshop.js';
import { FIGURE_HEAD, figureRow, figures, predictionText } from './figures.js';

/** @typedef {import('./workshop.js').Changes} Changes */
/** @typedef {import('./workshop.js').PlayState} PlayState */
/** @typedef {import('./workshop.js').DecisionName} DecisionName */
/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').Scenario} Scenario */
/** @typedef {import('./runner.js').Story} Story */

/** Announcements for screen readers (polite). */
let live = /** @type {HTMLElement | null} */ (null);
/** @param {string} text */
function announce(text) {
  if (live) live.textContent = text;
}

/**
 * Starts the play view in `root`.
 * @param {HTMLElement} root
 */
export async function startPlay(root) {
  live = el('p', { class: 'wk-live', 'aria-live': 'polite', role: 'status' });
  const body = el('div', { class: 'wk-body' });
  root.append(live, body);
  const hooks = {
    /** Milliseconds from "next round" to the round's story on screen, per round. @type {number[]} */
    roundMs: [],
    /** @type {string | null} */
    resultJson: null,
    /** @type {Result | null} */
    result: null,
    /** @type {ReturnType<typeof figures> | null} */
    teamFigures: null,
    /** The view's state: 'name', 'round', 'predict', 'reveal' or 'error'. */
    view: 'loading',
    /** The rounds' stories in order. @type {string[]} */
    stories: [],
  };
  window.velocityCliffPlay = hooks;

  const runner = await createRunner();
  /** @type {PlayState} */
  let state;
  /** @type {Scenario} */
  let scenario;
  try {
    state = readPlay(location.search);
    const hash = decodeURIComponent(location.hash.slice(1)).trim();
    scenario = hash ? decodeShare(hash).scenario : {};
  } catch (err) {
    hooks.view = 'error';
    body.append(el('p', { class: 'wk-error', role: 'alert', text: `This workshop link was refused: ${refusalText(errorFields(err))}` }));
    return hooks;
  }
  const cat = runner.catalogue;
  const w = state.workshop;
  const base = /** @type {import('./workshop.js').BaseStrategy} */ (/** @type {unknown} */ (cat.strategies.find((s) => s.id === w.base)));
  const weeks = scenario.weeks ?? cat.defaults.weeks;
  const playWeeks = w.rounds * w.round;
  if (playWeeks > weeks) {
    body.append(el('p', { class: 'wk-error', role: 'alert', text: `This workshop link was refused: invalid play.rounds: ${w.rounds} rounds of ${w.round} weeks (allowed: at most the scenario's ${weeks} weeks)` }));
    hooks.view = 'error';
    return hooks;
  }
  /** @type {Changes[]} */
  let rounds = [];
  const first = scenario.strategies?.[0];
  if (first && typeof first === 'object' && typeof first.label === 'string') {
    // A play in progress or finished: its decisions are its rules.
    try {
      rounds = decisionsOf(/** @type {{rules?: unknown[]}} */ (first), base.rules?.length ?? 0, w.round, w.rounds, 'strategies[0]').slice(0, state.done);
      state.team = first.label;
    } catch (err) {
      hooks.view = 'error';
      body.append(el('p', { class: 'wk-error', role: 'alert', text: `This play link was refused: ${refusalText(errorFields(err))}` }));
      return hooks;
    }
  }
  while (rounds.length < state.done) rounds.push({});
  const workshopScenario = { ...scenario };
  delete workshopScenario.strategies;

  const strategyNow = () => playStrategy(state.team, w.base, base, rounds, w.round);
  const scenarioNow = () => playScenario(workshopScenario, strategyNow());
  /** Saves asked for so far: only the newest one is written. */
  let saves = 0;
  /** Writes the play into the address, once its link is made (asynchronous). */
  const save = async () => {
    const ask = ++saves;
    const query = playQuery(state);
    const share = await encodeShare(state.team ? scenarioNow() : workshopScenario);
    if (ask === saves) history.replaceState(null, '', `${query}#${share}`);
  };
  let timer = 0;

  /** @param {string} title */
  const heading = (title) => el('h2', { text: title, tabindex: '-1' });

  const render = async () => {
    clearInterval(timer);
    body.replaceChildren();
    if (!state.team) return renderName();
    if (state.done < w.rounds) return renderRound();
    if (state.predict === null) return renderPredict();
    return renderReveal();
  };

  const intro = () =>
    el(
      'p',
      { class: 'wk-muted' },
      `${cat.presets.find((p) => p.id === (scenario.preset ?? cat.default_preset))?.label ?? scenario.preset ?? cat.default_preset} · seed ${scenario.seed ?? cat.defaults.seed} · ${w.rounds} rounds of ${w.round} weeks · you start as “${cat.strategies.find((s) => s.id === w.base)?.label}”`,
    );

  function renderName() {
    hooks.view = 'name';
    const input = el('input', { id: 'wk-team', name: 'team', autocomplete: 'off', maxlength: LIMITS.team.max, required: true });
    const error = el('p', { class: 'wk-error', id: 'wk-team-error', role: 'alert' });
    const form = el(
      'form',
      { class: 'wk-card', novalidate: true },
      heading('Your team'),
      intro(),
      el('label', { for: 'wk-team', text: 'Team name' }),
      input,
      error,
      el('button', { type: 'submit', class: 'wk-primary', text: 'Start round 1' }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name || [...name].length > LIMITS.team.max || /\p{Cc}/u.test(name)) {
        error.textContent = `invalid team name: ${JSON.stringify(name)} (allowed: 1 to ${LIMITS.team.max} characters)`;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'wk-team-error');
        return;
      }
      state.team = name;
      void save();
      render();
    });
    body.append(form);
    input.focus();
  }

  /** The story of the play so far (one run), or null before round 1. @type {Story | null} */
  let story = null;

  async function computeStory() {
    if (state.done === 0) {
      story = null;
      return;
    }
    story = await runner.story(scenarioNow(), { weeks: state.done * w.round, strategies: [strategyNow().id] });
  }

  function renderRound() {
    hooks.view = 'round';
    const r = state.done + 1;
    const now = standing(base, rounds, w.round);
    const open = openIn(w, r);
    const form = el('form', { class: 'wk-card', 'aria-labelledby': 'wk-round-title', novalidate: true });
    const title = el('h2', { id: 'wk-round-title', tabindex: '-1', text: `Round ${r} of ${w.rounds} · weeks ${(r - 1) * w.round + 1}–${r * w.round}` });
    form.append(title, el('p', { class: 'wk-muted', text: `${state.team}: what do you decide for this round? Decisions hold from the round's first week until you change them.` }));
    const reflexRules = /** @type {{text: string}[]} */ (base.rules ?? []);
    if (reflexRules.length) {
      form.append(
        el('details', { class: 'wk-reflexes' }, el('summary', { text: `Your company's reflexes (${reflexRules.length}), always on` }), el('ul', {}, ...reflexRules.map((rule) => el('li', { text: rule.text })))),
      );
    }
    const error = el('p', { class: 'wk-error', id: 'wk-round-error', role: 'alert' });
    /** @type {Map<DecisionName, HTMLInputElement | HTMLSelectElement>} */
    const inputs = new Map();
    for (const d of DECISIONS) {
      const id = `wk-${d.name}`;
      const isOpen = open.includes(d.name);
      const opens = w.open[d.name];
      const note = isOpen ? (d.name === 'rewrite' ? 'a rewrite starts as soon as none is under way (one a year at most); abandoning loses its work' : d.unit) : opens ? `opens in round ${opens}` : 'not open in this workshop';
      const input =
        d.name === 'rewrite'
          ? el(
              'select',
              { id, name: d.name, disabled: !isOpen, 'aria-describedby': `${id}-note` },
              el('option', { value: '0', text: 'no change' }),
              el('option', { value: '1', text: 'start a rewrite' }),
              el('option', { value: '-1', text: 'abandon the rewrite under way' }),
            )
          : el('input', { id, name: d.name, type: 'number', inputmode: 'decimal', min: d.min, max: d.max, step: d.name === 'hire' ? 'any' : d.step, value: now[d.name], disabled: !isOpen, 'aria-describedby': `${id}-note` });
      inputs.set(d.name, input);
      form.append(el('div', { class: 'wk-field' }, el('label', { for: id, text: d.label }), input, el('span', { class: 'wk-note', id: `${id}-note`, text: note })));
    }
    const clock = el('p', { class: 'wk-timer', role: 'timer', 'aria-live': 'off' });
    const next = el('button', { type: 'submit', class: 'wk-primary', text: r === w.rounds ? 'Play the last round' : 'Next round' });
    form.append(error, el('div', { class: 'wk-actions' }, next, clock));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      /** @type {Changes} */
      const changes = {};
      const after = { ...now };
      for (const d of DECISIONS) {
        const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (inputs.get(d.name));
        if (input.disabled) continue;
        if (d.name === 'rewrite') {
          if (input.value !== '0') changes.rewrite = Number(input.value);
          continue;
        }
        const v = input.value.trim() === '' ? NaN : Number(input.value);
        after[d.name] = v;
        if (v !== now[d.name]) changes[d.name] = v;
      }
      const refused = checkDecisions(after, base);
      if (refused) {
        error.textContent = refused.message;
        const name = /** @type {string} */ (/** @type {any} */ (refused).field).replace('play.', '').split(' ')[0];
        inputs.get(/** @type {DecisionName} */ (name))?.focus();
        return;
      }
      await commit(changes, '');
    });
    body.append(form);
    if (story) body.append(storyView(story));
    if (w.timer > 0) startTimer(clock);
    title.focus();
  }

  /**
   * Ends the round with `changes` and shows what it did.
   * @param {Changes} changes
   * @param {string} note said before the story (the timer ran out)
   */
  async function commit(changes, note) {
    const started = performance.now();
    clearInterval(timer);
    rounds = [...rounds, changes];
    state.done += 1;
    void save();
    await computeStory();
    await render();
    hooks.roundMs.push(performance.now() - started);
    const said = story ? roundSentence(story, state.done) : '';
    hooks.stories.push(said);
    announce(`${note}${said}`);
  }

  /** @param {HTMLElement} clock */
  function startTimer(clock) {
    const ends = Date.now() + w.timer * 1000;
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      clock.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left`;
      if (left === 60 || left === 10) announce(`${left} seconds left in this round`);
      if (left === 0) {
        clearInterval(timer);
        commit({}, 'Time is up: last round’s decisions stand. ');
      }
    };
    tick();
    timer = window.setInterval(tick, 1000);
  }

  /**
   * The round's story in a sentence.
   * @param {Story} st
   * @param {number} r 1-based round
   */
  function roundSentence(st, r) {
    const end = r * w.round - 1;
    const start = Math.max(0, (r - 1) * w.round - 1);
    let tail = '';
    if (st.out_of_cash_week !== null) tail = ` The company ran out of cash in week ${st.out_of_cash_week}: the game is over for it.`;
    else if (st.collapse_week !== null) tail = ` Velocity collapsed in week ${st.collapse_week}.`;
    if (st.out_of_cash_week === null && st.rewrite[end]) tail += ' A rewrite is under way.';
    return `Round ${r}: velocity ${sig3.format(st.velocity[start])} → ${sig3.format(st.velocity[end])} points a week, users ${int.format(st.users[start])} → ${int.format(st.users[end])}, team ${one.format(st.team[start])} → ${one.format(st.team[end])}, debt ${int.format(st.debt[start])} → ${int.format(st.debt[end])} (interest ${percent(st.debt_interest[end])} of capacity), incidents take ${percent(st.incident_loss[end])} of capacity, cash ${money(st.cash[end])}, runway ${months(st.runway_months[end])}.${tail}`;
  }

  /** @param {Story} st */
  function storyView(st) {
    const r = state.done;
    const start = Math.max(0, (r - 1) * w.round - 1);
    const end = r * w.round - 1;
    /** @type {[string, number[], (x: number) => string][]} */
    const metrics = [
      ['Velocity (points a week, smoothed)', st.velocity, (x) => sig3.format(x)],
      ['Users', st.users, (x) => int.format(x)],
      ['Team (engineers)', st.team, (x) => one.format(x)],
      ['Debt (points)', st.debt, (x) => int.format(x)],
      ['Debt interest (share of capacity)', st.debt_interest, percent],
      ['Incidents (share of capacity lost)', st.incident_loss, percent],
      ['Cash', st.cash, money],
      ['Runway', st.runway_months, months],
    ];
    const rows = metrics.map(([label, series, fmt]) => [label, fmt(series[start]), fmt(series[end])]);
    const marks = Array.from({ length: r }, (_, i) => i * w.round + 1).slice(1);
    const colour = strategyColour('', 0);
    return el(
      'section',
      { class: 'wk-card', 'aria-labelledby': 'wk-story-title' },
      el('h2', { id: 'wk-story-title', text: `What round ${r} did` }),
      el('p', { class: 'wk-story', text: roundSentence(st, r) }),
      dataTable(`Round ${r}: week ${start + 1} and week ${end + 1}`, ['', `week ${start + 1}`, `week ${end + 1}`], rows, true),
      lineChart({ title: 'Velocity', summary: `Smoothed velocity of your company, weeks 1–${end + 1}; lines mark the rounds.`, lines: [{ label: state.team, colour, values: st.velocity }], format: (x) => sig3.format(x), marks }),
      lineChart({ title: 'Cash', summary: `Cash of your company, weeks 1–${end + 1}.`, lines: [{ label: state.team, colour, values: st.cash }], format: money, marks }),
      lineChart({ title: 'Incidents', summary: `Share of capacity lost to incidents (smoothed), weeks 1–${end + 1}.`, lines: [{ label: state.team, colour, values: st.incident_loss }], format: percent, marks }),
    );
  }

  function renderPredict() {
    hooks.view = 'predict';
    const input = el('input', { id: 'wk-predict', type: 'number', inputmode: 'numeric', min: 0, max: 100, step: 1, required: true, 'aria-describedby': 'wk-predict-note' });
    const error = el('p', { class: 'wk-error', role: 'alert' });
    const form = el(
      'form',
      { class: 'wk-card', novalidate: true },
      heading('Before the reveal'),
      el('p', { text: `You steered one company. Your decisions now run on ${int.format(scenario.runs ?? cat.defaults.runs)} companies like it, each with its own luck, next to the five built-in strategies.` }),
      el('label', { for: 'wk-predict', text: `In how many of 100 companies does your strategy stay healthy and funded to week ${weeks}?` }),
      input,
      el('span', { class: 'wk-note', id: 'wk-predict-note', text: 'a whole number from 0 to 100' }),
      error,
      el('button', { type: 'submit', class: 'wk-primary', text: 'Reveal' }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const n = Number(input.value);
      if (input.value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 100) {
        error.textContent = `invalid prediction: ${JSON.stringify(input.value)} (allowed: a whole number from 0 to 100)`;
        return;
      }
      state.predict = n;
      void save();
      render();
    });
    body.append(form);
    if (story) body.append(storyView(story));
    /** @type {HTMLElement} */ (form.querySelector('h2')).focus();
  }

  async function renderReveal() {
    hooks.view = 'revealing';
    const status = el('p', { role: 'status', class: 'wk-muted', text: `Running your decisions on ${int.format(scenario.runs ?? cat.defaults.runs)} runs…` });
    body.append(status);
    const json = await runner.simulate(scenarioNow());
    const res = /** @type {Result} */ (JSON.parse(json));
    hooks.resultJson = json;
    hooks.result = res;
    const team = res.strategies[0];
    hooks.teamFigures = figures(team);
    const link = location.href;
    const card = el('section', { class: 'wk-card', 'aria-labelledby': 'wk-reveal-title' });
    card.append(
      el('h2', { id: 'wk-reveal-title', tabindex: '-1', text: `${state.team}: the reveal` }),
      el('p', { class: 'wk-verdict', text: predictionText(state.predict, team, res.weeks) }),
      el('p', { text: `Your company (run 1) was one draw of luck. Across ${int.format(res.runs)} runs on the same random numbers, here is what your decisions do, next to the built-in strategies:` }),
      dataTable(`Every strategy on the same ${int.format(res.runs)} runs, week ${res.weeks}`, FIGURE_HEAD, res.strategies.map((s) => figureRow(s, res.weeks)), true),
      lineChart({
        title: 'Velocity across runs',
        summary: `Your strategy's median smoothed velocity with its P10–P90 band, and the built-ins' medians (dashed).`,
        lines: res.strategies.map((s, i) => ({ label: s.label, colour: strategyColour(s.id, i), values: s.series.velocity.p50, band: i === 0 ? { lo: s.series.velocity.p10, hi: s.series.velocity.p90 } : undefined, dashed: i > 0, width: i === 0 ? 3 : 1.5 })),
        format: (x) => sig3.format(x),
        marks: [playWeeks + 1],
      }),
      el('h3', { text: 'How the runs end' }),
      barChart(
        'Share of runs healthy and funded at the horizon, per strategy',
        res.strategies.map((s, i) => ({ label: s.label, value: s.summary.healthy_share, text: percent(s.summary.healthy_share), colour: strategyColour(s.id, i) })),
      ),
      el('h3', { text: 'When your velocity collapses' }),
      collapseBars(team, res.weeks, res.runs),
    );
    const url = el('input', { id: 'wk-link', readonly: true, value: link, 'aria-label': 'Your result link' });
    const copied = el('span', { class: 'wk-note', 'aria-live': 'polite' });
    const copyButton = el('button', { type: 'button', text: 'Copy link' });
    copyButton.addEventListener('click', async () => {
      url.select();
      copied.textContent = (await copy(link)) ? 'copied' : 'select the link and copy it';
    });
    const qrHost = el('div', { class: 'wk-qr-host' });
    card.append(
      el('h3', { text: 'Your result' }),
      el('p', { text: 'Hand this link or QR code to the facilitator: it holds the scenario, your team name, your decisions and your prediction. The board runs it again from your decisions.' }),
      el('div', { class: 'wk-actions' }, url, copyButton, copied),
      qrHost,
      el('p', {}, el('a', { href: `./#${link.split('#')[1]}`, text: 'Open your strategy in the explorer' })),
    );
    status.replaceWith(card);
    qrHost.append(await qrCanvas(link, `QR code of ${state.team}'s result link`));
    hooks.view = 'reveal';
    announce(predictionText(state.predict, team, res.weeks));
    /** @type {HTMLElement} */ (card.querySelector('h2')).focus();
  }

  /**
   * The team's collapse weeks by round-length bins: the distribution as bars.
   * @param {import('../core/result.js').StrategyResult} s
   * @param {number} horizon
   * @param {number} runs
   */
  function collapseBars(s, horizon, runs) {
    // About ten bars: round-length periods, several rounds each on a long horizon.
    const bin = w.round * Math.max(1, Math.ceil(horizon / (10 * w.round)));
    const bars = [];
    for (let from = 0; from < horizon; from += bin) {
      const n = s.collapse.histogram.slice(from, from + bin).reduce((a, b) => a + b, 0);
      bars.push({ label: `weeks ${from + 1}–${Math.min(horizon, from + bin)}`, value: n, text: percent(n / runs) });
    }
    bars.push({ label: 'no collapse', value: (1 - s.collapse.share) * runs, text: percent(1 - s.collapse.share) });
    return el('div', {}, el('p', { class: 'wk-muted', text: `Share of runs whose velocity collapses in each ${bin}-week period (${percent(s.collapse.share)} collapse in all).` }), barChart(`Share of runs collapsing per ${bin} weeks`, bars));
  }

  await computeStory();
  await render();
  return hooks;
}

export { BUILT_INS };
