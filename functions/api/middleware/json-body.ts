import type { Event } from '../context';
import { HttpError, badRequest } from '../http';

/** Lambda's synchronous payload limit is 6 MB; a plan workbook is the largest body we take. */
export const MAX_BODY = 6_000_000;

export function parseJsonBody(event: Event): unknown {
  if (!event.body) throw badRequest([{ field: '(body)', vi: 'Thiếu nội dung JSON.', en: 'A JSON body is required.' }]);
  let text = event.body;
  if (event.isBase64Encoded) {
    try {
      // Bytes that are not UTF-8 are refused, not read as U+FFFD: the text would not be what was sent.
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw badRequest([{ field: '(body)', vi: 'Nội dung không phải văn bản UTF-8.', en: 'The body is not UTF-8 text.' }]);
    }
  }
  if (text.length > MAX_BODY) throw new HttpError(413, 'too_large', 'Nội dung quá lớn.', 'The body is too large.');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest([{ field: '(body)', vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' }]);
  }
}
