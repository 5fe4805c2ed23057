import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, type Caller } from '../../../shared/domain/caller';
import { now } from '../../../shared/runtime/clock';
import { decideExtension, fileExtension, type ExtensionRequest } from '../../../shared/data/extensions';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { getTask } from '../../../shared/data/tasks';
import { loadCalendar } from '../../../shared/data/calendar';
import { effectiveDueDate } from '../../../shared/domain/calendar';
import type { TaskRecord } from '../../../shared/domain/task';
import { renderExtensionNotice } from '../../../shared/mail/templates/extension';
import { addressees } from '../../../shared/mail/recipients';
import { taskFacts, taskLink } from '../../../shared/mail/compose';
import { requireEnv } from '../../../shared/runtime/config';
import { parseWith } from '../../../shared/runtime/validation';
import { enqueueMail } from '../../../shared/mail/outbox';
import { DateInput, Text } from '../inputs';
import { HttpError, badRequest, json } from '../http';
import { withJsonBody } from '../middleware/json-body';

export const RequestBody = z.object({ proposedDueDate: DateInput, reason: Text(2000) }).strict();
export const DecisionBody = z.object({ decision: z.enum(['approve', 'reject']), newDueDate: DateInput.optional(), note: Text(2000).optional() }).strict();

const conflict = (vi: string, en: string) => new HttpError(409, 'conflict', vi, en);

const completedAlready = () =>
  conflict(
    'Nhiệm vụ đã hoàn thành: không thể phê duyệt gia hạn sau khi đã hoàn thành.',
    'The task is already complete: an extension cannot be approved after completion.',
  );

function currentDue(task: TaskRecord): string | undefined {
  if (task.deadline.kind === 'recurring') return undefined;
  return task.revisedDueDate ?? task.deadline.dueDate;
}

/** The lead agency asks for a later deadline. */
async function requestExtension(task: TaskRecord, body: unknown, caller: Caller, { requestId, correlationId }: { requestId: string; correlationId: string }) {
  const input = parseWith(RequestBody, body);
  const taskId = task.id;
  const due = currentDue(task);
  if (!due) throw conflict('Nhiệm vụ thường xuyên, định kỳ không gia hạn được.', 'A recurring task has no deadline to extend.');
  if (task.completedOn) throw conflict('Nhiệm vụ đã hoàn thành.', 'The task is already complete.');
  if (task.pendingExtension) throw conflict('Đã có đề nghị gia hạn đang chờ quyết định.', 'An extension request is already awaiting a decision.');
  if (input.proposedDueDate <= due) {
    throw badRequest([
      {
        field: 'proposedDueDate',
        vi: `Thời hạn đề nghị phải sau thời hạn hiện tại (${due}).`,
        en: `The proposed deadline must be after the current one (${due}).`,
      },
    ]);
  }
  const at = now().toISOString();
  const r: ExtensionRequest = {
    id: randomUUID(),
    taskId,
    proposedDueDate: input.proposedDueDate,
    reason: input.reason,
    requestedBy: actorOf(caller),
    requestId,
    requestedAt: at,
    status: 'pending',
    previousDueDate: due,
  };
  const [dir, { calendar }] = await Promise.all([loadDirectory(), loadCalendar()]);
  const to = addressees(['vice-chair'], ['office', 'lead'], task, dir);
  const key = `extension#${r.id}#requested`;
  const mail = renderExtensionNotice({
    kind: 'requested',
    task: taskFacts(task, dir.agencies, calendar),
    requestId: r.id,
    proposedDueDate: r.proposedDueDate,
    reason: r.reason,
    link: taskLink(requireEnv('APP_URL'), taskId),
    recipientLabel: to.label,
    planCode: dir.meta?.code ?? '',
  });
  if (!(await fileExtension(r, key, { to: to.to, cc: to.cc, ...mail, taskId, rule: 'extension-requested', correlationId }))) {
    throw conflict('Nhiệm vụ vừa thay đổi (đã hoàn thành hoặc đã có đề nghị gia hạn).', 'The task changed meanwhile (completed, or a request is pending).');
  }
  await enqueueMail([key]);
  return { id: r.id, taskId, status: r.status, proposedDueDate: r.proposedDueDate };
}

