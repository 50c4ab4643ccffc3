// A tiny static file server for the built site (dist/), used by the browser
// tests and the bench. Serves .wasm as application/wasm. Optionally serves
// more folders under URL prefixes (test fixtures) and sends CORS headers (to
// play a CDN on another origin).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `root` on a free local port.
 * @param {string} root
 * @param {{mounts?: Record<string, string>, cors?: boolean}} [options]
 *   mounts: URL prefix (e.g. '/fixtures/') → folder served under it;
 *   cors: send `access-control-allow-origin: *`
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serve(root, { mounts = {}, cors = false } = {}) {
  const roots = [...Object.entries(mounts).map(([prefix, dir]) => [prefix, path.resolve(dir)]), ['/', path.resolve(root)]];
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [prefix, base] = roots.find(([p]) => pathname.startsWith(p));
    const rest = `/${pathname.slice(prefix.length)}`;
    const file = path.join(base, rest.endsWith('/') ? `${rest}index.html` : rest);
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await fs.readFile(file);
      const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Launch options for the system Chromium. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
