import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { parseDeadline } from '../../shared/domain/deadline';
import { ValidationError } from '../../shared/domain/errors';
import type { Assessment } from '../../shared/domain/indicators';
import type { Agency, Field, IndicatorDef, Leader } from '../../shared/domain/plan';
import { buildDigest, type DigestIndicator, type DigestInput, type DigestRecipient, type DigestTask } from '../../shared/digest/model';
import { barWidths, renderDigest } from '../../shared/digest/render';
import { buildWorkbook, INDICATOR_HEADERS, TASK_HEADERS } from '../../shared/digest/workbook';
import { escapeHtml } from '../../shared/mail/layout';
import { isoWeekRange, isoWeekOf } from '../../shared/domain/dates';

/*
 * A hand-made plan (illustrative, not the real appendices). The digest is for Monday 6/10/2025,
 * ISO week 2025-W41. No public holiday falls between 3/9 and 31/12/2025, so working days are
 * Monday to Friday here.
 *
 *   "the week"        = [29/9 (Mon), 5/10 (Sun)]   (the 7 days before today)
 *   "7 days earlier"  = 29/9/2025
 *   "next 14 days"    = [6/10, 19/10]
 *
 * Fields: PCT-1 supervises kinh-te; PCT-2 do-thi and ha-tang; PCT-3 noi-chinh (the quiet one).
 *
 * id     grp field    lead     deadline (effective)        completed / extension / ladder
 * NV-01  1   kinh-te  SO-TC    8/9 (Mon)                   open; 3 chasers, chair step 29/9 (listed for meeting)
 * NV-02  1   kinh-te  SO-TC    3/10 (Fri)                  open: overdue since Sat 4/10 (in the week)
 * NV-03  1   kinh-te  SO-TC    Tháng 9/2025 → 30/9         completed 30/9 (on time, in the week)
 * NV-12  1   kinh-te  SO-TC    10/10 (Fri)                 open; reminder-7 sent 1/10 (not an escalation)
 * NV-15  1   kinh-te  SO-TC    31/8 (Sun → Mon 1/9 is a holiday → Wed 3/9)  completed 29/8 (on time)
 * NV-04  2   do-thi   SO-QHKT  20/9 (Sat → Mon 22/9)       completed 24/9 (late)
 * NV-05  2   do-thi   SO-QHKT  26/9 (Fri)                  open; extension to 31/10 approved 1/10 (in the week)
 * NV-11  2   do-thi   SO-QHKT  25/9 (Thu)                  open; 2 chasers, overdue-5 sent 2/10; extension rejected 30/9
 * NV-16  2   do-thi   SO-QHKT  22/9 (Mon)                  completed 2/10 (late, in the week)
 * NV-06  3   ha-tang  SO-XD    10/10 (Fri)                 open
 * NV-07  3   ha-tang  SO-XD    19/10 (Sun → Mon 20/10)     open: outside the 14-day window
 * NV-08  3   ha-tang  SO-XD    17/10 (Fri)                 open: last working day of the window
 * NV-14  3   ha-tang  SO-XD    6/10 (today)                open: due today, not overdue
 * NV-09  4   noi-chinh SO-KHCN Thường xuyên                open (recurring: never overdue as a whole)
 * NV-10  4   noi-chinh SO-KHCN 30/6, extended to 31/7      completed 15/7 (on time after extension)
 * NV-13  4   noi-chinh SO-KHCN 31/12                       open; assigned 1/10 (did not exist on 29/9)
 */

const TODAY = '2025-10-06';
const WEEK = '2025-W41';
const LINK = 'https://dondoc.example/digests/preview?recipient=CT&week=2025-W41';

const agencies: Agency[] = [
  ['SO-TC', 'Sở Tài chính', 'kinh-te'],
  ['SO-QHKT', 'Sở Quy hoạch – Kiến trúc', 'do-thi'],
  ['SO-XD', 'Sở Xây dựng', 'ha-tang'],
  ['SO-KHCN', 'Sở Khoa học và Công nghệ', 'noi-chinh'],
].map(([code, name, field]) => ({
  code: code!,
  name: name!,
  kind: 'department',
  field: field as Field,
  emails: [`${code!.toLowerCase()}@ha-noi.example`],
  head: { name: `Giám đốc ${name!}`, email: `gd-${code!.toLowerCase()}@ha-noi.example` },
}));

const leaders: Leader[] = [
  {
    id: 'CT',
    role: 'chair',
    name: 'Nguyễn Văn An',
    title: 'Chủ tịch UBND Thành phố',
    fields: ['kinh-te', 'do-thi', 'ha-tang', 'van-hoa-xa-hoi', 'noi-chinh'],
    email: 'ct@ha-noi.example',
  },
  { id: 'PCT-1', role: 'vice_chair', name: 'Trần Thị Bình', title: 'Phó Chủ tịch UBND Thành phố', fields: ['kinh-te'], email: 'pct1@ha-noi.example' },
  { id: 'PCT-2', role: 'vice_chair', name: 'Lê Văn Cường', title: 'Phó Chủ tịch UBND Thành phố', fields: ['do-thi', 'ha-tang'], email: 'pct2@ha-noi.example' },
  { id: 'PCT-3', role: 'vice_chair', name: 'Phạm Quốc Dũng', title: 'Phó Chủ tịch UBND Thành phố', fields: ['noi-chinh'], email: 'pct3@ha-noi.example' },
  { id: 'VP', role: 'office', name: 'Văn phòng UBND Thành phố', title: 'Chánh Văn phòng', fields: [], email: 'vp@ha-noi.example' },
];

