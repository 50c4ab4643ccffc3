// The determinism matrix's browser side: each scenario of tests/determinism/
// gives byte-identical result JSON in the page with 1, 2 and 4 workers and
// from the CLI. (The CLI with 1 and all threads and wasm in Node are compared
// in determinism.test.mjs.) The page opens each scenario through its share
// link, made by `velocity-cliff share`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, ready, repo, cli } from './harness.mjs';

const scenarios = path.join(repo, 'tests/determinism');
const files = fs.existsSync(scenarios) ? fs.readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort() : [];

const env = useBrowser();

test('the determinism scenarios exist', () => {
  assert.ok(files.length >= 3, `at least three scenarios in tests/determinism/ (found ${files.length})`);
});

for (const file of files) {
  test(`${file}: the page with 1, 2 and 4 workers gives the CLI's bytes`, async () => {
    const scenario = path.join(scenarios, file);
    const expected = execFileSync(cli, ['simulate', '--scenario', scenario, '--threads', '1']).toString().trim();
    const link = execFileSync(cli, ['share', '--scenario', scenario]).toString().trim();
    for (const workers of [1, 2, 4]) {
      const page = await env.browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${env.server.url}?workers=${workers}#${link}`);
      await ready(page, 120_000);
      const got = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, workers: window.velocityCliff.workers }));
      assert.equal(got.workers, workers);
      assert.equal(got.json, expected, `${file} with ${workers} worker(s)`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}
