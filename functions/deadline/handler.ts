import middy from '@middy/core';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { now } from '../../shared/clock';
import { requireEnv } from '../../shared/config';
import { ledgerPut, moveMail, outboxBefore, transactWithLedger } from '../../shared/data/ledger';
import * as store from '../../shared/data/store';
import { vnCalendar } from '../../shared/domain/calendar';
import { localDate } from '../../shared/domain/dates';
import { evaluate } from '../../shared/domain/ladder';
import type { TaskRecord } from '../../shared/domain/task';
import { createLogger } from '../../shared/log';
import { composeNotice, type ComposeContext } from '../../shared/notify/compose';
import { enqueueMail } from '../../shared/notify/outbox';

const log = createLogger({ fn: 'deadline' });
/** A ledger email still queued after this long lost its queue message: enqueue it again. */
const OUTBOX_GRACE_MS = 15 * 60_000;
/** A claim older than this never confirmed: the send may or may not have happened. */
const SENDING_LEASE_MS = 15 * 60_000;

export interface DeadlineRunResult {
  today: string;
  skipped?: string;
  read: number;
  scanned: number;
  consumedCapacity: number;
  notices: number;
  requeued: number;
}

/** Finds ledger emails whose queue message was lost (a crash between ledger write and enqueue). */
async function sweepOutbox(at: Date): Promise<number> {
  const stale = await outboxBefore(new Date(at.getTime() - OUTBOX_GRACE_MS).toISOString());
  const requeue: string[] = [];
  for (const m of stale) {
    if (m.state === 'queued') requeue.push(m.key);
    else if (m.state === 'sending' && m.claimedAt && Date.parse(m.claimedAt) < at.getTime() - SENDING_LEASE_MS) {
      // Claimed and never confirmed: SES may have sent it. Never send twice; say so instead.
      await moveMail(m.key, 'sending', 'unconfirmed', { reason: 'claimed but never confirmed sent' });
      log.warn('email send unconfirmed', { key: m.key });
    }
  }
  if (requeue.length) await enqueueMail(requeue);
  return requeue.length;
}

async function handleTask(task: TaskRecord, today: string, at: string, ctx: ComposeContext): Promise<boolean> {
  const decision = evaluate(
    { ...task, ...(task.lastUpdate ? { lastUpdateOn: localDate(new Date(task.lastUpdate.at)) } : {}) },
    today,
    vnCalendar,
  );
  if (!decision.notice) {
    await store.saveLadder(task.id, decision.state, decision.wakeOn);
    return false;
  }
  const notice = decision.notice;
  const mail = composeNotice(task, notice, ctx);
  const history = { key: notice.key, type: 'Notice', at, rule: notice.rule, instance: notice.instance, to: mail.to, cc: mail.cc, subject: mail.subject, workingDays: notice.workingDays, correlationId: ctx.correlationId };
  const won = await transactWithLedger([ledgerPut(notice.key, mail, at), ...store.noticeWrites(task, history, decision.state, decision.wakeOn)]);
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
export async function run(scheduledTime?: string): Promise<DeadlineRunResult> {
  // The day is the one the run was scheduled for (the Scheduler passes it), so a delayed
  // invocation still counts the right day.
  const at = scheduledTime && !Number.isNaN(Date.parse(scheduledTime)) ? new Date(scheduledTime) : now();
  const today = localDate(at);
  const result: DeadlineRunResult = { today, read: 0, scanned: 0, consumedCapacity: 0, notices: 0, requeued: 0 };
  if (!vnCalendar.isWorkingDay(today)) {
    log.info('day off: nothing is sent', { today, name: vnCalendar.dayOffName(today) });
    return { ...result, skipped: vnCalendar.dayOffName(today) ?? 'weekend' };
  }
  result.requeued = await sweepOutbox(at);
  const dir = await store.loadDirectory();
  const ctx: ComposeContext = {
    dir: { agencies: dir.agencies, leaders: dir.leaders, planCode: dir.meta?.code ?? '' },
    appUrl: requireEnv('APP_URL'),
    today,
    correlationId: `deadline-${today}-${randomUUID().slice(0, 8)}`,
  };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await store.tasksToWake(today, cursor);
    result.read += page.items.length;
    result.scanned += page.scanned;
    result.consumedCapacity += page.consumed;
    // A few tasks at a time: each is a handful of small writes.
    for (let i = 0; i < page.items.length; i += 8) {
      const sent = await Promise.all(page.items.slice(i, i + 8).map((t) => handleTask(t, today, at.toISOString(), ctx)));
      result.notices += sent.filter(Boolean).length;
    }
    cursor = page.cursor;
  } while (cursor);
  log.info('deadline run done', { ...result, correlationId: ctx.correlationId });
  return result;
}

const ScheduledEvent = z.object({ schedule: z.string().optional(), scheduledTime: z.string().optional() }).passthrough();

export const handler = middy<unknown, DeadlineRunResult>().handler((event) => run(ScheduledEvent.safeParse(event).data?.scheduledTime));
