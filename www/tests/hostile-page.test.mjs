// The hostile-input corpus (tests/hostile/) against the page: every share
// link opens the default scenario with a message, every scenario file is
// refused on import with a message while the user's scenario, result and link
// stay as they were; no script runs, no markup is injected, no request leaves
// the origin and the Content Security Policy reports nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useBrowser, ready, repo } from './harness.mjs';

const corpus = path.join(repo, 'tests/hostile');
const entries = fs.existsSync(corpus) ? fs.readdirSync(corpus).sort() : [];
const links = entries.filter((f) => f.endsWith('.link'));
const files = entries.filter((f) => f.endsWith('.json'));

const env = useBrowser();

async function context() {
  const ctx = await env.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const problems = [];
  ctx.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(env.server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.push(`foreign request: ${url}`);
  });
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  return { ctx, page, problems };
}

async function untouched(page, problems, label) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${label}: no script ran`);
  assert.equal(await page.locator('main img, main iframe, main object, header img').count(), 0, `${label}: no markup injected`);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], `${label}: CSP violations`);
  assert.deepEqual(problems, [], label);
}

test('the corpus has at least 50 inputs', () => {
  assert.ok(links.length + files.length >= 50, `${links.length} links and ${files.length} files`);
  assert.ok(links.length >= 10 && files.length >= 10);
});

test('every hostile link opens the default scenario with a message', { timeout: 20 * 60_000 }, async () => {
  const { ctx, page, problems } = await context();
  await page.goto(env.server.url);
  await ready(page);
  const defaults = await page.evaluate(() => window.velocityCliff.lastResultJson);
  for (const name of links) {
    const link = fs.readFileSync(path.join(corpus, name), 'utf8').trim();
    await page.goto('about:blank');
    await page.goto(`${env.server.url}#${link}`);
    await ready(page);
    const notice = await page.textContent('[data-testid=notice]');
    if (link === '') {
      // An empty hash is no link at all: the page opens what it would open without one.
      assert.equal(notice, '', `${name}: no message`);
      assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), defaults, `${name}: the default scenario ran`);
      continue;
    }
    assert.match(notice, /^This link could not be opened: invalid [^:]+: .+\(allowed: .+\)\. Showing the default scenario instead\.$/s, `${name}: ${notice}`);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), defaults, `${name}: the default scenario ran`);
    await untouched(page, problems, name);
  }
  await ctx.close();
});

test('every hostile scenario file is refused on import; the user keeps their scenario', { timeout: 20 * 60_000 }, async () => {
  const { ctx, page, problems } = await context();
  await page.goto(env.server.url);
  await ready(page);
  await page.evaluate(() => window.velocityCliff.setInput({ preset: 'media-app', runs: 150, seed: '77', params: { coupling: 0.4 } }));
  await ready(page);
  const mine = {
    url: page.url(),
    json: await page.evaluate(() => window.velocityCliff.lastResultJson),
    stored: await page.evaluate(() => localStorage.getItem('velocity-cliff-scenario')),
  };
  const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vc-hostile-')), 'ten-megabytes.json');
  fs.writeFileSync(big, `{"preset":"${'a'.repeat(10 * 1024 * 1024)}"}`);
  let count = 0;
  for (const file of [...files.map((f) => path.join(corpus, f)), big]) {
    const name = path.basename(file);
    await page.setInputFiles('#import-file', file);
    await page.waitForFunction((n) => document.querySelector('[data-testid=notice]').textContent.startsWith(`Could not import ${n}:`), name);
    const notice = await page.textContent('[data-testid=notice]');
    assert.match(notice, /: invalid .+\(allowed: .+\)\. The current scenario is unchanged\.$/s, `${name}: ${notice}`);
    assert.equal(page.url(), mine.url, `${name}: the link is unchanged`);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), mine.json, `${name}: the result is unchanged`);
    assert.equal(await page.evaluate(() => localStorage.getItem('velocity-cliff-scenario')), mine.stored, `${name}: the kept scenario is unchanged`);
    assert.equal(await page.textContent('[data-testid=status]'), 'ready', `${name}: the page still works`);
    await untouched(page, problems, name);
    // Clear the notice so the next file's message is its own.
    await page.click('#notice-close');
    count += 1;
  }
  assert.equal(count, files.length + 1);
  await ctx.close();
});
