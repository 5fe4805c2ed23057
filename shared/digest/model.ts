/**
 * The weekly leadership digest (báo cáo tuần): what the chair, the vice-chairs and the city office
 * read on Monday morning. This file computes the facts as plain data; render.ts writes the email and
 * xlsx.ts the attached workbook.
 *
 * Pure: no clock, no I/O. `today` (the Monday the digest is for) is passed in, and the status of a
 * task at any date is derived from its deadline and completion date, never stored.
 */
import { effectiveDueDate, seedCalendarData, vnCalendar, workingDaysBetween, yearStatus, type Calendar, type CalendarData } from '../domain/calendar';
import { addDays, daysBetween, isoWeekRange, localDate, parseIsoDate, parseWeek, type IsoDate } from '../domain/dates';
import { dueDateOf } from '../domain/deadline';
import { ValidationError, issue } from '../domain/errors';
import { figureWords, neededWords, type Assessment, type RagStatus } from '../domain/indicators';
import type { LadderState } from '../domain/ladder';
import { periodLabelVi, tryParsePeriod } from '../domain/period';
import type { Agency, Field, IndicatorDef, Leader } from '../domain/plan';
import { isCompleted, TASK_STATUSES, type TaskStatus } from '../domain/status';
import { reportingOf, taskStatus, type TaskRecord } from '../domain/task';

// ---------------------------------------------------------------------------------------------
// Input

export interface DigestRecipient {
  id: string;
  role: 'chair' | 'vice_chair' | 'office';
  name: string;
  title: string;
  email: string;
  fields: Field[];
}

/** A task as the digest reads it: a TaskRecord, with what the ladder and extensions record for the digest. */
export type DigestTask = Omit<TaskRecord, 'ladder' | 'lastExtensionDecision'> & {
  ladder?: LadderState & { lastNoticeOn?: IsoDate; lastNoticeRule?: string };
  lastExtensionDecision?: { status: 'approved' | 'rejected'; on: IsoDate; extensionId?: string };
};

export interface DigestIndicator {
  def: IndicatorDef;
  assessment?: Assessment;
  previousStatus?: RagStatus;
  statusChangedOn?: IsoDate;
  series?: Array<{ period: string; value: number }>;
}

export interface DigestInput {
  planCode: string;
  planTitle: string;
  recipient: DigestRecipient;
  /** ISO week, '2025-W40'. */
  week: string;
  /** The Monday the digest is for: the first day of `week` (a later day of the same week is accepted). */
  today: IsoDate;
  /** All tasks of the plan; the digest picks those in the recipient's scope. */
  tasks: DigestTask[];
  agencies: Agency[];
  leaders: Leader[];
  indicators: DigestIndicator[];
  /** Default: vnCalendar. */
  calendar?: Calendar;
  /** The calendar's entries, for the office's warning about projected years. Default: the bundled calendar. */
  calendarData?: CalendarData;
}

/** How long before a year starts the office is warned that its calendar is not announced. */
export const CALENDAR_WARNING_MONTHS = 3;

/** A year the deadlines are counted in (or soon will be) whose days off are not announced. */
export interface CalendarWarning {
  year: number;
  /** Projected days off and make-up days the calendar holds for the year (0: only weekends are off). */
  projectedEntries: number;
}

/**
 * The years the office must be warned about on `today`: this year, and from three months before
 * it starts the next year, when the calendar has no announced entry for them.
 */
export function calendarWarnings(data: CalendarData, today: IsoDate): CalendarWarning[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const years = month > 12 - CALENDAR_WARNING_MONTHS ? [year, year + 1] : [year];
  return years
    .filter((y) => yearStatus(data, y) === 'projected')
    .map((y) => ({ year: y, projectedEntries: data.entries.filter((e) => e.date.startsWith(`${y}-`)).length }));
}

// ---------------------------------------------------------------------------------------------
// Model

export type StatusCounts = Record<TaskStatus, number>;

