import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/api/handler';
import { loadDigestData } from '../../shared/digest/input';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { setClock } from '../../shared/runtime/clock';
import { mockTaskAndQueue } from '../support/api';
import type { TaskRecord } from '../../shared/domain/task';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';

// The digest preview reads the whole plan: it gets the sample plan, every task just assigned.
vi.mock('../../shared/digest/input', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../shared/digest/input')>()),
  loadDigestData: vi.fn(),
}));

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let restore: () => void;

beforeAll(() => {
  process.env.TABLE_NAME = 'test-table';
  process.env.QUEUE_URL_TASK_UPDATES = 'https://sqs.test/000/task-updates';
  process.env.APP_URL = 'https://dondoc.example';
  restore = setClock(() => new Date('2025-10-08T03:00:00Z'));
  const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
  const tasks = plan.tasks.map((t): TaskRecord => ({ ...t, progress: 0, waitingOnCoAgency: false, version: 0, deadlineVersion: 0, assignedOn: '2025-09-01' }));
  vi.mocked(loadDigestData).mockResolvedValue({
    dir: { meta: plan.meta, groups: plan.groups, leaders: plan.leaders, agencies: plan.agencies, indicators: plan.indicators, states: [] },
    base: {
      planCode: plan.meta.code,
      planTitle: plan.meta.title,
      tasks,
      agencies: plan.agencies,
      leaders: plan.leaders,
      indicators: plan.indicators.map((def) => ({ def })),
    },
  });
});
afterAll(() => restore());
beforeEach(() => {
  ddb.reset();
  sqs.reset();
  ddb.on(GetCommand).resolves({});
  mockTaskAndQueue(ddb, sqs);
});

const AGENCY = { sub: 'u-so-tc', 'cognito:groups': '[agency]', 'custom:agency': 'SO-TC' };
const OFFICE = { sub: 'u-vp', 'cognito:groups': '[office]', 'custom:agency': 'VP-UBND' };

interface Req {
  routeKey: string;
  id?: string;
  query?: Record<string, string>;
  body?: string;
  claims?: Record<string, string>;
}

async function call(r: Req, context: Partial<Context> = {}) {
  const event = {
    version: '2.0',
    routeKey: r.routeKey,
    rawPath: r.routeKey.split(' ')[1]!.replace('{id}', r.id ?? ''),
    headers: {},
    ...(r.id ? { pathParameters: { id: r.id } } : {}),
    ...(r.query ? { queryStringParameters: r.query } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', ...(r.claims ? { authorizer: { jwt: { claims: r.claims, scopes: [] } } } : {}) },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const res = (await handler(event, context as Context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, headers: (res.headers ?? {}) as Record<string, string>, body: res.body ?? '' };
}

const EVERY_ANSWER = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
};
const JSON_ANSWER = {
  ...EVERY_ANSWER,
  'content-type': 'application/json; charset=utf-8',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

describe('security headers on the API answers', () => {
  it('a JSON answer: the four on every answer, and a policy that loads nothing', async () => {
    for (const req of [{ routeKey: 'GET /health' }, { routeKey: 'GET /tasks/{id}', id: 'NV-01', claims: AGENCY }]) {
      const r = await call(req);
      expect(r.status, req.routeKey).toBe(200);
      expect(r.headers, req.routeKey).toMatchObject(JSON_ANSWER);
    }
    const accepted = await call({ routeKey: 'POST /tasks/{id}/updates', id: 'NV-01', body: JSON.stringify({ progress: 40, note: 'x' }), claims: AGENCY });
    expect(accepted.status).toBe(202);
    expect(accepted.headers).toMatchObject({ ...JSON_ANSWER, location: '/tasks/NV-01/updates' });
  });

  it('an error answer, whichever step refused or failed', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('boom'));
    const cases: Array<[Req, number]> = [
      [{ routeKey: 'GET /nowhere', claims: AGENCY }, 404],
      [{ routeKey: 'GET /tasks/{id}', id: 'NV-01' }, 401],
      [{ routeKey: 'POST /plan/import', body: '{}', claims: AGENCY }, 403],
      [{ routeKey: 'GET /tasks/{id}', id: 'NV-999', claims: AGENCY }, 404],
      [{ routeKey: 'POST /tasks/{id}/updates', id: 'NV-01', body: '{', claims: AGENCY }, 400],
      [{ routeKey: 'POST /tasks/{id}/updates', id: 'NV-01', body: 'x'.repeat(6_000_001), claims: AGENCY }, 413],
      [{ routeKey: 'GET /digests/preview', query: { recipient: 'CT', week: '2025-41' }, claims: OFFICE }, 400],
      [{ routeKey: 'POST /tasks/{id}/updates', id: 'NV-01', body: JSON.stringify({ note: 'x' }), claims: AGENCY }, 500],
    ];
    for (const [req, status] of cases) {
      const r = await call(req);
      expect(r.status, req.routeKey).toBe(status);
      expect(r.headers, req.routeKey).toMatchObject(JSON_ANSWER);
      expect(JSON.parse(r.body).error.requestId, req.routeKey).toBe('req-1');
    }
  });

  it('the digest preview: HTML with inline styles only, under a policy that allows just those', async () => {
    const r = await call({ routeKey: 'GET /digests/preview', query: { recipient: 'CT', week: '2025-W41' }, claims: OFFICE });
    expect(r.status, r.body.slice(0, 300)).toBe(200);
    expect(r.headers).toMatchObject({
      ...EVERY_ANSWER,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
    });
    // What the page needs is allowed: style attributes. Nothing it would need is blocked: no
    // script, stylesheet, style element, frame, object, font or image other than a data: URI.
    expect(r.body).toMatch(/<td [^>]*style="/);
    expect(r.body).not.toMatch(/<(script|link|style|iframe|frame|object|embed|base|form|video|audio|source)\b/i);
    expect(r.body).not.toMatch(/\son\w+\s*=|javascript:|url\(|@import|@font-face|srcset=/i);
    for (const [, src] of r.body.matchAll(/<img\b[^>]*\ssrc="([^"]*)"/gi)) expect(src).toMatch(/^data:/);
  });

  it("leaves middy's early timeout to fail the invocation (API Gateway answers its own 500)", async () => {
    sqs.on(SendMessageCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ MessageId: 'm1' }), 200)));
    const req: Req = { routeKey: 'POST /tasks/{id}/updates', id: 'NV-01', body: JSON.stringify({ note: 'x' }), claims: AGENCY };
    await expect(call(req, { getRemainingTimeInMillis: () => 20 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
