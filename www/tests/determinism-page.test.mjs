// The determinism matrix's browser side: each scenario of tests/determinism/
// gives byte-identical result JSON in the page with 1, 2 and 4 workers and
// from the CLI, with the wasm SIMD build and with the scalar one
// (`?wasm=scalar`, what a browser without SIMD loads). (The CLI with 1 and all threads and wasm in Node are compared
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
  test(`${file}: the page with 1, 2 and 4 workers, SIMD or scalar, gives the CLI's bytes`, async () => {
    const scenario = path.join(scenarios, file);
    const expected = execFileSync(cli, ['simulate', '--scenario', scenario, '--threads', '1']).toString().trim();
    const link = execFileSync(cli, ['share', '--scenario', scenario]).toString().trim();
    /** The wasm file each build loaded. */
    const loaded = { simd: new Set(), scalar: new Set() };
    for (const [workers, build] of /** @type {const} */ ([[1, 'simd'], [2, 'simd'], [4, 'simd'], [2, 'scalar']])) {
      const page = await env.browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // What the page loads; the service worker's offline copy, fetched after the first result, is not that.
      page.on('request', (r) => r.url().endsWith('.wasm') && !r.serviceWorker() && loaded[build].add(new URL(r.url()).pathname));
      await page.goto(`${env.server.url}?workers=${workers}${build === 'scalar' ? '&wasm=scalar' : ''}#${link}`);
      await ready(page, 120_000);
      const got = await page.evaluate(() => ({ json: window.velocityCliff.lastResultJson, workers: window.velocityCliff.workers, simd: window.velocityCliff.simd }));
      assert.equal(got.workers, workers);
      assert.equal(got.simd, build === 'simd', 'the build loaded');
      assert.equal(got.json, expected, `${file} with ${workers} worker(s), ${build}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
    assert.equal(loaded.simd.size, 1, [...loaded.simd].join());
    // The scalar page fetches the SIMD file too (the page's preload, which cannot ask the engine first) but compiles its own.
    const own = [...loaded.scalar].filter((f) => !loaded.simd.has(f));
    assert.equal(own.length, 1, `the scalar page loads a wasm file of its own: ${[...loaded.scalar]}`);
    assert.match(own[0], /_scalar_bg-/);
  });
}
