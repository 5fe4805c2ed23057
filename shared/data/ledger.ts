import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import { conditionLost, queryAll, tableName } from './table';

/**
 * The email ledger: one item per email the system will ever send, keyed by what it is about
 * (`notice#NV-07#v0#overdue-5`, `extension#<id>#decided`, `bounce#<address>`). Writing the item is
 * conditional, so only one writer wins a key; the mailer moves it queued → sending → sent.
 * While queued or sending, the item sits in the sparse `outbox` index so a lost queue message, or
 * an attempt that died holding its claim, is found and sent again. SES's own Send event (tagged
 * with the key) confirms a send whose sender died before recording it, so a send that happened is
 * never repeated and one that did not is never lost.
 */
export type MailState = 'queued' | 'sending' | 'unconfirmed' | 'sent' | 'failed' | 'suppressed';

/**
 * States in which a key is claimed by an attempt and not yet known to be sent: `sending` (the
 * attempt is running, or died) and `unconfirmed` (SES's answer was lost: a timeout, a 5xx, a reset
 * connection; the email may have gone out). Both are settled by SES's Send event, or, when none
 * comes within the claim's lease, by sending again.
 */
export const CLAIMED_STATES: readonly MailState[] = ['sending', 'unconfirmed'];

/** States in which an email will not go out: it failed (SES refused it, or it cannot be built) or every recipient is suppressed. */
export const UNDELIVERED_STATES: readonly MailState[] = ['failed', 'suppressed'];

/**
 * Partitions of the sparse `outbox` index (gsi4pk), each sorted by gsi4sk: `OUTBOX`, ledger emails
 * queued, sending or unconfirmed (`<createdAt>#<key>`, the sweep's); `UNDELIVERED`, emails failed
 * or suppressed (the same sort key); `SUPPRESSED`, the addresses not mailed again
 * (`<at>#<address>`). Only the sweep reads `OUTBOX`; the city office's delivery page reads all three.
 */
export const OUTBOX = 'OUTBOX';
export const UNDELIVERED = 'UNDELIVERED';
export const SUPPRESSED = 'SUPPRESSED';

export interface MailContent {
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  /** Attachments are stored beside the ledger item in parts (an item holds at most 400 KB). */
  attachments?: AttachmentRef[];
  /** What the email is about, for the history and the logs. */
  taskId?: string;
  rule?: string;
  correlationId?: string;
}

export interface AttachmentRef {
  filename: string;
  contentType: string;
  parts: number;
  /**
   * The build whose parts this email uses: its parts are `PART#<build>#<index>#<n>`. Named after
   * the bytes (a hash), so two runs building one email with different bytes store them apart, and
   * the ledger item, written conditionally, decides which build is sent. Absent on items written
   * before builds had ids (parts `PART#<index>#<n>`).
   */
  build?: string;
}

const PART_BYTES = 300_000;

const partPrefix = (index: number, build?: string) => (build ? `PART#${build}#${index}#` : `PART#${index}#`);

/**
 * Stores an attachment's bytes in parts under the ledger key, before the ledger item is written,
 * under a build id made from the bytes (the first 32 hex digits of their SHA-256). Each part is
 * written only if absent: a part already there with this id holds these very bytes (a retried or
 * overlapping run that built the same thing). Parts no ledger item names are never read.
 */
export async function putAttachment(key: string, index: number, filename: string, contentType: string, content: Buffer): Promise<AttachmentRef> {
  const build = createHash('sha256').update(content).digest('hex').slice(0, 32);
  const b64 = content.toString('base64');
  const parts = Math.max(1, Math.ceil(b64.length / PART_BYTES));
  for (let n = 0; n < parts; n++) {
    try {
      await docClient().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            pk: `MAIL#${key}`,
            sk: `${partPrefix(index, build)}${String(n).padStart(4, '0')}`,
            entity: 'mailpart',
            build,
            data: b64.slice(n * PART_BYTES, (n + 1) * PART_BYTES),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (!conditionLost(e)) throw e;
    }
  }
  return { filename, contentType, parts, build };
}

/**
 * The attachments of a ledger email, as buffers: for each, the parts of the build its ledger item
 * names, read page by page (a Query returns at most 1 MB, about three parts).
 */
