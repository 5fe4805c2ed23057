import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { sesClient, sqsClient } from '../../shared/runtime/clients';
import {
  CLAIMED_STATES,
  CLAIM_LEASE_MS,
  LEDGER_TAG,
  getAttachments,
  getMail,
  isSuppressed,
  ledgerTagValue,
  moveMail,
  reclaimMail,
  suppressAddress,
  type MailItem,
} from '../../shared/data/ledger';
import { InvalidEmailError, buildMime } from '../../shared/mail/mime';
import { createLogger } from '../../shared/runtime/log';
import { eachRecord } from '../../shared/runtime/sqs-batch';

const log = createLogger({ fn: 'mailer' });

const Message = z.object({ key: z.string().min(1).max(500) }).strict();

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'LimitExceededException', 'SendingPausedException']);
/** SES refused the message itself: sending it again will not help. */
const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'NotFoundException']);

type Outcome = 'sent' | 'duplicate' | 'suppressed' | 'failed' | 'unconfirmed';

/** The email queue's maxReceiveCount (infra/topology.ts; test/infra checks they agree). */
export const EMAIL_MAX_RECEIVES = 5;

/**
 * Thrown for a record whose key is claimed by an attempt whose lease has not ended: the message
 * stays on the queue (a batch item failure), invisible until the lease ends, when the claim can
 * be taken over if SES has not confirmed the send meanwhile.
 */
class ClaimLive extends Error {
  constructor(
    readonly key: string,
    readonly remainingMs: number,
  ) {
    super(`${key} is claimed for ${Math.ceil(remainingMs / 1000)} s more`);
    this.name = 'ClaimLive';
  }
}

async function send(mail: MailItem, attachments?: Awaited<ReturnType<typeof getAttachments>>): Promise<Outcome> {
  const drop = async (list: string[]) =>
    (await Promise.all(list.map(async (a) => ((await isSuppressed(a)) ? undefined : a)))).filter((a): a is string => Boolean(a));
  const to = await drop(mail.to);
  const cc = await drop(mail.cc);
  if (!to.length && !cc.length) {
    await moveMail(mail.key, 'sending', 'suppressed', { reason: 'every recipient bounces' });
    return 'suppressed';
  }
  let raw: Buffer;
  try {
    raw = await buildMime({
      from: requireEnv('MAIL_FROM'),
      to: to.length ? to : cc,
      cc: to.length ? cc : [],
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: { 'X-Dondoc-Key': mail.key },
      ...(attachments ? { attachments } : {}),
    });
  } catch (e) {
    if (!(e instanceof InvalidEmailError)) throw e;
    // A bad address or header in the ledger: it will not get better by retrying.
    await moveMail(mail.key, 'sending', 'failed', { reason: e.message.slice(0, 500) });
    log.error('email cannot be built; not retried', { key: mail.key, error: e.message });
    return 'failed';
  }
  try {
    const out = await sesClient().send(
      new SendEmailCommand({
        FromEmailAddress: requireEnv('MAIL_FROM'),
        Destination: { ToAddresses: to.length ? to : cc, CcAddresses: to.length ? cc : [] },
        Content: { Raw: { Data: raw } },
        ...(process.env.SES_CONFIGURATION_SET ? { ConfigurationSetName: process.env.SES_CONFIGURATION_SET } : {}),
        EmailTags: [
          { Name: 'rule', Value: (mail.rule ?? 'other').replace(/[^\w-]/g, '_') },
          // SES's Send event carries the key back, confirming the send if this attempt dies now.
          { Name: LEDGER_TAG, Value: ledgerTagValue(mail.key) },
        ],
      }),
    );
    await moveMail(mail.key, 'sending', 'sent', { sentAt: now().toISOString(), sesMessageId: out.MessageId ?? '' });
    return 'sent';
  } catch (e) {
    const name = (e as { name?: string }).name ?? '';
    if (THROTTLING.has(name)) {
      // Nothing was sent: give the key back so a redelivery can try again later.
      await moveMail(mail.key, 'sending', 'queued');
      throw e;
    }
    if (PERMANENT.has(name)) {
      const message = (e as Error).message;
      await moveMail(mail.key, 'sending', 'failed', { reason: `${name}: ${message}`.slice(0, 500) });
      if (/address|recipient/i.test(message) && to.length === 1 && !cc.length) {
        await suppressAddress({ address: to[0]!, reason: 'rejected', at: now().toISOString(), diagnostic: message.slice(0, 500) });
      }
      log.error('SES refused the email; not retried', { key: mail.key, error: name, message });
      return 'failed';
    }
    // Unknown outcome (a timeout, a 5xx, a reset connection; the SDK did not retry it): the email
    // may have gone out. The claim stays, as `unconfirmed`: SES's Send event confirms it if it did;
    // if none comes within the lease, the message (kept until then) or the outbox sweep sends it again.
    log.warn('SES call failed with an unknown outcome; unconfirmed until SES confirms or the lease ends', { key: mail.key, error: name });
    await moveMail(mail.key, 'sending', 'unconfirmed');
    return 'unconfirmed';
  }
}

