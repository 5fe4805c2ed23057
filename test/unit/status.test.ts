import { describe, expect, it } from 'vitest';
import { classify } from '../../shared/domain/status';
import { applyUpdate, dueIn, taskStatus, type TaskProgress } from '../../shared/domain/task';
import { parseDeadline } from '../../shared/domain/deadline';

describe('classify', () => {
  const due = '2025-09-30';
  it('is in progress up to and including the due date, overdue the day after', () => {
    expect(classify({ dueDate: due }, '2025-09-30')).toBe('in_progress');
    expect(classify({ dueDate: due }, '2025-10-01')).toBe('overdue');
  });
  it('classifies completion against the original deadline', () => {
    expect(classify({ dueDate: due, completedOn: '2025-09-30' }, '2026-01-01')).toBe('completed_on_time');
    expect(classify({ dueDate: due, completedOn: '2025-10-01' }, '2026-01-01')).toBe('completed_late');
  });
  it('keeps completion within an approved extension apart from on-time completion', () => {
    const t = { dueDate: due, revisedDueDate: '2025-11-30' };
    expect(classify({ ...t, completedOn: '2025-11-15' }, '2026-01-01')).toBe('completed_after_extension');
    expect(classify({ ...t, completedOn: '2025-12-01' }, '2026-01-01')).toBe('completed_late');
    expect(classify(t, '2025-11-30')).toBe('in_progress');
    expect(classify(t, '2025-12-01')).toBe('overdue');
  });
  it('never makes a recurring task (no due date) overdue by date alone', () => {
    expect(classify({}, '2030-01-01')).toBe('in_progress');
  });
  it('makes a recurring task overdue while the reporting period it answers for closed unreported', () => {
    const t = {
      id: 'NV-50',
      group: 1,
      title: 'Báo cáo định kỳ',
      deliverable: 'Báo cáo',
      leadAgency: 'SO-TC',
      coAgencies: [],
      deadline: parseDeadline('Hằng quý'),
      field: 'kinh-te' as const,
      progress: 0,
      waitingOnCoAgency: false,
      assignedOn: '2025-06-01',
    };
    // Q3 2025 closes on 14/9 (a Sunday): due Monday 15/9; overdue from 16/9 while unreported.
    expect(taskStatus(t, '2025-09-15')).toBe('in_progress');
    expect(taskStatus(t, '2025-09-16')).toBe('overdue');
    expect(taskStatus(t, '2025-11-20')).toBe('overdue');
    // A late report (17/9) ends it.
    const late = { ...t, lastUpdate: { updateId: 'u', at: '2025-09-17T02:00:00Z', note: 'Đã báo cáo quý III' } };
    expect(taskStatus(late, '2025-09-17')).toBe('in_progress');
    // A report on time (12/9) answers for Q3; Q4 closes on 14/12 (a Sunday: due 15/12) with none since 15/9.
    const onTime = { ...t, lastUpdate: { updateId: 'u', at: '2025-09-12T02:00:00Z', note: 'Đã báo cáo quý III' } };
    expect(taskStatus(onTime, '2025-09-16')).toBe('in_progress');
    expect(taskStatus(onTime, '2025-12-15')).toBe('in_progress');
    expect(taskStatus(onTime, '2025-12-16')).toBe('overdue');
    // Assigned on 1/6, Q2 (closed 14/6, a Saturday: due Monday 16/6) is still unreported on 10/9:
    // 86 days, 60 working days overdue.
    expect(dueIn(t, '2025-09-10')).toEqual({ effectiveDueDate: '2025-06-16', days: -86, workingDays: -60 });
    // Assigned after Q2 closed, it answers for Q3 (due Monday 15/9): 5 days, 3 working days after
    // Wednesday 10/9 (11, 12 and 15/9); none once the period is reported.
    expect(dueIn({ ...t, assignedOn: '2025-06-20' }, '2025-09-10')).toEqual({ effectiveDueDate: '2025-09-15', days: 5, workingDays: 3 });
    expect(dueIn(onTime, '2025-09-13')).toBeUndefined();
  });
});

