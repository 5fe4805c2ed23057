import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
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
