// Writes the model's catalogue into pkg/catalogue.json, from the extra wasm
// module's `catalogue()` (`make wasm` runs it once both modules are built).
//
// The catalogue is data of the model version: parameters with units, ranges,
// defaults and sources; strategy fields; rules; presets; built-in strategies;
// defaults and limits. Every front imports it with its bundle (core/wasm.js)
// rather than asking the core module for it as a page starts: on a cold load
// building it in wasm was the page's slowest first call, run before the
// engine had compiled any of it, and the core module no longer carries it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'pkg');
const glue = await import(path.join(pkg, 'velocity_cliff_extra.js'));
glue.initSync({ module: new WebAssembly.Module(fs.readFileSync(path.join(pkg, 'velocity_cliff_extra_bg.wasm'))) });
fs.writeFileSync(path.join(pkg, 'catalogue.json'), `${JSON.stringify(glue.catalogue())}\n`);