const recipient = (id: string): DigestRecipient => {
  const l = leaders.find((x) => x.id === id)!;
  return { id: l.id, role: l.role as DigestRecipient['role'], name: l.name, title: l.title, email: l.email, fields: l.fields };
};

function task(id: string, group: number, field: Field, lead: string, deadline: string, over: Partial<DigestTask> = {}): DigestTask {
  return {
    id,
    group,
    title: `Nhiệm vụ ${id} (minh họa)`,
    deliverable: 'Báo cáo',
    leadAgency: lead,
    coAgencies: ['SO-TC', 'SO-XD'].filter((c) => c !== lead),
    deadline: parseDeadline(deadline),
    field,
    progress: 0,
    waitingOnCoAgency: false,
    version: 1,
    deadlineVersion: 0,
    assignedOn: '2025-09-01',
    ...over,
  };
}

const tasks: DigestTask[] = [
  task('NV-01', 1, 'kinh-te', 'SO-TC', '8/9/2025', {
    progress: 40,
    lastUpdate: { updateId: 'u1', at: '2025-08-20T02:00:00Z', note: 'Đang xây dựng' }, // 47 days ago: not recent
    ladder: {
      instance: 'v0',
      rank: 6,
      chasers: 3,
      lastChaserOn: '2025-09-22',
      listedForMeetingOn: '2025-09-29',
      lastNoticeOn: '2025-09-29',
      lastNoticeRule: 'overdue-chair',
    },
  }),
  task('NV-02', 1, 'kinh-te', 'SO-TC', '3/10/2025', { progress: 60, lastUpdate: { updateId: 'u2', at: '2025-10-01T02:00:00Z', note: 'Sắp xong' } }),
  task('NV-03', 1, 'kinh-te', 'SO-TC', 'Tháng 9/2025', { progress: 100, completedOn: '2025-09-30' }),
  task('NV-12', 1, 'kinh-te', 'SO-TC', '10/10/2025', {
    progress: 20,
    ladder: { instance: 'v0', rank: 1, chasers: 0, lastNoticeOn: '2025-10-01', lastNoticeRule: 'reminder-7' },
  }),
  task('NV-15', 1, 'kinh-te', 'SO-TC', '31/8/2025', { progress: 100, completedOn: '2025-08-29' }),
  task('NV-04', 2, 'do-thi', 'SO-QHKT', '20/9/2025', { progress: 100, completedOn: '2025-09-24' }),
  task('NV-05', 2, 'do-thi', 'SO-QHKT', '26/9/2025', {
    progress: 50,
    revisedDueDate: '2025-10-31',
    deadlineVersion: 1,
    lastExtensionDecision: { status: 'approved', on: '2025-10-01', extensionId: 'ext-5' },
    lastUpdate: { updateId: 'u5', at: '2025-09-10T02:00:00Z', note: 'Xin gia hạn' }, // 26 days ago: recent
  }),
  task('NV-11', 2, 'do-thi', 'SO-QHKT', '25/9/2025', {
    progress: 10,
    lastUpdate: { updateId: 'u11', at: '2025-09-06T10:00:00Z', note: 'Chờ phối hợp' }, // 17:00 6/9 Hanoi: exactly 30 days, not recent
    ladder: { instance: 'v0', rank: 4, chasers: 2, lastChaserOn: '2025-10-02', lastNoticeOn: '2025-10-02', lastNoticeRule: 'overdue-5' },
    lastExtensionDecision: { status: 'rejected', on: '2025-09-30', extensionId: 'ext-11' },
  }),
  task('NV-16', 2, 'do-thi', 'SO-QHKT', '22/9/2025', { progress: 100, completedOn: '2025-10-02' }),
  task('NV-06', 3, 'ha-tang', 'SO-XD', '10/10/2025', { progress: 30, lastUpdate: { updateId: 'u6', at: '2025-09-20T03:00:00Z', note: 'Đúng tiến độ' } }),
  task('NV-07', 3, 'ha-tang', 'SO-XD', '19/10/2025'),
  task('NV-08', 3, 'ha-tang', 'SO-XD', '17/10/2025'),
  task('NV-14', 3, 'ha-tang', 'SO-XD', '6/10/2025', { progress: 90, lastUpdate: { updateId: 'u14', at: '2025-10-03T01:00:00Z', note: 'Hoàn thiện hồ sơ' } }),
  task('NV-09', 4, 'noi-chinh', 'SO-KHCN', 'Thường xuyên', { progress: 50, lastUpdate: { updateId: 'u9', at: '2025-09-30T01:00:00Z', note: 'Báo cáo quý' } }),
  task('NV-10', 4, 'noi-chinh', 'SO-KHCN', '30/6/2025', {
    progress: 100,
    completedOn: '2025-07-15',
    revisedDueDate: '2025-07-31',
    deadlineVersion: 1,
    lastExtensionDecision: { status: 'approved', on: '2025-06-25', extensionId: 'ext-10' },
  }),
  task('NV-13', 4, 'noi-chinh', 'SO-KHCN', '31/12/2025', { assignedOn: '2025-10-01' }),
];

function def(id: string, name: string, field: Field, over: Partial<IndicatorDef> = {}): IndicatorDef {
  return {
    id,
    name,
    unit: '%',
    direction: 'up',
    kind: 'rate',
    frequency: 'quarterly',
    agency: 'SO-TC',
    field,
    targets: [{ period: '2025', value: 8.5 }],
    note: 'Minh họa',
    ...over,
  };
}

