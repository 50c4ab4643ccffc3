// The README's screenshots of the built page (../dist), made in headless
// Chromium: docs/desktop.png (1400 × 1000) and docs/phone.png (390 × 844, the
// first two screens). Run with `npm run screenshots` after `npm run build`;
// prints each page's full height.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, CHROMIUM } from '../tests/server.mjs';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(www, '../dist');
const docs = path.join(www, 'docs');
const SHOTS = [
  { file: 'desktop.png', viewport: { width: 1400, height: 1000 }, clip: 1000 },
  { file: 'phone.png', viewport: { width: 390, height: 844 }, clip: 1688, scale: 2 },
];

if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` (or `make build`) first');
const server = await serve(dist);
const browser = await chromium.launch(CHROMIUM);
try {
  for (const shot of SHOTS) {
    const page = await browser.newPage({ viewport: shot.viewport, deviceScaleFactor: shot.scale ?? 1, colorScheme: 'light' });
    await page.goto(server.url);
    // The full result is painted: the status says ready for the newest generation.
    await page.waitForFunction(() => {
      const vc = window.velocityCliff;
      const status = document.querySelector('[data-testid=status]');
      return vc?.lastResult && status.dataset.kind === 'ready' && status.dataset.generation === String(vc.generation);
    }, null, { timeout: 120_000 });
    const height = await page.evaluate(() => document.scrollingElement.scrollHeight);
    await page.screenshot({ path: path.join(docs, shot.file), clip: { x: 0, y: 0, width: shot.viewport.width, height: Math.min(shot.clip, height) }, fullPage: true });
    console.log(`${shot.file}: ${shot.viewport.width} px wide, page ${height} px tall`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
