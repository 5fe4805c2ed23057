import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Logger } from './log';

/**
 * Runs `fn` on each record of an SQS batch, one after another, and reports only the records
 * that failed (partial batch response): the others are deleted and never redelivered.
 */
export async function eachRecord(event: SQSEvent, log: Logger, message: string, fn: (r: SQSRecord) => Promise<unknown>): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await fn(record);
    } catch (e) {
      log.error(message, { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: e });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
