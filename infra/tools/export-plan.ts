/**
 * `npm run export:plan -- <plan folder> <out.xlsx>`: the plan's CSV tables as one workbook (a
 * sheet per table), for a city office to fill in and import back with `npm run import -- <out.xlsx>`.
 */
import fs from 'node:fs';
import { readPlanDir } from '../../shared/io/plan-files';
import { filesToWorkbook } from '../../shared/io/plan-xlsx';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  process.stderr.write('usage: npm run export:plan -- <plan folder> <out.xlsx>\n');
  process.exit(2);
}
fs.writeFileSync(out, await filesToWorkbook(readPlanDir(dir)));
process.stdout.write(`Wrote ${out}.\n`);
