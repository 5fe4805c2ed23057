import { mockClient } from 'aws-sdk-client-mock';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/indicator/handler';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { setClock } from '../../shared/runtime/clock';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';

/**
 * The indicator consumer with AWS mocked: what it does when it cannot save the new assessment,
 * and how it reads the values it has just written.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let restoreClock: () => void;

const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
const planItems = [
  ...plan.indicators.map((d) => ({ pk: 'PLAN', sk: `INDICATOR#${d.id}`, entity: 'indicator', ...d })),
  ...plan.agencies.map((a) => ({ pk: 'PLAN', sk: `AGENCY#${a.code}`, entity: 'agency', ...a })),
  ...plan.leaders.map((l) => ({ pk: 'PLAN', sk: `LEADER#${l.id}`, entity: 'leader', ...l })),
];

/** GRDP growth for 2025 Q1, as the Department of Finance reported it through the API. */
const VALUE = {
  indicatorId: 'CT-01',
  period: '2025-Q1',
  value: 7.35,
  unit: '%',
  revision: 'estimated',
  source: 'Báo cáo ước tính quý I/2025',
  reportedBy: { sub: 'u-so-tc', role: 'agency', agency: 'SO-TC' },
  receivedAt: '2025-04-05T02:00:00.000Z',
} as const;

const event = (): SQSEvent =>
  ({
    Records: [
      {
        messageId: 'm1',
        body: JSON.stringify({ type: 'IndicatorValue', ...VALUE, correlationId: 'c-1', requestId: 'r-1' }),
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  }) as unknown as SQSEvent;

/** The state as another consumer left it: version 7, an assessment this value changes. */
const STATE = {
  pk: 'PLAN',
  sk: 'INDSTATE#CT-01',
  indicatorId: 'CT-01',
  version: 7,
  updatedAt: '2025-04-01T00:00:00.000Z',
  assessment: { indicatorId: 'CT-01', status: 'unknown', reason: { vi: 'Chưa có số liệu', en: 'No value yet' } },
};

beforeAll(() => {
  Object.assign(process.env, {
    TABLE_NAME: 'dondoc-test',
    APP_URL: 'https://dondoc.example.vn',
    QUEUE_URL_EMAIL: 'https://sqs.test/000/email',
  });
  restoreClock = setClock(() => new Date('2025-04-05T03:00:00Z'));
});
afterAll(() => restoreClock());
afterEach(() => vi.restoreAllMocks());

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  ddb
    .on(QueryCommand)
    .callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) =>
      input.ExpressionAttributeValues?.[':p'] === 'PLAN'
        ? { Items: planItems }
        : { Items: [{ pk: 'INDICATOR#CT-01', sk: 'VALUE#2025-Q1#0#7.35', entity: 'value', ...VALUE }] },
    );
  ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => (input.Key.sk === 'INDSTATE#CT-01' ? { Item: structuredClone(STATE) } : {}));
  ddb.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

const ctx = {} as Context;

describe('indicator ingest', () => {
  it('fails the record (so SQS delivers it again) when every attempt to save the assessment loses the race', async () => {
    const lost = () => new ConditionalCheckFailedException({ message: 'version moved', $metadata: {} });
    ddb.on(UpdateCommand).rejects(lost());
    ddb.on(TransactWriteCommand).rejects(lost());
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // the failure's error line
    const out = (await handler(event(), ctx)) as { batchItemFailures: Array<{ itemIdentifier: string }> };
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(stderr.mock.calls.some(([line]) => String(line).includes('"messageId":"m1"'))).toBe(true);
    // Five attempts, then it gave up: never more.
    expect(ddb.commandCalls(UpdateCommand).length + ddb.commandCalls(TransactWriteCommand).length).toBe(5);
  });

  it('saves the assessment and deletes the record when an attempt wins', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const out = (await handler(event(), ctx)) as { batchItemFailures: unknown[] };
    expect(out.batchItemFailures).toEqual([]);
  });

  it("reads the indicator's values with a consistent read, so the value just written is in the replay", async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    await handler(event(), ctx);
    const valueReads = ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.ExpressionAttributeValues?.[':p'] === 'INDICATOR#CT-01');
    expect(valueReads.length).toBeGreaterThan(0);
    for (const c of valueReads) expect(c.args[0].input.ConsistentRead).toBe(true);
  });
});
