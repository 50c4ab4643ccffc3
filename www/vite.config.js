// Vite configuration: a static site with relative URLs, built into ../dist,
// installable and usable offline (service worker and web app manifest from
// vite-plugin-pwa), with a Content Security Policy in every built page.
// Two pages: the app (index.html) and the iframe embed (embed.html). The
// <velocity-cliff> single-file component is a separate library build
// (vite.component.config.js) run after this one.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the built pages may load: their own files only, and compile wasm. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Puts the policy in every built page (not in the dev server, whose hot reload needs inline scripts). */
const contentSecurityPolicy = {
  name: 'velocity-cliff-csp',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (html) => html.replace('<head>', `<head>\n  <meta http-equiv="Content-Security-Policy" content="${CSP}">`),
  },
};

/**
 * Asks the browser to fetch the core wasm module with the page's first
 * requests (a preload in the built pages' <head>), instead of only once the
 * page's script has run and asked for it; the script's compileStreaming(fetch())
 * then takes the preloaded response.
 */
const preloadWasm = {
  name: 'velocity-cliff-preload-wasm',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    /** @param {string} html @param {{bundle?: Record<string, {fileName: string}>}} ctx */
    handler: (html, ctx) => {
      // The SIMD build's file, not the scalar one (velocity_cliff_scalar_bg), which only a
      // browser without wasm SIMD fetches (src/core/wasm.js); such a browser wastes this preload.
      const wasm = Object.values(ctx.bundle ?? {}).find((f) => /(^|\/)velocity_cliff_bg-[^/]*\.wasm$/.test(f.fileName));
      if (!wasm) return html;
      return html.replace('</head>', `  <link rel="preload" href="./${wasm.fileName}" as="fetch" type="application/wasm" crossorigin>\n</head>`);
    },
  },
};

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
  // The bundled catalogue (pkg/catalogue.json) as one JSON.parse of its text rather than object literals (a little smaller gzipped; JSON is quicker for the engine to read than code).
  json: { stringify: true, namedExports: false },
  plugins: [
    contentSecurityPolicy,
    preloadWasm,
    VitePWA({
      registerType: 'autoUpdate',
      // Registered by main.js after the first full result, so that filling the
      // offline cache never competes with the first paint.
      injectRegister: null,
      includeAssets: ['icon.svg', 'icons/*.png'],
      manifest: {
        name: 'velocity-cliff',
        short_name: 'velocity-cliff',
        description: 'When does development velocity collapse under each strategy? A Monte Carlo product-planning simulator.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0072b2',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,webmanifest}'],
        // The builds without wasm SIMD are for browsers that lack it, which the offline copy does not cover.
        globIgnores: ['**/*_scalar_bg-*.wasm', '**/*-scalar.wasm'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
