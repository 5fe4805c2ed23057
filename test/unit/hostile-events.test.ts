import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Context, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndicatorEnvelope, IndicatorValueMessage, IndicatorValueReportedDetail } from '../../events/indicator';
import { ScheduledEvent } from '../../events/schedule';
import { TaskUpdateMessage } from '../../events/task-update';
import { Text } from '../../functions/api/inputs';
import { handler as bounceHandler } from '../../functions/ses-events/handler';
import { handler as deadlineHandler } from '../../functions/deadline/handler';
import { handler as digestHandler } from '../../functions/digest/handler';
import { handler as indicatorHandler } from '../../functions/indicator/handler';
import { handler as mailerHandler } from '../../functions/mailer/handler';
import { handler as taskUpdateHandler } from '../../functions/task-update/handler';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { setClock } from '../../shared/runtime/clock';
import { parseDeadline } from '../../shared/domain/deadline';
import { FREQUENCY_KIND } from '../../shared/domain/period';
import type { IndicatorDef } from '../../shared/domain/plan';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { CaseCounter, HEADER_PAYLOADS, anyString, hostileText, wrongType } from '../support/hostile';

/*
 * Every message and event a consumer parses, fed hostile payloads through the consumer itself
 * (AWS mocked). What happens to a message that can never succeed, by consumer:
 *
 * - task-update and mailer (SQS): a body that is not JSON, or not the schema, makes the record
 *   fail; the batch reports it alone (the others are deleted), the failure is logged, SQS
 *   delivers it again and after maxReceiveCount (5) it goes to the queue's DLQ, where an alarm
 *   fires. Nothing is written first. Retrying is pointless but bounded, and the DLQ keeps the
 *   message for someone to read.
 * - indicator (SQS): a body that is JSON but not a valid value is logged as an error with every
 *   problem and dropped (it will never improve); a body that is not JSON fails the record as above.
 * - mailer, a key with no ledger item: logged as an error and dropped.
 * - bounce (EventBridge, invoked asynchronously): an event that is not SES's shape, or an
 *   address that is not an address, is logged as an error and ignored.
 * - deadline, digest, indicator schedules: a time that is not an ISO 8601 instant in a sane
 *   range is logged as an error and the run is for the current time (runs are idempotent).
 */

const counter = new CaseCounter('events');
afterAll(() => counter.print());

const ddb = mockClient(DynamoDBDocumentClient);
const bus = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
const ses = mockClient(SESv2Client);

const NOW = new Date('2025-10-08T03:00:00Z'); // a Wednesday, 10:00 in Hanoi
let restoreClock: () => void;
let errors: string[] = [];
/** The plan's partition as the consumers read it; empty for the schedule runs (no digests to build). */
let planPartition: Record<string, unknown>[] = [];

const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
const planItems = [
  ...plan.indicators.map((d) => ({ pk: 'PLAN', sk: `INDICATOR#${d.id}`, entity: 'indicator', ...d })),
  ...plan.agencies.map((a) => ({ pk: 'PLAN', sk: `AGENCY#${a.code}`, entity: 'agency', ...a })),
  ...plan.leaders.map((l) => ({ pk: 'PLAN', sk: `LEADER#${l.id}`, entity: 'leader', ...l })),
];

const TASK = {
  pk: 'TASK#NV-02',
  sk: 'TASK',
  id: 'NV-02',
  group: 1,
  title: 'Xây dựng kịch bản tăng trưởng',
  deliverable: 'Kế hoạch',
  leadAgency: 'SO-TC',
  coAgencies: ['THONG-KE'],
  deadline: parseDeadline('15/12/2025'),
  field: 'kinh-te',
  progress: 10,
  waitingOnCoAgency: false,
  version: 3,
  deadlineVersion: 0,
  assignedOn: '2025-08-25',
};

