import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { docClient } from '../runtime/clients';
import { dueDateOf, parseDeadline } from '../domain/deadline';
import type { Agency, IndicatorDef, Leader, Plan, PlanMeta, TaskDef, TaskGroup } from '../domain/plan';
import type { TaskProgress, TaskRecord } from '../domain/task';
import type { Assessment } from '../domain/indicators';
import type { TaskUpdateMessage } from '../../events/task-update';
import { requireEnv } from '../runtime/config';

/**
 * DynamoDB access, single table. Keys (see README, "Data model"):
 *   PLAN / META | GROUP#nn | LEADER#id | AGENCY#code | INDICATOR#id   the plan's reference data
 *   TASK#id / TASK                                                    a task: definition + progress + version
 *   TASK#id / UPDATE#<receivedAt>#<updateId>                          append-only history
 * Indexes: byDue (gsi1pk=TASKS, gsi1sk=<due>#id), byAgency (gsi2pk=AGENCY#code, gsi2sk=<due>#id).
 */

const tableName = () => requireEnv('TABLE_NAME');
const NO_DUE = '9999-12-31';
const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'entity'];
/** Sort key that puts a task first in the byWake index: evaluate it at the next deadline run. */
export const WAKE_NOW = '0000-00-00';

type Item = Record<string, unknown>;

function strip<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.includes(k)) out[k] = v;
  return out as T;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const encodeCursor = (key: Item | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

/** Decodes a cursor from a query string. Returns undefined for garbage so callers can answer 400. */
export function decodeCursor(cursor: string): Item | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : undefined;
  } catch {
    return undefined;
  }
}

async function queryPage<T>(input: Omit<QueryCommandInput, 'TableName'>, map: (i: Item) => T): Promise<Page<T>> {
  const out = await docClient().send(new QueryCommand({ TableName: tableName(), ...input }));
  const page: Page<T> = { items: (out.Items ?? []).map(map) };
  const next = encodeCursor(out.LastEvaluatedKey);
  if (next) page.nextCursor = next;
  return page;
}

async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await docClient().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

// ---- the plan --------------------------------------------------------------------------------

export interface PlanDirectory {
  meta?: PlanMeta;
  groups: TaskGroup[];
  leaders: Leader[];
  agencies: Agency[];
  indicators: IndicatorDef[];
  /** The latest assessment of each indicator that has values. */
  states: Array<{ indicatorId: string; assessment: Assessment; updatedAt: string; previousStatus?: Assessment['status']; statusChangedOn?: string }>;
}

/** All reference data of the plan (a few hundred small items: one partition, one or two pages). */
export async function loadDirectory(): Promise<PlanDirectory> {
  const dir: PlanDirectory = { groups: [], leaders: [], agencies: [], indicators: [], states: [] };
  for (const item of await queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'PLAN' } })) {
    const sk = String(item.sk);
    if (sk === 'META') dir.meta = strip(item);
    else if (sk.startsWith('GROUP#')) dir.groups.push(strip(item));
    else if (sk.startsWith('LEADER#')) dir.leaders.push(strip(item));
    else if (sk.startsWith('AGENCY#')) dir.agencies.push(strip(item));
    else if (sk.startsWith('INDICATOR#')) dir.indicators.push(strip(item));
    else if (sk.startsWith('INDSTATE#')) dir.states.push(strip(item));
  }
  return dir;
}

export async function getIndicator(id: string): Promise<IndicatorDef | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'PLAN', sk: `INDICATOR#${id}` } }));
  return out.Item ? strip<IndicatorDef>(out.Item) : undefined;
}

const dueKey = (t: TaskDef) => `${dueDateOf(t.deadline) ?? NO_DUE}#${t.id}`;

async function batchWrite(requests: Item[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed items');
      if (attempt) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      const out = await docClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as Item[];
    }
  }
}

async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Writes a validated plan. Reference data is replaced (items no longer in the plan are removed);
 * tasks keep their progress and history, only their definition changes. Idempotent: importing
 * the same plan twice leaves the same state, so an interrupted import is completed by re-running.
 */
/**
 * When a task counts as assigned: the programme's date of issue for the tasks it assigned (a plan
 * imported in November for a programme signed in August has been running since August), or the
 * import date when the plan's date is later or unreadable. Kept on first import only.
 */
export function assignedOnFor(plan: Plan, today: string): string {
  try {
    const issued = parseDeadline(plan.meta.issuedOn, 'issued_on');
    return issued.kind !== 'recurring' && issued.dueDate <= today ? issued.dueDate : today;
  } catch {
    return today;
  }
}

/** Who wrote something, when, and in answer to which request: kept in the task's history. */
export interface Audit {
  actor: { sub: string; role: string; agency?: string; leaderId?: string };
  at: string;
  requestId: string;
}

