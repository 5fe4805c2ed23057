import { Cron } from 'croner';
import { scheduleTriggers, type FunctionSpec, type ScheduleTrigger } from '../topology';
import type { LocalLambda } from './lambda';

const AWS_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * Converts an EventBridge Scheduler expression `cron(min hour day-of-month month day-of-week year)`
 * to a five-field cron. AWS numbers days of the week 1-7 from Sunday; names are kept as names.
 */
export function toCron(expression: string): string {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = m?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) throw new Error(`Not a Scheduler cron expression: ${expression}`);
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`Year restrictions are not supported locally: ${expression}`);
  const day = dow.replace(/\b([1-7])\b/g, (d) => AWS_DAYS[Number(d) - 1]!);
  return [min, hour, dom === '?' ? '*' : dom, month, day === '?' ? '*' : day].join(' ');
}

interface Entry {
  fn: FunctionSpec;
  trigger: ScheduleTrigger;
  cron: Cron;
  last: Date;
}

/**
 * EventBridge Scheduler on the injected clock: when the clock moves past a scheduled time (time
 * passing, or /_local/clock moving it), each occurrence fires in order, in the schedule's time zone.
 */
export class LocalScheduler {
  private readonly entries: Entry[];
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly lambda: LocalLambda,
    private readonly clock: () => Date,
  ) {
    const now = clock();
    this.entries = scheduleTriggers().map(({ fn, trigger }) => ({
      fn,
      trigger,
      cron: new Cron(toCron(trigger.cron), { timezone: trigger.timeZone, paused: true }),
      last: now,
    }));
  }

  names(): string[] {
    return this.entries.map((e) => e.trigger.name);
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.ticking;
  }

  /** Fires every occurrence between the last tick and now. Serialised: one tick at a time. */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(async () => {
      const now = this.clock();
      for (const e of this.entries) {
        if (now < e.last) {
          e.last = now; // the clock was set back: start again from here
          continue;
        }
        for (let fired = 0; fired < 1000; fired++) {
          const next = e.cron.nextRun(e.last);
          if (!next || next > now) break;
          e.last = next;
          await this.fire(e, next);
        }
      }
    });
    return this.ticking;
  }

  /** Runs a schedule's target now (POST /_local/schedules/{name}/run). */
  async run(name: string): Promise<unknown> {
    const e = this.entries.find((x) => x.trigger.name === name);
    if (!e) return undefined;
    return this.fire(e, this.clock());
  }

  /**
   * Delivers the event to the target as EventBridge Scheduler does: an asynchronous invocation,
   * which Lambda accepts at once (Scheduler's own retry policy covers only refused or throttled
   * invocations, which do not happen locally). A failing run then gets Lambda's retries and goes
   * to the failed-runs queue, exactly as in AWS.
   */
  private fire(e: Entry, at: Date): Promise<unknown> {
    const event = { schedule: e.trigger.name, scheduledTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z') };
    return this.lambda.invokeAsync(e.fn.name, event);
  }
}
