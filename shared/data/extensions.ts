import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { docClient } from '../runtime/clients';
import { tableName } from './table';
import { ledgerPut, transactWithLedger, type MailContent } from './ledger';
import { WAKE_NOW } from './wake-index';
import { localDate } from '../domain/dates';
import type { Actor } from '../../events/task-update';

/**
 * Extension requests (gia hạn). A request and its decision are each one transaction: the request
 * item, the task, the task's history and the email's ledger key move together or not at all.
 */
export interface ExtensionRequest {
  id: string;
  taskId: string;
  proposedDueDate: string;
  reason: string;
  requestedBy: Actor;
  requestedAt: string;
  /** The API request that filed it, and the one that decided it (audit). */
  requestId: string;
  decisionRequestId?: string;
  status: 'pending' | 'approved' | 'rejected';
  previousDueDate: string;
  decidedBy?: Actor & { leaderId?: string };
  decidedAt?: string;
  newDueDate?: string;
  decisionNote?: string;
}

const reqKey = (id: string) => ({ pk: `EXTREQ#${id}`, sk: 'EXTREQ' });

export async function getExtension(id: string): Promise<ExtensionRequest | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: reqKey(id), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...rest } = out.Item;
  return rest as ExtensionRequest;
}

/** Files a request. False when the task has a pending request already, or was completed meanwhile. */
export function fileExtension(r: ExtensionRequest, mailKey: string, mail: MailContent): Promise<boolean> {
  return transactWithLedger([
    ledgerPut(mailKey, mail, r.requestedAt),
    { Put: { TableName: tableName(), Item: { ...reqKey(r.id), entity: 'extension', ...r }, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Update: {
        TableName: tableName(),
        Key: { pk: `TASK#${r.taskId}`, sk: 'TASK' },
        UpdateExpression: 'SET pendingExtension = :id',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(pendingExtension) AND attribute_not_exists(completedOn)',
        ExpressionAttributeValues: { ':id': r.id },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          pk: `TASK#${r.taskId}`,
          sk: `UPDATE#${r.requestedAt}#ext-${r.id}`,
          entity: 'history',
          type: 'ExtensionRequested',
          at: r.requestedAt,
          extensionId: r.id,
          proposedDueDate: r.proposedDueDate,
          reason: r.reason,
          actor: r.requestedBy,
          requestId: r.requestId,
        },
      },
    },
  ]);
}

/**
 * Records a decision. On approval the task keeps its original deadline and gets the revised one;
 * its deadline version moves on, which restarts the ladder, and the next deadline run looks at it.
 * An approval is written only while the task is still open (no `completedOn`): a completion that
 * lands between reading the task and this write makes it fail, so a task completed late is never
 * turned into one completed within an extension after the fact.
 * False when the request was already decided, or (approving) the task was completed meanwhile.
 */
export function decideExtension(
  r: ExtensionRequest,
  decided: Required<Pick<ExtensionRequest, 'status' | 'decidedBy' | 'decidedAt' | 'decisionRequestId'>> & Pick<ExtensionRequest, 'newDueDate' | 'decisionNote'>,
  mailKey: string,
  mail: MailContent,
): Promise<boolean> {
  const approve = decided.status === 'approved';
  return transactWithLedger([
    ledgerPut(mailKey, mail, decided.decidedAt),
    {
      Update: {
        TableName: tableName(),
        Key: reqKey(r.id),
        UpdateExpression:
          'SET #status = :s, decidedBy = :by, decidedAt = :at, decisionRequestId = :rid' +
          (approve ? ', newDueDate = :due' : '') +
          (decided.decisionNote ? ', decisionNote = :note' : ''),
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':s': decided.status,
          ':by': decided.decidedBy,
          ':rid': decided.decisionRequestId,
          ':at': decided.decidedAt,
          ':pending': 'pending',
          ...(approve ? { ':due': decided.newDueDate } : {}),
          ...(decided.decisionNote ? { ':note': decided.decisionNote } : {}),
        },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: { pk: `TASK#${r.taskId}`, sk: 'TASK' },
        UpdateExpression: approve
          ? 'SET lastExtensionDecision = :d, revisedDueDate = :due, deadlineVersion = deadlineVersion + :one, gsi3pk = :w, gsi3sk = :wake REMOVE pendingExtension, ladder'
          : 'SET lastExtensionDecision = :d REMOVE pendingExtension',
        ConditionExpression: approve ? 'pendingExtension = :id AND attribute_not_exists(completedOn)' : 'pendingExtension = :id',
        ExpressionAttributeValues: {
          ':id': r.id,
          // Hanoi date of the decision, for the weekly digest.
          ':d': { status: decided.status, on: localDate(new Date(decided.decidedAt)), extensionId: r.id },
          ...(approve ? { ':due': decided.newDueDate, ':one': 1, ':w': 'WAKE', ':wake': `${WAKE_NOW}#${r.taskId}` } : {}),
        },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: {
          pk: `TASK#${r.taskId}`,
          sk: `UPDATE#${decided.decidedAt}#ext-${r.id}-decision`,
          entity: 'history',
          type: approve ? 'ExtensionApproved' : 'ExtensionRejected',
          at: decided.decidedAt,
          extensionId: r.id,
          ...(approve ? { newDueDate: decided.newDueDate, previousDueDate: r.previousDueDate } : {}),
          ...(decided.decisionNote ? { note: decided.decisionNote } : {}),
          actor: decided.decidedBy,
          requestId: decided.decisionRequestId,
        },
      },
    },
  ]);
}
