/**
 * One pass of the soak (see main.ts): the local runtime on in-memory stand-ins, a frozen clock
 * moved a working day at a time through a quarter, the seeded workload, and (with --faults) the
 * injected faults. Writes what it ended with (state, sent mail, DLQ contents) as JSON to --out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startLocal, type LocalSystem } from '../../emulator/runtime';
import { listDlqs, dlqTotal, redriveDlq, showDlq, type DlqContext } from '../../tools/dlq-ops';
import { bus, failedRuns, functions, type QueueName } from '../../topology';
import type { FailedRun } from '../../emulator/lambda';
import { docClient, instrumentClients } from '../../../shared/runtime/clients';
import { keyFromLedgerTag, LEDGER_TAG } from '../../../shared/data/ledger';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { decodeCursor } from '../../../shared/data/table';
import { listTasks } from '../../../shared/data/tasks';
import type { TaskDef } from '../../../shared/domain/plan';
import type { TaskUpdateMessage } from '../../../events/task-update';
import { INDICATOR_SOURCE } from '../../../events/indicator';
import { FaultInjector, faultOptions, ratesFrom, seeded } from './faults';
import { buildWorkload, type SoakEvent } from './workload';
import { canonicalItems, type PassResult } from './compare';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    ...faultOptions(() => '0'),
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '2026-01-05' },
    days: { type: 'string', default: '91' },
    faults: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
const rates = ratesFrom(values);
if ('bad' in rates) throw new Error(`--${rates.bad}: not a probability (${String(rates.value)})`);
const faults = values.faults ? new FaultInjector(rates, seeded(seed * 7919 + 17)) : undefined;
const started = performance.now();
/** Progress for the reader, through the parent (this process's own output is its log). */
const progress = (msg: string) => (process.send ? process.send(msg) : process.stderr.write(`${msg}\n`));

if (faults) instrumentClients(faults.instrument);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-soak-'));
// 06:00 in Hanoi the day before the quarter: the sample plan and values load at that moment.
const startAt = new Date(Date.parse(`${values.start}T00:00:00Z`) - 25 * 3600_000);
const sys = await startLocal({
  ports: { api: 0, inbox: 0, dynamodb: 0, sqs: 0, events: 0, portal: 0 },
  dataDir,
  persist: false,
  loadSample: true,
  frozenClockAt: startAt,
  // Links in emails name one address in both passes (each pass has its own ports).
  appUrl: 'https://dondoc.example.gov.vn',
  ...(faults ? { faults: { invoke: faults.invoke, duplicate: faults.duplicate, redeliverAtOnce: faults.redeliverAtOnce, sesEvent: faults.sesEvent } } : {}),
});

async function settle(what: string): Promise<void> {
  const r = await sys.drain(600_000);
  if (!r.drained) throw new Error(`the system did not settle after ${what}: ${JSON.stringify(r.queues)}`);
}

