import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROUTE_KEYS, handler } from '../../functions/api/handler';
import { httpRoutes } from '../../infra/topology';
import { setClock } from '../../shared/runtime/clock';
import { mockTaskAndQueue } from '../support/api';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let restore: () => void;

beforeAll(() => {
  process.env.TABLE_NAME = 'test-table';
  process.env.QUEUE_URL_TASK_UPDATES = 'https://sqs.test/000/task-updates';
  restore = setClock(() => new Date('2025-09-20T03:00:00Z'));
});
afterAll(() => restore());
beforeEach(() => {
  ddb.reset();
  sqs.reset();
  mockTaskAndQueue(ddb, sqs);
});

const claims = (agency: string, role = 'agency') => ({ sub: `u-${agency}`, 'cognito:groups': `[${role}]`, 'custom:agency': agency });

async function post(body: unknown, c?: Record<string, string>) {
  const event = {
    version: '2.0',
    routeKey: 'POST /tasks/{id}/updates',
    rawPath: '/tasks/NV-01/updates',
    headers: {},
    pathParameters: { id: 'NV-01' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', ...(c ? { authorizer: { jwt: { claims: c, scopes: [] } } } : {}) },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const res = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: JSON.parse(res.body ?? '{}') };
}

describe('POST /tasks/{id}/updates (unit, mocked AWS)', () => {
  it('queues a valid update from the lead agency with who, when and the correlation id', async () => {
    const r = await post({ progress: 40, note: '  Đang lấy ý kiến  ', waitingOnCoAgency: true }, claims('SO-TC'));
    expect(r.status).toBe(202);
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    const msg = JSON.parse(sent[0]!.args[0].input.MessageBody!);
    expect(msg).toMatchObject({
      taskId: 'NV-01',
      kind: 'progress',
      progress: 40,
      note: 'Đang lấy ý kiến',
      waitingOnCoAgency: true,
      actor: { sub: 'u-SO-TC', role: 'agency', agency: 'SO-TC' },
      receivedAt: '2025-09-20T03:00:00.000Z',
      requestId: 'req-1',
      correlationId: 'req-1',
    });
    expect(msg.updateId).toBe(r.body.updateId);
  });

  it('sends nothing for invalid input, a stranger, or a missing token', async () => {
    expect((await post({ progress: 140, note: 'x' }, claims('SO-TC'))).status).toBe(400);
    expect((await post({ progress: 40, note: 'x' }, claims('SO-XD'))).status).toBe(403);
    expect((await post({ progress: 40, note: 'x' }, claims('SO-CT'))).status).toBe(403);
    expect(await post({ progress: 40, note: 'x' })).toMatchObject({ status: 401 });
    expect(await post({ progress: 40, note: 'x' }, { sub: 'u', 'cognito:groups': '[agency]' })).toMatchObject({ status: 401 });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('names the co-operating agency the lead waits on, only one of the task', async () => {
    const bad = await post({ note: 'Chờ ý kiến', waitingOn: 'SO-XD' }, claims('SO-TC'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toMatchObject({
      field: 'waitingOn',
      vi: 'Chỉ nêu được một cơ quan phối hợp của nhiệm vụ này: SO-CT.',
      en: 'Only a co-operating agency of this task can be named: SO-CT.',
    });
    expect((await post({ note: 'x', waitingOn: 'SO-CT', waitingOnCoAgency: false }, claims('SO-TC'))).status).toBe(400);
    expect((await post({ note: 'x', waitingOn: 'SO-CT' }, claims('SO-CT'))).status).toBe(403);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    const ok = await post({ note: 'Chờ ý kiến Sở Công Thương', waitingOn: 'SO-CT' }, claims('SO-TC'));
    expect(ok.status).toBe(202);
    expect(JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!)).toMatchObject({ kind: 'note', waitingOn: 'SO-CT' });
    sqs.resetHistory();
  });

  it('rejects evidence dated in the future and text with control characters', async () => {
    const future = await post({ progress: 40, note: 'x', evidence: { documentNumber: '1/QĐ', documentDate: '21/09/2025' } }, claims('SO-TC'));
    expect(future.body.error.fields[0].field).toBe('evidence.documentDate');
    // Before the task was assigned (1/6/2025): no document can report its result.
    const early = await post({ progress: 100, note: 'x', evidence: { documentNumber: '1/QĐ', documentDate: '31/05/2025' } }, claims('SO-TC'));
    expect(early.status).toBe(400);
    expect(early.body.error.fields[0]).toMatchObject({
      field: 'evidence.documentDate',
      vi: 'Ngày văn bản không thể trước ngày giao nhiệm vụ (01/06/2025).',
      en: 'The document date cannot be before the task was assigned (01/06/2025).',
    });
    expect((await post({ progress: 100, note: 'x', evidence: { documentNumber: '1/QĐ', documentDate: '01/06/2025' } }, claims('SO-TC'))).status).toBe(202);
    sqs.resetHistory();
    const ctrl = await post({ progress: 40, note: 'a\u0007b' }, claims('SO-TC'));
    expect(ctrl.status).toBe(400);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('answers 500 with a bilingual message, not a stack trace, when SQS fails', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('boom'));
    const r = await post({ progress: 40, note: 'x' }, claims('SO-TC'));
    expect(r.status).toBe(500);
    expect(r.body.error.vi).toBeTruthy();
    expect(JSON.stringify(r.body)).not.toContain('boom');
  });
});

describe('the API function and the topology', () => {
  it('serves exactly the routes the topology declares', () => {
    expect([...ROUTE_KEYS].sort()).toEqual(
      httpRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
  });
});
