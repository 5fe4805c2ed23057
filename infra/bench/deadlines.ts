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
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_REGION, SAMPLE_PLAN_DIR } from '../local/config';
import { ensureQueues, ensureTable } from '../local/resources';
import { freePort, startDynamoDb, startSqs } from '../local/services';
import { docClient, resetClients } from '../../shared/data/clients';
import { savePlan, WAKE_NOW } from '../../shared/data/store';
import { setClock } from '../../shared/clock';
import { parseDeadline } from '../../shared/domain/deadline';
import { parsePlan } from '../../shared/plan/import';
import { readPlanDir } from '../../shared/plan/files';
import { queueUrlEnv } from '../topology';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = SIZES.length ? SIZES : [1_000, 10_000, 100_000];
const DUE = 500;
const TODAY = '2025-10-20'; // a Monday
const AGENCIES = ['SO-TC', 'SO-XD', 'SO-NNMT', 'SO-KHCN', 'SO-CT', 'P-HOANKIEM', 'X-SOCSON'];

/** One task item as the store writes it: due ones wake today; the rest are done or wake later. */
function taskItem(i: number) {
  const id = `NV-${String(i + 1).padStart(4, '0')}`;
  const due = i < DUE;
  const completed = !due && i % 2 === 0;
  const dueDate = due ? (i % 3 === 0 ? '2025-10-21' : i % 3 === 1 ? '2025-10-10' : '2025-09-15') : `2026-${String((i % 12) + 1).padStart(2, '0')}-28`;
  const agency = AGENCIES[i % AGENCIES.length]!;
  return {
    pk: `TASK#${id}`,
    sk: 'TASK',
    entity: 'task',
    id,
    group: (i % 4) + 1,
    title: `Nhiệm vụ thử tải số ${i + 1}`,
    deliverable: 'Báo cáo',
    leadAgency: agency,
    coAgencies: [],
    deadline: parseDeadline(`${Number(dueDate.slice(8))}/${Number(dueDate.slice(5, 7))}/${dueDate.slice(0, 4)}`),
    field: 'kinh-te',
    progress: completed ? 100 : 40,
    ...(completed ? { completedOn: '2025-09-01' } : { gsi3pk: 'WAKE', gsi3sk: `${due ? WAKE_NOW : '2026-01-05'}#${id}` }),
    waitingOnCoAgency: false,
    version: 1,
    deadlineVersion: 0,
    assignedOn: '2025-09-01',
    lastUpdate: { updateId: 'seed', at: '2025-10-01T02:00:00.000Z', note: 'Đang triển khai', agency },
    gsi1pk: 'TASKS',
    gsi1sk: `${dueDate}#${id}`,
    gsi2pk: `AGENCY#${agency}`,
    gsi2sk: `${dueDate}#${id}`,
  };
}

async function seed(tableName: string, n: number): Promise<void> {
  const items = Array.from({ length: n }, (_, i) => taskItem(i));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, (next += 25));
      let pending: Array<Record<string, unknown>> = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await docClient().send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

const ddbPort = await freePort();
const ddb = await startDynamoDb(ddbPort);
const sqsServer = await startSqs(0);
const restoreClock = setClock(() => new Date(`${TODAY}T00:05:00Z`));
try {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${ddbPort}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${sqsServer.port}`,
    APP_URL: 'http://localhost:3000',
    LOG_LEVEL: 'warn',
  });
  const config = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const raw = new DynamoDBClient({ ...config, endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
  const queues = await ensureQueues(new SQSClient({ ...config, endpoint: process.env.AWS_ENDPOINT_URL_SQS, useQueueUrlAsEndpoint: false }));
  process.env[queueUrlEnv('email')] = queues.email.url;
  const { run } = await import('../../functions/deadline/handler');
  const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));

  const rows: string[][] = [];
  for (const n of sizes) {
    const tableName = `bench-${n}`;
    process.env.TABLE_NAME = tableName;
    resetClients();
    await ensureTable(raw, tableName);
    await savePlan({ ...plan, tasks: [] }, TODAY);
    const s0 = performance.now();
    await seed(tableName, n);
    const seedS = (performance.now() - s0) / 1000;
    const t0 = performance.now();
    const r = await run();
    const ms = performance.now() - t0;
    rows.push([n.toLocaleString('en'), String(DUE), String(r.scanned), r.consumedCapacity.toFixed(1), String(r.notices), `${Math.round(ms)} ms`, `${seedS.toFixed(1)} s`]);
    await raw.send(new DeleteTableCommand({ TableName: tableName }));
  }
  const head = ['tasks', 'due', 'items read', 'read capacity (RCU)', 'notices', 'run wall time', 'seeding'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  process.stdout.write(['', 'bench:deadlines — one deadline run against DynamoDB Local (wake index)', '', line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line), ''].join('\n') + '\n');
} finally {
  restoreClock();
  await sqsServer.stop();
  await ddb.stop();
}
