import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { digestRecipients, loadDigestData } from '../../shared/digest/input';
import { digestKey, getMail, putAttachment, writeMail } from '../../shared/data/ledger';
import { localDate, isoWeekOf } from '../../shared/domain/dates';
import { buildDigest } from '../../shared/digest/model';
import { renderDigest } from '../../shared/digest/render';
import { buildWorkbook } from '../../shared/digest/workbook';
import { createLogger } from '../../shared/runtime/log';
import { enqueueMail } from '../../shared/mail/outbox';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';

const log = createLogger({ fn: 'digest' });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface DigestRunResult {
  week: string;
  recipients: number;
  queued: number;
  alreadySent: number;
  buildMs: number;
}

/**
 * The Monday digest: one email per leader per ISO week (ledger key `digest#<leader>#<week>`),
 * so a second trigger in the same week sends nothing. The ledger item is also the archive's copy
 * (indexed by recipient and week): the portal's "/digests" reads it back as it was sent. The chair and the office get the whole
 * programme; each vice-chair the fields they supervise.
 */
export async function run(scheduledTime?: string): Promise<DigestRunResult> {
  const at = runInstant(scheduledTime);
  const today = localDate(at);
  const week = isoWeekOf(today);
  const t0 = performance.now();
  const { dir, base } = await loadDigestData();
  const result: DigestRunResult = { week, recipients: 0, queued: 0, alreadySent: 0, buildMs: 0 };
  const link = `${requireEnv('APP_URL').replace(/\/+$/, '')}/digests/preview`;
  for (const recipient of digestRecipients(dir)) {
    result.recipients++;
    const key = digestKey(recipient.id, week);
    if (await getMail(key)) {
      result.alreadySent++;
      continue;
    }
    const input = { ...base, recipient, week, today };
    const model = buildDigest(input);
    const rendered = renderDigest(model, { link: `${link}?recipient=${encodeURIComponent(recipient.id)}&week=${week}` });
    const workbook = await buildWorkbook(model, input);
    const attachment = await putAttachment(key, 0, `bao-cao-tuan-${week}-${recipient.id}.xlsx`, XLSX, workbook);
    const won = await writeMail(key, { to: [recipient.email], cc: [], ...rendered, attachments: [attachment], rule: 'digest' }, now().toISOString(), {
      recipient: recipient.id,
      week,
    });
    if (won) {
      await enqueueMail([key]);
      result.queued++;
    } else result.alreadySent++;
  }
  result.buildMs = Math.round(performance.now() - t0);
  log.info('digest run done', { ...result });
  return result;
}

export const handler = middy<unknown, DigestRunResult>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler((event) => run(scheduledTimeOf(event, log)));