beforeAll(() => {
  Object.assign(process.env, {
    TABLE_NAME: 'dondoc-test',
    EVENT_BUS_NAME: 'dondoc',
    APP_URL: 'https://dondoc.example.vn',
    MAIL_FROM: 'dondoc <noreply@dondoc.example.vn>',
    QUEUE_URL_EMAIL: 'https://sqs.test/000/email',
    QUEUE_URL_TASK_UPDATES: 'https://sqs.test/000/task-updates',
    QUEUE_URL_INDICATOR_INGEST: 'https://sqs.test/000/indicator-ingest',
  });
  restoreClock = setClock(() => NOW);
});
afterAll(() => restoreClock());

function resetMocks(plan: Record<string, unknown>[] = planItems): void {
  planPartition = plan;
  ddb.reset();
  bus.reset();
  sqs.reset();
  ses.reset();
  errors = [];
  ddb
    .on(GetCommand)
    .callsFake((input: { Key: { pk: string; sk: string } }) => (input.Key.pk === TASK.pk && input.Key.sk === 'TASK' ? { Item: structuredClone(TASK) } : {}));
  ddb
    .on(QueryCommand)
    .callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) =>
      input.ExpressionAttributeValues?.[':p'] === 'PLAN' ? { Items: planPartition } : { Items: [] },
    );
  ddb.on(PutCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
}

beforeEach(() => {
  resetMocks();
  // Error and warning lines of the structured log, kept to check that a drop is never silent.
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const line = String(chunk);
    if (line.includes('"level":"error"')) errors.push(line);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const sqsEvent = (...bodies: string[]): SQSEvent =>
  ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body, attributes: { ApproximateReceiveCount: '1' } })) }) as unknown as SQSEvent;
const ctx = {} as Context;

/** Every string in a value survives UTF-8 (what DynamoDB and SQS store) unchanged. */
function expectStorable(v: unknown): void {
  if (typeof v === 'string') expect(Buffer.from(v, 'utf8').toString('utf8')).toBe(v);
  else if (typeof v === 'number') {
    expect(Number.isFinite(v)).toBe(true);
    // DynamoDB numbers: magnitude from 1E-130 to below 1E+126.
    if (v !== 0) expect(Math.abs(v) >= 1e-130 && Math.abs(v) < 1e126).toBe(true);
  } else if (Array.isArray(v)) v.forEach(expectStorable);
  else if (v && typeof v === 'object') Object.values(v).forEach(expectStorable);
}

/** Bodies that are not JSON, or JSON of the wrong shape. */
const malformedJson = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"type":"TaskUpdate"',
    'null',
    '[]',
    '0',
    '"x"',
    'true',
    'NaN',
    'undefined',
    "{'a':1}",
    '{"a":1,}',
    '\ufeff{}',
    '{"a":"\ud800"}',
    '{"__proto__":{"x":1}}',
    '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.json({ maxDepth: 3 }),
);

/** A field of the wrong type (no field takes null or a list), a required field missing, or an unknown field. */
const invalid = <T extends Record<string, unknown>>(base: fc.Arbitrary<T>, keys: readonly string[], required: readonly string[]) =>
  fc.oneof(
    fc.tuple(base, fc.constantFrom(...keys), fc.constantFrom(null, [], [1], [''])).map(([b, k, v]): Record<string, unknown> => ({ ...b, [k]: v })),
    fc.tuple(base, fc.constantFrom(...required)).map(([b, k]) => {
      const c: Record<string, unknown> = { ...b };
      delete c[k];
      return c;
    }),
    fc
      .tuple(
        base,
        fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !keys.includes(k)),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([b, k, v]): Record<string, unknown> => ({ ...b, [k]: v })),
  );

/** A field replaced by anything at all: the schema may take it only as it came. */
const anyField = <T extends Record<string, unknown>>(base: fc.Arbitrary<T>, keys: readonly string[]) =>
  fc.tuple(base, fc.constantFrom(...keys), fc.oneof(wrongType, anyString)).map(([b, k, v]): Record<string, unknown> => ({ ...b, [k]: v }));

