import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, eventually } from '../support/local';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { readPlanDir } from '../../shared/io/plan-files';
import { filesToWorkbook } from '../../shared/io/plan-xlsx';

type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
let lead: string;

beforeAll(async () => {
  sys = await startTestSystem();
  lead = await sys.token({ role: 'agency', agency: 'SO-TC' });
});
afterAll(async () => sys?.cleanup());

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(sys.urls.api + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('through the local HTTP API', () => {
  it('answers /health without a token and everything else only with one', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await call('GET', '/tasks')).status).toBe(401);
    expect((await call('GET', '/tasks', 'not.a.token')).status).toBe(401);
    const stranger = await sys.token({ role: 'agency', agency: 'SO-TC' });
    const forged = stranger.slice(0, -4) + (stranger.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await call('GET', '/tasks', forged)).status).toBe(401);
    const expired = await sys.token({ role: 'agency', agency: 'SO-TC', ttlSeconds: -60 });
    expect((await call('GET', '/tasks', expired)).status).toBe(401);
    expect((await call('GET', '/nowhere', lead)).status).toBe(404);
  });

  it('lists the sample plan: agencies, 62 tasks, 40 indicators', async () => {
    const agencies = await call('GET', '/agencies', lead);
    expect(agencies.body.items.length).toBeGreaterThanOrEqual(30);
    expect(agencies.body.items[0]).toEqual(expect.objectContaining({ code: expect.any(String), name: expect.any(String), kind: expect.any(String) }));
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', `/tasks?limit=25${cursor ? `&cursor=${cursor}` : ''}`, lead);
      ids.push(...page.body.items.map((t: { id: string }) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(62);
    const indicators = await call('GET', '/indicators', lead);
    expect(indicators.body.items).toHaveLength(40);
    const ct01 = await call('GET', '/indicators/CT-01', lead);
    expect(ct01.body.targets).toEqual(
      expect.arrayContaining([
        { period: '2025', value: 8.5 },
        { period: '2030', value: 11 },
      ]),
    );
  });

  it('filters tasks by agency, group, status and due date', async () => {
    const mine = await call('GET', '/tasks?agency=SO-TC', lead);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((t: { leadAgency: string }) => t.leadAgency === 'SO-TC')).toBe(true);
    const g2 = await call('GET', '/tasks?group=2&limit=200', lead);
    expect(g2.body.items.every((t: { group: number }) => t.group === 2)).toBe(true);
    const early = await call('GET', '/tasks?dueBefore=2025-10-01&limit=200', lead);
    expect(early.body.items.length).toBeGreaterThan(0);
    expect(early.body.items.every((t: { deadline: { dueDate: string } }) => t.deadline.dueDate < '2025-10-01')).toBe(true);
    const bad = await call('GET', '/tasks?status=late', lead);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('status');
  });

  it('accepts an update from the lead agency, applies it and shows it in the history', async () => {
    const posted = await call('POST', '/tasks/NV-02/updates', lead, {
      progress: 100,
      note: 'Đã ban hành kịch bản tăng trưởng',
      evidence: { documentNumber: '45/QĐ-UBND', documentDate: '1/9/2025' },
    });
    expect(posted.status).toBe(202);
    const updateId = posted.body.updateId;
    const history = await eventually(async () => {
      const r = await call('GET', '/tasks/NV-02/updates', lead);
      return r.body.items.find((u: { updateId: string }) => u.updateId === updateId) ? r.body.items : undefined;
    });
    expect(history[0]).toMatchObject({ progress: 100, note: 'Đã ban hành kịch bản tăng trưởng', actor: { agency: 'SO-TC', role: 'agency' } });
    const task = await call('GET', '/tasks/NV-02', lead);
    expect(task.body).toMatchObject({ id: 'NV-02', progress: 100, leadAgency: 'SO-TC' });
    expect(task.body.status).toMatch(/^completed_/);
    expect(sys.bus.recent.some((e) => e['detail-type'] === 'TaskUpdated' && (e.detail as { updateId: string }).updateId === updateId)).toBe(true);
  });

  it('forbids another agency (403) and lets a co-operating agency add only a note', async () => {
    const other = await sys.token({ role: 'agency', agency: 'SO-XD' });
    expect((await call('POST', '/tasks/NV-02/updates', other, { progress: 10, note: 'x' })).status).toBe(403);
    const co = await sys.token({ role: 'agency', agency: 'THONG-KE' });
    expect((await call('POST', '/tasks/NV-02/updates', co, { progress: 10, note: 'x' })).status).toBe(403);
    expect((await call('POST', '/tasks/NV-02/updates', co, { note: 'Đã cung cấp số liệu quý III' })).status).toBe(202);
    const office = await sys.token({ role: 'office' });
    expect((await call('POST', '/tasks/NV-02/updates', office, { progress: 10, note: 'x' })).status).toBe(403);
  });

  it('rejects malformed input with 400 naming the field, and writes nothing', async () => {
    await sys.drain();
    const before = (await call('GET', '/tasks/NV-03/updates', lead)).body.items.length;
    const cases: Array<[unknown, string]> = [
      [{ progress: 101, note: 'x' }, 'progress'],
      [{ progress: 50.5, note: 'x' }, 'progress'],
      [{ progress: -1, note: 'x' }, 'progress'],
      [{ progress: '50', note: 'x' }, 'progress'],
      [{ progress: 50 }, 'note'],
      [{ progress: 50, note: '   ' }, 'note'],
      [{ progress: 50, note: 'x', colour: 'red' }, 'colour'],
      [{ progress: 50, note: 'x', evidence: { documentNumber: '1', documentDate: '31/2/2025' } }, 'evidence.documentDate'],
      ['{not json', '(body)'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/tasks/NV-03/updates', lead, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(r.body.error.fields[0].vi).toBeTruthy();
      expect(r.body.error.fields[0].en).toBeTruthy();
    }
    await sys.drain();
    expect((await call('GET', '/tasks/NV-03/updates', lead)).body.items.length).toBe(before);
    expect((await call('GET', '/tasks/NV-99', lead)).status).toBe(404);
  });

  it('imports a plan only for the office, and a plan with an error changes nothing', async () => {
    const files = { 'tasks.csv': 'id,group\nNV-01,1\n' };
    expect((await call('POST', '/plan/import', lead, { files })).status).toBe(403);
    const office = await sys.token({ role: 'office' });
    const r = await call('POST', '/plan/import', office, { files });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'plan.csv', field: '(file)' }),
        expect.objectContaining({ file: 'tasks.csv', line: 1, field: 'title' }),
      ]),
    );
    expect((await call('GET', '/tasks?limit=200', lead)).body.items).toHaveLength(62);
    const neither = await call('POST', '/plan/import', office, { plan: 'x' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.fields[0].en).toContain('"xlsx"');
    // The same plan as one workbook, as an office exports it: imported, nothing lost.
    const xlsx = (await filesToWorkbook(readPlanDir(SAMPLE_PLAN_DIR))).toString('base64');
    const ok = await call('POST', '/plan/import', office, { xlsx, name: 'ke-hoach.xlsx' });
    expect(ok.status).toBe(200);
    expect(ok.body.imported).toMatchObject({ plan: '08/CTr-UBND', tasks: 62, indicators: 40 });
    expect((await call('GET', '/tasks/NV-02', lead)).body.progress).toBe(100); // progress kept
  });

  it('moves the local clock and rejects what it cannot read', async () => {
    const set = await call('POST', '/_local/clock', undefined, { set: '2025-09-29T00:00:00.000Z' });
    expect(set.body.now).toBe('2025-09-29T00:00:00.000Z'.slice(0, 19) + set.body.now.slice(19));
    const adv = await call('POST', '/_local/clock', undefined, { advance: 'P3D' });
    expect(adv.body.now.startsWith('2025-10-02')).toBe(true);
    expect((await call('GET', '/_local/clock')).body.now.startsWith('2025-10-02')).toBe(true);
    expect((await call('POST', '/_local/clock', undefined, { advance: 'three days' })).status).toBe(400);
    expect((await call('POST', '/_local/schedules/nope/run')).status).toBe(404);
    expect((await call('POST', '/_local/drain')).body.drained).toBe(true);
  });
});
