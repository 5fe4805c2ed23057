import type { MiddlewareObj } from '@middy/core';
import { ValidationError } from '../../../shared/domain/errors';
import type { ApiContext, Event, Log, Result } from '../context';
import { HttpError, badRequest, errorResponse } from '../http';
import { idsOf } from './request-ids';

/** middy's own early timeout: not a request's error, see below. */
const isMiddyTimeout = (e: unknown): boolean =>
  e instanceof Error && e.name === 'TimeoutError' && (e.cause as { package?: unknown } | undefined)?.package === '@middy/core';

function answer(e: unknown, requestId: string, log: Log): Result {
  if (e instanceof ValidationError) return errorResponse(badRequest(e.issues), requestId);
  if (e instanceof HttpError) {
    if (e.status >= 500) log.error('request failed', { status: e.status, code: e.code });
    return errorResponse(e, requestId);
  }
  log.error('unexpected error', { error: e });
  return errorResponse(new HttpError(500, 'internal', 'Lỗi hệ thống, vui lòng thử lại sau.', 'Internal error, please try again later.'), requestId);
}

/**
 * Whatever a step throws becomes an answer in the one error shape (errorResponse), with the request
 * id: a ValidationError a 400 naming its fields, an HttpError its own status, anything else a
 * logged 500 that shows nothing of the cause. middy's early timeout is left to fail the
 * invocation, which API Gateway answers with its own 500, as for any Lambda that runs out of time.
 */
export function errorAnswers(): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    name: 'errorAnswers',
    onError: (request) => {
      if (isMiddyTimeout(request.error)) return;
      const { requestId, log } = idsOf(request.context);
      request.response = answer(request.error, requestId, log);
    },
  };
}
