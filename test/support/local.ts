import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocal, type LocalOptions, type LocalSystem } from '../../infra/emulator/runtime';
import { issueToken, type TokenRequest } from '../../infra/emulator/jwt';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskUpdateMessage } from '../../events/task-update';
import { docClient } from '../../shared/runtime/clients';
import { stableJson } from '../../shared/runtime/json';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { savePlan } from '../../shared/data/plan-directory';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';

/**
 * Starts the whole local system for a test file: real DynamoDB Local (in memory), fauxqs, SES
 * local and the in-process bus, scheduler and API, on free ports, with the sample plan.
 */
export async function startTestSystem(
  opts: { loadSample?: boolean; faults?: LocalOptions['faults']; portal?: boolean } = {},
): Promise<LocalSystem & { token(r: TokenRequest): Promise<string>; cleanup(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-test-'));
  const start = () =>
    startLocal({
      ports: { api: 0, inbox: 0, dynamodb: 0, sqs: 0, events: 0, portal: 0 },
      dataDir,
      persist: false,
      loadSample: opts.loadSample ?? true,
      ...(opts.faults ? { faults: opts.faults } : {}),
      ...(opts.portal ? { portal: true } : {}),
    });
  // Free ports are picked before the stand-ins bind them (DynamoDB Local needs its number up
  // front): a test file starting beside this one may take one in between. Start again then.
  let sys: LocalSystem;
  for (let attempt = 1; ; attempt++) {
    try {
      sys = await start();
      break;
    } catch (e) {
      if (attempt >= 3 || !String((e as Error).message).includes('EADDRINUSE')) throw e;
    }
  }
  return {
    ...sys,
    token: (r) => issueToken(sys.keys, r),
    cleanup: async () => {
      await sys.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      // Every function did its work within its table grants: a refusal fails the file.
      if (sys.tableDenials.length) throw new Error(`DynamoDB requests outside the functions' table grants: ${JSON.stringify(sys.tableDenials)}`);
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The whole table as one fingerprint (item count and a hash of every item, keys in order): equal
 * before and after a request means it wrote nothing.
 */
export async function tableHash(): Promise<string> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const i of out.Items ?? []) items.push(stableJson(i));
    start = out.LastEvaluatedKey;
  } while (start);
  const h = createHash('sha256');
  for (const i of items.sort()) h.update(i);
  return `${items.length}:${h.digest('hex')}`;
}

/** A progress report from the Department of Finance, as the API puts it on the task-updates queue. */
export const taskUpdateMessage = (taskId: string, progress: number, receivedAt = new Date().toISOString()): TaskUpdateMessage => ({
  type: 'TaskUpdate',
  updateId: randomUUID(),
  taskId,
  receivedAt,
  kind: 'progress',
  progress,
  note: `tiến độ ${progress}%`,
  actor: { sub: 'test', role: 'agency', agency: 'SO-TC' },
  requestId: randomUUID(),
  correlationId: randomUUID(),
});

/**
 * Loads the sample plan with these tasks (a tasks.csv text) as a programme signed on 20/9/2025,
 * its tasks assigned that day: the deadline tests' starting point.
 */
export async function loadPlanSigned20Sep2025(tasksCsv: string): Promise<void> {
  const plan = parsePlan({ ...readPlanDir(SAMPLE_PLAN_DIR), 'tasks.csv': tasksCsv });
  await savePlan({ ...plan, meta: { ...plan.meta, issuedOn: '20/9/2025' } }, '2025-09-20', {
    actor: { sub: 'test', role: 'office' },
    at: '2025-09-20T01:00:00Z',
    requestId: 'test-import',
  });
}

export interface InboxEmail {
  subject: string;
  destination: { to: string[]; cc: string[] };
  body: { html?: string; text?: string };
}

/** The local inbox's messages, with address lists split (the inbox keeps a raw header line per field). */
export async function readInbox(inboxUrl: string): Promise<InboxEmail[]> {
  const { emails } = (await (await fetch(`${inboxUrl}/store`)).json()) as { emails: InboxEmail[] };
  return emails.map((m) => ({
    ...m,
    destination: { to: m.destination.to.flatMap((a) => a.split(/,\s*/)), cc: m.destination.cc.flatMap((a) => a.split(/,\s*/)) },
  }));
}

type Running = Pick<Awaited<ReturnType<typeof startTestSystem>>, 'urls' | 'drain'>;

/** Waits until the local system is quiet; throws when it is not. */
async function settle(sys: Running): Promise<void> {
  const d = await sys.drain();
  if (!d.drained) throw new Error(`the local system did not settle: ${JSON.stringify(d)}`);
}

/** Sets the local clock (the scheduler runs every occurrence passed, in order) and waits until the system is quiet. */
export async function clockTo(sys: Running, iso: string): Promise<void> {
  const r = await fetch(`${sys.urls.api}/_local/clock`, { method: 'POST', body: JSON.stringify({ set: iso }) });
  if (r.status !== 200) throw new Error(`setting the clock to ${iso} answered ${r.status}`);
  await settle(sys);
}

/** Runs a schedule now, as if its time had come, and waits until the system is quiet. */
export async function runSchedule(sys: Running, name: string): Promise<void> {
  const r = await fetch(`${sys.urls.api}/_local/schedules/${name}/run`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`running schedule ${name} answered ${r.status}`);
  await settle(sys);
}
