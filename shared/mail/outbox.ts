import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { requireEnv, queueUrlEnv } from '../runtime/config';
import { sqsClient } from '../runtime/clients';
import { messageBody } from '../runtime/queues';
import { CLAIM_LEASE_MS, outboxBefore } from '../data/ledger';

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

/** A ledger email still queued after this long lost its queue message: enqueue it again. */
export const OUTBOX_GRACE_MS = 15 * 60_000;

/**
 * The outbox sweep: finds ledger emails whose queue message was lost (a crash between ledger
 * write and enqueue), and claims whose lease ended with no Send event from SES (the attempt died
 * before SES took the email): both go back to the mailer, which sends each once. Reads every
 * page of the outbox index. Safe to repeat: a key queued twice is sent once.
 */
export async function sweepOutbox(at: Date, onExpired?: (key: string, claimedAt: string) => void): Promise<{ read: number; requeued: number; pages: number }> {
  const result = { read: 0, requeued: 0, pages: 0 };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await outboxBefore(new Date(at.getTime() - OUTBOX_GRACE_MS).toISOString(), cursor);
    result.pages++;
    result.read += page.items.length;
    const requeue: string[] = [];
    for (const m of page.items) {
      if (m.state === 'queued') requeue.push(m.key);
      else if ((m.state === 'sending' || m.state === 'unconfirmed') && m.claimedAt && Date.parse(m.claimedAt) <= at.getTime() - CLAIM_LEASE_MS) {
        onExpired?.(m.key, m.claimedAt);
        requeue.push(m.key);
      }
    }
    if (requeue.length) await enqueueMail(requeue);
    result.requeued += requeue.length;
    cursor = page.cursor;
  } while (cursor);
  return result;
}
