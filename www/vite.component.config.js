// Vite library build of the <velocity-cliff> web component: one ES module,
// dist/velocity-cliff.js, with the wasm file copied beside it as
// dist/velocity-cliff.wasm. Runs after the app build (which empties dist/).
import { defineConfig } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Emits the simulation's wasm under the name velocity-cliff.js looks for. */
function copyWasm() {
  return {
    name: 'velocity-cliff-wasm',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'velocity-cliff.wasm',
        source: fs.readFileSync(path.join(here, 'pkg/velocity_cliff_bg.wasm')),
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
