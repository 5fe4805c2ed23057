import { z } from 'zod';

/** Who did something: taken from the verified token, never from the request body. */
export const Actor = z.object({
  sub: z.string().min(1),
  role: z.enum(['agency', 'leader', 'office', 'statistics']),
  agency: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

export const Evidence = z
  .object({
    documentNumber: z.string().min(1).max(100),
    /** ISO date of the document (văn bản). */
    documentDate: z.iso.date(),
  })
  .strict();

/**
 * Message on the task-updates queue: one accepted POST /tasks/{id}/updates.
 * `updateId` and `receivedAt` are fixed by the API, so a redelivered message maps to the same
 * history item and is applied once.
 */
export const TaskUpdateMessage = z
  .object({
    type: z.literal('TaskUpdate'),
    updateId: z.string().min(1),
    taskId: z.string().regex(/^NV-\d{2,4}$/),
    receivedAt: z.iso.datetime(),
    /** `progress` from the lead agency (may change status); `note` from anyone allowed to write. */
    kind: z.enum(['progress', 'note']),
    progress: z.number().int().min(0).max(100).optional(),
    note: z.string(),
    evidence: Evidence.optional(),
    waitingOnCoAgency: z.boolean().optional(),
    actor: Actor,
    requestId: z.string(),
    correlationId: z.string(),
  })
  .strict();
export type TaskUpdateMessage = z.infer<typeof TaskUpdateMessage>;

/** Detail of the TaskUpdated event (source dondoc.tasks) published after an update is applied. */
export const TaskUpdatedDetail = z.object({
  taskId: z.string(),
  updateId: z.string(),
  kind: z.enum(['progress', 'note']),
  agency: z.string().optional(),
  progress: z.number(),
  previousProgress: z.number(),
  status: z.string(),
  completedOn: z.string().optional(),
  receivedAt: z.string(),
  correlationId: z.string(),
});
export type TaskUpdatedDetail = z.infer<typeof TaskUpdatedDetail>;

export const EVENT_SOURCE_TASKS = 'dondoc.tasks';