const ct01Assessment: Assessment = {
  indicatorId: 'CT-01',
  period: '2025-Q2',
  year: 2025,
  actual: 7.9,
  planned: 8.2,
  target: 8.5,
  gap: -0.3,
  ahead: false,
  needed: 9.4,
  remainingPeriods: 2,
  bestOnRecord: 7.9,
  infeasible: true,
  status: 'red',
  reason: { vi: 'Quý II/2025: thực hiện 7,9%, kế hoạch 8,2%; cần 9,4% mỗi quý còn lại.', en: 'Q2 2025: actual 7.9%, planned 8.2%.' },
};

const indicators: DigestIndicator[] = [
  {
    def: def('CT-01', 'Tốc độ tăng trưởng GRDP', 'kinh-te', {
      path: [
        { period: '2025-Q1', value: 7.5 },
        { period: '2025-Q2', value: 8.2 },
        { period: '2025-Q3', value: 8.8 },
        { period: '2025-Q4', value: 9.5 },
      ],
    }),
    assessment: ct01Assessment,
    previousStatus: 'amber',
    statusChangedOn: '2025-10-02', // in the week: amber → red
    series: [
      { period: '2024-Q3', value: 6.8 },
      { period: '2024-Q4', value: 7.2 },
      { period: '2025-Q1', value: 7.3 },
      { period: '2025-Q2', value: 7.9 },
    ],
  },
  {
    def: def('CT-05', 'Tỷ lệ đô thị hóa', 'do-thi', { kind: 'level', frequency: 'yearly', targets: [{ period: '2025', value: 62 }] }),
    assessment: {
      indicatorId: 'CT-05',
      period: '2025',
      year: 2025,
      actual: 62.5,
      planned: 62,
      target: 62,
      infeasible: false,
      status: 'green',
      reason: { vi: 'Năm 2025: thực hiện 62,5%.', en: '2025: 62.5%.' },
    },
    previousStatus: 'amber',
    statusChangedOn: '2025-09-20', // before the week: not a change of this week
  },
  { def: def('CT-07', 'Tỷ lệ hộ dân được cấp nước sạch', 'ha-tang') }, // no figures yet
];

const input = (id: string, over: Partial<DigestInput> = {}): DigestInput => ({
  planCode: '08/CTr-UBND',
  planTitle: 'Chương trình hành động triển khai Kế hoạch số 355-KH/TU (dữ liệu minh họa)',
  recipient: recipient(id),
  week: WEEK,
  today: TODAY,
  tasks,
  agencies,
  leaders,
  indicators,
  ...over,
});

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

describe('ISO weeks', () => {
  it('finds the Monday and Sunday of a week, across a year boundary', () => {
    expect(isoWeekRange('2025-W40')).toEqual({ start: '2025-09-29', end: '2025-10-05' });
    expect(isoWeekRange('2026-W01')).toEqual({ start: '2025-12-29', end: '2026-01-04' });
    expect(isoWeekRange('2020-W53')).toEqual({ start: '2020-12-28', end: '2021-01-03' });
    expect(isoWeekRange('2025-W52')).toEqual({ start: '2025-12-22', end: '2025-12-28' });
  });

  it('names the week of a date, across a year boundary', () => {
    expect(isoWeekOf('2025-12-28')).toBe('2025-W52');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2026-01-04')).toBe('2026-W01');
    expect(isoWeekOf('2026-01-05')).toBe('2026-W02');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf(TODAY)).toBe(WEEK);
    for (const w of ['2025-W01', '2025-W40', '2026-W52', '2020-W53']) expect(isoWeekOf(isoWeekRange(w).start)).toBe(w);
  });

  it('rejects what is not an ISO week or a date', () => {
    for (const bad of ['2025-40', '2025-W00', '2025-W53', '2025-W5', '2025W40', 'W40', '', '2025-W40-1']) {
      expect(() => isoWeekRange(bad), bad).toThrow(ValidationError);
    }
    expect(() => isoWeekOf('2025-02-30')).toThrow(ValidationError);
    expect(() => buildDigest(input('CT', { week: 'tuần 41' }))).toThrow(ValidationError);
    // today must fall in the week
    expect(() => buildDigest(input('CT', { today: '2025-10-13' }))).toThrow(ValidationError);
  });
});