export interface Headline {
  asOf: IsoDate;
  /** 7 days before `asOf`. */
  previousAsOf: IsoDate;
  total: number;
  previousTotal: number;
  now: StatusCounts;
  previous: StatusCounts;
  /** now - previous, per status. */
  change: StatusCounts;
}

export interface TaskRef {
  id: string;
  group: number;
  title: string;
  leadAgency: string;
  leadAgencyName: string;
  field: Field;
}

export interface CompletedChange extends TaskRef {
  completedOn: IsoDate;
  status: TaskStatus;
}

export interface NewlyOverdue extends TaskRef {
  /** The effective due date (extension and day-off rule applied). */
  dueDate: IsoDate;
  /** The first day on which the task was overdue (dueDate + 1 day). */
  overdueSince: IsoDate;
  workingDaysOverdue: number;
}

export interface EscalationChange extends TaskRef {
  on: IsoDate;
  rule: string;
  ruleLabel: string;
  chasers: number;
}

export interface ExtensionChange extends TaskRef {
  on: IsoDate;
  decision: 'approved' | 'rejected';
  /** The deadline as first assigned, if dated. */
  dueDate?: IsoDate;
  /** The deadline now in force after an approval. */
  revisedDueDate?: IsoDate;
}

export interface ColourChange {
  indicatorId: string;
  name: string;
  on: IsoDate;
  from: RagStatus;
  to: RagStatus;
}

export interface WeekChanges {
  /** The 7 days before `today`: [from, to]. */
  from: IsoDate;
  to: IsoDate;
  completed: CompletedChange[];
  newlyOverdue: NewlyOverdue[];
  escalations: EscalationChange[];
  extensionDecisions: ExtensionChange[];
  indicatorColours: ColourChange[];
}

export interface OverdueTask extends TaskRef {
  deadlineText: string;
  /** Effective due date (extension and day-off rule applied). */
  dueDate: IsoDate;
  revised: boolean;
  workingDaysOverdue: number;
  calendarDaysOverdue: number;
  progress: number;
  chasers: number;
  listedForMeetingOn?: IsoDate;
  pendingExtension: boolean;
  /** The co-operating agency the lead says it waits on, by name. */
  waitingOnName?: string;
}

export interface UpcomingDeadline extends TaskRef {
  deadlineText: string;
  dueDate: IsoDate;
  revised: boolean;
  /** Working days from today to the due date (0 = due today). */
  workingDaysLeft: number;
  daysLeft: number;
  progress: number;
  pendingExtension: boolean;
}

export interface IndicatorLine {
  id: string;
  name: string;
  unit: string;
  field: Field;
  /** Canonical period of the latest figure ('2025-Q2'). */
  period?: string;
  latest?: number;
  planned?: number;
  target?: number;
  year?: number;
  status: RagStatus;
  /** Rate, amount or change still needed in each remaining period to reach the target. */
  needed?: number;
  /** The same in words: "cần giảm 0,09 điểm phần trăm mỗi quý", "cần thêm 122,5 nghìn tỷ đồng mỗi quý". */
  neededVi?: string;
  /** The latest figure in words: a growth rate as "tăng 8,1%", anything else with its unit. */
  latestVi?: string;
  remainingPeriods?: number;
  infeasible: boolean;
  reason: string;
}

export interface AgencyStat {
  code: string;
  name: string;
  /** Tasks in scope led by the agency. */
  tasks: number;
  completed: number;
  /** Completed on time or on time after an approved extension. */
  completedOnTime: number;
  /** completedOnTime / completed; undefined with nothing completed. */
  onTimeRate?: number;
  open: number;
  /** Open tasks with an update in the last REPORTING_WINDOW_DAYS days. */
  openUpdated: number;
  /** openUpdated / open; undefined with nothing open. */
  reportingRate?: number;
  overdue: number;
  maxWorkingDaysOverdue: number;
}

export interface AgencyRankings {
  /** Every lead agency of a task in scope, by code. */
  all: AgencyStat[];
  /** Agencies with at least one completed task, best on-time rate first; ties by on-time count. */
  byOnTime: AgencyStat[];
  /** Agencies with open tasks, best reporting rate first; ties by number updated. */
  byReporting: AgencyStat[];
  /** The (at most) 3 agencies with the most overdue tasks. */
  slipping: AgencyStat[];
}

