import { addWorkingDays, effectiveDueDate, workingDaysBetween, type Calendar } from './calendar';
import { addDays, daysBetween, isoDate, type IsoDate } from './dates';
import type { Deadline, Recurrence } from './deadline';

/**
 * The escalation ladder (thang đôn đốc), in one place. Each step is a pure rule of the task, the
 * working-day calendar, today's date and what the ledger says was already sent.
 *
 *   reminder-7     7 working days before the deadline   → lead agency, cc co-operating agencies
 *   reminder-1     1 working day before (or due today)  → lead agency, cc co-operating agencies
 *   overdue-1      1st working day past the deadline    → lead agency, cc city office          (chaser 1)
 *   overdue-5      5 working days overdue               → agency head, cc lead, office;        (chaser 2)
 *                                                         reported to the vice-chair
 *   overdue-10     10 working days overdue              → lead, cc office;                     (chaser 3)
 *                                                         reported to the vice-chair
 *   overdue-chair  5 working days after the third chaser with the task still overdue (Hanoi
 *                  reports tasks overdue after more than 3 chasers to the leadership meeting)
 *                                                       → lead, cc office; reported to the chair
 *                  and the vice-chair; the task is listed for the next leadership meeting
 *   stale          open, not overdue, no update for 30 days → lead agency (chưa cập nhật tiến độ)
 *
 * The chasers climb one at a time, each only after the chasers below it were sent: a task first
 * seen overdue (a plan imported mid-way, a system that was down) starts at the first chaser to its
 * agency, however late it is, and each next chaser waits its working days after the one before
 * (4 after the first, 5 after the second), as it does on time. So no email ever says a task is
 * late "after 0 chasers". A run sends at most one notice per task; reminders skipped (a task
 * first seen a day before its deadline) are never sent later.
 *
 * Leaders are not written to task by task: a step "reported to" a leader puts the task on that
 * leader's list for the day, and each leader gets one email a day listing the tasks newly
 * reported to them (for the chair: the tasks for the next leadership meeting).
 */
/** Who a step writes to; `waiting` is the co-operating agency the lead says it waits on, if any. */
export type Audience = 'lead' | 'co' | 'waiting' | 'office' | 'vice-chair' | 'agency-head' | 'chair';
/** The leaders a step reports a task to, on their daily list. */
export type LeaderAudience = Extract<Audience, 'vice-chair' | 'chair'>;
export type LadderRule = 'reminder-7' | 'reminder-1' | 'overdue-1' | 'overdue-5' | 'overdue-10' | 'overdue-chair';
export type NoticeRule = LadderRule | 'stale';

export interface Step {
  rule: NoticeRule;
  rank: number;
  to: Audience[];
  cc: Audience[];
  /** The leaders the task is reported to, on their list of the day (one email a day each). */
  report: LeaderAudience[];
  /** Counts as a chaser (văn bản đôn đốc) of an overdue task. */
  chaser: boolean;
}

export const STEPS: Record<NoticeRule, Step> = {
  'reminder-7': { rule: 'reminder-7', rank: 1, to: ['lead'], cc: ['co'], report: [], chaser: false },
  'reminder-1': { rule: 'reminder-1', rank: 2, to: ['lead'], cc: ['co'], report: [], chaser: false },
  'overdue-1': { rule: 'overdue-1', rank: 3, to: ['lead'], cc: ['waiting', 'office'], report: [], chaser: true },
  'overdue-5': { rule: 'overdue-5', rank: 4, to: ['agency-head'], cc: ['lead', 'waiting', 'office'], report: ['vice-chair'], chaser: true },
  'overdue-10': { rule: 'overdue-10', rank: 5, to: ['lead'], cc: ['waiting', 'office'], report: ['vice-chair'], chaser: true },
  'overdue-chair': { rule: 'overdue-chair', rank: 6, to: ['lead'], cc: ['office'], report: ['chair', 'vice-chair'], chaser: false },
  stale: { rule: 'stale', rank: 0, to: ['lead'], cc: [], report: [], chaser: false },
};

