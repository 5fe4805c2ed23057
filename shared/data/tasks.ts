import { GetCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { docClient } from '../runtime/clients';
import type { TaskProgress, TaskRecord } from '../domain/task';
import type { TaskUpdateMessage } from '../../events/task-update';
import { queryPage, strip, tableName, type Item, type Page } from './table';
import { WAKE_NOW } from './wake-index';

/** Tasks (TASK#id / TASK) and their append-only history (TASK#id / UPDATE#...). */

export async function getTask(id: string): Promise<TaskRecord | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: `TASK#${id}`, sk: 'TASK' }, ConsistentRead: true }));
  return out.Item ? strip<TaskRecord>(out.Item) : undefined;
}

export interface TaskQuery {
  agency?: string;
  group?: number;
  /** Tasks due strictly before this date (ISO); tasks without a due date are left out. */
  dueBefore?: string;
  limit: number;
  cursor?: Item;
}

/** Lists tasks by due date, through the agency index when an agency is given. */
export async function listTasks(q: TaskQuery): Promise<Page<TaskRecord>> {
  const byAgency = Boolean(q.agency);
  const [pkName, skName] = byAgency ? ['gsi2pk', 'gsi2sk'] : ['gsi1pk', 'gsi1sk'];
  const values: Item = { ':p': byAgency ? `AGENCY#${q.agency}` : 'TASKS' };
  let condition = `${pkName} = :p`;
  if (q.dueBefore) {
    condition += ` AND ${skName} < :before`;
    values[':before'] = q.dueBefore;
  }
  const input: Omit<QueryCommandInput, 'TableName'> = {
    IndexName: byAgency ? 'byAgency' : 'byDue',
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
    Limit: q.limit,
    ExclusiveStartKey: q.cursor,
  };
  if (q.group !== undefined) {
    input.FilterExpression = '#group = :group';
    input.ExpressionAttributeNames = { '#group': 'group' };
    values[':group'] = q.group;
  }
  return queryPage(input, (i) => strip<TaskRecord>(i));
}

export type HistoryItem = TaskUpdateMessage & { applied: boolean };

/** A task's history, newest first. */
export function listUpdates(taskId: string, limit: number, cursor?: Item): Promise<Page<HistoryItem>> {
  return queryPage(
    {
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :u)',
      ExpressionAttributeValues: { ':p': `TASK#${taskId}`, ':u': 'UPDATE#' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor,
    },
    (i) => strip<HistoryItem>(i),
  );
}

export type RecordResult = 'applied' | 'duplicate' | 'conflict';

/**
 * Appends an update to the history and writes the task's new progress in one transaction.
 * The history item is conditional on not existing (a redelivered message is a `duplicate`);
 * the task write is conditional on the version read (`conflict` when someone else won: re-read
 * and try again).
 */
export async function recordUpdate(task: TaskRecord, next: TaskProgress, msg: TaskUpdateMessage, applied: boolean): Promise<RecordResult> {
  const sets = ['progress = :progress', 'waitingOnCoAgency = :waiting', 'version = :next'];
  const removes: string[] = [];
  const values: Item = { ':progress': next.progress, ':waiting': next.waitingOnCoAgency, ':next': task.version + 1, ':v': task.version };
  if (next.completedOn) {
    removes.push('gsi3pk', 'gsi3sk'); // nothing more to chase
  } else {
    sets.push('gsi3pk = :wake', 'gsi3sk = :wakeNow'); // news: look again at the next run
    values[':wake'] = 'WAKE';
    values[':wakeNow'] = `${WAKE_NOW}#${task.id}`;
  }
  for (const k of ['completedOn', 'progressAt', 'lastUpdate', 'waitingOn'] as const) {
    if (next[k] === undefined) removes.push(k);
    else {
      sets.push(`${k} = :${k}`);
      values[`:${k}`] = next[k];
    }
  }
  try {
    await docClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { pk: `TASK#${msg.taskId}`, sk: `UPDATE#${msg.receivedAt}#${msg.updateId}`, entity: 'update', ...msg, applied },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: { pk: `TASK#${msg.taskId}`, sk: 'TASK' },
              UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: values,
            },
          },
        ],
      }),
    );
    return 'applied';
  } catch (e) {
    if (e instanceof TransactionCanceledException) {
      const [history, taskWrite] = e.CancellationReasons ?? [];
      if (history?.Code === 'ConditionalCheckFailed') return 'duplicate';
      // Lost the race: the version moved, or another transaction held the item at that moment.
      if (taskWrite?.Code === 'ConditionalCheckFailed' || [history, taskWrite].some((r) => r?.Code === 'TransactionConflict')) return 'conflict';
    }
    throw e;
  }
}
