import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMail, writeMail } from '../../shared/data/ledger';
import { getTask } from '../../shared/data/tasks';
import { saveLadder } from '../../shared/data/wake-index';
import { docClient } from '../../shared/runtime/clients';
import { eventually, startTestSystem, loadPlanSigned20Sep2025 } from '../support/local';

/**
 * The deadline run against the local stand-ins, as the defects describe it: one task's
 * error must not abort the run, a large day must not run out of time, the outbox sweep must run
 * every day on its own, and the ladder write must not undo a completion or an extension.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;

const IDS = Array.from({ length: 12 }, (_, i) => `NV-${String(i + 1).padStart(2, '0')}`);
const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  ...IDS.map((id) => `${id},1,Nhiệm vụ ${id},Báo cáo,SO-TC,,15/10/2025,`),
].join('\n');

interface StoredEmail {
  subject: string;
}
const inbox = async (): Promise<StoredEmail[]> => ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: StoredEmail[] }).emails;
const subjectsFor = async (re: RegExp) => (await inbox()).map((m) => m.subject).filter((s) => re.test(s));
const depth = async (url: string) => {
  const a = await sys.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
};
const setClock = (iso: string) => fetch(`${sys.urls.api}/_local/clock`, { method: 'POST', body: JSON.stringify({ set: iso }) });

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  await loadPlanSigned20Sep2025(TASKS);
  // NV-01 cannot be evaluated (a last update whose time is not a date), and it wakes first.
  await docClient().send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: 'TASK#NV-01', sk: 'TASK' },
      UpdateExpression: 'SET lastUpdate = :u, gsi3pk = :w, gsi3sk = :k',
      ExpressionAttributeValues: { ':u': { updateId: 'x', at: 'not a date', agency: 'SO-TC' }, ':w': 'WAKE', ':k': '0000-00-00#NV-01' },
    }),
  );
});
afterAll(async () => sys?.cleanup());

describe('the deadline run, fanned out', () => {
  it("one task's error fails that task alone: every other due task gets its notice, and the run does not fail", async () => {
    expect((await setClock('2025-10-06T00:30:00Z')).status).toBe(200); // 07:30, Monday 6/10: the 7-day reminders
    const expected = IDS.slice(1);
    const got = await eventually(async () => {
      const s = await subjectsFor(/Nhắc hạn/);
      return expected.every((id) => s.some((x) => x.includes(id))) ? s : undefined;
    }, 30_000);
    expect(got.filter((s) => s.includes('NV-01'))).toEqual([]);
    for (const id of expected) expect(got.filter((s) => s.includes(id))).toHaveLength(1);
    // The run itself succeeded: nothing in the failed-runs queue.
    expect(await depth(sys.failedRunsUrl)).toBe(0);
    // NV-01's messages (one per working day it was due) are left to SQS's retries and, after
    // five receives each, its DLQ.
    expect(await depth(sys.queues['deadline-tasks'].url)).toBeGreaterThan(0);
    expect((await getTask('NV-01'))?.ladder).toBeUndefined();
  });

  it('near its time budget the run hands the rest of the wake index on, and every due task still gets one notice', async () => {
    const before = (await inbox()).length;
    expect((await setClock('2025-10-13T23:30:00Z')).status).toBe(200); // Tuesday 14/10, 06:30
    const { run } = await import('../../functions/deadline/handler');
    // Three tasks a page, and no time left after the first page.
    const r = await run('2025-10-14T00:00:00Z', 'test-budget', () => 0, 3);
    expect(r).toMatchObject({ today: '2025-10-14', continued: true });
    expect(r.queued).toBe(3);
    const got = await eventually(async () => {
      const s = (await inbox()).slice(before).map((m) => m.subject);
      return IDS.slice(1).every((id) => s.some((x) => x.includes(id))) ? s : undefined;
    }, 30_000);
    for (const id of IDS.slice(1))
      expect(
        got.filter((s) => s.includes(id)),
        id,
      ).toHaveLength(1);
    // The scheduled 07:00 run of the same day (the clock moving on) adds nothing.
    expect((await setClock('2025-10-14T01:00:00Z')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await inbox()).length).toBe(before + got.length);
  });
});

describe('the outbox sweep', () => {
  it('runs on its own every few minutes, days off included: a lost email written on a Sunday is sent the same day', async () => {
    // Sunday 19/10/2025, 10:00 in Hanoi: a day with no deadline run.
    expect((await setClock('2025-10-19T03:00:00Z')).status).toBe(200);
    const key = 'notice#NV-02#v0#test-sunday';
    await writeMail(
      key,
      { to: ['tonghop@sotc.ha-noi.example'], cc: [], subject: '[Thử] chủ nhật', html: '<p>x</p>', text: 'x' },
      sys.clock.now().toISOString(),
    );
    expect((await setClock('2025-10-19T03:25:00Z')).status).toBe(200);
    const sent = await eventually(async () => ((await getMail(key))?.state === 'sent' ? true : undefined), 20_000);
    expect(sent).toBe(true);
    expect(await subjectsFor(/\[Thử\] chủ nhật/)).toHaveLength(1);
  });
});

describe('the ladder write without a notice', () => {
  it('does not put a completed task back in the wake index', async () => {
    const task = (await getTask('NV-03'))!;
    await docClient().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: 'TASK#NV-03', sk: 'TASK' },
        UpdateExpression: 'SET completedOn = :d REMOVE gsi3pk, gsi3sk',
        ExpressionAttributeValues: { ':d': '2025-10-19' },
      }),
    );
    // A run that read the task before it was completed.
    expect(await saveLadder(task, { instance: 'x', rank: 1, chasers: 0 }, '2025-10-30')).toBe(false);
    const after = (
      await docClient().send(
        new (await import('@aws-sdk/lib-dynamodb')).GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'TASK#NV-03', sk: 'TASK' } }),
      )
    ).Item!;
    expect(after.gsi3pk).toBeUndefined();
    expect(after.ladder).toEqual(task.ladder);
  });

  it('does not overwrite the wake date of a deadline extended in the meantime', async () => {
    const task = (await getTask('NV-04'))!;
    // An extension approved after the run read the task: a new deadline version and wake date.
    await docClient().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: 'TASK#NV-04', sk: 'TASK' },
        UpdateExpression: 'SET deadlineVersion = :v, gsi3sk = :k',
        ExpressionAttributeValues: { ':v': (task.deadlineVersion ?? 0) + 1, ':k': '2025-12-04#NV-04' },
      }),
    );
    expect(await saveLadder(task, { instance: 'x', rank: 1, chasers: 0 }, '2025-10-21')).toBe(false);
    const after = (
      await docClient().send(
        new (await import('@aws-sdk/lib-dynamodb')).GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'TASK#NV-04', sk: 'TASK' } }),
      )
    ).Item!;
    expect(after.gsi3sk).toBe('2025-12-04#NV-04');
    // Still open and on the deadline it was computed for: written.
    expect(await saveLadder({ ...task, deadlineVersion: (task.deadlineVersion ?? 0) + 1 }, after.ladder as object, '2025-12-04')).toBe(true);
  });
});
