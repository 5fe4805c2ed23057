import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { actorOf, callerFromClaims, type Caller } from '../../shared/domain/caller';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { sqsClient } from '../../shared/runtime/clients';
import { getIndicator } from '../../shared/data/indicators';
import { loadDirectory, savePlan } from '../../shared/data/plan-directory';
import { decodeCursor } from '../../shared/data/table';
import { getTask, listTasks, listUpdates } from '../../shared/data/tasks';
import { localDate } from '../../shared/domain/dates';
import { ValidationError } from '../../shared/domain/errors';
import { supervisorOf } from '../../shared/domain/plan';
import { TASK_STATUSES } from '../../shared/domain/status';
import { taskStatus, taskView } from '../../shared/domain/task';
import { createLogger } from '../../shared/runtime/log';
import { PlanImportError, parsePlan } from '../../shared/io/plan-import';
import { parseWith } from '../../shared/runtime/validation';
import type { TaskUpdateMessage } from '../../events/task-update';
import { messageBody } from '../../shared/runtime/queues';
import { HttpError, badRequest, errorResponse, forbidden, json, notFound } from './http';
import { CURSOR_ISSUE, DateInput, Text, cursorFits, type CursorKey } from './inputs';
import { decide, requestExtension } from './extensions';
import { ACCESS, isAllowed, needsRelation, relationToIndicator, relationToRecipient, relationToTask, roleMayCall, type RouteAccess, type RouteKey } from './access';
import { getExtension, type ExtensionRequest } from '../../shared/data/extensions';
import type { IndicatorDef } from '../../shared/domain/plan';
import type { TaskRecord } from '../../shared/domain/task';
import { previewDigest } from './digests';
import { getIndicatorDetail, importValues, listIndicators, postValue } from './indicators';
import { queueUrlEnv } from '../../shared/runtime/config';
import { INDICATOR_ID, TASK_ID } from '../../events/ids';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
interface Ctx {
  event: Event;
  caller: Caller;
  requestId: string;
  correlationId: string;
  log: ReturnType<typeof createLogger>;
  /** The resource the route acts on, loaded (and the caller's access to it checked) before the route runs. */
  task?: TaskRecord;
  extension?: ExtensionRequest;
  indicator?: IndicatorDef;
}
type Route = (ctx: Ctx) => Promise<APIGatewayProxyResultV2>;

const log = createLogger({ fn: 'api' });
/** Lambda's synchronous payload limit is 6 MB; a plan workbook is the largest body we take. */
const MAX_BODY = 6_000_000;

// ---- input schemas ---------------------------------------------------------------------------

const UpdateBody = z
  .object({
    progress: z.number().int().min(0).max(100).optional(),
    note: Text(4000),
    evidence: z.object({ documentNumber: Text(100), documentDate: DateInput }).strict().optional(),
    waitingOnCoAgency: z.boolean().optional(),
  })
  .strict();

const TaskListQuery = z
  .object({
    agency: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/).optional(),
    group: z.coerce.number().int().min(1).max(99).optional(),
    status: z.enum(TASK_STATUSES).optional(),
    dueBefore: DateInput.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // A cursor of this index (by agency, or all tasks by due date), within the dueBefore bound.
    const [pk, sk] = q.agency ? ['gsi2pk', 'gsi2sk'] : ['gsi1pk', 'gsi1sk'];
    const key: CursorKey = {
      pk: (v) => TASK_ID.test(v.slice(5)) && v.startsWith('TASK#'),
      sk: (v) => v === 'TASK',
      [pk]: (v) => v === (q.agency ? `AGENCY#${q.agency}` : 'TASKS'),
      [sk]: (v) => q.dueBefore === undefined || v < q.dueBefore,
    };
    if (q.cursor !== undefined && !cursorFits(q.cursor, key)) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'cursor of another query', params: CURSOR_ISSUE });
  });

const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict();

/** A plan as its CSV tables, or as one workbook (base64), as a city office exports it. */
const ImportBody = z.union([
  z.object({ files: z.record(z.string().max(64), z.string().max(5_000_000)) }).strict(),
  z.object({ xlsx: z.base64().max(MAX_BODY), name: z.string().max(100).optional() }).strict(),
]);

