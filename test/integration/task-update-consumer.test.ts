import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask, listUpdates } from '../../shared/data/tasks';
import type { TaskUpdateMessage } from '../../events/task-update';
import { startTestSystem, taskUpdateMessage as message } from '../support/local';

let sys: Awaited<ReturnType<typeof startTestSystem>>;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => sys?.cleanup());

const sqsEvent = (msgs: TaskUpdateMessage[]): SQSEvent =>
  ({ Records: msgs.map((m) => ({ messageId: randomUUID(), body: JSON.stringify(m), attributes: { ApproximateReceiveCount: '1' } })) }) as unknown as SQSEvent;

describe('task-update consumer on DynamoDB Local and fauxqs', () => {
  it('stores a message delivered twice through SQS once, and re-publishes its event', async () => {
    const m = message('NV-05', 30);
    const url = sys.queues['task-updates'].url;
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(m) }));
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(m) }));
    expect((await sys.drain()).drained).toBe(true);
    const history = (await listUpdates('NV-05', 50)).items.filter((u) => u.updateId === m.updateId);
    expect(history).toHaveLength(1);
    const task = await getTask('NV-05');
    expect(task?.progress).toBe(30);
    expect(task?.version).toBe(1);
    const events = sys.bus.recent.filter((e) => (e.detail as { updateId?: string }).updateId === m.updateId);
    expect(events.length).toBe(2);
  });

  it('applies 30 concurrent updates to one task, each exactly once (optimistic concurrency)', async () => {
    const before = (await getTask('NV-06'))!.version;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const msgs = Array.from({ length: 30 }, (_, i) => message('NV-06', i + 1, new Date(base + i * 1000).toISOString()));
    const results = await Promise.all(msgs.map((m) => sys.lambda.invoke<{ batchItemFailures: unknown[] }>('task-update', sqsEvent([m]))));
    expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const task = await getTask('NV-06');
    expect(task?.version).toBe(before + 30);
    expect(task?.progress).toBe(30); // the latest report wins, whatever the order of arrival
    // Every update in the history once (besides the plan import's own line).
    expect((await listUpdates('NV-06', 100)).items.filter((u) => u.type === 'TaskUpdate')).toHaveLength(30);
  });

  it('reports only the failed record of a batch', async () => {
    const good = message('NV-07', 10);
    const bad = { ...message('NV-07', 10), taskId: 'NV-999' };
    const event = sqsEvent([good, bad]);
    const res = await sys.lambda.invoke<{ batchItemFailures: Array<{ itemIdentifier: string }> }>('task-update', event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]!.messageId }]);
    expect((await getTask('NV-07'))?.progress).toBe(10);
  });
});
