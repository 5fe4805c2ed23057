import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { TASK_ID } from '../../../events/ids';
import type { TaskUpdateMessage } from '../../../events/task-update';
import { loadCalendar } from '../../../shared/data/calendar';
import { decodeCursor } from '../../../shared/data/table';
import { listTasks, listUpdates } from '../../../shared/data/tasks';
import { actorOf } from '../../../shared/domain/caller';
import { localDate } from '../../../shared/domain/dates';
import { TASK_STATUSES } from '../../../shared/domain/status';
import { taskStatus, taskView } from '../../../shared/domain/task';
import { formatDateVi } from '../../../shared/mail/text';
import { sqsClient } from '../../../shared/runtime/clients';
import { now } from '../../../shared/runtime/clock';
import { queueUrlEnv, requireEnv } from '../../../shared/runtime/config';
import { messageBody } from '../../../shared/runtime/queues';
import { parseWith } from '../../../shared/runtime/validation';
import type { Route } from '../context';
import { badRequest, forbidden, json } from '../http';
import { CURSOR_ISSUE, DateInput, Text, cursorFits, type CursorKey } from '../inputs';
import { withJsonBody } from '../middleware/json-body';

export const UpdateBody = z
  .object({
    progress: z.number().int().min(0).max(100).optional(),
    note: Text(4000),
    evidence: z
      .object({ documentNumber: Text(100), documentDate: DateInput })
      .strict()
      .optional(),
    waitingOnCoAgency: z.boolean().optional(),
    /** The co-operating agency waited on, by its code. */
    waitingOn: z.string().max(32).optional(),
  })
  .strict();

export const TaskListQuery = z
  .object({
    agency: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/)
      .optional(),
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
    if (q.cursor !== undefined && !cursorFits(q.cursor, key))
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'cursor of another query', params: CURSOR_ISSUE });
  });

export const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(2000).optional() }).strict();

function cursorOf(raw: string | undefined, key?: CursorKey) {
  if (!raw) return undefined;
  const c = decodeCursor(raw);
  if (!c) throw badRequest([{ field: 'cursor', vi: 'Con trỏ trang không hợp lệ.', en: 'Invalid page cursor.' }]);
  if (key && !cursorFits(raw, key)) throw badRequest([{ field: 'cursor', ...CURSOR_ISSUE }]);
  return c;
}

/** GET /tasks: a page of tasks, by agency, group, status or due date. */
export const list: Route = async ({ event }) => {
  const q = parseWith(TaskListQuery, event.queryStringParameters ?? {});
  const today = localDate(now());
  const { calendar } = await loadCalendar();
  const items: ReturnType<typeof taskView>[] = [];
  let cursor = cursorOf(q.cursor);
  let nextCursor: string | undefined;
  // A status filter is applied after the query (status depends on today's date), so read on
  // until the page is full, within a bound.
  for (let pages = 0; pages < 5; pages++) {
    const page = await listTasks({ agency: q.agency, group: q.group, dueBefore: q.dueBefore, limit: q.limit, cursor });
    for (const t of page.items) {
      if (items.length < q.limit && (!q.status || taskStatus(t, today, calendar) === q.status)) items.push(taskView(t, today, calendar));
    }
    nextCursor = page.nextCursor;
    if (!nextCursor || items.length >= q.limit) break;
    cursor = decodeCursor(nextCursor);
  }
  return json(200, { items, ...(nextCursor ? { nextCursor } : {}) });
};

/** GET /tasks/{id}: one task as of today. */
export const one: Route = async ({ task }) => json(200, taskView(task!, localDate(now()), (await loadCalendar()).calendar));

/** GET /tasks/{id}/updates: a page of the task's history. */
export const history: Route = async ({ event, task }) => {
  const q = parseWith(PageQuery, event.queryStringParameters ?? {});
  const page = await listUpdates(task!.id, q.limit, cursorOf(q.cursor, { pk: (v) => v === `TASK#${task!.id}`, sk: (v) => v.startsWith('UPDATE#') }));
  return json(200, page);
};

/** POST /tasks/{id}/updates: progress from the lead agency, a note from it or a co-operating one; queued. */
export const update = withJsonBody(async (ctx) => {
  const { caller, requestId, correlationId, log } = ctx;
  const task = ctx.task!;
  const id = task.id;
  const body = parseWith(UpdateBody, ctx.body);
  // The matrix let in the lead and the co-operating agencies; what each may say differs.
  const isLead = caller.agency === task.leadAgency;
  if (!isLead && (body.progress !== undefined || body.waitingOnCoAgency !== undefined || body.waitingOn !== undefined)) {
    throw forbidden(
      'Chỉ cơ quan chủ trì được báo cáo tiến độ; cơ quan phối hợp chỉ gửi ghi chú (note).',
      'Only the lead agency may report progress; a co-operating agency may only add a note.',
    );
  }
  if (body.waitingOn !== undefined && (!task.coAgencies.includes(body.waitingOn) || body.waitingOnCoAgency === false)) {
    const co = task.coAgencies.join(', ') || '—';
    throw badRequest([
      body.waitingOnCoAgency === false
        ? {
            field: 'waitingOn',
            vi: 'Không thể vừa nêu cơ quan đang chờ vừa báo không còn chờ.',
            en: 'An agency waited on cannot be named while saying nothing is waited on.',
          }
        : {
            field: 'waitingOn',
            vi: `Chỉ nêu được một cơ quan phối hợp của nhiệm vụ này: ${co}.`,
            en: `Only a co-operating agency of this task can be named: ${co}.`,
          },
    ]);
  }
  const today = localDate(now());
  if (body.evidence && body.evidence.documentDate > today) {
    throw badRequest([{ field: 'evidence.documentDate', vi: 'Ngày văn bản không thể ở tương lai.', en: 'The document date cannot be in the future.' }]);
  }
  if (body.evidence && body.evidence.documentDate < task.assignedOn) {
    const assigned = formatDateVi(task.assignedOn);
    throw badRequest([
      {
        field: 'evidence.documentDate',
        vi: `Ngày văn bản không thể trước ngày giao nhiệm vụ (${assigned}).`,
        en: `The document date cannot be before the task was assigned (${assigned}).`,
      },
    ]);
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
    ...(body.waitingOn !== undefined ? { waitingOn: body.waitingOn } : {}),
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
});
