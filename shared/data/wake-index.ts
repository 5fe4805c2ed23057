import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import type { TaskRecord } from '../domain/task';
import { conditionLost, strip, tableName, type Item } from './table';

/**
 * The byWake index: open tasks by the next day the deadline run must look at them (gsi3pk = WAKE,
 * gsi3sk = <date>#<task id>). A task leaves it when completed; the run reads only what is due.
 */

/** Sort key that puts a task first in the byWake index: evaluate it at the next deadline run. */
export const WAKE_NOW = '0000-00-00';

/** Open tasks whose wake date is today or earlier: the only tasks the deadline run reads. */
export async function tasksToWake(
  today: string,
  cursor?: Item,
  limit?: number,
): Promise<{ items: TaskRecord[]; cursor?: Item; scanned: number; consumed: number }> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byWake',
      KeyConditionExpression: 'gsi3pk = :w AND gsi3sk <= :today',
      ExpressionAttributeValues: { ':w': 'WAKE', ':today': `${today}#~` },
      ExclusiveStartKey: cursor,
      ...(limit ? { Limit: limit } : {}),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<TaskRecord>(i)),
    ...(out.LastEvaluatedKey ? { cursor: out.LastEvaluatedKey } : {}),
    scanned: out.ScannedCount ?? 0,
    consumed: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

const wakeUpdate = (taskId: string, wakeOn: string | undefined) =>
  wakeOn
    ? { set: ['gsi3pk = :wake', 'gsi3sk = :wakeKey'], values: { ':wake': 'WAKE', ':wakeKey': `${wakeOn}#${taskId}` }, remove: [] as string[] }
    : { set: [] as string[], values: {}, remove: ['gsi3pk', 'gsi3sk'] };

/**
 * One task for the deadline run of `today`, read strongly consistent: undefined when it no longer
 * wakes that day (completed, or already evaluated by this run, which moved its wake date on), so
 * a duplicate message or a repeated run costs one read and writes nothing.
 */
export async function taskToWake(taskId: string, today: string): Promise<{ task?: TaskRecord; wakeKey?: string; consumed: number }> {
  const out = await docClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: `TASK#${taskId}`, sk: 'TASK' }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
  );
  const consumed = out.ConsumedCapacity?.CapacityUnits ?? 0;
  const item = out.Item;
  if (!item || item.gsi3pk !== 'WAKE' || typeof item.gsi3sk !== 'string' || item.gsi3sk > `${today}#~` || item.completedOn) return { consumed };
  return { task: strip<TaskRecord>(item), wakeKey: item.gsi3sk, consumed };
}

/** The byWake sort key a task gets for a wake date (none: it leaves the index). */
export const wakeKeyOf = (taskId: string, wakeOn: string | undefined): string | undefined => (wakeOn ? `${wakeOn}#${taskId}` : undefined);

/**
 * Writes the ladder state and the next wake date when no notice is sent. Conditional, as the
 * notice write is, on the task still being open and on the deadline the ladder was computed for:
 * a run racing a completion or an extension approval must not put a completed task back in the
 * wake index or overwrite the new deadline's wake date. Returns false when the task changed (the
 * change's own writer has set its state; the next run evaluates it afresh).
 */
export async function saveLadder(task: Pick<TaskRecord, 'id' | 'deadlineVersion'>, ladder: object, wakeOn: string | undefined): Promise<boolean> {
  const w = wakeUpdate(task.id, wakeOn);
  try {
    await docClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `TASK#${task.id}`, sk: 'TASK' },
        UpdateExpression: `SET ${['ladder = :ladder', ...w.set].join(', ')}${w.remove.length ? ` REMOVE ${w.remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(completedOn) AND deadlineVersion = :dv',
        ExpressionAttributeValues: { ':ladder': ladder, ':dv': task.deadlineVersion ?? 0, ...w.values },
      }),
    );
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/**
 * The task-side writes of a notice, to run in one transaction with the ledger Put: the notice in
 * the task's history, the ladder state and the wake date. Conditional on the task still being open
 * and on the deadline it was computed for, so a notice never goes out for a task completed or
 * extended a moment before.
 */
export function noticeWrites(task: TaskRecord, history: Item, ladder: object, wakeOn: string | undefined) {
  const w = wakeUpdate(task.id, wakeOn);
  return [
    {
      Put: {
        TableName: tableName(),
        Item: { pk: `TASK#${task.id}`, sk: `UPDATE#${String(history.at)}#${String(history.key)}`, entity: 'notice', ...history },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: { pk: `TASK#${task.id}`, sk: 'TASK' },
        UpdateExpression: `SET ${['ladder = :ladder', ...w.set].join(', ')}${w.remove.length ? ` REMOVE ${w.remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_not_exists(completedOn) AND deadlineVersion = :dv',
        ExpressionAttributeValues: { ':ladder': ladder, ':dv': task.deadlineVersion ?? 0, ...w.values },
      },
    },
  ];
}
