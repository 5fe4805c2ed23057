import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard, DigestArchive, DigestWorkbook, SentDigest } from '../../functions/api/answers';
import { loadPlanSigned20Sep2025, startTestSystem } from '../support/local';

/**
 * The leader's dashboard (GET /dashboard) and the digest archive (GET /digests, /digests/sent,
 * /digests/sent/workbook) on the local stand-ins, with a small plan whose counts are worked out by
 * hand below. The programme is signed on 20/9/2025; "today" is Monday 13/10/2025 (week 2025-W42),
 * so "a week ago" is Monday 6/10/2025. October 2025 has no day off on a weekday.
 *
 *   NV-01  Sở Tài chính (kinh-te, PCT-1)  due Wed 15/10/2025     open; an extension to 31/10 is asked
 *   NV-02  Sở Tài chính (kinh-te, PCT-1)  due Fri 3/10/2025      completed by a document of Wed 8/10
 *   NV-03  Sở Tài chính (kinh-te, PCT-1)  "Năm 2026"              open
 *   NV-04  Sở Xây dựng (do-thi, PCT-2)    due Tue 30/9/2025      open, overdue
 *
 * On 6/10: NV-01, NV-03 in progress; NV-02 and NV-04 overdue. On 13/10: NV-02 completed late (8/10
 * is after 3/10), the rest as they were. PCT-1 sees NV-01..03: in progress 2 → 2, overdue 1 → 0,
 * completed late 0 → 1. The office sees all four: overdue 2 → 1, completed late 0 → 1.
 */
const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  'NV-01,1,Xây dựng Đề án trung tâm tài chính,Đề án,SO-TC,THONG-KE,15/10/2025,',
  'NV-02,1,Kịch bản tăng trưởng theo quý,Kế hoạch,SO-TC,,3/10/2025,',
  'NV-03,1,Kế hoạch phát triển kinh tế - xã hội 5 năm,Kế hoạch,SO-TC,,Năm 2026,',
  'NV-04,2,Rà soát quy hoạch phân khu,Báo cáo,SO-XD,,30/9/2025,',
].join('\n');

let sys: Awaited<ReturnType<typeof startTestSystem>>;

async function call(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(sys.urls.api + path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; vi: string; en: string } } };
}

const counts = (in_progress: number, overdue: number, completed_late: number) => ({
  in_progress,
  overdue,
  completed_on_time: 0,
  completed_after_extension: 0,
  completed_late,
});

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  await loadPlanSigned20Sep2025(TASKS);
  sys.clock.set(new Date('2025-10-13T01:00:00Z')); // Monday 13/10/2025, 08:00 in Hanoi
  const lead = await sys.token({ role: 'agency', agency: 'SO-TC' });
  const done = await call('/tasks/NV-02/updates', lead, {
    method: 'POST',
    body: { progress: 100, note: 'Đã ban hành kịch bản', evidence: { documentNumber: '12/KH-STC', documentDate: '8/10/2025' } },
  });
  expect(done.status).toBe(202);
  const ext = await call('/tasks/NV-01/extension-requests', lead, {
    method: 'POST',
    body: { proposedDueDate: '31/10/2025', reason: 'Chờ ý kiến thẩm định của Bộ Tài chính' },
  });
  expect(ext.status).toBe(201);
  // A third-quarter growth of 5.0% against the planned 8.8%: far below the path.
  const stats = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
  const value = await call('/indicators/CT-01/values', stats, {
    method: 'POST',
    body: { period: '2025-Q3', value: 5, unit: '%', revision: 'official', source: 'Cục Thống kê' },
  });
  expect(value.status).toBe(202);
  expect((await sys.drain()).drained).toBe(true);
});
afterAll(async () => sys?.cleanup());

