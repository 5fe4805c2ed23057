import type { MiddlewareObj } from '@middy/core';
import type { ApiContext, BodyRoute, Event, Result, RouteContext } from '../context';
import { MAX_BODY } from '../../../shared/limits';
import { HttpError, badRequest } from '../http';

/** Lambda's synchronous payload limit is 6 MB; a plan workbook is the largest body we take. */
export { MAX_BODY };

/** The body as JSON: present, UTF-8 if it came base64-encoded, at most MAX_BODY, well formed. */
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

/** Marks a route that reads a JSON body: jsonBody() parses it for that route, and only for it. */
export function withJsonBody(route: (ctx: RouteContext & { body: unknown }) => Promise<Result>): BodyRoute {
  return Object.assign(route, { jsonBody: true as const });
}

/**
 * Parses the JSON body of a route marked withJsonBody, as its first step (400 or 413 when it
 * cannot be read). Used after the access check: a caller the route refuses gets the 401, 403 or
 * 404, whatever they sent; and a route that reads no body answers the same whatever was sent.
 */
export function jsonBody(takesBody: (routeKey: string) => boolean): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    name: 'jsonBody',
    before: ({ event, context }) => {
      if (takesBody(event.routeKey)) context.body = parseJsonBody(event);
    },
  };
}