describe('buildDigest: the chair (whole programme)', () => {
  const m = buildDigest(input('CT'));

  it('counts tasks by status today and 7 days earlier', () => {
    // Today (6/10), 16 tasks:
    //   in progress   NV-05 (extended to 31/10), 06, 07, 08, 09 (recurring), 12, 13, 14 (due today) = 8
    //   overdue       NV-01, 02, 11                                                                = 3
    //   on time       NV-03 (30/9 ≤ 30/9), NV-15 (29/8 ≤ 3/9)                                      = 2
    //   after ext.    NV-10 (15/7 > 30/6, ≤ 31/7)                                                  = 1
    //   late          NV-04 (24/9 > 22/9), NV-16 (2/10 > 22/9)                                     = 2
    expect(m.headline.now).toEqual({ in_progress: 8, overdue: 3, completed_on_time: 2, completed_after_extension: 1, completed_late: 2 });
    expect(m.headline.total).toBe(16);
    // On 29/9, 15 tasks (NV-13 was assigned on 1/10):
    //   in progress   NV-02, 03 (not yet completed, due 30/9), 06, 07, 08, 09, 12, 14         = 8
    //   overdue       NV-01, NV-05 (its extension came on 1/10: due 26/9 then), 11, 16 (done 2/10) = 4
    //   on time       NV-15 = 1; after extension NV-10 = 1; late NV-04 = 1
    expect(m.headline.previousAsOf).toBe('2025-09-29');
    expect(m.headline.previous).toEqual({ in_progress: 8, overdue: 4, completed_on_time: 1, completed_after_extension: 1, completed_late: 1 });
    expect(m.headline.previousTotal).toBe(15);
    expect(m.headline.change).toEqual({ in_progress: 0, overdue: -1, completed_on_time: 1, completed_after_extension: 0, completed_late: 1 });
  });

  it('lists what changed in the week [29/9, 5/10]', () => {
    const c = m.changes;
    expect([c.from, c.to]).toEqual(['2025-09-29', '2025-10-05']);
    // Completed in the week: NV-03 (30/9, on time), NV-16 (2/10, late); NV-04 (24/9) is older.
    expect(c.completed.map((t) => [t.id, t.completedOn, t.status])).toEqual([
      ['NV-03', '2025-09-30', 'completed_on_time'],
      ['NV-16', '2025-10-02', 'completed_late'],
    ]);
    // Newly overdue: NV-02 (due Fri 3/10, overdue from Sat 4/10). NV-11 went overdue on 26/9,
    // before the week; NV-05's deadline is now 31/10.
    expect(c.newlyOverdue.map((t) => [t.id, t.dueDate, t.overdueSince, t.workingDaysOverdue])).toEqual([['NV-02', '2025-10-03', '2025-10-04', 1]]);
    // Escalations: the chair step for NV-01 (29/9) and overdue-5 for NV-11 (2/10); NV-12's
    // reminder (1/10) is not an escalation.
    expect(c.escalations.map((e) => [e.id, e.on, e.rule, e.chasers])).toEqual([
      ['NV-01', '2025-09-29', 'overdue-chair', 3],
      ['NV-11', '2025-10-02', 'overdue-5', 2],
    ]);
    // Extension decisions: NV-11 rejected 30/9, NV-05 approved 1/10 (to 31/10); NV-10's is from June.
    expect(c.extensionDecisions.map((e) => [e.id, e.decision, e.on, e.revisedDueDate])).toEqual([
      ['NV-11', 'rejected', '2025-09-30', undefined],
      ['NV-05', 'approved', '2025-10-01', '2025-10-31'],
    ]);
    // Colours: CT-01 amber → red on 2/10; CT-05 changed on 20/9, before the week.
    expect(c.indicatorColours).toEqual([{ indicatorId: 'CT-01', name: 'Tốc độ tăng trưởng GRDP', on: '2025-10-02', from: 'amber', to: 'red' }]);
    expect(m.quiet).toBe(false);
  });

  it('orders overdue tasks longest first, in working days (a weekend does not count)', () => {
    // NV-01: due Mon 8/9; 9/9..6/10 holds 20 working days (4 + 5 + 5 + 5 + Mon 6/10).
    // NV-11: due Thu 25/9; Fri 26/9, 29/9..3/10, Mon 6/10 = 7.
    // NV-02: due Fri 3/10; Sat and Sun are off, Mon 6/10 = 1 (3 calendar days).
    expect(m.overdue.map((t) => [t.id, t.workingDaysOverdue, t.calendarDaysOverdue])).toEqual([
      ['NV-01', 20, 28],
      ['NV-11', 7, 11],
      ['NV-02', 1, 3],
    ]);
    const nv01 = m.overdue[0]!;
    expect([nv01.leadAgencyName, nv01.chasers, nv01.listedForMeetingOn]).toEqual(['Sở Tài chính', 3, '2025-09-29']);
    expect(m.overdue[1]!.listedForMeetingOn).toBeUndefined();
  });

  it('lists deadlines in [today, today + 13] by their effective date', () => {
    // NV-14 due today (0 working days left); NV-06 and NV-12 on Fri 10/10 (4: 7, 8, 9, 10/10);
    // NV-08 on Fri 17/10 (9). NV-07 is written 19/10, a Sunday: effectively due Mon 20/10, outside.
    expect(m.upcoming).toMatchObject({ from: '2025-10-06', to: '2025-10-19' });
    expect(m.upcoming.tasks.map((t) => [t.id, t.dueDate, t.workingDaysLeft])).toEqual([
      ['NV-14', '2025-10-06', 0],
      ['NV-06', '2025-10-10', 4],
      ['NV-12', '2025-10-10', 4],
      ['NV-08', '2025-10-17', 9],
    ]);
  });

  it('lists indicators worst first, with the rate still needed', () => {
    expect(m.indicators.map((i) => [i.id, i.status])).toEqual([
      ['CT-01', 'red'],
      ['CT-07', 'unknown'],
      ['CT-05', 'green'],
    ]);
    expect(m.indicators[0]).toMatchObject({ latest: 7.9, target: 8.5, needed: 9.4, unit: '%', period: '2025-Q2', infeasible: true });
  });

  it('ranks the lead agencies', () => {
    // On time / completed: SO-TC 2/2, SO-KHCN 1/1 (tie at 100%, SO-TC has more), SO-QHKT 0/2;
    // SO-XD has completed nothing and is not ranked.
    expect(m.agencies.byOnTime.map((a) => [a.code, a.completedOnTime, a.completed])).toEqual([
      ['SO-TC', 2, 2],
      ['SO-KHCN', 1, 1],
      ['SO-QHKT', 0, 2],
    ]);
    // Open tasks updated within 30 days: SO-XD 2/4 (NV-06, NV-14), SO-KHCN 1/2 (NV-09),
    // SO-QHKT 1/2 (NV-05; NV-11's update is exactly 30 days old), SO-TC 1/3 (NV-02).
    // Ties at 50%: more updated first, then by name (Khoa học < Quy hoạch).
    expect(m.agencies.byReporting.map((a) => [a.code, a.openUpdated, a.open])).toEqual([
      ['SO-XD', 2, 4],
      ['SO-KHCN', 1, 2],
      ['SO-QHKT', 1, 2],
      ['SO-TC', 1, 3],
    ]);
    // Slipping: SO-TC 2 overdue (NV-01, 02), SO-QHKT 1 (NV-11); nobody else has any.
    expect(m.agencies.slipping.map((a) => [a.code, a.overdue, a.maxWorkingDaysOverdue])).toEqual([
      ['SO-TC', 2, 20],
      ['SO-QHKT', 1, 7],
    ]);
  });

  it('holds the chart data', () => {
    expect(m.charts.byGroup).toEqual([
      { group: 1, total: 5, counts: { in_progress: 1, overdue: 2, completed_on_time: 2, completed_after_extension: 0, completed_late: 0 } },
      { group: 2, total: 4, counts: { in_progress: 1, overdue: 1, completed_on_time: 0, completed_after_extension: 0, completed_late: 2 } },
      { group: 3, total: 4, counts: { in_progress: 4, overdue: 0, completed_on_time: 0, completed_after_extension: 0, completed_late: 0 } },
      { group: 4, total: 3, counts: { in_progress: 2, overdue: 0, completed_on_time: 0, completed_after_extension: 1, completed_late: 0 } },
    ]);
    // The latest year of the series is 2025; Q3 and Q4 have only the planned path.
    expect(m.charts.growth).toEqual({
      indicatorId: 'CT-01',
      name: 'Tốc độ tăng trưởng GRDP',
      unit: '%',
      year: 2025,
      target: 8.5,
      quarters: [
        { quarter: 1, period: '2025-Q1', actual: 7.3, planned: 7.5 },
        { quarter: 2, period: '2025-Q2', actual: 7.9, planned: 8.2 },
        { quarter: 3, period: '2025-Q3', planned: 8.8 },
        { quarter: 4, period: '2025-Q4', planned: 9.5 },
      ],
    });
  });

  it('gives the office the same picture as the chair', () => {
    const office = buildDigest(input('VP'));
    expect(office.headline).toEqual(m.headline);
    expect(ids(office.overdue)).toEqual(ids(m.overdue));
  });
});

