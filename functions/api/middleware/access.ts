import type { MiddlewareObj } from '@middy/core';
import { INDICATOR_ID, TASK_ID } from '../../../events/ids';
import { getExtension } from '../../../shared/data/extensions';
import { getIndicator } from '../../../shared/data/indicators';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { getTask } from '../../../shared/data/tasks';
import { callerFromClaims, type Caller } from '../../../shared/domain/caller';
import {
  ACCESS,
  isAllowed,
  needsRelation,
  relationToIndicator,
  relationToRecipient,
  relationToTask,
  roleMayCall,
  type RouteAccess,
  type RouteKey,
} from '../access';
import type { ApiContext, Event, Resources, Result } from '../context';
import { HttpError, forbidden, notFound } from '../http';

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

/**
 * Who may call what, before any route code runs and before the body is looked at, in this order:
 * a route key ACCESS has no row for is no route (404); a public route goes on as it is; otherwise
 * the caller comes from the claims the JWT authorizer verified (401 without one), then the matrix
 * decides (403, or 404 for a resource that does not exist). The caller and the loaded resource
 * are put on the context for the route.
 */
export function accessCheck(): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    name: 'accessCheck',
    before: async ({ event, context }) => {
      if (!Object.hasOwn(ACCESS, event.routeKey)) throw new HttpError(404, 'not_found', 'Không có đường dẫn này.', 'No such route.');
      const access = ACCESS[event.routeKey as RouteKey];
      if (access === 'public') return;
      const caller = callerFromClaims(event.requestContext?.authorizer?.jwt?.claims);
      if (!caller) throw new HttpError(401, 'unauthorized', 'Thiếu hoặc sai thông tin xác thực.', 'Missing or invalid credentials.');
      Object.assign(context, { caller, ...(await authorize(access, event, caller)) });
    },
  };
}
