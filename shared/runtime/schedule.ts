import { now } from './clock';
import { ScheduledEvent } from '../../events/schedule';
import type { Logger } from './log';

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

/** The instant a scheduled run is for: the time it was scheduled (a delayed or retried run still counts that day), or now for a direct call. */
export function runInstant(scheduledTime?: string): Date {
  return scheduledTime && !Number.isNaN(Date.parse(scheduledTime)) ? new Date(scheduledTime) : now();
}
