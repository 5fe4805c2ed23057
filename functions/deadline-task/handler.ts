import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DeadlineTaskMessage } from '../../events/deadline-task';
import { fanOutDue } from '../../shared/data/deadline-tasks';
import { localDate } from '../../shared/domain/dates';
import { directoryOnce, runTask, type TaskOutcome } from '../../shared/mail/notices';
import { requireEnv } from '../../shared/runtime/config';
import { createLogger } from '../../shared/runtime/log';
import { eachRecord } from '../../shared/runtime/sqs-batch';
import { parseWith } from '../../shared/runtime/validation';

const log = createLogger({ fn: 'deadline-task' });

/**
 * What this execution environment has done (read by the benchmark; a Lambda container keeps it
 * only while it lives, and nothing depends on it).
 */
export const totals: Record<TaskOutcome, number> & { consumedCapacity: number; scans: number } = {
  notice: 0,
  lost: 0,
  state: 0,
  unchanged: 0,
  'not-due': 0,
  consumedCapacity: 0,
  scans: 0,
};

/**
 * The deadline run's consumer: one message per due task, each evaluated in its own try/catch (a
 * failing task is returned alone as a batch item failure, retried by SQS and, after five
 * receives, parked in the DLQ; the others go on). A `DeadlineScan` message carries on reading the
 * wake index where a run near its time budget stopped.
 */
async function consume(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const directory = directoryOnce();
  const remainingMs = () => (typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : Number.POSITIVE_INFINITY);
  return eachRecord(event, log, 'deadline task failed', async (record: SQSRecord) => {
    const msg = parseWith(DeadlineTaskMessage, JSON.parse(record.body));
    if (msg.type === 'DeadlineScan') {
      const today = localDate(new Date(msg.scheduledTime));
      const r = await fanOutDue({ today, scheduledTime: msg.scheduledTime, requestId: msg.requestId, cursor: msg.cursor, remainingMs });
      totals.scans++;
      log.info('deadline run continued', { today, ...r });
      return;
    }
    const r = await runTask(msg.taskId, {
      scheduledTime: msg.scheduledTime,
      requestId: msg.requestId,
      appUrl: requireEnv('APP_URL'),
      log: log.child({ taskId: msg.taskId, messageId: record.messageId }),
      directory,
    });
    totals[r.outcome]++;
    totals.consumedCapacity += r.consumed;
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(consume);
