import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from './log';

/**
 * Runs `fn` on each record of an SQS batch, one after another, and reports only the records
 * that failed (partial batch response): the others are deleted and never redelivered.
 *
 * Powertools' batch processor, configured to keep what consumers and the local runtime rely on:
 * records in order, not in parallel; a batch where every record failed comes back as the list
 * of all of them, not as a thrown FullBatchFailureError (the same redelivery, but Lambda would
 * count a failed invocation and the local runtime's poller log an error); each failure logged
 * with its message id.
 */
export async function eachRecord(event: SQSEvent, log: Logger, message: string, fn: (r: SQSRecord) => Promise<unknown>): Promise<SQSBatchResponse> {
  // A processor per batch: it holds the batch's state, and the local runtime runs invocations of
  // one function side by side in one process.
  const processor = new BatchProcessor(EventType.SQS);
  const handle = async (record: SQSRecord) => {
    try {
      return await fn(record);
    } catch (e) {
      log.error(message, { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: e });
      // The processor reads `.message` of what it catches: a thrown null would fail the whole batch.
      throw e instanceof Error ? e : new Error(String(e));
    }
  };
  const out = await processPartialResponse(event, handle, processor, { processInParallel: false, throwOnFullBatchFailure: false });
  // A fresh list: with no failure the processor returns an object it shares between batches.
  return { batchItemFailures: [...out.batchItemFailures] };
}
