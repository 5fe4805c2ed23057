import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { now } from '../../shared/clock';
import { suppressAddress, writeMail } from '../../shared/data/ledger';
import * as store from '../../shared/data/store';
import { renderBounceReport } from '../../shared/email/bounce';
import { createLogger } from '../../shared/log';
import { enqueueMail } from '../../shared/notify/outbox';

const log = createLogger({ fn: 'bounce' });

/** The parts of SES's EventBridge events (Email Bounced, Email Complaint) that matter here. */
const Detail = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() })),
    })
    .optional(),
  complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
});

/**
 * Marks each permanently bouncing or complaining address so the mailer skips it, and tells the
 * city office once per address, so someone corrects the plan instead of mail being retried forever.
 */
async function handle(event: EventBridgeEvent<string, unknown>): Promise<{ suppressed: number }> {
  const d = Detail.parse(event.detail);
  const transient = d.eventType === 'Bounce' && d.bounce?.bounceType !== 'Permanent';
  if (transient) {
    log.info('transient bounce: address kept', { recipients: d.bounce?.bouncedRecipients.length });
    return { suppressed: 0 };
  }
  const recipients =
    d.eventType === 'Bounce'
      ? (d.bounce?.bouncedRecipients ?? []).map((r) => ({ address: r.emailAddress.toLowerCase(), diagnostic: r.diagnosticCode }))
      : (d.complaint?.complainedRecipients ?? []).map((r) => ({ address: r.emailAddress.toLowerCase(), diagnostic: undefined }));
  const at = now().toISOString();
  let suppressed = 0;
  const dir = recipients.length ? await store.loadDirectory() : undefined;
  for (const r of recipients) {
    const first = await suppressAddress({ address: r.address, reason: d.eventType === 'Bounce' ? 'bounce' : 'complaint', at, ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}) });
    if (!first || !dir) continue;
    suppressed++;
    const office = dir.leaders.filter((l) => l.role === 'office');
    const agencyNames = dir.agencies.filter((a) => a.emails.map((e) => e.toLowerCase()).includes(r.address) || a.head.email.toLowerCase() === r.address).map((a) => a.name);
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

export const handler = middy<EventBridgeEvent<string, unknown>, { suppressed: number }>().handler(handle);
