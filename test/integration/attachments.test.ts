import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAttachments, getMail, putAttachment, writeMail } from '../../shared/data/ledger';
import { docClient } from '../../shared/runtime/clients';
import { enqueueMail } from '../../shared/mail/outbox';
import { startTestSystem } from '../support/local';

/**
 * Email attachments stored in parts beside their ledger item, on DynamoDB Local: a workbook far
 * bigger than one Query page (1 MB) is read whole, and two builds of one email never mix.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
});
afterAll(async () => sys?.cleanup());

describe('attachment parts', () => {
  it('reads back a 2.2 MB workbook byte for byte (its parts span several Query pages)', async () => {
    const workbook = randomBytes(2_200_000);
    const ref = await putAttachment('digest#CT#2026-W02', 0, 'bao-cao-tuan.xlsx', XLSX, workbook);
    const [got] = await getAttachments('digest#CT#2026-W02', [ref]);
    expect(got!.filename).toBe('bao-cao-tuan.xlsx');
    expect(got!.content.length).toBe(2_200_000);
    expect(got!.content.equals(workbook)).toBe(true);
  });

  it('keeps the parts of two builds of one email apart: the ledger item names the build it uses', async () => {
    const key = 'digest#PCT-1#2026-W02';
    const first = randomBytes(1_500_000);
    const second = randomBytes(2_100_000);
    // Two overlapping runs build the same email; the first run's ledger item wins.
    const mine = await putAttachment(key, 0, 'a.xlsx', XLSX, first);
    const theirs = await putAttachment(key, 0, 'a.xlsx', XLSX, second);
    expect((await getAttachments(key, [mine]))[0]!.content.equals(first)).toBe(true);
    expect((await getAttachments(key, [theirs]))[0]!.content.equals(second)).toBe(true);
    // The same bytes stored again (a retried run) are the same build, written once.
    expect(await putAttachment(key, 0, 'a.xlsx', XLSX, first)).toEqual(mine);
  });

  it('still reads an attachment stored before builds had ids (parts PART#<index>#<n>)', async () => {
    const key = 'digest#PCT-2#2025-W41';
    const b64 = Buffer.from('legacy workbook bytes').toString('base64');
    await docClient().send(
      new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: `MAIL#${key}`, sk: 'PART#0#0000', entity: 'mailpart', data: b64 } }),
    );
    const [got] = await getAttachments(key, [{ filename: 'old.xlsx', contentType: XLSX, parts: 1 }]);
    expect(got!.content.toString()).toBe('legacy workbook bytes');
  });

  it('sends an email with a 2.2 MB attachment through the mailer', async () => {
    const key = 'digest#VP#2026-W02';
    const workbook = randomBytes(2_200_000);
    const ref = await putAttachment(key, 0, 'bao-cao-tuan-VP.xlsx', XLSX, workbook);
    expect(
      await writeMail(
        key,
        { to: ['vanphong@hanoi.gov.vn'], cc: [], subject: 'Báo cáo tuần', html: '<p>x</p>', text: 'x', attachments: [ref], rule: 'digest' },
        new Date().toISOString(),
      ),
    ).toBe(true);
    await enqueueMail([key]);
    expect((await sys.drain(30_000)).drained).toBe(true);
    expect((await getMail(key))?.state).toBe('sent');
    const store = (await (await fetch(`${sys.urls.inbox}/store`)).json()) as {
      emails: Array<{ subject: string; attachments?: Array<{ filename: string; size?: number }> }>;
    };
    const sent = store.emails.find((m) => m.subject === 'Báo cáo tuần')!;
    expect(sent.attachments?.map((a) => a.filename)).toEqual(['bao-cao-tuan-VP.xlsx']);
  });
});
