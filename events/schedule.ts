import { z } from 'zod';

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
