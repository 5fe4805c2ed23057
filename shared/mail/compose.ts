import { STEPS, type LeaderAudience, type Notice } from '../domain/ladder';
import { headTitle, supervisorOf, type Agency, type Leader } from '../domain/plan';
import { periodLabelVi, tryParsePeriod } from '../domain/period';
import type { TaskRecord } from '../domain/task';
import { daysBetween, type IsoDate } from '../domain/dates';
import { effectiveDueDate, type Calendar } from '../domain/calendar';
import { renderNotice } from './templates/notice';
import { formatDateVi } from './text';
import type { MailContent } from '../data/ledger';
import type { ListedTask } from '../data/leader-lists';
import { deadlineValue } from './layout';
import { addressees, type Directory } from './recipients';

export interface ComposeContext {
  dir: Directory & { planCode: string };
  cal: Calendar;
  appUrl: string;
  today: IsoDate;
  correlationId: string;
}

export const taskLink = (appUrl: string, id: string): string => `${appUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(id)}`;

/** The facts about a task that every email about it shows; `cal` decides the day a deadline on a day off is met by. */
export function taskFacts(task: TaskRecord, agencies: Agency[], cal: Calendar) {
  const inForce = task.revisedDueDate ?? (task.deadline.kind !== 'recurring' ? task.deadline.dueDate : undefined);
  const name = (code: string) => agencies.find((a) => a.code === code)?.name ?? code;
  const lead = agencies.find((a) => a.code === task.leadAgency);
  return {
    id: task.id,
    title: task.title,
    deliverable: task.deliverable,
    group: task.group,
    leadAgencyName: name(task.leadAgency),
    leadAgencyCode: task.leadAgency,
    ...(lead ? { leadHeadTitle: headTitle(lead) } : {}),
    coAgencyNames: task.coAgencies.map(name),
    deadlineText: task.deadline.text,
    ...(task.deadline.kind !== 'recurring' ? { dueDate: task.deadline.dueDate } : {}),
    ...(task.revisedDueDate ? { revisedDueDate: task.revisedDueDate } : {}),
    ...(inForce ? { effectiveDueDate: effectiveDueDate(cal, inForce) } : {}),
    progress: task.progress,
  };
}

/** For a recurring task's notice, the reporting period it chases (its instance `p2025-Q3`). */
function periodOf(task: TaskRecord, notice: Notice): { period?: { label: string; dueDate: string } } {
  const p = task.deadline.kind === 'recurring' && notice.dueDate ? tryParsePeriod(notice.instance.replace(/^p/, '')) : undefined;
  return p && notice.dueDate ? { period: { label: periodLabelVi(p), dueDate: notice.dueDate } } : {};
}

/** Renders a ladder notice and addresses it from the plan. */
export function composeNotice(task: TaskRecord, notice: Notice, ctx: ComposeContext): MailContent {
  const step = STEPS[notice.rule];
  const { to, cc, label } = addressees(step.to, step.cc, task, ctx.dir);
  const name = (code: string | undefined) => ctx.dir.agencies.find((a) => a.code === code)?.name ?? code ?? '';
  const rendered = renderNotice({
    rule: notice.rule,
    task: taskFacts(task, ctx.dir.agencies, ctx.cal),
    workingDays: notice.workingDays,
    ...(notice.dueDate && notice.rule.startsWith('overdue') ? { calendarDaysOverdue: daysBetween(notice.dueDate, ctx.today) } : {}),
    ...periodOf(task, notice),
    ...(task.waitingOnCoAgency && task.waitingOn ? { waitingOnName: name(task.waitingOn) } : {}),
    chaserCount: notice.chaserCount,
    ...(task.lastUpdate
      ? { lastUpdate: { at: task.lastUpdate.at, note: task.lastUpdate.note, agencyName: name(task.lastUpdate.agency), progress: task.progress } }
      : {}),
    ...(notice.rule === 'stale' ? { daysSinceUpdate: notice.workingDays } : {}),
    link: taskLink(ctx.appUrl, task.id),
    recipientLabel: label,
    planCode: ctx.dir.planCode,
  });
  return { to, cc, ...rendered, taskId: task.id, rule: notice.rule, correlationId: ctx.correlationId };
}

/** The leaders a notice reports its task to (each once): the vice-chair over its field, the chair. */
export function reportedLeaders(notice: Notice, task: TaskRecord, leaders: Leader[]): Leader[] {
  const of = (a: LeaderAudience): Leader[] =>
    a === 'chair' ? leaders.filter((l) => l.role === 'chair') : [supervisorOf(leaders, task.field)].filter((l) => !!l);
  const all = STEPS[notice.rule].report.flatMap(of);
  return all.filter((l, i) => all.findIndex((x) => x.id === l.id) === i);
}

/** A task as a leader's list of the day shows it, from the notice that reported it. */
export function listedTask(task: TaskRecord, notice: Notice, ctx: ComposeContext): ListedTask {
  const name = (code: string) => ctx.dir.agencies.find((a) => a.code === code)?.name ?? code;
  const period = periodOf(task, notice).period;
  return {
    taskId: task.id,
    title: task.title,
    rule: notice.rule as ListedTask['rule'],
    leadAgencyName: name(task.leadAgency),
    deadline: period ? `${period.label} (hạn báo cáo ${formatDateVi(period.dueDate)})` : deadlineValue(taskFacts(task, ctx.dir.agencies, ctx.cal)),
    workingDaysOverdue: notice.workingDays,
    chaserCount: notice.chaserCount,
    progress: task.progress,
    ...(task.waitingOnCoAgency && task.waitingOn ? { waitingOnName: name(task.waitingOn) } : {}),
    link: taskLink(ctx.appUrl, task.id),
  };
}
