/** Shared by the benchmarks: DynamoDB Local and fauxqs on free ports, and synthetic tasks. */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_REGION } from '../../emulator/config';
import { ensureQueues } from '../../emulator/resources';
import { freePort, startDynamoDb, startSqs } from '../../emulator/services';
import { docClient } from '../../../shared/runtime/clients';
import { WAKE_NOW } from '../../../shared/data/wake-index';
import { setClock } from '../../../shared/runtime/clock';
import { parseDeadline } from '../../../shared/domain/deadline';
import { queueUrlEnv } from '../../../shared/runtime/config';

const AGENCIES = ['SO-TC', 'SO-XD', 'SO-NNMT', 'SO-KHCN', 'SO-CT', 'P-HOANKIEM', 'X-SOCSON'];

/** One task item as the store writes it: due ones wake today; the rest are done or wake later. */
export function taskItem(i: number, DUE: number) {
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

export async function seed(tableName: string, n: number, due: number): Promise<void> {
  const items = Array.from({ length: n }, (_, i) => taskItem(i, due));
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

/** Starts the stores, points the SDK at them, and fixes the clock at 07:05 (Hanoi) on `today`. */
export async function startBenchStores(today: string) {
  const ddbPort = await freePort();
  const ddb = await startDynamoDb(ddbPort);
  const sqsServer = await startSqs(0);
  const restoreClock = setClock(() => new Date(`${today}T00:05:00Z`));
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
  for (const q of Object.keys(queues) as Array<keyof typeof queues>) process.env[queueUrlEnv(q)] = queues[q].url;
  return {
    raw,
    stop: async () => {
      restoreClock();
      await sqsServer.stop();
      await ddb.stop();
    },
  };
}

/** Prints a table with right-aligned columns. */
export function printTable(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i]!)).join(' | ') + ' |';
  process.stdout.write(['', title, '', line(head), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line), ''].join('\n') + '\n');
}
