import { z } from 'zod';
import { AGENCY_CODE, TASK_ID } from './ids';

/**
 * Text as it is stored and sent on: well-formed Unicode within a length. A lone surrogate cannot
 * be written as UTF-8 (DynamoDB, SQS and email would each store a replacement character instead),
 * so a message carrying one is refused rather than stored as something else.
 */
export const StoredText = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => s.isWellFormed(), { message: 'malformed Unicode (a lone surrogate)' });

/** Who did something: taken from the verified token, never from the request body. */
export const Actor = z.object({
  sub: StoredText(1, 200),
  role: z.enum(['agency', 'leader', 'office', 'statistics']),
  agency: StoredText(1, 32).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const Evidence = z
  .object({
    documentNumber: StoredText(1, 100),
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
    updateId: StoredText(1, 100),
    taskId: z.string().regex(TASK_ID),
    receivedAt: z.iso.datetime(),
    /** `progress` from the lead agency (may change status); `note` from anyone allowed to write. */
    kind: z.enum(['progress', 'note']),
    progress: z.number().int().min(0).max(100).optional(),
    /** As the API accepted it (NFC, trimmed, at most 4,000 characters). */
    note: StoredText(0, 4000),
    evidence: Evidence.optional(),
    waitingOnCoAgency: z.boolean().optional(),
    /** The co-operating agency the lead is waiting on (implies waitingOnCoAgency). */
    waitingOn: z.string().regex(AGENCY_CODE).optional(),
    actor: Actor,
    requestId: StoredText(0, 200),
    correlationId: StoredText(0, 200),
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
