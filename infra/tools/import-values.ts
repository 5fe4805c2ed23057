/**
 * `npm run import:values -- <values.csv>`: validates indicator values row by row against the
 * plan and, only if every row is valid, puts them on the indicator-ingest queue (the same path
 * as the API's upload). Columns: indicator,period,value,unit,revision,source.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { now } from '../../shared/runtime/clock';
import { sqsClient } from '../../shared/runtime/clients';
import { loadDirectory } from '../../shared/data/plan-directory';
import { enqueueValues } from '../../shared/data/indicator-ingest';
import { PlanImportError, VALUE_YEARS, formatIssue } from '../../shared/io/plan-import';
import { parseValuesCsv } from '../../shared/io/values-csv';
import { explainConnectionError, useTarget } from './target';
import { queueUrlEnv } from '../../shared/runtime/config';

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  process.stderr.write('usage: npm run import:values -- <values.csv>  (columns: indicator,period,value,unit,revision,source)\n');
  process.exit(2);
}
const target = useTarget();
try {
  const dir = await loadDirectory();
  if (!dir.indicators.length) throw new Error('No plan is loaded: import a plan first (npm run import -- <folder>).');
  let records;
  try {
    records = parseValuesCsv(path.basename(file), fs.readFileSync(file, 'utf8'), dir.indicators, VALUE_YEARS);
  } catch (e) {
    if (!(e instanceof PlanImportError)) throw e;
    process.stderr.write(`${file}: ${e.issues.length} problem(s); nothing was imported.\n`);
    for (const i of e.issues) process.stderr.write(`  ${formatIssue(i)}\n`);
    process.exit(1);
  }
  const env = queueUrlEnv('indicator-ingest');
  if (!process.env[env]) {
    if (target === 'aws') throw new Error(`Set ${env} to the stack's indicator-ingest queue URL (a stack output).`);
    process.env[env] = (await sqsClient().send(new GetQueueUrlCommand({ QueueName: 'indicator-ingest' }))).QueueUrl;
  }
  await enqueueValues(records, { sub: process.env.USER ?? 'cli', role: 'statistics' }, `cli-${now().toISOString()}`, now());
  process.stdout.write(`Queued ${records.length} value(s) from ${file} for the indicator function.\n`);
} catch (e) {
  process.stderr.write(`${explainConnectionError(e, target)}\n`);
  process.exit(1);
}
