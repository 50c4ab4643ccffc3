// wasm in Node, one thread: runs `simulate()` of the built module (www/pkg)
// on the default scenario with the given runs and weeks, and prints JSON
// {"runs", "weeks", "strategies", "ms": [per repeat], "bytes", "peakKiB"} on
// stdout. Used by scripts/bench.py for throughput and peak memory. peakKiB is
// this process's VmHWM (peak resident set of its own address space; getrusage
// would also count the parent's memory at fork). Linux only.
// The wasm SIMD build (www/pkg), or with BENCH_WASM=scalar the build without
// SIMD (www/pkg-scalar, what a browser without SIMD loads).
// Usage: [BENCH_WASM=scalar] node www/bench/node.mjs RUNS WEEKS [REPEATS]
import fs from 'node:fs';
import { loadCore, loadScalarCore } from '../tests/wasm-node.mjs';

const scalar = process.env.BENCH_WASM === 'scalar';
const [runs, weeks, repeats = 1] = process.argv.slice(2).map(Number);
if (!Number.isInteger(runs) || !Number.isInteger(weeks) || !Number.isInteger(repeats) || repeats < 1) {
  console.error('usage: node www/bench/node.mjs RUNS WEEKS [REPEATS]');
  process.exit(2);
}
const { simulate } = await (scalar ? loadScalarCore() : loadCore());

const options = JSON.stringify({ runs, weeks });
const ms = [];
let text = '';
for (let i = 0; i < repeats; i++) {
  const start = performance.now();
  text = simulate('{}', options);
  ms.push(performance.now() - start);
}
const hwm = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
const peakKiB = hwm ? Number(hwm[1]) : null;
const result = JSON.parse(text);
console.log(JSON.stringify({ runs: result.runs, weeks: result.weeks, strategies: result.strategies.length, ms, bytes: text.length, peakKiB }));
