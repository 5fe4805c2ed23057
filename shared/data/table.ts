import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { docClient } from '../runtime/clients';
import { requireEnv } from '../runtime/config';

/**
 * The single table every repository in this folder reads and writes. Keys (see README, "Data model"):
 *   PLAN / META | GROUP#nn | LEADER#id | AGENCY#code | INDICATOR#id   the plan's reference data (plan-directory.ts)
 *   PLAN / INDSTATE#id                                                an indicator's assessment (indicators.ts)
 *   TASK#id / TASK                                                    a task: definition + progress + version (tasks.ts)
 *   TASK#id / UPDATE#<receivedAt>#<updateId>                          append-only history (tasks.ts)
 *   INDICATOR#id / VALUE#<period>#<stage>#<value>                     reported values (indicators.ts)
 *   MAIL#key / MAIL | PART#...                                        the email ledger and attachment parts (ledger.ts)
 *   ADDRESS#address / SUPPRESSED                                      addresses that bounced or complained (ledger.ts)
 *   EXTREQ#id / EXTREQ                                                extension requests (extensions.ts)
 *   CALENDAR / DAY#<date> | SEEDED | HISTORY#<at>#<requestId>         the working-day calendar and its audit trail (calendar.ts)
 * Indexes (infra/topology.ts): byDue (gsi1: all tasks by due date), byAgency (gsi2: one agency's
 * tasks by due date), byWake (gsi3, sparse: open tasks by the next day the deadline run looks at
 * them, wake-index.ts), outbox (gsi4, sparse: emails not yet confirmed sent, ledger.ts), byRecipient
 * (gsi5, sparse: each leader's weekly digests by week, on their ledger items, ledger.ts).
 */
export const tableName = () => requireEnv('TABLE_NAME');

export type Item = Record<string, unknown>;

const KEY_ATTRS = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'entity'];

/** An item without its keys and index attributes: the record the domain knows. */
export function strip<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRS.includes(k)) out[k] = v;
  return out as T;
}

/**
 * Whether a write failed only because its condition did not hold (a plain write's
 * ConditionalCheckFailed, or a transaction cancelled for a failed condition or a conflicting
 * transaction): someone else's write won, which callers treat as "already done" or "try again".
 */
export function conditionLost(e: unknown): boolean {
  if (e instanceof ConditionalCheckFailedException) return true;
  return (
    e instanceof TransactionCanceledException &&
    (e.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
  );
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const encodeCursor = (key: Item | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

/** Decodes a cursor from a query string. Returns undefined for garbage so callers can answer 400. */
export function decodeCursor(cursor: string): Item | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : undefined;
  } catch {
    return undefined;
  }
}

export async function queryPage<T>(input: Omit<QueryCommandInput, 'TableName'>, map: (i: Item) => T): Promise<Page<T>> {
  const out = await docClient().send(new QueryCommand({ TableName: tableName(), ...input }));
  const page: Page<T> = { items: (out.Items ?? []).map(map) };
  const next = encodeCursor(out.LastEvaluatedKey);
  if (next) page.nextCursor = next;
  return page;
}

export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await docClient().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function batchWrite(requests: Item[]): Promise<void> {
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

export async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
