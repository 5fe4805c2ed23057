import { describe, expect, it } from 'vitest';
import { vnCalendar } from '../../shared/domain/calendar';
import { parseDeadline, type Deadline } from '../../shared/domain/deadline';
import { evaluate, recurringInstance, reportingPeriodOf, type LadderTask, type NoticeRule } from '../../shared/domain/ladder';

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

/**
 * Plays the deadline run once per working day, as the scheduler does, reading a task only when
 * its wake date has come (the sparse index), and keeping the ladder state the run writes.
 */
function play(task: LadderTask, from: string, to: string, opts: { skip?: (d: string) => boolean; onDay?: (d: string, t: LadderTask) => LadderTask } = {}) {
  let t = { ...task };
  let wake: string | undefined = '0000-00-00';
  const sent: Array<{ on: string; rule: NoticeRule; workingDays: number; key: string }> = [];
  for (const d of days(from, to)) {
    if (opts.onDay) {
      const changed = opts.onDay(d, t);
      if (changed !== t) {
        t = changed;
        wake = '0000-00-00';
      }
    }
    if (!vnCalendar.isWorkingDay(d) || opts.skip?.(d) || wake === undefined || wake > d) continue;
    const r = evaluate(t, d, vnCalendar);
    if (r.notice) sent.push({ on: d, rule: r.notice.rule, workingDays: r.notice.workingDays, key: r.notice.key });
    t = { ...t, ladder: r.state };
    wake = r.wakeOn;
  }
  return { sent, task: t };
}

const dated = (deadline: string, extra: Partial<LadderTask> = {}): LadderTask => ({
  id: 'NV-01',
  deadline: parseDeadline(deadline),
  deadlineVersion: 0,
  assignedOn: '2025-09-01',
  lastUpdateOn: '2025-09-20',
  ...extra,
});

