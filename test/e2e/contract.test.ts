import fs from 'node:fs';
import path from 'node:path';
import createClient, { type Client } from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as A from '../../functions/api/answers';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { apiDocument } from '../../infra/tools/openapi-files';
import type { paths } from '../../portal/src/api-schema';
import { PLAN_FILES } from '../../shared/io/plan-import';
import { startTestSystem } from '../support/local';

/**
 * The API's answers, through the local API, held to the schemas its OpenAPI document is generated
 * from (functions/api/answers.ts): every kind of answer the document names, success and refusal,
 * must conform, so the document cannot drift from what the API says. The requests go through the
 * typed client the portal uses, on the types generated from the document.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
type Api = Client<paths>;
const as = async (token?: string): Promise<Api> => {
  const c = createClient<paths>({ baseUrl: sys.urls.api });
  if (token) c.use({ onRequest: ({ request }) => (request.headers.set('authorization', `Bearer ${token}`), request) });
  return c;
};

function conforms(schema: z.ZodType, value: unknown, what: string): void {
  const r = schema.safeParse(value);
  expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), `${what}: ${JSON.stringify(value)?.slice(0, 600)}`).toEqual([]);
}

let fx: { taskId: string; lead: string; co: string; indicatorId: string };
let reader: Api;

beforeAll(async () => {
  sys = await startTestSystem();
  sys.clock.set(new Date('2025-10-08T03:00:00Z'));
  reader = await as(await sys.token({ role: 'office', agency: 'VP-UBND' }));
  const { data } = await reader.GET('/tasks', { params: { query: { limit: 200 } } });
  const task = data!.items.find((t) => t.coAgencies.length > 0 && t.deadline.kind !== 'recurring' && !t.completedOn && !t.pendingExtension)!;
  fx = { taskId: task.id, lead: task.leadAgency, co: task.coAgencies[0]!, indicatorId: 'CT-01' };
});
afterAll(async () => sys?.cleanup());

describe('the API answers as its OpenAPI document says', () => {
  it('GET /health and GET /openapi.json, without a token', async () => {
    const open = await as();
    const health = await open.GET('/health');
    conforms(A.Health, health.data, 'health');
    const doc = await open.GET('/openapi.json');
    expect(doc.response.status).toBe(200);
    expect(doc.data).toEqual(apiDocument());
  });

  it('reads: agencies and leaders, every task, every indicator, one of each', async () => {
    conforms(A.Directory, (await reader.GET('/agencies')).data, 'GET /agencies');
    const tasks = (await reader.GET('/tasks', { params: { query: { limit: 200 } } })).data;
    conforms(A.TaskPage, tasks, 'GET /tasks');
    expect(tasks!.items.some((t) => t.deadline.kind === 'recurring')).toBe(true);
    conforms(A.Task, (await reader.GET('/tasks/{id}', { params: { path: { id: fx.taskId } } })).data, 'GET /tasks/{id}');
    const page = await reader.GET('/tasks', { params: { query: { limit: 2 } } });
    conforms(A.TaskPage, page.data, 'GET /tasks?limit=2');
    expect(page.data!.nextCursor).toBeDefined();
    const indicators = (await reader.GET('/indicators')).data;
    conforms(A.IndicatorList, indicators, 'GET /indicators');
    for (const i of indicators!.items)
      conforms(A.Indicator, (await reader.GET('/indicators/{id}', { params: { path: { id: i.id } } })).data, `GET /indicators/${i.id}`);
  });

  it('writes: an update, an extension requested and decided, a value, values in bulk, a plan; and the history they leave', async () => {
    const lead = await as(await sys.token({ role: 'agency', agency: fx.lead }));
    const id = { path: { id: fx.taskId } };
    const update = await lead.POST('/tasks/{id}/updates', {
      params: id,
      body: { progress: 40, note: 'Đã trình dự thảo', evidence: { documentNumber: '12/BC-STC', documentDate: '01/10/2025' } },
    });
    expect(update.response.status).toBe(202);
    conforms(A.UpdateAccepted, update.data, 'POST /tasks/{id}/updates');
    const requested = await lead.POST('/tasks/{id}/extension-requests', { params: id, body: { proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến của Bộ' } });
    expect(requested.response.status).toBe(201);
    conforms(A.ExtensionRequested, requested.data, 'POST /tasks/{id}/extension-requests');
    const decided = await reader.POST('/extension-requests/{id}/decision', { params: { path: { id: requested.data!.id } }, body: { decision: 'approve' } });
    conforms(A.ExtensionDecided, decided.data, 'POST /extension-requests/{id}/decision');

    const statistics = await as(await sys.token({ role: 'statistics', agency: 'THONG-KE' }));
    const value = await statistics.POST('/indicators/{id}/values', {
      params: { path: { id: fx.indicatorId } },
      body: { period: '2025-Q3', value: 6.1, unit: '%', revision: 'preliminary', source: 'Sơ bộ quý III/2025' },
    });
    expect(value.response.status).toBe(202);
    conforms(A.ValueAccepted, value.data, 'POST /indicators/{id}/values');
    const values = await statistics.POST('/indicators/values:import', {
      body: { csv: `indicator,period,value,unit,revision,source\n${fx.indicatorId},2025-Q3,6.2,%,official,Chính thức quý III/2025\n` },
    });
    expect(values.response.status).toBe(202);
    conforms(A.ValuesAccepted, values.data, 'POST /indicators/values:import');
    expect((await sys.drain()).drained).toBe(true);
    conforms(A.Indicator, (await reader.GET('/indicators/{id}', { params: { path: { id: fx.indicatorId } } })).data, 'GET /indicators/{id} with values');

    // The deadline run writes its notices into the histories.
    await sys.scheduler.run('deadline-daily');
    expect((await sys.drain()).drained).toBe(true);
    const files = Object.fromEntries(Object.keys(PLAN_FILES).map((f) => [f, fs.readFileSync(path.join(SAMPLE_PLAN_DIR, f), 'utf8')]));
    const plan = await reader.POST('/plan/import', { body: { files } });
    conforms(A.PlanImported, plan.data, 'POST /plan/import');
    const exported = await reader.GET('/plan/export');
    expect(exported.response.status).toBe(200);
    conforms(A.PlanExport, exported.data, 'GET /plan/export');
    const delivery = await reader.GET('/delivery');
    expect(delivery.response.status).toBe(200);
    conforms(A.Delivery, delivery.data, 'GET /delivery');

    const types = new Set<string>();
    for (const t of (await reader.GET('/tasks', { params: { query: { limit: 200 } } })).data!.items) {
      conforms(A.Task, t, `task ${t.id}`);
      const history = (await reader.GET('/tasks/{id}/updates', { params: { path: { id: t.id }, query: { limit: 200 } } })).data;
      conforms(A.HistoryPage, history, `GET /tasks/${t.id}/updates`);
      for (const h of history!.items) types.add(h.type);
    }
    expect([...types]).toEqual(expect.arrayContaining(['TaskUpdate', 'ExtensionRequested', 'ExtensionApproved', 'Notice', 'PlanImported']));
  });

  it('refusals: 400 with the fields, 403 saying who may, 404, 409, and 401 from the gateway', async () => {
    const lead = await as(await sys.token({ role: 'agency', agency: fx.lead }));
    const bad = await lead.POST('/tasks/{id}/updates', { params: { path: { id: fx.taskId } }, body: { progress: 140, note: 'x' } });
    expect(bad.response.status).toBe(400);
    conforms(A.ErrorAnswer, bad.error, '400');
    expect(A.ErrorAnswer.parse(bad.error).error.fields?.map((f) => f.field)).toContain('progress');
    const co = await as(await sys.token({ role: 'agency', agency: fx.co }));
    const refused = await co.POST('/tasks/{id}/extension-requests', {
      params: { path: { id: fx.taskId } },
      body: { proposedDueDate: '30/6/2031', reason: 'x' },
    });
    expect(refused.response.status).toBe(403);
    conforms(A.ErrorAnswer, refused.error, '403');
    const missing = await lead.GET('/tasks/{id}', { params: { path: { id: 'NV-9999' } } });
    expect(missing.response.status).toBe(404);
    conforms(A.ErrorAnswer, missing.error, '404');
    const again = await lead.POST('/tasks/{id}/extension-requests', {
      params: { path: { id: fx.taskId } },
      body: { proposedDueDate: '1/1/2020', reason: 'x' },
    });
    expect([400, 409]).toContain(again.response.status);
    conforms(A.ErrorAnswer, again.error, String(again.response.status));
    // A refused plan: each error with its file and line.
    const files = Object.fromEntries(Object.keys(PLAN_FILES).map((f) => [f, fs.readFileSync(path.join(SAMPLE_PLAN_DIR, f), 'utf8')]));
    files['tasks.csv'] = files['tasks.csv']!.replace(',15/9/2025,', ',31/2/2026,');
    const badPlan = await reader.POST('/plan/import', { body: { files } });
    expect(badPlan.response.status).toBe(400);
    conforms(A.ErrorAnswer, badPlan.error, '400 (plan)');
    expect(A.ErrorAnswer.parse(badPlan.error).error.fields).toEqual([expect.objectContaining({ file: 'tasks.csv', line: 3, field: 'deadline' })]);
    const notOffice = await lead.GET('/plan/export');
    expect(notOffice.response.status).toBe(403);
    conforms(A.ErrorAnswer, notOffice.error, '403 (export)');
    const anonymous = await (await as()).GET('/tasks');
    expect(anonymous.response.status).toBe(401);
    conforms(A.GatewayAnswer, anonymous.error, '401');
  });

  it('the dashboard and the archive of weekly digests, through the typed client', async () => {
    conforms(A.Dashboard, (await reader.GET('/dashboard')).data, 'GET /dashboard (office)');
    const pct1 = await as(await sys.token({ role: 'leader', leader: 'PCT-1' }));
    conforms(A.Dashboard, (await pct1.GET('/dashboard')).data, 'GET /dashboard (vice-chair)');
    expect((await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' })).status).toBe(200);
    await sys.drain();
    const archive = (await pct1.GET('/digests', { params: { query: { recipient: 'PCT-1' } } })).data;
    conforms(A.DigestArchive, archive, 'GET /digests');
    const week = archive!.items[0]!.week;
    conforms(A.SentDigest, (await pct1.GET('/digests/sent', { params: { query: { recipient: 'PCT-1', week } } })).data, 'GET /digests/sent');
    conforms(
      A.DigestWorkbook,
      (await pct1.GET('/digests/sent/workbook', { params: { query: { recipient: 'PCT-1', week } } })).data,
      'GET /digests/sent/workbook',
    );
    const missing = await pct1.GET('/digests/sent', { params: { query: { recipient: 'PCT-1', week: '2020-W01' } } });
    expect(missing.response.status).toBe(404);
    conforms(A.ErrorAnswer, missing.error, '404 (digest)');
  });
});