async function allTasks(): Promise<TaskDef[]> {
  const out: TaskDef[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listTasks({ limit: 200, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ? decodeCursor(page.nextCursor) : undefined;
  } while (cursor);
  return out;
}

/** Sends a day's events the way they enter the system: queue messages, and events on the bus. */
async function send(s: LocalSystem, events: SoakEvent[]): Promise<void> {
  const byQueue: Record<string, string[]> = { 'task-updates': [], 'indicator-ingest': [] };
  const onBus: SoakEvent[] = [];
  for (const e of events) {
    if (e.kind === 'task-update') byQueue['task-updates']!.push(JSON.stringify(e.message));
    else if (e.kind === 'indicator-value') byQueue['indicator-ingest']!.push(JSON.stringify(e.message));
    else onBus.push(e);
  }
  for (const [queue, bodies] of Object.entries(byQueue)) {
    for (let i = 0; i < bodies.length; i += 10) {
      await s.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: s.queues[queue as QueueName].url,
          Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b })),
        }),
      );
    }
  }
  const eb = new EventBridgeClient({
    endpoint: s.urls.events,
    region: process.env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (let i = 0; i < onBus.length; i += 10) {
    const entries = onBus.slice(i, i + 10).map((e) => ({
      Source: INDICATOR_SOURCE,
      DetailType: 'IndicatorValueReported',
      EventBusName: bus.name,
      Detail: JSON.stringify((e as { detail: unknown }).detail),
    }));
    const out = await eb.send(new PutEventsCommand({ Entries: entries }));
    if (out.FailedEntryCount) throw new Error(`PutEvents refused ${out.FailedEntryCount} events`);
  }
}

/**
 * Updates to one task processed at the same moment by separate invocations (as Lambda scales
 * out over a burst): only conditional writes keep them from overwriting each other. A failed
 * invocation is delivered again, as SQS would.
 */
async function race(s: LocalSystem, messages: TaskUpdateMessage[]): Promise<void> {
  await Promise.all(
    messages.map(async (m) => {
      const record = {
        messageId: m.updateId,
        receiptHandle: m.updateId,
        body: JSON.stringify(m),
        attributes: { ApproximateReceiveCount: '1' },
        messageAttributes: {},
      };
      for (let attempt = 1; attempt <= 20; attempt++) {
        try {
          const out = await s.lambda.invoke<SQSBatchResponse>('task-update', { Records: [record] } as unknown as SQSEvent);
          if (!out?.batchItemFailures?.length) return;
        } catch {
          // crashed: delivered again
        }
      }
      throw new Error(`race update ${m.updateId} never succeeded`);
    }),
  );
}

/** How much mail is still on its way to a mailbox: queued, or claimed and not yet confirmed. */
async function mailInFlight(): Promise<number> {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(
      new ScanCommand({
        TableName: process.env.TABLE_NAME,
        ExclusiveStartKey: start,
        FilterExpression: 'entity = :m AND #s IN (:q, :s, :u)',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':m': 'mail', ':q': 'queued', ':s': 'sending', ':u': 'unconfirmed' },
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
}

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

try {
  // Both passes start from the same state: the sample plan and its values, loaded without faults.
  await settle('loading the sample plan');
  if (faults) faults.enabled = true;
  const dir = await loadDirectory();
  const workload = buildWorkload({
    events: Number(values.events),
    random: seeded(seed),
    start: values.start!,
    days: Number(values.days),
    tasks: await allTasks(),
    indicators: dir.indicators,
  });
  const events = workload.flatMap((d) => [...d.events, ...d.race.map((message): SoakEvent => ({ kind: 'task-update', message }))]);
  progress(`${events.length} events over ${workload.length} working days`);

  // Anything that exhausts its receives under the injected faults lands in a DLQ, whose alarm
  // fires: each day, as the operator on call would (npm run dlq -- show, then redrive), look at
  // it and send it back, and let it through before the next day's runs.
  const ctx: DlqContext = { sqs: sys.sqs, target: { kind: 'local' } };
  const dlq: PassResult['dlq'] = [];
  const redrive = async (date: string) => {
    for (const row of await listDlqs(ctx)) {
      if (!dlqTotal(row)) continue;
      const shown = await showDlq(ctx, row.queue, { limit: 10 });
      dlq.push({
        queue: row.queue,
        date,
        count: dlqTotal(row),
        messages: shown.messages.map((m) => ({ receiveCount: m.receiveCount, body: m.body.slice(0, 300) })),
      });
      await redriveDlq(ctx, row.queue, { manual: true });
      await settle(`the redrive of ${row.queue} on ${date}`);
    }
    // A scheduled or event-driven run that failed Lambda's three attempts is in the failed-runs
    // queue (its alarm fires): run it again with the event it holds, as on-call would.
    for (let round = 0; round < 50; round++) {
      const out = await sys.sqs.send(new ReceiveMessageCommand({ QueueUrl: sys.failedRunsUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!out.Messages?.length) break;
      for (const m of out.Messages) {
        const record = JSON.parse(m.Body ?? '{}') as FailedRun;
        const fn = functions.find((f) => record.requestContext.functionArn.endsWith(`:dondoc-${f.name}:$LATEST`));
        if (!fn) throw new Error(`failed run of an unknown function: ${record.requestContext.functionArn}`);
        dlq.push({
          queue: failedRuns.name,
          date,
          count: 1,
          messages: [{ receiveCount: record.requestContext.approximateInvokeCount, body: JSON.stringify(record.requestPayload).slice(0, 300) }],
        });
        await sys.sqs.send(new DeleteMessageCommand({ QueueUrl: sys.failedRunsUrl, ReceiptHandle: m.ReceiptHandle }));
        await sys.lambda.invokeAsync(fn.name, record.requestPayload);
      }
      await settle(`the failed runs of ${date}`);
    }
  };

  for (const [i, day] of workload.entries()) {
    // 08:00 in Hanoi: the day's 07:00 deadline run, 07:15 indicator check and Monday's digest fire.
    sys.clock.set(new Date(`${day.date}T01:00:00Z`));
    await settle(`the scheduled runs of ${day.date}`);
    await redrive(day.date);
    await send(sys, day.events);
    if (day.race.length) await race(sys, day.race);
    await settle(`the events of ${day.date}`);
    await redrive(day.date);
    if (i % 10 === 9) progress(`${day.date}: ${i + 1} days, ${sys.sentEmails.length} emails so far`);
  }

  // Mail whose sending attempt died before SES took it waits for its claim's lease to end: move
  // an hour on (the 5-minute outbox sweep fires as the clock moves) and sweep once more. Both
  // passes do this, so the state stays comparable.
  for (let round = 0; round < 5; round++) {
    sys.clock.advance(3600_000);
    await sys.scheduler.run('outbox-sweep');
    await settle('the outbox sweep');
    await redrive('the end');
    if (!(await mailInFlight())) break;
  }

  const items = await scanAll();
  // An event is applied when its effect is in the table: the update in the task's history, the
  // value among the indicator's values (at whatever revision stage it came).
  const keys = new Set(items.map((i) => `${String(i.pk)}|${String(i.sk)}`));
  const stored = new Set(
    items
      .filter((i) => String(i.sk).startsWith('VALUE#'))
      .map((i) => {
        const [, period, , value] = String(i.sk).split('#');
        return `${String(i.pk)}|${period}|${value}`;
      }),
  );
  const applied = events.filter((e) => {
    if (e.kind === 'task-update') return keys.has(`TASK#${e.message.taskId}|UPDATE#${e.message.receivedAt}#${e.message.updateId}`);
    const v = e.kind === 'indicator-value' ? e.message : e.detail;
    return stored.has(`INDICATOR#${v.indicatorId}|${v.period}|${v.value}`);
  }).length;
  const emails: Record<string, number> = {};
  for (const m of sys.sentEmails) {
    const tag = m.tags[LEDGER_TAG]?.[0];
    const key = tag ? keyFromLedgerTag(tag) : `(no ledger key) ${m.messageId}`;
    emails[key] = (emails[key] ?? 0) + 1;
  }
  const result: PassResult = {
    events: events.length,
    applied,
    emails,
    state: canonicalItems(items),
    dlq,
    faults: faults?.counts ?? {},
    unknowable: faults ? [...faults.unknownSends].filter((k) => faults.withheldSendEvents.has(k)) : [],
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  fs.writeFileSync(values.out ?? path.join(dataDir, 'result.json'), JSON.stringify(result));
  progress(`done in ${result.seconds} s: ${result.applied}/${result.events} applied, ${sys.sentEmails.length} emails`);
} finally {
  // Invocations that died in an injected crash never finish; stop waits for the stand-ins only so long.
  await Promise.race([sys.stop(), new Promise((r) => setTimeout(r, 20_000).unref())]);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(process.exitCode ?? 0);
}
