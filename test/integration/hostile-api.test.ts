import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_KEYS, handler } from '../../functions/api/handler';
import { Delivery } from '../../functions/api/answers';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { loadDirectory } from '../../shared/data/plan-directory';
import { getTask, listTasks } from '../../shared/data/tasks';
import { FREQUENCY_KIND } from '../../shared/domain/period';
import type { IndicatorDef } from '../../shared/domain/plan';
import type { TaskRecord } from '../../shared/domain/task';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlanWorkbook } from '../../shared/io/plan-xlsx';
import { PlanImportError, VALUE_YEARS, parsePlan } from '../../shared/io/plan-import';
import { BAD_DATES, CaseCounter, HOSTILE_IDS, VI_NFC, VI_NFD, anyString, badProgressJson, hostileText, wrongType } from '../support/hostile';
import { startTestSystem, tableHash } from '../support/local';
import { queueUrlEnv } from '../../shared/runtime/config';

/*
 * Hostile input against every route of the API function, invoked in-process with API Gateway
 * (payload 2.0) events, against the real stand-ins with the sample plan loaded. Whatever comes in:
 * - the answer is never a 5xx, and fits Lambda's 6 MB response limit;
 * - a 4xx says what is wrong in Vietnamese and English, with the request id, and a validation
 *   error names the field;
 * - a batch of rejected requests leaves the table (every item, hashed) and the queues as they were;
 * - an accepted request queues or stores exactly what was intended (text NFC and trimmed as the
 *   schema says, numbers as sent).
 * The queues the API writes to are pointed at queues of this test that no consumer reads, so
 * what was queued can be read back.
 */

const counter = new CaseCounter('api');
const TODAY = '2025-10-08';
const NOW = new Date('2025-10-08T03:00:00Z'); // Wednesday, 10:00 in Hanoi: no schedule fires for a while
/** Lambda's limit for a synchronous response; API Gateway answers 5xx beyond it. */
const MAX_RESPONSE = 6 * 1024 * 1024;

let sys: Awaited<ReturnType<typeof startTestSystem>>;
const capture: Record<'task-updates' | 'email' | 'indicator-ingest', string> = { 'task-updates': '', email: '', 'indicator-ingest': '' };
let fx: {
  task: TaskRecord;
  lead: string;
  indicator: IndicatorDef;
  indicators: IndicatorDef[];
  tasks: TaskRecord[];
  leaders: string[];
};

type Claims = Record<string, string>;
const agency = (code: string): Claims => ({ sub: `u-${code.toLowerCase()}`, 'cognito:groups': '[agency]', 'custom:agency': code });
const STATISTICS: Claims = { sub: 'u-thong-ke', 'cognito:groups': '[statistics]', 'custom:agency': 'THONG-KE' };
const OFFICE: Claims = { sub: 'u-van-phong', 'cognito:groups': '[office]', 'custom:agency': 'VP-UBND' };
const READER: Claims = { sub: 'u-so-xd', 'cognito:groups': '[agency leader]', 'custom:agency': 'SO-XD', 'custom:leader': 'PCT-2' };

interface Req {
  routeKey: string;
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
  claims: Claims;
}

interface Res {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  requestId: string;
}