export interface GroupBar {
  group: number;
  total: number;
  counts: StatusCounts;
}

export interface GrowthQuarter {
  quarter: number;
  period: string;
  actual?: number;
  planned?: number;
}

export interface GrowthChart {
  indicatorId: string;
  name: string;
  unit: string;
  year: number;
  target?: number;
  quarters: GrowthQuarter[];
}

export interface DigestModel {
  planCode: string;
  planTitle: string;
  recipient: { id: string; role: DigestRecipient['role']; name: string; title: string; email: string };
  /** `all` for the chair and the office; otherwise the vice-chair's fields. */
  scope: { all: boolean; fields: Field[] };
  week: string;
  weekYear: number;
  weekNumber: number;
  /** Monday and Sunday of `week`. */
  weekStart: IsoDate;
  weekEnd: IsoDate;
  today: IsoDate;
  headline: Headline;
  changes: WeekChanges;
  /** Longest overdue first. */
  overdue: OverdueTask[];
  upcoming: { from: IsoDate; to: IsoDate; tasks: UpcomingDeadline[] };
  /** Red, amber, no data, green; then by id. */
  indicators: IndicatorLine[];
  agencies: AgencyRankings;
  charts: { byGroup: GroupBar[]; growth?: GrowthChart };
  /** Office only: years whose calendar is projected, not announced (empty for the other recipients). */
  calendarWarnings: CalendarWarning[];
  /** Nothing material changed in the week: no completion, no newly overdue task, no escalation, no extension decision, no change of colour. */
  quiet: boolean;
}

/** Days of the window for "deadlines coming up": [today, today + UPCOMING_DAYS - 1]. */
export const UPCOMING_DAYS = 14;
/** An open task counts as reporting when updated within this many days (the ladder's stale rule). */
export const REPORTING_WINDOW_DAYS = 30;
/** The growth indicator charted against its planned path. */
export const GROWTH_INDICATOR = 'CT-01';
export const TASK_GROUPS = [1, 2, 3, 4] as const;

/** Notices that are reminders to the lead agency, not escalations. */
const NOT_ESCALATION = new Set(['reminder-7', 'reminder-1', 'stale']);

export const RULE_VI: Record<string, string> = {
  'reminder-7': 'Nhắc hạn trước 7 ngày làm việc',
  'reminder-1': 'Nhắc hạn trước 1 ngày làm việc',
  'overdue-1': 'Đôn đốc: quá hạn 1 ngày làm việc',
  'overdue-5': 'Đôn đốc, báo cáo Phó Chủ tịch: quá hạn 5 ngày làm việc',
  'overdue-10': 'Đôn đốc lần 3: quá hạn 10 ngày làm việc',
  'overdue-chair': 'Báo cáo Chủ tịch, đưa vào giao ban',
  stale: 'Nhắc cập nhật tiến độ',
};

export const RAG_VI: Record<RagStatus, string> = {
  green: 'Xanh',
  amber: 'Vàng',
  red: 'Đỏ',
  unknown: 'Chưa có số liệu',
};

// ---------------------------------------------------------------------------------------------
// Scope and status

/** Chair and office see everything; a vice-chair sees their fields. */
export function scopeOf(r: DigestRecipient): { all: boolean; fields: Field[] } {
  return r.role === 'vice_chair' ? { all: false, fields: [...r.fields] } : { all: true, fields: [] };
}

const inScope = (scope: { all: boolean; fields: Field[] }, field: Field): boolean => scope.all || scope.fields.includes(field);

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id, 'vi', { numeric: true });

/** The tasks the recipient sees, by id. */
export function tasksInScope(input: DigestInput): DigestTask[] {
  const scope = scopeOf(input.recipient);
  return input.tasks.filter((t) => inScope(scope, t.field)).sort(byId);
}