describe('the dashboard', () => {
  it('gives a vice-chair the counts of their fields now and a week ago, with the change', async () => {
    const res = await call('/dashboard', await sys.token({ role: 'leader', leader: 'PCT-1' }));
    expect(res.status).toBe(200);
    const d = Dashboard.parse(res.body);
    expect(d.recipient).toMatchObject({ id: 'PCT-1', role: 'vice_chair' });
    expect(d.scope).toEqual({ all: false, fields: ['kinh-te'] });
    expect(d.week).toBe('2025-W42');
    expect(d.headline).toEqual({
      asOf: '2025-10-13',
      previousAsOf: '2025-10-06',
      total: 3,
      previousTotal: 3,
      now: counts(2, 0, 1),
      previous: counts(2, 1, 0),
      change: { in_progress: 0, overdue: -1, completed_on_time: 0, completed_after_extension: 0, completed_late: 1 },
    });
    expect(d.overdue).toEqual([]);
    // NV-01 is due on Wednesday 15/10: 2 days and 2 working days (Tuesday, Wednesday) away.
    expect(d.upcoming.tasks.map((t) => [t.id, t.dueDate, t.daysLeft, t.workingDaysLeft, t.pendingExtension])).toEqual([['NV-01', '2025-10-15', 2, 2, true]]);
    expect(d.pendingExtensions).toEqual([
      expect.objectContaining({
        taskId: 'NV-01',
        currentDueDate: '2025-10-15',
        proposedDueDate: '2025-10-31',
        reason: 'Chờ ý kiến thẩm định của Bộ Tài chính',
        leadAgencyName: 'Sở Tài chính',
      }),
    ]);
  });

  it('gives the office the whole programme, overdue longest first', async () => {
    const d = Dashboard.parse((await call('/dashboard', await sys.token({ role: 'office' }))).body);
    expect(d.scope.all).toBe(true);
    expect(d.headline.total).toBe(4);
    expect(d.headline.now).toEqual(counts(2, 1, 1));
    expect(d.headline.previous).toEqual(counts(2, 2, 0));
    // NV-04, due Tuesday 30/9: overdue 13 days, of which working days 1-3/10, 6-10/10 and 13/10 = 9.
    expect(d.overdue.map((t) => [t.id, t.dueDate, t.calendarDaysOverdue, t.workingDaysOverdue])).toEqual([['NV-04', '2025-09-30', 13, 9]]);
    expect(d.pendingExtensions.map((p) => p.taskId)).toEqual(['NV-01']);
  });

  it("shows another vice-chair only their own fields' tasks and requests", async () => {
    const d = Dashboard.parse((await call('/dashboard', await sys.token({ role: 'leader', leader: 'PCT-2' }))).body);
    expect(d.headline.total).toBe(1);
    expect(d.headline.now).toEqual(counts(0, 1, 0));
    expect(d.headline.change).toEqual({ in_progress: 0, overdue: 0, completed_on_time: 0, completed_after_extension: 0, completed_late: 0 });
    expect(d.pendingExtensions).toEqual([]);
    expect(d.indicators.every((i) => i.field === 'do-thi')).toBe(true);
  });

  it('lists the indicators in scope red first, with the value that counts per period for the chart', async () => {
    const d = Dashboard.parse((await call('/dashboard', await sys.token({ role: 'leader', leader: 'PCT-1' }))).body);
    expect(d.indicators.length).toBeGreaterThan(1);
    expect(d.indicators.every((i) => i.field === 'kinh-te')).toBe(true);
    const ct01 = d.indicators[0]!;
    expect(ct01).toMatchObject({ id: 'CT-01', status: 'red', latest: 5, period: '2025-Q3', planned: 8.8, target: 8.5 });
    expect(ct01.values).toEqual([{ period: '2025-Q3', value: 5 }]);
    expect(ct01.path).toEqual(expect.arrayContaining([{ period: '2025-Q3', value: 8.8 }]));
    expect(ct01.reason.length).toBeGreaterThan(0);
    // The others have no value yet.
    expect(d.indicators.slice(1).every((i) => i.status === 'unknown' && i.values.length === 0)).toBe(true);
  });

  it('is refused to agencies and statistics, with the sentence saying who may', async () => {
    for (const token of [await sys.token({ role: 'agency', agency: 'SO-TC' }), await sys.token({ role: 'statistics', agency: 'THONG-KE' })]) {
      const res = await call('/dashboard', token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', vi: expect.stringContaining('Chỉ lãnh đạo') });
    }
  });
});

describe('the digest archive', () => {
  beforeAll(async () => {
    expect((await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' })).status).toBe(200);
    expect((await sys.drain()).drained).toBe(true);
  });

  it("lists a leader's digests by week, with the state the ledger has", async () => {
    const res = await call('/digests?recipient=PCT-1', await sys.token({ role: 'leader', leader: 'PCT-1' }));
    expect(res.status).toBe(200);
    const a = DigestArchive.parse(res.body);
    expect(a.recipient.id).toBe('PCT-1');
    // Moving the clock from 20/9 to 13/10 ran the Monday schedule on 22/9, 29/9 and 6/10, then once more by hand on 13/10.
    expect(a.items.map((i) => [i.week, i.start, i.end, i.state])).toEqual([
      ['2025-W42', '2025-10-13', '2025-10-19', 'sent'],
      ['2025-W41', '2025-10-06', '2025-10-12', 'sent'],
      ['2025-W40', '2025-09-29', '2025-10-05', 'sent'],
      ['2025-W39', '2025-09-22', '2025-09-28', 'sent'],
    ]);
    expect(a.items[0]!.subject).toMatch(/Báo cáo tuần/);
  });

  it('opens a digest as it was sent, and its workbook', async () => {
    const token = await sys.token({ role: 'leader', leader: 'PCT-1' });
    const sent = SentDigest.parse((await call('/digests/sent?recipient=PCT-1&week=2025-W42', token)).body);
    expect(sent.state).toBe('sent');
    expect(sent.html).toContain('</html>');
    expect(sent.workbook).toEqual({ name: 'bao-cao-tuan-2025-W42-PCT-1.xlsx' });
    const wb = DigestWorkbook.parse((await call('/digests/sent/workbook?recipient=PCT-1&week=2025-W42', token)).body);
    expect(wb.name).toBe('bao-cao-tuan-2025-W42-PCT-1.xlsx');
    // An .xlsx is a zip file: it starts with "PK\x03\x04".
    expect(Buffer.from(wb.xlsx, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it("lets the office read anyone's; a leader only their own; others nobody's", async () => {
    const office = await sys.token({ role: 'office' });
    expect((await call('/digests?recipient=CT', office)).status).toBe(200);
    expect((await call('/digests/sent?recipient=PCT-2&week=2025-W42', office)).status).toBe(200);
    const other = await sys.token({ role: 'leader', leader: 'PCT-2' });
    for (const path of ['/digests?recipient=PCT-1', '/digests/sent?recipient=PCT-1&week=2025-W42', '/digests/sent/workbook?recipient=PCT-1&week=2025-W42']) {
      expect((await call(path, other)).status).toBe(403);
      expect((await call(path, await sys.token({ role: 'agency', agency: 'SO-TC' }))).status).toBe(403);
    }
  });

  it('answers 404 for a week with no digest and 400, naming the field, for a malformed week', async () => {
    const office = await sys.token({ role: 'office' });
    // Monday 15/9/2025 came before the programme (and the clock) started: no digest that week.
    const missing = await call('/digests/sent?recipient=PCT-1&week=2025-W38', office);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ vi: expect.stringContaining('2025-W38'), en: expect.stringContaining('2025-W38') });
    const bad = await call('/digests/sent?recipient=PCT-1&week=2025-41', office);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('"field":"week"');
    expect((await call('/digests?recipient=NOBODY', office)).status).toBe(404);
  });
});
