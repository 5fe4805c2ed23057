import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { INDICATOR_ID, TASK_ID } from '../../events/ids';
import { getExtension } from '../../shared/data/extensions';
import { getIndicator } from '../../shared/data/indicators';
import { loadDirectory } from '../../shared/data/plan-directory';
import { getTask } from '../../shared/data/tasks';
import { callerFromClaims, type Caller } from '../../shared/domain/caller';
import { ValidationError } from '../../shared/domain/errors';
import { createLogger } from '../../shared/runtime/log';
import { ACCESS, isAllowed, needsRelation, relationToIndicator, relationToRecipient, relationToTask, roleMayCall, type RouteAccess, type RouteKey } from './access';
import type { Event, Resources, Result, Route } from './context';
import { HttpError, badRequest, errorResponse, forbidden, notFound } from './http';
import * as agencies from './routes/agencies';
import * as digests from './routes/digests';
import * as extensions from './routes/extensions';
import * as health from './routes/health';
import * as indicators from './routes/indicators';
import * as plan from './routes/plan';
import * as tasks from './routes/tasks';

const log = createLogger({ fn: 'api' });

type ApiRoute = Exclude<RouteKey, 'GET /health'>;

const routes: Record<ApiRoute, Route> = {
  'GET /agencies': agencies.list,
  'GET /tasks': tasks.list,
  'GET /tasks/{id}': tasks.one,
  'GET /tasks/{id}/updates': tasks.history,
  'POST /tasks/{id}/updates': tasks.update,
  'GET /indicators': indicators.list,
  'GET /indicators/{id}': indicators.one,
  'POST /indicators/{id}/values': indicators.report,
  'POST /indicators/values:import': indicators.upload,
  'GET /digests/preview': digests.preview,
  'POST /tasks/{id}/extension-requests': extensions.request,
  'POST /extension-requests/{id}/decision': extensions.decision,
  'POST /plan/import': plan.importPlan,
};

function pathId(event: Event, pattern: RegExp, what: string): string {
  const id = event.pathParameters?.id ?? '';
  if (!pattern.test(id)) throw notFound(what, id.slice(0, 40));
  return id;
}

/**
 * Applies the access matrix: a role the route never admits is refused before anything is read;
 * otherwise the resource is loaded (404 if it does not exist) and, where the matrix asks for it,
 * the caller's relation to it decides. Nothing the caller sent in the path or body says who they are.
 */
async function authorize(access: RouteAccess, event: Event, caller: Caller): Promise<Resources> {
  const deny = () => forbidden(access.vi, access.en);
  if (!roleMayCall(access, caller.role)) throw deny();
  const check = needsRelation(access, caller.role);
  const leaders = async () => (check && caller.role === 'leader' ? (await loadDirectory()).leaders : []);
  switch (access.resource) {
    case 'none':
      return {};
    case 'recipient':
      if (!isAllowed(access, caller.role, relationToRecipient(caller, event.queryStringParameters?.recipient))) throw deny();
      return {};
    case 'indicator': {
      const id = pathId(event, INDICATOR_ID, 'chỉ tiêu');
      const indicator = await getIndicator(id);
      if (!indicator) throw notFound('chỉ tiêu', id);
      if (!isAllowed(access, caller.role, relationToIndicator(caller, indicator.agency))) throw deny();
      return { indicator };
    }
    case 'task': {
      const id = pathId(event, TASK_ID, 'nhiệm vụ');
      const task = await getTask(id);
      if (!task) throw notFound('nhiệm vụ', id);
      if (check && !isAllowed(access, caller.role, relationToTask(caller, task, await leaders()))) throw deny();
      return { task };
    }
    case 'extension': {
      const id = event.pathParameters?.id ?? '';
      if (!/^[0-9a-f-]{36}$/.test(id)) throw notFound('đề nghị gia hạn', id.slice(0, 40));
      const extension = await getExtension(id);
      if (!extension) throw notFound('đề nghị gia hạn', id);
      const task = await getTask(extension.taskId);
      if (!task) throw notFound('nhiệm vụ', extension.taskId);
      if (check && !isAllowed(access, caller.role, relationToTask(caller, task, await leaders()))) throw deny();
      return { task, extension };
    }
  }
}

const CORRELATION = /^[A-Za-z0-9._-]{1,100}$/;

async function route(event: Event): Promise<Result> {
  const requestId = event.requestContext?.requestId ?? randomUUID();
  const header = event.headers?.['x-correlation-id'];
  const correlationId = header && CORRELATION.test(header) ? header : requestId;
  const reqLog = log.child({ requestId, correlationId, route: event.routeKey });
  try {
    if (event.routeKey === 'GET /health') return await health.status();
    if (!Object.hasOwn(routes, event.routeKey)) throw new HttpError(404, 'not_found', 'Không có đường dẫn này.', 'No such route.');
    const key = event.routeKey as ApiRoute;
    // The JWT authorizer has verified the token; its claims say who is calling.
    const caller = callerFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    if (!caller) throw new HttpError(401, 'unauthorized', 'Thiếu hoặc sai thông tin xác thực.', 'Missing or invalid credentials.');
    const resources = await authorize(ACCESS[key], event, caller);
    return await routes[key]({ event, caller, requestId, correlationId, log: reqLog.child({ sub: caller.sub, role: caller.role, agency: caller.agency }), ...resources });
  } catch (e) {
    if (e instanceof ValidationError) return errorResponse(badRequest(e.issues), requestId);
    if (e instanceof HttpError) {
      if (e.status >= 500) reqLog.error('request failed', { status: e.status, code: e.code });
      return errorResponse(e, requestId);
    }
    reqLog.error('unexpected error', { error: e });
    return errorResponse(new HttpError(500, 'internal', 'Lỗi hệ thống, vui lòng thử lại sau.', 'Internal error, please try again later.'), requestId);
  }
}

export const handler = middy<Event, Result>().handler(route);

/** Every route key the function serves (checked against the topology by the tests). */
export const ROUTE_KEYS = ['GET /health', ...Object.keys(routes)];