describe('buildDigest: a vice-chair sees only their fields', () => {
  it('PCT-2 (do-thi, ha-tang)', () => {
    const m = buildDigest(input('PCT-2'));
    expect(m.scope).toEqual({ all: false, fields: ['do-thi', 'ha-tang'] });
    // NV-04, 05, 11, 16 (do-thi) and NV-06, 07, 08, 14 (ha-tang): 8 tasks.
    // Today: in progress 05, 06, 07, 08, 14 = 5; overdue 11 = 1; late 04, 16 = 2.
    // 29/9: in progress 06, 07, 08, 14 = 4; overdue 05, 11, 16 = 3; late 04 = 1.
    expect(m.headline.total).toBe(8);
    expect(m.headline.now).toEqual({ in_progress: 5, overdue: 1, completed_on_time: 0, completed_after_extension: 0, completed_late: 2 });
    expect(m.headline.previous).toEqual({ in_progress: 4, overdue: 3, completed_on_time: 0, completed_after_extension: 0, completed_late: 1 });
    expect(m.headline.change).toEqual({ in_progress: 1, overdue: -2, completed_on_time: 0, completed_after_extension: 0, completed_late: 1 });
    expect(ids(m.overdue)).toEqual(['NV-11']);
    expect(ids(m.upcoming.tasks)).toEqual(['NV-14', 'NV-06', 'NV-08']);
    expect(ids(m.changes.completed)).toEqual(['NV-16']);
    expect(ids(m.changes.newlyOverdue)).toEqual([]);
    expect(ids(m.changes.escalations)).toEqual(['NV-11']);
    expect(ids(m.changes.extensionDecisions)).toEqual(['NV-11', 'NV-05']);
    expect(m.changes.indicatorColours).toEqual([]);
    expect(ids(m.indicators)).toEqual(['CT-07', 'CT-05']);
    expect(m.agencies.all.map((a) => a.code)).toEqual(['SO-QHKT', 'SO-XD']);
    expect(m.charts.growth).toBeUndefined(); // CT-01 is kinh-te
    expect(m.charts.byGroup.map((g) => g.total)).toEqual([0, 4, 4, 0]);
  });

  it('PCT-1 (kinh-te)', () => {
    const m = buildDigest(input('PCT-1'));
    // NV-01, 02, 03, 12, 15. Today: in progress 12; overdue 01, 02; on time 03, 15.
    // 29/9: in progress 02, 03, 12; overdue 01; on time 15.
    expect(m.headline.now).toEqual({ in_progress: 1, overdue: 2, completed_on_time: 2, completed_after_extension: 0, completed_late: 0 });
    expect(m.headline.change).toEqual({ in_progress: -2, overdue: 1, completed_on_time: 1, completed_after_extension: 0, completed_late: 0 });
    expect(ids(m.overdue)).toEqual(['NV-01', 'NV-02']);
    expect(ids(m.indicators)).toEqual(['CT-01']);
    expect(m.charts.growth?.indicatorId).toBe('CT-01');
  });
});

