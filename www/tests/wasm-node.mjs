// The wasm modules as `make wasm` builds them, loaded in Node for the tests
// and benchmarks that call the core or the extra module directly: a build's
// JS glue imported and initialised with its compiled wasm file, once per
// process: a later load gives the same instance, and a later `compiled` the
// same module, without reading or compiling the file again. www/pkg holds
// the builds with wasm SIMD (what browsers load), www/pkg-scalar the core
// and extra modules without it, each with its own copy of the same glue.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PKG = path.resolve(here, '../pkg');
export const PKG_SCALAR = path.resolve(here, '../pkg-scalar');

/** Each wasm file compiled, by its path. @type {Map<string, WebAssembly.Module>} */
const modules = new Map();

/**
 * A build's wasm file, compiled once per process (a module is immutable:
 * every caller may instantiate it).
 * @param {string} file its name in `dir`
 * @param {string} [dir] PKG (the default) or PKG_SCALAR
 */
export function compiled(file, dir = PKG) {
  const at = path.join(dir, file);
  let module = modules.get(at);
  if (!module) {
    if (!fs.existsSync(at)) throw new Error(`${at} is missing: run \`make wasm\` first`);
    module = new WebAssembly.Module(fs.readFileSync(at));
    modules.set(at, module);
  }
  return module;
}

/** Each build's glue, initialised, by its path. @type {Map<string, Promise<any>>} */
const loaded = new Map();

/**
 * @param {string} dir
 * @param {string} name the glue's file stem
 * @param {string} file the wasm file
 */
function load(dir, name, file) {
  const glue = path.join(dir, `${name}.js`);
  if (!loaded.has(glue)) {
    loaded.set(
      glue,
      import(glue).then((g) => {
        g.initSync({ module: compiled(file, dir) });
        return g;
      }),
    );
  }
  return /** @type {Promise<any>} */ (loaded.get(glue));
}

/** The core module, the SIMD build. */
export const loadCore = () => load(PKG, 'velocity_cliff', 'velocity_cliff_bg.wasm');

/** The core module without SIMD (a browser without it loads this one). */
export const loadScalarCore = () => load(PKG_SCALAR, 'velocity_cliff', 'velocity_cliff_scalar_bg.wasm');

/** The extra module (the SVG, the sensitivity analysis, calibration, the catalogue), the SIMD build. */
export const loadExtra = () => load(PKG, 'velocity_cliff_extra', 'velocity_cliff_extra_bg.wasm');

/** The catalogue `make wasm` writes, as the fronts bundle it. */
export const bundledCatalogue = () => JSON.parse(fs.readFileSync(path.join(PKG, 'catalogue.json'), 'utf8'));
