import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { fanOutDue } from '../../shared/data/deadline-tasks';
import { loadCalendar } from '../../shared/data/calendar';
import { localDate } from '../../shared/domain/dates';
import { createLogger } from '../../shared/runtime/log';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';

const log = createLogger({ fn: 'deadline' });

export interface DeadlineRunResult {
  today: string;
  skipped?: string;
  /** Due tasks read from the wake index (and queued, one message each). */
  read: number;
  scanned: number;
  consumedCapacity: number;
  queued: number;
  /** Whether the run stopped near its time budget and handed the rest of the index on. */
  continued: boolean;
}

/**
 * The daily deadline run. It only reads the tasks whose wake date has come (sparse index), page
 * by page, and puts each on the `deadline-tasks` queue with the run's day and request id; the
 * queue's consumer (functions/deadline-task) evaluates each task on its own and writes its notice.
 * So one task's error fails one message, not the run; a large day is spread over as many
 * invocations as it needs; near its time budget the run hands the rest on with a cursor. Its only
 * side effects are queue sends, so Lambda's retries of a failed run repeat nothing harmful.
 * It never sends mail, and no longer sweeps the outbox (functions/outbox-sweep, every 5 minutes).
 */
export async function run(
  scheduledTime?: string,
  requestId = 'direct',
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
  pageSize?: number,
): Promise<DeadlineRunResult> {
  // The day is the one the run was scheduled for (the Scheduler passes it), so a delayed
  // invocation still counts the right day.
  const at = runInstant(scheduledTime);
  const today = localDate(at);
  const empty: DeadlineRunResult = { today, read: 0, scanned: 0, consumedCapacity: 0, queued: 0, continued: false };
  const { calendar } = await loadCalendar();
  if (!calendar.isWorkingDay(today)) {
    log.info('day off: nothing is sent', { today, name: calendar.dayOffName(today) });
    return { ...empty, skipped: calendar.dayOffName(today) ?? 'weekend' };
  }
  const r = await fanOutDue({ today, scheduledTime: at.toISOString(), requestId, remainingMs, ...(pageSize ? { pageSize } : {}) });
  const result: DeadlineRunResult = { today, read: r.read, scanned: r.scanned, consumedCapacity: r.consumedCapacity, queued: r.queued, continued: r.continued };
  log.info('deadline run: due tasks queued', { ...result, pages: r.pages, correlationId: `deadline-${today}` });
  return result;
}

export const handler = middy<unknown, DeadlineRunResult>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler((event, context: Context) =>
    run(scheduledTimeOf(event, log), context.awsRequestId, () =>
      typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY,
    ),
  );