/** The indicators the recipient sees, by id. */
export function indicatorsInScope(input: DigestInput): DigestIndicator[] {
  const scope = scopeOf(input.recipient);
  return input.indicators.filter((i) => inScope(scope, i.def.field)).sort((a, b) => byId(a.def, b.def));
}

/**
 * The status a task had at date `d`, as it was known then: completed only if completedOn ≤ d, and
 * an extension counts only if it was approved by d (when the digest knows the approval date).
 * At today's date this is taskStatus.
 */
export function statusAt(t: DigestTask, d: IsoDate, cal: Calendar = vnCalendar): TaskStatus {
  const { completedOn, revisedDueDate, ...rest } = t;
  const decision = t.lastExtensionDecision;
  const extensionKnown = !(decision && decision.status === 'approved' && decision.on > d);
  return taskStatus(
    {
      ...rest,
      ...(completedOn && completedOn <= d ? { completedOn } : {}),
      ...(revisedDueDate && extensionKnown ? { revisedDueDate } : {}),
    },
    d,
    cal,
  );
}

/**
 * The deadline in force (the extension if any), with the day-off rule applied; for a recurring
 * task, the due date of the reporting period it has not yet answered for (none once it did).
 */
export function currentDueDate(t: DigestTask, today: IsoDate, cal: Calendar = vnCalendar): IsoDate | undefined {
  if (t.deadline.kind === 'recurring') {
    const r = reportingOf(t, today, cal);
    return r && !r.reported ? r.due : undefined;
  }
  const due = t.revisedDueDate ?? dueDateOf(t.deadline);
  return due ? effectiveDueDate(cal, due) : undefined;
}

/** The deadline as written; for a recurring task, with the reporting period it answers for ("Hằng quý – Quý III/2025"). */
function deadlineTextOf(t: DigestTask, today: IsoDate, cal: Calendar): string {
  const p = t.deadline.kind === 'recurring' ? tryParsePeriod(reportingOf(t, today, cal)?.period ?? '') : undefined;
  return p ? `${t.deadline.text} – ${periodLabelVi(p)}` : t.deadline.text;
}

const zeroCounts = (): StatusCounts => Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as StatusCounts;

const within = (d: IsoDate | undefined, from: IsoDate, to: IsoDate): d is IsoDate => d !== undefined && d >= from && d <= to;

// ---------------------------------------------------------------------------------------------
// The digest