// ---- helpers ---------------------------------------------------------------------------------

function jsonBody(event: Event): unknown {
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

function cursorOf(raw: string | undefined, key?: CursorKey) {
  if (!raw) return undefined;
  const c = decodeCursor(raw);
  if (!c) throw badRequest([{ field: 'cursor', vi: 'Con trỏ trang không hợp lệ.', en: 'Invalid page cursor.' }]);
  if (key && !cursorFits(raw, key)) throw badRequest([{ field: 'cursor', ...CURSOR_ISSUE }]);
  return c;
}

function pathId(event: Event, pattern: RegExp, what: string): string {
  const id = event.pathParameters?.id ?? '';
  if (!pattern.test(id)) throw notFound(what, id.slice(0, 40));
  return id;
}

// ---- routes ----------------------------------------------------------------------------------

type ApiRoute = Exclude<RouteKey, 'GET /health'>;

const routes: Record<ApiRoute, Route> = {
  'GET /agencies': async () => {
    const dir = await loadDirectory();
    const items = dir.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      field: a.field,
      emails: a.emails,
      supervisor: supervisorOf(dir.leaders, a.field)?.id,
    }));
    return json(200, { items });
  },

  'GET /tasks': async ({ event }) => {
    const q = parseWith(TaskListQuery, event.queryStringParameters ?? {});
    const today = localDate(now());
    const items: ReturnType<typeof taskView>[] = [];
    let cursor = cursorOf(q.cursor);
    let nextCursor: string | undefined;
    // A status filter is applied after the query (status depends on today's date), so read on
    // until the page is full, within a bound.
    for (let pages = 0; pages < 5; pages++) {
      const page = await listTasks({ agency: q.agency, group: q.group, dueBefore: q.dueBefore, limit: q.limit, cursor });
      for (const t of page.items) {
        if (items.length < q.limit && (!q.status || taskStatus(t, today) === q.status)) items.push(taskView(t, today));
      }
      nextCursor = page.nextCursor;
      if (!nextCursor || items.length >= q.limit) break;
      cursor = decodeCursor(nextCursor);
    }
    return json(200, { items, ...(nextCursor ? { nextCursor } : {}) });
  },

  'GET /tasks/{id}': async ({ task }) => json(200, taskView(task!, localDate(now()))),

  'GET /tasks/{id}/updates': async ({ event, task }) => {
    const q = parseWith(PageQuery, event.queryStringParameters ?? {});
    const page = await listUpdates(task!.id, q.limit, cursorOf(q.cursor, { pk: (v) => v === `TASK#${task!.id}`, sk: (v) => v.startsWith('UPDATE#') }));
    return json(200, page);
  },

  'POST /tasks/{id}/updates': async (ctx) => {
    const { event, caller, requestId, correlationId, log } = ctx;
    const task = ctx.task!;
    const id = task.id;
    const body = parseWith(UpdateBody, jsonBody(event));
    // The matrix let in the lead and the co-operating agencies; what each may say differs.
    const isLead = caller.agency === task.leadAgency;
    if (!isLead && (body.progress !== undefined || body.waitingOnCoAgency !== undefined)) {
      throw forbidden(
        'Chỉ cơ quan chủ trì được báo cáo tiến độ; cơ quan phối hợp chỉ gửi ghi chú (note).',
        'Only the lead agency may report progress; a co-operating agency may only add a note.',
      );
    }
    const today = localDate(now());
    if (body.evidence && body.evidence.documentDate > today) {
      throw badRequest([{ field: 'evidence.documentDate', vi: 'Ngày văn bản không thể ở tương lai.', en: 'The document date cannot be in the future.' }]);
    }
    const message: TaskUpdateMessage = {
      type: 'TaskUpdate',
      updateId: randomUUID(),
      taskId: id,
      receivedAt: now().toISOString(),
      kind: isLead && body.progress !== undefined ? 'progress' : 'note',
      ...(body.progress !== undefined ? { progress: body.progress } : {}),
      note: body.note,
      ...(body.evidence ? { evidence: body.evidence } : {}),
      ...(body.waitingOnCoAgency !== undefined ? { waitingOnCoAgency: body.waitingOnCoAgency } : {}),
      actor: actorOf(caller),
      requestId,
      correlationId,
    };
    await sqsClient().send(
      new SendMessageCommand({
        QueueUrl: requireEnv(queueUrlEnv('task-updates')),
        MessageBody: messageBody(message),
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: correlationId } },
      }),
    );
    log.info('task update accepted', { taskId: id, updateId: message.updateId, kind: message.kind, agency: caller.agency });
    return json(202, { updateId: message.updateId, taskId: id, receivedAt: message.receivedAt, status: 'accepted' }, { location: `/tasks/${id}/updates` });
  },

  'GET /indicators': async () => json(200, await listIndicators()),

  'GET /indicators/{id}': async ({ indicator }) => json(200, await getIndicatorDetail(indicator!.id)),

  'POST /indicators/{id}/values': async ({ event, caller, requestId, correlationId, log, indicator }) => {
    const out = await postValue(indicator!, jsonBody(event), caller, { requestId, correlationId });
    log.info('indicator value accepted', { indicatorId: indicator!.id, period: out.period });
    return json(202, out);
  },

  'POST /indicators/values:import': async ({ event, caller, requestId, correlationId, log }) => {
    const out = await importValues(jsonBody(event), caller, { requestId, correlationId });
    log.info('indicator values accepted', { count: out.accepted });
    return json(202, out);
  },

  'GET /digests/preview': async ({ event }) => previewDigest(event.queryStringParameters ?? {}),

  'POST /tasks/{id}/extension-requests': async ({ event, caller, requestId, correlationId, log, task }) => {
    const out = await requestExtension(task!, jsonBody(event), caller, { requestId, correlationId });
    log.info('extension requested', { taskId: task!.id, extensionId: out.id });
    return json(201, out);
  },

  'POST /extension-requests/{id}/decision': async ({ event, caller, requestId, correlationId, log, task, extension }) => {
    const out = await decide(extension!, task!, jsonBody(event), caller, { requestId, correlationId });
    log.info('extension decided', { extensionId: extension!.id, taskId: out.taskId, status: out.status });
    return json(200, out);
  },

  'POST /plan/import': async ({ event, caller, requestId, log }) => {
    const raw = jsonBody(event);
    if (!raw || typeof raw !== 'object' || !('files' in raw || 'xlsx' in raw)) {
      throw badRequest([{ field: '(body)', vi: 'Gửi {"files": {"tasks.csv": "...", ...}} hoặc {"xlsx": "<base64>"}.', en: 'Send {"files": {"tasks.csv": "...", ...}} or {"xlsx": "<base64>"}.' }]);
    }
    const body = parseWith(ImportBody, raw);
    let plan;
    try {
      // The spreadsheet library loads only when a workbook comes in: it is most of this
      // function's code, and every cold start would pay for it.
      plan = 'files' in body ? parsePlan(body.files) : await (await import('../../shared/io/plan-xlsx')).parsePlanWorkbook(Buffer.from(body.xlsx, 'base64'), body.name ?? 'plan.xlsx');
    } catch (e) {
      if (e instanceof PlanImportError) throw badRequest(e.issues);
      throw e;
    }
    const counts = await savePlan(plan, localDate(now()), { actor: actorOf(caller), at: now().toISOString(), requestId });
    log.info('plan imported', { code: plan.meta.code, ...counts, by: caller.sub });
    return json(200, { imported: { plan: plan.meta.code, ...counts } });
  },
};

type Resources = Pick<Ctx, 'task' | 'extension' | 'indicator'>;

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

async function route(event: Event): Promise<APIGatewayProxyResultV2> {
  const requestId = event.requestContext?.requestId ?? randomUUID();
  const header = event.headers?.['x-correlation-id'];
  const correlationId = header && CORRELATION.test(header) ? header : requestId;
  const reqLog = log.child({ requestId, correlationId, route: event.routeKey });
  try {
    if (event.routeKey === 'GET /health') return json(200, { status: 'ok', time: now().toISOString() });
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

export const handler = middy<Event, APIGatewayProxyResultV2>().handler(route);

/** Every route key the function serves (checked against the topology by the tests). */
export const ROUTE_KEYS = ['GET /health', ...Object.keys(routes)];
