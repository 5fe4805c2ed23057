import { z } from 'zod';
import type { RouteKey } from './access';
import { ANSWERS } from './answers';
import { CalendarDayBody, CalendarQuery } from './routes/calendar';
import { ArchiveQuery, PreviewQuery } from './routes/digests';
import { DecisionBody, RequestBody } from './routes/extensions';
import { ImportBody as ValuesImportBody, ValueBody } from './routes/indicators';
import { ImportBody as PlanImportBody } from './routes/plan';
import { PageQuery, TaskListQuery, UpdateBody } from './routes/tasks';

/*
 * The API's OpenAPI 3.1 document, generated from the zod schemas the routes validate with (request
 * bodies, query strings) and the ones their answers are held to (./answers). Served at
 * GET /openapi.json; kept in docs/openapi.json (`npm run openapi`), from which the portal's client
 * types are generated.
 */

/** The request bodies, by the name the document gives them. */
const BODIES = {
  UpdateBody,
  ExtensionRequestBody: RequestBody,
  DecisionBody,
  ValueBody,
  ValuesImportBody,
  PlanImportBody,
  CalendarDayBody,
} as const;

type Answer = keyof typeof ANSWERS;
type Body = keyof typeof BODIES;

interface Operation {
  operationId: string;
  summary: string;
  tag: string;
  /** The path's `{id}`, described. */
  id?: string;
  /** The path's `{date}`, described. */
  date?: string;
  query?: z.ZodType;
  body?: Body;
  ok: { status: 200 | 201 | 202; answer: Answer | 'html' | 'document'; description: string };
  /** Refusals besides those every guarded route can give (401, 403) and those of an id (404) or a body (400, 413). */
  errors?: Array<400 | 404 | 409>;
}

