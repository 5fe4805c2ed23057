import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import { OUTBOX, SUPPRESSED, UNDELIVERED, type MailState, type Suppression } from './ledger';
import { tableName } from './table';

/**
 * What the city office's delivery page reads: the emails that did not go out (failed, suppressed),
 * those whose outcome SES has not confirmed (unconfirmed), and the addresses not mailed again.
 * Each is a Query on a partition of the sparse `outbox` index, newest first; never a scan.
 */

/** A ledger email as the page shows it: what it is about, to whom, its state and SES's reason. */
export interface DeliveryEmail {
  key: string;
  state: MailState;
  subject: string;
  to: string[];
  cc: string[];
  taskId?: string;
  rule?: string;
  createdAt: string;
  claimedAt?: string;
  attempts?: number;
  reason?: string;
}

const FIELDS = ['key', 'state', 'subject', 'to', 'cc', 'taskId', 'rule', 'createdAt', 'claimedAt', 'attempts', 'reason'] as const;
const PROJECTION = {
  ProjectionExpression: FIELDS.map((f) => `#${f}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(FIELDS.map((f) => [`#${f}`, f])),
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function email(i: Record<string, unknown>): DeliveryEmail {
  return {
    key: String(i.key),
    state: i.state as MailState,
    subject: String(i.subject ?? ''),
    to: strings(i.to),
    cc: strings(i.cc),
    ...(typeof i.taskId === 'string' ? { taskId: i.taskId } : {}),
    ...(typeof i.rule === 'string' ? { rule: i.rule } : {}),
    createdAt: String(i.createdAt),
    ...(typeof i.claimedAt === 'string' ? { claimedAt: i.claimedAt } : {}),
    ...(typeof i.attempts === 'number' ? { attempts: i.attempts } : {}),
    ...(typeof i.reason === 'string' ? { reason: i.reason } : {}),
  };
}

/** A list cut at `limit`, and whether there was more. */
export interface Listed<T> {
  items: T[];
  more: boolean;
}

/** The newest `limit` emails that failed or were suppressed (the UNDELIVERED partition). */
export async function undeliveredEmails(limit: number): Promise<Listed<DeliveryEmail>> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'outbox',
      KeyConditionExpression: 'gsi4pk = :p',
      ...PROJECTION,
      ExpressionAttributeValues: { ':p': UNDELIVERED },
      ScanIndexForward: false,
      Limit: limit + 1,
    }),
  );
  const items = (out.Items ?? []).map(email);
  return { items: items.slice(0, limit), more: items.length > limit };
}

/**
 * The newest `limit` emails whose outcome is unknown (`unconfirmed`): they sit in the outbox with
 * those still queued or being sent, which is small (emails leave it within minutes), so the outbox
 * is read page by page, newest first, keeping the unconfirmed ones.
 */
export async function unconfirmedEmails(limit: number): Promise<Listed<DeliveryEmail>> {
  const found: DeliveryEmail[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await docClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'outbox',
        KeyConditionExpression: 'gsi4pk = :p',
        FilterExpression: '#state = :unconfirmed',
        ...PROJECTION,
        ExpressionAttributeValues: { ':p': OUTBOX, ':unconfirmed': 'unconfirmed' },
        ScanIndexForward: false,
        ExclusiveStartKey: cursor,
      }),
    );
    found.push(...(out.Items ?? []).map(email));
    cursor = out.LastEvaluatedKey;
  } while (cursor && found.length <= limit);
  return { items: found.slice(0, limit), more: found.length > limit };
}

/** The newest `limit` addresses not mailed again after a bounce, a complaint or SES's refusal. */
export async function suppressedAddresses(limit: number): Promise<Listed<Suppression>> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'outbox',
      KeyConditionExpression: 'gsi4pk = :p',
      ProjectionExpression: 'address, reason, #at, diagnostic',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: { ':p': SUPPRESSED },
      ScanIndexForward: false,
      Limit: limit + 1,
    }),
  );
  const items = (out.Items ?? []).map((i): Suppression => ({
    address: String(i.address),
    reason: i.reason as Suppression['reason'],
    at: String(i.at),
    ...(typeof i.diagnostic === 'string' ? { diagnostic: i.diagnostic } : {}),
  }));
  return { items: items.slice(0, limit), more: items.length > limit };
}