// ---- task-updates -----------------------------------------------------------------------------

const noteArb = hostileText()
  .map((s) => Text(4000).safeParse(s))
  .filter((r) => r.success)
  .map((r) => r.data!);
const isoInstant = fc.date({ min: new Date('2025-08-25T00:00:00Z'), max: NOW, noInvalidDate: true }).map((d) => d.toISOString());

const validUpdate = fc
  .record({
    updateId: fc.uuid(),
    receivedAt: isoInstant,
    progress: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    note: noteArb,
    evidence: fc.option(
      fc.record({
        documentNumber: noteArb.map((s) => s.slice(0, 100).trim()).filter((s) => s.length > 0 && s.isWellFormed()),
        documentDate: fc.constantFrom('2025-09-30', '2024-02-29', '2025-01-01'),
      }),
      { nil: undefined },
    ),
    waitingOnCoAgency: fc.option(fc.boolean(), { nil: undefined }),
    requestId: fc.uuid(),
  })
  .map((x) => ({
    type: 'TaskUpdate' as const,
    updateId: x.updateId,
    taskId: 'NV-02',
    receivedAt: x.receivedAt,
    kind: x.progress === undefined ? ('note' as const) : ('progress' as const),
    ...(x.progress === undefined ? {} : { progress: x.progress }),
    note: x.note,
    ...(x.evidence ? { evidence: x.evidence } : {}),
    ...(x.waitingOnCoAgency === undefined ? {} : { waitingOnCoAgency: x.waitingOnCoAgency }),
    actor: { sub: 'u-so-tc', role: 'agency' as const, agency: 'SO-TC' },
    requestId: x.requestId,
    correlationId: x.requestId,
  }));

const UPDATE_REQUIRED = ['type', 'updateId', 'taskId', 'receivedAt', 'kind', 'note', 'actor', 'requestId', 'correlationId'] as const;
const UPDATE_KEYS = [...UPDATE_REQUIRED, 'progress', 'evidence', 'waitingOnCoAgency'] as const;

describe('task-update consumer', { timeout: 30_000 }, () => {
  it('the schema takes a message as the API builds it exactly, and refuses any field of the wrong type, missing or unknown', () => {
    fc.assert(
      fc.property(
        validUpdate,
        counter.count((m) => {
          expect(TaskUpdateMessage.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
        }),
      ),
      { numRuns: 600 },
    );
    fc.assert(
      fc.property(
        invalid(validUpdate, UPDATE_KEYS, UPDATE_REQUIRED),
        counter.count((m) => {
          expect(TaskUpdateMessage.safeParse(JSON.parse(JSON.stringify(m))).success).toBe(false);
        }),
      ),
      { numRuns: 1200 },
    );
    fc.assert(
      fc.property(
        anyField(validUpdate, UPDATE_KEYS),
        counter.count((m) => {
          const sent: unknown = JSON.parse(JSON.stringify(m));
          const r = TaskUpdateMessage.safeParse(sent);
          if (r.success) {
            expect(r.data).toEqual(sent);
            expectStorable(r.data);
          }
        }),
      ),
      { numRuns: 1200 },
    );
  });

  it('a record that can never succeed fails alone and is logged, with nothing written; a valid one is stored exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          malformedJson,
          invalid(validUpdate, UPDATE_KEYS, UPDATE_REQUIRED).map((m) => JSON.stringify(m)),
          anyField(validUpdate, UPDATE_KEYS).map((m) => JSON.stringify(m)),
        ),
        validUpdate,
        counter.count(async (bad, good) => {
          resetMocks();
          errors = [];
          const parsed = (() => {
            try {
              return TaskUpdateMessage.safeParse(JSON.parse(bad)).success;
            } catch {
              return false;
            }
          })();
          const out = await taskUpdateHandler(sqsEvent(bad, JSON.stringify(good)), ctx);
          const failures = out.batchItemFailures.map((f) => f.itemIdentifier);
          if (parsed) {
            expect(failures).toEqual([]);
          } else {
            expect(failures).toEqual(['m0']);
            expect(errors.some((e) => e.includes('"messageId":"m0"'))).toBe(true);
          }
          // The valid record is stored: the history item is the message, exactly.
          const writes = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems![0]!.Put!.Item!);
          expect(writes).toHaveLength(parsed ? 2 : 1);
          const stored = writes.at(-1)!;
          expect(stored).toEqual({ pk: 'TASK#NV-02', sk: `UPDATE#${good.receivedAt}#${good.updateId}`, entity: 'update', ...good, applied: stored.applied });
          expectStorable(stored);
        }),
      ),
      { numRuns: 250 },
    );
  });
});

