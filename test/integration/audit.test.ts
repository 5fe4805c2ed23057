import fs from 'node:fs';
import path from 'node:path';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../functions/api/access';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { asFunction } from '../../infra/emulator/grants';
import { docClient } from '../../shared/runtime/clients';
import { listTasks } from '../../shared/data/tasks';
import { PLAN_FILES } from '../../shared/io/plan-import';
import { startTestSystem } from '../support/local';

/**
 * Every write records who (subject, role, agency), when, and the request id, in the task's
 * history; the history is append-only: no route changes or removes an entry once written.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
let taskId: string;
let lead: string;

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(sys.urls.api + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': 'audit-test' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, requestId: res.headers.get('apigw-requestid') ?? '', body: (await res.json()) as Record<string, unknown> };
}

async function history(id: string): Promise<Array<Record<string, unknown>>> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :u)',
      ExpressionAttributeValues: { ':p': `TASK#${id}`, ':u': 'UPDATE#' },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.drain();
  const task = (await listTasks({ limit: 200 })).items.find((t) => t.deadline.kind !== 'recurring' && !t.completedOn)!;
  taskId = task.id;
  lead = task.leadAgency;
});
afterAll(async () => sys?.cleanup());

describe('audit history', () => {
  it('records who, when and which request for every kind of write, and GET /tasks/{id}/updates shows it', async () => {
    const agency = await sys.token({ role: 'agency', agency: lead, sub: 'user-lead' });
    const office = await sys.token({ role: 'office', sub: 'user-office' });
    const before = await history(taskId);

    const update = await call('POST', `/tasks/${taskId}/updates`, agency, { progress: 30, note: 'Đã xây dựng dự thảo' });
    expect(update.status).toBe(202);
    const ext = await call('POST', `/tasks/${taskId}/extension-requests`, agency, { proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến Bộ' });
    expect(ext.status).toBe(201);
    const decision = await call('POST', `/extension-requests/${String(ext.body.id)}/decision`, office, { decision: 'reject', note: 'Hoàn thành đúng hạn' });
    expect(decision.status).toBe(200);
    const files = Object.fromEntries(Object.keys(PLAN_FILES).map((f) => [f, fs.readFileSync(path.join(SAMPLE_PLAN_DIR, f), 'utf8')]));
    const imported = await call('POST', '/plan/import', office, { files });
    expect(imported.status).toBe(200);
    await sys.drain();

    const page = await call('GET', `/tasks/${taskId}/updates?limit=50`, agency);
    const items = page.body.items as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const by = (requestId: string) => items.find((i) => i.requestId === requestId);
    expect(by(update.requestId)).toMatchObject({ actor: { sub: 'user-lead', role: 'agency', agency: lead }, progress: 30, correlationId: 'audit-test' });
    expect(by(ext.requestId)).toMatchObject({ type: 'ExtensionRequested', actor: { sub: 'user-lead', role: 'agency', agency: lead } });
    expect(by(decision.requestId)).toMatchObject({ type: 'ExtensionRejected', actor: { sub: 'user-office', role: 'office' } });
    expect(by(imported.requestId)).toMatchObject({ type: 'PlanImported', actor: { sub: 'user-office', role: 'office' } });
    for (const i of items) {
      expect(i.actor?.sub, JSON.stringify(i)).toBeTruthy();
      expect(i.actor?.role, JSON.stringify(i)).toBeTruthy();
      expect(i.requestId, JSON.stringify(i)).toBeTruthy();
      expect(Date.parse(String(i.at ?? i.receivedAt)), JSON.stringify(i)).not.toBeNaN();
    }

    // Append-only: what was there before is there still, byte for byte.
    const after = await history(taskId);
    for (const old of before) expect(after).toContainEqual(old);
    expect(after.length).toBe(before.length + 4);
  });

  it('exposes no route that changes or removes history: every write route appends', () => {
    const writes = Object.keys(ACCESS).filter((k) => !k.startsWith('GET '));
    // The office's calendar days are changed in place (PUT, DELETE), each change appended to the
    // calendar's own history (test/integration/calendar.test.ts); no other route changes anything in place.
    expect(writes.filter((k) => !k.startsWith('POST '))).toEqual(['PUT /calendar/days/{date}', 'DELETE /calendar/days/{date}']);
  });

  it('lets only the functions that write tasks touch a task partition: the mailer, the sweep and the digest are refused (AccessDeniedException)', async () => {
    const before = await history(taskId);
    const forged = { pk: `TASK#${taskId}`, sk: 'UPDATE#2000-01-01T00:00:00.000Z#forged', entity: 'update', type: 'Forged' };
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['mailer', () => docClient().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: forged }))],
      ['digest', () => docClient().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: forged }))],
      ['outbox-sweep', () => docClient().send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { pk: before[0]!.pk, sk: before[0]!.sk } }))],
      [
        'ses-events',
        () =>
          docClient().send(
            new UpdateCommand({
              TableName: process.env.TABLE_NAME,
              Key: { pk: before[0]!.pk, sk: before[0]!.sk },
              UpdateExpression: 'SET note = :n',
              ExpressionAttributeValues: { ':n': 'rewritten' },
            }),
          ),
      ],
    ];
    const denials = sys.tableDenials.length;
    for (const [fn, attempt] of attempts) {
      const err = await asFunction(fn, attempt).catch((e: unknown) => e);
      expect(err, fn).toMatchObject({ name: 'AccessDeniedException' });
    }
    expect(sys.tableDenials.splice(denials).map((d) => `${d.fn} ${d.action}`)).toEqual([
      'mailer dynamodb:PutItem',
      'digest dynamodb:PutItem',
      'outbox-sweep dynamodb:DeleteItem',
      'ses-events dynamodb:UpdateItem',
    ]);
    expect(await history(taskId)).toEqual(before);
  });
});
