// Vite library build of the <velocity-cliff> web component: one ES module,
// dist/velocity-cliff.js, with the wasm files copied beside it as
// dist/velocity-cliff.wasm (the core module) and dist/velocity-cliff-extra.wasm
// (loaded on first use), each also as `-scalar.wasm`, built without wasm SIMD
// for engines that have none (`WASM_FILES`). Runs after the app build (which empties dist/).
// Every file of the component is also laid out under its model version,
// dist/v<MODEL_VERSION>/ (e.g. dist/v2.1.0/velocity-cliff.js), so a post can
// pin the numbers it was written with while dist/velocity-cliff.js follows
// the latest model.
import { defineConfig } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The model version the component computes with (src/version.rs). */
export function modelVersion() {
  const source = fs.readFileSync(path.join(here, '../src/version.rs'), 'utf8');
  const found = /pub const MODEL_VERSION: &str = "(\d+\.\d+\.\d+)";/.exec(source);
  if (!found) throw new Error('src/version.rs has no MODEL_VERSION');
  return found[1];
}

/**
 * Writes every file of the component build again under v<MODEL_VERSION>/:
 * the module finds its wasm file and starts its workers from its own URL, so
 * the folder works as it is.
 */
function pinnedCopy() {
  return {
    name: 'velocity-cliff-pinned',
    /**
     * @param {{dir?: string}} options
     * @param {Record<string, {type: 'asset', source: string | Uint8Array} | {type: 'chunk', code: string}>} bundle
     */
    writeBundle(options, bundle) {
      const dir = path.join(options.dir ?? path.join(here, '../dist'), `v${modelVersion()}`);
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, file] of Object.entries(bundle)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), file.type === 'chunk' ? file.code : file.source);
      }
    },
  };
}

/** The wasm files velocity-cliff.js looks for, and where each is built: the core and the one loaded on first use, with wasm SIMD and without. */
export const WASM_FILES = {
  'velocity-cliff.wasm': 'pkg/velocity_cliff_bg.wasm',
  'velocity-cliff-extra.wasm': 'pkg/velocity_cliff_extra_bg.wasm',
  'velocity-cliff-scalar.wasm': 'pkg-scalar/velocity_cliff_scalar_bg.wasm',
  'velocity-cliff-extra-scalar.wasm': 'pkg-scalar/velocity_cliff_extra_scalar_bg.wasm',
};

/** Emits the simulation's wasm modules under the names velocity-cliff.js looks for. */
function copyWasm() {
  return {
    name: 'velocity-cliff-wasm',
    generateBundle() {
      for (const [fileName, built] of Object.entries(WASM_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: fs.readFileSync(path.join(here, built)) });
      }
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  // The bundled catalogue (pkg/catalogue.json) as one JSON.parse of its text rather than object literals (a little smaller gzipped; JSON is quicker for the engine to read than code).
  json: { stringify: true, namedExports: false },
  plugins: [copyWasm(), pinnedCopy()],
  build: {
    outDir: '../dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: 'esbuild',
    lib: {
      entry: path.join(here, 'src/component/velocity-cliff.js'),
      formats: ['es'],
      fileName: () => 'velocity-cliff.js',
    },
    rollupOptions: {
      output: { inlineDynamicImports: true },
    },
  },
});