async function invoke(r: Req): Promise<Res> {
  const requestId = randomUUID();
  const [method, path] = r.routeKey.split(' ') as [string, string];
  const event = {
    version: '2.0',
    routeKey: r.routeKey,
    rawPath: path.replace(/\{(id|date)\}/, (_, p: string) => encodeURIComponent((r.path?.[p] ?? '').toWellFormed())),
    rawQueryString: new URLSearchParams(
      Object.entries(r.query ?? {}).map(([k, v]): [string, string] => [k.toWellFormed(), String(v).toWellFormed()]),
    ).toString(),
    headers: { 'content-type': 'application/json', ...r.headers },
    ...(r.query ? { queryStringParameters: r.query } : {}),
    ...(r.path ? { pathParameters: r.path } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    isBase64Encoded: r.base64 ?? false,
    requestContext: {
      requestId,
      routeKey: r.routeKey,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'hostile' },
      authorizer: { jwt: { claims: r.claims, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const out = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  const text = out.body ?? '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: out.statusCode ?? 0, headers: (out.headers ?? {}) as Record<string, string>, text, json, requestId };
}

/** What every answer must be, whatever was sent. */
function expectSound(res: Res, req: Req): void {
  const what = () =>
    `${req.routeKey} ${JSON.stringify({ path: req.path, query: req.query, body: req.body?.slice(0, 300) })} → ${res.status} ${res.text.slice(0, 400)}`;
  expect(res.status, what()).toBeGreaterThanOrEqual(200);
  expect(res.status, what()).toBeLessThan(500);
  expect(Buffer.byteLength(res.text), what()).toBeLessThan(MAX_RESPONSE);
  if (res.status >= 400) {
    const e = res.json?.error;
    expect(e, what()).toBeTruthy();
    expect(typeof e.code === 'string' && e.code.length > 0, what()).toBe(true);
    expect(typeof e.vi === 'string' && e.vi.trim().length > 0, what()).toBe(true);
    expect(typeof e.en === 'string' && e.en.trim().length > 0, what()).toBe(true);
    expect(e.requestId, what()).toBe(res.requestId);
    if (e.code === 'validation_failed') {
      expect(Array.isArray(e.fields) && e.fields.length > 0, what()).toBe(true);
      for (const f of e.fields) {
        expect(typeof f.field === 'string' && f.field.length > 0, what()).toBe(true);
        expect(typeof f.vi === 'string' && f.vi.trim().length > 0 && typeof f.en === 'string' && f.en.trim().length > 0, what()).toBe(true);
      }
    }
  }
}

const fieldsOf = (res: Res): string[] => (res.json?.error?.fields ?? []).map((f: { field: string }) => f.field);

// ---- the state of the system ------------------------------------------------------------------

async function queueDepths(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const urls = {
    ...Object.fromEntries(
      Object.entries(sys.queues).flatMap(([q, u]) => [
        [q, u.url],
        [`${q}-dlq`, u.dlqUrl],
      ]),
    ),
    ...Object.fromEntries(Object.entries(capture).map(([q, u]) => [`capture:${q}`, u])),
  };
  for (const [name, url] of Object.entries(urls)) {
    const a = await sys.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    out[name] = Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  }
  return out;
}

/** Everything on a capture queue, removed from it. */
async function takeAll(q: keyof typeof capture): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const out = await sys.sqs.send(new ReceiveMessageCommand({ QueueUrl: capture[q], MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    const msgs = out.Messages ?? [];
    if (!msgs.length) return bodies;
    for (const m of msgs) bodies.push(JSON.parse(m.Body!));
    await sys.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: capture[q], Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
    );
  }
}

/** Runs a batch of requests that must all be refused, and checks nothing was written or queued. */
async function refusedBatch(run: () => Promise<void>): Promise<void> {
  const before = { table: await tableHash(), queues: await queueDepths() };
  await run();
  expect(await queueDepths()).toEqual(before.queues);
  expect(await tableHash()).toBe(before.table);
}

// ---- generators -------------------------------------------------------------------------------

/** JSON text of a value, or a piece of raw JSON text (escapes, numbers JSON.stringify cannot write). */
type J = { raw: string } | unknown;
const jsonText = (v: J): string => (v && typeof v === 'object' && 'raw' in (v as object) ? (v as { raw: string }).raw : JSON.stringify(v));
const objectText = (entries: Array<[string, J]>): string => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;

/** Bodies that are not a JSON object. */
const MALFORMED = [
  '',
  ' ',
  '{',
  '}',
  '{"note":',
  '{"note":"x"',
  "{'note':'x'}",
  '{"note":"x",}',
  '{note:"x"}',
  'null',
  'true',
  '0',
  '[]',
  '[{"note":"x"}]',
  '"note"',
  'NaN',
  'undefined',
  '\ufeff{"note":"x"}',
  '{"note":"x"}{"note":"y"}',
  '{"note":"\\ud800',
  '{"note":"\\u00"}',
  '{"note":"x\u0000"}garbage',
  '<note>x</note>',
  'note=x&progress=5',
  '{"note":"x"}\n\n--boundary',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
];
const malformedBody = fc.oneof(
  fc.constantFrom(...MALFORMED),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.json({ maxDepth: 2 }).filter((t) => !t.startsWith('{')),
);

/** A string field: hostile text, JSON escapes of lone surrogates and controls, NFD, or not a string at all. */
const stringField = fc.oneof(
  { weight: 6, arbitrary: hostileText() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(VI_NFD, ` ${VI_NFD}\n`, VI_NFC, '', ' ', '\n\t', 'x'.repeat(4001), 'ệ'.repeat(2001), `${'e\u0302\u0323'.repeat(1500)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('"\\ud800"', '"a\\udfffb"', '"\\u0000"', '"x\\u001by"', '"\\u2028\\u2029"', '"\\r\\nBcc: x@y.z"', '"T\\u1ebf\\u0301n"')
      .map((raw) => ({ raw })),
  },
  { weight: 1, arbitrary: wrongType },
);

const dateField = fc.oneof(
  fc.constantFrom(...BAD_DATES),
  fc.constantFrom(
    '30/9/2025',
    '1/10/2025',
    '2025-10-08',
    '8/10/2025',
    ' 15/9/2025 ',
    '29/2/2024',
    '9/10/2025',
    '31/12/2030',
    '1/1/1900',
    '31/12/2100',
    '2101-01-01',
  ),
  fc
    .date({ min: new Date('1890-01-01T00:00:00Z'), max: new Date('2110-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`),
  anyString,
  wrongType,
);

/** A period of each reporting frequency. */
const PERIOD: Record<string, (y: number, n: number) => string> = {
  month: (y, n) => `${y}-${String((n % 12) + 1).padStart(2, '0')}`,
  quarter: (y, n) => `${y}-Q${(n % 4) + 1}`,
  half: (y, n) => `${y}-H${(n % 2) + 1}`,
  year: (y) => `${y}`,
};

const csvCell = (x: string): string => (/[",\r\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

// ---- oracles ----------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** The text the API keeps: NFC, trimmed, 1..max characters (code points), no controls but tab and line breaks, well-formed. */
function textOf(v: unknown, max: number): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.normalize('NFC').trim();
  const n = [...t].length;
  return n >= 1 && n <= max && !CONTROL.test(t) && t.isWellFormed() ? t : undefined;
}
/** 30/9/2025 or 2025-09-30 that exists, in 1900..2100, as ISO. */
function dateOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = s.includes('/') ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  const [Y, M, D] = [Number(y), Number(mo), Number(d)];
  const days = [31, Y % 4 === 0 && (Y % 100 !== 0 || Y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (M < 1 || M > 12 || D < 1 || D > days[M - 1]! || Y < 1900 || Y > 2100) return undefined;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key as an error names it: an empty (or blank) one is shown quoted. */
const shown = (k: string): string => (k.trim() === '' ? JSON.stringify(k) : k);

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; fields: string[] };

/** What POST /tasks/{id}/updates must do with a body, decided without the API's code. */
function updateOutcome(body: unknown): Outcome {
  if (!isObject(body)) return { ok: false, fields: ['(body)'] };
  const fields: string[] = [];
  for (const k of Object.keys(body)) if (!['progress', 'note', 'evidence', 'waitingOnCoAgency', 'waitingOn'].includes(k)) fields.push(shown(k));
  const note = textOf(body.note, 4000);
  if (note === undefined) fields.push('note');
  const p = body.progress;
  if (p !== undefined && !(typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 100)) fields.push('progress');
  const w = body.waitingOnCoAgency;
  if (w !== undefined && typeof w !== 'boolean') fields.push('waitingOnCoAgency');
  const on = body.waitingOn;
  if (on !== undefined && !(typeof on === 'string' && on.length <= 32)) fields.push('waitingOn');
  let evidence: { documentNumber: string; documentDate: string } | undefined;
  const e = body.evidence;
  if (e !== undefined) {
    if (!isObject(e)) fields.push('evidence');
    else {
      for (const k of Object.keys(e)) if (!['documentNumber', 'documentDate'].includes(k)) fields.push(`evidence.${shown(k)}`);
      const n = textOf(e.documentNumber, 100);
      const d = dateOf(e.documentDate);
      if (n === undefined) fields.push('evidence.documentNumber');
      if (d === undefined) fields.push('evidence.documentDate');
      if (n !== undefined && d !== undefined) evidence = { documentNumber: n, documentDate: d };
    }
  }
  if (fields.length) return { ok: false, fields };
  // The agency waited on: one of the task's co-operating agencies, by its code exactly, and only while waiting.
  if (typeof on === 'string' && (!fx.task.coAgencies.includes(on) || w === false)) return { ok: false, fields: ['waitingOn'] };
  // A document cannot be dated in the future, nor before the task was assigned.
  if (evidence && (evidence.documentDate > TODAY || evidence.documentDate < fx.task.assignedOn)) return { ok: false, fields: ['evidence.documentDate'] };
  return {
    ok: true,
    value: {
      kind: p === undefined ? 'note' : 'progress',
      // -0 is 0 on the wire (JSON), and 0 is what was meant.
      ...(p === undefined ? {} : { progress: p === 0 ? 0 : p }),
      note: note!,
      ...(evidence ? { evidence } : {}),
      ...(w === undefined ? {} : { waitingOnCoAgency: w }),
      ...(on === undefined ? {} : { waitingOn: on }),
    },
  };
}

/** The programme's years (2025-2030) and the baseline year before them: the years a figure may be for. */
const FIGURE_YEARS = { from: 2024, to: 2030 };
const REVISION_OF: Record<string, string> = {
  estimated: 'estimated',
  preliminary: 'preliminary',
  official: 'official',
  'ước tính': 'estimated',
  'sơ bộ': 'preliminary',
  'chính thức': 'official',
};
const COLUMNS = ['indicator', 'period', 'value', 'unit', 'revision', 'source'];

/** A period written as the indicator's frequency asks (2025-09 or 2025-9, 2025-Q3, 2025-H1, 2025), as its canonical id. */
function periodOf(text: string, frequency: IndicatorDef['frequency']): string | undefined {
  const t = text.normalize('NFC').trim();
  const m = /^(\d{4})(?:-(\d{1,2})|-[Qq]([1-4])|-[Hh]([12]))?$/.exec(t);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < FIGURE_YEARS.from || year > FIGURE_YEARS.to) return undefined;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    return frequency === 'monthly' && month >= 1 && month <= 12 ? `${m[1]}-${String(month).padStart(2, '0')}` : undefined;
  }
  if (m[3] !== undefined) return frequency === 'quarterly' ? `${m[1]}-Q${m[3]}` : undefined;
  if (m[4] !== undefined) return frequency === 'half_yearly' ? `${m[1]}-H${m[4]}` : undefined;
  return frequency === 'yearly' ? m[1] : undefined;
}

/**
 * What POST /indicators/values:import must take from a file with these cells (first row the header),
 * decided without the importer's code: the six columns in any order (a BOM before the first is
 * not part of it), each non-empty line a row of six cells, every row valid, no two rows for the
 * same indicator, period and stage; all of it or nothing (undefined).
 */
/**
 * A value's text as the rule states it: a decimal point ("6.1"), or a decimal comma ("6,1"), with
 * points grouping thousands when there are any ("1.000,5"); NaN for anything else.
 */
function writtenNumber(v: string): number {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const m = /^(-?)(\d+|\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(v);
  return m ? Number(`${m[1]}${m[2]!.split('.').join('')}.${m[3]}`) : NaN;
}

function valuesCsvOutcome(cells: string[][], defs: IndicatorDef[]) {
  const lines = cells.filter((r) => !(r.length === 1 && r[0] === ''));
  const [header, ...rows] = lines;
  if (!header || !rows.length) return undefined;
  const names = header.map((c, i) => (i === 0 && cells[0] === header ? c.replace(/^\ufeff/, '') : c).normalize('NFC').trim());
  if (names.length !== COLUMNS.length || !COLUMNS.every((c) => names.includes(c))) return undefined;
  const out: Array<{ indicatorId: string; period: string; value: number; revision: string; source: string }> = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row.length !== COLUMNS.length) return undefined;
    const cell = (c: string) => row[names.indexOf(c)]!;
    const def = defs.find((d) => d.id.toUpperCase() === cell('indicator').normalize('NFC').trim().toUpperCase());
    if (!def || cell('unit').normalize('NFC').trim() !== def.unit.normalize('NFC').trim()) return undefined;
    const period = periodOf(cell('period'), def.frequency);
    const v = cell('value').normalize('NFC').trim();
    const value = writtenNumber(v);
    if (!(value === 0 || (Math.abs(value) <= 1e15 && Math.abs(value) >= 1e-100))) return undefined;
    const revision = REVISION_OF[cell('revision').normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')];
    const source = textOf(cell('source'), 300);
    if (!period || !revision || source === undefined) return undefined;
    const key = `${def.id}|${period}|${revision}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    out.push({ indicatorId: def.id, period, value: value === 0 ? 0 : value, revision, source });
  }
  return out;
}

/** A plan cell's text: NFC, trimmed, no controls but tab and line breaks, well-formed, at most 2,000 characters as a spreadsheet counts them (UTF-16). */
function cellText(v: string): string | undefined {
  const t = v.normalize('NFC').trim();
  return t.length <= 2000 && !CONTROL.test(t) && t.isWellFormed() ? t : undefined;
}
const firstColumn = (csv: string): string[] =>
  csv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',')[0]!);

/**
 * What a task row of tasks.csv is stored as, or undefined when the plan must be refused: a group
 * that groups.csv lists (a whole number), a title and a deliverable, a lead agency that
 * agencies.csv lists (its code exactly), co-operating agencies separated by `;` (blanks between
 * are nothing), each listed, the lead not among them.
 */
function taskRowOutcome(row: Record<string, string>, codes: string[], groups: number[]) {
  const [group, title, deliverable, lead, co] = ['group', 'title', 'deliverable', 'lead_agency', 'co_agencies'].map((c) => cellText(row[c]!));
  if (!group || !title || !deliverable || !lead || co === undefined) return undefined;
  if (!/^\d+$/.test(group) || !groups.includes(Number(group)) || !codes.includes(lead)) return undefined;
  const coAgencies = co
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
  if (coAgencies.some((c) => !codes.includes(c)) || coAgencies.includes(lead)) return undefined;
  return { group: Number(group), title, deliverable, leadAgency: lead, coAgencies };
}

// ---- fixtures ---------------------------------------------------------------------------------

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true });
  sys.clock.set(NOW);
  expect((await sys.drain()).drained).toBe(true);
  for (const q of Object.keys(capture) as Array<keyof typeof capture>) {
    const out = await sys.sqs.send(new CreateQueueCommand({ QueueName: `hostile-capture-${q}` }));
    capture[q] = out.QueueUrl!;
    process.env[queueUrlEnv(q)] = out.QueueUrl!;
  }
  const dir = await loadDirectory();
  const tasks = (await listTasks({ limit: 500 })).items;
  // A task with a date, open, led by an agency: the one reported on and asked to be extended.
  const task = tasks.find((t) => t.deadline.kind !== 'recurring' && !t.completedOn && !t.pendingExtension && t.coAgencies.length > 0)!;
  fx = {
    task,
    lead: task.leadAgency,
    indicator: dir.indicators.find((i) => i.id === 'CT-01')!,
    indicators: dir.indicators,
    tasks,
    leaders: dir.leaders.map((l) => l.id),
  };
}, 120_000);

afterAll(async () => {
  counter.print();
  await sys?.cleanup();
});

// ---- the routes -------------------------------------------------------------------------------

/** Every route the API serves has a suite here; the first test fails if one is missing. */
const COVERED = new Set<string>();
const suite = (route: string) => {
  COVERED.add(route);
  return route;
};

describe('hostile input, every route', { timeout: 120_000 }, () => {
  it('covers every route the API serves', () => {
    // Filled in as the suites below are declared.
    expect([...ROUTE_KEYS].filter((r) => !COVERED.has(r))).toEqual([]);
  });

  it(`${suite('GET /health')}, ${suite('GET /openapi.json')}: open routes answer 200 whatever the query and claims`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          routeKey: fc.constantFrom('GET /health', 'GET /openapi.json'),
          query: fc.dictionary(fc.string({ maxLength: 10 }), anyString, { maxKeys: 3 }),
          claims: fc.oneof(fc.constant(READER), fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 3 })),
        }),
        counter.count(async ({ routeKey, query, claims }) => {
          const req = { routeKey, query, claims };
          const res = await invoke(req);
          expectSound(res, req);
          expect(res.status).toBe(200);
        }),
      ),
      { numRuns: 50 },
    );
  });

  it(`${suite('GET /agencies')}, ${suite('GET /indicators')}, ${suite('GET /tasks/{id}')}, ${suite('GET /indicators/{id}')}: hostile ids and query strings are 404 or ignored, never a write`, async () => {
    const ids = fc.oneof(fc.constantFrom(...HOSTILE_IDS), anyString, fc.constantFrom('NV-01', 'NV-99', 'NV-0001', 'CT-01', 'CT-40', 'CT-9999'));
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET /agencies', 'GET /indicators', 'GET /tasks/{id}', 'GET /indicators/{id}'),
          ids,
          fc.option(fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('limit', 'cursor', 'agency')), anyString, { maxKeys: 3 }), {
            nil: undefined,
          }),
          counter.count(async (routeKey, id, query) => {
            const req: Req = { routeKey, ...(routeKey.includes('{id}') ? { path: { id } } : {}), ...(query ? { query } : {}), claims: READER };
            const res = await invoke(req);
            expectSound(res, req);
            const exists =
              routeKey === 'GET /tasks/{id}'
                ? fx.tasks.some((t) => t.id === id)
                : routeKey === 'GET /indicators/{id}'
                  ? fx.indicators.some((i) => i.id === id)
                  : true;
            expect(res.status).toBe(exists ? 200 : 404);
          }),
        ),
        { numRuns: 150 },
      );
    });
  });

  const cursorArb = fc.oneof(
    fc.constantFrom('', '!!!', 'null', 'x'.repeat(2001), '%00', '..%2F'),
    anyString,
    fc
      .oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom<unknown>(
          { pk: { S: 'TASK#NV-01' }, sk: 'TASK' },
          { foo: 'bar' },
          { pk: 'TASK#NV-01', sk: 'TASK' },
          { pk: 'TASK#NV-01', sk: 'TASK', gsi1pk: 'TASKS', gsi1sk: '2025-09-30#NV-01' },
          { pk: 'TASK#NV-01', sk: 'TASK', gsi2pk: 'AGENCY#SO-TC', gsi2sk: '2025-09-30#NV-01' },
          { pk: 'TASK#NV-01', sk: 'TASK', gsi1pk: 'WAKE', gsi1sk: 'x' },
          { pk: 'TASK#NV-02', sk: 'UPDATE#2025-10-01T00:00:00.000Z#x' },
          { pk: 'TASK#NV-01', sk: 'UPDATE#x', extra: 1 },
          { pk: 1, sk: true },
          { pk: 'x'.repeat(3000), sk: 'y' },
          { pk: 'TASK#NV-01', sk: 'TASK', gsi1pk: 'TASKS', gsi1sk: '9999-12-31#NV-01' },
          [],
        ),
      )
      .map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  );

  it(`${suite('GET /tasks')}, ${suite('GET /tasks/{id}/updates')}: hostile filters, limits and cursors are 400 naming the field, never a 5xx`, async () => {
    const valueFor = (k: string): fc.Arbitrary<string> => {
      const known: Record<string, fc.Arbitrary<string>> = {
        agency: fc.oneof(fc.constantFrom('SO-TC', 'so-tc', 'SO-XD', 'NOPE', ''), anyString),
        group: fc.oneof(fc.constantFrom('1', '4', '0', '-1', '1.5', '99', '100', '1e1', '0x10', ' 2 ', 'Infinity', 'NaN', ''), anyString),
        status: fc.oneof(fc.constantFrom('in_progress', 'overdue', 'completed_on_time', 'IN_PROGRESS', ''), anyString),
        dueBefore: dateField.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))),
        limit: fc.oneof(fc.constantFrom('1', '5', '200', '201', '0', '-5', '2.5', '1e2', 'Infinity', 'NaN', '', '9'.repeat(400)), anyString),
        cursor: cursorArb,
      };
      return Object.hasOwn(known, k) ? known[k]! : anyString;
    };
    const query = fc
      .uniqueArray(
        fc.oneof(fc.constantFrom('agency', 'group', 'status', 'dueBefore', 'limit', 'cursor', 'cursor'), fc.string({ minLength: 1, maxLength: 8 })),
        { maxLength: 4 },
      )
      .chain((keys) => fc.tuple(...keys.map((k) => valueFor(k).map((v) => [k, v] as const))))
      .map((pairs) => Object.fromEntries(pairs));
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET /tasks', 'GET /tasks/{id}/updates'),
          query,
          counter.count(async (routeKey, q) => {
            const req: Req = { routeKey, query: q, claims: READER, ...(routeKey === 'GET /tasks' ? {} : { path: { id: fx.task.id } }) };
            const res = await invoke(req);
            expectSound(res, req);
            if (res.status === 400) expect(fieldsOf(res).length).toBeGreaterThan(0);
            else expect(res.status).toBe(200);
          }),
        ),
        { numRuns: 350 },
      );
    });
  });

  // ---- POST /tasks/{id}/updates --------------------------------------------------------------

  /** Bodies the API must take, with text that tries everything a valid note may hold. */
  const validNote = fc.oneof(
    hostileText(5).filter((t) => textOf(t, 4000) !== undefined),
    fc.constantFrom(
      VI_NFD,
      `  ${VI_NFC}\r\n`,
      '<script>alert(1)</script>',
      'Ghi chú\r\nBcc: x@y.z',
      '🇻🇳 𠀀 tiến độ',
      'x\uffffy\ufffe',
      '\u202eevil',
      'ệ'.repeat(4000),
      `${'e\u0302\u0323'.repeat(1500)}`,
    ),
  );
  const validUpdateBody = fc
    .record(
      {
        note: validNote,
        progress: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom({ raw: '-0' }, { raw: '1e2' }, { raw: '100.0' }, { raw: '5E1' })),
        evidence: fc.record({
          documentNumber: fc.constantFrom('123/STC-KH', ' 45/QĐ-UBND ', 'Số 7'.normalize('NFD')),
          documentDate: fc.constantFrom('30/9/2025', '2025-10-08', ' 1/1/1900 ', '29/2/2024'),
        }),
        waitingOnCoAgency: fc.boolean(),
      },
      { requiredKeys: ['note'] },
    )
    .map((b) => objectText(Object.entries(b) as Array<[string, J]>));

  const updateBody = fc.oneof(
    { weight: 1, arbitrary: malformedBody },
    { weight: 2, arbitrary: validUpdateBody },
    {
      weight: 6,
      arbitrary: fc
        .record(
          {
            note: fc.oneof(
              { weight: 3, arbitrary: stringField },
              { weight: 2, arbitrary: fc.constantFrom(VI_NFD, `  ${VI_NFC}  `, '<script>alert(1)</script>', 'Ghi chú\r\nBcc: x@y.z') },
            ),
            progress: fc.oneof(
              fc.integer({ min: 0, max: 100 }),
              badProgressJson.map((raw) => ({ raw })),
              fc.constantFrom({ raw: '-0' }, { raw: '1e2' }, { raw: '100.0' }, { raw: '5E1' }),
            ),
            evidence: fc.oneof(
              fc.record({ documentNumber: stringField, documentDate: dateField }, { requiredKeys: [] }),
              fc.record(
                { documentNumber: fc.constantFrom('123/STC-KH', ' 45/QĐ-UBND '), documentDate: dateField, extra: wrongType },
                { requiredKeys: ['documentNumber', 'documentDate'] },
              ),
              wrongType,
            ),
            waitingOnCoAgency: fc.oneof(fc.boolean(), wrongType, fc.constantFrom('true', 'false', 0, 1)),
            // Mostly absent, so that the other fields' outcomes are not drowned by it.
            waitingOn: fc.oneof(
              { weight: 12, arbitrary: fc.constant(undefined) },
              { weight: 3, arbitrary: fc.constantFrom('SO-TC', 'SO-CT', 'SO-XD', 'SO-KHCN', 'THONG-KE', 'VP-UBND', 'SO-QHKT', 'SO-TP') },
              { weight: 1, arbitrary: fc.constantFrom('so-ct', ' SO-CT', 'SO-CT ', '', 'KHONG-CO', 'X'.repeat(33)) },
              { weight: 1, arbitrary: wrongType },
            ),
            unknown: fc.tuple(fc.constantFrom('agency', 'actor', 'taskId', 'kind', '__proto__', 'constructor', 'Note', 'note ', ''), wrongType),
          },
          { requiredKeys: [] },
        )
        .map((b) => {
          const entries: Array<[string, J]> = [];
          for (const k of ['note', 'progress', 'evidence', 'waitingOnCoAgency', 'waitingOn'] as const) if (b[k] !== undefined) entries.push([k, b[k]]);
          if (b.unknown) entries.push(b.unknown);
          return objectText(entries);
        }),
    },
  );

  it(suite('POST /tasks/{id}/updates'), async () => {
    let accepted = 0;
    let refused = 0;
    const before = await tableHash();
    await fc.assert(
      fc.asyncProperty(
        updateBody,
        counter.count(async (body) => {
          const req: Req = { routeKey: 'POST /tasks/{id}/updates', path: { id: fx.task.id }, body, claims: agency(fx.lead) };
          const res = await invoke(req);
          expectSound(res, req);
          let parsed: unknown;
          let isJson = true;
          try {
            parsed = JSON.parse(body);
          } catch {
            isJson = false;
          }
          const want: Outcome = isJson ? updateOutcome(parsed) : { ok: false, fields: ['(body)'] };
          const queued = await takeAll('task-updates');
          if (!want.ok) {
            expect(res.status, `${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(400);
            expect(new Set(fieldsOf(res)), body.slice(0, 200)).toEqual(new Set(want.fields));
            expect(queued).toEqual([]);
            refused++;
            return;
          }
          expect(res.status, `${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(202);
          // Queued exactly as intended: the note NFC and trimmed, progress as sent, who and when.
          expect(queued).toEqual([
            {
              type: 'TaskUpdate',
              updateId: res.json.updateId,
              taskId: fx.task.id,
              receivedAt: res.json.receivedAt,
              ...want.value,
              actor: { sub: `u-${fx.lead.toLowerCase()}`, role: 'agency', agency: fx.lead },
              requestId: res.requestId,
              correlationId: res.requestId,
            },
          ]);
          accepted++;
        }),
      ),
      { numRuns: 700 },
    );
    // Both outcomes were exercised, and neither touched the table.
    // About one case in eight is valid (84 expected in 700): far above this, whatever the seed.
    expect(accepted).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(250);
    expect(await tableHash()).toBe(before);
  });

  // ---- indicator values ------------------------------------------------------------------------

  it(suite('POST /indicators/{id}/values'), async () => {
    const valid = fc.record({
      def: fc.constantFrom(...fx.indicators),
      year: fc.integer({ min: VALUE_YEARS.firstYear - 1, max: VALUE_YEARS.lastYear }),
      n: fc.nat(11),
      value: fc.oneof(
        fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 1e-100),
        fc.integer(),
        fc.constantFrom('6.1', '-0.5', '470', ' 8.5 '),
      ),
      unit: fc.boolean(),
      revision: fc.constantFrom('estimated', 'preliminary', 'official', 'Ước tính', 'SƠ BỘ', ' chính thức ', 'ước tính'.normalize('NFD')),
      source: hostileText(4).filter((s) => textOf(s, 300) !== undefined && s.length <= 300),
    });
    const field = (k: string) =>
      ({
        period: fc.oneof(fc.constantFrom('2025-Q5', '2025-13', '2031', '2023', '2025-H3', 'Q3/2025', '2025-Q3 ', '2025-q3', '', 'x'.repeat(21)), stringField),
        value: fc.oneof(
          badProgressJson.map((raw) => ({ raw })),
          fc.constantFrom('6,2', '1.000,5', '1e5', '', ' ', '0x10', '٣', 'NaN', '1'.padEnd(400, '0')),
          fc.constantFrom(1e300, -1e200, 5e-324, 1e16),
          stringField,
        ),
        unit: fc.oneof(fc.constantFrom('%', 'USD', ' % ', 'phần trăm'), stringField),
        revision: fc.oneof(fc.constantFrom('draft', 'final', ''), stringField),
        source: fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(301), '\u0007', '"\\ud800"'), stringField),
        extra: wrongType,
      })[k]!;
    const hostile = fc.oneof(
      { weight: 1, arbitrary: malformedBody.map((body) => ({ id: 'CT-01', body, sent: undefined as Record<string, unknown> | undefined })) },
      {
        weight: 5,
        arbitrary: fc.tuple(valid, fc.subarray(['period', 'value', 'unit', 'revision', 'source', 'extra'], { minLength: 1, maxLength: 2 })).chain(([v, keys]) =>
          fc.tuple(...keys.map((k) => field(k).map((x) => [k, x] as [string, J]))).map((pairs) => {
            const base: Array<[string, J]> = [
              ['period', PERIOD[FREQUENCY_KIND[v.def.frequency]]!(v.year, v.n)],
              ['value', v.value],
              ...(v.unit ? [['unit', v.def.unit] as [string, J]] : []),
              ['revision', v.revision],
              ['source', v.source],
            ];
            const entries = new Map<string, J>(base);
            for (const [k, x] of pairs) entries.set(k, x);
            const body = objectText([...entries]);
            return { id: v.def.id, body, sent: JSON.parse(body) as Record<string, unknown> };
          }),
        ),
      },
      {
        weight: 2,
        arbitrary: valid.map((v) => {
          const body = objectText([
            ['period', PERIOD[FREQUENCY_KIND[v.def.frequency]]!(v.year, v.n)],
            ['value', v.value],
            ...(v.unit ? [['unit', v.def.unit] as [string, J]] : []),
            ['revision', v.revision],
            ['source', v.source],
          ]);
          return { id: v.def.id, body, sent: JSON.parse(body) as Record<string, unknown>, valid: true };
        }),
      },
    );
    const before = await tableHash();
    await fc.assert(
      fc.asyncProperty(
        hostile,
        counter.count(async (c) => {
          const req: Req = { routeKey: 'POST /indicators/{id}/values', path: { id: c.id }, body: c.body, claims: STATISTICS };
          const res = await invoke(req);
          expectSound(res, req);
          const queued = await takeAll('indicator-ingest');
          const s = c.sent;
          if ('valid' in c) expect(res.status, `${c.body} → ${res.text.slice(0, 300)}`).toBe(202);
          if (res.status !== 202) {
            expect(res.status, `${c.body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(400);
            expect(queued).toEqual([]);
            return;
          }
          // What must have been refused was.
          expect(s).toBeDefined();
          const allowed = ['period', 'value', 'unit', 'revision', 'source'];
          expect(Object.keys(s!).every((k) => allowed.includes(k))).toBe(true);
          expect(textOf(s!.source, 300)).toBeDefined();
          const def = fx.indicators.find((d) => d.id === c.id)!;
          if (s!.unit !== undefined) expect(String(s!.unit).normalize('NFC').trim()).toBe(def.unit.normalize('NFC').trim());
          const value = typeof s!.value === 'number' ? s!.value : writtenNumber(String(s!.value).normalize('NFC').trim());
          expect(Number.isFinite(value) && (value === 0 || (Math.abs(value) <= 1e15 && Math.abs(value) >= 1e-100))).toBe(true);
          // Queued exactly as intended.
          expect(queued).toHaveLength(1);
          expect(queued[0]).toMatchObject({
            type: 'IndicatorValue',
            indicatorId: c.id,
            value,
            source: String(s!.source).normalize('NFC').trim(),
            revision: res.json.revision,
            period: res.json.period,
            reportedBy: { sub: STATISTICS.sub, role: 'statistics', agency: 'THONG-KE' },
            correlationId: res.requestId,
          });
          expect(['estimated', 'preliminary', 'official']).toContain(res.json.revision);
        }),
      ),
      { numRuns: 400 },
    );
    expect(await tableHash()).toBe(before);
  });

  it(suite('POST /indicators/values:import'), async () => {
    const cell = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('CT-01', '2025-Q3', '6.1', '%', 'estimated', 'Báo cáo quý', 'CT-03', '2025-09', 'nghìn tỷ đồng', 'official') },
      { weight: 3, arbitrary: hostileText(3) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '=cmd|"/c calc"!A0',
          '"',
          '""',
          '"a""b"',
          'a,b',
          '\r',
          '\n',
          '\r\n',
          '\ufeff',
          '1'.padEnd(400, '0'),
          '1e999',
          'x'.repeat(600),
        ),
      },
    );
    /** A file built from cells the test knows (so the oracle judges the cells), or hostile text as a whole. */
    const csv: fc.Arbitrary<{ text: string; cells?: string[][] }> = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'indicator,period,value,unit,revision,source',
            'source,revision,unit,value,period,indicator',
            'indicator,period,value',
            'indicator,period,value,unit,revision,source,extra',
            '\ufeffindicator,period,value,unit,revision,source',
            '',
          ),
          fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { maxLength: 6 }),
          fc.constantFrom('\n', '\r\n', '\r'),
        )
        .map(([header, rows, eol]) => ({
          text: [header, ...rows.map((r) => r.map(csvCell).join(','))].join(eol),
          cells: [header.split(','), ...rows],
        })),
      hostileText().map((text) => ({ text })),
    );
    const STAGE: Record<string, string> = { estimated: 'e', preliminary: 'p', official: 'o', 'Sơ bộ': 'p', ['chính thức'.normalize('NFD')]: 'o' };
    /** Files the importer takes: figures of the plan's indicators, sources with hostile but valid text. */
    const validCsv = fc
      .uniqueArray(
        fc.record({
          def: fc.constantFrom(...fx.indicators),
          year: fc.integer({ min: VALUE_YEARS.firstYear - 1, max: VALUE_YEARS.lastYear }),
          n: fc.nat(11),
          revision: fc.constantFrom(...Object.keys(STAGE)),
          value: fc.oneof(fc.integer({ min: -1000, max: 100_000 }).map(String), fc.constantFrom('6.1', '-0.25', '0', '470.125')),
          source: hostileText(3).filter((t) => textOf(t, 300) !== undefined && t.length <= 300),
        }),
        { minLength: 1, maxLength: 8, selector: (r) => `${r.def.id}|${PERIOD[FREQUENCY_KIND[r.def.frequency]]!(r.year, r.n)}|${STAGE[r.revision]}` },
      )
      .map((rows) => {
        // (A CSV row names its unit: an empty cell is a unit that is not the indicator's.)
        const cells = [
          ['indicator', 'period', 'value', 'unit', 'revision', 'source'],
          ...rows.map((r) => [r.def.id, PERIOD[FREQUENCY_KIND[r.def.frequency]]!(r.year, r.n), r.value, r.def.unit, r.revision, r.source]),
        ];
        return { text: cells.map((r) => r.map(csvCell).join(',')).join('\r\n'), cells };
      });
    /** The body, and the cells of its file when the body is `{ csv }` and nothing else. */
    const body: fc.Arbitrary<{ b: string; cells?: string[][] | 'hostile' }> = fc.oneof(
      { weight: 1, arbitrary: malformedBody.map((b) => ({ b })) },
      { weight: 1, arbitrary: fc.record({ csv: wrongType }).map((b) => ({ b: JSON.stringify(b) })) },
      {
        weight: 1,
        arbitrary: fc.record({ csv: csv.map((c) => c.text), file: fc.oneof(hostileText(), wrongType) }).map((b) => ({ b: JSON.stringify(b) })),
      },
      { weight: 4, arbitrary: csv.map((c) => ({ b: JSON.stringify({ csv: c.text }), cells: c.cells ?? ('hostile' as const) })) },
      { weight: 3, arbitrary: validCsv.map((c) => ({ b: JSON.stringify({ csv: c.text }), cells: c.cells })) },
    );
    const before = await tableHash();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        body,
        counter.count(async ({ b, cells }) => {
          const req: Req = { routeKey: 'POST /indicators/values:import', body: b, claims: STATISTICS };
          const res = await invoke(req);
          expectSound(res, req);
          const queued = await takeAll('indicator-ingest');
          // Hostile text as a whole file has no header of the six columns; another body is not `{ csv }`.
          const want = Array.isArray(cells) ? valuesCsvOutcome(cells, fx.indicators) : undefined;
          if (!want) {
            expect(res.status, `${b.slice(0, 300)} → ${res.text.slice(0, 300)}`).toBe(400);
            expect(queued).toEqual([]);
            return;
          }
          expect(res.status, `${b.slice(0, 300)} → ${res.text.slice(0, 300)}`).toBe(202);
          expect(res.json.accepted).toBe(want.length);
          // Each message says when it came and, where it carries one, the request that brought it.
          const bare = queued.map((m) => {
            const { receivedAt: _r, requestId, ...rest } = m as Record<string, unknown>;
            if (requestId !== undefined) expect(requestId).toBe(res.requestId);
            return rest;
          });
          expect(bare).toEqual(
            want.map((v) => ({
              type: 'IndicatorValue',
              ...v,
              reportedBy: { sub: STATISTICS.sub, role: 'statistics', agency: 'THONG-KE' },
              correlationId: res.requestId,
            })),
          );
          accepted++;
        }),
      ),
      { numRuns: 180 },
    );
    expect(accepted).toBeGreaterThan(25);
    expect(await tableHash()).toBe(before);
  });

  // ---- digests ---------------------------------------------------------------------------------

  it(suite('GET /digests/preview'), async () => {
    const q = fc.record(
      {
        recipient: fc.oneof(fc.constantFrom('CT', 'PCT-1', 'VP', 'pct-1', 'NOPE', ''), anyString),
        week: fc.oneof(
          fc.constantFrom('2025-W41', '2025-W00', '2025-W53', '2026-W53', '2020-W53', '1899-W01', '2101-W01', '2025-W1', '2025W41', ''),
          anyString,
        ),
        extra: anyString,
      },
      { requiredKeys: [] },
    );
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          q,
          counter.count(async (query) => {
            const req: Req = { routeKey: 'GET /digests/preview', query: query as Record<string, string>, claims: OFFICE };
            const res = await invoke(req);
            expectSound(res, req);
            if (res.status === 200) {
              expect(res.headers['content-type']).toContain('text/html');
              expect(res.text).not.toMatch(/<script/i);
            } else expect([400, 404]).toContain(res.status);
          }),
        ),
        { numRuns: 150 },
      );
    });
  });

  it(`${suite('GET /digests')}, ${suite('GET /digests/sent')}, ${suite('GET /digests/sent/workbook')}: hostile recipients and weeks are 400 naming the field, or 404, never a write`, async () => {
    // The sample plan's digest recipients; the API reads nothing else from the query.
    const RECIPIENTS = ['CT', 'PCT-1', 'PCT-2', 'PCT-3', 'PCT-4', 'PCT-5', 'VP'];
    const q = fc.record(
      {
        recipient: fc.oneof(fc.constantFrom(...RECIPIENTS, 'pct-1', 'NOPE', '', ' CT'), anyString),
        week: fc.oneof(fc.constantFrom('2025-W41', '2025-W00', '2099-W53', '2025-W1', '2025W41', ''), anyString),
        extra: anyString,
      },
      { requiredKeys: [] },
    );
    const CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET /digests', 'GET /digests/sent', 'GET /digests/sent/workbook'),
          q,
          counter.count(async (routeKey, query) => {
            const req: Req = { routeKey, query: query as Record<string, string>, claims: OFFICE };
            const res = await invoke(req);
            expectSound(res, req);
            const keys = Object.keys(query);
            const list = routeKey === 'GET /digests';
            const wellFormed =
              keys.every((k) => k === 'recipient' || (!list && k === 'week')) &&
              CODE.test(query.recipient ?? '') &&
              (list || /^\d{4}-W\d{2}$/.test(query.week ?? ''));
            if (!wellFormed) {
              expect(res.status, res.text.slice(0, 300)).toBe(400);
              return;
            }
            // No digest was sent in this file: a well-formed week is not in the archive.
            if (list) expect(res.status).toBe(RECIPIENTS.includes(query.recipient!) ? 200 : 404);
            else expect(res.status).toBe(404);
          }),
        ),
        { numRuns: 150 },
      );
    });
  });

  it(`${suite('GET /dashboard')}: whatever the query string, a leader's or the office's dashboard, never a write; others refused`, async () => {
    const lead = agency(fx.lead);
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.option(fc.dictionary(anyString, anyString, { maxKeys: 3 }), { nil: undefined }),
          fc.constantFrom(OFFICE, READER, lead),
          counter.count(async (query, claims) => {
            const req: Req = { routeKey: 'GET /dashboard', ...(query ? { query } : {}), claims };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status).toBe(claims === lead ? 403 : 200);
          }),
        ),
        { numRuns: 12 },
      );
    });
  });

  // ---- extensions ------------------------------------------------------------------------------

  /** An extension request the API must read from a body, decided without the API's code (undefined: refuse it). */
  const requestOf = (body: string): { proposedDueDate: string; reason: string } | undefined => {
    let b: unknown;
    try {
      b = JSON.parse(body);
    } catch {
      return undefined;
    }
    if (!isObject(b) || !Object.keys(b).every((k) => k === 'proposedDueDate' || k === 'reason')) return undefined;
    const proposedDueDate = dateOf(b.proposedDueDate);
    const reason = textOf(b.reason, 2000);
    return proposedDueDate && reason ? { proposedDueDate, reason } : undefined;
  };
  /** A decision the API must read from a body, decided without the API's code (undefined: refuse it). */
  const decisionOf = (body: string): { decision: 'approve' | 'reject'; newDueDate?: string; note?: string } | undefined => {
    let b: unknown;
    try {
      b = JSON.parse(body);
    } catch {
      return undefined;
    }
    if (!isObject(b) || !Object.keys(b).every((k) => k === 'decision' || k === 'newDueDate' || k === 'note')) return undefined;
    if (b.decision !== 'approve' && b.decision !== 'reject') return undefined;
    const newDueDate = b.newDueDate === undefined ? undefined : dateOf(b.newDueDate);
    const note = b.note === undefined ? undefined : textOf(b.note, 2000);
    if ((b.newDueDate !== undefined && !newDueDate) || (b.note !== undefined && !note)) return undefined;
    return { decision: b.decision, ...(newDueDate ? { newDueDate } : {}), ...(note ? { note } : {}) };
  };
  const dueOf = (t: TaskRecord) => t.revisedDueDate ?? (t.deadline.kind === 'recurring' ? '' : t.deadline.dueDate);

  const extensionBody = fc.oneof(
    { weight: 1, arbitrary: malformedBody },
    {
      weight: 5,
      arbitrary: fc
        .record(
          {
            proposedDueDate: fc.oneof(dateField, fc.constantFrom('31/12/2026', '2026-06-30')),
            reason: fc.oneof(stringField, fc.constantFrom(VI_NFD, '<b>lý do</b>')),
            extra: fc.tuple(fc.constantFrom('status', 'taskId', 'newDueDate'), wrongType),
          },
          { requiredKeys: [] },
        )
        .map((b) =>
          objectText([
            ...(b.proposedDueDate !== undefined ? [['proposedDueDate', b.proposedDueDate] as [string, J]] : []),
            ...(b.reason !== undefined ? [['reason', b.reason] as [string, J]] : []),
            ...(b.extra ? [b.extra] : []),
          ]),
        ),
    },
  );

  /** Whether the API must take a body: its schema, and a proposed date after the current one. */
  const requestOk = (body: string, task: TaskRecord): boolean => {
    const r = requestOf(body);
    return r !== undefined && r.proposedDueDate > dueOf(task);
  };

  it(suite('POST /tasks/{id}/extension-requests'), async () => {
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          extensionBody.filter((b) => !requestOk(b, fx.task)),
          counter.count(async (body) => {
            const req: Req = { routeKey: 'POST /tasks/{id}/extension-requests', path: { id: fx.task.id }, body, claims: agency(fx.lead) };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status, `${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(400);
          }),
        ),
        { numRuns: 250 },
      );
    });
    // Accepted: the reason is stored NFC and trimmed, and the email escapes it and keeps it out of
    // the subject. Each request is then refused by the office so the next one may be made.
    await fc.assert(
      fc.asyncProperty(
        hostileText(5).filter((s) => textOf(s, 2000) !== undefined),
        fc.constantFrom('31/12/2026', '2026-06-30', ' 1/7/2027 '),
        counter.count(async (reason, date) => {
          const body = JSON.stringify({ proposedDueDate: date, reason });
          const req: Req = { routeKey: 'POST /tasks/{id}/extension-requests', path: { id: fx.task.id }, body, claims: agency(fx.lead) };
          const res = await invoke(req);
          expectSound(res, req);
          expect(res.status, res.text).toBe(201);
          const { getExtension } = await import('../../shared/data/extensions');
          const { getMail } = await import('../../shared/data/ledger');
          const stored = await getExtension(res.json.id);
          expect(stored).toMatchObject({ taskId: fx.task.id, proposedDueDate: dateOf(date), reason: textOf(reason, 2000), status: 'pending' });
          const mail = await getMail(`extension#${res.json.id}#requested`);
          expect(mail!.subject).not.toMatch(/[\r\n]/);
          expect(mail!.html).not.toMatch(/<script/i);
          expect(await takeAll('email')).toEqual([{ key: `extension#${res.json.id}#requested` }]);
          const decision = await invoke({
            routeKey: 'POST /extension-requests/{id}/decision',
            path: { id: res.json.id },
            body: JSON.stringify({ decision: 'reject', note: reason }),
            claims: OFFICE,
          });
          expect(decision.status, decision.text).toBe(200);
          expect((await getExtension(res.json.id))?.decisionNote).toBe(textOf(reason, 2000));
          expect(await takeAll('email')).toEqual([{ key: `extension#${res.json.id}#decided` }]);
        }),
      ),
      { numRuns: 12 },
    );
  });

  it(suite('POST /extension-requests/{id}/decision'), async () => {
    const made = await invoke({
      routeKey: 'POST /tasks/{id}/extension-requests',
      path: { id: fx.task.id },
      body: JSON.stringify({ proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến của Bộ' }),
      claims: agency(fx.lead),
    });
    expect(made.status, made.text).toBe(201);
    await takeAll('email');
    const pending = made.json.id as string;
    const previous = dueOf((await getTask(fx.task.id))!);
    const decisionOk = (body: string): boolean => {
      const r = decisionOf(body);
      return r !== undefined && !(r.decision === 'approve' && (r.newDueDate ?? '2030-06-30') <= previous);
    };
    const body = fc.oneof(
      { weight: 1, arbitrary: malformedBody },
      {
        weight: 5,
        arbitrary: fc
          .record(
            {
              decision: fc.oneof(fc.constantFrom('approve', 'reject', 'APPROVE', 'approve ', 'đồng ý', ''), wrongType),
              newDueDate: dateField,
              note: stringField,
              extra: fc.tuple(fc.constantFrom('status', 'decidedBy', 'taskId'), wrongType),
            },
            { requiredKeys: [] },
          )
          .map((b) => objectText(Object.entries(b).flatMap(([k, v]): Array<[string, J]> => (k === 'extra' ? [v as [string, J]] : [[k, v]])))),
      },
    );
    const ids = fc.oneof(fc.constantFrom(...HOSTILE_IDS), anyString, fc.uuid(), fc.constant(pending.toUpperCase()), fc.constant(`${pending}\n`));
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            body.filter((b) => !decisionOk(b)).map((b) => ({ id: pending, body: b })),
            fc.tuple(ids, body).map(([id, b]) => ({ id, body: b })),
          ),
          counter.count(async ({ id, body }) => {
            const req: Req = { routeKey: 'POST /extension-requests/{id}/decision', path: { id }, body, claims: OFFICE };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status, `${id.slice(0, 50)} ${body.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(id === pending ? 400 : 404);
          }),
        ),
        { numRuns: 250 },
      );
    });
    // The pending request is still there to decide, once, with a hostile note kept exactly.
    const note = `  ${VI_NFD}\r\n<script>alert(1)</script>  `;
    const ok = await invoke({
      routeKey: 'POST /extension-requests/{id}/decision',
      path: { id: pending },
      body: JSON.stringify({ decision: 'reject', note }),
      claims: OFFICE,
    });
    counter.add(1);
    expect(ok.status, ok.text).toBe(200);
    const { getExtension } = await import('../../shared/data/extensions');
    expect((await getExtension(pending))?.decisionNote).toBe(note.normalize('NFC').trim());
    await takeAll('email');
  });

  // ---- plan import -----------------------------------------------------------------------------

  it(`${suite('GET /calendar')}: any year 1900-2100 is listed, by date, weekends left out; anything else is 400 naming the year`, async () => {
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.integer({ min: 1900, max: 2100 }).map(String),
            fc.constantFrom('', ' ', '1899', '2101', '2026.5', '-2026', '0x7EA', 'năm 2026', '2026-01-01'),
            anyString,
          ),
          fc.constantFrom(READER, OFFICE, STATISTICS, agency('SO-XD')),
          counter.count(async (year, claims) => {
            const req: Req = { routeKey: 'GET /calendar', query: { year }, claims };
            const res = await invoke(req);
            expectSound(res, req);
            // Oracle: a whole number (surrounding blanks allowed, as Number reads it) in 1900..2100.
            const n = year.trim() === '' ? NaN : Number(year);
            if (!(Number.isInteger(n) && n >= 1900 && n <= 2100)) {
              expect(res.status, `${year} → ${res.text.slice(0, 200)}`).toBe(400);
              expect(fieldsOf(res)).toContain('year');
              return;
            }
            expect(res.status, res.text.slice(0, 200)).toBe(200);
            // Only 2025 and 2026 are announced in the bundled calendar; 2027-2030 are projected, later years empty.
            expect(res.json.status).toBe(n === 2025 || n === 2026 ? 'announced' : 'projected');
            const dates: string[] = res.json.items.map((i: { date: string }) => i.date);
            expect(dates).toEqual([...dates].sort());
            if (n > 2030 || n < 2025) expect(res.json.items).toEqual([]);
            for (const i of res.json.items as Array<{ date: string; kind: string; source: string }>) {
              expect(i.date.startsWith(`${n}-`)).toBe(true);
              const weekend = [0, 6].includes(new Date(`${i.date}T00:00:00Z`).getUTCDay());
              expect(i.kind).toBe(weekend ? 'working-day' : 'day-off');
              expect(i.source.length).toBeGreaterThan(0);
            }
          }),
        ),
        { numRuns: 120 },
      );
    });
    // The sample plan's import at start-up copied the bundled calendar into the table.
    const { readCalendarData } = await import('../../shared/data/calendar');
    const { seedCalendarData } = await import('../../shared/domain/calendar');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { docClient } = await import('../../shared/runtime/clients');
    const marker = await docClient().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'CALENDAR', sk: 'SEEDED' } }));
    expect(marker.Item).toBeDefined();
    expect((await readCalendarData()).entries.length).toBe(seedCalendarData().entries.length);
    // By hand: 2026 has the two swaps (2/1 off for Saturday 10/1, 31/8 off for Saturday 22/8).
    const y2026 = await invoke({ routeKey: 'GET /calendar', query: { year: '2026' }, claims: READER });
    const kinds = Object.fromEntries((y2026.json.items as Array<{ date: string; kind: string }>).map((i) => [i.date, i.kind]));
    expect(kinds).toMatchObject({ '2026-01-02': 'day-off', '2026-01-10': 'working-day', '2026-08-22': 'working-day', '2026-08-31': 'day-off' });
    expect(kinds['2026-11-24']).toBeUndefined();
  });

  it(`${suite('PUT /calendar/days/{date}')}, ${suite('DELETE /calendar/days/{date}')}: bad dates, kinds and texts are 400 and change nothing; the office's changes are listed and audited`, async () => {
    const isRealDate = (d: string) => {
      const t = new Date(`${d}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    };
    const isWeekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    const dates = fc.oneof(
      fc.constantFrom('2041-01-07', '2041-01-05', '2041-01-06', '2041-02-29', '2040-02-29', '2041-13-01', '2041-1-7', '07/01/2041', '', ' 2041-01-07'),
      anyString,
    );
    const kinds = fc.constantFrom<unknown>('day-off', 'working-day', 'holiday', 'Day-Off', '', null, 1, ['day-off']);
    const texts = fc.oneof(hostileText(4), fc.constantFrom<unknown>('', '   ', null, 5, '\u0007x'));
    // Oracle: what the route must accept, written from the rules (README, "Working-day calendar").
    const accepts = (date: string, body: Record<string, unknown>): boolean =>
      isRealDate(date) &&
      (body.kind === 'day-off' || body.kind === 'working-day') &&
      (body.kind === 'day-off') !== isWeekend(date) &&
      textOf(body.name, 200) !== undefined &&
      textOf(body.source, 300) !== undefined &&
      Object.keys(body).every((k) => ['kind', 'name', 'source'].includes(k));
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          dates,
          fc.record({ kind: kinds, name: texts, source: texts }, { requiredKeys: [] }),
          fc.boolean(),
          counter.count(async (date, body, extra) => {
            const b: Record<string, unknown> = extra ? { ...body, holiday: true } : body;
            fc.pre(!accepts(date, b));
            const req: Req = { routeKey: 'PUT /calendar/days/{date}', path: { date }, body: JSON.stringify(b), claims: OFFICE };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status, `${date} ${JSON.stringify(b).slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(400);
          }),
        ),
        { numRuns: 250 },
      );
      // Not the office: 403 whatever the body.
      for (const claims of [READER, STATISTICS, agency(fx.lead)]) {
        for (const routeKey of ['PUT /calendar/days/{date}', 'DELETE /calendar/days/{date}']) {
          const req: Req = { routeKey, path: { date: '2041-01-07' }, body: JSON.stringify({ kind: 'day-off', name: 'Nghỉ', source: 'Thông báo' }), claims };
          const res = await invoke(req);
          expectSound(res, req);
          expect(res.status).toBe(403);
        }
      }
      // DELETE of a date that is not a date: 400; of a date with no entry: 404.
      for (const date of ['2041-02-29', 'x', '', '2041-1-7']) {
        const res = await invoke({ routeKey: 'DELETE /calendar/days/{date}', path: { date }, claims: OFFICE });
        expect(res.status, date).toBe(400);
        expect(fieldsOf(res)).toEqual(['date']);
      }
    });

    // Accepted: the office records a day off and a make-up day in 2041 (no entry before), texts NFC and trimmed.
    const { calendarHistory } = await import('../../shared/data/calendar');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(['2041-01-07', 'day-off'], ['2041-01-05', 'working-day']),
        hostileText(4).filter((s) => textOf(s, 200) !== undefined),
        counter.count(async ([date, kind], text) => {
          const historyBefore = (await calendarHistory()).length;
          const put = await invoke({
            routeKey: 'PUT /calendar/days/{date}',
            path: { date: date! },
            body: JSON.stringify({ kind, name: text, source: ` ${text} ` }),
            claims: OFFICE,
          });
          expect(put.status, put.text).toBe(200);
          const after = { date, kind, name: textOf(text, 200), source: textOf(text, 300) };
          expect(put.json).toEqual({ date, after });
          const year = await invoke({ routeKey: 'GET /calendar', query: { year: '2041' }, claims: READER });
          expect(year.json).toEqual({ items: [after], status: 'announced' });
          const del = await invoke({ routeKey: 'DELETE /calendar/days/{date}', path: { date: date! }, claims: OFFICE });
          expect(del.status, del.text).toBe(200);
          expect(del.json).toEqual({ date, before: after });
          expect((await invoke({ routeKey: 'GET /calendar', query: { year: '2041' }, claims: READER })).json).toEqual({ items: [], status: 'projected' });
          expect((await invoke({ routeKey: 'DELETE /calendar/days/{date}', path: { date: date! }, claims: OFFICE })).status).toBe(404);
          const history = await calendarHistory();
          expect(history.length).toBe(historyBefore + 2);
          expect(history.slice(-2)).toMatchObject([
            { type: 'CalendarDaySet', date, after, actor: { sub: OFFICE.sub, role: 'office' } },
            { type: 'CalendarDayRemoved', date, before: after, actor: { sub: OFFICE.sub, role: 'office' } },
          ]);
        }),
      ),
      { numRuns: 6 },
    );
  });

  it(suite('POST /plan/import'), async () => {
    const sample = readPlanDir(SAMPLE_PLAN_DIR);
    const names = Object.keys(sample);
    const planOk = (files: Record<string, string>): boolean => {
      try {
        parsePlan(files);
        return true;
      } catch (e) {
        if (e instanceof PlanImportError) return false;
        throw e;
      }
    };
    /** The sample with one cell of one file replaced (or a file dropped, or one added). */
    const mutated = fc
      .record({
        file: fc.constantFrom(...names),
        line: fc.nat(12),
        column: fc.nat(16),
        value: fc.oneof(
          hostileText(3),
          fc.constantFrom(
            '',
            '1'.padEnd(400, '0'),
            '1e999',
            '-1',
            'NaN',
            '31/2/2025',
            '29/2/2025',
            'a@b',
            'ä@x.vn',
            'x\r\nBcc: y@z.vn',
            '"',
            'x'.repeat(2001),
            'NV-01',
            'SO-TC',
          ),
        ),
        // One file in twenty is left out (from the generator's own randomness, so a seed replays).
        drop: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
      })
      .map(({ file, line, column, value, drop }) => {
        const files = { ...sample };
        if (drop) {
          delete files[file];
          return files;
        }
        const lines = files[file]!.split('\n');
        const i = Math.min(line, lines.length - 1);
        const cells = lines[i]!.split(',');
        cells[Math.min(column, cells.length - 1)] = /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
        lines[i] = cells.join(',');
        files[file] = lines.join('\n');
        return files;
      });
    const body = fc.oneof(
      { weight: 1, arbitrary: malformedBody },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.record({ files: wrongType }),
            fc.record({
              xlsx: fc.oneof(
                wrongType,
                anyString,
                fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('base64')),
              ),
            }),
            fc.record({ files: fc.dictionary(anyString, fc.oneof(anyString, wrongType), { maxKeys: 3 }) }),
            fc.record({ plan: anyString }),
          )
          .map((b) => JSON.stringify(b)),
      },
      { weight: 4, arbitrary: mutated.filter((f) => !planOk(f)).map((files) => JSON.stringify({ files })) },
    );
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          body,
          counter.count(async (b) => {
            const req: Req = { routeKey: 'POST /plan/import', body: b, claims: OFFICE };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status, `${b.slice(0, 200)} → ${res.text.slice(0, 300)}`).toBe(400);
          }),
        ),
        { numRuns: 100 },
      );
    });
    // One cell of a task's row, judged by the oracle: what it accepts is stored as it says, what it refuses changes nothing.
    const codes = firstColumn(sample['agencies.csv']!);
    const groups = firstColumn(sample['groups.csv']!).map(Number);
    const lines = sample['tasks.csv']!.split('\n');
    const header = lines[0]!.split(',');
    const row = lines.findIndex((l) => l.startsWith('NV-01,'));
    const original = lines[row]!.split(',');
    expect(original).toHaveLength(header.length); // (the row has no quoted cell: its commas separate cells)
    const edit = fc.record({
      column: fc.constantFrom('group', 'title', 'deliverable', 'lead_agency', 'co_agencies'),
      value: fc.oneof(
        hostileText(3),
        fc.constantFrom(
          ...['', ' ', 'SO-TC', 'SO-XD', ' SO-XD ', 'so-xd', 'KHONG-CO', 'SO-XD;SO-CT', 'SO-XD;;SO-CT;', 'SO-XD;SO-TC', 'SO-XD;so-ct', 'SO-XD;\u0007'],
          ...['1', '2', '4', '01', ' 3 ', '0', '5', '99', '100', '1.0', '-1', '1e1'],
          ...['x'.repeat(2000), `${'đ'.repeat(1999)}\u0301`, 'x'.repeat(2001), `${VI_NFD} <script>alert(1)</script>\nBcc: x@y.z`],
        ),
      ),
    });
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        edit,
        counter.count(async ({ column, value }) => {
          const cells = [...original];
          cells[header.indexOf(column)] = value;
          const files = { ...sample, 'tasks.csv': lines.map((l, i) => (i === row ? cells.map(csvCell).join(',') : l)).join('\n') };
          const want = taskRowOutcome(Object.fromEntries(header.map((h, i) => [h, cells[i]!])), codes, groups);
          const before = await tableHash();
          const res = await invoke({ routeKey: 'POST /plan/import', body: JSON.stringify({ files }), claims: OFFICE });
          if (!want) {
            expect(res.status, `${column}=${JSON.stringify(value)} → ${res.text.slice(0, 300)}`).toBe(400);
            expect(await tableHash()).toBe(before);
            return;
          }
          expect(res.status, `${column}=${JSON.stringify(value)} → ${res.text.slice(0, 300)}`).toBe(200);
          expect(await getTask('NV-01')).toMatchObject(want);
          stored++;
        }),
      ),
      { numRuns: 60 },
    );
    expect(stored).toBeGreaterThan(10);
    expect((await invoke({ routeKey: 'POST /plan/import', body: JSON.stringify({ files: sample }), claims: OFFICE })).status).toBe(200);
  });

  // ---- plan export -----------------------------------------------------------------------------

  it(suite('GET /plan/export'), async () => {
    const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
    // Whatever the query string or body, the office gets the plan's workbook and nothing is written; anyone else a 403.
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.option(fc.dictionary(anyString, anyString, { maxKeys: 3 }), { nil: undefined }),
          fc.option(anyString, { nil: undefined }),
          fc.constantFrom(OFFICE, READER, agency(fx.lead)),
          counter.count(async (query, body, claims) => {
            const req: Req = { routeKey: 'GET /plan/export', ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}), claims };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status).toBe(claims === OFFICE ? 200 : 403);
          }),
        ),
        { numRuns: 12 },
      );
    });
    const res = await invoke({ routeKey: 'GET /plan/export', claims: OFFICE });
    const { name, xlsx } = JSON.parse(res.text) as { name: string; xlsx: string };
    expect(name).toBe('ke-hoach-08-CTr-UBND.xlsx');
    const back = await parsePlanWorkbook(Buffer.from(xlsx, 'base64'), name);
    expect(back.meta).toEqual(plan.meta);
    expect(new Set(back.tasks.map((t) => t.id))).toEqual(new Set(plan.tasks.map((t) => t.id)));
  });

  // ---- email delivery ----------------------------------------------------------------------------

  it(suite('GET /delivery'), async () => {
    // Whatever the query string or body, the office gets the delivery page's lists and nothing is written; anyone else a 403.
    await refusedBatch(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.option(fc.dictionary(anyString, anyString, { maxKeys: 3 }), { nil: undefined }),
          fc.option(anyString, { nil: undefined }),
          fc.constantFrom(OFFICE, READER, STATISTICS, agency(fx.lead)),
          counter.count(async (query, body, claims) => {
            const req: Req = { routeKey: 'GET /delivery', ...(query ? { query } : {}), ...(body !== undefined ? { body } : {}), claims };
            const res = await invoke(req);
            expectSound(res, req);
            expect(res.status).toBe(claims === OFFICE ? 200 : 403);
            if (res.status === 200) expect(Delivery.safeParse(JSON.parse(res.text)).success).toBe(true);
          }),
        ),
        { numRuns: 12 },
      );
    });
  });

  // ---- huge and odd bodies, a few explicit examples --------------------------------------------

  it('huge bodies and strings: 413 or 400 with a small answer, nothing written', async () => {
    const post = (body: string, base64 = false) => ({ routeKey: 'POST /tasks/{id}/updates', path: { id: fx.task.id }, body, base64, claims: agency(fx.lead) });
    const cases: Array<[Req, number, string?]> = [
      [post('x'.repeat(6_500_000)), 413],
      [post(JSON.stringify({ note: 'a'.repeat(5_900_000) })), 400, 'note'],
      [post(JSON.stringify({ note: '\u0001'.repeat(900_000) })), 400, 'note'],
      [post(JSON.stringify({ note: 'x', evidence: { documentNumber: '1', documentDate: '3'.repeat(5_000_000) } })), 400, 'evidence.documentDate'],
      [post(`{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":0`).join(',')},"note":"x"}`), 400],
      [post(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`), 400, '(body)'],
      [post(Buffer.from('{"note":"\xff\xfe tiến độ"}', 'latin1').toString('base64'), true), 400, '(body)'],
      [post(Buffer.from(JSON.stringify({ note: VI_NFD })).toString('base64'), true), 202],
      [
        {
          routeKey: 'POST /indicators/values:import',
          body: JSON.stringify({ csv: `indicator,period,value,unit,revision,source\n${'CT-01,2025-Q9,x,%,draft,\n'.repeat(120_000)}` }),
          claims: STATISTICS,
        },
        400,
      ],
      [
        {
          routeKey: 'POST /indicators/values:import',
          body: JSON.stringify({ csv: `indicator,period,value,unit,revision,source\nCT-01,2025-Q3,${'9'.repeat(4_000_000)},%,estimated,x` }),
          claims: STATISTICS,
        },
        400,
        '(csv)',
      ],
      [
        {
          routeKey: 'POST /indicators/values:import',
          body: JSON.stringify({ csv: `indicator,period,value,unit,revision,source\nCT-01,2025-Q3,${'9'.repeat(400)},%,estimated,x` }),
          claims: STATISTICS,
        },
        400,
        'value',
      ],
      [{ routeKey: 'POST /plan/import', body: JSON.stringify({ files: { 'tasks.csv': 'x,'.repeat(2_000_000) } }), claims: OFFICE }, 400],
      // Valid-looking and too big to write within the timeout: refused before anything is written.
      [
        {
          routeKey: 'POST /plan/import',
          body: JSON.stringify({
            files: {
              ...readPlanDir(SAMPLE_PLAN_DIR),
              'tasks.csv': `id,group,title,deliverable,lead_agency,co_agencies,deadline,field\n${Array.from({ length: 30_000 }, (_, i) => `NV-${1000 + (i % 9000)},1,Nhiệm vụ ${i},Báo cáo,SO-TC,,31/12/2026,`).join('\n')}`,
            },
          }),
          claims: OFFICE,
        },
        400,
        '(row)',
      ],
      [
        {
          routeKey: 'POST /indicators/values:import',
          body: JSON.stringify({
            csv: `indicator,period,value,unit,revision,source\n${Array.from({ length: 6000 }, (_, i) => `CT-01,${2024 + (i % 7)}-Q${1 + (i % 4)},${i},%,estimated,Báo cáo ${i}`).join('\n')}`,
          }),
          claims: STATISTICS,
        },
        400,
        '(row)',
      ],
      [{ routeKey: 'GET /tasks', query: { cursor: 'A'.repeat(1_000_000) }, claims: READER }, 400, 'cursor'],
    ];
    await refusedBatch(async () => {
      for (const [req, status, field] of cases) {
        counter.add(1);
        const t0 = performance.now();
        const res = await invoke(req);
        // The API function times out after 10 s (and API Gateway answers 5xx then): stay within half.
        expect(performance.now() - t0, `${req.routeKey} ${req.body?.slice(0, 80)}`).toBeLessThan(5000);
        expectSound(res, req);
        expect(res.status, `${req.routeKey} ${req.body?.slice(0, 80)} → ${res.text.slice(0, 300)}`).toBe(status);
        expect(Buffer.byteLength(res.text)).toBeLessThan(100_000);
        if (field) expect(fieldsOf(res)).toContain(field);
        await takeAll('task-updates');
      }
    });
  });
});