describe('the escalation ladder', () => {
  it('walks a task due Wednesday 15/10/2025 through every step, once each, on working days', () => {
    // Working days: 7 before 15/10 is Monday 6/10; 1 before is 14/10; 1 after is 16/10; 5 after is
    // 22/10; 10 after is 29/10 (the third chaser); 5 working days later, 5/11, it goes to the chair.
    const { sent } = play(dated('15/10/2025'), '2025-09-20', '2025-12-31');
    expect(sent.map((s) => [s.on, s.rule])).toEqual([
      ['2025-10-06', 'reminder-7'],
      ['2025-10-14', 'reminder-1'],
      ['2025-10-16', 'overdue-1'],
      ['2025-10-22', 'overdue-5'],
      ['2025-10-29', 'overdue-10'],
      ['2025-11-05', 'overdue-chair'],
    ]);
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
  });

  it('sends nothing new when run twice on one day', () => {
    const t = dated('15/10/2025');
    const first = evaluate(t, '2025-10-16', vnCalendar);
    expect(first.notice?.rule).toBe('overdue-1');
    const second = evaluate({ ...t, ladder: first.state }, '2025-10-16', vnCalendar);
    expect(second.notice).toBeUndefined();
  });

  it('catches up after a 3-day gap with one notice, and the chasers after it keep their spacing', () => {
    // Runs missed from 20/10 to 22/10: on 23/10 the task is 6 working days overdue; overdue-1 was
    // sent on 16/10; overdue-5 goes on 23/10. overdue-10 waits 5 working days after it (24, 27,
    // 28, 29, 30/10), and the chair 5 after that (31/10, 3, 4, 5, 6/11).
    const gap = new Set(['2025-10-20', '2025-10-21', '2025-10-22']);
    const { sent } = play(dated('15/10/2025'), '2025-09-20', '2025-11-30', { skip: (d) => gap.has(d) });
    expect(sent.map((s) => `${s.on} ${s.rule}`)).toEqual([
      '2025-10-06 reminder-7',
      '2025-10-14 reminder-1',
      '2025-10-16 overdue-1',
      '2025-10-23 overdue-5',
      '2025-10-30 overdue-10',
      '2025-11-06 overdue-chair',
    ]);
  });

  it('starts a task first seen overdue at the first chaser to its agency, never at the chair after 0 chasers', () => {
    // Due 15/10/2025, first seen on Thursday 20/11, 26 working days late: the first chaser. Then 4
    // working days on (21, 24, 25, 26/11) the second, 5 on (27, 28/11, 1, 2, 3/12) the third, and
    // 5 working days after the third (4, 5, 8, 9, 10/12) the chair, after three chasers.
    const { sent } = play(dated('15/10/2025'), '2025-11-20', '2025-12-31');
    expect(sent.map((s) => [s.on, s.rule, s.workingDays])).toEqual([
      ['2025-11-20', 'overdue-1', 26],
      ['2025-11-26', 'overdue-5', 30],
      ['2025-12-03', 'overdue-10', 35],
      ['2025-12-10', 'overdue-chair', 40],
    ]);
    const first = evaluate(dated('15/10/2025'), '2025-11-20', vnCalendar);
    expect(first.notice).toMatchObject({ rule: 'overdue-1', chaserCount: 0 });
    expect(evaluate({ ...dated('15/10/2025'), ladder: first.state }, '2025-11-21', vnCalendar).notice).toBeUndefined();
  });

  it('goes on from a step sent before the chasers climbed one at a time', () => {
    // overdue-10 sent on 3/11 as the only chaser: the chair follows 5 working days later, 10/11.
    const t = dated('15/10/2025', { ladder: { instance: 'v0', rank: 5, chasers: 1, lastChaserOn: '2025-11-03' } });
    expect(evaluate(t, '2025-11-07', vnCalendar).notice).toBeUndefined();
    expect(evaluate(t, '2025-11-10', vnCalendar)).toMatchObject({ notice: { rule: 'overdue-chair' } });
  });

  it('counts across Tết 2026: a task due Friday 13/2 is first overdue on Monday 23/2', () => {
    const { sent } = play(dated('13/2/2026', { assignedOn: '2026-01-20', lastUpdateOn: '2026-01-20' }), '2026-01-20', '2026-03-31');
    expect(sent.find((s) => s.rule === 'overdue-1')).toMatchObject({ on: '2026-02-23', workingDays: 1 });
    // Nothing is ever sent on a day off.
    for (const s of sent) expect(vnCalendar.isWorkingDay(s.on)).toBe(true);
  });

  it("counts the 2026 swaps: New Year's 2/1 is off, the make-up Saturdays 10/1 and 22/8 are working days", () => {
    // Due Wednesday 31/12/2025: Thu 1/1 holiday, Fri 2/1 swapped day off, Sat 3, Sun 4 weekend: first overdue Monday 5/1.
    const newYear = play(dated('31/12/2025', { assignedOn: '2025-12-01', lastUpdateOn: '2025-12-20' }), '2025-12-01', '2026-01-31');
    expect(newYear.sent.find((s) => s.rule === 'overdue-1')).toMatchObject({ on: '2026-01-05', workingDays: 1 });
    // 5 working days overdue: Mon 5, Tue 6, Wed 7, Thu 8, Fri 9/1.
    expect(newYear.sent.find((s) => s.rule === 'overdue-5')).toMatchObject({ on: '2026-01-09', workingDays: 5 });
    // 10: then Sat 10/1 (made up), Mon 12, Tue 13, Wed 14, Thu 15/1 (without the make-up Saturday, Friday 16/1).
    expect(newYear.sent.find((s) => s.rule === 'overdue-10')).toMatchObject({ on: '2026-01-15', workingDays: 10 });
    // Due Friday 21/8/2026: Saturday 22/8 is worked, so it is 1 working day overdue that Saturday.
    const august = play(dated('21/8/2026', { assignedOn: '2026-08-01', lastUpdateOn: '2026-08-10' }), '2026-08-01', '2026-08-31');
    expect(august.sent.find((s) => s.rule === 'overdue-1')).toMatchObject({ on: '2026-08-22', workingDays: 1 });
    for (const s of [...newYear.sent, ...august.sent]) expect(vnCalendar.isWorkingDay(s.on)).toBe(true);
  });

  it('moves a deadline that falls on a day off to the next working day', () => {
    // Sunday 26/4/2026 is Hùng Kings' day; Monday 27/4 is the day off in lieu: due Tuesday 28/4.
    const t = dated('26/4/2026', { assignedOn: '2026-04-01', lastUpdateOn: '2026-04-20' });
    expect(evaluate(t, '2026-04-28', vnCalendar).notice?.rule).toBe('reminder-1');
    expect(evaluate(t, '2026-04-29', vnCalendar).notice?.rule).toBe('overdue-1');
  });

  it('restarts for an approved extension, and stops for a completed task', () => {
    const extended = play(dated('15/10/2025'), '2025-09-20', '2025-12-31', {
      onDay: (d, t) => (d === '2025-10-17' ? { ...t, revisedDueDate: '2025-11-14', deadlineVersion: 1 } : t),
    });
    expect(extended.sent.map((s) => `${s.on} ${s.rule}`)).toEqual([
      '2025-10-06 reminder-7',
      '2025-10-14 reminder-1',
      '2025-10-16 overdue-1',
      '2025-10-20 stale', // the new deadline is not overdue, but nothing was reported since 20/9
      '2025-11-05 reminder-7', // 7 working days before 14/11, for the new deadline
      '2025-11-13 reminder-1',
      '2025-11-17 overdue-1',
      '2025-11-21 overdue-5',
      '2025-11-28 overdue-10',
      '2025-12-05 overdue-chair',
    ]);
    expect(extended.sent[4]!.key).toContain('#v1#');
    const done = play(dated('15/10/2025'), '2025-09-20', '2025-12-31', { onDay: (d, t) => (d === '2025-10-15' ? { ...t, completedOn: d } : t) });
    expect(done.sent.map((s) => s.rule)).toEqual(['reminder-7', 'reminder-1']);
  });

  it('chases a task with no update for 30 days, once per 30 days of silence, before its deadline', () => {
    const { sent } = play(dated('Năm 2026', { assignedOn: '2025-09-01', lastUpdateOn: undefined }), '2025-09-01', '2025-12-31');
    // 30, 60, 90 and 120 days after 1/9: 1/10, 31/10, Sunday 30/11 (sent Monday 1/12), 30/12.
    expect(sent.map((s) => `${s.on} ${s.rule}`)).toEqual(['2025-10-01 stale', '2025-10-31 stale', '2025-12-01 stale', '2025-12-30 stale']);
    const updated = play(dated('Năm 2026', { assignedOn: '2025-09-01' }), '2025-09-01', '2025-11-30', {
      onDay: (d, t) => (d === '2025-10-10' ? { ...t, lastUpdateOn: d } : t),
    });
    expect(updated.sent.map((s) => `${s.on} ${s.rule}`)).toEqual(['2025-11-10 stale']);
  });

  it('gives a recurring task a deadline per period, satisfied by an update in the period', () => {
    const t: LadderTask = { id: 'NV-50', deadline: parseDeadline('Hằng quý'), assignedOn: '2025-09-01' };
    const { sent } = play(t, '2025-09-01', '2025-10-31');
    // Q3 2025's report is due on the 14th of its last month (Decree 09/2019): Sunday 14/9, so Monday
    // 15/9. 7 working days before is 4/9 (1/9 and 2/9 are holidays), 1 before is Friday 12/9.
    expect(sent.map((s) => `${s.on} ${s.rule}`).slice(0, 3)).toEqual(['2025-09-04 reminder-7', '2025-09-12 reminder-1', '2025-09-16 overdue-1']);
    expect(sent[0]!.key).toContain('#p2025-Q3#');
    const reported = play(t, '2025-09-01', '2025-12-31', { onDay: (d, x) => (d === '2025-09-03' || d === '2025-11-03' ? { ...x, lastUpdateOn: d } : x) });
    expect(reported.sent.map((s) => `${s.on} ${s.rule}`)).toEqual([]);
  });

  it('closes a reporting period on the 14th of its last month, as Decree 09/2019 sets', () => {
    expect(reportingPeriodOf('2025-09-14', 'quarter')).toEqual({ id: '2025-Q3', start: '2025-06-15', due: '2025-09-14' });
    expect(reportingPeriodOf('2025-09-15', 'quarter')).toEqual({ id: '2025-Q4', start: '2025-09-15', due: '2025-12-14' });
    expect(reportingPeriodOf('2025-12-20', 'quarter')).toEqual({ id: '2026-Q1', start: '2025-12-15', due: '2026-03-14' });
    expect(reportingPeriodOf('2025-08-20', 'quarter')).toEqual({ id: '2025-Q3', start: '2025-06-15', due: '2025-09-14' });
    expect(reportingPeriodOf('2025-09-14', 'month')).toEqual({ id: '2025-09', start: '2025-08-15', due: '2025-09-14' });
    expect(reportingPeriodOf('2025-09-15', 'month')).toEqual({ id: '2025-10', start: '2025-09-15', due: '2025-10-14' });
    expect(reportingPeriodOf('2025-12-15', 'year')).toEqual({ id: '2026', start: '2025-12-15', due: '2026-12-14' });
    expect(reportingPeriodOf('2025-06-30', 'year')).toEqual({ id: '2025', start: '2024-12-15', due: '2025-12-14' });
  });

  it('closes on the day the plan sets instead, when it sets one', () => {
    // A plan whose reports close on the 20th: Q3 2025 runs 21/6 to 20/9 (a Saturday).
    expect(reportingPeriodOf('2025-09-20', 'quarter', 20)).toEqual({ id: '2025-Q3', start: '2025-06-21', due: '2025-09-20' });
    expect(reportingPeriodOf('2025-09-21', 'quarter', 20)).toEqual({ id: '2025-Q4', start: '2025-09-21', due: '2025-12-20' });
    const t = { deadline: { ...parseDeadline('Hằng quý'), cutoffDay: 20 } as Deadline, assignedOn: '2025-06-01' };
    // On 22/9 nothing reported since 21/6: Q3 is unreported, due Saturday 20/9, so Monday 22/9.
    expect(recurringInstance(t, '2025-09-22', vnCalendar)).toEqual({ period: '2025-Q3', due: '2025-09-22', reported: false });
    // With the Decree's 14th, a report on 18/9 falls in Q4's window; with the 20th it answers for Q3.
    expect(recurringInstance({ ...t, lastUpdateOn: '2025-09-18' }, '2025-09-19', vnCalendar)).toEqual({ period: '2025-Q3', due: '2025-09-22', reported: true });
  });

  it('names the period a recurring task must answer for, and whether it did', () => {
    const t = { deadline: parseDeadline('Hằng quý'), assignedOn: '2025-06-01' };
    // On 20/9 nothing reported since 15/6: Q3, due 14/9 (a Sunday, so Monday 15/9), is unreported.
    expect(recurringInstance(t, '2025-09-20', vnCalendar)).toEqual({ period: '2025-Q3', due: '2025-09-15', reported: false });
    // A report on 10/9 answers for Q3; on 20/9 the task answers for Q4, due 14/12 (a Sunday: 15/12).
    expect(recurringInstance({ ...t, lastUpdateOn: '2025-09-10' }, '2025-09-20', vnCalendar)).toEqual({
      period: '2025-Q4',
      due: '2025-12-15',
      reported: false,
    });
    expect(recurringInstance({ ...t, lastUpdateOn: '2025-09-16' }, '2025-09-20', vnCalendar)).toEqual({ period: '2025-Q4', due: '2025-12-15', reported: true });
    expect(recurringInstance({ ...t, deadline: parseDeadline('Năm 2026') }, '2025-09-20', vnCalendar)).toBeUndefined();
  });
});
