import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createLogger } from '../../shared/runtime/log';
import type { ACCESS, RouteKey } from './access';
import type { ApiContext, BodyRoute, Event, PublicRoute, Result, Route } from './context';
import { accessCheck } from './middleware/access';
import { errorAnswers } from './middleware/errors';
import { jsonBody } from './middleware/json-body';
import { idsOf, requestIds } from './middleware/request-ids';
import { securityHeaders } from './middleware/security-headers';
import * as agencies from './routes/agencies';
import * as calendar from './routes/calendar';
import * as delivery from './routes/delivery';
import * as dashboard from './routes/dashboard';
import * as digests from './routes/digests';
import * as extensions from './routes/extensions';
import * as health from './routes/health';
import * as indicators from './routes/indicators';
import * as openapi from './routes/openapi';
import * as plan from './routes/plan';
import * as tasks from './routes/tasks';

const log = createLogger({ fn: 'api' });

/** The keys are ACCESS's: a route without a row in the matrix, or a row without a route, does not compile. */
type Routes = { [K in RouteKey]: (typeof ACCESS)[K] extends 'public' ? PublicRoute : Route | BodyRoute };

/** Every route the function serves, by API Gateway's route key. */
const ROUTES: Routes = {
  'GET /health': health.status,
  'GET /openapi.json': openapi.openApi,
  'GET /agencies': agencies.list,
  'GET /tasks': tasks.list,
  'GET /tasks/{id}': tasks.one,
  'GET /tasks/{id}/updates': tasks.history,
  'POST /tasks/{id}/updates': tasks.update,
  'POST /tasks/{id}/extension-requests': extensions.request,
  'POST /extension-requests/{id}/decision': extensions.decision,
  'GET /indicators': indicators.list,
  'GET /indicators/{id}': indicators.one,
  'POST /indicators/{id}/values': indicators.report,
  'POST /indicators/values:import': indicators.upload,
  'GET /digests/preview': digests.preview,
  'GET /digests': digests.archive,
  'GET /digests/sent': digests.sent,
  'GET /digests/sent/workbook': digests.workbook,
  'GET /dashboard': dashboard.show,
  'POST /plan/import': plan.importPlan,
  'GET /plan/export': plan.exportPlan,
  'GET /calendar': calendar.list,
  'PUT /calendar/days/{date}': calendar.put,
  'DELETE /calendar/days/{date}': calendar.remove,
  'GET /delivery': delivery.status,
};

/**
 * Runs the route the middlewares let through, with what they found. The access check has answered
 * 404 for a key that is not in the table, and 401 for any route but a public one without a caller.
 */
async function dispatch(event: Event, context: ApiContext): Promise<Result> {
  const route = ROUTES[event.routeKey as RouteKey];
  const { caller, task, extension, indicator, body } = context;
  if (!caller) return (route as PublicRoute)();
  const { requestId, correlationId, log } = idsOf(context);
  return route({
    event,
    caller,
    requestId,
    correlationId,
    log: log.child({ sub: caller.sub, role: caller.role, agency: caller.agency }),
    task,
    extension,
    indicator,
    body,
  });
}

// Before the route, in this order: the Lambda context on every log line, ids, access (401, 403, 404), body (400, 413). An error from any
// step becomes an answer, and every answer gets the security headers.
export const handler = middy<Event, Result, Error, ApiContext>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .use(requestIds(log))
  .use(securityHeaders())
  .use(errorAnswers())
  .use(accessCheck())
  .use(jsonBody((key) => 'jsonBody' in ROUTES[key as RouteKey]))
  .handler(dispatch);

/** Every route key the function serves (checked against the topology by the tests). */
export const ROUTE_KEYS = Object.keys(ROUTES);
