// The determinism matrix: for each scenario in tests/determinism/, the result
// JSON must be the same bytes from every way of computing it:
//
//   native CLI, 1 thread · native CLI, all cores · native CLI, 3 threads
//   wasm in Node, simulate() of the file's text and of its object
//   wasm in Node, runChunk() in uneven chunks + Merger, answerChunk() and Prepared
//   (the workers' path) in the same chunks
//   (the page with 1, 2 and 4 workers: a browser block appended below)
//
// The reference is the CLI on one thread. Run with
// `node --test www/tests/determinism.test.mjs` after `make cli wasm`
// (`make test-determinism` does all three).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiled, loadCore, loadScalarCore } from './wasm-node.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const cli = path.join(repo, 'target/release/velocity-cliff');

/** The scenarios of the matrix: `{ name, file, text }`, sorted by name. */
export const SCENARIOS = fs
  .readdirSync(path.join(repo, 'tests/determinism'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => {
    const file = path.join(repo, 'tests/determinism', f);
    return { name: f.replace(/\.json$/, ''), file, text: fs.readFileSync(file, 'utf8') };
  });

/** The CLI's result for a scenario file, as text without the final newline. */
export function cliResult(file, threads) {
  assert.ok(fs.existsSync(cli), `${cli} is missing: run \`make cli\` first`);
  const out = execFileSync(cli, ['simulate', '--scenario', file, '--threads', String(threads)], {
    maxBuffer: 1 << 28,
  }).toString();
  assert.ok(out.endsWith('\n'), 'the CLI ends its output with a newline');
  return out.slice(0, -1);
}

const references = new Map();
/** The reference bytes for a scenario: the CLI on one thread (computed once). */
export function reference(scenario) {
  if (!references.has(scenario.name)) references.set(scenario.name, cliResult(scenario.file, 1));
  return references.get(scenario.name);
}

/** Splits 0..runs into uneven chunks: a single run, a small one, a large one and the rest. */
export function unevenChunks(runs) {
  const cuts = [0, 1, Math.floor(runs * 0.07) + 2, Math.floor(runs * 0.63) + 1, runs];
  const chunks = [];
  for (let i = 1; i < cuts.length; i++) chunks.push([cuts[i - 1], cuts[i]]);
  return chunks;
}

test('the matrix has one scenario per preset family and one with custom strategies', () => {
  assert.ok(SCENARIOS.length >= 3, `${SCENARIOS.length} scenarios`);
  const parsed = SCENARIOS.map((s) => JSON.parse(s.text));
  const presets = new Set(parsed.map((p) => p.preset));
  assert.ok(presets.size >= 3, `presets: ${[...presets]}`);
  assert.ok(parsed.some((p) => (p.strategies || []).some((s) => typeof s === 'object')), 'a scenario with custom strategies');
});

describe('native and wasm in Node give the same bytes', () => {
  for (const scenario of SCENARIOS) {
    describe(scenario.name, () => {
      test('CLI: 1 thread = all cores = 3 threads', () => {
        const one = reference(scenario);
        const result = JSON.parse(one);
        assert.equal(result.runs, JSON.parse(scenario.text).runs);
        assert.ok(result.strategies.length >= 3);
        assert.equal(cliResult(scenario.file, 0), one, 'all cores');
        assert.equal(cliResult(scenario.file, 3), one, '3 threads');
      });

      test('wasm simulate() = CLI', async () => {
        const { simulate, parseScenarioFile } = await loadCore();
        assert.equal(simulate(scenario.text), reference(scenario), 'the file\'s text');
        // The page's way: the core reads the file into an object (the seed a decimal string).
        const object = parseScenarioFile(scenario.text);
        assert.equal(typeof object.seed, 'string');
        assert.equal(simulate(object), reference(scenario), 'the file\'s object');
      });

      test('wasm runChunk() in uneven chunks, merged out of order = CLI', async () => {
        const { runChunk, Merger, resolve } = await loadCore();
        // Workers get the resolved scenario object, as the page sends it.
        const resolved = resolve(scenario.text);
        const runs = resolved.runs;
        const chunks = unevenChunks(runs);
        assert.equal(new Set(chunks.map(([a, b]) => b - a)).size, chunks.length, 'chunk sizes differ');
        const parts = chunks.map(([a, b]) => runChunk(resolved, a, b));
        const merger = new Merger(resolved);
        for (const i of [2, 0, 3, 1]) merger.add(parts[i]);
        assert.equal(merger.runs, runs);
        const merged = merger.finish();
        merger.free();
        assert.equal(merged, reference(scenario));
      });

      test('wasm answerChunk() (the workers\' path) in uneven chunks = CLI', async () => {
        const { answerChunk, Merger, resolve } = await loadCore();
        const resolved = structuredClone(resolve(scenario.text)); // as a worker receives it
        const merger = new Merger(resolved);
        for (const [i, [start, end]] of unevenChunks(resolved.runs).entries()) {
          const { reply, transfer } = answerChunk({ type: 'chunk', generation: 1, chunkId: i, scenario: resolved, start, end, work: 0 });
          assert.equal(reply.type, 'chunk', reply.message);
          assert.deepEqual([reply.chunkId, reply.start, reply.end], [i, start, end]);
          assert.ok(reply.computeMs >= 0);
          assert.deepEqual(transfer, [reply.bytes.buffer]);
          merger.add(reply.bytes);
        }
        const merged = merger.finish();
        merger.free();
        assert.equal(merged, reference(scenario));
      });

      test('wasm Prepared (a worker\'s scenario prepared once) answering uneven chunks out of order = CLI', async () => {
        const { Prepared, Merger, resolve } = await loadCore();
        const resolved = structuredClone(resolve(scenario.text));
        const prepared = new Prepared(resolved);
        const chunks = unevenChunks(resolved.runs);
        const parts = [];
        for (const i of [3, 1, 0, 2]) {
          const [start, end] = chunks[i];
          // Only the first message of a job carries the scenario; the others leave it out.
          const { reply } = prepared.answer({ type: 'chunk', generation: 7, chunkId: i, start, end, work: 0 });
          assert.equal(reply.type, 'chunk', reply.message);
          assert.equal(reply.prepareMs >= 0 && reply.computeMs >= 0, true);
          parts[i] = reply.bytes;
        }
        // Asked for its result, a chunk from run 0 brings it as text: all the runs here, so the CLI's bytes.
        const whole = prepared.answer({ type: 'chunk', generation: 7, chunkId: 8, start: 0, end: resolved.runs, work: 0, result: true }).reply;
        assert.equal(whole.json, reference(scenario));
        assert.ok(whole.finishMs >= 0);
        const refused = prepared.answer({ type: 'chunk', generation: 7, chunkId: 9, start: 0, end: resolved.runs + 1, work: 0 }).reply;
        assert.equal(refused.type, 'error');
        assert.equal(refused.error.field, 'run range');
        prepared.free();
        const merger = new Merger(resolved);
        for (const part of parts) merger.add(part);
        const merged = merger.finish();
        merger.free();
        assert.equal(merged, reference(scenario));
      });

      test('the worker protocol: a first chunk kept in its worker answers its estimate, then its reply without bytes; its runs come back with the flush = CLI', async () => {
        const { Merger, resolve } = await loadCore();
        const { handle, workerState } = await import('../src/core/protocol.js');
        const state = workerState();
        handle({ type: 'init', module: compiled('velocity_cliff_bg.wasm') }, state);
        const resolved = structuredClone(resolve(scenario.text));
        const first = Math.max(1, Math.floor(resolved.runs / 10));
        const out = /** @type {any} */ (handle({ type: 'chunk', generation: 3, chunkId: 0, scenario: resolved, start: 0, end: first, work: 0, result: true, keep: true }, state));
        const estimate = out.reply;
        assert.equal(estimate.type, 'estimate', estimate.message);
        assert.equal(estimate.end, first);
        const kept = out.rest().reply;
        assert.equal(kept.type, 'chunk');
        assert.equal(kept.bytes, undefined, 'kept: no bytes');
        assert.equal(kept.runs, 0);
        const last = /** @type {any} */ (handle({ type: 'chunk', generation: 3, chunkId: 1, start: first, end: resolved.runs, work: 0, keep: true, flush: true }, state)).reply;
        assert.equal(last.runs, resolved.runs, 'the estimate\'s runs come back with the last chunk');
        const merger = new Merger(resolved);
        merger.add(last.bytes);
        assert.equal(merger.finish(), reference(scenario));
        merger.free();
      });

      test('the scalar build (no wasm SIMD) simulate() = CLI', async () => {
        // The same glue as the SIMD build's (the Makefile checks), loaded as a module of its own.
        const glue = await loadScalarCore();
        assert.equal(glue.simulate(scenario.text), reference(scenario));
      });

      test('a pool whose workers fail to load after being sent chunks replays them on the main thread = CLI', async () => {
        const { Merger, resolve } = await loadCore();
        const { createPool } = await import('../src/core/pool.js');
        const module = compiled('velocity_cliff_bg.wasm');
        const resolved = resolve(scenario.text);
        /** Messages each failing worker was sent before it failed. */
        const sent = [];
        // A worker that takes messages, never says it is ready, then fails to load.
        const createWorker = () => {
          const worker = {
            onmessage: null,
            onerror: null,
            postMessage: (msg) => sent.push(msg.type),
            terminate() {},
          };
          setTimeout(() => worker.onerror?.({ message: 'script failed to load', preventDefault() {} }), 20);
          return /** @type {Worker} */ (/** @type {unknown} */ (worker));
        };
        const full = await new Promise((done, fail) => {
          const pool = createPool({
            module,
            size: 2,
            createWorker,
            Merger,
            onResult: (e) => e.kind === 'full' && done(e.text()),
            onProgress: () => {},
            onError: (e) => fail(new Error(e.message)),
          });
          pool.run(resolved, { runs: resolved.runs, weeks: resolved.weeks, strategies: resolved.strategies.length });
        });
        // The first estimate's chunk at least: the other workers wait for it to come back.
        assert.ok(sent.includes('chunk'), `a chunk was sent before the workers failed: ${sent}`);
        assert.equal(full, reference(scenario));
      });
    });
  }
});

// ---- the page in headless Chromium ----------------------------------------------
// A browser block goes here: for each of SCENARIOS and each worker count (1, 2,
// 4: `?workers=N`), load the built page, set the scenario, wait for its full
// result and compare `window.velocityCliff.lastResultJson` with
// `reference(scenario)`, the CLI's bytes on one thread.
