import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { FieldIssue } from '../../shared/domain/errors';

/** An answer other than success, with its message in Vietnamese and English. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly fields?: FieldIssue[],
  ) {
    super(en);
  }
}

export const badRequest = (fields: FieldIssue[]) =>
  new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ.', 'The request is not valid.', fields);

export const notFound = (what: string, id: string) =>
  new HttpError(404, 'not_found', `Không tìm thấy ${what} "${id}".`, `No ${what === 'nhiệm vụ' ? 'task' : what === 'chỉ tiêu' ? 'indicator' : what} "${id}".`);

export const forbidden = (vi: string, en: string) => new HttpError(403, 'forbidden', vi, en);

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Problems listed in one answer; the rest are counted. A 6 MB CSV can hold a million bad rows. */
export const MAX_FIELDS = 100;
const MAX_TEXT = 500;

const cut = (s: unknown): string => {
  const chars = Array.from(String(s).toWellFormed());
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT).join('')}…` : chars.join('');
};

/**
 * Every problem listed whole, up to MAX_FIELDS, each text cut at MAX_TEXT characters: an answer
 * stays small whatever the request held (Lambda cannot return more than 6 MB, and API Gateway
 * turns a larger answer into a 5xx).
 */
function limitFields(fields: FieldIssue[]): FieldIssue[] {
  const shown = fields.slice(0, MAX_FIELDS).map((f) => ({ ...f, field: cut(f.field), vi: cut(f.vi), en: cut(f.en) }));
  const more = fields.length - shown.length;
  if (more > 0)
    shown.push({
      field: '(more)',
      vi: `Còn ${more} lỗi khác không liệt kê; sửa các lỗi trên rồi gửi lại.`,
      en: `${more} more problem(s) not listed; fix the ones above and send again.`,
    });
  return shown;
}

export function errorResponse(e: HttpError, requestId: string): APIGatewayProxyResultV2 {
  return json(e.status, {
    error: { code: e.code, vi: cut(e.vi), en: cut(e.en), ...(e.fields ? { fields: limitFields(e.fields) } : {}), requestId },
  });
}
