import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { sesClient } from '../../shared/runtime/clients';
import {
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

type Outcome = 'sent' | 'duplicate' | 'suppressed' | 'failed';

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
    // Unknown outcome (network, 5xx): the email may have gone out. The claim stays: SES's Send
    // event confirms it if it did; if none comes within the lease, the outbox sweep sends it again.
    log.warn('SES call failed with an unknown outcome; left claimed until SES confirms or the lease ends', { key: mail.key, error: name });
    return 'failed';
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
  const expired = mail.state === 'sending' && mail.claimedAt !== undefined && Date.parse(mail.claimedAt) <= at.getTime() - CLAIM_LEASE_MS;
  // Sent, failed or suppressed; or claimed by an attempt that is running, or whose send SES may
  // yet confirm: nothing to do now.
  if (mail.state !== 'queued' && !expired) return 'duplicate';
  // Read before claiming: a failure here leaves the key as it was, for a retry.
  const attachments = mail.attachments?.length ? await getAttachments(key, mail.attachments) : undefined;
  const claim = { claimedAt: at.toISOString(), attempts: (mail.attempts ?? 0) + 1 };
  const claimed = expired ? await reclaimMail(key, mail.claimedAt!, claim) : await moveMail(key, 'queued', 'sending', claim);
  if (!claimed) return 'duplicate';
  if (expired) log.warn('claim expired with no Send event from SES: sending again', { key, claimedAt: mail.claimedAt, attempts: claim.attempts });
  const outcome = await send(mail, attachments);
  log.info('email processed', { key, outcome, correlationId: mail.correlationId, taskId: mail.taskId, rule: mail.rule });
  return outcome;
}

// One at a time: SES's sending rate is the limit, not this loop.
const consume = (event: SQSEvent): Promise<SQSBatchResponse> => eachRecord(event, log, 'email not sent this time; will be retried', processRecord);

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(consume);
