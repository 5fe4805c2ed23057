import { effectiveDueDate, vnCalendar, workingDaysBetween, type Calendar } from './calendar';
import { daysBetween, localDate, type IsoDate } from './dates';
import { dueDateOf } from './deadline';
import { recurringInstance, type LadderState } from './ladder';
import { periodLabelVi, tryParsePeriod } from './period';
import type { TaskDef } from './plan';
import { classify, STATUS_VI, type TaskStatus } from './status';

/** What changes as agencies report; the definition (TaskDef) changes only by plan import. */
export interface TaskProgress {
  progress: number;
  completedOn?: IsoDate;
  revisedDueDate?: IsoDate;
  /** Id of the extension request awaiting a decision, if any. */
  pendingExtension?: string;
  waitingOnCoAgency: boolean;
  /** The co-operating agency the lead said it is waiting on, while it is. */
  waitingOn?: string;
  /** receivedAt of the latest applied progress report; older reports arriving late do not win. */
  progressAt?: string;
  lastUpdate?: { updateId: string; at: string; agency?: string; note: string };
}

export type TaskRecord = TaskDef &
  TaskProgress & {
    version: number;
    /** Bumped when an extension is approved: the ladder starts again for the new deadline. */
    deadlineVersion: number;
    /** Hanoi date on which the task was first imported. */
    assignedOn: IsoDate;
    ladder?: LadderState;
    /** The latest decision on an extension request (Hanoi date), for the weekly digest. */
    lastExtensionDecision?: { status: 'approved' | 'rejected'; on: IsoDate; extensionId: string };
  };

export interface IncomingUpdate {
  updateId: string;
  receivedAt: string;
  kind: 'progress' | 'note';
  progress?: number;
  note: string;
  waitingOnCoAgency?: boolean;
  waitingOn?: string;
  agency?: string;
  /** The document reporting the result (số văn bản, ngày văn bản). */
  evidence?: { documentNumber: string; documentDate: IsoDate };
}

/**
 * Applies one report to the task's progress. Pure: the caller persists the result.
 * A progress report sets progress and the completion date: the date of the document it cites as
 * evidence, when that date lies between the task's assignment and the day the report came, else
 * the Hanoi date on which 100% was reported. A report older than the last applied one is recorded
 * in history but changes nothing.
 */
export function applyUpdate(task: TaskProgress & { assignedOn?: IsoDate }, u: IncomingUpdate, recurring = false): TaskProgress {
  const lastUpdate = { updateId: u.updateId, at: u.receivedAt, note: u.note, ...(u.agency ? { agency: u.agency } : {}) };
  const newer = !task.lastUpdate || u.receivedAt >= task.lastUpdate.at;
  const next: TaskProgress = { ...task, ...(newer ? { lastUpdate } : {}) };
  // What the lead waits on, as its latest report says (with progress or in a note). Naming the
  // agency waited on says the lead waits; saying it no longer waits forgets the name.
  if (newer && u.waitingOn !== undefined) {
    next.waitingOnCoAgency = true;
    next.waitingOn = u.waitingOn;
  } else if (newer && u.waitingOnCoAgency !== undefined) {
    next.waitingOnCoAgency = u.waitingOnCoAgency;
    if (!u.waitingOnCoAgency) delete next.waitingOn;
  }
  if (u.kind !== 'progress' || u.progress === undefined) return next;
  if (task.progressAt && u.receivedAt < task.progressAt) return next;
  next.progress = u.progress;
  next.progressAt = u.receivedAt;
  // A recurring task reports per period and is never "completed" as a whole.
  if (u.progress === 100 && !recurring) next.completedOn = task.completedOn ?? completionDate(u, task.assignedOn);
  else delete next.completedOn;
  return next;
}

function completionDate(u: IncomingUpdate, assignedOn: IsoDate | undefined): IsoDate {
  const received = localDate(new Date(u.receivedAt));
  const doc = u.evidence?.documentDate;
  return doc && doc <= received && (!assignedOn || doc >= assignedOn) ? doc : received;
}

/**
 * Status with the day-off rule applied: a deadline on a weekend or holiday is met by the end of
 * the next working day (Civil Code 2015, art. 148(5)), for the status as for the ladder.
 */
