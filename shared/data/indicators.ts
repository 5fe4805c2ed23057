import { PutCommand, QueryCommand, UpdateCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import { conditionLost, strip, tableName } from './table';
import { ledgerPut, transactWithLedger, type MailContent } from './ledger';
import type { IndicatorDef } from '../domain/plan';
import { REVISIONS, type Assessment, type IndicatorValue } from '../domain/indicators';

/**
 * Indicator values and the latest assessment of each indicator.
 *   INDICATOR#id / VALUE#<period>#<stage rank>#<value>   one item per distinct reported value: revisions
 *                                                         are kept, and the same value sent twice is one item
 *   PLAN / INDSTATE#id                                    the latest assessment (read with the plan's partition)
 */
const valueKey = (v: Pick<IndicatorValue, 'indicatorId' | 'period' | 'revision' | 'value'>) => ({
  pk: `INDICATOR#${v.indicatorId}`,
  sk: `VALUE#${v.period}#${REVISIONS.indexOf(v.revision)}#${v.value}`,
});

/** Stores a value once. Returns false when the same value (period, stage, number) was stored before. */
export async function putValue(v: IndicatorValue): Promise<boolean> {
  try {
    await docClient().send(
      new PutCommand({ TableName: tableName(), Item: { ...valueKey(v), entity: 'value', ...v }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/** Every value of an indicator, read consistently (a value just written is among them). */
export async function listValues(indicatorId: string): Promise<IndicatorValue[]> {
  const items: IndicatorValue[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':p': `INDICATOR#${indicatorId}`, ':v': 'VALUE#' },
        ExclusiveStartKey: start,
        // Read right after a value is written (ingest replays them): an eventually consistent read could miss it.
        ConsistentRead: true,
      }),
    );
    for (const i of out.Items ?? []) {
      const { pk: _pk, sk: _sk, entity: _e, ...v } = i;
      items.push(v as IndicatorValue);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface IndicatorState {
  indicatorId: string;
  assessment: Assessment;
  version: number;
  updatedAt: string;
  /** The colour before the last change of colour, and when it changed (for the weekly digest). */
  previousStatus?: Assessment['status'];
  statusChangedOn?: string;
}

export async function getState(indicatorId: string): Promise<IndicatorState | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'PLAN', sk: `INDSTATE#${indicatorId}` }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...s } = out.Item;
  return s as IndicatorState;
}

/**
 * Writes the new assessment if nobody else did since `previous` was read, together with the
 * alerts it calls for (ledger emails, in the same transaction); false on a race.
 */
export async function saveState(
  indicatorId: string,
  assessment: Assessment,
  previous: IndicatorState | undefined,
  at: string,
  change: { previousStatus?: Assessment['status']; statusChangedOn?: string },
  alerts: Array<{ key: string; content: MailContent }> = [],
): Promise<boolean> {
  const changed = change.previousStatus !== undefined;
  const update = {
    TableName: tableName(),
    Key: { pk: 'PLAN', sk: `INDSTATE#${indicatorId}` },
    UpdateExpression:
      'SET entity = :e, indicatorId = :id, assessment = :a, version = :next, updatedAt = :at' +
      (changed ? ', previousStatus = :prev, statusChangedOn = :on' : ' REMOVE previousStatus, statusChangedOn'),
    ConditionExpression: previous ? 'version = :v' : 'attribute_not_exists(pk)',
    ExpressionAttributeValues: {
      ':e': 'indstate',
      ':id': indicatorId,
      ':a': assessment,
      ':next': (previous?.version ?? 0) + 1,
      ':at': at,
      ...(previous ? { ':v': previous.version } : {}),
      ...(changed ? { ':prev': change.previousStatus, ':on': change.statusChangedOn } : {}),
    },
  };
  try {
    if (!alerts.length) await docClient().send(new UpdateCommand(update));
    else if (!(await transactWithLedger([...alerts.map((a) => ledgerPut(a.key, a.content, at)), { Update: update }]))) return false;
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/** An indicator's definition (PLAN / INDICATOR#id). */
export async function getIndicator(id: string): Promise<IndicatorDef | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: 'PLAN', sk: `INDICATOR#${id}` } }));
  return out.Item ? strip<IndicatorDef>(out.Item) : undefined;
}
