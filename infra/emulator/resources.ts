import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { failedRuns, queues, table, visibilityTimeoutSeconds, type QueueName } from '../topology';

/**
 * Creates the topology's table and queues on the stand-ins, as the CDK stack does in AWS.
 * Safe to run at every start: existing resources are kept, and indexes added to the topology
 * since the table was made are created.
 */
export async function ensureTable(ddb: DynamoDBClient, tableName: string): Promise<void> {
  const attrs = new Set<string>([table.partitionKey, table.sortKey, ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  const gsi = (i: (typeof table.indexes)[number]) => ({
    IndexName: i.name,
    KeySchema: [
      { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  let existing: string[] | undefined;
  try {
    const d = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
    existing = (d.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '');
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  if (!existing) {
    await ddb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attrs].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.map(gsi),
      }),
    );
    await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName: tableName });
    return;
  }
  for (const i of table.indexes.filter((x) => !existing.includes(x.name))) {
    await ddb.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [i.partitionKey, i.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: gsi(i) }],
      }),
    );
  }
}

export interface QueueUrls {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

/** Each queue with its DLQ, visibility timeout and redrive policy from the topology. */
export async function ensureQueues(sqs: SQSClient): Promise<Record<QueueName, QueueUrls>> {
  const out = {} as Record<QueueName, QueueUrls>;
  for (const q of Object.values(queues)) {
    const dlq = await sqs.send(
      new CreateQueueCommand({ QueueName: `${q.name}-dlq`, Attributes: { MessageRetentionPeriod: String(q.dlqRetentionDays * 86400) } }),
    );
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: q.name,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds(q.name as QueueName)),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn ?? '';
    out[q.name as QueueName] = { url: main.QueueUrl ?? '', arn, dlqUrl: dlq.QueueUrl ?? '', dlqArn };
  }
  return out;
}

/** The failed-runs queue: the on-failure destination of every asynchronously invoked function. */
export async function ensureFailedRuns(sqs: SQSClient): Promise<string> {
  const out = await sqs.send(
    new CreateQueueCommand({ QueueName: failedRuns.name, Attributes: { MessageRetentionPeriod: String(failedRuns.retentionDays * 86400) } }),
  );
  return out.QueueUrl ?? '';
}
