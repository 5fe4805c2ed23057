import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { requireEnv } from '../config';
import { sqsClient } from '../data/clients';
import type { ValueRecord } from '../plan/values-csv';
import type { Actor, IndicatorValueMessage } from '../../events/indicator';
import { queueUrlEnv } from '../../infra/topology';

/**
 * Puts validated indicator values on the indicator-ingest queue: the one path by which the API,
 * the CSV upload and the command line hand values to the indicator function. Values keep their
 * order through `receivedAt` (a millisecond apart), so a later revision of a stage wins.
 */
export async function enqueueValues(records: ValueRecord[], reportedBy: Actor, correlationId: string, at: Date): Promise<void> {
  const messages = records.map(
    (r, i): IndicatorValueMessage => ({ type: 'IndicatorValue', ...r, reportedBy, receivedAt: new Date(at.getTime() + i).toISOString(), correlationId }),
  );
  for (let i = 0; i < messages.length; i += 10) {
    const out = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: requireEnv(queueUrlEnv('indicator-ingest')),
        Entries: messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
      }),
    );
    if (out.Failed?.length) throw new Error(`indicator-ingest refused ${out.Failed.length} message(s)`);
  }
}
