/**
 * `npm run bench:init`: bundle size and module initialisation time of each function.
 *
 * Bundles every function of the topology as the stack does (esbuild, ESM, minified, the AWS SDK
 * left to the runtime), then imports each bundle in a fresh Node process five times and prints
 * the median time of the import: the part of a Lambda cold start ("Init Duration") that the
 * code itself adds. Measured on this machine's Node, not in Lambda.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../../emulator/config';
import { ESM_REQUIRE_BANNER, EXTERNAL_MODULES } from '../../cdk/stack';
import { functions } from '../../topology';
import { printTable } from './seed';

const RUNS = 5;
// Inside the repository, so that the SDK left external resolves from its node_modules.
const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.dondoc-init-'));
const rows: string[][] = [];
try {
  for (const fn of functions) {
    const outfile = path.join(dir, `${fn.name}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, fn.entry)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      mainFields: ['module', 'main'],
      banner: { js: ESM_REQUIRE_BANNER },
      external: EXTERNAL_MODULES,
      outfile,
      logLevel: 'error',
    });
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, AWS_REGION: 'ap-southeast-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      if (r.status !== 0) throw new Error(`${fn.name}: ${r.stderr}`);
      times.push(Number(r.stdout));
    }
    times.sort((a, b) => a - b);
    rows.push([
      fn.name,
      `${Math.round(fs.statSync(outfile).size / 1024)} KB`,
      `${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms`,
      `${times[0]!.toFixed(0)}–${times[RUNS - 1]!.toFixed(0)} ms`,
    ]);
  }
  printTable(
    `bench:init — bundles as deployed, imported ${RUNS} times each in a fresh Node ${process.version}`,
    ['function', 'bundle', 'init (median)', 'range'],
    rows,
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
