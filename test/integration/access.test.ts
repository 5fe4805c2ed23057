import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, type Relation, type RouteKey } from '../../functions/api/access';
import { ROUTE_KEYS } from '../../functions/api/handler';
import { httpRoutes } from '../../infra/topology';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import type { TokenRequest } from '../../infra/emulator/jwt';
import { loadDirectory, type PlanDirectory } from '../../shared/data/plan-directory';
import { getTask, listTasks } from '../../shared/data/tasks';
import { supervisorOf } from '../../shared/domain/plan';
import { PLAN_FILES } from '../../shared/io/plan-import';
import { startTestSystem, tableHash } from '../support/local';
import { EXPECTED_ACCESS, PUBLIC_ROUTES, expectedCases, isPublicRoute, type PublicRoute } from '../support/access-matrix';
import type { Role } from '../../events/roles';

/**
 * The access matrix, tested case by case against the running system: every route × role ×
 * relation to the resource, through the local API with real tokens. The expected answers are the
 * hand-written table of test/support/access-matrix.ts (as officials state it), not the code's
 * own matrix (functions/api/access.ts). An allowed case must succeed; a denied one gets 403 and
 * leaves the table exactly as it was.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
let dir: PlanDirectory;
let fx: {
  taskId: string;
  lead: string;
  co: string;
  other: string;
  supervisor: string;
  otherVice: string;
  chair: string;
  indicatorId: string;
  responsible: string;
};

async function call(method: string, url: string, token: string | undefined, body?: unknown) {
  const res = await fetch(sys.urls.api + url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as { error?: { code: string; vi: string; en: string } }) : text };
}

/** A token for a caller of `role` standing in `relation` to the fixtures' task, indicator or digest. */
function callerFor(role: Role, relation: Relation): TokenRequest {
  const agency: Partial<Record<Relation, string>> = { lead: fx.lead, co: fx.co, other: fx.other, responsible: fx.responsible, any: fx.other };
  const leader: Partial<Record<Relation, string>> = { supervisor: fx.supervisor, chair: fx.chair, other: fx.otherVice, self: fx.supervisor, any: fx.chair };
  if (role === 'agency') return { role, agency: agency[relation]! };
  if (role === 'leader') return { role, leader: leader[relation]! };
  if (role === 'statistics') return { role, agency: 'THONG-KE' };
  return { role };
}

async function pendingExtension(): Promise<string> {
  const task = await getTask(fx.taskId);
  if (task?.pendingExtension) return task.pendingExtension;
  const res = await call('POST', `/tasks/${fx.taskId}/extension-requests`, await sys.token({ role: 'agency', agency: fx.lead }), {
    proposedDueDate: '30/6/2030',
    reason: 'Chờ ý kiến của Bộ',
  });
  expect(res.status).toBe(201);
  return (res.body as unknown as { id: string }).id;
}