describe('applyUpdate', () => {
  const base: TaskProgress = { progress: 0, waitingOnCoAgency: false };
  const u = (receivedAt: string, progress?: number, kind: 'progress' | 'note' = 'progress') => ({
    updateId: receivedAt,
    receivedAt,
    kind,
    note: 'n',
    ...(progress === undefined ? {} : { progress }),
  });

  it('sets progress and completion date (Hanoi date of the 100% report)', () => {
    const next = applyUpdate(base, u('2025-09-30T17:30:00.000Z', 100));
    expect(next.progress).toBe(100);
    expect(next.completedOn).toBe('2025-10-01'); // 00:30 on 1 October in Hanoi
  });
  it('dates completion by the evidence document, when it lies between the assignment and the report', () => {
    const done = (documentDate: string) =>
      applyUpdate({ ...base, assignedOn: '2025-06-01' }, { ...u('2025-10-06T02:00:00.000Z', 100), evidence: { documentNumber: '123/BC-STC', documentDate } })
        .completedOn;
    // Công văn dated Friday 26/9/2025, reported on Monday 6/10: completed on 26/9, within the deadline of 30/9.
    expect(done('2025-09-26')).toBe('2025-09-26');
    expect(done('2025-06-01')).toBe('2025-06-01');
    expect(done('2025-10-06')).toBe('2025-10-06');
    // A date after the report or before the assignment cannot be the completion date: the report's day is.
    expect(done('2025-10-07')).toBe('2025-10-06');
    expect(done('2025-05-31')).toBe('2025-10-06');
  });
  it('keeps the co-operating agency the lead waits on until the lead says it no longer waits', () => {
    const waiting = applyUpdate(base, { ...u('2025-09-02T00:00:00.000Z', 40), waitingOn: 'SO-XD' });
    expect(waiting).toMatchObject({ waitingOnCoAgency: true, waitingOn: 'SO-XD' });
    // A note from the lead may say it too; a later report without a word on it keeps it.
    const note = applyUpdate(base, { ...u('2025-09-02T00:00:00.000Z', undefined, 'note'), waitingOn: 'SO-CT' });
    expect(note).toMatchObject({ waitingOnCoAgency: true, waitingOn: 'SO-CT' });
    const later = applyUpdate(waiting, u('2025-09-03T00:00:00.000Z', 50));
    expect(later).toMatchObject({ waitingOnCoAgency: true, waitingOn: 'SO-XD' });
    const done = applyUpdate(later, { ...u('2025-09-04T00:00:00.000Z', 70), waitingOnCoAgency: false });
    expect(done.waitingOnCoAgency).toBe(false);
    expect(done).not.toHaveProperty('waitingOn');
    // An older report does not undo what a newer one said.
    expect(applyUpdate(done, { ...u('2025-09-01T00:00:00.000Z', 30), waitingOn: 'SO-XD' })).not.toHaveProperty('waitingOn');
  });

  it('ignores a progress report older than the one applied', () => {
    const a = applyUpdate(base, u('2025-09-02T00:00:00.000Z', 50));
    const b = applyUpdate(a, u('2025-09-01T00:00:00.000Z', 20));
    expect(b.progress).toBe(50);
  });
  it('reopens a task whose progress falls below 100', () => {
    const done = applyUpdate(base, u('2025-09-02T00:00:00.000Z', 100));
    expect(applyUpdate(done, u('2025-09-03T00:00:00.000Z', 90)).completedOn).toBeUndefined();
  });
  it('a note changes no progress but is the latest update', () => {
    const next = applyUpdate({ ...base, progress: 40 }, u('2025-09-03T00:00:00.000Z', undefined, 'note'));
    expect(next.progress).toBe(40);
    expect(next.lastUpdate?.updateId).toBe('2025-09-03T00:00:00.000Z');
  });
});
