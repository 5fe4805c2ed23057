import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { sweepOutbox } from '../../shared/mail/outbox';
import { createLogger } from '../../shared/runtime/log';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';

const log = createLogger({ fn: 'outbox-sweep' });

export interface SweepResult {
  at: string;
  read: number;
  requeued: number;
  pages: number;
}

/**
 * The outbox sweep, every 5 minutes, every day (days off included): ledger emails whose queue
 * message was lost, and claims whose lease ended unconfirmed, go back to the mailer, which sends
 * each once. Reads every page of the outbox index. Idempotent: a repeated sweep re-queues keys the
 * mailer then finds already claimed or sent.
 */
export async function sweep(scheduledTime?: string): Promise<SweepResult> {
  const at = runInstant(scheduledTime);
  const r = await sweepOutbox(at, (key, claimedAt) => log.warn('email claim expired unconfirmed: back to the mailer', { key, claimedAt }));
  if (r.requeued) log.info('outbox sweep re-queued emails', { ...r });
  return { at: at.toISOString(), ...r };
}

export const handler = middy<unknown, SweepResult>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler((event) => sweep(scheduledTimeOf(event, log)));
