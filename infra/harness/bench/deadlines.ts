/**
 * `npm run bench:deadlines [-- --tasks N[,N...] --due M]`: one day's deadline run as the table grows.
 *
 * For each size (by default 1,000 / 10,000 / 100,000 tasks, of which 500 are due: in the reminder
 * window or overdue), it seeds DynamoDB Local, invokes the real deadline function (which reads the
 * wake index and fans the due tasks out onto the deadline-tasks queue) and then the real consumer
 * on that queue's batches, a few invocations side by side as Lambda scales out, until the queue is
 * empty. It prints the items read (wake index and per-task reads), the read capacity DynamoDB
 * reports, the notices written, the run's wall time (fan-out and consumption) and the notices per
 * second; and it checks that exactly the due tasks got a notice, each once (ledger items, history
 * items and email queue messages).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { LOCAL_REGION, SAMPLE_PLAN_DIR } from '../../emulator/config';
import { LocalLambda } from '../../emulator/lambda';
import { ensureTable } from '../../emulator/resources';
import { consumerOf } from '../../topology';
import { docClient, resetClients } from '../../../shared/runtime/clients';
import { queueUrlEnv } from '../../../shared/runtime/config';
import { savePlan } from '../../../shared/data/plan-directory';
import { printTable, seed, startBenchStores } from './seed';
import { parsePlan } from '../../../shared/io/plan-import';
import { readPlanDir } from '../../../shared/io/plan-files';
import type { DeadlineRunResult } from '../../../functions/deadline/handler';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000,10000,100000' },
    due: { type: 'string', default: '500' },
    /** Consumer invocations side by side (Lambda would scale out further). */
    concurrency: { type: 'string', default: '4' },
  },
});
const sizes = values
  .tasks!.split(',')
  .map(Number)
  .filter((n) => n > 0);
const DUE = Number(values.due);
const CONCURRENCY = Math.max(1, Number(values.concurrency));
if (!sizes.length || !(DUE > 0) || sizes.some((n) => n < DUE)) {
  process.stderr.write('bench:deadlines: --tasks N[,N...] --due M, with M > 0 and every N >= M\n');
  process.exit(2);
}
const TODAY = '2025-10-20'; // a Monday
const SCHEDULED = `${TODAY}T00:00:00Z`; // 07:00 in Hanoi
const bench = await startBenchStores(TODAY);
let failed = false;
try {
  const { totals } = await import('../../../functions/deadline-task/handler');
  const lambda = new LocalLambda();
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    endpoint: process.env.AWS_ENDPOINT_URL_SQS,
    useQueueUrlAsEndpoint: false,
  });
  const tasksQueue = process.env[queueUrlEnv('deadline-tasks')]!;
  const emailQueue = process.env[queueUrlEnv('email')]!;
  const batchSize = consumerOf('deadline-tasks').trigger.batchSize;
  const depth = async (url: string) => {
    const a = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };
  /** The event source mapping: receive a batch, invoke the consumer, delete what succeeded. */
  const consume = async () => {
    let invocations = 0;
    const worker = async () => {
      for (let empty = 0; empty < 3;) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: tasksQueue, MaxNumberOfMessages: batchSize, WaitTimeSeconds: 0 }));
        const messages = out.Messages ?? [];
        if (!messages.length) {
          empty = (await depth(tasksQueue)) === 0 ? empty + 1 : 0;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        empty = 0;
        invocations++;
        const event = {
          Records: messages.map((m) => ({ messageId: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body, attributes: {}, messageAttributes: {} })),
        } as unknown as SQSEvent;
        const res = await lambda.invoke<SQSBatchResponse>('deadline-task', event);
        const bad = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        if (bad.size) throw new Error(`the consumer failed ${bad.size} record(s)`);
        await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: tasksQueue, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }),
        );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return invocations;
  };
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
    const before = { ...totals, email: await depth(emailQueue) };
    const t0 = performance.now();
    const r = await lambda.invoke<DeadlineRunResult>('deadline', { schedule: 'deadline-daily', scheduledTime: SCHEDULED });
    const fanOutMs = performance.now() - t0;
    const invocations = await consume();
    const ms = performance.now() - t0;
    const notices = totals.notice - before.notice;
    const perTaskReads =
      totals.notice +
      totals.lost +
      totals.state +
      totals.unchanged +
      totals['not-due'] -
      (before.notice + before.lost + before.state + before.unchanged + before['not-due']);
    const rcu = r.consumedCapacity + totals.consumedCapacity - before.consumedCapacity;

    // Each due task got exactly one notice: one ledger key and one history item per task, one email message each.
    const ledger = new Map<string, number>();
    let history = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await docClient().send(
        new ScanCommand({
          TableName: tableName,
          ExclusiveStartKey: start,
          FilterExpression: 'begins_with(pk, :m) OR entity = :n',
          ExpressionAttributeValues: { ':m': 'MAIL#notice#', ':n': 'notice' },
          ProjectionExpression: 'pk, entity, taskId',
        }),
      );
      for (const i of out.Items ?? []) {
        if (i.entity === 'notice') history++;
        else {
          const task = String(i.pk).split('#')[2]!;
          ledger.set(task, (ledger.get(task) ?? 0) + 1);
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
    const emails = (await depth(emailQueue)) - before.email;
    const once = ledger.size === DUE && [...ledger.values()].every((c) => c === 1) && history === DUE && emails === DUE && notices === DUE;
    if (!once) {
      failed = true;
      process.stderr.write(
        `bench:deadlines: ${n} tasks: expected ${DUE} notices, each once; got notices=${notices} ledger=${ledger.size} (max ${Math.max(0, ...ledger.values())} per task) history=${history} emails=${emails}\n`,
      );
    }
    rows.push([
      n.toLocaleString('en'),
      DUE.toLocaleString('en'),
      String(r.scanned + perTaskReads),
      rcu.toFixed(1),
      notices.toLocaleString('en'),
      once ? 'yes' : 'NO',
      `${Math.round(fanOutMs)} ms`,
      String(invocations),
      `${(ms / 1000).toFixed(1)} s`,
      String(Math.round(notices / (ms / 1000))),
      `${seedS.toFixed(1)} s`,
    ]);
    await bench.raw.send(new DeleteTableCommand({ TableName: tableName }));
  }
  const head = [
    'tasks',
    'due',
    'items read',
    'read capacity (RCU)',
    'notices',
    'each once',
    'fan-out',
    'consumer invocations',
    'run wall time',
    'notices/s',
    'seeding',
  ];
  printTable(
    `bench:deadlines — one deadline run against DynamoDB Local and fauxqs: fan-out, then the consumer (${CONCURRENCY} side by side, batches of ${batchSize})`,
    head,
    rows,
  );
} finally {
  await bench.stop();
}
process.exit(failed ? 1 : 0);