/** Every route the API serves: a route missing here does not compile. */
const OPERATIONS: Record<RouteKey, Operation> = {
  'GET /health': { operationId: 'health', summary: 'Liveness', tag: 'system', ok: { status: 200, answer: 'Health', description: 'Up' } },
  'GET /openapi.json': {
    operationId: 'openapi',
    summary: 'This document',
    tag: 'system',
    ok: { status: 200, answer: 'document', description: 'The OpenAPI 3.1 document of this API' },
  },
  'GET /agencies': {
    operationId: 'listAgencies',
    summary: "The plan's agencies, with the leader supervising each one's field, and the leaders",
    tag: 'plan',
    ok: { status: 200, answer: 'Directory', description: 'The agencies and the leaders' },
  },
  'GET /tasks': {
    operationId: 'listTasks',
    summary: 'A page of tasks, by agency, group, status or due date',
    tag: 'tasks',
    query: TaskListQuery,
    ok: { status: 200, answer: 'TaskPage', description: 'A page of tasks; `nextCursor` while there are more' },
  },
  'GET /tasks/{id}': {
    operationId: 'getTask',
    summary: 'One task as of today',
    tag: 'tasks',
    id: 'The task (`NV-01`)',
    ok: { status: 200, answer: 'Task', description: 'The task' },
  },
  'GET /tasks/{id}/updates': {
    operationId: 'listTaskUpdates',
    summary: "A page of the task's history, newest first",
    tag: 'tasks',
    id: 'The task (`NV-01`)',
    query: PageQuery,
    ok: { status: 200, answer: 'HistoryPage', description: 'A page of the history; `nextCursor` while there are more' },
  },
  'POST /tasks/{id}/updates': {
    operationId: 'reportTaskUpdate',
    summary: 'Progress from the lead agency, a note from it or a co-operating one; queued',
    tag: 'tasks',
    id: 'The task (`NV-01`)',
    body: 'UpdateBody',
    ok: { status: 202, answer: 'UpdateAccepted', description: 'Accepted; applied shortly' },
  },
  'POST /tasks/{id}/extension-requests': {
    operationId: 'requestExtension',
    summary: 'The lead agency asks for a later deadline',
    tag: 'extensions',
    id: 'The task (`NV-01`)',
    body: 'ExtensionRequestBody',
    ok: { status: 201, answer: 'ExtensionRequested', description: 'The request, awaiting a decision' },
    errors: [409],
  },
  'POST /extension-requests/{id}/decision': {
    operationId: 'decideExtension',
    summary: 'The supervising vice-chair, the chair or the city office decides an extension request',
    tag: 'extensions',
    id: 'The extension request',
    body: 'DecisionBody',
    ok: { status: 200, answer: 'ExtensionDecided', description: 'The decision' },
    errors: [409],
  },
  'GET /indicators': {
    operationId: 'listIndicators',
    summary: 'Each indicator with its latest assessment',
    tag: 'indicators',
    ok: { status: 200, answer: 'IndicatorList', description: 'The indicators' },
  },
  'GET /indicators/{id}': {
    operationId: 'getIndicator',
    summary: 'An indicator: its series with every revision, the value that counts per period, and the assessment',
    tag: 'indicators',
    id: 'The indicator (`CT-01`)',
    ok: { status: 200, answer: 'Indicator', description: 'The indicator' },
  },
  'POST /indicators/{id}/values': {
    operationId: 'reportValue',
    summary: 'The responsible agency or the statistics role reports a value; queued',
    tag: 'indicators',
    id: 'The indicator (`CT-01`)',
    body: 'ValueBody',
    ok: { status: 202, answer: 'ValueAccepted', description: 'Accepted; assessed shortly' },
    errors: [409],
  },
  'POST /indicators/values:import': {
    operationId: 'importValues',
    summary: 'A CSV of values, every row checked: all queued or none',
    tag: 'indicators',
    body: 'ValuesImportBody',
    ok: { status: 202, answer: 'ValuesAccepted', description: 'Every row accepted; assessed shortly' },
    errors: [409],
  },
  'GET /digests/preview': {
    operationId: 'previewDigest',
    summary: 'The digest a recipient gets on the Monday of a week, as HTML',
    tag: 'digests',
    query: PreviewQuery,
    ok: { status: 200, answer: 'html', description: 'The HTML of the digest' },
    errors: [400, 404],
  },
  'GET /digests': {
    operationId: 'listDigests',
    summary: "A recipient's weekly digests as sent, newest week first, each with its state in the email ledger",
    tag: 'digests',
    query: ArchiveQuery,
    ok: { status: 200, answer: 'DigestArchive', description: 'The archive' },
    errors: [400, 404],
  },
  'GET /digests/sent': {
    operationId: 'getSentDigest',
    summary: 'One weekly digest as it was sent: its stored HTML, state and workbook name',
    tag: 'digests',
    query: PreviewQuery,
    ok: { status: 200, answer: 'SentDigest', description: 'The digest as sent' },
    errors: [400, 404],
  },
  'GET /digests/sent/workbook': {
    operationId: 'getSentDigestWorkbook',
    summary: 'The workbook attached to a weekly digest as sent (base64)',
    tag: 'digests',
    query: PreviewQuery,
    ok: { status: 200, answer: 'DigestWorkbook', description: 'The workbook and its file name' },
    errors: [400, 404],
  },
  'GET /dashboard': {
    operationId: 'getDashboard',
    summary:
      "A leader's dashboard of their scope, or the city office's of the whole programme: counts by status and their change since a week ago, overdue and upcoming tasks, indicators by colour with their series, pending extension requests",
    tag: 'digests',
    ok: { status: 200, answer: 'Dashboard', description: 'The dashboard, from the weekly digest’s model for today' },
  },
  'POST /plan/import': {
    operationId: 'importPlan',
    summary: 'The city office replaces the plan (tasks keep their progress and history): its CSV tables, or one workbook (base64)',
    tag: 'plan',
    body: 'PlanImportBody',
    ok: { status: 200, answer: 'PlanImported', description: 'What was imported' },
  },
  'GET /plan/export': {
    operationId: 'exportPlan',
    summary: 'The current plan as one workbook (base64), a sheet per CSV table, as the import takes it back',
    tag: 'plan',
    ok: { status: 200, answer: 'PlanExport', description: 'The workbook and a file name for it' },
    errors: [404],
  },
  'GET /calendar': {
    operationId: 'getCalendar',
    summary: "A year's days off and make-up working days (weekends not listed), and whether the year is announced or projected",
    tag: 'calendar',
    query: CalendarQuery,
    ok: { status: 200, answer: 'CalendarYear', description: 'The year' },
  },
  'PUT /calendar/days/{date}': {
    operationId: 'setCalendarDay',
    summary: 'The city office records a day off (Monday-Friday) or a make-up working day (Saturday, Sunday), with its source; kept in the audit trail',
    tag: 'calendar',
    date: 'The date (`2026-01-02`)',
    body: 'CalendarDayBody',
    ok: { status: 200, answer: 'CalendarChange', description: 'The date before and after' },
  },
  'DELETE /calendar/days/{date}': {
    operationId: 'removeCalendarDay',
    summary: "The city office removes a date's entry (it becomes an ordinary day); kept in the audit trail",
    tag: 'calendar',
    date: 'The date (`2026-01-02`)',
    ok: { status: 200, answer: 'CalendarChange', description: 'What the date had' },
    errors: [400, 404],
  },
  'GET /delivery': {
    operationId: 'getDelivery',
    summary:
      'The city office: emails unconfirmed, failed or suppressed, the addresses suppressed after a bounce or complaint, and the depth of each dead-letter queue',
    tag: 'delivery',
    ok: { status: 200, answer: 'Delivery', description: 'Email delivery' },
  },
};

