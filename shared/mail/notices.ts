import { getMail, ledgerPut, transactWithLedger } from '../data/ledger';
import { listEntryWrites, openListDay } from '../data/leader-lists';
import { loadDirectory } from '../data/plan-directory';
import { noticeWrites, saveLadder, taskToWake, wakeKeyOf } from '../data/wake-index';
import { loadCalendar } from '../data/calendar';
import { localDate } from '../domain/dates';
import { evaluate } from '../domain/ladder';
import { stableJson } from '../runtime/json';
import type { Logger } from '../runtime/log';
import { composeNotice, listedTask, reportedLeaders, type ComposeContext } from './compose';
import { enqueueMail } from './outbox';

/** The deadline run as the history records it: the system, and the invocation that wrote. */
const RUN_ACTOR = { sub: 'dondoc:deadline-run', role: 'system' } as const;

export type TaskOutcome = 'notice' | 'lost' | 'state' | 'unchanged' | 'not-due';

export interface NoticeRun {
  /** The run's scheduled instant: its day is the day counted, and the notices record it. */
  scheduledTime: string;
  /** The scheduled run's invocation, which the history names. */
  requestId: string;
  appUrl: string;
  log: Logger;
  /** The plan's directory, loaded once per batch (shared by the batch's tasks). */
  directory?: () => Promise<ComposeContext['dir']>;
}

/** Loads the directory at most once for whoever calls the returned function. */
export function directoryOnce(): () => Promise<ComposeContext['dir']> {
  let dir: Promise<ComposeContext['dir']> | undefined;
  return () =>
    (dir ??= loadDirectory()
      .then((d) => ({ agencies: d.agencies, leaders: d.leaders, planCode: d.meta?.code ?? '' }))
      .catch((e: unknown) => {
        dir = undefined;
        throw e;
      }));
}

/**
 * One task of a day's deadline run: read afresh (a task no longer due that day, because it was
 * completed or this run already moved it on, is left alone), decided by the ladder, and either
 * its ladder state saved or its notice written (notice + ledger key + task state in one
 * conditional transaction, as before the fan-out); only the writer that wins the key enqueues the
 * email. The consumer of the deadline-tasks queue calls it once per message.
 */
export async function runTask(taskId: string, run: NoticeRun): Promise<{ outcome: TaskOutcome; consumed: number }> {
  // As the run wrote it before the fan-out: the instant in full ISO form (with milliseconds).
  const at = new Date(run.scheduledTime).toISOString();
  const today = localDate(new Date(at));
  const { task, wakeKey, consumed } = await taskToWake(taskId, today);
  if (!task) return { outcome: 'not-due', consumed };
  const { calendar } = await loadCalendar();
  const decision = evaluate({ ...task, ...(task.lastUpdate ? { lastUpdateOn: localDate(new Date(task.lastUpdate.at)) } : {}) }, today, calendar);
  if (!decision.notice) {
    // Nothing to write when nothing changed: a repeated message then costs one read.
    if (stableJson(task.ladder ?? null) === stableJson(decision.state) && wakeKey === wakeKeyOf(task.id, decision.wakeOn))
      return { outcome: 'unchanged', consumed };
    const saved = await saveLadder(task, decision.state, decision.wakeOn);
    if (!saved) run.log.info('task changed while the run evaluated it: left to its new state', { taskId: task.id });
    return { outcome: saved ? 'state' : 'lost', consumed };
  }
  const notice = decision.notice;
  const ctx: ComposeContext = {
    dir: await (run.directory ?? directoryOnce())(),
    cal: calendar,
    appUrl: run.appUrl,
    today,
    correlationId: `deadline-${today}`,
  };
  const mail = composeNotice(task, notice, ctx);
  const history = {
    key: notice.key,
    type: 'Notice',
    at,
    rule: notice.rule,
    instance: notice.instance,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    workingDays: notice.workingDays,
    correlationId: ctx.correlationId,
    actor: RUN_ACTOR,
    requestId: run.requestId,
  };
  // The leaders this step reports the task to: on each one's list of the day (the first day not
  // yet closed), in the same transaction, so the task is listed exactly when its notice is written.
  const leaders = reportedLeaders(notice, task, ctx.dir.leaders);
  const entry = leaders.length ? listedTask(task, notice, ctx) : undefined;
  const writes = noticeWrites(task, history, decision.state, decision.wakeOn);
  let days = await Promise.all(leaders.map((l) => openListDay(l.id, today)));
  let won = false;
  for (;;) {
    const listed = leaders.flatMap((l, i) => listEntryWrites(l.id, days[i]!, entry!, notice.instance));
    won = await transactWithLedger([ledgerPut(notice.key, mail, at), ...writes, ...listed]);
    if (won || !leaders.length || (await getMail(notice.key))) break;
    // A list closed meanwhile (its run came between the read and the write): the next open day.
    const again = await Promise.all(leaders.map((l) => openListDay(l.id, today)));
    if (again.every((d, i) => d === days[i])) break; // the task changed: left to its new state
    days = again;
  }
  if (!won) {
    run.log.info('notice already written by another run, or the task changed', { taskId: task.id, key: notice.key });
    return { outcome: 'lost', consumed };
  }
  await enqueueMail([notice.key]);
  run.log.info('notice queued', {
    taskId: task.id,
    key: notice.key,
    rule: notice.rule,
    to: mail.to.length,
    cc: mail.cc.length,
    ...(leaders.length ? { listedFor: leaders.map((l, i) => `${l.id}@${days[i]}`) } : {}),
  });
  return { outcome: 'notice', consumed };
}
