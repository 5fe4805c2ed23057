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

export function errorResponse(e: HttpError, requestId: string): APIGatewayProxyResultV2 {
  return json(e.status, {
    error: { code: e.code, vi: e.vi, en: e.en, ...(e.fields ? { fields: e.fields } : {}), requestId },
  });
}