export function buildDigest(input: DigestInput): DigestModel {
  const cal = input.calendar ?? vnCalendar;
  const { year: weekYear, number: weekNumber } = parseWeek(input.week);
  const range = isoWeekRange(input.week);
  parseIsoDate(input.today, 'today');
  // Normally the week's Monday; a run on a later day of the same week (a manual re-run) is accepted
  // and reports the 7 days before that day. A date outside the week is a caller's mistake.
  if (input.today < range.start || input.today > range.end) {
    throw new ValidationError([
      issue(
        'today',
        `Ngày lập báo cáo ${input.today} không thuộc tuần ${input.week} (${range.start} – ${range.end}).`,
        `today ${input.today} is not in ${input.week} (${range.start} to ${range.end}).`,
      ),
    ]);
  }
  const today = input.today;
  const previousAsOf = addDays(today, -7);
  const weekFrom = addDays(today, -7);
  const weekTo = addDays(today, -1);
  const scope = scopeOf(input.recipient);
  const tasks = tasksInScope(input);
  const indicators = indicatorsInScope(input);

  const agencyName = new Map(input.agencies.map((a) => [a.code, a.name]));
  const ref = (t: DigestTask): TaskRef => ({
    id: t.id,
    group: t.group,
    title: t.title,
    leadAgency: t.leadAgency,
    leadAgencyName: agencyName.get(t.leadAgency) ?? t.leadAgency,
    field: t.field,
  });
  const statusNow = new Map(tasks.map((t) => [t.id, statusAt(t, today, cal)]));
  const nowOf = (t: DigestTask): TaskStatus => statusNow.get(t.id)!;

  // Headline: status today and 7 days earlier (tasks assigned since then did not exist then).
  const now = zeroCounts();
  const previous = zeroCounts();
  let previousTotal = 0;
  for (const t of tasks) {
    now[nowOf(t)] += 1;
    if (t.assignedOn <= previousAsOf) {
      previous[statusAt(t, previousAsOf, cal)] += 1;
      previousTotal += 1;
    }
  }
  const change = zeroCounts();
  for (const s of TASK_STATUSES) change[s] = now[s] - previous[s];
  const headline: Headline = { asOf: today, previousAsOf, total: tasks.length, previousTotal, now, previous, change };

  // Changes in [today - 7, today - 1].
  const completed: CompletedChange[] = tasks
    .filter((t) => within(t.completedOn, weekFrom, weekTo))
    .map((t) => ({ ...ref(t), completedOn: t.completedOn!, status: nowOf(t) }))
    .sort((a, b) => a.completedOn.localeCompare(b.completedOn) || byId(a, b));

  const newlyOverdue: NewlyOverdue[] = [];
  for (const t of tasks) {
    const due = currentDueDate(t, today, cal);
    if (!due || t.completedOn) continue;
    const since = addDays(due, 1);
    if (within(since, weekFrom, weekTo)) {
      newlyOverdue.push({ ...ref(t), dueDate: due, overdueSince: since, workingDaysOverdue: workingDaysBetween(cal, due, today) });
    }
  }
  newlyOverdue.sort((a, b) => a.overdueSince.localeCompare(b.overdueSince) || byId(a, b));

  const escalations: EscalationChange[] = tasks
    .filter((t) => within(t.ladder?.lastNoticeOn, weekFrom, weekTo) && !NOT_ESCALATION.has(t.ladder?.lastNoticeRule ?? ''))
    .map((t) => {
      const rule = t.ladder?.lastNoticeRule ?? '';
      return { ...ref(t), on: t.ladder!.lastNoticeOn!, rule, ruleLabel: RULE_VI[rule] ?? (rule || 'Thông báo'), chasers: t.ladder?.chasers ?? 0 };
    })
    .sort((a, b) => a.on.localeCompare(b.on) || byId(a, b));

  const extensionDecisions: ExtensionChange[] = tasks
    .filter((t) => within(t.lastExtensionDecision?.on, weekFrom, weekTo))
    .map((t) => {
      const d = t.lastExtensionDecision!;
      const due = dueDateOf(t.deadline);
      return {
        ...ref(t),
        on: d.on,
        decision: d.status,
        ...(due ? { dueDate: due } : {}),
        ...(d.status === 'approved' && t.revisedDueDate ? { revisedDueDate: t.revisedDueDate } : {}),
      };
    })
    .sort((a, b) => a.on.localeCompare(b.on) || byId(a, b));

  const indicatorColours: ColourChange[] = [];
  for (const i of indicators) {
    if (!within(i.statusChangedOn, weekFrom, weekTo)) continue;
    const from = i.previousStatus ?? 'unknown';
    const to = i.assessment?.status ?? 'unknown';
    if (from !== to) indicatorColours.push({ indicatorId: i.def.id, name: i.def.name, on: i.statusChangedOn, from, to });
  }

  const changes: WeekChanges = { from: weekFrom, to: weekTo, completed, newlyOverdue, escalations, extensionDecisions, indicatorColours };

  // Overdue now, longest first.
  const overdue: OverdueTask[] = tasks
    .filter((t) => nowOf(t) === 'overdue')
    .map((t) => {
      const due = currentDueDate(t, today, cal)!;
      return {
        ...ref(t),
        deadlineText: deadlineTextOf(t, today, cal),
        dueDate: due,
        revised: Boolean(t.revisedDueDate),
        workingDaysOverdue: workingDaysBetween(cal, due, today),
        calendarDaysOverdue: daysBetween(due, today),
        progress: t.progress,
        chasers: t.ladder?.chasers ?? 0,
        ...(t.ladder?.listedForMeetingOn ? { listedForMeetingOn: t.ladder.listedForMeetingOn } : {}),
        pendingExtension: Boolean(t.pendingExtension),
        ...(t.waitingOnCoAgency && t.waitingOn ? { waitingOnName: agencyName.get(t.waitingOn) ?? t.waitingOn } : {}),
      };
    })
    .sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue || b.calendarDaysOverdue - a.calendarDaysOverdue || byId(a, b));

  // Deadlines in [today, today + 13], not completed.
  const upTo = addDays(today, UPCOMING_DAYS - 1);
  const upcomingTasks: UpcomingDeadline[] = [];
  for (const t of tasks) {
    const due = currentDueDate(t, today, cal);
    if (t.completedOn || !within(due, today, upTo)) continue;
    upcomingTasks.push({
      ...ref(t),
      deadlineText: deadlineTextOf(t, today, cal),
      dueDate: due,
      revised: Boolean(t.revisedDueDate),
      workingDaysLeft: workingDaysBetween(cal, today, due),
      daysLeft: daysBetween(today, due),
      progress: t.progress,
      pendingExtension: Boolean(t.pendingExtension),
    });
  }
  upcomingTasks.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || byId(a, b));

  const indicatorLines = indicators.map(indicatorLine).sort((a, b) => RAG_ORDER[a.status] - RAG_ORDER[b.status] || byId(a, b));

  const agencies = rankAgencies(tasks, nowOf, overdue, agencyName, today);

  const byGroup: GroupBar[] = [...new Set<number>([...TASK_GROUPS, ...tasks.map((t) => t.group)])]
    .sort((a, b) => a - b)
    .map((group) => {
      const counts = zeroCounts();
      let total = 0;
      for (const t of tasks) {
        if (t.group !== group) continue;
        counts[nowOf(t)] += 1;
        total += 1;
      }
      return { group, total, counts };
    });
  const growthInput = indicators.find((i) => i.def.id === GROWTH_INDICATOR);
  const growth = growthInput ? growthChart(growthInput) : undefined;

  const quiet = completed.length + newlyOverdue.length + escalations.length + extensionDecisions.length + indicatorColours.length === 0;

  return {
    planCode: input.planCode,
    planTitle: input.planTitle,
    recipient: { id: input.recipient.id, role: input.recipient.role, name: input.recipient.name, title: input.recipient.title, email: input.recipient.email },
    scope,
    week: `${weekYear}-W${String(weekNumber).padStart(2, '0')}`,
    weekYear,
    weekNumber,
    weekStart: range.start,
    weekEnd: range.end,
    today,
    headline,
    changes,
    overdue,
    upcoming: { from: today, to: upTo, tasks: upcomingTasks },
    indicators: indicatorLines,
    agencies,
    charts: { byGroup, ...(growth ? { growth } : {}) },
    calendarWarnings: input.recipient.role === 'office' ? calendarWarnings(input.calendarData ?? seedCalendarData(), today) : [],
    quiet,
  };
}

