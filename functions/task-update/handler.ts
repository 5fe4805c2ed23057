import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { eventsClient } from '../../shared/runtime/clients';
import { loadCalendar } from '../../shared/data/calendar';
import { getTask, recordUpdate } from '../../shared/data/tasks';
import { localDate } from '../../shared/domain/dates';
import { applyUpdate, taskStatus, type TaskRecord } from '../../shared/domain/task';
import { createLogger } from '../../shared/runtime/log';
import { eachRecord } from '../../shared/runtime/sqs-batch';
import { parseWith } from '../../shared/runtime/validation';
import { EVENT_SOURCE_TASKS, TaskUpdateMessage, type TaskUpdatedDetail } from '../../events/task-update';

const log = createLogger({ fn: 'task-update' });
/** Enough for dozens of writers racing on one task; beyond that SQS redelivers the message. */
const MAX_CONFLICT_RETRIES = 30;

async function publish(task: TaskRecord, previousProgress: number, msg: TaskUpdateMessage): Promise<void> {
  const detail: TaskUpdatedDetail = {
    taskId: msg.taskId,
    updateId: msg.updateId,
    kind: msg.kind,
    agency: msg.actor.agency,
    progress: task.progress,
    previousProgress,
    status: taskStatus(task, localDate(now()), (await loadCalendar()).calendar),
    ...(task.completedOn ? { completedOn: task.completedOn } : {}),
    receivedAt: msg.receivedAt,
    correlationId: msg.correlationId,
  };
  const out = await eventsClient().send(
    new PutEventsCommand({
      Entries: [{ EventBusName: requireEnv('EVENT_BUS_NAME'), Source: EVENT_SOURCE_TASKS, DetailType: 'TaskUpdated', Detail: JSON.stringify(detail) }],
    }),
  );
  if (out.FailedEntryCount) throw new Error(`PutEvents failed: ${out.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
}

/**
 * Applies one update. Safe to run twice for the same message: the history item is written
 * conditionally, so a redelivery finds it and only re-publishes the event (which a crash may
 * have lost after the write). Concurrent updates to one task retry on a version conflict.
 */
async function processRecord(record: SQSRecord): Promise<void> {
  const msg = parseWith(TaskUpdateMessage, JSON.parse(record.body));
  const rlog = log.child({ correlationId: msg.correlationId, taskId: msg.taskId, updateId: msg.updateId, messageId: record.messageId });
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const task = await getTask(msg.taskId);
    if (!task) throw new Error(`task ${msg.taskId} not found`);
    const next = applyUpdate(task, { ...msg, agency: msg.actor.agency }, task.deadline.kind === 'recurring');
    const applied = next.progressAt === msg.receivedAt || next.lastUpdate?.updateId === msg.updateId;
    const result = await recordUpdate(task, next, msg, applied);
    if (result === 'conflict') {
      rlog.debug('version conflict, retrying', { attempt });
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(500, 10 * 2 ** attempt)));
      continue;
    }
    const current = result === 'applied' ? { ...task, ...next, version: task.version + 1 } : task;
    await publish(current, task.progress, msg);
    rlog.info(result === 'applied' ? 'task update applied' : 'duplicate delivery, event re-published', { progress: current.progress, result });
    return;
  }
  throw new Error(`too many version conflicts on ${msg.taskId}`);
}

/** SQS batch consumer: reports only the records that failed, so the rest are not redelivered. */
const consume = (event: SQSEvent): Promise<SQSBatchResponse> => eachRecord(event, log, 'task update failed', processRecord);

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(consume);