export async function getAttachments(key: string, refs: AttachmentRef[]): Promise<Array<{ filename: string; contentType: string; content: Buffer }>> {
  const out: Array<{ filename: string; contentType: string; content: Buffer }> = [];
  for (const [i, ref] of refs.entries()) {
    const mine = await queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :part)',
      ExpressionAttributeValues: { ':p': `MAIL#${key}`, ':part': partPrefix(i, ref.build) },
      ConsistentRead: true,
    });
    mine.sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    if (mine.length !== ref.parts) throw new Error(`attachment ${ref.filename} of ${key} has ${mine.length} of ${ref.parts} parts`);
    out.push({ filename: ref.filename, contentType: ref.contentType, content: Buffer.from(mine.map((p) => String(p.data)).join(''), 'base64') });
  }
  return out;
}

export interface MailItem extends MailContent {
  key: string;
  state: MailState;
  createdAt: string;
  claimedAt?: string;
  sentAt?: string;
  sesMessageId?: string;
  reason?: string;
  attempts?: number;
}

const mailKey = (key: string) => ({ pk: `MAIL#${key}`, sk: 'MAIL' });

/** A weekly digest's place in its recipient's archive (the sparse `byRecipient` index). */
export interface DigestArchive {
  recipient: string;
  /** ISO week, `2025-W41`. */
  week: string;
}

/** The ledger key of a recipient's digest for a week. */
export const digestKey = (recipient: string, week: string): string => `digest#${recipient}#${week}`;

