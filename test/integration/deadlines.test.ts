import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMail, ledgerTagValue, moveMail, writeMail } from '../../shared/data/ledger';
import { getTask, listUpdates } from '../../shared/data/tasks';
import { clockTo as clockToLocal, readInbox, startTestSystem, loadPlanSigned20Sep2025 } from '../support/local';

let sys: Awaited<ReturnType<typeof startTestSystem>>;

const inbox = () => readInbox(sys.urls.inbox);
const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  'NV-01,1,"Xây dựng Đề án trung tâm tài chính <b>quốc tế</b>",Đề án,SO-TC,THONG-KE,15/10/2025,',
  'NV-02,1,Báo cáo tình hình thu hút đầu tư,Báo cáo,SO-TC,,Năm 2026,',
].join('\n');

/** Moves the local clock (the scheduler runs every 07:00 passed, in order) and waits for the mail. */
const clockTo = (iso: string) => clockToLocal(sys, iso);

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  // A programme signed on 20/9/2025, whose two tasks are assigned that day.
  await loadPlanSigned20Sep2025(TASKS);
});
afterAll(async () => sys?.cleanup());

describe('the deadline run, end to end on the local stand-ins', () => {
  it('sends the 7-day reminder to the lead agency, copied to the co-operating agency, in Vietnamese', async () => {
    await clockTo('2025-10-06T00:30:00Z'); // 07:30 in Hanoi, Monday 6/10
    const mails = await inbox();
    const reminder = mails.filter((m) => m.subject.includes('NV-01'));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.subject).toMatch(/Nhắc hạn/);
    expect(reminder[0]!.destination.to).toEqual(['vanthu@sotc.ha-noi.example', 'tonghop@sotc.ha-noi.example']);
    expect(reminder[0]!.destination.cc.length).toBeGreaterThan(0);
    expect(reminder[0]!.body.html).toContain('&lt;b&gt;quốc tế&lt;/b&gt;');
    expect(reminder[0]!.body.html).not.toContain('<b>quốc tế</b>');
  });

  it('running the schedule again the same day sends nothing new', async () => {
    const before = (await inbox()).length;
    await fetch(`${sys.urls.api}/_local/schedules/deadline-daily/run`, { method: 'POST' });
    await fetch(`${sys.urls.api}/_local/schedules/deadline-daily/run`, { method: 'POST' });
    expect((await sys.drain()).drained).toBe(true);
    expect((await inbox()).length).toBe(before);
  });

  it('walks the ladder to the chair, one email per step, each in the task history', async () => {
    await clockTo('2025-11-10T00:30:00Z');
    const subjects = (await inbox()).filter((m) => m.subject.includes('NV-01')).map((m) => m.subject);
    expect(subjects).toHaveLength(6);
    // The chair gets no email per task: NV-01 is on the chair's list of 5/11, the leadership meeting's.
    expect((await inbox()).filter((m) => m.destination.to.includes('chutich@ubnd.ha-noi.example') && m.subject.includes('NV-01'))).toHaveLength(0);
    const list = (await inbox()).find((m) => m.subject.startsWith('[Giao ban]'));
    expect(list?.subject).toBe('[Giao ban] 1 nhiệm vụ quá hạn báo cáo Chủ tịch UBND Thành phố ngày 05/11/2025');
    expect(list?.destination.to).toEqual(['chutich@ubnd.ha-noi.example']);
    expect(list?.body.text).toContain('NV-01');
    const history = (await listUpdates('NV-01', 50)).items.filter((h) => (h as unknown as { type: string }).type === 'Notice');
    expect(history.map((h) => (h as unknown as { rule: string }).rule).sort()).toEqual(
      ['overdue-1', 'overdue-10', 'overdue-5', 'overdue-chair', 'reminder-1', 'reminder-7'].sort(),
    );
    expect((await getTask('NV-01'))?.ladder?.listedForMeetingOn).toBe('2025-11-05');
  });

  it('a duplicate delivery to the mailer, or a crash after sending, sends nothing twice', async () => {
    const key = 'notice#NV-01#v0#overdue-chair';
    expect((await getMail(key))?.state).toBe('sent');
    const before = (await inbox()).length;
    for (let i = 0; i < 2; i++) {
      await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.url, MessageBody: JSON.stringify({ key }) }));
    }
    // A key left "sending" (the mailer crashed after SES accepted it) is never sent again.
    const crashed = 'notice#NV-01#v0#overdue-10';
    await moveMail(crashed, 'sent', 'sending');
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.url, MessageBody: JSON.stringify({ key: crashed }) }));
    expect((await sys.drain()).drained).toBe(true);
    expect((await inbox()).length).toBe(before);
  });

  it('an approved extension restarts the ladder for the new deadline; both sides are emailed', async () => {
    const lead = await sys.token({ role: 'agency', agency: 'SO-TC' });
    const call = (path: string, token: string, body: unknown) =>
      fetch(`${sys.urls.api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const req = await call('/tasks/NV-01/extension-requests', lead, { proposedDueDate: '15/12/2025', reason: 'Chờ ý kiến thẩm định của Bộ Tài chính' });
    expect(req.status).toBe(201);
    const { id } = (await req.json()) as { id: string };
    expect((await call('/tasks/NV-01/extension-requests', lead, { proposedDueDate: '20/12/2025', reason: 'x' })).status).toBe(409);
    const stranger = await sys.token({ role: 'leader', leader: 'PCT-4' });
    expect((await call(`/extension-requests/${id}/decision`, stranger, { decision: 'approve' })).status).toBe(403);
    const office = await sys.token({ role: 'office' });
    const decided = await call(`/extension-requests/${id}/decision`, office, { decision: 'approve', note: 'Đồng ý gia hạn' });
    expect(decided.status).toBe(200);
    expect((await call(`/extension-requests/${id}/decision`, office, { decision: 'reject' })).status).toBe(409);
    expect((await sys.drain()).drained).toBe(true);
    const subjects = (await inbox()).map((m) => m.subject);
    expect(subjects.filter((s) => /gia hạn/i.test(s))).toHaveLength(2);
    const task = await getTask('NV-01');
    expect(task).toMatchObject({ revisedDueDate: '2025-12-15', deadlineVersion: 1 });
    expect(task?.deadline).toMatchObject({ dueDate: '2025-10-15' });
    // 7 working days before Monday 15/12 is Thursday 4/12: a new 7-day reminder, for the new deadline.
    await clockTo('2025-12-04T00:30:00Z');
    const reminders = (await inbox()).filter((m) => m.subject.includes('NV-01') && /Nhắc hạn/.test(m.subject));
    expect(reminders.map((m) => m.body.text?.includes('15/12/2025'))).toEqual([false, false, true]);
  });
});

describe('addresses that bounce', () => {
  it('are marked, reported to the city office once, and no longer mailed', async () => {
    const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const eb = new EventBridgeClient({});
    const bounce = (address: string) =>
      eb.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: 'aws.ses',
              DetailType: 'Email Bounced',
              Detail: JSON.stringify({
                eventType: 'Bounce',
                bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: address, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
                mail: {},
              }),
            },
          ],
        }),
      );
    const before = (await inbox()).length;
    await bounce('vanthu@sotc.ha-noi.example');
    await bounce('VANTHU@sotc.ha-noi.example'); // the same address again
    expect((await sys.drain()).drained).toBe(true);
    const reports = (await inbox()).slice(before);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.destination.to).toEqual(['theodoi@ubnd.ha-noi.example']);
    expect(reports[0]!.body.text).toContain('vanthu@sotc.ha-noi.example');
    // The next notice to Sở Tài chính leaves the bounced address out.
    await clockTo('2025-12-12T00:30:00Z');
    const next = (await inbox()).slice(before + 1).filter((m) => m.subject.includes('NV-01'));
    expect(next.length).toBeGreaterThan(0);
    for (const m of next) expect([...m.destination.to, ...m.destination.cc]).not.toContain('vanthu@sotc.ha-noi.example');
  });
});

describe('a crash between the ledger write and the queue, or around the SES call', () => {
  it('leaves the email in the outbox, and the next run sends it once; a send SES confirmed is never repeated', async () => {
    // As if a run (or the API) crashed right after winning the ledger key: written, never queued.
    const key = 'notice#NV-02#v0#test-crash';
    const at = sys.clock.now();
    expect(
      await writeMail(key, { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject: '[Thử] NV-02 outbox', html: '<p>x</p>', text: 'x' }, at.toISOString()),
    ).toBe(true);
    // A claim whose attempt died before SES took the email (no Send event): sent once, after the lease.
    const stuck = 'notice#NV-02#v0#test-stuck';
    await writeMail(stuck, { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject: '[Thử] NV-02 stuck', html: '<p>x</p>', text: 'x' }, at.toISOString());
    await moveMail(stuck, 'queued', 'sending', { claimedAt: at.toISOString() });
    // A claim whose attempt died right after SES took the email: SES's Send event confirms it.
    const taken = 'notice#NV-02#v0#test-taken';
    await writeMail(taken, { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject: '[Thử] NV-02 taken', html: '<p>x</p>', text: 'x' }, at.toISOString());
    await moveMail(taken, 'queued', 'sending', { claimedAt: at.toISOString() });
    await sesSent(taken, 'ses-taken');
    const before = (await inbox()).length;
    sys.clock.set(new Date(at.getTime() + 20 * 60_000));
    for (let i = 0; i < 2; i++) await fetch(`${sys.urls.api}/_local/schedules/outbox-sweep/run`, { method: 'POST' });
    expect((await sys.drain()).drained).toBe(true);
    const sent = (await inbox()).slice(before).filter((m) => m.subject.includes('[Thử]'));
    expect(sent.map((m) => m.subject).sort()).toEqual(['[Thử] NV-02 outbox', '[Thử] NV-02 stuck']);
    expect((await getMail(key))?.state).toBe('sent');
    expect(await getMail(stuck)).toMatchObject({ state: 'sent', attempts: 1 }); // the dead attempt recorded none
    expect(await getMail(taken)).toMatchObject({ state: 'sent', sesMessageId: 'ses-taken' });
  });
});

/** SES's Send event for an email tagged with this ledger key, on the default bus. */
const sesSent = async (key: string, messageId: string) => {
  const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
  await new EventBridgeClient({}).send(
    new PutEventsCommand({
      Entries: [
        {
          Source: 'aws.ses',
          DetailType: 'Email Sent',
          Detail: JSON.stringify({ eventType: 'Send', mail: { messageId, tags: { ledger: [ledgerTagValue(key)] } }, send: {} }),
        },
      ],
    }),
  );
};

describe('a redelivered email whose claim is live, and a send whose answer was lost', () => {
  const content = (subject: string) => ({ to: ['tonghop@sotc.ha-noi.example'], cc: [], subject, html: '<p>x</p>', text: 'x' });

  it('keeps the message while the claim is live, and sends the email once when the lease ends with no Send event', async () => {
    // An attempt claimed the key and died before SES took the email; its message comes back at once.
    const key = 'notice#NV-02#v0#test-live-claim';
    const at = sys.clock.now();
    await writeMail(key, content('[Thử] NV-02 live claim'), at.toISOString());
    await moveMail(key, 'queued', 'sending', { claimedAt: at.toISOString(), attempts: 1 });
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.url, MessageBody: JSON.stringify({ key }) }));
    const before = (await inbox()).length;
    expect((await sys.drain()).drained).toBe(true);
    expect((await getMail(key))?.state).toBe('sending');
    // The lease ends (no deadline run in between: only the kept message can send it now).
    sys.clock.set(new Date(at.getTime() + 16 * 60_000));
    expect((await sys.drain()).drained).toBe(true);
    const sent = (await inbox()).slice(before).filter((m) => m.subject.includes('live claim'));
    expect(sent).toHaveLength(1);
    expect(await getMail(key)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('marks a send whose outcome is unknown as unconfirmed, and SES’s Send event confirms it: never sent again', async () => {
    const key = 'notice#NV-02#v0#test-unconfirmed';
    const at = sys.clock.now();
    await writeMail(key, content('[Thử] NV-02 unconfirmed'), at.toISOString());
    await moveMail(key, 'queued', 'sending', { claimedAt: at.toISOString(), attempts: 1 });
    await moveMail(key, 'sending', 'unconfirmed');
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.url, MessageBody: JSON.stringify({ key }) }));
    await sesSent(key, 'ses-unconfirmed');
    const before = (await inbox()).length;
    expect((await sys.drain()).drained).toBe(true);
    sys.clock.set(new Date(at.getTime() + 16 * 60_000));
    expect((await sys.drain()).drained).toBe(true);
    expect(await getMail(key)).toMatchObject({ state: 'sent', sesMessageId: 'ses-unconfirmed', confirmedBy: 'ses-event' });
    expect((await inbox()).slice(before).filter((m) => m.subject.includes('unconfirmed'))).toHaveLength(0);
  });
});