export const LADDER_CONFIG = {
  reminderDays: { 'reminder-7': 7, 'reminder-1': 1 },
  /** Working days overdue at which each chaser falls due, in the order they are sent. */
  overdueDays: { 'overdue-1': 1, 'overdue-5': 5, 'overdue-10': 10 },
  chairAfterChasers: 3,
  /** Working days the agency gets to answer the third chaser before it goes to the chair. */
  chairGraceDays: 5,
  staleDays: 30,
  /** A recurring task reports once per period; "Thường xuyên" reports quarterly. */
  recurringPeriod: { continuous: 'quarter', month: 'month', quarter: 'quarter', year: 'year' } as Record<Recurrence, 'month' | 'quarter' | 'year'>,
} as const;

/** What the ledger says about this task, kept on the task item (written with each notice). */
export interface LadderState {
  /** Which deadline the ladder state belongs to: `v<version>` for a dated deadline, `p<period>` for a recurring one. */
  instance: string;
  rank: number;
  chasers: number;
  lastChaserOn?: IsoDate;
  /** The stale episode last chased (`<last activity date>#<n>`). */
  staleSent?: string;
  /** Set once the chair step has gone out: listed for the next leadership meeting. */
  listedForMeetingOn?: IsoDate;
  /** The last notice sent about this task (any step), for the weekly digest. */
  lastNoticeOn?: IsoDate;
  lastNoticeRule?: NoticeRule;
}

export interface LadderTask {
  id: string;
  deadline: Deadline;
  revisedDueDate?: IsoDate;
  deadlineVersion?: number;
  completedOn?: IsoDate;
  /** When the task was assigned (first imported); recurring periods before it are not chased. */
  assignedOn: IsoDate;
  /** Hanoi date of the last update (progress or note) from an agency. */
  lastUpdateOn?: IsoDate;
  ladder?: LadderState;
}

export interface Notice {
  rule: NoticeRule;
  /** Ledger key: one notice per key, ever. */
  key: string;
  instance: string;
  /** The deadline chased (after the day-off rule), if any. */
  dueDate?: IsoDate;
  /** Reminders: working days left; overdue steps: working days overdue; stale: days without update. */
  workingDays: number;
  /** Chasers sent for this deadline before this notice. */
  chaserCount: number;
}

export interface Decision {
  notice?: Notice;
  /** The ladder state after this run (with the notice, if one is sent). */
  state: LadderState;
  /** Next date on which something may be due for this task; undefined when nothing ever will. */
  wakeOn?: IsoDate;
}

interface Instance {
  id: string;
  due: IsoDate; // effective (day-off rule applied)
  satisfied: boolean;
}

/**
 * Decree 09/2019/NĐ-CP, art. 12: a periodic report's figures close on the 14th of the period's
 * last month (a month: its 14th; a quarter: the 14th of its third month; a year: 14 December),
 * and the next period's window opens on the 15th. A recurring task's report is due at the close.
 * A plan may set another day (`report_cutoff_day` in plan.csv), carried on each recurring deadline.
 */
export const REPORT_CUTOFF_DAY = 14;

/** A reporting period of a recurring task: its id (`2025-Q3`), the first day of its window and its due date. */
export interface ReportingPeriod {
  id: string;
  start: IsoDate;
  due: IsoDate;
}

