import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { now } from '../../shared/runtime/clock';
import { LEDGER_TAG, confirmSent, getMail, keyFromLedgerTag, suppressAddress, writeMail } from '../../shared/data/ledger';
import { loadDirectory } from '../../shared/data/plan-directory';
import { renderBounceReport } from '../../shared/mail/templates/bounce';
import { isValidAddress } from '../../shared/domain/address';
import { createLogger } from '../../shared/runtime/log';
import { enqueueMail } from '../../shared/mail/outbox';

const log = createLogger({ fn: 'ses-events' });

/** An SMTP diagnostic is kept this long: enough to read, never near DynamoDB's item limit. */
const MAX_DIAGNOSTIC = 1000;

/** The parts of SES's EventBridge events (Email Sent, Email Bounced, Email Complaint Received) that matter here. */
const Detail = z.object({
  eventType: z.enum(['Send', 'Bounce', 'Complaint']),
  mail: z.object({ messageId: z.string().max(200).optional(), tags: z.record(z.string(), z.array(z.string().max(1000))).optional() }).optional(),
  bounce: z
    .object({
      bounceType: z.string().max(100),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() })).max(100),
    })
    .optional(),
  complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })).max(100) }).optional(),
});

/**
 * SES took an email: the ledger key it carries is sent, even if the mailer attempt that sent it
 * died before recording so (the mailer then never sends it again).
 */
async function confirm(mail: z.infer<typeof Detail>['mail']): Promise<boolean> {
  const tag = mail?.tags?.[LEDGER_TAG]?.[0];
  if (!mail?.messageId || !tag) return false; // not one of the ledger's emails
  const key = keyFromLedgerTag(tag);
  const confirmed = await confirmSent(key, mail.messageId, now().toISOString());
  if (confirmed) log.info('send confirmed by SES before the mailer recorded it', { key, sesMessageId: mail.messageId });
  else {
    // Already recorded: by the mailer from SES's answer (the same message), or by a later attempt
    // that sent the email again because this event came after the claim's lease (or an earlier
    // attempt's answer and event were both lost): then the recipients got two copies.
    const recorded = await getMail(key);
    if (recorded?.state === 'sent' && recorded.sesMessageId && recorded.sesMessageId !== mail.messageId)
      log.warn('email sent twice: SES confirmed a copy after the email was sent again', {
        key,
        sesMessageId: mail.messageId,
        recordedSesMessageId: recorded.sesMessageId,
        attempts: recorded.attempts,
      });
  }
  return confirmed;
}

/**
 * Marks each permanently bouncing or complaining address so the mailer skips it, and tells the
 * city office once per address, so someone corrects the plan instead of mail being retried forever.
 */
async function handle(event: EventBridgeEvent<string, unknown>): Promise<{ suppressed: number; confirmed?: boolean }> {
  const parsed = Detail.safeParse(event?.detail);
  if (!parsed.success) {
    // Not the shape SES sends: retrying (Lambda retries an asynchronous event twice) cannot help.
    log.error('bounce event not understood; ignored', {
      id: event?.id,
      issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`),
    });
    return { suppressed: 0 };
  }
  const d = parsed.data;
  if (d.eventType === 'Send') return { suppressed: 0, confirmed: await confirm(d.mail) };
  const transient = d.eventType === 'Bounce' && d.bounce?.bounceType !== 'Permanent';
  if (transient) {
    log.info('transient bounce: address kept', { recipients: d.bounce?.bouncedRecipients.length });
    return { suppressed: 0 };
  }
  const reported =
    d.eventType === 'Bounce'
      ? (d.bounce?.bouncedRecipients ?? []).map((r) => ({ address: r.emailAddress.trim().toLowerCase(), diagnostic: r.diagnosticCode }))
      : (d.complaint?.complainedRecipients ?? []).map((r) => ({ address: r.emailAddress.trim().toLowerCase(), diagnostic: undefined as string | undefined }));
  // Only addresses the mailer could have sent to: anything else is not one of ours, and would
  // otherwise become a table key and a line of the report as it came.
  const recipients = reported
    .filter((r) => {
      if (isValidAddress(r.address)) return true;
      log.error('bounced address is not an email address; ignored', { address: JSON.stringify(r.address.slice(0, 300)) });
      return false;
    })
    .map((r) => ({ address: r.address, diagnostic: r.diagnostic?.toWellFormed().slice(0, MAX_DIAGNOSTIC) }));
  const at = now().toISOString();
  let suppressed = 0;
  const dir = recipients.length ? await loadDirectory() : undefined;
  for (const r of recipients) {
    const first = await suppressAddress({
      address: r.address,
      reason: d.eventType === 'Bounce' ? 'bounce' : 'complaint',
      at,
      ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}),
    });
    if (first) suppressed++;
    // The report is written even when the address was already suppressed: an attempt that died
    // between the two leaves it to this one. Its ledger key makes it one report per address.
    if (!dir) continue;
    const office = dir.leaders.filter((l) => l.role === 'office');
    const agencyNames = dir.agencies
      .filter((a) => a.emails.map((e) => e.toLowerCase()).includes(r.address) || a.head.email.toLowerCase() === r.address)
      .map((a) => a.name);
    const report = renderBounceReport({
      address: r.address,
      agencyNames,
      bounceType: d.eventType === 'Bounce' ? (d.bounce?.bounceType ?? 'Permanent') : 'Complaint',
      ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}),
      at,
      planCode: dir.meta?.code ?? '',
      recipientLabel: office.map((o) => o.name).join(', '),
    });
    const key = `bounce#${r.address}`;
    if (await writeMail(key, { to: office.map((o) => o.email), cc: [], ...report, rule: 'bounce-report' }, at)) await enqueueMail([key]);
    log.warn('address suppressed and reported to the city office', { address: r.address, agencies: agencyNames });
  }
  return { suppressed };
}

export const handler = middy<EventBridgeEvent<string, unknown>, Awaited<ReturnType<typeof handle>>>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(handle);
