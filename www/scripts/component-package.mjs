// Assembles the npm package of the <velocity-cliff> component in
// component-package/: the built module and its wasm file (from ../dist, made
// by the component build) beside the package's own package.json, README and
// types, and custom-elements.json generated from the element's source by
// @custom-elements-manifest/analyzer. Run by `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(www, '../dist');
const out = path.join(www, 'component-package');

for (const file of ['velocity-cliff.js', 'velocity-cliff.wasm', 'velocity-cliff-extra.wasm', 'velocity-cliff-scalar.wasm', 'velocity-cliff-extra-scalar.wasm']) {
  const from = path.join(dist, file);
  if (!fs.existsSync(from)) throw new Error(`${from} is missing: the component build (vite.component.config.js) must run first`);
  fs.copyFileSync(from, path.join(out, file));
}
const cem = path.join(www, 'node_modules/.bin/cem');
execFileSync(cem, ['analyze', '--quiet', '--config', path.join(out, 'custom-elements-manifest.config.mjs')], { cwd: www, stdio: 'inherit' });
const manifest = JSON.parse(fs.readFileSync(path.join(out, 'custom-elements.json'), 'utf8'));
const element = manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === 'velocity-cliff');
if (!element || !(element.attributes?.length > 0)) throw new Error('custom-elements.json does not describe <velocity-cliff> and its attributes');
const { version } = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'));
console.log(`component-package/: velocity-cliff ${version} (${element.attributes.length} attributes, ${(fs.statSync(path.join(out, 'velocity-cliff.wasm')).size / 1024).toFixed(0)} KiB wasm)`);