/** The Put of a new ledger item, for use inside a transaction with other writes. */
export function ledgerPut(key: string, content: MailContent, createdAt: string, archive?: DigestArchive) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...mailKey(key),
        entity: 'mail',
        key,
        state: 'queued',
        createdAt,
        ...content,
        gsi4pk: OUTBOX,
        gsi4sk: `${createdAt}#${key}`,
        ...(archive ? { gsi5pk: `DIGEST#${archive.recipient}`, gsi5sk: archive.week } : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Writes a ledger item on its own (a weekly digest with its place in the recipient's archive).
 * Returns false when the key was already written (someone else won).
 */
export async function writeMail(key: string, content: MailContent, createdAt: string, archive?: DigestArchive): Promise<boolean> {
  try {
    await docClient().send(new PutCommand(ledgerPut(key, content, createdAt, archive).Put));
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/** Runs a transaction whose first item is a ledger Put. Returns false if the key existed. */
export async function transactWithLedger(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<boolean> {
  try {
    await docClient().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

export async function getMail(key: string): Promise<MailItem | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: mailKey(key), ConsistentRead: true }));
  return out.Item as MailItem | undefined;
}

/** Moves a ledger item from one state (or any of several) to another; false when it was not in `from`. */
export async function moveMail(key: string, from: MailState | readonly MailState[], to: MailState, fields: Record<string, unknown> = {}): Promise<boolean> {
  const names: Record<string, string> = { '#state': 'state' };
  const froms = typeof from === 'string' ? [from] : from;
  const values: Record<string, unknown> = { ':to': to };
  froms.forEach((f, i) => (values[`:from${i}`] = f));
  const sets = ['#state = :to'];
  for (const [k, v] of Object.entries(fields)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  // Leaving the outbox once the outcome is known (anything but queued, sending or unconfirmed): a
  // sent email leaves the index; one that failed or was suppressed moves to its UNDELIVERED
  // partition, keeping its sort key (written, then the key), for the city office's delivery page.
  let remove = '';
  if (UNDELIVERED_STATES.includes(to)) {
    values[':undelivered'] = UNDELIVERED;
    sets.push('gsi4pk = :undelivered');
  } else if (to !== 'queued' && !CLAIMED_STATES.includes(to)) remove = ' REMOVE gsi4pk, gsi4sk';
  try {
    await docClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(key),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: froms.length === 1 ? '#state = :from0' : `#state IN (${froms.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/**
 * Takes over a claim that an earlier attempt made and never completed (conditional on that very
 * claim, so two mailers cannot both take it over). False when the item moved meanwhile.
 */
export async function reclaimMail(key: string, claimedAt: string, fields: { claimedAt: string; attempts: number }): Promise<boolean> {
  try {
    await docClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: mailKey(key),
        UpdateExpression: 'SET #state = :sending, claimedAt = :now, attempts = :attempts',
        ConditionExpression: '#state IN (:sending, :unconfirmed) AND claimedAt = :claimed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':now': fields.claimedAt,
          ':attempts': fields.attempts,
          ':sending': 'sending',
          ':unconfirmed': 'unconfirmed',
          ':claimed': claimedAt,
        },
      }),
    );
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

/**
 * SES accepted the email (its Send event): the key is sent, whatever became of the attempt that
 * sent it, and whether or not its answer reached the mailer (`unconfirmed`). False when it was
 * not claimed (already recorded by the mailer itself).
 */
export function confirmSent(key: string, sesMessageId: string, at: string): Promise<boolean> {
  return moveMail(key, CLAIMED_STATES, 'sent', { sentAt: at, sesMessageId, confirmedBy: 'ses-event' });
}

/**
 * How long a claim protects a key. An attempt that dies between claiming and recording the send
 * leaves the key in `sending`: if SES took the email, its Send event marks the key sent within
 * seconds; if no event has come after this long, SES never took it, and the key is sent again
 * (the outbox sweep brings it back to the queue).
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/** SES tag values allow letters, digits, _ - . @ only: the ledger key travels base64url-encoded. */
export const LEDGER_TAG = 'ledger';
export const ledgerTagValue = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export const keyFromLedgerTag = (value: string): string => Buffer.from(value, 'base64url').toString('utf8');

/**
 * One page of ledger items still queued, sending or unconfirmed that were written before `olderThan` (ISO
 * instant); pass the returned cursor for the next page (none when this was the last).
 */
export async function outboxBefore(
  olderThan: string,
  cursor?: Record<string, unknown>,
  limit = 500,
): Promise<{ items: Array<Pick<MailItem, 'key' | 'state' | 'createdAt' | 'claimedAt'>>; cursor?: Record<string, unknown> }> {
  const out = await docClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'outbox',
      KeyConditionExpression: 'gsi4pk = :o AND gsi4sk < :before',
      ExpressionAttributeValues: { ':o': OUTBOX, ':before': olderThan },
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => ({
      key: String(i.key),
      state: i.state as MailState,
      createdAt: String(i.createdAt),
      ...(i.claimedAt ? { claimedAt: String(i.claimedAt) } : {}),
    })),
    ...(out.LastEvaluatedKey ? { cursor: out.LastEvaluatedKey } : {}),
  };
}

// ---- the digest archive ------------------------------------------------------------------------

export interface ArchivedDigest {
  week: string;
  key: string;
  state: MailState;
  subject: string;
  createdAt: string;
  sentAt?: string;
}

/**
 * A recipient's weekly digests, newest week first: one Query of the sparse `byRecipient` index
 * (digest ledger items carry `gsi5pk = DIGEST#<recipient>`, `gsi5sk = <week>`), page by page.
 * Only the listing's attributes are read back, not the html.
 */
export async function listDigests(recipient: string): Promise<ArchivedDigest[]> {
  const items = await queryAll({
    IndexName: 'byRecipient',
    KeyConditionExpression: 'gsi5pk = :r',
    ExpressionAttributeValues: { ':r': `DIGEST#${recipient}` },
    ExpressionAttributeNames: { '#key': 'key', '#state': 'state' },
    ProjectionExpression: 'gsi5sk, #key, #state, subject, createdAt, sentAt',
    ScanIndexForward: false,
  });
  return items.map((i) => ({
    week: String(i.gsi5sk),
    key: String(i.key),
    state: i.state as MailState,
    subject: String(i.subject ?? ''),
    createdAt: String(i.createdAt),
    ...(i.sentAt ? { sentAt: String(i.sentAt) } : {}),
  }));
}

// ---- addresses that bounce ---------------------------------------------------------------------

export interface Suppression {
  address: string;
  reason: 'bounce' | 'complaint' | 'rejected';
  at: string;
  diagnostic?: string;
}

/** Records that an address must not be mailed again. Returns true the first time only. */
export async function suppressAddress(s: Suppression): Promise<boolean> {
  try {
    await docClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: `ADDRESS#${s.address.toLowerCase()}`,
          sk: 'SUPPRESSED',
          entity: 'suppression',
          ...s,
          // Listed, newest first, on the city office's delivery page.
          gsi4pk: SUPPRESSED,
          gsi4sk: `${s.at}#${s.address.toLowerCase()}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (e) {
    if (conditionLost(e)) return false;
    throw e;
  }
}

export async function isSuppressed(address: string): Promise<boolean> {
  const out = await docClient().send(
    new GetCommand({ TableName: tableName(), Key: { pk: `ADDRESS#${address.toLowerCase()}`, sk: 'SUPPRESSED' }, ProjectionExpression: 'pk' }),
  );
  return Boolean(out.Item);
}