// ---- indicator-ingest --------------------------------------------------------------------------

const PERIOD: Record<string, (y: number, n: number) => string> = {
  month: (y, n) => `${y}-${String((n % 12) + 1).padStart(2, '0')}`,
  quarter: (y, n) => `${y}-Q${(n % 4) + 1}`,
  half: (y, n) => `${y}-H${(n % 2) + 1}`,
  year: (y) => `${y}`,
};
const defs: IndicatorDef[] = plan.indicators;
const sourceArb = hostileText(4).filter((s) => {
  const t = s.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  return t.length > 0 && t.length <= 300 && t.isWellFormed() && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(t);
});
const valueArb = fc.oneof(
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 1e-100),
  fc.constantFrom(0, -0, 8.5, 0.1 + 0.2, 1e-7, 1e15, -1e15),
);

const validValue = fc
  .record({
    def: fc.constantFrom(...defs),
    year: fc.integer({ min: 2024, max: 2030 }),
    n: fc.nat(11),
    value: valueArb,
    revision: fc.constantFrom('estimated', 'preliminary', 'official'),
    source: sourceArb,
    withUnit: fc.boolean(),
  })
  .map((x) => ({
    indicatorId: x.def.id,
    period: PERIOD[FREQUENCY_KIND[x.def.frequency]]!(x.year, x.n),
    value: x.value,
    ...(x.withUnit ? { unit: x.def.unit } : {}),
    revision: x.revision as 'estimated' | 'preliminary' | 'official',
    source: x.source,
  }));
const validMessage = fc.tuple(validValue, isoInstant, fc.uuid()).map(([v, at, id]) => ({
  type: 'IndicatorValue' as const,
  ...v,
  reportedBy: { sub: 'u-stats', role: 'statistics' as const, agency: 'THONG-KE' },
  receivedAt: at,
  correlationId: id,
}));
const validEnvelope = fc.tuple(validValue, isoInstant, fc.uuid(), fc.constantFrom('he-thong-thong-ke', 'ERP Sở Tài chính')).map(([v, at, id, by]) => ({
  version: '0',
  id,
  'detail-type': 'IndicatorValueReported' as const,
  source: 'vn.hanoi.thongke',
  account: '000000000000',
  time: at.replace(/\.\d{3}Z$/, 'Z'),
  region: 'ap-southeast-1',
  resources: [],
  detail: { ...v, reportedBy: by },
}));

const VALUE_REQUIRED = ['indicatorId', 'period', 'value', 'revision', 'source'] as const;
const VALUE_KEYS = [...VALUE_REQUIRED, 'unit'] as const;
const MESSAGE_REQUIRED = [...VALUE_REQUIRED, 'type', 'reportedBy', 'receivedAt', 'correlationId'] as const;
const MESSAGE_KEYS = [...MESSAGE_REQUIRED, 'unit'] as const;

