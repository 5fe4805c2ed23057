import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { requireEnv, queueUrlEnv } from '../runtime/config';
import { sqsClient } from '../runtime/clients';
import type { Actor, IndicatorValueMessage } from '../../events/indicator';
import { messageBody } from '../runtime/queues';
import type { ValueRecord } from '../domain/values';

/**
 * Puts validated indicator values on the indicator-ingest queue: the one path by which the API,
 * the CSV upload and the command line hand values to the indicator function. Values keep their
 * order through `receivedAt` (a millisecond apart), so a later revision of a stage wins.
 */
export async function enqueueValues(records: ValueRecord[], reportedBy: Actor, correlationId: string, at: Date, requestId?: string): Promise<void> {
  const messages = records.map((r, i): IndicatorValueMessage => ({
    type: 'IndicatorValue',
    ...r,
    reportedBy,
    receivedAt: new Date(at.getTime() + i).toISOString(),
    correlationId,
    ...(requestId ? { requestId } : {}),
  }));
  const batches: IndicatorValueMessage[][] = [];
  for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
  // A few batches at a time: an upload of thousands of rows is queued well within the API's timeout.
  // (Order on the queue does not matter: receivedAt says which revision came last.)
  for (let i = 0; i < batches.length; i += SENDS_IN_FLIGHT) {
    await Promise.all(
      batches.slice(i, i + SENDS_IN_FLIGHT).map(async (batch) => {
        const out = await sqsClient().send(
          new SendMessageBatchCommand({
            QueueUrl: requireEnv(queueUrlEnv('indicator-ingest')),
            Entries: batch.map((m, j) => ({ Id: String(j), MessageBody: messageBody(m) })),
          }),
        );
        if (out.Failed?.length) throw new Error(`indicator-ingest refused ${out.Failed.length} message(s)`);
      }),
    );
  }
}

const SENDS_IN_FLIGHT = 8;