/**
 * Sends one ledger email. The key is claimed (queued → sending) before SES is called, so a
 * redelivered message, or a second mailer racing, finds it claimed or sent and sends nothing;
 * a claim whose lease ended with no Send event from SES is taken over and the email sent.
 */
async function processRecord(record: SQSRecord): Promise<Outcome> {
  const { key } = Message.parse(JSON.parse(record.body));
  const mail = await getMail(key);
  if (!mail) {
    log.error('no ledger item for this key; dropped', { key });
    return 'failed';
  }
  const at = now();
  const claimed = CLAIMED_STATES.includes(mail.state);
  const leaseEnds = claimed && mail.claimedAt !== undefined ? Date.parse(mail.claimedAt) + CLAIM_LEASE_MS : undefined;
  const expired = leaseEnds !== undefined && leaseEnds <= at.getTime();
  // Sent, failed or suppressed: nothing to do.
  if (!claimed && mail.state !== 'queued') return 'duplicate';
  // Claimed by an attempt that is running, or whose send SES may yet confirm: come back when the
  // lease ends (with no lease recorded, the outbox sweep decides).
  if (claimed && !expired) {
    if (leaseEnds === undefined) return 'duplicate';
    throw new ClaimLive(key, leaseEnds - at.getTime());
  }
  // Read before claiming: a failure here leaves the key as it was, for a retry.
  const attachments = mail.attachments?.length ? await getAttachments(key, mail.attachments) : undefined;
  const claim = { claimedAt: at.toISOString(), attempts: (mail.attempts ?? 0) + 1 };
  const won = expired ? await reclaimMail(key, mail.claimedAt!, claim) : await moveMail(key, 'queued', 'sending', claim);
  if (!won) return 'duplicate';
  if (expired) log.warn('claim expired with no Send event from SES: sending again', { key, claimedAt: mail.claimedAt, attempts: claim.attempts });
  const outcome = await send(mail, attachments);
  log.info('email processed', { key, outcome, correlationId: mail.correlationId, taskId: mail.taskId, rule: mail.rule });
  // The outcome is unknown: keep the message until this claim's lease ends, as for a live claim.
  if (outcome === 'unconfirmed') throw new ClaimLive(key, CLAIM_LEASE_MS);
  return outcome;
}

const queueUrls = new Map<string, Promise<string>>();

/** The URL of the queue a record came from (its ARN names the queue and its account). */
function queueUrlOf(record: SQSRecord): Promise<string> {
  let url = queueUrls.get(record.eventSourceARN);
  if (!url) {
    const [, , , , account, name] = record.eventSourceARN.split(':');
    url = sqsClient()
      .send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
      .then((o) => o.QueueUrl ?? '');
    url.catch(() => queueUrls.delete(record.eventSourceARN));
    queueUrls.set(record.eventSourceARN, url);
  }
  return url;
}

/**
 * A record whose key is claimed and whose lease is running stays on the queue, invisible until
 * the lease ends (SQS's visibility timeout is shorter than the lease): then the same message
 * finds the key sent (SES's Send event came) or the claim ready to be taken over. On the last
 * receive the queue allows, it is let go instead of dead-lettered: the outbox sweep re-enqueues
 * a claim whose lease ended unconfirmed.
 */
async function keepUntilLeaseEnds(record: SQSRecord, e: ClaimLive): Promise<'retry' | 'drop'> {
  const receives = Number(record.attributes?.ApproximateReceiveCount ?? '1');
  if (receives >= EMAIL_MAX_RECEIVES) {
    log.warn('claimed key on its last receive: left to the outbox sweep', { key: e.key, receives });
    return 'drop';
  }
  const seconds = Math.min(43_200, Math.max(1, Math.ceil(e.remainingMs / 1000)));
  try {
    await sqsClient().send(
      new ChangeMessageVisibilityCommand({ QueueUrl: await queueUrlOf(record), ReceiptHandle: record.receiptHandle, VisibilityTimeout: seconds }),
    );
  } catch (err) {
    // It comes back after the queue's own visibility timeout instead: sooner, and still safe.
    log.warn('could not extend the visibility of a claimed key', { key: e.key, error: err });
  }
  log.info('key claimed by another attempt: message kept until the lease ends', { key: e.key, seconds, receives });
  return 'retry';
}

async function processOrKeep(record: SQSRecord): Promise<Outcome> {
  try {
    return await processRecord(record);
  } catch (e) {
    if (!(e instanceof ClaimLive)) throw e;
    if ((await keepUntilLeaseEnds(record, e)) === 'drop') return 'duplicate';
    throw e;
  }
}

// One at a time: SES's sending rate is the limit, not this loop.
const consume = (event: SQSEvent): Promise<SQSBatchResponse> => eachRecord(event, log, 'email not sent this time; will be retried', processOrKeep);

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(consume);