describe('a quiet week', () => {
  // PCT-3 (noi-chinh): NV-09 (recurring), NV-10 (completed in July), NV-13 (new, due 31/12), no
  // indicator. Nothing was completed, went overdue, was chased or decided in the week.
  const quiet = buildDigest(input('PCT-3'));
  const busy = buildDigest(input('CT'));

  it('is flagged, with the headline still counted', () => {
    expect(quiet.quiet).toBe(true);
    // Today: in progress NV-09, NV-13; after extension NV-10. On 29/9: NV-09 and NV-10 (NV-13 not yet assigned).
    expect(quiet.headline.now).toEqual({ in_progress: 2, overdue: 0, completed_on_time: 0, completed_after_extension: 1, completed_late: 0 });
    expect(quiet.headline.change.in_progress).toBe(1);
  });

  it('renders a short digest that says so', () => {
    const q = renderDigest(quiet, { link: LINK });
    const b = renderDigest(busy, { link: LINK });
    expect(q.html).toContain('không có thay đổi đáng kể');
    expect(q.text).toContain('không có thay đổi đáng kể');
    expect(q.html).toContain('Đang thực hiện trong hạn');
    expect(q.html).not.toContain('Nhiệm vụ quá hạn (');
    expect(q.html).not.toContain('Biểu đồ');
    expect(q.html.length).toBeLessThan(b.html.length / 2);
    expect(q.text.length).toBeLessThan(b.text.length / 2);
    expect(q.subject).toBe('[Báo cáo tuần 41/2025] Chương trình 08/CTr-UBND – không có nhiệm vụ quá hạn');
  });
});

describe('what an indicator still needs, in words', () => {
  const lineOf = (d: IndicatorDef, a: Partial<Assessment>) => {
    const full: Assessment = { indicatorId: d.id, year: 2025, infeasible: false, status: 'amber', reason: { vi: '', en: '' }, ...a };
    const m = buildDigest(input('CT', { indicators: [{ def: d, assessment: full }] }));
    return renderDigest(m, { link: LINK }).text;
  };

  it('says "cần giảm … điểm phần trăm" for a lower-is-better level, not "cần đạt -0,09%"', () => {
    const unemployment = def('CT-32', 'Tỷ lệ thất nghiệp khu vực thành thị', 'kinh-te', {
      direction: 'down',
      kind: 'level',
      targets: [{ period: '2025', value: 2.5 }],
    });
    // 2.68% in Q2 against 2.5% for the year: (2.5 − 2.68) / 2 = −0.09 a quarter.
    const text = lineOf(unemployment, { period: '2025-Q2', actual: 2.68, planned: 2.55, target: 2.5, needed: -0.09, remainingPeriods: 2 });
    expect(text).toContain('cần giảm 0,09 điểm phần trăm mỗi quý còn lại');
    expect(text).not.toContain('-0,09');
  });

  it('says "cần thêm" for a year-to-date amount, and a growth rate as "tăng 7,9%"', () => {
    const investment = def('CT-04', 'Tổng vốn đầu tư toàn xã hội', 'kinh-te', {
      unit: 'nghìn tỷ đồng',
      kind: 'cumulative',
      targets: [{ period: '2025', value: 470 }],
    });
    const text = lineOf(investment, { period: '2025-Q2', actual: 225, planned: 235, target: 470, needed: 122.5, remainingPeriods: 2 });
    expect(text).toContain('cần thêm 122,5 nghìn tỷ đồng mỗi quý còn lại');
    const growth = renderDigest(buildDigest(input('CT')), { link: LINK }).text;
    expect(growth).toContain('Quý II/2025: tăng 7,9%');
    expect(growth).toContain('cần tăng bình quân 9,4% mỗi quý còn lại (khó đạt)');
  });
});

describe('spacing', () => {
  it('has no double space anywhere in the subject, the HTML or the text part, quiet week or busy, with counts of zero', () => {
    for (const who of ['PCT-3', 'CT', 'PCT-1', 'PCT-2']) {
      const d = renderDigest(buildDigest(input(who)), { link: LINK });
      // In HTML, only text between tags counts (attributes and markup layout are not read).
      const htmlText = d.html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, '\u0000');
      for (const [part, text] of [
        ['subject', d.subject],
        ['text', d.text],
        ['html', htmlText],
      ] as const) {
        const lines = text.split('\n').filter((l) => /\S {2,}\S/.test(l.replace(/^\s+/, '')));
        if (lines.length) throw new Error(`${who} ${part}: ${JSON.stringify(lines.slice(0, 5))}`);
      }
    }
  });
});

