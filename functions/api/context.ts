import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Caller } from '../../shared/domain/caller';
import type { ExtensionRequest } from '../../shared/data/extensions';
import type { IndicatorDef } from '../../shared/domain/plan';
import type { TaskRecord } from '../../shared/domain/task';
import type { createLogger } from '../../shared/runtime/log';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Result = APIGatewayProxyResultV2;
export type Log = ReturnType<typeof createLogger>;

/** The resource a route acts on, loaded (and the caller's access to it checked) before the route runs. */
export interface Resources {
  task?: TaskRecord;
  extension?: ExtensionRequest;
  indicator?: IndicatorDef;
}

/**
 * What the middlewares learn about a request, in the order they run: its ids and logger, then the
 * caller and the resource, then the JSON body. They keep it on the Lambda context (a new one for
 * each invocation); optional there, so that the handler can still be called with a plain Context.
 */
export interface RequestState extends Resources {
  requestId: string;
  correlationId: string;
  /** The request's logger (request id, correlation id, route). */
  log: Log;
  caller: Caller;
  body: unknown;
}

export type ApiContext = Context & Partial<RequestState>;

/** What a route is given: the request, who is calling, the ids to pass on, and its resource. */
export interface RouteContext extends Resources {
  event: Event;
  caller: Caller;
  requestId: string;
  correlationId: string;
  /** The request's logger, with the caller. */
  log: Log;
}

export type Route = (ctx: RouteContext) => Promise<Result>;

/** A route that reads a JSON body: marked (withJsonBody), so that the body is parsed before it runs. */
export type BodyRoute = ((ctx: RouteContext & { body: unknown }) => Promise<Result>) & { readonly jsonBody: true };

/** A route open to anyone: it gets nothing of the request. */
export type PublicRoute = () => Promise<Result>;
