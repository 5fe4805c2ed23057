import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { requireEnv } from '../../shared/runtime/config';
import { CLAIM_LEASE_MS, ledgerPut, outboxBefore, transactWithLedger } from '../../shared/data/ledger';
import { loadDirectory } from '../../shared/data/plan-directory';
import { noticeWrites, saveLadder, tasksToWake } from '../../shared/data/wake-index';
import { vnCalendar } from '../../shared/domain/calendar';
import { localDate } from '../../shared/domain/dates';
import { evaluate } from '../../shared/domain/ladder';
import type { TaskRecord } from '../../shared/domain/task';
import { createLogger } from '../../shared/runtime/log';
import { composeNotice, type ComposeContext } from '../../shared/mail/compose';
import { enqueueMail } from '../../shared/mail/outbox';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';

const log = createLogger({ fn: 'deadline' });
/** A ledger email still queued after this long lost its queue message: enqueue it again. */
const OUTBOX_GRACE_MS = 15 * 60_000;

export interface DeadlineRunResult {
  today: string;
  skipped?: string;
  read: number;
  scanned: number;
  consumedCapacity: number;
  notices: number;
  requeued: number;
}

/**
 * Finds ledger emails whose queue message was lost (a crash between ledger write and enqueue), and
 * claims whose lease ended with no Send event from SES (the attempt died before SES took the
 * email): both go back to the mailer, which sends each once.
 */
async function sweepOutbox(at: Date): Promise<number> {
  const stale = await outboxBefore(new Date(at.getTime() - OUTBOX_GRACE_MS).toISOString());
  const requeue: string[] = [];
  for (const m of stale) {
    if (m.state === 'queued') requeue.push(m.key);
    else if ((m.state === 'sending' || m.state === 'unconfirmed') && m.claimedAt && Date.parse(m.claimedAt) <= at.getTime() - CLAIM_LEASE_MS) {
      log.warn('email claim expired unconfirmed: back to the mailer', { key: m.key, claimedAt: m.claimedAt });
      requeue.push(m.key);
    }
  }
  if (requeue.length) await enqueueMail(requeue);
  return requeue.length;
}

/** The deadline run as the history records it: the system, and the invocation that wrote. */
const RUN_ACTOR = { sub: 'dondoc:deadline-run', role: 'system' } as const;

async function handleTask(task: TaskRecord, today: string, at: string, ctx: ComposeContext & { requestId: string }): Promise<boolean> {
  const decision = evaluate({ ...task, ...(task.lastUpdate ? { lastUpdateOn: localDate(new Date(task.lastUpdate.at)) } : {}) }, today, vnCalendar);
  if (!decision.notice) {
    await saveLadder(task.id, decision.state, decision.wakeOn);
    return false;
  }
  const notice = decision.notice;
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
    requestId: ctx.requestId,
  };
  const won = await transactWithLedger([ledgerPut(notice.key, mail, at), ...noticeWrites(task, history, decision.state, decision.wakeOn)]);
  if (!won) {
    log.info('notice already written by another run, or the task changed', { taskId: task.id, key: notice.key });
    return false;
  }
  await enqueueMail([notice.key]);
  log.info('notice queued', { taskId: task.id, key: notice.key, rule: notice.rule, to: mail.to.length, cc: mail.cc.length });
  return true;
}

/**
 * The daily deadline run. Reads only the tasks whose wake date has come (sparse index), decides
 * each one's notice with the ladder, and writes notice + ledger key + task state in one
 * transaction; only the writer that wins the ledger key enqueues the email. It never sends mail.
 */
export async function run(scheduledTime?: string, requestId = 'direct'): Promise<DeadlineRunResult> {
  // The day is the one the run was scheduled for (the Scheduler passes it), so a delayed
  // invocation still counts the right day.
  const at = runInstant(scheduledTime);
  const today = localDate(at);
  const result: DeadlineRunResult = { today, read: 0, scanned: 0, consumedCapacity: 0, notices: 0, requeued: 0 };
  if (!vnCalendar.isWorkingDay(today)) {
    log.info('day off: nothing is sent', { today, name: vnCalendar.dayOffName(today) });
    return { ...result, skipped: vnCalendar.dayOffName(today) ?? 'weekend' };
  }
  result.requeued = await sweepOutbox(at);
  const dir = await loadDirectory();
  const ctx: ComposeContext = {
    dir: { agencies: dir.agencies, leaders: dir.leaders, planCode: dir.meta?.code ?? '' },
    appUrl: requireEnv('APP_URL'),
    today,
    correlationId: `deadline-${today}`,
  };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await tasksToWake(today, cursor);
    result.read += page.items.length;
    result.scanned += page.scanned;
    result.consumedCapacity += page.consumed;
    // A few tasks at a time: each is a handful of small writes.
    for (let i = 0; i < page.items.length; i += 8) {
      const sent = await Promise.all(page.items.slice(i, i + 8).map((t) => handleTask(t, today, at.toISOString(), { ...ctx, requestId })));
      result.notices += sent.filter(Boolean).length;
    }
    cursor = page.cursor;
  } while (cursor);
  log.info('deadline run done', { ...result, correlationId: ctx.correlationId });
  return result;
}

export const handler = middy<unknown, DeadlineRunResult>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler((event, context) => run(scheduledTimeOf(event, log), context.awsRequestId));
