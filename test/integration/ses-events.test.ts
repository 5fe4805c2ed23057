import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_TAG, getMail, keyFromLedgerTag, ledgerTagValue, moveMail, writeMail } from '../../shared/data/ledger';
import { enqueueMail } from '../../shared/mail/outbox';
import { docClient } from '../../shared/runtime/clients';
import { loadPlanSigned20Sep2025, startTestSystem } from '../support/local';

/**
 * SES's events on the strict emulator: a configuration set publishes them to EventBridge on a
 * best-effort basis, so a Send event may come after the claim's lease has run out, after the
 * Bounce it precedes in SES, or not at all. The emulator holds back the Send events of the keys
 * named here, releasing them once the local clock is past the lease.
 */
const late = new Set<string>();
let sys: Awaited<ReturnType<typeof startTestSystem>>;

const inbox = async (): Promise<Array<{ subject: string; destination: { to: string[] } }>> =>
  ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> }).emails;
const copies = async (subject: string) => (await inbox()).filter((m) => m.subject === subject).length;

async function moveClock(minutes: number) {
  sys.clock.set(new Date(sys.clock.now().getTime() + minutes * 60_000));
  await sys.scheduler.tick();
  expect((await sys.drain()).drained).toBe(true);
}

beforeAll(async () => {
  sys = await startTestSystem({
    loadSample: false,
    faults: { sesEvent: (tags) => (late.has(keyFromLedgerTag(tags[LEDGER_TAG]?.[0] ?? '')) ? 'late' : undefined) },
  });
  sys.clock.freeze();
  sys.clock.set(new Date('2025-09-22T03:00:00Z'));
  // One task due at the end of 2026: no notice falls due while these tests move the clock.
  await loadPlanSigned20Sep2025(['id,group,title,deliverable,lead_agency,co_agencies,deadline,field', 'NV-01,1,Báo cáo,Báo cáo,SO-TC,,Năm 2026,'].join('\n'));
  expect((await sys.drain()).drained).toBe(true);
});
afterAll(async () => sys?.cleanup());

describe("SES's events, late, out of order or lost", () => {
  it('a Send event that comes after the lease, when the attempt that sent the email died: sent again once, then the late event changes nothing', async () => {
    const key = 'notice#NV-01#v0#test-late-send';
    const subject = '[Thử] Send muộn';
    const at = sys.clock.now().toISOString();
    // Written a minute before it was claimed, as the run that wrote it enqueued it at once.
    const written = new Date(sys.clock.now().getTime() - 60_000).toISOString();
    await writeMail(key, { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject, html: '<p>x</p>', text: 'x' }, written);
    // The attempt claimed the key, SES took the email, and the attempt died before recording it.
    await moveMail(key, 'queued', 'sending', { claimedAt: at, attempts: 1 });
    late.add(key);
    const ses = new SESv2Client({});
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'dondoc@ubnd.ha-noi.example',
        Destination: { ToAddresses: ['tonghop@sotc.ha-noi.example'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'x' } } } },
        EmailTags: [{ Name: LEDGER_TAG, Value: ledgerTagValue(key) }],
      }),
    );
    expect(await copies(subject)).toBe(1);
    // Ten minutes on: the claim's lease (15 minutes) runs, no Send event has come: nothing is sent.
    await moveClock(10);
    expect(await getMail(key)).toMatchObject({ state: 'sending', attempts: 1 });
    // At 15 minutes the lease is over and the sweep (every 5 minutes) sends the email again, once.
    await moveClock(5.5);
    expect(await copies(subject)).toBe(2);
    const resent = await getMail(key);
    expect(resent).toMatchObject({ state: 'sent', attempts: 2 });
    expect(resent?.sesMessageId).toBeTruthy(); // recorded by the mailer from SES's answer to the second copy
    // The Send event of the first copy comes a minute later, and changes nothing.
    await moveClock(1);
    await moveClock(60);
    expect(await copies(subject)).toBe(2);
    expect(await getMail(key)).toEqual(resent);
  });

  it('a Bounce that comes before its Send: the address is suppressed and reported once, the email stays sent, nothing is sent again', async () => {
    const key = 'notice#NV-01#v0#test-bounce-first';
    const subject = '[Thử] Bounce trước Send';
    late.add(key);
    await writeMail(key, { to: ['bounce@simulator.amazonses.com'], cc: [], subject, html: '<p>x</p>', text: 'x' }, sys.clock.now().toISOString());
    const before = (await inbox()).length;
    await enqueueMail([key]);
    expect((await sys.drain()).drained).toBe(true);
    const suppression = await docClient().send(
      new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'ADDRESS#bounce@simulator.amazonses.com', sk: 'SUPPRESSED' } }),
    );
    expect(suppression.Item).toMatchObject({ reason: 'bounce' });
    const after = (await inbox()).slice(before);
    // The email itself, and one report to the city office (the plan's office address).
    expect(after.map((m) => m.subject).filter((s) => s === subject)).toHaveLength(1);
    expect(after.filter((m) => m.destination.to.join(',').includes('theodoi@ubnd.ha-noi.example'))).toHaveLength(1);
    expect(await getMail(key)).toMatchObject({ state: 'sent', attempts: 1 });
    // The Send event, past the lease: the key was recorded by the mailer; nothing moves.
    await moveClock(20);
    expect(await getMail(key)).toMatchObject({ state: 'sent', attempts: 1 });
    expect((await inbox()).length).toBe(before + 2);
  });
});
