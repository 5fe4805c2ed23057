import { z } from 'zod';
import { ScheduledTime } from './schedule';

/**
 * Messages on the `deadline-tasks` queue. The daily deadline run reads the wake index and puts
 * one `DeadlineTask` per task due that day; near its time budget it puts a `DeadlineScan` to
 * carry on reading from where it stopped. Both carry the run's scheduled time (the day counted,
 * and the instant the notices record) and its request id (the invocation the history names), so
 * a duplicate message or a repeated run writes the very same notice, once.
 */
const run = {
  scheduledTime: ScheduledTime,
  requestId: z.string().min(1).max(200),
};

export const DeadlineTaskMessage = z.discriminatedUnion('type', [
  // A task the table holds (read from the wake index, not typed by anyone): any key-safe id, so
  // a table beyond the plan's NV-9999 (the benchmark's 100,000 tasks) is served too.
  z.object({ type: z.literal('DeadlineTask'), taskId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), ...run }),
  z.object({
    type: z.literal('DeadlineScan'),
    /** The wake index's LastEvaluatedKey where the previous reader stopped. */
    cursor: z.record(z.string(), z.string()),
    ...run,
  }),
]);
export type DeadlineTaskMessage = z.infer<typeof DeadlineTaskMessage>;