/** What the consumer must store for a valid value: its text NFC and trimmed, the number as sent. */
const expectedStored = (v: { indicatorId: string; period: string; value: number; revision: string; source: string }) => ({
  pk: `INDICATOR#${v.indicatorId}`,
  indicatorId: v.indicatorId,
  period: v.period,
  value: v.value,
  revision: v.revision,
  source: v.source.normalize('NFC').trim(),
});

describe('indicator consumer', { timeout: 30_000 }, () => {
  it('the schemas take values as sent and refuse wrong types, missing and unknown fields', () => {
    fc.assert(
      fc.property(
        validMessage,
        validEnvelope,
        counter.count((m, e) => {
          const sent = JSON.parse(JSON.stringify(m)) as typeof m;
          expect(IndicatorValueMessage.parse(sent)).toEqual(sent);
          const env = IndicatorEnvelope.parse(JSON.parse(JSON.stringify(e)));
          expect(IndicatorValueReportedDetail.parse(env.detail)).toEqual(env.detail);
        }),
      ),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(
        fc.oneof(invalid(validMessage, MESSAGE_KEYS, MESSAGE_REQUIRED), anyField(validMessage, MESSAGE_KEYS)),
        counter.count((m) => {
          const sent: unknown = JSON.parse(JSON.stringify(m));
          const r = IndicatorValueMessage.safeParse(sent);
          if (r.success) {
            expect(r.data).toEqual(sent);
            expectStorable(r.data);
          }
        }),
      ),
      { numRuns: 1200 },
    );
    fc.assert(
      fc.property(
        invalid(validMessage, MESSAGE_KEYS, MESSAGE_REQUIRED),
        counter.count((m) => {
          expect(IndicatorValueMessage.safeParse(JSON.parse(JSON.stringify(m))).success).toBe(false);
        }),
      ),
      { numRuns: 600 },
    );
  });

  it('a hostile value is logged and dropped (or, not JSON, fails its record); a valid one is stored exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          malformedJson,
          invalid(validMessage, MESSAGE_KEYS, MESSAGE_REQUIRED).map((m) => JSON.stringify(m)),
          invalid(validValue, VALUE_KEYS, VALUE_REQUIRED).chain((d) => validEnvelope.map((e) => JSON.stringify({ ...e, detail: { ...d, reportedBy: 'x' } }))),
          // numbers no store can hold, and text that cannot be stored as sent
          validMessage.chain((m) => fc.constantFrom(1e300, -1e200, 5e-324, 1e126, 1e16).map((value) => JSON.stringify({ ...m, value }))),
          validMessage.chain((m) => fc.constantFrom('\ud800', 'a\udfffb', `${m.source}\ud83d`).map((source) => JSON.stringify({ ...m, source }))),
          validEnvelope.map((e) => JSON.stringify({ ...e, detail: { ...e.detail, reportedBy: 'x\ud800' } })),
        ),
        fc.oneof(validMessage, validEnvelope),
        counter.count(async (bad, good) => {
          resetMocks();
          errors = [];
          let json = true;
          try {
            JSON.parse(bad);
          } catch {
            json = false;
          }
          const out = (await indicatorHandler(sqsEvent(bad, JSON.stringify(good)), ctx)) as { batchItemFailures: Array<{ itemIdentifier: string }> };
          const values = ddb
            .commandCalls(PutCommand)
            .map((c) => c.args[0].input.Item!)
            .filter((i) => String(i.pk).startsWith('INDICATOR#'));
          const sent = JSON.parse(JSON.stringify(good)) as typeof good;
          const v = 'detail' in sent ? sent.detail : sent;
          // The hostile record stored nothing: the only value written is the valid one, exactly.
          expect(values).toHaveLength(1);
          expect(values[0]).toMatchObject(expectedStored(v));
          expectStorable(values[0]);
          expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(json ? [] : ['m0']);
          expect(errors.some((e) => e.includes('"messageId":"m0"'))).toBe(true);
        }),
      ),
      { numRuns: 250 },
    );
  });
});