let digestWeek: Promise<string> | undefined;
/** The week of the digests sent by one run of the weekly schedule (run once, on the first call). */
function sentDigestWeek(): Promise<string> {
  digestWeek ??= (async () => {
    expect((await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' })).status).toBe(200);
    await sys.drain();
    const list = await call('GET', `/digests?recipient=${fx.supervisor}`, await sys.token({ role: 'office' }));
    return (list.body as unknown as { items: Array<{ week: string }> }).items[0]!.week;
  })();
  return digestWeek;
}

const planFiles = () => Object.fromEntries(Object.keys(PLAN_FILES).map((f) => [f, fs.readFileSync(path.join(SAMPLE_PLAN_DIR, f), 'utf8')]));

/** One well-formed request per route: the access decision is what is being tested. */
const REQUESTS: Record<Exclude<RouteKey, PublicRoute>, (relation: Relation) => Promise<{ path: string; body?: unknown }>> = {
  'GET /agencies': async () => ({ path: '/agencies' }),
  'GET /tasks': async () => ({ path: '/tasks?limit=5' }),
  'GET /tasks/{id}': async () => ({ path: `/tasks/${fx.taskId}` }),
  'GET /tasks/{id}/updates': async () => ({ path: `/tasks/${fx.taskId}/updates` }),
  'POST /tasks/{id}/updates': async (relation) => ({
    path: `/tasks/${fx.taskId}/updates`,
    body: relation === 'co' ? { note: 'Đã gửi ý kiến phối hợp' } : { progress: 40, note: 'Đã trình dự thảo' },
  }),
  'POST /tasks/{id}/extension-requests': async () => ({
    path: `/tasks/${fx.taskId}/extension-requests`,
    body: { proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến của Bộ' },
  }),
  'POST /extension-requests/{id}/decision': async () => ({
    path: `/extension-requests/${await pendingExtension()}/decision`,
    body: { decision: 'reject', note: 'Đề nghị hoàn thành đúng hạn' },
  }),
  'GET /indicators': async () => ({ path: '/indicators' }),
  'GET /indicators/{id}': async () => ({ path: `/indicators/${fx.indicatorId}` }),
  'POST /indicators/{id}/values': async () => ({
    path: `/indicators/${fx.indicatorId}/values`,
    body: { period: '2026-Q1', value: 8.1, unit: '%', revision: 'estimated', source: 'Ước tính quý I/2026' },
  }),
  'POST /indicators/values:import': async () => ({
    path: '/indicators/values:import',
    body: { csv: `indicator,period,value,unit,revision,source\n${fx.indicatorId},2026-Q1,8.2,%,preliminary,Sơ bộ quý I/2026\n` },
  }),
  'GET /digests/preview': async () => ({ path: `/digests/preview?recipient=${fx.supervisor}&week=2025-W40` }),
  'GET /digests': async () => ({ path: `/digests?recipient=${fx.supervisor}` }),
  'GET /digests/sent': async () => ({ path: `/digests/sent?recipient=${fx.supervisor}&week=${await sentDigestWeek()}` }),
  'GET /digests/sent/workbook': async () => ({ path: `/digests/sent/workbook?recipient=${fx.supervisor}&week=${await sentDigestWeek()}` }),
  'GET /dashboard': async () => ({ path: '/dashboard' }),
  'POST /plan/import': async () => ({ path: '/plan/import', body: { files: planFiles() } }),
  'GET /plan/export': async () => ({ path: '/plan/export' }),
  'GET /calendar': async () => ({ path: '/calendar?year=2026' }),
  // Monday 6/1/2031: a year the calendar has no entry for, so the change touches no deadline of the sample plan.
  'PUT /calendar/days/{date}': async () => ({ path: '/calendar/days/2031-01-06', body: { kind: 'day-off', name: 'Ngày nghỉ thử', source: 'Thông báo thử' } }),
  'DELETE /calendar/days/{date}': async () => {
    // The date must have an entry to remove: the office records it first.
    const put = await call('PUT', '/calendar/days/2031-01-07', await sys.token({ role: 'office' }), {
      kind: 'day-off',
      name: 'Ngày nghỉ thử',
      source: 'Thông báo thử',
    });
    expect(put.status).toBe(200);
    return { path: '/calendar/days/2031-01-07' };
  },
  'GET /delivery': async () => ({ path: '/delivery' }),
};

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.drain();
  dir = await loadDirectory();
  const tasks = (await listTasks({ limit: 200 })).items;
  // A task with a co-operating agency, a fixed deadline and a vice-chair supervising its field.
  const task = tasks.find(
    (t) => t.coAgencies.length > 0 && t.deadline.kind !== 'recurring' && !t.completedOn && supervisorOf(dir.leaders, t.field)?.role === 'vice_chair',
  )!;
  const supervisor = supervisorOf(dir.leaders, task.field)!.id;
  const indicator = dir.indicators.find((i) => i.id === 'CT-01')!;
  fx = {
    taskId: task.id,
    lead: task.leadAgency,
    co: task.coAgencies[0]!,
    other: dir.agencies.find((a) => a.code !== task.leadAgency && !task.coAgencies.includes(a.code) && a.code !== indicator.agency)!.code,
    supervisor,
    otherVice: dir.leaders.find((l) => l.role === 'vice_chair' && l.id !== supervisor)!.id,
    chair: dir.leaders.find((l) => l.role === 'chair')!.id,
    indicatorId: indicator.id,
    responsible: indicator.agency,
  };
});
afterAll(async () => sys?.cleanup());

describe('the access matrix', () => {
  it('has exactly one row for each route the API serves and the topology declares', () => {
    const declared = httpRoutes().map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(ACCESS).sort()).toEqual([...ROUTE_KEYS].sort());
    expect(Object.keys(ACCESS).sort()).toEqual(declared.sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(
      Object.keys(ACCESS)
        .filter((k) => !isPublicRoute(k))
        .sort(),
    );
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual(Object.keys(REQUESTS).sort());
  });

  const cases = expectedCases() as Array<{ route: Exclude<RouteKey, PublicRoute>; role: Role; relation: Relation; allowed: boolean }>;
  it.each(cases.map((c) => [`${c.route} · ${c.role} (${c.relation}) → ${c.allowed ? 'allowed' : 'denied'}`, c] as const))('%s', async (_name, c) => {
    const req = await REQUESTS[c.route](c.relation);
    const token = await sys.token(callerFor(c.role, c.relation));
    const method = c.route.split(' ')[0]!;
    const before = method === 'GET' || c.allowed ? undefined : (await sys.drain(), await tableHash());
    const res = await call(method, req.path, token, req.body);
    if (c.allowed) {
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    } else {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
      if (before) expect((await sys.drain(), await tableHash())).toBe(before);
    }
  });

  it.each(Object.keys(REQUESTS))('%s refuses a caller without a valid identity (401)', async (route) => {
    const req = await REQUESTS[route as Exclude<RouteKey, PublicRoute>]('any');
    const method = route.split(' ')[0]!;
    expect((await call(method, req.path, undefined, req.body)).status).toBe(401);
    expect((await call(method, req.path, 'not-a-token', req.body)).status).toBe(401);
  });

  it.each([...PUBLIC_ROUTES])('%s is open to anyone: no token, a bad one, or any role', async (route) => {
    const path = route.split(' ')[1]!;
    expect((await call('GET', path, undefined)).status).toBe(200);
    expect((await call('GET', path, 'not-a-token')).status).toBe(200);
    for (const role of ['agency', 'leader', 'office', 'statistics'] as const) {
      expect((await call('GET', path, await sys.token(callerFor(role, 'any')))).status).toBe(200);
    }
  });

  it('takes the agency from the token, never from the path or body', async () => {
    const other = await sys.token({ role: 'agency', agency: fx.other });
    const res = await call('POST', `/tasks/${fx.taskId}/updates?agency=${fx.lead}`, other, { progress: 90, note: 'x', agency: fx.lead });
    expect(res.status).toBe(403);
  });
});
