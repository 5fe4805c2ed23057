import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import { dueDateOf } from '../domain/deadline';
import { assignedOnFor, type Agency, type IndicatorDef, type Leader, type Plan, type PlanMeta, type TaskDef, type TaskGroup } from '../domain/plan';
import type { Assessment } from '../domain/indicators';
import { batchWrite, inParallel, queryAll, strip, tableName } from './table';
import { WAKE_NOW } from './wake-index';

/** The plan's reference data (PLAN / META, GROUP#, LEADER#, AGENCY#, INDICATOR#) and its import. */

const NO_DUE = '9999-12-31';

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

const dueKey = (t: TaskDef) => `${dueDateOf(t.deadline) ?? NO_DUE}#${t.id}`;

/** Who wrote something, when, and in answer to which request: kept in the task's history. */
export interface Audit {
  actor: { sub: string; role: string; agency?: string; leaderId?: string };
  at: string;
  requestId: string;
}

/**
 * Writes a validated plan. Reference data is replaced (items no longer in the plan are removed);
 * tasks keep their progress and history, only their definition changes. Idempotent: importing
 * the same plan twice leaves the same state, so an interrupted import is completed by re-running.
 */
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
              Item: {
                pk: `TASK#${t.id}`,
                sk: `UPDATE#${audit.at}#import-${audit.requestId}`,
                entity: 'history',
                type: 'PlanImported',
                plan: plan.meta.code,
                at: audit.at,
                actor: audit.actor,
                requestId: audit.requestId,
              },
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
