import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../functions/outbox-sweep/handler';
import { queueUrlEnv } from '../../shared/runtime/config';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

beforeAll(() => {
  process.env.TABLE_NAME = 't';
  process.env[queueUrlEnv('email')] = 'http://sqs.local/email';
});

const item = (key: string, state = 'queued', claimedAt?: string) => ({
  key,
  state,
  createdAt: '2025-10-19T01:00:00.000Z',
  ...(claimedAt ? { claimedAt } : {}),
});

describe('the outbox sweep', () => {
  it('reads every page of the outbox index, not only the first', async () => {
    ddb.reset();
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const first = Array.from({ length: 500 }, (_, i) => item(`k${i}`));
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: first, LastEvaluatedKey: { gsi4pk: 'OUTBOX', gsi4sk: 'x', pk: 'MAIL#k499', sk: 'MAIL' } })
      .resolvesOnce({ Items: [item('late'), item('stuck', 'sending', '2025-10-19T01:00:00.000Z'), item('fresh', 'sending', '2025-10-19T02:55:00.000Z')] });
    const r = await sweep('2025-10-19T03:00:00Z');
    expect(r).toMatchObject({ pages: 2, read: 503, requeued: 502 });
    const queries = ddb.commandCalls(QueryCommand);
    expect(queries).toHaveLength(2);
    expect(queries[1]!.args[0].input.ExclusiveStartKey).toMatchObject({ pk: 'MAIL#k499' });
    const sent = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => (JSON.parse(e.MessageBody!) as { key: string }).key));
    expect(sent).toHaveLength(502);
    expect(sent).toContain('late');
    expect(sent).toContain('stuck');
    expect(sent).not.toContain('fresh'); // its claim's lease has not ended
  });
});
