import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { requireEnv, queueUrlEnv } from '../runtime/config';
import { sqsClient } from '../runtime/clients';
import { messageBody } from '../runtime/queues';

/**
 * Puts ledger keys on the email queue; the mailer reads each email from the ledger. Called only
 * by the writer that won the key, after its transaction committed.
 */
export async function enqueueMail(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10) {
    const batch = keys.slice(i, i + 10);
    const out = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: requireEnv(queueUrlEnv('email')),
        Entries: batch.map((key, j) => ({ Id: String(j), MessageBody: messageBody({ key }) })),
      }),
    );
    if (out.Failed?.length) throw new Error(`email queue refused ${out.Failed.length} message(s): ${out.Failed[0]?.Message ?? ''}`);
  }
}
