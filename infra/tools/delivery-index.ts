/**
 * Puts into the delivery page's partitions of the `outbox` index the items written before they had
 * them: ledger emails that failed or were suppressed (gsi4pk UNDELIVERED, gsi4sk
 * `<createdAt>#<key>`) and suppressed addresses (gsi4pk SUPPRESSED, gsi4sk `<at>#<address>`).
 * Once, after deploying the delivery page, by an operator: it scans the table, which no function
 * may do. Safe to run again: an item already indexed is left alone.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionLost, tableName } from '../../shared/data/table';
import { SUPPRESSED, UNDELIVERED, UNDELIVERED_STATES } from '../../shared/data/ledger';
import { docClient } from '../../shared/runtime/clients';

export interface IndexedCounts {
  scanned: number;
  emails: number;
  addresses: number;
}

export async function indexDelivery(): Promise<IndexedCounts> {
  const counts: IndexedCounts = { scanned: 0, emails: 0, addresses: 0 };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await docClient().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'attribute_not_exists(gsi4pk) AND ((entity = :mail AND #state IN (:s0, :s1)) OR entity = :suppression)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':mail': 'mail', ':suppression': 'suppression', ':s0': UNDELIVERED_STATES[0], ':s1': UNDELIVERED_STATES[1] },
        ExclusiveStartKey: cursor,
      }),
    );
    counts.scanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const email = item.entity === 'mail';
      const sk = email ? `${String(item.createdAt)}#${String(item.key)}` : `${String(item.at)}#${String(item.address).toLowerCase()}`;
      try {
        await docClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET gsi4pk = :p, gsi4sk = :s',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi4pk)',
            ExpressionAttributeValues: { ':p': email ? UNDELIVERED : SUPPRESSED, ':s': sk },
          }),
        );
        if (email) counts.emails++;
        else counts.addresses++;
      } catch (e) {
        if (!conditionLost(e)) throw e;
      }
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return counts;
}