const ERRORS: Record<number, string> = {
  400: 'The request is not valid: each field refused, with the reason in Vietnamese and English',
  401: "No valid token: API Gateway's JWT authorizer, before the function runs",
  403: 'The caller may not do this; the answer says who may',
  404: 'No such resource',
  409: 'The resource is not in a state that allows this',
  413: 'The body is too large',
};

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The schemas of one direction (`input` for requests, `output` for answers), with references between them. */
function components(entries: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, target: 'draft-2020-12', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, strip(s as Json)]));
}

function strip(s: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = s;
  return rest;
}

/** A query schema as parameters, one per property. */
function queryParameters(schema: z.ZodType): Json[] {
  const s = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Json & {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const { description, ...schema } = p;
    return { name, in: 'query', required: (s.required ?? []).includes(name), ...(description ? { description } : {}), schema };
  });
}

const errorResponse = (status: number) => ({
  description: ERRORS[status],
  content: { 'application/json': { schema: ref(status === 401 ? 'GatewayAnswer' : 'ErrorAnswer') } },
});

function operation(key: RouteKey, op: Operation, open: boolean): Json {
  const parameters = [
    ...(op.id ? [{ name: 'id', in: 'path', required: true, description: op.id, schema: { type: 'string', maxLength: 200 } }] : []),
    ...(op.date ? [{ name: 'date', in: 'path', required: true, description: op.date, schema: { type: 'string', format: 'date' } }] : []),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  const content =
    op.ok.answer === 'html'
      ? { 'text/html': { schema: { type: 'string' } } }
      : op.ok.answer === 'document'
        ? { 'application/json': { schema: { type: 'object', description: 'An OpenAPI 3.1 document' } } }
        : { 'application/json': { schema: ref(op.ok.answer) } };
  const errors = new Set<number>([
    ...(op.query || op.body || op.date ? [400] : []),
    ...(open ? [] : [401, 403]),
    ...(op.id ? [404] : []),
    ...(op.body ? [413] : []),
    ...(op.errors ?? []),
  ]);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    ...(open ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
    responses: {
      [op.ok.status]: { description: op.ok.description, content },
      ...Object.fromEntries([...errors].sort().map((s) => [s, errorResponse(s)])),
      429: {
        description: "Too many requests: API Gateway's throttle, before the function runs",
        content: { 'application/json': { schema: ref('GatewayAnswer') } },
      },
    },
    'x-route-key': key,
  };
}

const TAGS = {
  system: 'Liveness and this document',
  plan: 'The plan: agencies, leaders, import and export',
  tasks: 'Tasks, their history and reports',
  extensions: 'Extension requests and decisions',
  indicators: 'Indicators and their values',
  digests: 'The weekly leadership digest, its archive and the leaders’ dashboard',
  calendar: 'The working-day calendar: days off and make-up working days',
  delivery: 'Email delivery: what did not go out, suppressed addresses, dead-letter queues',
};

/** The document. `open` says which routes need no token (the access matrix's public rows). */
export function openApiDocument(open: (key: RouteKey) => boolean): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [key, op] of Object.entries(OPERATIONS) as [RouteKey, Operation][]) {
    const [method, path] = key.split(' ') as [string, string];
    (paths[path] ??= {})[method.toLowerCase()] = operation(key, op, open(key));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'dondoc API',
      version: '1',
      description:
        "The API of dondoc, which tracks a city's programme of action: tasks and their progress, deadline extensions, indicators and their values, the weekly digest, the plan. " +
        'Every answer other than success is an `ErrorAnswer`: its message in Vietnamese and English, and, for a request refused, each field with its reason.',
    },
    servers: [{ url: '/', description: 'The API, where this document is served' }],
    security: [{ bearer: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token of the user pool with the scope `dondoc/api` (locally: `npm run token`, or the portal’s sign-in)',
        },
      },
      schemas: { ...components(BODIES, 'input'), ...components(ANSWERS, 'output') },
    },
  };
}
