import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { closeList, listEntries, listEntryWrites, listKey } from '../../shared/data/leader-lists';
import { getMail } from '../../shared/data/ledger';
import { docClient } from '../../shared/runtime/clients';
import { clockTo as clockToLocal, runSchedule, readInbox, startTestSystem, loadPlanSigned20Sep2025 } from '../support/local';

/**
 * Leaders get one email a day listing the tasks newly reported to them; agencies keep one email
 * per task. Dates worked by hand (October 2025 has no day off): deadline Wednesday 15/10/2025;
 * first chaser Thursday 16/10 (1 working day overdue); second chaser, reported to the vice-chair,
 * Wednesday 22/10 (5 working days: 16, 17, 20, 21, 22); third Wednesday 29/10 (10 working days);
 * the chair Wednesday 5/11 (5 working days after the third: 30/10, 31/10, 3/11, 4/11, 5/11).
 * The deadline run is at 07:00 in Hanoi, the leaders' lists at 09:00.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;

const inbox = () => readInbox(sys.urls.inbox);
/** The emails to or copied to an address, but the Monday digests. */
const to = (address: string) => async () =>
  (await inbox()).filter((m) => (m.destination.to.includes(address) || m.destination.cc.includes(address)) && !m.subject.startsWith('[Báo cáo tuần'));

const CHAIR = 'chutich@ubnd.ha-noi.example';
const PCT1 = 'pct1@ubnd.ha-noi.example'; // kinh-te
const PCT2 = 'pct2@ubnd.ha-noi.example'; // do-thi

const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  'NV-01,1,Đề án phát triển thị trường vốn,Đề án,SO-TC,,15/10/2025,kinh-te',
  'NV-02,1,Chương trình xúc tiến thương mại,Chương trình,SO-CT,,15/10/2025,kinh-te',
  'NV-03,2,Quy hoạch chi tiết khu đô thị,Quy hoạch,SO-TC,,15/10/2025,do-thi',
  'NV-04,1,Báo cáo thu hút đầu tư,Báo cáo,SO-TC,,Năm 2026,kinh-te',
  // Due Wednesday 22/10: first chaser 23/10, second (to the vice-chair) 29/10: 23, 24, 27, 28, 29.
  'NV-05,1,Kế hoạch phát triển doanh nghiệp,Kế hoạch,SO-TC,,22/10/2025,kinh-te',
].join('\n');

const clockTo = (iso: string) => clockToLocal(sys, iso);
const runLists = () => runSchedule(sys, 'leader-list-daily');

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  await loadPlanSigned20Sep2025(TASKS);
});
afterAll(async () => sys?.cleanup());

