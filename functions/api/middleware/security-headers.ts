import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiContext, Event, Result } from '../context';

/** On every answer: no type sniffing, no referrer leaving, HTTPS only, never in a frame. */
const ALWAYS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
} as const;

/** An answer that is data (JSON): a browser shown it loads nothing and runs nothing. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * An email's HTML shown as a page (the digest preview): the layout uses inline style attributes
 * only, and no script, font or stylesheet; an image could only be a data: URI.
 */
export const EMAIL_HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'";

function secure(response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  const headers = { ...response.headers };
  // A route that serves something other than data states its own policy; everything else gets the strictest.
  return { ...response, headers: { ...headers, ...ALWAYS, 'content-security-policy': String(headers['content-security-policy'] ?? DATA_CSP) } };
}

/**
 * Security headers on every answer, a route's or an error's. middy runs onError handlers last
 * used first: use errorAnswers() after this, so that the error has become an answer by then.
 */
export function securityHeaders(): MiddlewareObj<Event, Result, Error, ApiContext> {
  const add = (request: { response: Result | null }) => {
    // No answer (an error left to fail the invocation) stays none.
    if (request.response && typeof request.response === 'object') request.response = secure(request.response);
  };
  return { name: 'securityHeaders', after: add, onError: add };
}
