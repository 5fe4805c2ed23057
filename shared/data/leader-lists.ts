import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, type IsoDate } from '../domain/dates';
import { docClient } from '../runtime/clients';
import { conditionLost, queryAll, tableName } from './table';

/**
 * A leader's list of the day: the tasks a deadline run reported to them that day, sent as one
 * email (ledger key `leaders#<leader>#<day>`). The list's entries sit in the ledger item's own
 * partition (`MAIL#leaders#<leader>#<day>`, sort keys `ENTRY#…`), beside a `CLOSED` marker that
 * the list's run writes before it reads them: an entry is written only in a transaction that
 * checks its day is not closed, so once the run has closed a day, the entries it reads are all
 * there will ever be, and an entry written later (a retried task, a redriven message) goes on the
 * next open day's list instead. Nothing is lost, and no task is listed twice.
 */

/** A task on a leader's list, as the email shows it: written once, by the deadline run. */
export interface ListedTask {
  taskId: string;
  title: string;
  rule: 'overdue-5' | 'overdue-10' | 'overdue-chair';
  leadAgencyName: string;
  /** The deadline as every email writes it ("15/10/2025", "Quý III/2025 (hạn báo cáo 14/9/2025)"). */
  deadline: string;
  workingDaysOverdue: number;
  /** Overdue chasers sent before this step. */
  chaserCount: number;
  progress: number;
  /** The co-operating agency the lead says it waits on, by name. */
  waitingOnName?: string;
  link: string;
}

export const listKey = (leader: string, day: IsoDate): string => `leaders#${leader}#${day}`;
const closedKey = (leader: string, day: IsoDate) => ({ pk: `MAIL#${listKey(leader, day)}`, sk: 'CLOSED' });

/** How many days ahead an entry looks for an open list before giving up (the list runs daily). */
const OPEN_DAYS_AHEAD = 7;

/** The first day from `from` whose list for this leader is not closed yet. */
export async function openListDay(leader: string, from: IsoDate): Promise<IsoDate> {
  for (let i = 0; i < OPEN_DAYS_AHEAD; i++) {
    const day = addDays(from, i);
    const out = await docClient().send(
      new GetCommand({ TableName: tableName(), Key: closedKey(leader, day), ConsistentRead: true, ProjectionExpression: 'pk' }),
    );
    if (!out.Item) return day;
  }
  throw new Error(`the lists of ${leader} from ${from} are closed ${OPEN_DAYS_AHEAD} days ahead: is the list run writing markers without sending?`);
}

/** The writes that put a task on a leader's list of a day: only while that day is open. */
export function listEntryWrites(leader: string, day: IsoDate, entry: ListedTask, instance: string) {
  const pk = `MAIL#${listKey(leader, day)}`;
  return [
    { ConditionCheck: { TableName: tableName(), Key: closedKey(leader, day), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName(), Item: { pk, sk: `ENTRY#${entry.taskId}#${instance}#${entry.rule}`, entity: 'list-entry', ...entry } } },
  ];
}

/** Closes a leader's list of a day (a second close keeps the first one's time). */
export async function closeList(leader: string, day: IsoDate, at: string): Promise<void> {
  try {
    await docClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...closedKey(leader, day), entity: 'list-closed', closedAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if (!conditionLost(e)) throw e;
  }
}

/**
 * A leader's list of a day as it stands, in one strongly consistent read of its partition: whether
 * its email was written (the ledger item), whether the day is closed, and its entries in task order.
 * Entries read while the day is closed are all it will ever have.
 */
export async function readList(leader: string, day: IsoDate): Promise<{ sent: boolean; closed: boolean; entries: ListedTask[] }> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `MAIL#${listKey(leader, day)}` },
    ConsistentRead: true,
  });
  return {
    sent: items.some((i) => i.sk === 'MAIL'),
    closed: items.some((i) => i.sk === 'CLOSED'),
    entries: items.filter((i) => String(i.sk).startsWith('ENTRY#')).map(({ pk: _pk, sk: _sk, entity: _entity, ...entry }) => entry as unknown as ListedTask),
  };
}

/** The entries of a leader's list of a day, in task order. */
export async function listEntries(leader: string, day: IsoDate): Promise<ListedTask[]> {
  return (await readList(leader, day)).entries;
}