/** The supervising vice-chair (or the chair) or the city office decides. */
async function decide(
  r: ExtensionRequest,
  task: TaskRecord,
  body: unknown,
  caller: Caller,
  { requestId, correlationId }: { requestId: string; correlationId: string },
) {
  const input = parseWith(DecisionBody, body);
  const [dir, { calendar }] = await Promise.all([loadDirectory(), loadCalendar()]);
  if (r.status !== 'pending') throw conflict('Đề nghị này đã được quyết định.', 'This request has already been decided.');
  const approve = input.decision === 'approve';
  // As the request route does: a completed task's deadline is not moved (rejecting still closes the request).
  if (approve && task.completedOn) throw completedAlready();
  const newDueDate = approve ? (input.newDueDate ?? r.proposedDueDate) : undefined;
  if (newDueDate && newDueDate <= r.previousDueDate) {
    throw badRequest([{ field: 'newDueDate', vi: 'Thời hạn mới phải sau thời hạn cũ.', en: 'The new deadline must be after the old one.' }]);
  }
  const at = now().toISOString();
  const decidedBy = actorOf(caller);
  const decider = caller.leaderId ? dir.leaders.find((l) => l.id === caller.leaderId) : dir.leaders.find((l) => l.role === 'office');
  const to = addressees(['lead'], ['office'], task, dir);
  const key = `extension#${r.id}#decided`;
  const mail = renderExtensionNotice({
    kind: approve ? 'approved' : 'rejected',
    task: taskFacts(task, dir.agencies, calendar),
    requestId: r.id,
    proposedDueDate: r.proposedDueDate,
    ...(newDueDate ? { newDueDate } : {}),
    reason: r.reason,
    ...(input.note ? { decisionNote: input.note } : {}),
    deciderLabel: decider ? `${decider.title} ${decider.name}`.trim() : 'Văn phòng UBND Thành phố',
    link: taskLink(requireEnv('APP_URL'), task.id),
    recipientLabel: to.label,
    planCode: dir.meta?.code ?? '',
  });
  const ok = await decideExtension(
    r,
    {
      status: approve ? 'approved' : 'rejected',
      decidedBy,
      decidedAt: at,
      decisionRequestId: requestId,
      ...(newDueDate ? { newDueDate } : {}),
      ...(input.note ? { decisionNote: input.note } : {}),
    },
    key,
    { to: to.to, cc: to.cc, ...mail, taskId: task.id, rule: approve ? 'extension-approved' : 'extension-rejected', correlationId },
  );
  if (!ok) {
    // The approval's write is conditional on the task being open: say which condition failed.
    if (approve && (await getTask(task.id))?.completedOn) throw completedAlready();
    throw conflict('Đề nghị này vừa được quyết định.', 'This request was decided meanwhile.');
  }
  await enqueueMail([key]);
  return {
    id: r.id,
    taskId: task.id,
    status: approve ? 'approved' : 'rejected',
    ...(newDueDate ? { newDueDate, effectiveDueDate: effectiveDueDate(calendar, newDueDate) } : {}),
    decidedAt: at,
  };
}

/** POST /tasks/{id}/extension-requests: the lead agency asks for a later deadline. */
export const request = withJsonBody(async ({ body, caller, requestId, correlationId, log, task }) => {
  const out = await requestExtension(task!, body, caller, { requestId, correlationId });
  log.info('extension requested', { taskId: task!.id, extensionId: out.id });
  return json(201, out);
});

/** POST /extension-requests/{id}/decision: the supervising vice-chair (or the chair) or the city office decides. */
export const decision = withJsonBody(async ({ body, caller, requestId, correlationId, log, task, extension }) => {
  const out = await decide(extension!, task!, body, caller, { requestId, correlationId });
  log.info('extension decided', { extensionId: extension!.id, taskId: out.taskId, status: out.status });
  return json(200, out);
});