export function taskStatus(t: TaskDef & TaskProgress & { assignedOn?: IsoDate }, today: IsoDate, cal: Calendar = vnCalendar): TaskStatus {
  if (t.deadline.kind === 'recurring') {
    // Overdue while the reporting period it answers for has closed unreported.
    const r = reportingOf(t, today, cal);
    return r && !r.reported && today > r.due ? 'overdue' : 'in_progress';
  }
  const due = dueDateOf(t.deadline);
  return classify(
    {
      ...(due ? { dueDate: effectiveDueDate(cal, due) } : {}),
      ...(t.revisedDueDate ? { revisedDueDate: effectiveDueDate(cal, t.revisedDueDate) } : {}),
      ...(t.completedOn ? { completedOn: t.completedOn } : {}),
    },
    today,
  );
}

/** For a recurring task, the reporting period it answers for today (see recurringInstance); a task with no assignment date counts as assigned long ago. */
export function reportingOf(t: TaskDef & TaskProgress & { assignedOn?: IsoDate }, today: IsoDate, cal: Calendar = vnCalendar) {
  return recurringInstance(
    { deadline: t.deadline, assignedOn: t.assignedOn ?? '0000-01-01', ...(t.lastUpdate ? { lastUpdateOn: localDate(new Date(t.lastUpdate.at)) } : {}) },
    today,
    cal,
  );
}

/** A recurring task's reporting period as the API shows it: `{ period: { id, label, dueDate, reported } }`. */
function reportingView(t: TaskRecord, today: IsoDate, cal: Calendar) {
  const r = reportingOf(t, today, cal);
  const p = r && tryParsePeriod(r.period);
  return r && p ? { period: { id: r.period, label: periodLabelVi(p), dueDate: r.due, reported: r.reported } } : {};
}

/**
 * For an open task with a date, or a recurring task whose period is unreported: the day it really
 * falls due (a day off moves it to the next working day), and the calendar and working days from
 * today to it (negative: overdue by so many).
 */
export function dueIn(t: TaskDef & TaskProgress & { assignedOn?: IsoDate }, today: IsoDate, cal: Calendar = vnCalendar) {
  if (t.completedOn) return undefined;
  const r = t.deadline.kind === 'recurring' ? reportingOf(t, today, cal) : undefined;
  const due = t.deadline.kind === 'recurring' ? (r && !r.reported ? r.due : undefined) : (t.revisedDueDate ?? dueDateOf(t.deadline));
  if (!due) return undefined;
  const effective = effectiveDueDate(cal, due);
  return { effectiveDueDate: effective, days: daysBetween(today, effective), workingDays: workingDaysBetween(cal, today, effective) };
}

/** The task as the API shows it, counted with `cal` (the office's calendar, shared/data/calendar.ts). */
export function taskView(t: TaskRecord, today: IsoDate, cal: Calendar = vnCalendar) {
  const status = taskStatus(t, today, cal);
  const due = dueIn(t, today, cal);
  return {
    id: t.id,
    group: t.group,
    title: t.title,
    deliverable: t.deliverable,
    leadAgency: t.leadAgency,
    coAgencies: t.coAgencies,
    field: t.field,
    deadline: {
      text: t.deadline.text,
      kind: t.deadline.kind,
      ...(t.deadline.kind === 'recurring' ? { every: t.deadline.every, ...reportingView(t, today, cal) } : { dueDate: t.deadline.dueDate }),
      ...(t.revisedDueDate ? { revisedDueDate: t.revisedDueDate } : {}),
    },
    ...(due ? { dueIn: due } : {}),
    ...(t.pendingExtension ? { pendingExtension: t.pendingExtension } : {}),
    status,
    statusLabel: STATUS_VI[status],
    progress: t.progress,
    ...(t.completedOn ? { completedOn: t.completedOn } : {}),
    waitingOnCoAgency: t.waitingOnCoAgency,
    ...(t.waitingOn ? { waitingOn: t.waitingOn } : {}),
    ...(t.lastUpdate ? { lastUpdate: t.lastUpdate } : {}),
    ...(t.ladder && t.ladder.rank > 0
      ? { escalation: { chasers: t.ladder.chasers, ...(t.ladder.listedForMeetingOn ? { listedForMeetingOn: t.ladder.listedForMeetingOn } : {}) } }
      : {}),
    version: t.version,
  };
}
export type TaskView = ReturnType<typeof taskView>;