const RAG_ORDER: Record<RagStatus, number> = { red: 0, amber: 1, unknown: 2, green: 3 };

function indicatorLine(i: DigestIndicator): IndicatorLine {
  const a = i.assessment;
  const line: IndicatorLine = {
    id: i.def.id,
    name: i.def.name,
    unit: i.def.unit,
    field: i.def.field,
    status: a?.status ?? 'unknown',
    infeasible: a?.infeasible ?? false,
    reason: a?.reason.vi ?? 'Chưa có số liệu.',
  };
  if (a?.period !== undefined) line.period = a.period;
  if (a?.actual !== undefined) {
    line.latest = a.actual;
    line.latestVi = figureWords(i.def, a.actual).vi;
  }
  if (a?.planned !== undefined) line.planned = a.planned;
  if (a?.target !== undefined) line.target = a.target;
  if (a?.year !== undefined) line.year = a.year;
  if (a?.needed !== undefined) {
    line.needed = a.needed;
    line.neededVi = neededWords(i.def, a.needed).vi;
  }
  if (a?.remainingPeriods !== undefined) line.remainingPeriods = a.remainingPeriods;
  return line;
}

function rankAgencies(
  tasks: DigestTask[],
  statusOf: (t: DigestTask) => TaskStatus,
  overdue: OverdueTask[],
  agencyName: Map<string, string>,
  today: IsoDate,
): AgencyRankings {
  const stats = new Map<string, AgencyStat>();
  for (const t of tasks) {
    let s = stats.get(t.leadAgency);
    if (!s) {
      s = {
        code: t.leadAgency,
        name: agencyName.get(t.leadAgency) ?? t.leadAgency,
        tasks: 0,
        completed: 0,
        completedOnTime: 0,
        open: 0,
        openUpdated: 0,
        overdue: 0,
        maxWorkingDaysOverdue: 0,
      };
      stats.set(t.leadAgency, s);
    }
    const status = statusOf(t);
    s.tasks += 1;
    if (isCompleted(status)) {
      s.completed += 1;
      if (status === 'completed_on_time' || status === 'completed_after_extension') s.completedOnTime += 1;
    } else {
      s.open += 1;
      if (updatedWithin(t.lastUpdate?.at, today)) s.openUpdated += 1;
    }
  }
  for (const o of overdue) {
    const s = stats.get(o.leadAgency)!;
    s.overdue += 1;
    s.maxWorkingDaysOverdue = Math.max(s.maxWorkingDaysOverdue, o.workingDaysOverdue);
  }
  const all = [...stats.values()].sort((a, b) => a.code.localeCompare(b.code, 'vi'));
  for (const s of all) {
    if (s.completed > 0) s.onTimeRate = s.completedOnTime / s.completed;
    if (s.open > 0) s.reportingRate = s.openUpdated / s.open;
  }
  const byName = (a: AgencyStat, b: AgencyStat) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code);
  const byOnTime = all
    .filter((s) => s.onTimeRate !== undefined)
    .sort((a, b) => b.onTimeRate! - a.onTimeRate! || b.completedOnTime - a.completedOnTime || byName(a, b));
  const byReporting = all
    .filter((s) => s.reportingRate !== undefined)
    .sort((a, b) => b.reportingRate! - a.reportingRate! || b.openUpdated - a.openUpdated || byName(a, b));
  const slipping = all
    .filter((s) => s.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || b.maxWorkingDaysOverdue - a.maxWorkingDaysOverdue || byName(a, b))
    .slice(0, 3);
  return { all, byOnTime, byReporting, slipping };
}

