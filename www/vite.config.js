// Vite configuration: a static site with relative URLs, built into ../dist.
// Two pages: the app (index.html) and the iframe embed (embed.html). The
// <velocity-cliff> single-file component is a separate library build
// (vite.component.config.js) run after this one.
import { defineConfig } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: path.join(here, 'index.html'),
        embed: path.join(here, 'embed.html'),
      },
    },
  },
  worker: { format: 'es' },
});