/** The reporting period whose window holds `date` (Q3 2025: 15/6 to 14/9/2025). */
export function reportingPeriodOf(date: IsoDate, unit: 'month' | 'quarter' | 'year', cutoff = REPORT_CUTOFF_DAY): ReportingPeriod {
  const months = unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1;
  let [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  // Past the close of a period's last month, the date belongs to the next period.
  if (m % months === 0 && Number(date.slice(8, 10)) > cutoff) [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  const first = Math.floor((m - 1) / months) * months + 1;
  const last = first + months - 1;
  const id = unit === 'year' ? `${y}` : unit === 'quarter' ? `${y}-Q${(first + 2) / 3}` : `${y}-${String(first).padStart(2, '0')}`;
  const start = first === 1 ? isoDate(y - 1, 12, cutoff + 1) : isoDate(y, first - 1, cutoff + 1);
  return { id, start, due: isoDate(y, last, cutoff) };
}

/**
 * The reporting period a recurring task answers for today: the last one, if it closed unreported
 * (and the task was assigned by then), else the current one. Its due date has the day-off rule
 * applied; it is reported once an update came after its window opened.
 */
export function recurringInstance(
  t: Pick<LadderTask, 'deadline' | 'assignedOn' | 'lastUpdateOn'>,
  today: IsoDate,
  cal: Calendar,
): { period: string; due: IsoDate; reported: boolean } | undefined {
  if (t.deadline.kind !== 'recurring') return undefined;
  const unit = LADDER_CONFIG.recurringPeriod[t.deadline.every];
  const cutoff = t.deadline.cutoffDay ?? REPORT_CUTOFF_DAY;
  const current = reportingPeriodOf(today, unit, cutoff);
  const previous = reportingPeriodOf(addDays(current.start, -1), unit, cutoff);
  const reportedSince = (start: IsoDate) => Boolean(t.lastUpdateOn && t.lastUpdateOn >= start);
  if (t.assignedOn <= previous.due && !reportedSince(previous.start)) {
    return { period: previous.id, due: effectiveDueDate(cal, previous.due), reported: false };
  }
  if (t.assignedOn > current.due) return undefined;
  return { period: current.id, due: effectiveDueDate(cal, current.due), reported: reportedSince(current.start) };
}

/** The deadline to chase today: the task's own, or for a recurring task its reporting period's. */
function instanceOf(t: LadderTask, today: IsoDate, cal: Calendar): Instance | undefined {
  if (t.deadline.kind !== 'recurring') {
    const due = t.revisedDueDate ?? t.deadline.dueDate;
    return { id: `v${t.deadlineVersion ?? 0}`, due: effectiveDueDate(cal, due), satisfied: Boolean(t.completedOn) };
  }
  const r = recurringInstance(t, today, cal);
  return r && { id: `p${r.period}`, due: r.due, satisfied: r.reported };
}

/** Decides, for one task on one day, the notice to send (if any) and when to look again. */
export function evaluate(t: LadderTask, today: IsoDate, cal: Calendar): Decision {
  const inst = instanceOf(t, today, cal);
  const prior = t.ladder && inst && t.ladder.instance === inst.id ? t.ladder : undefined;
  const state: LadderState = { instance: inst?.id ?? t.ladder?.instance ?? '', rank: prior?.rank ?? 0, chasers: prior?.chasers ?? 0 };
  if (prior?.lastChaserOn) state.lastChaserOn = prior.lastChaserOn;
  if (prior?.listedForMeetingOn) state.listedForMeetingOn = prior.listedForMeetingOn;
  if (t.ladder?.staleSent) state.staleSent = t.ladder.staleSent;
  if (t.ladder?.lastNoticeOn) state.lastNoticeOn = t.ladder.lastNoticeOn;
  if (t.ladder?.lastNoticeRule) state.lastNoticeRule = t.ladder.lastNoticeRule;
  if (!inst || inst.satisfied) {
    // Nothing to chase for this deadline; a recurring task wakes at its next period.
    if (t.deadline.kind === 'recurring' && inst) {
      const next = addWorkingDays(cal, inst.due, -LADDER_CONFIG.reminderDays['reminder-7']);
      return { state, wakeOn: next > today ? next : addDays(inst.due, 1) };
    }
    return { state };
  }

  const overdue = workingDaysBetween(cal, inst.due, today); // > 0 once past the deadline
  const left = -overdue; // working days left before the deadline
  const applicable: Array<{ rule: LadderRule; workingDays: number }> = [];
  for (const [rule, n] of Object.entries(LADDER_CONFIG.reminderDays) as Array<[LadderRule, number]>) {
    if (left >= 0 && left <= n) applicable.push({ rule, workingDays: left });
  }
  const chaser = nextChaser(state, inst.due, cal);
  if (chaser && today >= chaser.on) applicable.push({ rule: chaser.rule, workingDays: overdue });
  const best = applicable.sort((a, b) => STEPS[b.rule].rank - STEPS[a.rule].rank)[0];
  let notice: Notice | undefined;
  if (best && STEPS[best.rule].rank > state.rank) {
    notice = {
      rule: best.rule,
      key: `notice#${t.id}#${inst.id}#${best.rule}`,
      instance: inst.id,
      dueDate: inst.due,
      workingDays: best.workingDays,
      chaserCount: state.chasers,
    };
    state.rank = STEPS[best.rule].rank;
    if (STEPS[best.rule].chaser) {
      state.chasers += 1;
      state.lastChaserOn = today;
    }
    if (best.rule === 'overdue-chair') state.listedForMeetingOn = today;
  } else if (overdue <= 0 && t.deadline.kind !== 'recurring') {
    // A recurring task is chased per reporting period instead.
    notice = staleNotice(t, today, state);
  }
  if (notice) {
    state.lastNoticeOn = today;
    state.lastNoticeRule = notice.rule;
  }
  return { notice, state, wakeOn: nextWake(t, inst, state, today, cal) };
}

const CHASERS = Object.entries(LADDER_CONFIG.overdueDays) as Array<[LadderRule, number]>;

/**
 * The next overdue step and the first day it may go: the next chaser on its day overdue and its
 * working days after the chaser before it; after the last chaser, the chair, its grace days later.
 */
function nextChaser(state: LadderState, due: IsoDate, cal: Calendar): { rule: LadderRule; on: IsoDate } | undefined {
  // (A state written before the chasers climbed one at a time may hold a step above its count.)
  const n = Math.max(state.chasers, CHASERS.filter(([r]) => STEPS[r].rank <= state.rank).length);
  const after = (days: number) => (state.lastChaserOn ? addWorkingDays(cal, state.lastChaserOn, days) : due);
  if (n < CHASERS.length) {
    const [rule, days] = CHASERS[n]!;
    const onTime = addWorkingDays(cal, due, days);
    const spaced = n === 0 ? onTime : after(days - CHASERS[n - 1]![1]);
    return { rule, on: spaced > onTime ? spaced : onTime };
  }
  return n >= LADDER_CONFIG.chairAfterChasers ? { rule: 'overdue-chair', on: after(LADDER_CONFIG.chairGraceDays) } : undefined;
}

function lastActivity(t: LadderTask): IsoDate {
  return t.lastUpdateOn && t.lastUpdateOn > t.assignedOn ? t.lastUpdateOn : t.assignedOn;
}

function staleNotice(t: LadderTask, today: IsoDate, state: LadderState): Notice | undefined {
  const since = lastActivity(t);
  const days = daysBetween(since, today);
  const episode = Math.floor(days / LADDER_CONFIG.staleDays);
  if (episode < 1) return undefined;
  const id = `${since}#${episode}`;
  if (state.staleSent === id) return undefined;
  state.staleSent = id;
  return { rule: 'stale', key: `stale#${t.id}#${id}`, instance: state.instance, workingDays: days, chaserCount: state.chasers };
}

/** The earliest date after today on which a step above the current one, or a stale chase, falls. */
function nextWake(t: LadderTask, inst: Instance, state: LadderState, today: IsoDate, cal: Calendar): IsoDate | undefined {
  const dates: IsoDate[] = [];
  const at = (rule: LadderRule, d: IsoDate) => {
    if (STEPS[rule].rank > state.rank && d > today) dates.push(d);
  };
  for (const [rule, n] of Object.entries(LADDER_CONFIG.reminderDays) as Array<[LadderRule, number]>) at(rule, addWorkingDays(cal, inst.due, -n));
  const chaser = nextChaser(state, inst.due, cal);
  if (chaser) at(chaser.rule, chaser.on);
  if (t.deadline.kind === 'recurring') {
    // It moves on to its next period even when this one is fully escalated.
    dates.push(addDays(inst.due, 1)); // the day after the period
  } else {
    // Stale chases happen only before the deadline (an overdue task is chased by the ladder).
    const since = lastActivity(t);
    const nextEpisode = Math.floor(daysBetween(since, today) / LADDER_CONFIG.staleDays) + 1;
    const staleOn = addDays(since, nextEpisode * LADDER_CONFIG.staleDays);
    if (staleOn <= inst.due) dates.push(staleOn);
  }
  return dates.sort()[0];
}
