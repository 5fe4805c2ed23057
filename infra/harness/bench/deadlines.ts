/**
 * `npm run bench:deadlines`: what the daily deadline run reads as the table grows.
 *
 * For 1,000 / 10,000 / 100,000 tasks, of which a fixed 500 are due (in the reminder window or
 * overdue), it seeds DynamoDB Local, runs the real deadline function once and prints the items
 * the run read from the wake index (ScannedCount), the read capacity DynamoDB reports, the
 * notices written and the wall time. Only the 500 should be read, whatever the table size.
 * Sizes can be chosen: `npm run bench:deadlines -- 1000 5000`.
 */
import { performance } from 'node:perf_hooks';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { SAMPLE_PLAN_DIR } from '../../emulator/config';
import { ensureTable } from '../../emulator/resources';
import { resetClients } from '../../../shared/runtime/clients';
import { savePlan } from '../../../shared/data/plan-directory';
import { printTable, seed, startBenchStores } from './seed';
import { parsePlan } from '../../../shared/io/plan-import';
import { readPlanDir } from '../../../shared/io/plan-files';

const SIZES = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [1_000, 10_000, 100_000];
const DUE = 500;
const TODAY = '2025-10-20'; // a Monday
const bench = await startBenchStores(TODAY);
try {
  const { run } = await import('../../../functions/deadline/handler');
  const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));

  const rows: string[][] = [];
  for (const n of sizes) {
    const tableName = `bench-${n}`;
    process.env.TABLE_NAME = tableName;
    resetClients();
    await ensureTable(bench.raw, tableName);
    await savePlan({ ...plan, tasks: [] }, TODAY, { actor: { sub: 'bench', role: 'system' }, at: `${TODAY}T00:00:00Z`, requestId: 'bench' });
    const s0 = performance.now();
    await seed(tableName, n, DUE);
    const seedS = (performance.now() - s0) / 1000;
    const t0 = performance.now();
    const r = await run();
    const ms = performance.now() - t0;
    rows.push([
      n.toLocaleString('en'),
      String(DUE),
      String(r.scanned),
      r.consumedCapacity.toFixed(1),
      String(r.notices),
      `${Math.round(ms)} ms`,
      `${seedS.toFixed(1)} s`,
    ]);
    await bench.raw.send(new DeleteTableCommand({ TableName: tableName }));
  }
  const head = ['tasks', 'due', 'items read', 'read capacity (RCU)', 'notices', 'run wall time', 'seeding'];
  printTable('bench:deadlines — one deadline run against DynamoDB Local (wake index)', head, rows);
} finally {
  await bench.stop();
}
