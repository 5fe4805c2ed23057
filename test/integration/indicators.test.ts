import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listValues } from '../../shared/data/indicators';
import { startTestSystem } from '../support/local';

let sys: Awaited<ReturnType<typeof startTestSystem>>;
let stats: string;
const inbox = async () =>
  ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[]; cc: string[] } }> }).emails;

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(sys.urls.api + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An IndicatorValueReported event on the app's bus, from the statistics office's source unless told otherwise. */
const reportOnBus = (detail: Record<string, unknown>, source = 'vn.hanoi.thongke') =>
  new EventBridgeClient({}).send(
    new PutEventsCommand({ Entries: [{ EventBusName: 'dondoc', Source: source, DetailType: 'IndicatorValueReported', Detail: JSON.stringify(detail) }] }),
  );

beforeAll(async () => {
  sys = await startTestSystem(); // the sample plan and its values, through the ingest queue
  stats = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
  expect((await sys.drain()).drained).toBe(true);
});
afterAll(async () => sys?.cleanup());

describe('indicators on the local stand-ins', () => {
  it('shows all three colours from the sample values, with reasons', async () => {
    const list = await call('GET', '/indicators', stats);
    const status = Object.fromEntries(list.body.items.map((i: { id: string; status: string }) => [i.id, i.status]));
    // CT-01 was red on 10.75% needed in Q4 (equal weights, beyond the best quarter on record); weighted
    // by the previous year's quarters and bounded by the plan's ceiling of 12% it is amber.
    expect(status).toMatchObject({ 'CT-01': 'amber', 'CT-04': 'green', 'CT-32': 'amber', 'CT-39': 'red', 'CT-02': 'unknown' });
    const ct01 = await call('GET', '/indicators/CT-01', stats);
    // Weights 23;24;25;28: (8.5 × 100 − (23 × 7.35 + 24 × 7.8 + 25 × 8.1)) / 28 = 291.25 / 28 = 10.4017857… in Q4
    expect(ct01.body.rateStillNeeded).toBeCloseTo(10.4017857, 6);
    expect(ct01.body.assessment).toMatchObject({ infeasible: false, ceiling: 12 });
    expect(ct01.body.statusReason.vi).toContain('cần tăng bình quân 10,4% mỗi quý');
    expect(ct01.body.statusReason.vi).toContain('mức trần khả thi kế hoạch đặt cho chỉ tiêu này (12% mỗi quý)');
    const ct02 = await call('GET', '/indicators/CT-02', stats);
    expect(ct02.body).toMatchObject({ agency: 'SO-TC', coAgencies: ['THONG-KE'] });
    const q1 = ct01.body.values.find((v: { period: string }) => v.period === '2025-Q1');
    expect(q1).toMatchObject({ value: 7.35, revision: 'official' });
    expect(q1.revisions).toHaveLength(2); // the estimate is kept, the official figure counts
  });

  it('alerted the responsible agency once per condition; red copies the vice-chair and the office', async () => {
    const red = (await inbox()).find((m) => m.subject.includes('CT-39'));
    expect(red?.destination.to.join(',')).toContain('vanthu@ubnd.ha-noi.example');
    expect(red?.destination.cc.join(',')).toContain('theodoi@ubnd.ha-noi.example');
    const amber = (await inbox()).find((m) => m.subject.includes('CT-01'));
    expect(amber?.destination.to.join(',')).toContain('sotc.ha-noi.example');
    expect(amber?.destination.cc.join(',')).not.toContain('theodoi@ubnd.ha-noi.example');
    const subjects = (await inbox()).map((m) => m.subject);
    // CT-39 is red and infeasible from the first quarter on: one alert for each, not one per quarter.
    expect(subjects.filter((s) => s.includes('CT-39'))).toHaveLength(2);
    // CT-01 turns amber on Q1's estimate (7.2 against 7.5: 0.3 point), green on the official 7.35
    // (0.15 point), amber again in Q2 (7.6 against 8.2): one alert for each period it worsened in.
    expect(subjects.filter((s) => s.includes('CT-01'))).toHaveLength(2);
    expect(subjects.filter((s) => s.includes('CT-32'))).toHaveLength(1); // amber
    expect(subjects.some((s) => s.includes('CT-04'))).toBe(false); // green
  });

  it('takes a value from the responsible agency, rejects others and bad input with the field named', async () => {
    const lead = await sys.token({ role: 'agency', agency: 'SO-TC' });
    const other = await sys.token({ role: 'agency', agency: 'SO-XD' });
    const weak = { period: '2026-Q1', value: 6.2, unit: '%', revision: 'estimated', source: 'Báo cáo ước tính quý I/2026' };
    expect((await call('POST', '/indicators/CT-01/values', other, weak)).status).toBe(403);
    for (const [body, field] of [
      [{ ...weak, unit: 'USD' }, 'unit'],
      [{ ...weak, period: '2026-09' }, 'period'],
      [{ ...weak, period: '2031-Q1' }, 'period'],
      [{ ...weak, value: '6,2,1' }, 'value'],
      [{ ...weak, revision: 'draft' }, 'revision'],
    ] as const) {
      const r = await call('POST', '/indicators/CT-01/values', lead, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const before = (await inbox()).length;
    expect((await call('POST', '/indicators/CT-01/values', lead, weak)).status).toBe(202);
    expect((await sys.drain()).drained).toBe(true);
    const ct01 = await call('GET', '/indicators/CT-01', stats);
    expect(ct01.body.assessment).toMatchObject({ year: 2026, period: '2026-Q1', status: 'red' });
    const alerts = (await inbox()).slice(before);
    expect(alerts.some((m) => m.subject.includes('CT-01') && m.subject.includes('Quý I/2026'))).toBe(true);
  });

  it('stores a value delivered twice (and re-sent by a system) once, and alerts nothing new', async () => {
    const before = { values: (await listValues('CT-04')).length, mails: (await inbox()).length };
    const body = JSON.stringify({
      type: 'IndicatorValue',
      indicatorId: 'CT-04',
      period: '2025-Q3',
      value: 360,
      revision: 'estimated',
      source: 'x',
      reportedBy: { sub: 's', role: 'statistics' },
      receivedAt: new Date().toISOString(),
      correlationId: 'dup',
    });
    for (let i = 0; i < 2; i++) await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues['indicator-ingest'].url, MessageBody: body }));
    expect((await sys.drain()).drained).toBe(true);
    expect((await listValues('CT-04')).length).toBe(before.values);
    expect((await inbox()).length).toBe(before.mails);
  });

  it('takes IndicatorValueReported events from the bus, and a CSV upload all-or-nothing', async () => {
    await reportOnBus({
      indicatorId: 'CT-04',
      period: '2025-Q3',
      value: 362.5,
      unit: 'nghìn tỷ đồng',
      revision: 'preliminary',
      source: 'Số liệu sơ bộ',
      reportedBy: 'thong-ke',
    });
    expect((await sys.drain()).drained).toBe(true);
    const ct04 = await call('GET', '/indicators/CT-04', stats);
    expect(ct04.body.values.find((v: { period: string }) => v.period === '2025-Q3')).toMatchObject({ value: 362.5, revision: 'preliminary' });

    const bad = 'indicator,period,value,unit,revision,source\nCT-04,2025-Q4,470,nghìn tỷ đồng,official,x\nCT-99,2025-Q4,1,%,official,x\n';
    const r = await call('POST', '/indicators/values:import', stats, { csv: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toContainEqual(expect.objectContaining({ file: 'values.csv', line: 3, field: 'indicator' }));
    expect((await sys.drain()).drained).toBe(true);
    expect((await call('GET', '/indicators/CT-04', stats)).body.values.some((v: { period: string }) => v.period === '2025-Q4')).toBe(false);
    const good = await call('POST', '/indicators/values:import', stats, { csv: bad.split('\n').slice(0, 2).join('\n') });
    expect(good.body).toMatchObject({ accepted: 1 });
  });

  it('takes values from the bus only from the statistics office source, and records that source as the reporter', async () => {
    const detail = (value: number) => ({
      indicatorId: 'CT-04',
      period: '2025-Q2',
      value,
      unit: 'nghìn tỷ đồng',
      revision: 'estimated',
      source: 'Ước tính',
      reportedBy: 'he-thong-thong-ke',
    });
    // Anyone in the account could put this: another source is not a statistics office.
    await reportOnBus(detail(111.1), 'somebody.else');
    await reportOnBus(detail(222.2));
    expect((await sys.drain()).drained).toBe(true);
    const q2 = (await listValues('CT-04')).filter((v) => v.period === '2025-Q2');
    expect(q2.map((v) => v.value)).not.toContain(111.1);
    expect(q2.find((v) => v.value === 222.2)?.reportedBy).toEqual({ sub: 'vn.hanoi.thongke/he-thong-thong-ke', role: 'system' });
  });

  it('keeps at most twelve different values for one period: the thirteenth is refused (409), a repeat is not', async () => {
    const post = (value: number, revision = 'estimated') =>
      call('POST', '/indicators/CT-04/values', stats, { period: '2026-Q1', value, unit: 'nghìn tỷ đồng', revision, source: 'Ước tính' });
    for (const revision of ['estimated', 'preliminary', 'official']) {
      for (const value of [101, 102, 103, 104]) expect((await post(value, revision)).status).toBe(202);
    }
    expect((await sys.drain()).drained).toBe(true);
    const refused = await post(105);
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields).toEqual([expect.objectContaining({ field: 'period' })]);
    expect(refused.body.error.fields[0].vi).toContain('12 giá trị');
    expect((await post(103, 'preliminary')).status).toBe(202); // already stored: a repeat, not a thirteenth
    // The same bound holds for values from the bus.
    await reportOnBus({
      indicatorId: 'CT-04',
      period: '2026-Q1',
      value: 106,
      unit: 'nghìn tỷ đồng',
      revision: 'official',
      source: 'x',
      reportedBy: 'he-thong',
    });
    expect((await sys.drain()).drained).toBe(true);
    const q1 = (await listValues('CT-04')).filter((v) => v.period === '2026-Q1');
    expect(q1).toHaveLength(12);
    expect(q1.map((v) => v.value)).not.toContain(106);
  });

  it('chases a value missing past its reporting cut-off once, from the daily schedule', async () => {
    sys.clock.set(new Date('2026-03-01T01:00:00Z')); // past the cut-off of the 2025 yearly figures (45 days)
    const before = (await inbox()).length;
    for (let i = 0; i < 2; i++) {
      expect((await fetch(`${sys.urls.api}/_local/schedules/indicator-daily/run`, { method: 'POST' })).status).toBe(200);
    }
    expect((await sys.drain()).drained).toBe(true);
    const chased = (await inbox()).slice(before).map((m) => m.subject);
    expect(chased.filter((s) => s.includes('CT-02'))).toEqual([expect.stringMatching(/Chưa báo cáo số liệu.*CT-02.*Năm 2025/)]);
    expect(chased.some((s) => s.includes('CT-04'))).toBe(false); // it has its figures
  });
});