describe('renderDigest', () => {
  const m = buildDigest(input('CT'));
  const r = renderDigest(m, { link: LINK });

  it('says which co-operating agency an overdue task waits on, as its lead reported', () => {
    const waiting = tasks.map((t) => (t.id === 'NV-11' ? { ...t, waitingOnCoAgency: true, waitingOn: 'SO-XD' } : t));
    const w = buildDigest(input('CT', { tasks: waiting }));
    expect(w.overdue.find((t) => t.id === 'NV-11')).toMatchObject({ waitingOnName: 'Sở Xây dựng' });
    expect(renderDigest(w, { link: LINK }).text).toContain('đang chờ Sở Xây dựng phối hợp');
    expect(r.text).not.toContain('đang chờ');
  });

  it('greets the chair as a letter does: Đồng chí, the title, the name', () => {
    expect(r.text).toContain('Kính gửi: Đồng chí Chủ tịch UBND Thành phố Nguyễn Văn An\n');
  });

  it('writes a one-line subject', () => {
    expect(r.subject).toBe('[Báo cáo tuần 41/2025] Chương trình 08/CTr-UBND – 3 nhiệm vụ quá hạn');
    expect(r.subject.length).toBeLessThanOrEqual(150);
    const long = renderDigest({ ...m, planCode: `08/CTr-UBND ${'rất dài '.repeat(40)}\n` }, { link: LINK });
    expect(long.subject.length).toBeLessThanOrEqual(150);
    expect(long.subject).not.toMatch(/\n/);
  });

  it('shows the headline with its changes, every section and the charts', () => {
    expect(r.html).toContain('▼1'); // overdue 4 → 3
    expect(r.html).toContain('▲1'); // on time 1 → 2
    for (const s of ['Thay đổi trong tuần', 'Nhiệm vụ quá hạn (3)', 'Đến hạn trong 14 ngày tới', 'Chỉ tiêu (3)', 'Cơ quan chủ trì', 'Biểu đồ'])
      expect(r.html).toContain(s);
    expect(r.html).toContain('Quá hạn 20 ngày làm việc');
    expect(r.html).toContain('đưa vào giao ban ngày 29/09/2025');
    // Stacked bar for group 1 (1 in progress, 2 overdue, 2 on time of 5): 20% / 40% / 40%.
    expect(r.html).toMatch(/width="20%"[^>]*bgcolor="#2563EB"[\s\S]*?width="40%"[^>]*bgcolor="#DC2626"[\s\S]*?width="40%"[^>]*bgcolor="#16A34A"/);
    // CT-01 actual vs planned, values written.
    expect(r.html).toContain('7,9%');
    expect(r.html).toContain('8,2%');
    // Growth as officials word it: 7.9 − 8.2 = −0.3 → "thấp hơn kịch bản 0,3 điểm phần trăm".
    expect(r.text).toContain('Quý II/2025: tăng 7,9%; kịch bản 8,2%, thấp hơn kịch bản 0,3 điểm phần trăm');
    // The plain text carries the same facts.
    for (const s of [
      'NV-01 · Quá hạn 20 ngày làm việc',
      'NV-02 · Hạn 03/10/2025, đến nay quá hạn 1 ngày làm việc',
      'Quá hạn chưa hoàn thành: 3 (▼1',
      'CT-01 · Đỏ',
    ])
      expect(r.text).toContain(s);
  });

  it('contains nothing active or remote: no script, image, stylesheet or URL but the link', () => {
    for (const html of [r.html, renderDigest(buildDigest(input('PCT-3')), { link: LINK }).html]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/src=/i);
      expect(html).not.toMatch(/<link/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).toContain(`href="${escapeHtml(LINK)}"`);
      expect(html.split(escapeHtml(LINK)).join('')).not.toMatch(/http/i);
    }
    expect(r.text.split(LINK).join('')).not.toMatch(/http/i);
  });

  it('escapes data', () => {
    const hostile = tasks.map((t) =>
      t.id === 'NV-01' ? { ...t, title: '<b onmouseover=x>' } : t.id === 'NV-02' ? { ...t, title: 'Xem http://evil.example <a href="javascript:x">' } : t,
    );
    const names = agencies.map((a) => (a.code === 'SO-TC' ? { ...a, name: 'Sở "Tài chính" <i>' } : a));
    const h = renderDigest(buildDigest(input('CT', { tasks: hostile, agencies: names })), { link: LINK }).html;
    expect(h).not.toContain('<b onmouseover');
    expect(h).toContain('&lt;b onmouseover=x&gt;');
    expect(h).not.toContain('<a href="javascript');
    expect(h).not.toContain('<i>');
    expect(h).toContain('Sở &quot;Tài chính&quot; &lt;i&gt;');
    // A link that is not http(s) is not made a link.
    const bad = renderDigest(m, { link: 'javascript:alert(1)' }).html;
    expect(bad).not.toMatch(/href="javascript/i);
  });

  it('keeps each list to 15 rows and points to the attachment for the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => task(`NV-X${String(i + 1).padStart(2, '0')}`, 1, 'kinh-te', 'SO-TC', `${i + 1}/9/2025`));
    const big = buildDigest(input('CT', { tasks: [...tasks, ...many] }));
    expect(big.overdue).toHaveLength(23);
    const out = renderDigest(big, { link: LINK });
    expect(out.html).toContain('và 8 nhiệm vụ khác (xem tệp đính kèm)');
    expect(out.text).toContain('và 8 nhiệm vụ khác (xem tệp đính kèm)');
  });

  it('sizes the bars to 100% in whole percentages', () => {
    expect(barWidths([1, 1, 1])).toEqual([34, 33, 33]);
    expect(barWidths([1, 2, 2, 0, 0])).toEqual([20, 40, 40, 0, 0]);
    expect(barWidths([1, 400]).reduce((a, b) => a + b, 0)).toBe(100);
    expect(barWidths([1, 400])[0]).toBe(1);
    expect(barWidths([0, 0])).toEqual([0, 0]);
  });

  it('writes the sample digest when asked (DIGEST_SAMPLE=1)', () => {
    if (process.env.DIGEST_SAMPLE) {
      writeFileSync('/tmp/digest-sample.html', r.html);
      writeFileSync('/tmp/digest-sample.txt', `${r.subject}\n\n${r.text}`);
      writeFileSync('/tmp/digest-sample-quiet.html', renderDigest(buildDigest(input('PCT-3')), { link: LINK }).html);
    }
    expect(r.html.startsWith('<!DOCTYPE html>')).toBe(true);
  });
});

