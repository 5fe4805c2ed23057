import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as deadlineRun } from '../../functions/deadline/handler';
import { asFunction } from '../../infra/emulator/grants';
import { calendarHistory } from '../../shared/data/calendar';
import { clockTo as clockToLocal, startTestSystem, loadPlanSigned20Sep2025 } from '../support/local';

/*
 * The office's working-day calendar on the running system: a day off it adds moves a deadline
 * that falls on it and stops the deadline run that day; removing it restores both; only the
 * office may change it, and each change is in the calendar's audit trail.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;

// NV-01 is due Wednesday 15/10/2025, an ordinary working day in the bundled calendar.
const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  'NV-01,1,Báo cáo sơ kết chương trình,Báo cáo,SO-TC,THONG-KE,15/10/2025,',
].join('\n');

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(sys.urls.api + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const inboxSize = async () => ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: unknown[] }).emails.length;

const clockTo = (iso: string) => clockToLocal(sys, iso);

let office: string;
let agency: string;

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  await loadPlanSigned20Sep2025(TASKS);
  office = await sys.token({ role: 'office', sub: 'user-office' });
  agency = await sys.token({ role: 'agency', agency: 'SO-TC', sub: 'user-so-tc' });
  await clockTo('2025-10-13T03:00:00Z'); // Monday 13/10, 10:00 in Hanoi
});
afterAll(async () => sys?.cleanup());

describe('the working-day calendar, changed by the office', () => {
  it('a day off added on the due date moves the deadline to the next working day', async () => {
    expect((await call('GET', '/tasks/NV-01', agency)).body.dueIn).toMatchObject({ effectiveDueDate: '2025-10-15', workingDays: 2 });

    const put = await call('PUT', '/calendar/days/2025-10-15', office, { kind: 'day-off', name: 'Nghỉ đột xuất', source: 'Thông báo số 1/TB-VP' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: '2025-10-15', after: { date: '2025-10-15', kind: 'day-off', name: 'Nghỉ đột xuất', source: 'Thông báo số 1/TB-VP' } });

    // (Mon 13/10, Thu 16/10]: Tue 14 works, Wed 15 is off, Thu 16 works.
    expect((await call('GET', '/tasks/NV-01', agency)).body.dueIn).toMatchObject({ effectiveDueDate: '2025-10-16', workingDays: 2 });
    const year = await call('GET', '/calendar?year=2025', agency);
    expect(year.body.status).toBe('announced');
    expect(year.body.items).toContainEqual({ date: '2025-10-15', kind: 'day-off', name: 'Nghỉ đột xuất', source: 'Thông báo số 1/TB-VP' });
    // The bundled days were copied in with the first change: Tết 2025 is still there.
    expect(year.body.items).toContainEqual(expect.objectContaining({ date: '2025-01-29', kind: 'day-off' }));
  });

  it('is refused to anyone but the office (403), and nothing changes', async () => {
    const leader = await sys.token({ role: 'leader', leader: 'CT' });
    for (const token of [agency, leader]) {
      expect((await call('PUT', '/calendar/days/2025-10-17', token, { kind: 'day-off', name: 'x', source: 'y' })).status).toBe(403);
      expect((await call('DELETE', '/calendar/days/2025-10-15', token)).status).toBe(403);
    }
    const items = (await call('GET', '/calendar?year=2025', office)).body.items as Array<{ date: string }>;
    expect(items.map((i) => i.date)).toContain('2025-10-15');
    expect(items.map((i) => i.date)).not.toContain('2025-10-17');
  });

  it('the deadline run sends nothing on the day off', async () => {
    await clockTo('2025-10-14T03:00:00Z');
    const before = await inboxSize();
    await clockTo('2025-10-15T03:00:00Z'); // the 07:00 run of Wednesday 15/10 has passed
    expect(await inboxSize()).toBe(before);
    // The run itself, as the deadline function, under its own table grants.
    expect(await asFunction('deadline', () => deadlineRun('2025-10-15T00:00:00Z'))).toMatchObject({ today: '2025-10-15', skipped: 'Nghỉ đột xuất', queued: 0 });
  });

  it('DELETE restores the ordinary working day', async () => {
    const del = await call('DELETE', '/calendar/days/2025-10-15', office);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ date: '2025-10-15', before: { date: '2025-10-15', kind: 'day-off', name: 'Nghỉ đột xuất', source: 'Thông báo số 1/TB-VP' } });
    expect((await call('GET', '/tasks/NV-01', agency)).body.dueIn).toMatchObject({ effectiveDueDate: '2025-10-15', workingDays: 0 });
    const r = await asFunction('deadline', () => deadlineRun('2025-10-15T00:00:00Z'));
    expect(r.skipped).toBeUndefined();
    expect((await call('GET', '/calendar?year=2025', office)).body.items).not.toContainEqual(expect.objectContaining({ date: '2025-10-15' }));
    expect((await call('DELETE', '/calendar/days/2025-10-15', office)).status).toBe(404);
  });

  it('keeps every change in the audit trail: who, when, before and after', async () => {
    const history = await calendarHistory();
    expect(history).toHaveLength(2);
    const after = { date: '2025-10-15', kind: 'day-off', name: 'Nghỉ đột xuất', source: 'Thông báo số 1/TB-VP' };
    expect(history[0]).toMatchObject({ type: 'CalendarDaySet', date: '2025-10-15', after, actor: { sub: 'user-office', role: 'office' } });
    expect(history[0]).not.toHaveProperty('before');
    expect(history[1]).toMatchObject({ type: 'CalendarDayRemoved', date: '2025-10-15', before: after, actor: { sub: 'user-office', role: 'office' } });
    expect(history[1]).not.toHaveProperty('after');
    for (const h of history) expect(h.requestId).toEqual(expect.any(String));
  });
});