// ---- email -------------------------------------------------------------------------------------

const MAIL = {
  pk: 'MAIL#k1',
  sk: 'MAIL',
  key: 'k1',
  state: 'queued',
  createdAt: '2025-10-06T00:00:00Z',
  to: ['vanthu@sotc.ha-noi.example'],
  cc: [],
  subject: '[Nhắc hạn] NV-01',
  html: '<p>x</p>',
  text: 'x',
};
/** Header names a dondoc message may carry. */
const HEADER_LINE = /^(From|To|Cc|Subject|Message-ID|Date|MIME-Version|Content-Type|Content-Transfer-Encoding|X-Dondoc-Key):/i;

describe('mailer', { timeout: 30_000 }, () => {
  it('a body that is not {"key"} fails its record (logged; DLQ after 5 receives); an unknown key is logged and dropped; nothing is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          malformedJson,
          fc
            .record({
              key: fc.oneof(
                wrongType,
                fc.string({ maxLength: 5 }).map((s) => s + 'x'.repeat(600)),
              ),
            })
            .map((m) => JSON.stringify(m)),
          fc.record({ key: anyString.filter((k) => k.length > 0 && k.length <= 500) }).map((m) => JSON.stringify(m)),
        ),
        counter.count(async (body) => {
          resetMocks();
          errors = [];
          const out = await mailerHandler(sqsEvent(body), ctx);
          expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
          expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
          expect(errors.length).toBeGreaterThan(0);
          expect(out.batchItemFailures.length).toBeLessThanOrEqual(1);
        }),
      ),
      { numRuns: 250 },
    );
  });

  it('a ledger email whose subject carries a line break is refused, never sent with an extra header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileText(),
          fc.constantFrom(...HEADER_PAYLOADS).map((p) => `[Nhắc hạn] NV-01: ${p}`),
        ),
        counter.count(async (subject) => {
          resetMocks();
          errors = [];
          ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === 'MAIL#k1' ? { Item: { ...MAIL, subject } } : {}));
          const out = await mailerHandler(sqsEvent(JSON.stringify({ key: 'k1' })), ctx);
          expect(out.batchItemFailures).toEqual([]);
          const sent = ses.commandCalls(SendEmailCommand);
          if (/[\r\n\0]/.test(subject)) {
            expect(sent).toHaveLength(0);
            expect(errors.length).toBe(1);
          } else {
            expect(sent).toHaveLength(1);
            const raw = Buffer.from(sent[0]!.args[0].input.Content!.Raw!.Data!).toString('latin1');
            const head = raw.split('\r\n\r\n')[0]!.split('\r\n');
            // Each header line is one of ours or the folded continuation of one.
            for (const line of head) expect(HEADER_LINE.test(line) || /^[ \t]/.test(line)).toBe(true);
          }
        }),
      ),
      { numRuns: 150 },
    );
  });
});

// ---- SES bounce events -------------------------------------------------------------------------

const bounceEvent = (detail: unknown) =>
  ({
    version: '0',
    id: 'e1',
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    account: '0',
    time: '2025-10-08T03:00:00Z',
    region: 'x',
    resources: [],
    detail,
  }) as EventBridgeEvent<string, unknown>;
const ADDRESS = 'vanthu@sotc.ha-noi.example';
const validBounce = fc.constantFrom(
  { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: ADDRESS, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } },
  { eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: ADDRESS.toUpperCase() }] } },
);