describe('buildWorkbook', () => {
  it('gives the same bytes for the same digest, whenever it is built (its attachment is stored under an id made from them)', async () => {
    const inp = input('PCT-2');
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2025-10-06T01:00:00Z'));
      const first = await buildWorkbook(buildDigest(inp), inp);
      vi.setSystemTime(new Date('2025-10-06T01:07:33Z'));
      const again = await buildWorkbook(buildDigest(inp), inp);
      expect(again.equals(first)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes the tasks and indicators in scope, with real dates', async () => {
    const inp = input('PCT-2');
    const buf = await buildWorkbook(buildDigest(inp), inp);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);

    const ws = wb.getWorksheet('Nhiệm vụ')!;
    expect(ws.getRow(1).values).toEqual([undefined, ...TASK_HEADERS]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const rows = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), row);
    });
    // PCT-2's 8 tasks, by id.
    expect([...rows.keys()]).toEqual(['NV-04', 'NV-05', 'NV-06', 'NV-07', 'NV-08', 'NV-11', 'NV-14', 'NV-16']);
    const nv05 = rows.get('NV-05')!;
    expect(nv05.getCell(7).value).toBe('26/9/2025'); // Thời hạn, as written
    expect(nv05.getCell(8).value).toEqual(new Date(Date.UTC(2025, 8, 26))); // Hạn hoàn thành
    expect(nv05.getCell(8).numFmt).toBe('dd/mm/yyyy');
    expect(nv05.getCell(9).value).toEqual(new Date(Date.UTC(2025, 9, 31))); // Hạn sau gia hạn
    expect(nv05.getCell(10).value).toBe('Đang thực hiện trong hạn');
    expect(nv05.getCell(11).value).toBe(50);
    expect(nv05.getCell(5).value).toBe('Sở Quy hoạch – Kiến trúc');
    expect(nv05.getCell(6).value).toBe('Sở Tài chính; Sở Xây dựng');
    const nv16 = rows.get('NV-16')!;
    expect(nv16.getCell(12).value).toEqual(new Date(Date.UTC(2025, 9, 2))); // Ngày hoàn thành
    expect(nv16.getCell(10).value).toBe('Hoàn thành quá hạn');
    expect(rows.get('NV-11')!.getCell(13).value).toBe(2); // Số lần đôn đốc
    expect(rows.get('NV-07')!.getCell(12).value).toBeNull();

    const wi = wb.getWorksheet('Chỉ tiêu')!;
    expect(wi.getRow(1).values).toEqual([undefined, ...INDICATOR_HEADERS]);
    expect(wi.getRow(1).getCell(9).font?.bold).toBe(true);
    expect(wi.getRow(2).values).toEqual([undefined, 'CT-05', 'Tỷ lệ đô thị hóa', '%', 'Năm 2025', 62.5, 62, 'Xanh', undefined, 'Năm 2025: thực hiện 62,5%.']);
    expect(wi.getRow(3).getCell(7).value).toBe('Chưa có số liệu');
    expect(wi.rowCount).toBe(3);
  });

  it('rates the chair’s indicators in Vietnamese', async () => {
    const inp = input('CT');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildWorkbook(buildDigest(inp), inp)) as unknown as ArrayBuffer);
    const row = wb.getWorksheet('Chỉ tiêu')!.getRow(2);
    expect([row.getCell(1).value, row.getCell(4).value, row.getCell(5).value, row.getCell(7).value, row.getCell(8).value]).toEqual([
      'CT-01',
      'Quý II/2025',
      7.9,
      'Đỏ',
      // Was the bare figure 9.4: what is needed is said in words (growth, an amount to add, or a change).
      'tăng bình quân 9,4% mỗi quý',
    ]);
    expect(wb.getWorksheet('Nhiệm vụ')!.rowCount).toBe(17);
  });
});

describe("the office's warning about a calendar not announced", () => {
  it('is in the office digest only, from three months before the year, naming the year', () => {
    // On 6/10/2025 both 2025 and 2026 are announced in the bundled calendar: no warning.
    expect(buildDigest(input('VP')).calendarWarnings).toEqual([]);
    // A calendar with nothing announced: this year and (from October) next year are projected, with no day off at all.
    const empty = { calendarData: { entries: [] } };
    const office = buildDigest(input('VP', empty));
    expect(office.calendarWarnings).toEqual([
      { year: 2025, projectedEntries: 0 },
      { year: 2026, projectedEntries: 0 },
    ]);
    const { text, html } = renderDigest(office, { link: LINK });
    expect(text).toContain('Lưu ý: lịch nghỉ lễ, Tết năm 2026 chưa được cập nhật theo thông báo chính thức');
    expect(html).toContain('Lưu ý: lịch nghỉ lễ, Tết năm 2026');
    expect(buildDigest(input('CT', empty)).calendarWarnings).toEqual([]);
    expect(renderDigest(buildDigest(input('CT', empty)), { link: LINK }).text).not.toContain('Lưu ý: lịch nghỉ');
  });
});
