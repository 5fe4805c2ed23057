import { describe, expect, it } from 'vitest';
import { Cron } from 'croner';
import { parseDuration } from '../../infra/emulator/clock';
import { matches } from '../../infra/emulator/pattern';
import { toCron } from '../../infra/emulator/scheduler';
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