describe("leaders' lists of the day", () => {
  it('the second chaser goes to the agency head task by task, and the vice-chair gets one email listing both tasks of the field', async () => {
    await clockTo('2025-10-22T02:30:00Z'); // 09:30 in Hanoi, Wednesday 22/10
    const head = (await inbox()).filter((m) => m.destination.to.includes('giamdoc@sotc.ha-noi.example'));
    expect(head.map((m) => m.subject.match(/NV-\d+/)?.[0]).sort()).toEqual(['NV-01', 'NV-03']);
    // No per-task email to a leader: the lists are their only emails.
    const pct1 = await to(PCT1)();
    expect(pct1).toHaveLength(1);
    expect(pct1[0]!.destination.to).toEqual([PCT1]);
    expect(pct1[0]!.subject).toBe('[Nhiệm vụ quá hạn] 2 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 22/10/2025');
    const text = pct1[0]!.body.text!;
    expect(text).toContain('Kính gửi: Đồng chí Phó Chủ tịch UBND Thành phố Trần Thị Bình (minh họa)');
    // The plain-text part writes section headings in capitals; both tasks 5 working days overdue, in task order.
    expect(text).toContain('1. NV-01: ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG VỐN');
    expect(text).toContain('2. NV-02: CHƯƠNG TRÌNH XÚC TIẾN THƯƠNG MẠI');
    expect(text).not.toContain('NV-03');
    expect(text).toContain('- Quá hạn: 5 ngày làm việc');
    expect(text).toContain('- Đã đôn đốc: 1 lần');
    const pct2 = await to(PCT2)();
    expect(pct2.map((m) => m.subject)).toEqual(['[Nhiệm vụ quá hạn] 1 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 22/10/2025']);
    expect(await to(CHAIR)()).toHaveLength(0);
  });

  it('running the lists again the same day sends nothing new', async () => {
    const before = (await inbox()).length;
    await runLists();
    await runLists();
    expect((await inbox()).length).toBe(before);
  });

  it('a task reported after its day’s list was closed goes on the next day’s list: never lost, never twice', async () => {
    // 06:00 in Hanoi on Wednesday 29/10: PCT-1's list of the day is closed before the deadline run
    // (as if the list's run had come first), so the run's three tasks for PCT-1 (NV-01 and NV-02 at
    // the third chaser, NV-05 at the second) go on Thursday's list.
    await clockTo('2025-10-28T23:00:00Z');
    await closeList('PCT-1', '2025-10-29', '2025-10-28T23:00:00Z');
    await clockTo('2025-10-29T02:30:00Z');
    expect(await listEntries('PCT-1', '2025-10-29')).toEqual([]);
    expect(await getMail(listKey('PCT-1', '2025-10-29'))).toBeUndefined();
    expect((await listEntries('PCT-1', '2025-10-30')).map((e) => `${e.taskId} ${e.rule}`).sort()).toEqual([
      'NV-01 overdue-10',
      'NV-02 overdue-10',
      'NV-05 overdue-5',
    ]);
    // PCT-2's list of the day was open: NV-03 at the third chaser, sent on the day.
    expect((await to(PCT2)()).map((m) => m.subject.slice(-10))).toEqual(['22/10/2025', '29/10/2025']);
    await clockTo('2025-10-30T02:30:00Z');
    const pct1 = await to(PCT1)();
    expect(pct1.map((m) => m.subject)).toEqual([
      '[Nhiệm vụ quá hạn] 2 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 22/10/2025',
      '[Nhiệm vụ quá hạn] 3 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 30/10/2025',
    ]);
    expect(pct1[1]!.body.text).toContain('ĐÔN ĐỐC LẦN THỨ BA (2)');
    expect(pct1[1]!.body.text).toContain('ĐÔN ĐỐC LẦN THỨ HAI (1)');
  });

  it('a list whose run failed is sent by the next day’s run, once', async () => {
    // Saturday 25/10's list run never came (an outage): no marker; a task was reported that day.
    await docClient().send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `MAIL#${listKey('PCT-4', '2025-10-25')}`, sk: 'CLOSED' } }));
    const entry = {
      taskId: 'NV-04',
      title: 'Báo cáo thu hút đầu tư',
      rule: 'overdue-5' as const,
      leadAgencyName: 'Sở Tài chính',
      deadline: '31/10/2025',
      workingDaysOverdue: 5,
      chaserCount: 1,
      progress: 40,
      link: 'http://localhost/tasks/NV-04',
    };
    await docClient().send(new TransactWriteCommand({ TransactItems: listEntryWrites('PCT-4', '2025-10-25', entry, 'v0') }));
    await clockTo('2025-10-31T02:30:00Z'); // Friday 09:30: the run looks back six days and sends Saturday's list
    const pct4 = await to('pct4@ubnd.ha-noi.example')();
    expect(pct4.map((m) => m.subject)).toEqual(['[Nhiệm vụ quá hạn] 1 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 25/10/2025']);
    await runLists();
    expect(await to('pct4@ubnd.ha-noi.example')()).toHaveLength(1);
  });

  it('the chair gets one email on 5/11 listing the tasks for the leadership meeting, and nothing before', async () => {
    await clockTo('2025-11-04T02:30:00Z');
    expect(await to(CHAIR)()).toHaveLength(0);
    await clockTo('2025-11-05T02:30:00Z');
    const chair = await to(CHAIR)();
    expect(chair.map((m) => m.subject)).toEqual(['[Giao ban] 3 nhiệm vụ quá hạn báo cáo Chủ tịch UBND Thành phố ngày 05/11/2025']);
    expect(chair[0]!.body.text).toContain('QUÁ HẠN SAU BA LẦN ĐÔN ĐỐC, ĐƯA VÀO NỘI DUNG GIAO BAN (3)');
    // PCT-1: 22/10, 30/10 and 5/11 (NV-01 and NV-02 reported to the chair), one email each day.
    expect((await to(PCT1)()).map((m) => m.subject.slice(-10))).toEqual(['22/10/2025', '30/10/2025', '05/11/2025']);
    // The lead agencies still get one email per task and step: six for NV-01 (two reminders, three chasers, the chair's).
    expect((await inbox()).filter((m) => m.subject.includes('NV-01'))).toHaveLength(6);
  });
});
