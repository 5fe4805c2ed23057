/**
 * The emulator's IAM for DynamoDB: each function's requests held to its table grants, as the
 * stack's statements hold them in AWS. Expected decisions are written by hand from the grants the
 * README states, not derived from the topology.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbGate, type DynamoDbGate } from '../../infra/emulator/dynamodb-gate';
import { asFunction, authorize, nameFunction, stringLike } from '../../infra/emulator/grants';

const S = (s: string) => ({ S: s });
const key = (pk: string, sk = 'X') => ({ pk: S(pk), sk: S(sk) });
const TABLE = 'dondoc';
const ARN = 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/dondoc';

describe('authorize: a function against its table grants', () => {
  it('lets the mailer read and update the ledger and read and add suppressed addresses', () => {
    expect(authorize('mailer', 'GetItem', { TableName: TABLE, Key: key('MAIL#k1', 'MAIL') })).toEqual({ allowed: true });
    expect(authorize('mailer', 'UpdateItem', { TableName: TABLE, Key: key('MAIL#k1', 'MAIL') })).toEqual({ allowed: true });
    expect(
      authorize('mailer', 'Query', {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :part)',
        ExpressionAttributeValues: { ':p': S('MAIL#k1'), ':part': S('PART#') },
      }),
    ).toEqual({ allowed: true });
    expect(authorize('mailer', 'PutItem', { TableName: TABLE, Item: { ...key('ADDRESS#a@b.vn', 'SUPPRESSED'), reason: S('rejected') } })).toEqual({
      allowed: true,
    });
  });

  it('refuses the mailer any other partition, as AWS words it', () => {
    expect(authorize('mailer', 'GetItem', { TableName: TABLE, Key: key('TASK#1.1', 'TASK') })).toEqual({
      allowed: false,
      action: 'dynamodb:GetItem',
      resource: ARN,
      message: `User: arn:aws:sts::000000000000:assumed-role/dondoc-mailer/dondoc-mailer is not authorized to perform: dynamodb:GetItem on resource: ${ARN} because no identity-based policy allows the dynamodb:GetItem action`,
    });
    // A history entry of a task: the append-only history is not the mailer's to write.
    expect(authorize('mailer', 'PutItem', { TableName: TABLE, Item: key('TASK#1.1', 'UPDATE#2025-01-01') })).toMatchObject({
      allowed: false,
      action: 'dynamodb:PutItem',
    });
    // Patterns are anchored: MAIL#* is not MAILBOX, nor a key that merely contains MAIL#.
    expect(authorize('mailer', 'GetItem', { TableName: TABLE, Key: key('MAILBOX') })).toMatchObject({ allowed: false });
    expect(authorize('mailer', 'GetItem', { TableName: TABLE, Key: key('X#MAIL#1') })).toMatchObject({ allowed: false });
    // An action it has on one partition and not on another: PutItem on ADDRESS#, not on MAIL#.
    expect(authorize('mailer', 'PutItem', { TableName: TABLE, Item: key('MAIL#k2', 'MAIL') })).toMatchObject({ allowed: false, action: 'dynamodb:PutItem' });
    // Never a delete, never a scan, never another table.
    expect(authorize('mailer', 'DeleteItem', { TableName: TABLE, Key: key('MAIL#k1', 'MAIL') })).toMatchObject({
      allowed: false,
      action: 'dynamodb:DeleteItem',
    });
    expect(authorize('mailer', 'Scan', { TableName: TABLE })).toMatchObject({ allowed: false, action: 'dynamodb:Scan' });
    expect(authorize('mailer', 'GetItem', { TableName: 'other', Key: key('MAIL#k1', 'MAIL') })).toMatchObject({
      allowed: false,
      resource: 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/other',
    });
  });

  it('refuses a write by a function that only reads', () => {
    for (const [fn, k] of [
      ['outbox-sweep', 'MAIL#k1'],
      ['deadline', 'TASK#1.1'],
    ] as const) {
      expect(authorize(fn, 'UpdateItem', { TableName: TABLE, Key: key(k) }), fn).toMatchObject({ allowed: false, action: 'dynamodb:UpdateItem' });
      expect(authorize(fn, 'PutItem', { TableName: TABLE, Item: key(k) }), fn).toMatchObject({ allowed: false, action: 'dynamodb:PutItem' });
    }
    expect(authorize('token-claims', 'GetItem', { TableName: TABLE, Key: key('PLAN', 'META') })).toMatchObject({ allowed: false });
  });

  it('holds a Query on an index to the index granted and its partition key', () => {
    const wake = {
      TableName: TABLE,
      IndexName: 'byWake',
      KeyConditionExpression: 'gsi3pk = :w AND gsi3sk <= :today',
      ExpressionAttributeValues: { ':w': S('WAKE'), ':today': S('2025-10-01#~') },
    };
    expect(authorize('deadline', 'Query', wake)).toEqual({ allowed: true });
    // The same index under an attribute name placeholder, the value on the left.
    expect(
      authorize('deadline', 'Query', { ...wake, KeyConditionExpression: ':w = #p AND gsi3sk <= :today', ExpressionAttributeNames: { '#p': 'gsi3pk' } }),
    ).toEqual({ allowed: true });
    expect(authorize('deadline', 'Query', { ...wake, ExpressionAttributeValues: { ':w': S('OUTBOX'), ':today': S('x') } })).toMatchObject({ allowed: false });
    expect(
      authorize('deadline', 'Query', {
        TableName: TABLE,
        IndexName: 'byDue',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': S('TASKS') },
      }),
    ).toMatchObject({ allowed: false, action: 'dynamodb:Query', resource: `${ARN}/index/byDue` });
    // The index grant is not a grant on the table.
    expect(
      authorize('deadline', 'Query', { TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': S('WAKE') } }),
    ).toMatchObject({ allowed: false, resource: ARN });
    expect(
      authorize('outbox-sweep', 'Query', {
        TableName: TABLE,
        IndexName: 'outbox',
        KeyConditionExpression: 'gsi4pk = :o AND gsi4sk < :b',
        ExpressionAttributeValues: { ':o': S('OUTBOX'), ':b': S('z') },
      }),
    ).toEqual({ allowed: true });
  });

  it('authorises a transaction item by item and refuses it whole when one item is not granted', () => {
    // A deadline notice: the ledger email, the history entry and the task, together.
    const notice = [
      { Put: { TableName: TABLE, Item: { ...key('MAIL#notice-1', 'MAIL'), gsi4pk: S('OUTBOX') } } },
      { Put: { TableName: TABLE, Item: key('TASK#1.1', 'UPDATE#2025-10-01T00:00:00Z#notice-1') } },
      { Update: { TableName: TABLE, Key: key('TASK#1.1', 'TASK') } },
    ];
    expect(authorize('deadline-task', 'TransactWriteItems', { TransactItems: notice })).toEqual({ allowed: true });
    expect(
      authorize('deadline-task', 'TransactWriteItems', {
        TransactItems: [...notice, { Put: { TableName: TABLE, Item: key('ADDRESS#a@b.vn', 'SUPPRESSED') } }],
      }),
    ).toMatchObject({ allowed: false, action: 'dynamodb:PutItem' });
    // Each item needs its own action: the consumer may Put and Update, not ConditionCheck or Delete.
    expect(
      authorize('deadline-task', 'TransactWriteItems', { TransactItems: [...notice, { ConditionCheck: { TableName: TABLE, Key: key('TASK#1.2', 'TASK') } }] }),
    ).toMatchObject({
      allowed: false,
      action: 'dynamodb:ConditionCheckItem',
    });
    expect(
      authorize('deadline-task', 'TransactWriteItems', { TransactItems: [...notice, { Delete: { TableName: TABLE, Key: key('TASK#1.2', 'UPDATE#x') } }] }),
    ).toMatchObject({
      allowed: false,
      action: 'dynamodb:DeleteItem',
    });
    // The mailer may update the ledger, but not write a task in the same transaction.
    expect(
      authorize('mailer', 'TransactWriteItems', {
        TransactItems: [{ Update: { TableName: TABLE, Key: key('MAIL#k1', 'MAIL') } }, { Put: { TableName: TABLE, Item: key('TASK#1.1', 'UPDATE#x') } }],
      }),
    ).toMatchObject({ allowed: false, action: 'dynamodb:PutItem' });
  });

  it('holds every key of a batch to one grant', () => {
    const plan = [{ PutRequest: { Item: key('PLAN', 'META') } }, { DeleteRequest: { Key: key('PLAN', 'AGENCY#OLD') } }];
    expect(authorize('api', 'BatchWriteItem', { RequestItems: { [TABLE]: plan } })).toEqual({ allowed: true });
    expect(authorize('api', 'BatchWriteItem', { RequestItems: { [TABLE]: [...plan, { PutRequest: { Item: key('TASK#1.1', 'TASK') } }] } })).toMatchObject({
      allowed: false,
      action: 'dynamodb:BatchWriteItem',
    });
    expect(authorize('api', 'BatchGetItem', { RequestItems: { [TABLE]: { Keys: [key('PLAN', 'META')] } } })).toMatchObject({
      allowed: false,
      action: 'dynamodb:BatchGetItem',
    });
  });

  it('matches IAM StringLike patterns', () => {
    expect(stringLike('MAIL#*', 'MAIL#')).toBe(true);
    expect(stringLike('MAIL#*', 'MAIL#a.b+c(d)')).toBe(true);
    expect(stringLike('MAIL#*', 'mail#a')).toBe(false);
    expect(stringLike('TASK#?', 'TASK#1')).toBe(true);
    expect(stringLike('TASK#?', 'TASK#12')).toBe(false);
    expect(stringLike('PLAN', 'PLANS')).toBe(false);
    expect(stringLike('A.B', 'AxB')).toBe(false);
  });
});

describe('the DynamoDB gate, with an SDK client as the functions make it', () => {
  let upstream: http.Server;
  let gate: DynamoDbGate;
  const seen: Array<{ target: string; fnHeader: unknown }> = [];
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    // Stands in for DynamoDB Local: records what reached it and answers an empty success.
    upstream = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ target: String(req.headers['x-amz-target']), fnHeader: req.headers['x-dondoc-function'] });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    gate = await startDynamoDbGate((upstream.address() as AddressInfo).port, 0);
    const client = new DynamoDBClient({
      region: 'ap-southeast-1',
      endpoint: `http://127.0.0.1:${gate.port}`,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
    });
    nameFunction(client, 'dynamodb');
    doc = DynamoDBDocumentClient.from(client);
  });
  afterAll(async () => {
    await gate.stop();
    await new Promise<void>((r) => upstream.close(() => r()));
  });

  it('passes an allowed call on, and does not restrict a call made outside any function', async () => {
    seen.length = 0;
    await asFunction('mailer', () => doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'MAIL#k1', sk: 'MAIL' } })));
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'TASK#1.1', sk: 'TASK' } }));
    expect(seen).toEqual([
      { target: 'DynamoDB_20120810.GetItem', fnHeader: undefined },
      { target: 'DynamoDB_20120810.PutItem', fnHeader: undefined },
    ]);
  });

  it('answers AccessDeniedException (400, not retried) for another partition, and DynamoDB never sees the request', async () => {
    seen.length = 0;
    const before = gate.denied.length;
    const err = await asFunction('mailer', () => doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'TASK#1.1', sk: 'UPDATE#x' } }))).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400, attempts: 1 } });
    expect((err as Error).message).toContain(
      'is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:ap-southeast-1:000000000000:table/dondoc',
    );
    expect(seen).toEqual([]);
    expect(gate.denied.slice(before)).toEqual([{ fn: 'mailer', action: 'dynamodb:PutItem', resource: ARN }]);
  });

  it('refuses a transaction with one forbidden item entirely', async () => {
    seen.length = 0;
    const err = await asFunction('ses-events', () =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: TABLE,
                Key: { pk: 'MAIL#k1', sk: 'MAIL' },
                UpdateExpression: 'SET #s = :s',
                ExpressionAttributeNames: { '#s': 'state' },
                ExpressionAttributeValues: { ':s': 'sent' },
              },
            },
            { Put: { TableName: TABLE, Item: { pk: 'TASK#1.1', sk: 'UPDATE#forged' } } },
          ],
        }),
      ),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AccessDeniedException' });
    expect(seen).toEqual([]);
  });

  it('keeps concurrent invocations of different functions apart', async () => {
    seen.length = 0;
    const results = await Promise.allSettled([
      asFunction('mailer', async () => {
        await new Promise((r) => setTimeout(r, 5));
        return doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'ADDRESS#a@b.vn', sk: 'SUPPRESSED' } }));
      }),
      asFunction('task-update', () => doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'ADDRESS#a@b.vn', sk: 'SUPPRESSED' } }))),
      asFunction('task-update', async () => {
        await new Promise((r) => setTimeout(r, 5));
        return doc.send(new GetCommand({ TableName: TABLE, Key: { pk: 'TASK#1.1', sk: 'TASK' } }));
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toHaveLength(2);
  });
});