describe('bounce consumer', { timeout: 30_000 }, () => {
  it('an event that is not SES’s shape is logged and ignored; a hostile address or diagnostic is never stored or mailed raw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          wrongType,
          fc.jsonValue({ maxDepth: 3 }),
          validBounce.chain((b) => fc.oneof(wrongType, anyString).map((x) => ({ ...b, eventType: x }))),
          fc.tuple(anyString, fc.option(anyString, { nil: undefined })).map(([a, d]) => ({
            eventType: 'Bounce',
            bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: a, ...(d === undefined ? {} : { diagnosticCode: d }) }] },
          })),
          fc.constant({
            eventType: 'Bounce',
            bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: `${'a'.repeat(3000)}@x.vn`, diagnosticCode: 'd'.repeat(500_000) }] },
          }),
          fc.constant({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'a@x.vn\r\nBcc: ke-gian@example.com' }] } }),
        ),
        counter.count(async (detail) => {
          resetMocks();
          errors = [];
          const out = await bounceHandler(bounceEvent(detail), ctx);
          const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
          for (const item of puts) {
            expectStorable(item);
            expect(JSON.stringify(item).length).toBeLessThan(350_000); // DynamoDB's item limit is 400 KB
            if (String(item.pk).startsWith('ADDRESS#')) expect(String(item.pk).slice(8)).toMatch(/^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9.-]+$/);
            if (typeof item.subject === 'string') expect(item.subject).not.toMatch(/[\r\n]/);
          }
          if (out.suppressed === 0 && puts.length === 0) expect(errors.length).toBeGreaterThan(0);
        }),
      ),
      { numRuns: 250 },
    );
  });

  it('a valid bounce suppresses the address, lower-cased, once', async () => {
    for (const detail of fc.sample(validBounce, 2)) {
      counter.add(1);
      resetMocks();
      expect(await bounceHandler(bounceEvent(detail), ctx)).toEqual({ suppressed: 1 });
      expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!.pk)).toContain(`ADDRESS#${ADDRESS}`);
    }
  });
});

// ---- schedules ---------------------------------------------------------------------------------

describe('scheduled runs (deadline, digest, indicator cut-offs)', { timeout: 30_000 }, () => {
  const hostileTimes = fc.oneof(
    fc.constantFrom(
      '0',
      '1',
      '12',
      '99999',
      '+275760-09-13T00:00:00.000Z',
      '-000001-01-01T00:00:00Z',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      'Sat, 01 Jan 2000',
      '',
      'null',
      '9999-12-31T23:59:59Z',
      '1800-01-01T00:00:00Z',
    ),
    // (Hostile text that happens to be an ISO date-time is left to the explicit cases above.)
    anyString.filter((s) => !/^\d{4}-\d\d-\d\dT/.test(s)),
    wrongType,
  );
  const validTimes = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

  it('a time that is not a sane ISO 8601 instant is logged and the run is for now; a valid one is the run’s day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileTimes.map((t) => ({ t, valid: false })),
          validTimes.map((t) => ({ t, valid: true })),
        ),
        fc.boolean(),
        counter.count(async ({ t, valid }, withSchedule) => {
          resetMocks([]);
          errors = [];
          const event: unknown = withSchedule ? { schedule: 'deadline-daily', scheduledTime: t } : t;
          // An event without a time (an object with no scheduledTime) is a run for now, and fine.
          const plain = event === null || (typeof event === 'object' && !Array.isArray(event) && !('scheduledTime' in event));
          const ok = withSchedule ? valid : plain;
          expect(ScheduledEvent.safeParse(event ?? {}).success).toBe(ok);
          const day = valid && withSchedule ? new Date(new Date(t as string).getTime() + 7 * 3_600_000).toISOString().slice(0, 10) : '2025-10-08';
          const d = await deadlineHandler(event, ctx);
          expect(d.today).toBe(day);
          const g = await digestHandler(event, ctx);
          expect(g.week).toMatch(/^20\d\d-W\d\d$/);
          const i = (await indicatorHandler(event as never, ctx)) as { chased: number };
          expect(i.chased).toBeGreaterThanOrEqual(0);
          // Each of the three runs says the event was not understood.
          expect(errors.length).toBe(ok ? 0 : 3);
        }),
      ),
      { numRuns: 100 },
    );
  });
});
