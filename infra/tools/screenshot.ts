/**
 * `npm run screenshot -- <file.html> <out.png> [width]`: renders an email (a digest written by
 * `npm run digest`, or any saved message) in headless Chromium at phone width, to look at it as
 * a reader would. Needs Debian's `chromium` (apt-get install chromium); keep the PNG out of the repo.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [input, out, width = '420'] = process.argv.slice(2);
if (!input || !out || !fs.existsSync(input) || !fs.statSync(input).isFile()) {
  process.stderr.write('usage: npm run screenshot -- <file.html> <out.png> [width, default 420]\n');
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-chromium-'));
const r = spawnSync(
  'chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    // No network beyond the file: an email must not need any.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--hide-scrollbars',
    `--window-size=${width},4000`,
    `--screenshot=${path.resolve(out)}`,
    `file://${path.resolve(input)}`,
  ],
  { encoding: 'utf8' },
);
fs.rmSync(profile, { recursive: true, force: true });
if (r.error) {
  process.stderr.write('Chromium is not installed: apt-get install chromium\n');
  process.exit(1);
}
process.stdout.write(fs.existsSync(out) ? `Wrote ${out}\n` : `Chromium did not write ${out}: ${r.stderr.split('\n').slice(-3).join(' ')}\n`);
