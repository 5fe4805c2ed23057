/**
 * `npm run import -- <plan folder>`: validates a plan (every row, every file) and loads it.
 * A plan with any error is not loaded at all; each error names the file, line and column.
 */
import { seedCalendar } from '../../shared/data/calendar';
import { savePlan } from '../../shared/data/plan-directory';
import { now } from '../../shared/runtime/clock';
import { localDate } from '../../shared/domain/dates';
import { PlanImportError, formatIssue, parsePlan } from '../../shared/io/plan-import';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlanWorkbook } from '../../shared/io/plan-xlsx';
import { ValidationError } from '../../shared/domain/errors';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { explainConnectionError, useTarget } from './target';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write(
    'usage: npm run import -- <folder with plan.csv, groups.csv, leaders.csv, agencies.csv, tasks.csv, indicators.csv | plan.xlsx with those sheets>\n',
  );
  process.exit(2);
}
let plan;
const xlsx = /\.xlsx$/i.test(dir);
try {
  plan = xlsx ? await parsePlanWorkbook(fs.readFileSync(dir), path.basename(dir)) : parsePlan(readPlanDir(dir));
} catch (e) {
  if (e instanceof ValidationError) {
    process.stderr.write(`${dir}: ${e.issues.map((i) => `${i.en} / ${i.vi}`).join('; ')}\n`);
    process.exit(1);
  }
  if (e instanceof PlanImportError) {
    process.stderr.write(`${dir}: ${e.issues.length} problem(s); nothing was imported.\n`);
    for (const i of e.issues) process.stderr.write(`  ${formatIssue(i)}\n`);
  } else process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
const target = useTarget();
try {
  // The history records the import as the city office's, by the operating-system user who ran it.
  const counts = await savePlan(plan, localDate(now()), {
    actor: { sub: `cli:${os.userInfo().username}`, role: 'office' },
    at: now().toISOString(),
    requestId: `cli-${randomUUID()}`,
  });
  // The first import copies the bundled working-day calendar into the table (once).
  await seedCalendar();
  process.stdout.write(
    `Imported ${plan.meta.code} into the ${target === 'local' ? 'local system' : `table ${process.env.TABLE_NAME}`}: ` +
      `${counts.tasks} tasks, ${counts.indicators} indicators, ${counts.agencies} agencies.\n`,
  );
} catch (e) {
  process.stderr.write(`${explainConnectionError(e, target)}\n`);
  process.exit(1);
}
