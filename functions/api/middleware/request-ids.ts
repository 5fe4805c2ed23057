import type { MiddlewareObj } from '@middy/core';
import { randomUUID } from 'node:crypto';
import type { ApiContext, Event, Log, RequestState, Result } from '../context';

const CORRELATION = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * First of all: the request id (API Gateway's) and the correlation id (the caller's
 * x-correlation-id if well formed, else the request id), and a logger carrying both, so that every
 * answer, log line and queued message of the request can be traced to it and onwards.
 */
export function requestIds(log: Log): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    name: 'requestIds',
    before: ({ event, context }) => {
      const requestId = event.requestContext?.requestId ?? randomUUID();
      const header = event.headers?.['x-correlation-id'];
      const correlationId = header && CORRELATION.test(header) ? header : requestId;
      Object.assign(context, { requestId, correlationId, log: log.child({ requestId, correlationId, route: event.routeKey }) });
    },
  };
}

/** What requestIds() put on the context; it runs first, so missing ids are a wiring mistake. */
export function idsOf(context: ApiContext): Pick<RequestState, 'requestId' | 'correlationId' | 'log'> {
  const { requestId, correlationId, log } = context;
  if (requestId === undefined || correlationId === undefined || log === undefined) throw new Error('requestIds() must be the first middleware');
  return { requestId, correlationId, log };
}
