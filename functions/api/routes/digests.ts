import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { requireEnv } from '../../../shared/runtime/config';
import { digestRecipients, loadDigestData } from '../../../shared/digest/input';
import { buildDigest } from '../../../shared/digest/model';
import { isoWeekRange } from '../../../shared/domain/dates';
import { renderDigest } from '../../../shared/digest/render';
import { parseWith } from '../../../shared/runtime/validation';
import type { Route } from '../context';
import { notFound } from '../http';
import { EMAIL_HTML_CSP } from '../middleware/security-headers';

export const PreviewQuery = z.object({ recipient: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/), week: z.string().regex(/^\d{4}-W\d{2}$/) }).strict();

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
