import { describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { parseDuration } from '../../infra/emulator/clock';
import { matches } from '../../infra/emulator/pattern';
import { toCron } from '../../infra/emulator/scheduler';
import { LocalLambda, type FailedRun } from '../../infra/emulator/lambda';
import { TokenBucket } from '../../infra/emulator/http';
import { callerFromClaims, parseGroups } from '../../shared/domain/caller';

describe('parseGroups / callerFromClaims', () => {
  it.each([
    ['[agency]', ['agency']],
    ['[agency leader]', ['agency', 'leader']],
    ['["office","agency"]', ['office', 'agency']],
    ['office,agency', ['office', 'agency']],
    ['', []],
    [42, []],
  ])('%j → %j', (raw, groups) => expect(parseGroups(raw)).toEqual(groups));

  it('takes the agency from the token and refuses an agency role without one', () => {
    expect(callerFromClaims({ sub: 's', 'cognito:groups': '[agency]', 'custom:agency': 'SO-TC' })).toEqual({ sub: 's', role: 'agency', agency: 'SO-TC' });
    expect(callerFromClaims({ sub: 's', 'cognito:groups': '[agency]' })).toBeUndefined();
    expect(callerFromClaims({ sub: 's', 'cognito:groups': '[agency]', 'custom:agency': 'so tc<script>' })).toBeUndefined();
    expect(callerFromClaims({ sub: 's', 'cognito:groups': '[admin]' })).toBeUndefined();
    expect(callerFromClaims({ sub: 's', 'cognito:groups': '[agency office]', 'custom:agency': 'VP-UBND' })?.role).toBe('office');
  });
});

describe('EventBridge pattern matching', () => {
  const e = { source: 'dondoc.tasks', 'detail-type': 'TaskUpdated', detail: { progress: 100, agency: 'SO-TC', tags: ['a', 'b'] } };
  it.each([
    [{ source: ['dondoc.tasks'] }, true],
    [{ source: ['other'] }, false],
    [{ 'detail-type': [{ prefix: 'Task' }] }, true],
    [{ detail: { progress: [{ numeric: ['>=', 100] }] } }, true],
    [{ detail: { progress: [{ numeric: ['<', 100] }] } }, false],
    [{ detail: { agency: [{ 'anything-but': ['SO-XD'] }] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { agency: [{ exists: false }] } }, false],
    [{ detail: { tags: ['b'] } }, true],
    [{ detail: { agency: [{ 'equals-ignore-case': 'so-tc' }] } }, true],
  ])('%j → %s', (pattern, expected) => expect(matches(pattern, e)).toBe(expected));
});

describe('Scheduler cron in the local runtime', () => {
  it('translates the six-field AWS form', () => {
    expect(toCron('cron(0 7 * * ? *)')).toBe('0 7 * * *');
    expect(toCron('cron(0 8 ? * MON *)')).toBe('0 8 * * MON');
    expect(toCron('cron(0 8 ? * 2 *)')).toBe('0 8 * * MON');
    expect(() => toCron('rate(1 day)')).toThrow();
  });
  it('fires at 07:00 in Hanoi, which is 00:00 UTC', () => {
    const c = new Cron(toCron('cron(0 7 * * ? *)'), { timezone: 'Asia/Ho_Chi_Minh', paused: true });
    expect(c.nextRun(new Date('2025-09-29T12:00:00Z'))?.toISOString()).toBe('2025-09-30T00:00:00.000Z');
  });
  it('reads ISO 8601 durations', () => {
    expect(parseDuration('P3D')).toBe(3 * 86_400_000);
    expect(parseDuration('PT6H30M')).toBe(6.5 * 3_600_000);
    expect(parseDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('3 days')).toBeUndefined();
  });
});

describe('asynchronous invocation (schedules and event rules), as Lambda makes it', () => {
  const event = { schedule: 'deadline-daily', scheduledTime: '2026-01-05T00:00:00Z' };
  const setup = (fail: (attempt: number) => boolean, clockStep = 0) => {
    let now = Date.parse('2026-01-05T00:00:00Z');
    const attempts: number[] = [];
    const failures: FailedRun[] = [];
    const lambda = new LocalLambda(
      async <T>(_fn: string, _run: () => Promise<T>) => {
        attempts.push(attempts.length + 1);
        now += clockStep;
        if (fail(attempts.length)) throw new Error(`crash on attempt ${attempts.length}`);
        return 'done' as T;
      },
      { clock: () => new Date(now), onError: () => undefined, onFailure: async (r) => void failures.push(r), retryDelayMs: 1 },
    );
    return { lambda, attempts, failures };
  };

  it('tries a failing run three times (the first and two retries), then sends the event to the failed-runs queue', async () => {
    const { lambda, attempts, failures } = setup(() => true);
    expect(await lambda.invokeAsync('deadline', event)).toBeUndefined();
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.requestPayload).toEqual(event);
    expect(failures[0]!.requestContext.condition).toBe('RetriesExhausted');
    expect(failures[0]!.requestContext.approximateInvokeCount).toBe(3);
    expect(failures[0]!.responsePayload.errorMessage).toBe('crash on attempt 3');
    expect(lambda.pendingAsync).toBe(0);
  });

  it('stops retrying once the run succeeds', async () => {
    const { lambda, attempts, failures } = setup((n) => n < 3);
    expect(await lambda.invokeAsync('deadline', event)).toBe('done');
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toEqual([]);
  });

  it('does not retry an event older than the function allows (six hours)', async () => {
    const { lambda, attempts, failures } = setup(() => true, 7 * 3600_000);
    await lambda.invokeAsync('deadline', event);
    expect(attempts).toEqual([1]);
    expect(failures[0]!.requestContext.condition).toBe('EventAgeExceeded');
  });

  it('refuses a function the topology does not invoke asynchronously', async () => {
    const { lambda } = setup(() => false);
    await expect(lambda.invokeAsync('mailer', {})).rejects.toThrow(/not invoked asynchronously/);
  });
});

describe('API Gateway throttling (token bucket)', () => {
  it('takes a burst, then one request per 1/rate seconds', () => {
    let t = 0;
    const bucket = new TokenBucket({ rateLimit: 1, burstLimit: 3 }, () => t);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    t = 500;
    expect(bucket.take()).toBe(false);
    t = 1000;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    t = 60_000; // a long pause refills to the burst, no more
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