/** An update (ISO instant) on a Hanoi date fewer than REPORTING_WINDOW_DAYS days before today. */
function updatedWithin(at: string | undefined, today: IsoDate): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return false;
  return daysBetween(localDate(new Date(t)), today) < REPORTING_WINDOW_DAYS;
}

function growthChart(i: DigestIndicator): GrowthChart | undefined {
  const quarterly = (xs: Array<{ period: string; value: number }> | undefined) =>
    (xs ?? []).flatMap((x) => {
      const p = tryParsePeriod(x.period);
      return p?.kind === 'quarter' && Number.isFinite(x.value) ? [{ year: p.year, quarter: p.index, value: x.value }] : [];
    });
  const series = quarterly(i.series);
  const path = quarterly(i.def.path);
  const years = series.length ? series.map((x) => x.year) : path.map((x) => x.year);
  if (!years.length) return undefined;
  const year = Math.max(...years);
  const target = i.def.targets.find((t) => t.period === String(year))?.value;
  const quarters: GrowthQuarter[] = [1, 2, 3, 4].map((q) => {
    // The last figure given for a quarter wins (series are normally one per quarter).
    const actual = series.filter((x) => x.year === year && x.quarter === q).at(-1)?.value;
    const planned = path.filter((x) => x.year === year && x.quarter === q).at(-1)?.value;
    return { quarter: q, period: `${year}-Q${q}`, ...(actual === undefined ? {} : { actual }), ...(planned === undefined ? {} : { planned }) };
  });
  return { indicatorId: i.def.id, name: i.def.name, unit: i.def.unit, year, ...(target === undefined ? {} : { target }), quarters };
}
