import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { DeadlineTaskMessage } from '../../events/deadline-task';
import { sqsClient } from '../runtime/clients';
import { queueUrlEnv, requireEnv } from '../runtime/config';
import { messageBody } from '../runtime/queues';
import { tasksToWake } from './wake-index';
import type { Item } from './table';

/**
 * The deadline run's fan-out: the wake index read page by page, each due task put on the
 * `deadline-tasks` queue (SendMessageBatch of ten, several in flight), and, when the invocation
 * nears its time budget, a message to carry on from the cursor instead of running out of time.
 * The queue's consumer evaluates each task on its own, so one task's error fails only its message.
 */

/** Stop reading and hand the rest on when less than this is left of the invocation's time. */
export const SCAN_MARGIN_MS = 30_000;
/** Tasks read per page of the wake index: the time budget is checked between pages. */
export const SCAN_PAGE = 1000;
/** SendMessageBatch calls in flight at once. */
const IN_FLIGHT = 8;

export interface FanOutResult {
  /** Items the wake index returned (due tasks). */
  read: number;
  /** Items DynamoDB read to return them (ScannedCount). */
  scanned: number;
  consumedCapacity: number;
  /** Task messages put on the queue. */
  queued: number;
  /** Pages read. */
  pages: number;
  /** Whether the rest was handed on in a DeadlineScan message. */
  continued: boolean;
}

/** Puts messages on the deadline-tasks queue, ten per call, a few calls at a time. */
export async function sendDeadlineMessages(messages: DeadlineTaskMessage[]): Promise<void> {
  const batches: DeadlineTaskMessage[][] = [];
  for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const out = await sqsClient().send(
        new SendMessageBatchCommand({
          QueueUrl: requireEnv(queueUrlEnv('deadline-tasks')),
          Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: messageBody(m) })),
        }),
      );
      if (out.Failed?.length) throw new Error(`deadline-tasks queue refused ${out.Failed.length} message(s): ${out.Failed[0]?.Message ?? ''}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, worker));
}

/**
 * Reads the tasks due on `today` from `cursor` (the start when none) and queues one message per
 * task. `remainingMs` is the invocation's remaining time; below SCAN_MARGIN_MS, with pages left,
 * the rest is handed on. Safe to repeat: a task queued twice is evaluated once (the consumer reads
 * it afresh and the ledger key admits one notice).
 */
export async function fanOutDue(opts: {
  today: string;
  scheduledTime: string;
  requestId: string;
  cursor?: Item;
  remainingMs: () => number;
  pageSize?: number;
}): Promise<FanOutResult> {
  const result: FanOutResult = { read: 0, scanned: 0, consumedCapacity: 0, queued: 0, pages: 0, continued: false };
  const run = { scheduledTime: opts.scheduledTime, requestId: opts.requestId };
  let cursor = opts.cursor;
  do {
    if (result.pages > 0 && opts.remainingMs() < SCAN_MARGIN_MS) {
      await sendDeadlineMessages([{ type: 'DeadlineScan', cursor: cursor as Record<string, string>, ...run }]);
      result.continued = true;
      return result;
    }
    const page = await tasksToWake(opts.today, cursor, opts.pageSize ?? SCAN_PAGE);
    result.pages++;
    result.read += page.items.length;
    result.scanned += page.scanned;
    result.consumedCapacity += page.consumed;
    await sendDeadlineMessages(page.items.map((t) => ({ type: 'DeadlineTask', taskId: t.id, ...run })));
    result.queued += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  return result;
}
