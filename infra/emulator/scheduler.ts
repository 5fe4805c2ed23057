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
  /** Fires at least hourly (the outbox sweep): occurrences that fell in one jump collapse into the last. */
  frequent: boolean;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SchedulerOptions {
  /**
   * Waits until the system is quiet (queues empty, nothing running). Called between occurrences
   * at different times that fell in one tick, as the time between them would have let the work
   * of the first finish (the 07:00 run's queue before the 08:00 digest). It only waits: it never
   * retries or delivers anything AWS would not.
   */
  settle?: () => Promise<void>;
}

/**
 * EventBridge Scheduler on the injected clock: when the clock moves past a scheduled time (time
 * passing, or /_local/clock moving it), each occurrence fires in order of time across schedules,
 * in the schedule's time zone, and the system settles between occurrences at different times.
 *
 * One liberty: occurrences of a schedule that fires at least hourly (the 5-minute outbox sweep)
 * that fell in one jump of the clock collapse into the last of them. EventBridge Scheduler would
 * have fired each (288 a day); locally a jump of days would otherwise fire thousands of sweeps in
 * a row. It is safe because such a schedule is an idempotent sweep whose last run sees everything
 * the earlier ones would have (what is older than its grace period then), so only the latest matters.
 */
export class LocalScheduler {
  private readonly entries: Entry[];
  private timer?: NodeJS.Timeout;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly lambda: LocalLambda,
    private readonly clock: () => Date,
    private readonly opts: SchedulerOptions = {},
  ) {
    const now = clock();
    this.entries = scheduleTriggers().map(({ fn, trigger }) => {
      const cron = new Cron(toCron(trigger.cron), { timezone: trigger.timeZone, paused: true });
      const a = cron.nextRun(now);
      const b = a ? cron.nextRun(a) : null;
      return { fn, trigger, cron, last: now, frequent: !!a && !!b && b.getTime() - a.getTime() <= HOUR_MS };
    });
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

  /** Fires every occurrence between the last tick and now, in order of time. Serialised: one tick at a time. */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(async () => {
      const now = this.clock();
      const due: Array<{ e: Entry; at: Date }> = [];
      for (const e of this.entries) {
        if (now < e.last) {
          e.last = now; // the clock was set back: start again from here
          continue;
        }
        // A frequent schedule: only the last occurrence counts, so look back a day at most.
        if (e.frequent && now.getTime() - e.last.getTime() > DAY_MS) e.last = new Date(now.getTime() - DAY_MS);
        const times: Date[] = [];
        for (let fired = 0; fired < 1000; fired++) {
          const next = e.cron.nextRun(e.last);
          if (!next || next > now) break;
          e.last = next;
          times.push(next);
        }
        for (const at of e.frequent ? times.slice(-1) : times) due.push({ e, at });
      }
      // In order of time; at the same time, in the topology's order (a stable sort).
      due.sort((x, y) => x.at.getTime() - y.at.getTime());
      for (const [i, { e, at }] of due.entries()) {
        if (i > 0 && at > due[i - 1]!.at) await this.opts.settle?.();
        await this.fire(e, at);
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
