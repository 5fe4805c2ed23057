import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { requireEnv } from '../../../shared/runtime/config';
import { digestRecipients, loadDigestData } from '../../../shared/digest/input';
import { buildDigest } from '../../../shared/digest/model';
import { digestKey, getAttachments, getMail, listDigests } from '../../../shared/data/ledger';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { isoWeekRange } from '../../../shared/domain/dates';
import { renderDigest } from '../../../shared/digest/render';
import { parseWith } from '../../../shared/runtime/validation';
import type { Route } from '../context';
import { HttpError, json, notFound } from '../http';
import { EMAIL_HTML_CSP } from '../middleware/security-headers';

const RECIPIENT = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/);
export const PreviewQuery = z.strictObject({ recipient: RECIPIENT, week: z.string().regex(/^\d{4}-W\d{2}$/) });
export const ArchiveQuery = z.strictObject({ recipient: RECIPIENT });

/** The digest a recipient gets on the Monday of a week, as HTML. */
async function previewDigest(query: unknown): Promise<APIGatewayProxyResultV2> {
  const q = parseWith(PreviewQuery, query);
  const { start } = isoWeekRange(q.week);
  const { dir, base } = await loadDigestData();
  const recipient = digestRecipients(dir).find((r) => r.id === q.recipient);
  if (!recipient) throw notFound('người nhận', q.recipient);
  const model = buildDigest({ ...base, recipient, week: q.week, today: start });
  const { html } = renderDigest(model, { link: `${requireEnv('APP_URL').replace(/\/+$/, '')}/digests/preview?recipient=${recipient.id}&week=${q.week}` });
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': EMAIL_HTML_CSP },
    body: html,
  };
}

/**
 * GET /digests/preview?recipient=<leader id>&week=2025-W40: the digest that recipient gets on the
 * Monday of that week, as HTML. The office may preview anyone's; a leader their own.
 */
export const preview: Route = async ({ event }) => previewDigest(event.queryStringParameters ?? {});

/** The recipient, as the plan names them; 404 for one the plan does not have. */
async function recipientOf(id: string) {
  const r = digestRecipients(await loadDirectory()).find((x) => x.id === id);
  if (!r) throw notFound('người nhận', id);
  return { id: r.id, name: r.name, title: r.title };
}

const notArchived = (recipient: string, week: string) =>
  new HttpError(
    404,
    'not_found',
    `Chưa có báo cáo tuần ${week} gửi cho "${recipient}" trong lưu trữ.`,
    `No digest of week ${week} for "${recipient}" in the archive.`,
  );

/**
 * GET /digests?recipient=<leader id>: the archive of a recipient's weekly digests, newest week
 * first, each with its state in the email ledger (one Query of the byRecipient index).
 */
export const archive: Route = async ({ event }) => {
  const q = parseWith(ArchiveQuery, event.queryStringParameters ?? {});
  const recipient = await recipientOf(q.recipient);
  const items = (await listDigests(q.recipient)).map((d) => ({
    week: d.week,
    ...isoWeekRange(d.week),
    state: d.state,
    subject: d.subject,
    createdAt: d.createdAt,
    ...(d.sentAt ? { sentAt: d.sentAt } : {}),
  }));
  return json(200, { recipient, items });
};

/** The ledger item of a recipient's digest for a week; 404 when none was written. */
async function archived(query: unknown) {
  const q = parseWith(PreviewQuery, query);
  const mail = await getMail(digestKey(q.recipient, q.week));
  if (!mail) throw notArchived(q.recipient, q.week);
  return { q, mail };
}

/** GET /digests/sent?recipient=&week=: one digest as it was sent (its stored html), with its state and the workbook's name. */
export const sent: Route = async ({ event }) => {
  const { q, mail } = await archived(event.queryStringParameters ?? {});
  const workbook = mail.attachments?.[0];
  return json(200, {
    recipient: q.recipient,
    week: q.week,
    ...isoWeekRange(q.week),
    subject: mail.subject,
    state: mail.state,
    createdAt: mail.createdAt,
    ...(mail.sentAt ? { sentAt: mail.sentAt } : {}),
    html: mail.html,
    ...(workbook ? { workbook: { name: workbook.filename } } : {}),
  });
};

/** GET /digests/sent/workbook?recipient=&week=: the workbook attached to that digest, base64. */
export const workbook: Route = async ({ event }) => {
  const { q, mail } = await archived(event.queryStringParameters ?? {});
  const refs = mail.attachments ?? [];
  if (!refs.length) {
    throw new HttpError(404, 'not_found', `Báo cáo tuần ${q.week} không có bảng tính đính kèm.`, `The digest of week ${q.week} has no workbook attached.`);
  }
  const [file] = await getAttachments(digestKey(q.recipient, q.week), refs.slice(0, 1));
  return json(200, { name: file!.filename, xlsx: file!.content.toString('base64') });
};
