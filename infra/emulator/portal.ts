import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { contentSecurityPolicy, type PortalConfig } from '../../shared/portal-config';
import { ROOT } from './config';

/** The portal's sources: a Vite + Preact app, built on start into the data folder. */
export const PORTAL_DIR = path.join(ROOT, 'portal');

/** What the portal reads at /config.json: the same build runs locally and in AWS. */
export type { PortalConfig };

/** Builds the portal with Vite's API (no network, no manual step) into `outDir`. */
export async function buildPortal(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: PORTAL_DIR,
    configFile: path.join(PORTAL_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves the built portal as CloudFront would serve the bucket: files as they are, /config.json,
 * and index.html for every other path (the portal's routes: /tasks/NV-02 is a page, not a file).
 */
export function createPortalServer(dir: string, config: () => PortalConfig): http.Server {
  const root = path.resolve(dir);
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const security = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'DENY',
      'content-security-policy': contentSecurityPolicy([new URL(config().apiUrl).origin]),
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...security });
      return res.end();
    }
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store', ...security });
      return res.end(JSON.stringify(config()));
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', ...security });
      return res.end('Bad request');
    }
    let file = path.resolve(root, '.' + decoded);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      // A path with an extension that is not there is a missing file; any other is a page.
      if (path.extname(url.pathname)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...security });
        return res.end('Not found');
      }
      file = path.join(root, 'index.html');
    }
    const hashed = file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...security,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  });
}
