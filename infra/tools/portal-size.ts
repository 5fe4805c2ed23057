/**
 * `npm run portal:size`: builds the portal and prints the size of the JavaScript and CSS a browser
 * loads for the first page, raw and gzip (level 9), as a CDN would serve them compressed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPortal } from '../emulator/portal';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-portal-size-'));
try {
  await buildPortal(out);
  const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let js = 0;
  for (const f of files) {
    const body = fs.readFileSync(path.join(out, f));
    const gz = gzipSync(body, { level: 9 }).length;
    if (f.endsWith('.js')) js += gz;
    process.stdout.write(`${f.padEnd(36)} ${String(body.length).padStart(8)} B   gzip ${String(gz).padStart(7)} B\n`);
  }
  process.stdout.write(`JavaScript of the first page, gzip: ${(js / 1024).toFixed(1)} KiB\n`);
} finally {
  fs.rmSync(out, { recursive: true, force: true });
}
