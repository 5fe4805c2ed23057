import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Delivery } from '../../functions/api/answers';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { getMail, moveMail, outboxBefore, writeMail } from '../../shared/data/ledger';
import { savePlan } from '../../shared/data/plan-directory';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { enqueueMail } from '../../shared/mail/outbox';
import { docClient } from '../../shared/runtime/clients';
import { indexDelivery } from '../../infra/tools/delivery-index';
import { startTestSystem } from '../support/local';

/**
 * The city office's delivery page (GET /delivery) against the real stand-ins: an email the mailer
 * cannot send, an address that bounces (SES local's Bounce event, through the SES events function)
 * and the email that can then go to nobody, each written by the very code that handles them, are
 * listed; an email whose outcome is unknown too; the outbox sweep still reads only what it must
 * send again; and a message in a dead-letter queue shows as its depth.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
const BOUNCES = 'bounce@simulator.amazonses.com';

async function delivery(role: 'office' | 'agency' = 'office') {
  const token = await sys.token(role === 'office' ? { role } : { role, agency: 'SO-TC' });
  const res = await fetch(`${sys.urls.api}/delivery`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.freeze();
  sys.clock.set(new Date('2025-09-22T03:00:00Z'));
  // The sample plan with one task due at the end of 2026 (no notice falls due here), and the
  // Department of Finance's head at the address SES's simulator bounces.
  const files = readPlanDir(SAMPLE_PLAN_DIR);
  const agencies = files['agencies.csv']!.replace(
    'Giám đốc Sở Tài chính (minh họa),giamdoc@sotc.ha-noi.example',
    `Giám đốc Sở Tài chính (minh họa),${BOUNCES}`,
  );
  expect(agencies).not.toBe(files['agencies.csv']);
  const plan = parsePlan({
    ...files,
    'agencies.csv': agencies,
    'tasks.csv': ['id,group,title,deliverable,lead_agency,co_agencies,deadline,field', 'NV-01,1,Báo cáo,Báo cáo,SO-TC,,Năm 2026,'].join('\n'),
  });
  await savePlan(plan, '2025-09-20', { actor: { sub: 'test', role: 'office' }, at: '2025-09-20T01:00:00Z', requestId: 'test-import' });
  expect((await sys.drain()).drained).toBe(true);
});
afterAll(async () => sys?.cleanup());

describe('GET /delivery', () => {
  it('lists nothing and every queue at depth 0 on a fresh system, and refuses anyone but the office', async () => {
    const res = await delivery();
    expect(res.status).toBe(200);
    expect(Delivery.parse(res.body)).toEqual({
      emails: [],
      emailsMore: false,
      suppressed: [],
      suppressedMore: false,
      // The four queues' dead-letter queues, by name, then the failed-runs queue.
      queues: [
        { queue: 'deadline-tasks', kind: 'dead-letter', depth: 0 },
        { queue: 'email', kind: 'dead-letter', depth: 0 },
        { queue: 'indicator-ingest', kind: 'dead-letter', depth: 0 },
        { queue: 'task-updates', kind: 'dead-letter', depth: 0 },
        { queue: 'failed-runs', kind: 'failed-runs', depth: 0 },
      ],
    });
    expect((await delivery('agency')).status).toBe(403);
  });

  it('lists a failed email, a suppressed address and the email suppressed after it, and an unconfirmed one, newest first; the sweep reads none but the unconfirmed', async () => {
    // An address the mailer cannot send to: failed, with the reason, never retried.
    const failed = 'notice#NV-01#v0#overdue-1';
    await writeMail(
      failed,
      { to: ['sotc@localhost'], cc: [], subject: '[Thử] Địa chỉ sai', html: '<p>x</p>', text: 'x', taskId: 'NV-01', rule: 'overdue-1' },
      '2025-09-22T01:00:00.000Z',
    );
    // An email to the address that bounces: sent, then SES's Bounce event suppresses the address
    // and reports it to the office (an email of its own, which goes out).
    const bounced = 'notice#NV-01#v0#reminder-7';
    await writeMail(
      bounced,
      { to: [BOUNCES], cc: [], subject: '[Thử] Nhắc hạn', html: '<p>x</p>', text: 'x', taskId: 'NV-01', rule: 'reminder-7' },
      '2025-09-22T02:00:00.000Z',
    );
    await enqueueMail([failed, bounced]);
    expect((await sys.drain()).drained).toBe(true);
    expect(await getMail(failed)).toMatchObject({ state: 'failed' });
    expect(await getMail(bounced)).toMatchObject({ state: 'sent' });
    // The next email to that address alone goes to nobody: suppressed.
    const suppressed = 'notice#NV-01#v0#reminder-1';
    await writeMail(
      suppressed,
      { to: [BOUNCES], cc: [], subject: '[Thử] Nhắc hạn lần hai', html: '<p>x</p>', text: 'x', taskId: 'NV-01', rule: 'reminder-1' },
      '2025-09-22T02:30:00.000Z',
    );
    await enqueueMail([suppressed]);
    expect((await sys.drain()).drained).toBe(true);
    // An email whose outcome SES has not confirmed (its answer lost).
    const unconfirmed = 'notice#NV-01#v0#stale';
    await writeMail(
      unconfirmed,
      { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject: '[Thử] Chưa rõ', html: '<p>x</p>', text: 'x' },
      '2025-09-22T02:45:00.000Z',
    );
    await moveMail(unconfirmed, 'queued', 'sending', { claimedAt: '2025-09-22T02:50:00.000Z', attempts: 1 });
    await moveMail(unconfirmed, 'sending', 'unconfirmed');

    const res = await delivery();
    expect(res.status).toBe(200);
    const body = Delivery.parse(res.body);
    expect(body.emails.map((e) => [e.key, e.state])).toEqual([
      [unconfirmed, 'unconfirmed'],
      [suppressed, 'suppressed'],
      [failed, 'failed'],
    ]);
    expect(body.emails[2]).toMatchObject({
      subject: '[Thử] Địa chỉ sai',
      to: ['sotc@localhost'],
      cc: [],
      taskId: 'NV-01',
      rule: 'overdue-1',
      createdAt: '2025-09-22T01:00:00.000Z',
      claimedAt: '2025-09-22T03:00:00.000Z',
      attempts: 1,
    });
    expect(body.emails[2]!.reason).toContain('not a valid email address');
    expect(body.emails[1]).toMatchObject({ to: [BOUNCES], taskId: 'NV-01', rule: 'reminder-1', reason: 'every recipient bounces' });
    expect(body.emails[0]).toMatchObject({ to: ['tonghop@sotc.ha-noi.example'], claimedAt: '2025-09-22T02:50:00.000Z', attempts: 1 });
    // With the receiving server's diagnostic, as SES's mailbox simulator gives it for a permanent bounce.
    expect(body.suppressed).toEqual([
      { address: BOUNCES, reason: 'bounce', at: '2025-09-22T03:00:00.000Z', diagnostic: 'smtp; 550 5.1.1 user unknown', usedBy: ['Sở Tài chính'] },
    ]);
    expect(body.emailsMore).toBe(false);

    // The sweep's partition holds only what it may have to send again.
    expect((await outboxBefore('9999')).items.map((i) => i.key)).toEqual([unconfirmed]);
  });

  it('shows a message waiting in a dead-letter queue as depth 1', async () => {
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.dlqUrl, MessageBody: JSON.stringify({ key: 'notice#NV-01#v0#lost' }) }));
    const body = Delivery.parse((await delivery()).body);
    expect(body.queues).toEqual([
      { queue: 'deadline-tasks', kind: 'dead-letter', depth: 0 },
      { queue: 'email', kind: 'dead-letter', depth: 1 },
      { queue: 'indicator-ingest', kind: 'dead-letter', depth: 0 },
      { queue: 'task-updates', kind: 'dead-letter', depth: 0 },
      { queue: 'failed-runs', kind: 'failed-runs', depth: 0 },
    ]);
  });

  it('lists items written before the page once `npm run index:delivery` has indexed them, and indexes nothing twice', async () => {
    // As the mailer and the SES events function wrote them before: no entry in the index.
    const old = 'notice#NV-01#v0#overdue-5';
    await docClient().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          pk: `MAIL#${old}`,
          sk: 'MAIL',
          entity: 'mail',
          key: old,
          state: 'failed',
          createdAt: '2025-09-01T01:00:00.000Z',
          to: ['giamdoc@sotc'],
          cc: [],
          subject: '[Thử] Cũ',
          html: '<p>x</p>',
          text: 'x',
          taskId: 'NV-01',
          rule: 'overdue-5',
          reason: 'to[0] is not a valid email address',
        },
      }),
    );
    await docClient().send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          pk: 'ADDRESS#cu@sotc.ha-noi.example',
          sk: 'SUPPRESSED',
          entity: 'suppression',
          address: 'cu@sotc.ha-noi.example',
          reason: 'complaint',
          at: '2025-09-02T01:00:00.000Z',
        },
      }),
    );
    const before = Delivery.parse((await delivery()).body);
    expect(before.emails.map((e) => e.key)).not.toContain(old);
    expect(before.suppressed.map((s) => s.address)).not.toContain('cu@sotc.ha-noi.example');

    expect(await indexDelivery()).toMatchObject({ emails: 1, addresses: 1 });
    const after = Delivery.parse((await delivery()).body);
    // The oldest of each list: written before the others.
    expect(after.emails.at(-1)).toMatchObject({ key: old, state: 'failed', taskId: 'NV-01', rule: 'overdue-5' });
    expect(after.suppressed.at(-1)).toEqual({ address: 'cu@sotc.ha-noi.example', reason: 'complaint', at: '2025-09-02T01:00:00.000Z', usedBy: [] });
    expect(await indexDelivery()).toMatchObject({ emails: 0, addresses: 0 });
    // Still nothing for the sweep.
    expect((await outboxBefore('9999')).items.map((i) => i.key)).not.toContain(old);
  });
});
