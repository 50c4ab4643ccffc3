// Vite library build of the <velocity-cliff> web component: one ES module,
// dist/velocity-cliff.js, with the wasm files copied beside it as
// dist/velocity-cliff.wasm (the core module) and dist/velocity-cliff-extra.wasm
// (loaded on first use). Runs after the app build (which empties dist/).
import { defineConfig } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Emits the simulation's wasm modules under the names velocity-cliff.js looks for: the core and the one loaded on first use. */
function copyWasm() {
  return {
    name: 'velocity-cliff-wasm',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'velocity-cliff.wasm',
        source: fs.readFileSync(path.join(here, 'pkg/velocity_cliff_bg.wasm')),
      });
      this.emitFile({
        type: 'asset',
        fileName: 'velocity-cliff-extra.wasm',
        source: fs.readFileSync(path.join(here, 'pkg/velocity_cliff_extra_bg.wasm')),
      });
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [copyWasm()],
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
