// The board (`?board`): the whole room on the projector. Teams' result links
// come in pasted (one or many), in a dropped or chosen file, or scanned from
// the phones' QR codes where the browser has BarcodeDetector. Every team is
// re-run from its decisions on the pool; a refused link is listed with its
// one-line reason and the rest of the board stays. The board's address holds
// every team link (sorted, so the same teams give the same board link).
import { decodeShare, encodeShare } from '../core/wasm.js';
import { int, one, percent, money, sig3 } from '../core/format.js';
import { strategyColour } from '../charts/palette.js';
import { el, lineChart, barChart, dataTable, qrCanvas, copy } from '../play/draw.js';
import { createRunner } from '../play/runner.js';
import { RANKINGS, ranking, figures, predictionText } from '../play/figures.js';
import { playQuery, defaultWorkshop, DECISIONS, BUILT_INS, LIMITS } from '../play/workshop.js';
import { linksIn, readTeams, teamRun, teamGroups, builtInRun, ranked, debrief, meanDecisions, csvField } from './teams.js';

/** @typedef {import('./teams.js').Team} Team */
/** @typedef {import('../core/result.js').Result} Result */
/** @typedef {import('../core/result.js').StrategyResult} StrategyResult */

/**
 * @param {HTMLElement} root
 */
export async function startBoard(root) {
  const runner = await createRunner();
  const cat = runner.catalogue;
  /** @type {Record<string, {rules?: unknown[]}>} */
  const bases = Object.fromEntries(cat.strategies.map((s) => [s.id, /** @type {any} */ (s)]));
  /** @type {Team[]} */
  let teams = [];
  /** Each team's re-run strategy, by link. @type {Map<string, StrategyResult>} */
  const results = new Map();
  /** The built-ins' result per workshop scenario key. @type {Map<string, Result>} */
  const bands = new Map();
  /** @type {string[]} */
  let refused = [];
  let rankBy = RANKINGS[0].name;
  const hooks = {
    /** Milliseconds of the last re-run (every team not yet run, and the bands). */
    lastRunMs: 0,
    runs: 0,
    /** The figures shown per team, by team name. @type {Record<string, ReturnType<typeof figures>>} */
    figures: {},
    /** @type {string[]} */
    refused: [],
    /** @type {string[]} */
    order: [],
    busy: false,
    boardLink: '',
    /** @param {string} text */
    add: (text) => add(text),
  };
  window.velocityCliffBoard = hooks;

  const live = el('p', { class: 'wk-live', role: 'status', 'aria-live': 'polite' });
  const input = el('textarea', { id: 'wk-links', rows: 4, 'aria-describedby': 'wk-links-note', spellcheck: 'false' });
  const addButton = el('button', { type: 'submit', class: 'wk-primary', text: 'Add to the board' });
  const file = el('input', { id: 'wk-file', type: 'file', accept: '.txt,.csv,.json,text/plain' });
  const refusals = el('ul', { class: 'wk-refusals', 'aria-label': 'Refused links' });
  const form = el(
    'form',
    { class: 'wk-card wk-noprint', 'aria-labelledby': 'wk-add-title' },
    el('h2', { id: 'wk-add-title', text: 'Add teams' }),
    el('label', { for: 'wk-links', text: 'Result links (paste one or many)' }),
    input,
    el('span', { class: 'wk-note', id: 'wk-links-note', text: 'Each team’s link from its reveal; spaces or new lines between links. You can also drop a file of links anywhere on this page.' }),
    el('div', { class: 'wk-actions' }, addButton, el('label', { for: 'wk-file', text: 'Or open a file:' }), file),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    add(input.value);
    input.value = '';
  });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) add(await f.text());
    file.value = '';
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', async (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files?.[0];
    if (f) add(await f.text());
    else add(e.dataTransfer?.getData('text/plain') ?? '');
  });
  if ('BarcodeDetector' in window) form.append(scanner());

  const select = el('select', { id: 'wk-rank' }, ...RANKINGS.map((r) => el('option', { value: r.name, text: r.label })));
  select.addEventListener('change', () => {
    rankBy = select.value;
    paint();
    save();
  });
  const output = el('div', { class: 'wk-board' });
  const tools = el('div', { class: 'wk-actions wk-noprint' });
  root.append(
    live,
    form,
    el('div', { class: 'wk-card wk-noprint', role: 'region', 'aria-label': 'Refused links' }, refusals),
    el('div', { class: 'wk-actions wk-card' }, el('label', { for: 'wk-rank', text: 'Rank by' }), select),
    output,
    tools,
    workshopForm(),
  );

  // The board link: `#t=<link>&t=<link>…&rank=…`.
  const fromHash = new URLSearchParams(location.hash.slice(1));
  const asked = fromHash.get('rank');
  if (asked && RANKINGS.some((r) => r.name === asked)) rankBy = asked;
  select.value = rankBy;
  const initial = fromHash.getAll('t');
  if (initial.length) await add(initial.join('\n'));
  else paint();

  function save() {
    const q = new URLSearchParams();
    for (const t of [...teams].sort((a, b) => (a.link < b.link ? -1 : a.link > b.link ? 1 : 0))) q.append('t', t.link);
    if (rankBy !== RANKINGS[0].name) q.set('rank', rankBy);
    history.replaceState(null, '', `?board#${q}`);
    hooks.boardLink = location.href;
  }

  /**
   * Reads links, re-runs the new teams, repaints.
   * @param {string} text
   */
  async function add(text) {
    /** @type {string[]} */
    let links;
    try {
      links = linksIn(text);
    } catch (err) {
      links = [];
      refused = [...refused, String(/** @type {Error} */ (err).message)];
    }
    if (!links.length && text.trim()) refused = [...refused, 'no result link found in that text (a link holds "#v1.")'];
    const r = readTeams(links, teams, decodeShare, bases);
    teams = [...teams, ...r.added];
    refused = [...refused, ...r.refused];
    hooks.refused = refused;
    save();
    paintRefusals();
    if (r.added.length) live.textContent = `${r.added.length} team${r.added.length === 1 ? '' : 's'} added; running…`;
    await runAll();
    paint();
    live.textContent = `${teams.length} team${teams.length === 1 ? '' : 's'} on the board${r.refused.length ? `, ${r.refused.length} link${r.refused.length === 1 ? '' : 's'} refused` : ''}.`;
  }

  async function runAll() {
    hooks.busy = true;
    const started = performance.now();
    let runs = 0;
    for (const t of teams) {
      const key = teamRun(t).key;
      if (!bands.has(key)) {
        const b = builtInRun(t);
        bands.set(key, JSON.parse(await runner.simulate(b.scenario, b.options)));
      }
    }
    for (const group of teamGroups(teams.filter((t) => !results.has(t.link)))) {
      try {
        const res = /** @type {Result} */ (JSON.parse(await runner.simulate(group.scenario, group.options)));
        const found = group.teams.map((t) => res.strategies.find((s) => s.id === t.id));
        if (found.some((s) => !s)) throw new Error('a team is missing from its group result');
        group.teams.forEach((t, i) => results.set(t.link, /** @type {StrategyResult} */ (found[i])));
        runs += res.runs * group.teams.length;
      } catch {
        // One team's strategy refused: run the group's teams one by one, so
        // only the refused one leaves the board, with its reason.
        for (const t of group.teams) {
          const run = teamRun(t);
          try {
            const res = /** @type {Result} */ (JSON.parse(await runner.simulate(run.scenario, run.options)));
            results.set(t.link, res.strategies[0]);
            runs += res.runs;
          } catch (err) {
            teams = teams.filter((x) => x !== t);
            refused = [...refused, `${t.name} refused: ${/** @type {Error} */ (err).message}`];
          }
        }
      }
    }
    hooks.lastRunMs = performance.now() - started;
    hooks.runs = runs;
    hooks.busy = false;
    paintRefusals();
    save();
  }

  function paintRefusals() {
    refusals.replaceChildren(...refused.map((r) => el('li', { class: 'wk-error', text: r })));
  }

  function rows() {
    const r = ranking(rankBy);
    return ranked(teams.filter((t) => results.has(t.link)).map((t) => ({ team: t, s: /** @type {StrategyResult} */ (results.get(t.link)), value: r.of(/** @type {StrategyResult} */ (results.get(t.link))) })));
  }

  function paint() {
    const r = ranking(rankBy);
    const list = rows();
    hooks.order = list.map((x) => x.team.name);
    hooks.figures = Object.fromEntries(list.map((x) => [x.team.name, figures(x.s)]));
    output.replaceChildren();
    tools.replaceChildren();
    if (!list.length) {
      output.append(el('p', { class: 'wk-card wk-muted', text: 'No team yet: paste the teams’ result links above.' }));
      return;
    }
    const firstKey = teamRun(list[0].team).key;
    const builtIn = /** @type {Result} */ (bands.get(firstKey));
    const weeks = builtIn.weeks;
    const mixed = list.some((x) => teamRun(x.team).key !== firstKey);
    const lines = (/** @type {'velocity'|'cash'} */ m) => [
      ...builtIn.strategies.map((s, i) => ({ label: s.label, colour: strategyColour(s.id, i), values: s.series[m].p50, band: { lo: s.series[m].p10, hi: s.series[m].p90 }, width: 1 })),
      ...list.map((x, i) => ({ label: x.team.name, colour: teamColour(i), values: x.s.series[m].p50, width: 2.5, dashed: true })),
    ];
    output.append(
      el(
        'section',
        { class: 'wk-card', 'aria-labelledby': 'wk-ranking-title' },
        el('h2', { id: 'wk-ranking-title', text: `Ranking: ${r.label}` }),
        mixed ? el('p', { class: 'wk-error', text: 'These teams did not all play the same scenario: the bands are those of the first team’s.' }) : null,
        dataTable(
          `${list.length} teams, each re-run from its decisions on ${int.format(builtIn.runs)} runs`,
          ['#', 'Team', r.label, 'Healthy & funded', 'Predicted', 'Median collapse week', 'Cash (median)', 'Decisions (mean over rounds)'],
          list.map((x, i) => {
            const m = meanDecisions(x.team);
            return [
              String(i + 1),
              x.team.name,
              r.format(x.value),
              percent(x.s.summary.healthy_share),
              x.team.state.predict === null ? '–' : `${x.team.state.predict} %`,
              x.s.collapse.week_p50 === null ? `none by week ${weeks}` : `week ${x.s.collapse.week_p50}`,
              money(x.s.summary.cash_p50),
              `hire ${one.format(m.hire)}/round, refactor ${one.format(m.refactor)} %, infra ${one.format(m.infra)} %, split ${one.format(m.split)}, rewrites ${m.rewrite}`,
            ];
          }),
          true,
        ),
      ),
      el(
        'section',
        { class: 'wk-card', 'aria-labelledby': 'wk-curves-title' },
        el('h2', { id: 'wk-curves-title', text: 'Every team over the built-in strategies' }),
        lineChart({ title: 'Velocity', summary: `Each team's median smoothed velocity (dashed) over the built-ins' medians and P10–P90 bands, ${int.format(builtIn.runs)} runs.`, lines: lines('velocity'), format: (x) => sig3.format(x) }),
        lineChart({ title: 'Cash', summary: `Each team's median cash (dashed) over the built-ins' medians and P10–P90 bands.`, lines: lines('cash'), format: money }),
      ),
      el(
        'section',
        { class: 'wk-card', 'aria-labelledby': 'wk-predictions-title' },
        el('h2', { id: 'wk-predictions-title', text: 'Predictions against results' }),
        el('ul', {}, ...list.map((x) => el('li', {}, el('strong', { text: `${x.team.name}: ` }), predictionText(x.team.state.predict, x.s, weeks)))),
      ),
      debriefView(list),
    );
    const exportCsv = el('button', { type: 'button', text: 'Export CSV' });
    exportCsv.addEventListener('click', () => download('velocity-cliff-board.csv', 'text/csv', csv(list)));
    const exportJson = el('button', { type: 'button', text: 'Export JSON' });
    exportJson.addEventListener('click', () => download('velocity-cliff-board.json', 'application/json', json(list)));
    const copyLink = el('button', { type: 'button', text: 'Copy board link' });
    copyLink.addEventListener('click', async () => {
      live.textContent = (await copy(location.href)) ? 'board link copied' : 'copy the address from the address bar';
    });
    const print = el('button', { type: 'button', text: 'Print' });
    print.addEventListener('click', () => window.print());
    tools.append(exportCsv, exportJson, copyLink, print);
  }

  /** @param {{team: Team, s: StrategyResult, value: number}[]} list */
  function debriefView(list) {
    const d = debrief(list);
    const section = el('section', { class: 'wk-card', 'aria-labelledby': 'wk-debrief-title' }, el('h2', { id: 'wk-debrief-title', text: 'Debrief: what separated the top half from the bottom half' }));
    if (d.top === 0) {
      section.append(el('p', { class: 'wk-muted', text: 'Two teams or more are needed to compare halves.' }));
      return section;
    }
    const diff = d.most.top - d.most.bottom;
    section.append(
      el('p', {
        class: 'wk-verdict',
        text: `Ranked by ${ranking(rankBy).label.toLowerCase()}, the top ${d.top} team${d.top === 1 ? '' : 's'} and the bottom ${d.bottom} differ most in ${d.most.label.replace(/ \(.*\)$/, '').toLowerCase()}: ${one.format(d.most.top)}${d.most.unit} on average against ${one.format(d.most.bottom)}${d.most.unit} (${diff >= 0 ? 'more' : 'less'} in the top half).`,
      }),
      barChart(
        'Each decision: top half against bottom half',
        d.lines.flatMap((l) => [
          { label: `${l.label}, top half`, value: l.top, text: one.format(l.top), colour: '#009E73' },
          { label: `${l.label}, bottom half`, value: l.bottom, text: one.format(l.bottom), colour: '#D55E00' },
        ]),
      ),
      dataTable('Mean decisions per half', ['Decision', `Top ${d.top}`, `Bottom ${d.bottom}`], d.lines.map((l) => [l.label, one.format(l.top), one.format(l.bottom)]), true),
    );
    return section;
  }

  /** @param {{team: Team, s: StrategyResult, value: number}[]} list */
  function csv(list) {
    const r = ranking(rankBy);
    const head = ['rank', 'team', 'ranked_by', 'value', 'healthy_share', 'out_of_cash_share', 'collapse_share', 'collapse_week_p50', 'mean_healthy_weeks', 'features_p50', 'final_users_p50', 'cash_p50', 'predicted_healthy_in_100', ...list[0].team.decisions.flatMap((_, i) => DECISIONS.map((d) => `round${i + 1}_${d.name}`)), 'link'];
    const lines = list.map((x, i) => {
      const f = figures(x.s);
      return [i + 1, x.team.name, r.name, x.value, f.healthy_share, f.out_of_cash_share, f.collapse_share, f.collapse_week_p50, f.mean_healthy_weeks, f.features_p50, f.final_users_p50, f.cash_p50, x.team.state.predict, ...x.team.decisions.flatMap((d) => DECISIONS.map((k) => d[k.name])), x.team.link];
    });
    return [head, ...lines].map((l) => l.map((v) => csvField(/** @type {any} */ (v))).join(',')).join('\n') + '\n';
  }

  /** @param {{team: Team, s: StrategyResult, value: number}[]} list */
  function json(list) {
    const d = debrief(list);
    return `${JSON.stringify(
      {
        ranked_by: rankBy,
        teams: list.map((x, i) => ({ rank: i + 1, team: x.team.name, value: x.value, figures: figures(x.s), predicted_healthy_in_100: x.team.state.predict, decisions: x.team.decisions, link: x.team.link })),
        debrief: { top: d.top, bottom: d.bottom, decisions: d.lines.map((l) => ({ decision: l.name, top: l.top, bottom: l.bottom })) },
        board: location.href,
      },
      null,
      2,
    )}\n`;
  }

  /**
   * @param {string} name
   * @param {string} type
   * @param {string} text
   */
  function download(name, type, text) {
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  /** Scanning QR codes from the camera (BarcodeDetector): every code read is added. */
  function scanner() {
    const button = el('button', { type: 'button', text: 'Scan QR codes with the camera' });
    const video = el('video', { class: 'wk-video', muted: true, playsinline: true, 'aria-label': 'Camera view for scanning QR codes' });
    const wrap = el('div', { class: 'wk-scan' }, button);
    /** @type {MediaStream | null} */
    let stream = null;
    button.addEventListener('click', async () => {
      if (stream) {
        for (const t of stream.getTracks()) t.stop();
        stream = null;
        video.remove();
        button.textContent = 'Scan QR codes with the camera';
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      } catch (err) {
        live.textContent = `camera unavailable: ${/** @type {Error} */ (err).message}; paste the links instead`;
        return;
      }
      video.srcObject = stream;
      wrap.append(video);
      await video.play();
      button.textContent = 'Stop scanning';
      const detector = new /** @type {any} */ (window).BarcodeDetector({ formats: ['qr_code'] });
      const seen = new Set();
      const tick = async () => {
        if (!stream) return;
        try {
          for (const code of await detector.detect(video)) {
            if (!seen.has(code.rawValue)) {
              seen.add(code.rawValue);
              await add(code.rawValue);
            }
          }
        } catch {
          // a frame that could not be read: try the next
        }
        setTimeout(tick, 300);
      };
      tick();
    });
    return wrap;
  }

  /** The facilitator's form for a new workshop link. */
  function workshopForm() {
    const d = defaultWorkshop();
    const field = (/** @type {string} */ id, /** @type {string} */ label, /** @type {HTMLElement} */ control, /** @type {string} */ note = '') =>
      el('div', { class: 'wk-field' }, el('label', { for: id, text: label }), control, note ? el('span', { class: 'wk-note', text: note }) : null);
    const preset = el('select', { id: 'wk-w-preset' }, ...cat.presets.map((p) => el('option', { value: p.id, text: p.label, selected: p.id === cat.default_preset })));
    const seed = el('input', { id: 'wk-w-seed', inputmode: 'numeric', value: cat.defaults.seed });
    const rounds = el('input', { id: 'wk-w-rounds', type: 'number', min: LIMITS.rounds.min, max: LIMITS.rounds.max, value: d.rounds });
    const round = el('input', { id: 'wk-w-round', type: 'number', min: LIMITS.round.min, max: LIMITS.round.max, value: d.round });
    const timer = el('input', { id: 'wk-w-timer', type: 'number', min: 0, max: LIMITS.timer.max / 60, value: 0 });
    const base = el('select', { id: 'wk-w-base' }, ...cat.strategies.filter((s) => BUILT_INS.includes(s.id)).map((s) => el('option', { value: s.id, text: s.label })));
    const opens = DECISIONS.map((k) => el('input', { id: `wk-w-open-${k.name}`, type: 'number', min: 0, max: LIMITS.rounds.max, value: 1 }));
    const out = el('div', { class: 'wk-out' });
    const error = el('p', { class: 'wk-error', role: 'alert' });
    const form = el(
      'form',
      { class: 'wk-card wk-noprint', 'aria-labelledby': 'wk-new-title' },
      el('h2', { id: 'wk-new-title', text: 'New workshop link' }),
      field('wk-w-preset', 'Scenario', preset),
      field('wk-w-seed', 'Seed', seed, 'every team plays the same company (run 1 of this seed)'),
      field('wk-w-rounds', 'Rounds', rounds, `${LIMITS.rounds.min} to ${LIMITS.rounds.max}`),
      field('wk-w-round', 'Weeks per round', round, `${LIMITS.round.min} to ${LIMITS.round.max}; 13 = a quarter`),
      field('wk-w-timer', 'Timer per round (minutes, 0 = none)', timer),
      field('wk-w-base', 'Teams start as', base),
      el('fieldset', {}, el('legend', { text: 'Open from round (0 = closed)' }), ...DECISIONS.map((k, i) => field(`wk-w-open-${k.name}`, k.label, opens[i]))),
      error,
      el('button', { type: 'submit', class: 'wk-primary', text: 'Make the workshop link' }),
      out,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const w = { ...d, rounds: Number(rounds.value), round: Number(round.value), timer: Math.round(Number(timer.value) * 60), base: base.value, open: /** @type {any} */ ({}) };
        DECISIONS.forEach((k, i) => (w.open[k.name] = Number(opens[i].value)));
        const query = playQuery({ workshop: w, team: '', done: 0, predict: null });
        const share = await encodeShare({ preset: preset.value, seed: seed.value.trim() });
        const link = new URL(`${query}#${share}`, location.href).href;
        // Read back as the play view will: a refusal names the setting.
        const { readPlay } = await import('../play/workshop.js');
        readPlay(query);
        const url = el('input', { readonly: true, value: link, 'aria-label': 'Workshop link' });
        out.replaceChildren(url, el('p', {}, el('a', { href: link, text: 'Open the play view' })), await qrCanvas(link, 'QR code of the workshop link'));
      } catch (err) {
        error.textContent = String(/** @type {Error} */ (err).message);
      }
    });
    return form;
  }

  return hooks;
}

/** Team colours: a sequence distinct from the built-ins' (Paul Tol's bright scheme and more). */
const TEAM_COLOURS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB', '#332288', '#882255', '#117733'];
/** @param {number} i */
const teamColour = (i) => TEAM_COLOURS[i % TEAM_COLOURS.length];
