// The <velocity-cliff> npm package (component-package/, assembled by `npm run
// build`): `npm pack` holds what an installer needs, and the packed package,
// installed into a temporary folder, imports in Node by its name and resolves
// its wasm file by the subpath it exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, '../component-package');
/** The wasm files: the core and the one loaded on first use, with wasm SIMD and without (engines that have none). */
const WASM = ['velocity-cliff.wasm', 'velocity-cliff-extra.wasm', 'velocity-cliff-scalar.wasm', 'velocity-cliff-extra-scalar.wasm'];
const NEEDED = ['package.json', 'velocity-cliff.js', ...WASM, 'velocity-cliff.d.ts', 'custom-elements.json', 'README.md'];

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
}

test('npm pack holds the entry, the wasm, the types, the manifest and the README, and nothing else', () => {
  assert.ok(fs.existsSync(path.join(pkgDir, 'velocity-cliff.js')), 'component-package/ is not assembled: run `npm run build` (or `make build`) first');
  const [report] = JSON.parse(npm(['pack', '--dry-run', '--json'], pkgDir));
  const files = report.files.map((f) => f.path).sort();
  assert.deepEqual(files, [...NEEDED].sort());
  const size = (name) => report.files.find((f) => f.path === name).size;
  assert.ok(size('velocity-cliff.wasm') > 100_000, `the wasm file is the simulation (${size('velocity-cliff.wasm')} bytes)`);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(manifest.private, undefined, 'the component package is publishable');
  assert.equal(manifest.exports['.'].default, './velocity-cliff.js');
  assert.equal(manifest.exports['.'].types, './velocity-cliff.d.ts');
  assert.equal(manifest.customElements, 'custom-elements.json');
  for (const target of [manifest.exports['.'].default, manifest.exports['.'].types, ...WASM.map((w) => manifest.exports[`./${w}`]), manifest.customElements]) {
    assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is packed`);
  }
  const cem = JSON.parse(fs.readFileSync(path.join(pkgDir, 'custom-elements.json'), 'utf8'));
  const element = cem.modules.flatMap((m) => m.declarations).find((d) => d.tagName === 'velocity-cliff');
  assert.deepEqual(
    element.attributes.map((a) => a.name).sort(),
    ['controls', 'height', 'preset', 'runs', 'scenario', 'seed', 'sensitivity', 'smoothing', 'strategies', 'theme', 'threshold', 'weeks', 'window'],
  );
  assert.deepEqual(element.events.map((e) => e.name).sort(), ['result', 'sensitivity', 'velocity-cliff-error']);
  // Every property (each attribute's, and the read-only ones), CSS custom property, part and slot, described.
  const attributes = element.attributes.map((a) => a.name);
  assert.deepEqual(
    element.members.map((m) => m.name).sort(),
    [...attributes, 'engine', 'idleMs', 'result', 'resultJson', 'sensitivityJson', 'state'].sort(),
  );
  for (const a of element.attributes) assert.equal(element.members.find((m) => m.name === a.name).attribute, a.name, `${a.name}: property and attribute`);
  assert.deepEqual(element.cssProperties.map((p) => p.name).sort(), ['--vc-accent', '--vc-bg', '--vc-border', '--vc-error', '--vc-grid', '--vc-muted', '--vc-text']);
  assert.deepEqual(element.cssParts.map((p) => p.name).sort(), ['box', 'fallback', 'headline', 'print-figure']);
  assert.deepEqual(element.slots.map((p) => p.name), ['']);
  for (const kind of ['attributes', 'members', 'events', 'cssProperties', 'cssParts', 'slots']) {
    for (const item of element[kind]) assert.ok((item.description ?? '').trim().length > 5, `${kind} ${item.name || '(default slot)'} has a description`);
  }
  const types = fs.readFileSync(path.join(pkgDir, 'velocity-cliff.d.ts'), 'utf8');
  for (const a of element.attributes) assert.match(types, new RegExp(`\\n  ${a.name}: string \\| null;`), `the types declare the ${a.name} property`);
});

test('the packed package installs and imports by name in Node, and its wasm is the simulation', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'velocity-cliff-pack-'));
  try {
    const [report] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], pkgDir));
    const target = path.join(tmp, 'node_modules/velocity-cliff');
    fs.mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(tmp, report.filename), '-C', target, '--strip-components=1']);
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"type":"module","private":true}\n');
    const probe = `
      import fs from 'node:fs';
      import { fileURLToPath } from 'node:url';
      const mod = await import('velocity-cliff');
      const wasm = fs.readFileSync(fileURLToPath(import.meta.resolve('velocity-cliff/velocity-cliff.wasm')));
      const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
      const extraWasm = fs.readFileSync(fileURLToPath(import.meta.resolve('velocity-cliff/velocity-cliff-extra.wasm')));
      const extra = WebAssembly.Module.exports(new WebAssembly.Module(extraWasm)).map((e) => e.name);
      const names = (file) => WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(fileURLToPath(import.meta.resolve('velocity-cliff/' + file))))).map((e) => e.name).join();
      const scalarSame = names('velocity-cliff-scalar.wasm') === exports.join() && names('velocity-cliff-extra-scalar.wasm') === extra.join();
      console.log(JSON.stringify({ tag: mod.TAG, element: typeof mod.VelocityCliffElement, defined: typeof customElements, exports, extra, scalarSame }));
    `;
    fs.writeFileSync(path.join(tmp, 'probe.mjs'), probe);
    const out = JSON.parse(execFileSync(process.execPath, ['probe.mjs'], { cwd: tmp, encoding: 'utf8' }));
    assert.equal(out.tag, 'velocity-cliff');
    assert.equal(out.element, 'function');
    assert.equal(out.defined, 'undefined', 'Node has no custom element registry: importing defines nothing and does not throw');
    assert.equal(out.scalarSame, true, 'the scalar builds export what the SIMD builds do');
    for (const name of ['resolve', 'answerChunk', 'prepared_new', 'decodeShare']) assert.ok(out.exports.includes(name), `the packed wasm exports ${name}`);
    // The catalogue comes with the component's script (pkg/catalogue.json), not from the core module.
    for (const name of ['renderSvg', 'sensitivityStep', 'sensitivityReduce', 'catalogue']) {
      assert.ok(out.extra.includes(name), `the packed extra wasm exports ${name}`);
      assert.ok(!out.exports.includes(name), `the packed core wasm leaves ${name} to the extra one`);
    }
    // TypeScript finds the element's type through the package: querySelector('velocity-cliff') is a VelocityCliffElement.
    fs.writeFileSync(
      path.join(tmp, 'typed.ts'),
      `import 'velocity-cliff';
       const el = document.querySelector('velocity-cliff');
       if (el) {
         const json: string = el.resultJson;
         const state: 'idle' | 'waiting' | 'loading' | 'running' | 'ready' | 'error' = el.state;
         el.runs = '500';
         el.addEventListener('result', (e) => console.log(e.detail.strategies[0].collapse.share, json, state));
         // @ts-expect-error result is read-only
         el.result = null;
       }
       const made: import('velocity-cliff').VelocityCliffElement = document.createElement('velocity-cliff');
       console.log(made.engine);
      `,
    );
    const tsc = path.join(here, '../node_modules/.bin/tsc');
    const flags = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022,dom', '--module', 'nodenext', '--moduleResolution', 'nodenext', 'typed.ts'];
    execFileSync(tsc, flags, { cwd: tmp, encoding: 'utf8' });
    // And a mistake is caught: the check reads the types, it does not accept anything.
    fs.writeFileSync(path.join(tmp, 'typed.ts'), `import 'velocity-cliff';\nconst n: number = document.querySelector('velocity-cliff')!.resultJson;\nconsole.log(n);\n`);
    assert.throws(
      () => execFileSync(tsc, flags, { cwd: tmp, encoding: 'utf8', stdio: 'pipe' }),
      (/** @type {any} */ err) => /not assignable to type 'number'/.test(`${err.stdout}${err.stderr}`),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
