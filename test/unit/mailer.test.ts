import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL_MAX_RECEIVES, handler } from '../../functions/mailer/handler';
import { setClock } from '../../shared/runtime/clock';
import { CLAIM_LEASE_MS, ledgerTagValue } from '../../shared/data/ledger';

const ddb = mockClient(DynamoDBDocumentClient);
let ledgerState = 'queued';
let claimedAt: string | undefined;
const NOW = new Date('2025-10-06T02:00:00Z');
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/email';

const mail = (state: string) => ({
  pk: 'MAIL#k1',
  sk: 'MAIL',
  key: 'k1',
  state,
  createdAt: '2025-10-06T00:00:00Z',
  to: ['a@ha-noi.example'],
  cc: [],
  subject: '[Nhắc hạn] NV-01',
  html: '<p>x</p>',
  text: 'x',
  ...(claimedAt ? { claimedAt, attempts: 1 } : {}),
});
const record = (receives = 1) => ({
  messageId: 'm1',
  receiptHandle: 'rh-1',
  body: JSON.stringify({ key: 'k1' }),
  attributes: { ApproximateReceiveCount: String(receives) },
  eventSourceARN: 'arn:aws:sqs:ap-southeast-1:123456789012:email',
});
const event = { Records: [record()] } as unknown as SQSEvent;
const run = (e: SQSEvent = event) => handler(e, {} as Context) as Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
/** The visibility timeouts the mailer set on its messages. */
const extended = () => sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input);
/** The states the mailer moved the key to, in order. */
const moves = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':to']);

beforeAll(() => {
  process.env.TABLE_NAME = 't';
  process.env.MAIL_FROM = 'dondoc@ubnd.ha-noi.example';
  setClock(() => NOW);
});
beforeEach(() => {
  ddb.reset();
  ses.reset();
  sqs.reset();
  sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: QUEUE_URL });
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  ledgerState = 'queued';
  claimedAt = undefined;
  // The ledger item; no address is suppressed.
  ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => (input.Key.pk === 'MAIL#k1' ? { Item: mail(ledgerState) } : {}));
  ddb.on(UpdateCommand).resolves({});
});

describe('mailer (unit, mocked AWS)', () => {
  it('claims the key, sends once, and records it sent', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect((await run()).batchItemFailures).toEqual([]);
    expect(moves()).toEqual(['sending', 'sent']);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const raw = Buffer.from(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Raw!.Data!).toString();
    expect(raw).toContain('X-Dondoc-Key: k1');
    // SES's Send event will carry the key back.
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input.EmailTags).toContainEqual({ Name: 'ledger', Value: ledgerTagValue('k1') });
  });

  it('sends nothing for a key already sent, failed or suppressed', async () => {
    claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS + 1000).toISOString();
    for (const state of ['sent', 'failed', 'suppressed']) {
      ledgerState = state;
      expect((await run()).batchItemFailures).toEqual([]);
    }
    expect(extended()).toEqual([]);
    // Two mailers racing: the claim is conditional; the loser sends nothing.
    ledgerState = 'queued';
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    expect((await run()).batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('keeps a redelivered message whose claim is live, invisible until the lease ends (not deleted as a duplicate)', async () => {
    // Claimed 5 minutes ago by an attempt that crashed (or is still running): 10 minutes of lease left.
    claimedAt = new Date(NOW.getTime() - 5 * 60_000).toISOString();
    for (const state of ['sending', 'unconfirmed']) {
      sqs.resetHistory();
      ledgerState = state;
      expect((await run()).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
      expect(extended()).toEqual([{ QueueUrl: QUEUE_URL, ReceiptHandle: 'rh-1', VisibilityTimeout: 600 }]);
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(moves()).toEqual([]);
  });

  it('lets a message with a live claim go on its last receive instead of dead-lettering it (the outbox sweep sends it)', async () => {
    claimedAt = new Date(NOW.getTime() - 5 * 60_000).toISOString();
    ledgerState = 'sending';
    const last = { Records: [record(EMAIL_MAX_RECEIVES)] } as unknown as SQSEvent;
    expect((await run(last)).batchItemFailures).toEqual([]);
    expect(extended()).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // One receive earlier it is still kept.
    expect((await run({ Records: [record(EMAIL_MAX_RECEIVES - 1)] } as unknown as SQSEvent)).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
  });

  it('gives the key back and asks SQS to retry when SES throttles (nothing was sent)', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException', $retryable: undefined }));
    expect((await run()).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(moves()).toEqual(['sending', 'queued']);
  }, 30_000);

  it('records an unknown outcome (timeout, 5xx, reset) as unconfirmed and keeps the message until the lease ends', async () => {
    const unknown = [
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
      Object.assign(new Error('Internal failure'), { name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } }),
      Object.assign(new Error('read ECONNRESET'), { name: 'Error', code: 'ECONNRESET' }),
    ];
    for (const error of unknown) {
      ddb.resetHistory();
      sqs.resetHistory();
      ses.reset();
      ses.on(SendEmailCommand).rejects(error);
      expect((await run()).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
      expect(moves()).toEqual(['sending', 'unconfirmed']);
      expect(extended()).toEqual([{ QueueUrl: QUEUE_URL, ReceiptHandle: 'rh-1', VisibilityTimeout: CLAIM_LEASE_MS / 1000 }]);
    }
  }, 30_000);

  it('takes over a claim whose lease ended with no Send event from SES, and sends once', async () => {
    ledgerState = 'sending';
    claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS).toISOString();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    expect((await run()).batchItemFailures).toEqual([]);
    const [reclaim, sent] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(reclaim?.ConditionExpression).toBe('#state IN (:sending, :unconfirmed) AND claimedAt = :claimed');
    expect(reclaim?.ExpressionAttributeValues).toMatchObject({ ':claimed': claimedAt, ':attempts': 2 });
    expect(sent?.ExpressionAttributeValues?.[':to']).toBe('sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('marks a message SES rejects as failed, without retrying', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
    expect((await run()).batchItemFailures).toEqual([]);
    expect(moves()).toEqual(['sending', 'failed']);
  });
});