export async function savePlan(plan: Plan, today: string, audit: Audit): Promise<{ tasks: number; indicators: number; agencies: number }> {
  const assignedOn = assignedOnFor(plan, today);
  const put = (sk: string, data: object) => ({ PutRequest: { Item: { pk: 'PLAN', sk, ...data } } });
  const wanted = [
    put('META', plan.meta),
    ...plan.groups.map((g) => put(`GROUP#${String(g.group).padStart(2, '0')}`, g)),
    ...plan.leaders.map((l) => put(`LEADER#${l.id}`, l)),
    ...plan.agencies.map((a) => put(`AGENCY#${a.code}`, a)),
    ...plan.indicators.map((i) => put(`INDICATOR#${i.id}`, i)),
  ];
  const wantedKeys = new Set(wanted.map((w) => w.PutRequest.Item.sk));
  const existing = await queryAll({
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': 'PLAN' },
    ProjectionExpression: 'pk, sk',
  });
  // Only the plan's own reference items are replaced; state kept in the partition (INDSTATE#) stays.
  const planItem = /^(META|GROUP#|LEADER#|AGENCY#|INDICATOR#)/;
  const stale = existing.filter((i) => planItem.test(String(i.sk)) && !wantedKeys.has(String(i.sk))).map((Key) => ({ DeleteRequest: { Key } }));
  await batchWrite([...wanted, ...stale]);

  // Each task's definition and a line in its history saying who imported it, in one transaction.
  await inParallel(plan.tasks, 8, (t) =>
    docClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { pk: `TASK#${t.id}`, sk: `UPDATE#${audit.at}#import-${audit.requestId}`, entity: 'history', type: 'PlanImported', plan: plan.meta.code, at: audit.at, actor: audit.actor, requestId: audit.requestId },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: { pk: `TASK#${t.id}`, sk: 'TASK' },
              UpdateExpression:
                'SET #entity = :entity, id = :id, #group = :group, title = :title, deliverable = :deliverable, leadAgency = :lead, ' +
                'coAgencies = :co, deadline = :deadline, #field = :field, gsi1pk = :g1, gsi1sk = :due, gsi2pk = :g2, gsi2sk = :due, ' +
                // A changed definition may change what is due: the next deadline run looks at it again.
                'gsi3pk = :wake, gsi3sk = :wakeNow, ' +
                'progress = if_not_exists(progress, :zero), waitingOnCoAgency = if_not_exists(waitingOnCoAgency, :false), ' +
                'version = if_not_exists(version, :zero), deadlineVersion = if_not_exists(deadlineVersion, :zero), ' +
                'assignedOn = if_not_exists(assignedOn, :assigned)',
              ExpressionAttributeNames: { '#entity': 'entity', '#group': 'group', '#field': 'field' },
              ExpressionAttributeValues: {
                ':entity': 'task',
                ':id': t.id,
                ':group': t.group,
                ':title': t.title,
                ':deliverable': t.deliverable,
                ':lead': t.leadAgency,
                ':co': t.coAgencies,
                ':deadline': t.deadline,
                ':field': t.field,
                ':g1': 'TASKS',
                ':g2': `AGENCY#${t.leadAgency}`,
                ':due': dueKey(t),
                ':zero': 0,
                ':false': false,
                ':wake': 'WAKE',
                ':wakeNow': `${WAKE_NOW}#${t.id}`,
                ':assigned': assignedOn,
              },
            },
          },
        ],
      }),
    ),
  );
  return { tasks: plan.tasks.length, indicators: plan.indicators.length, agencies: plan.agencies.length };
}

export async function hasPlan(): Promise<boolean> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'PLAN', sk: 'META' }, ProjectionExpression: 'pk' }));
  return Boolean(out.Item);
}

// ---- tasks -----------------------------------------------------------------------------------

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
  for (const k of ['completedOn', 'progressAt', 'lastUpdate'] as const) {
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

// ---- the deadline run ------------------------------------------------------------------------

/** Open tasks whose wake date is today or earlier: the only tasks the deadline run reads. */
export async function tasksToWake(today: string, cursor?: Item): Promise<{ items: TaskRecord[]; cursor?: Item; scanned: number; consumed: number }> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byWake',
      KeyConditionExpression: 'gsi3pk = :w AND gsi3sk <= :today',
      ExpressionAttributeValues: { ':w': 'WAKE', ':today': `${today}#~` },
      ExclusiveStartKey: cursor,
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

/** Writes the ladder state and the next wake date when no notice is sent. */
export async function saveLadder(taskId: string, ladder: object, wakeOn: string | undefined): Promise<void> {
  const w = wakeUpdate(taskId, wakeOn);
  await docClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `TASK#${taskId}`, sk: 'TASK' },
      UpdateExpression: `SET ${['ladder = :ladder', ...w.set].join(', ')}${w.remove.length ? ` REMOVE ${w.remove.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':ladder': ladder, ...w.values },
    }),
  );
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
