import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/mailer/handler';
import { setClock } from '../../shared/runtime/clock';
import { CLAIM_LEASE_MS, ledgerTagValue } from '../../shared/data/ledger';

const ddb = mockClient(DynamoDBDocumentClient);
let ledgerState = 'queued';
let claimedAt: string | undefined;
const NOW = new Date('2025-10-06T02:00:00Z');
const ses = mockClient(SESv2Client);

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
const event = { Records: [{ messageId: 'm1', body: JSON.stringify({ key: 'k1' }) }] } as unknown as SQSEvent;
const run = () => handler(event, {} as Context) as Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
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

  it('sends nothing for a key already sent, or claimed by an earlier attempt within its lease', async () => {
    claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS + 1000).toISOString();
    for (const state of ['sent', 'sending', 'failed', 'suppressed']) {
      ledgerState = state;
      expect((await run()).batchItemFailures).toEqual([]);
    }
    // Two mailers racing: the claim is conditional; the loser sends nothing.
    ledgerState = 'queued';
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    expect((await run()).batchItemFailures).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('gives the key back and asks SQS to retry when SES throttles (nothing was sent)', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException', $retryable: undefined }));
    expect((await run()).batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(moves()).toEqual(['sending', 'queued']);
  }, 30_000);

  it('leaves an unknown outcome claimed, for SES to confirm or the lease to end', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    expect((await run()).batchItemFailures).toEqual([]);
    expect(moves()).toEqual(['sending']);
  }, 30_000);

  it('takes over a claim whose lease ended with no Send event from SES, and sends once', async () => {
    ledgerState = 'sending';
    claimedAt = new Date(NOW.getTime() - CLAIM_LEASE_MS).toISOString();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    expect((await run()).batchItemFailures).toEqual([]);
    const [reclaim, sent] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(reclaim?.ConditionExpression).toBe('#state = :sending AND claimedAt = :claimed');
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
