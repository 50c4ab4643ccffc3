// Benchmarks the workshop views of the built page (dist/) in headless
// Chromium: on a 390 px phone, the time from "Next round" to the round's
// story on screen (every round of three plays of 6 rounds; target ≤ 100 ms),
// and on the board, the time to re-run 40 teams at 1,000 runs × 260 weeks
// (each team's strategy, plus the built-ins' bands once; target ≤ 5 s).
// `node bench/workshop.mjs --json` prints JSON for scripts/bench.py.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';
import { quantile } from './page.mjs';
import { playStrategy, playScenario, playQuery, defaultWorkshop } from '../src/play/workshop.js';
import { encodeShare } from '../src/core/wasm.js';
import { loadCore, bundledCatalogue } from '../tests/wasm-node.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const asJson = process.argv.includes('--json');
const TEAMS = Number(process.env.BENCH_TEAMS || 40);
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` (or `make build`) first');
  process.exit(1);
}


// The core module, initialised for the links (`encodeShare` calls it); the catalogue as the fronts bundle it.
await loadCore();
const cat = bundledCatalogue();

/** Links of 40 finished plays of the default scenario (1,000 runs × 260 weeks), each with its own decisions. */
function teamLinks(origin) {
  const w = { ...defaultWorkshop(), rounds: 6 };
  const base = cat.strategies.find((s) => s.id === w.base);
  const links = Array.from({ length: TEAMS }, async (_, i) => {
    const rounds = Array.from({ length: w.rounds }, (_, r) => ({ hire: (i * 7 + r * 3) % 30, refactor: ((i + r) % 5) * 10, infra: (i % 3) * 10, ...(r === 2 && i % 4 === 0 ? { rewrite: 1 } : {}) }));
    const name = `Team ${i + 1}`;
    const share = await encodeShare(playScenario({}, playStrategy(name, w.base, base, rounds, w.round)));
    return `${origin}/${playQuery({ workshop: w, team: name, done: w.rounds, predict: (i * 13) % 101 })}#${share}`;
  });
  return Promise.all(links);
}

const server = await serve(dist);
const browser = await chromium.launch(CHROMIUM);
try {
  // The phone: three plays of 6 rounds, every round timed from "Next round" to its story.
  const round = [];
  for (let p = 0; p < 3; p++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${server.url}?play&rounds=6`);
    await page.fill('#wk-team', `Bench ${p + 1}`);
    await page.keyboard.press('Enter');
    for (let r = 1; r <= 6; r++) {
      await page.waitForFunction((n) => window.velocityCliffPlay?.view === 'round' && window.velocityCliffPlay.stories.length === n, r - 1);
      await page.fill('#wk-hire', String((r * 5) % 20));
      await page.locator('#wk-round-title').evaluate((h) => h.closest('form').requestSubmit());
    }
    await page.waitForFunction(() => window.velocityCliffPlay.view === 'predict');
    // The first round of each play includes starting the workers; it is reported apart.
    round.push(...(await page.evaluate(() => window.velocityCliffPlay.roundMs)));
    await context.close();
  }
  const firsts = round.filter((_, i) => i % 6 === 0);
  const later = round.filter((_, i) => i % 6 !== 0);

  // The board: 40 teams pasted at once, re-run at 1,000 runs.
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}?board`);
  await page.waitForSelector('#wk-links');
  const links = await teamLinks(server.url.replace(/\/$/, ''));
  const started = Date.now();
  await page.evaluate((text) => window.velocityCliffBoard.add(text), links.join('\n'));
  const wall = Date.now() - started;
  const board = await page.evaluate(() => ({ ms: window.velocityCliffBoard.lastRunMs, teams: window.velocityCliffBoard.order.length, refused: window.velocityCliffBoard.refused }));
  if (board.teams !== TEAMS) throw new Error(`the board shows ${board.teams} teams, not ${TEAMS}: ${board.refused.join('; ')}`);
  const report = {
    round: { median: quantile(later, 0.5), p90: quantile(later, 0.9), n: later.length, firstMedian: quantile(firsts, 0.5) },
    board: { teams: TEAMS, runs: 1000, weeks: 260, rerunMs: board.ms, wallMs: wall },
  };
  if (asJson) console.log(JSON.stringify(report));
  else {
    console.log('| measurement | result |\n| --- | ---: |');
    console.log(`| play (390 px): "Next round" → the round's story, median / P90 of ${later.length} rounds (first round of a play, with the workers starting: ${report.round.firstMedian.toFixed(0)} ms) | ${report.round.median.toFixed(0)} ms / ${report.round.p90.toFixed(0)} ms |`);
    console.log(`| board: re-run ${TEAMS} teams at 1,000 runs × 260 weeks (+ the built-ins' bands), and paint | ${(board.ms / 1000).toFixed(1)} s (${(wall / 1000).toFixed(1)} s to the painted board) |`);
  }
} finally {
  await browser.close();
  await server.close();
}
