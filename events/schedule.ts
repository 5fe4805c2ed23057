import { z } from 'zod';
import type { Logger } from '../shared/runtime/log';

/**
 * The event EventBridge Scheduler passes to a scheduled function: the schedule's name and the
 * time it fired (`<aws.scheduler.scheduled-time>`), an ISO 8601 instant. The run is for the day
 * of that instant in Hanoi, so a delayed invocation still counts the right day.
 */
export const ScheduledTime = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= 2000 && year <= 2099;
  },
  { params: { vi: 'Thời điểm chạy phải trong các năm 2000-2099.', en: 'The scheduled time must be in the years 2000-2099.' } },
);

export const ScheduledEvent = z.object({ schedule: z.string().max(200).optional(), scheduledTime: ScheduledTime.optional() }).passthrough();
export type ScheduledEvent = z.infer<typeof ScheduledEvent>;

/**
 * The scheduled time an event carries, or undefined for a run now. An event that is not the
 * Scheduler's shape (a time that is not an ISO 8601 instant, `"0"`, a date that does not exist) is
 * logged as an error and the run is for now: every scheduled run is safe to repeat, and a guessed
 * day (`Date.parse("0")` is 1 January 2000) would be worse than today.
 */
export function scheduledTimeOf(event: unknown, log: Logger): string | undefined {
  const r = ScheduledEvent.safeParse(event ?? {});
  if (r.success) return r.data.scheduledTime;
  log.error('scheduled event not understood; running for the current time', {
    issues: r.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`),
  });
  return undefined;
}
