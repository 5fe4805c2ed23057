import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { suppressedAddresses, unconfirmedEmails, undeliveredEmails } from '../../../shared/data/delivery';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { sqsClient } from '../../../shared/runtime/clients';
import { FAILED_RUNS_URL_ENV, queueOfDlqEnv } from '../../../shared/runtime/config';
import type { Route } from '../context';
import { json } from '../http';

/** Each list on the page holds at most this many, newest first; `more` says when there were more. */
export const DELIVERY_LIST_LIMIT = 100;

type QueueDepth = { queue: string; kind: 'dead-letter' | 'failed-runs'; depth: number | null };

/**
 * The depth of each queue the function was given (the DLQs and the failed-runs queue, from the
 * topology): SQS's ApproximateNumberOfMessages, or null when it could not be read.
 */
async function queueDepths(log: { warn(msg: string, extra?: Record<string, unknown>): void }): Promise<QueueDepth[]> {
  const watched: Array<{ queue: string; kind: QueueDepth['kind']; url: string }> = [];
  for (const [name, url] of Object.entries(process.env)) {
    const queue = queueOfDlqEnv(name);
    if (queue && url) watched.push({ queue, kind: 'dead-letter', url });
  }
  watched.sort((a, b) => a.queue.localeCompare(b.queue));
  const failedRuns = process.env[FAILED_RUNS_URL_ENV];
  if (failedRuns) watched.push({ queue: 'failed-runs', kind: 'failed-runs', url: failedRuns });
  return Promise.all(
    watched.map(async ({ queue, kind, url }) => {
      try {
        const out = await sqsClient().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
        const n = Number(out.Attributes?.ApproximateNumberOfMessages);
        return { queue, kind, depth: Number.isFinite(n) ? n : null };
      } catch (e) {
        log.warn('queue depth not read', { queue, error: (e as Error).name });
        return { queue, kind, depth: null };
      }
    }),
  );
}

/**
 * GET /delivery (the city office): emails whose outcome SES has not confirmed, emails that failed
 * or were suppressed, addresses suppressed after a bounce, a complaint or SES's refusal (with the
 * agencies that use them), and how many messages wait in each dead-letter queue.
 */
export const status: Route = async ({ log }) => {
  const [unconfirmed, undelivered, suppressed, queues, dir] = await Promise.all([
    unconfirmedEmails(DELIVERY_LIST_LIMIT),
    undeliveredEmails(DELIVERY_LIST_LIMIT),
    suppressedAddresses(DELIVERY_LIST_LIMIT),
    queueDepths(log),
    loadDirectory(),
  ]);
  const usedBy = (address: string) =>
    dir.agencies
      .filter((a) => a.emails.some((e) => e.toLowerCase() === address) || a.head.email.toLowerCase() === address)
      .map((a) => a.name)
      .concat(dir.leaders.filter((l) => l.email.toLowerCase() === address).map((l) => l.name));
  const emails = [...unconfirmed.items, ...undelivered.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.key.localeCompare(b.key));
  return json(200, {
    emails,
    emailsMore: unconfirmed.more || undelivered.more,
    suppressed: suppressed.items.map((s) => ({ ...s, usedBy: usedBy(s.address) })),
    suppressedMore: suppressed.more,
    queues,
  });
};
