// Seeds above 2^53 in the page. The CLI writes a seed as a JSON number; a
// JavaScript number cannot hold 9007199254740993 (it reads 9007199254740992)
// or 18446744073709551615 (it reads 18446744073709552000, not a u64). The
// core decodes links and reads files and hands the seed over as a decimal
// string, so a link or a file carrying such a seed as a number runs that
// seed in the page, the iframe page and the component, and gives the CLI's
// bytes. Run with `npm test` after `npm run build` and `make cli`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { useBrowser, ready, cli } from './harness.mjs';

const env = useBrowser();
const SEEDS = ['9007199254740993', '18446744073709551615'];
const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'vc-seeds-'));

/** A scenario file with the seed as a JSON number, the CLI's link for it and the CLI's result. */
function fixture(seed) {
  const file = path.join(dir, `seed-${seed}.json`);
  fs.writeFileSync(file, `{"preset":"b2b-saas","strategies":["feature-first","scale-early"],"runs":150,"weeks":104,"seed":${seed}}\n`);
  const link = execFileSync(cli, ['share', '--scenario', file]).toString().trim();
  const expected = execFileSync(cli, ['simulate', '--scenario', file, '--threads', '1']).toString().trim();
  // The premise: the link carries the seed as a number, and the CLI ran that seed.
  const payload = zlib.inflateRawSync(Buffer.from(link.slice(3), 'base64url')).toString();
  assert.ok(payload.includes(`"seed":${seed}`), payload);
  assert.ok(expected.includes(`"seed":${seed},`));
  return { file, link, expected };
}

async function open(url) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}

for (const seed of SEEDS) {
  test(`a link with seed ${seed} as a JSON number runs that seed: the CLI's bytes`, async () => {
    const { link, expected } = fixture(seed);
    const { page, errors } = await open(`${env.server.url}#${link}`);
    await ready(page);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), expected);
    assert.equal(await page.inputValue('#seed'), seed);
    assert.equal(await page.evaluate(() => window.velocityCliff.input.seed), seed);
    // The page writes the link again (the seed now a string): it still means the same run.
    const again = execFileSync(cli, ['simulate', '--link', page.url()]).toString().trim();
    assert.equal(again, expected, 'the page\'s own link');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`an imported file with seed ${seed} as a JSON number runs that seed: the CLI's bytes`, async () => {
    const { file, expected } = fixture(seed);
    const { page, errors } = await open(env.server.url);
    await ready(page);
    await page.setInputFiles('#import-file', file);
    await page.waitForFunction((s) => window.velocityCliff.input.seed === s, seed);
    await ready(page);
    assert.equal(await page.textContent('[data-testid=notice]'), `Opened ${path.basename(file)}.`);
    assert.equal(await page.evaluate(() => window.velocityCliff.lastResultJson), expected);
    assert.equal(await page.inputValue('#seed'), seed);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`the iframe page with seed ${seed} as a JSON number in its hash runs that seed: the CLI's bytes`, async () => {
    const { link, expected } = fixture(seed);
    const { page, errors } = await open(`${env.server.url}embed.html#${link}`);
    await page.waitForFunction(() => document.querySelector('velocity-cliff').state === 'ready', null, { timeout: 60_000 });
    const state = await page.evaluate(() => {
      const el = document.querySelector('velocity-cliff');
      return { json: el.resultJson, status: el.shadowRoot.querySelector('.status').textContent, seedAttribute: el.getAttribute('seed') };
    });
    assert.equal(state.json, expected);
    assert.ok(state.status.includes(`seed ${seed} `), state.status);
    assert.equal(state.seedAttribute, null);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
