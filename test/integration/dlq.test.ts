import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DlqError,
  explainDlqError,
  formatList,
  formatRedrive,
  formatShow,
  listDlqs,
  queueNamed,
  redriveDlq,
  resolveQueue,
  showDlq,
  type DlqContext,
} from '../../infra/tools/dlq-ops';
import { ROOT } from '../../infra/emulator/config';
import { freePort } from '../../infra/emulator/services';
import { getTask } from '../../shared/data/tasks';
import { eventually, startTestSystem, taskUpdateMessage as update } from '../support/local';

let sys: Awaited<ReturnType<typeof startTestSystem>>;
let ctx: DlqContext;
beforeAll(async () => {
  sys = await startTestSystem();
  // The sample values go through indicator-ingest at start: let them settle first.
  expect((await sys.drain()).drained).toBe(true);
  ctx = { sqs: sys.sqs, target: { kind: 'local' } };
});
afterAll(async () => sys?.cleanup());

const dlqCounts = async () => Object.fromEntries((await listDlqs(ctx)).map((r) => [r.queue, { visible: r.dlq.visible, inFlight: r.dlq.inFlight }]));

describe('npm run dlq on the local system', () => {
  const first = update('NV-10', 40);
  const second = update('NV-11', 55);

  it('lists every queue of the topology with its DLQ, empty at first', async () => {
    const rows = await listDlqs(ctx);
    expect(rows.map((r) => [r.queue, r.dlqName])).toEqual([
      ['task-updates', 'task-updates-dlq'],
      ['email', 'email-dlq'],
      ['indicator-ingest', 'indicator-ingest-dlq'],
      ['deadline-tasks', 'deadline-tasks-dlq'],
    ]);
    expect(rows.every((r) => r.dlq.visible === 0)).toBe(true);
    expect(formatList(rows)).toContain('No messages in dead-letter queues');
  });

  it('counts messages that reached the DLQs', async () => {
    // As if the consumer had failed them maxReceiveCount times: straight into the DLQs.
    await sys.sqs.send(
      new SendMessageCommand({
        QueueUrl: sys.queues['task-updates'].dlqUrl,
        MessageBody: JSON.stringify(first),
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: first.correlationId } },
      }),
    );
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues['task-updates'].dlqUrl, MessageBody: JSON.stringify(second) }));
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.dlqUrl, MessageBody: 'not json at all' }));

    expect(await dlqCounts()).toEqual({
      'task-updates': { visible: 2, inFlight: 0 },
      email: { visible: 1, inFlight: 0 },
      'indicator-ingest': { visible: 0, inFlight: 0 },
      'deadline-tasks': { visible: 0, inFlight: 0 },
    });
    const text = formatList(await listDlqs(ctx));
    expect(text).toMatch(/task-updates\s+0\s+0\s+task-updates-dlq\s+2/);
    expect(text).toMatch(/email\s+0\s+0\s+email-dlq\s+1/);
    expect(text).toContain('3 message(s) in dead-letter queues');
  });

  it('shows a DLQ without taking its messages away', async () => {
    const one = await showDlq(ctx, 'task-updates', { limit: 1 });
    expect(one.messages).toHaveLength(1);

    const { messages, queue } = await showDlq(ctx, 'task-updates');
    expect(queue.dlqUrl).toBe(sys.queues['task-updates'].dlqUrl);
    expect(messages).toHaveLength(2);
    const a = messages.find((m) => m.body.includes(first.updateId))!;
    const b = messages.find((m) => m.body.includes(second.updateId))!;
    expect(a).toMatchObject({ correlationId: first.correlationId, correlationFrom: 'attribute' });
    expect(b).toMatchObject({ correlationId: second.correlationId, correlationFrom: 'body' });
    expect(a.receiveCount).toBeGreaterThanOrEqual(1);
    expect(Date.parse(a.sentAt!)).not.toBeNaN();

    const text = formatShow({ messages, queue });
    expect(text).toContain(`message ${a.messageId}`);
    expect(text).toContain(`correlationId:  ${first.correlationId}`);
    expect(text).toContain(`"taskId": "NV-10"`); // pretty JSON, indented
    expect(text).toContain('2 message(s) in task-updates-dlq');

    const email = formatShow(await showDlq(ctx, 'email'));
    expect(email).toContain('not json at all');

    // Made visible again at once, not after the visibility timeout.
    expect((await dlqCounts())['task-updates']).toEqual({ visible: 2, inFlight: 0 });
  });

  it('redrives the DLQ to its source queue, where the consumer processes the messages', async () => {
    const invoke = vi.spyOn(sys.lambda, 'invoke');
    const result = await redriveDlq(ctx, 'task-updates');
    // fauxqs has no StartMessageMoveTask: the messages are moved one by one.
    expect(result).toMatchObject({ method: 'manual', moved: 2, failed: 0, duplicated: 0 });
    expect(formatRedrive(result)).toContain('Moved 2 message(s) from task-updates-dlq back to task-updates');

    await eventually(async () => ((await getTask('NV-10'))?.progress === 40 && (await getTask('NV-11'))?.progress === 55 ? true : undefined));
    expect((await sys.drain()).drained).toBe(true);
    expect(await dlqCounts()).toMatchObject({ 'task-updates': { visible: 0, inFlight: 0 }, email: { visible: 1, inFlight: 0 } });

    // The consumer got the body and the message attributes as they were first sent.
    const records = invoke.mock.calls.filter(([fn]) => fn === 'task-update').flatMap(([, event]) => (event as SQSEvent).Records);
    const redriven = records.find((r) => r.body === JSON.stringify(first));
    expect(redriven?.messageAttributes.correlationId?.stringValue).toBe(first.correlationId);
    invoke.mockRestore();

    expect(formatRedrive(await redriveDlq(ctx, 'task-updates'))).toContain('No messages in task-updates-dlq: nothing to move');
  });

  it('names the known queues when given another', () => {
    expect(() => queueNamed('emails')).toThrow(DlqError);
    expect(() => queueNamed('emails')).toThrow('Unknown queue "emails"; the topology has: task-updates, email, indicator-ingest, deadline-tasks.');
    expect(() => queueNamed('toString')).toThrow(DlqError);
    expect(queueNamed('email')).toBe('email');
  });

  it('says in one line that the local system is not running', async () => {
    const closed = new SQSClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      useQueueUrlAsEndpoint: false,
    });
    const err = await listDlqs({ sqs: closed, target: { kind: 'local' } }).catch((e: unknown) => e);
    expect(explainDlqError(err, { kind: 'local' })).toMatch(/^The local system is not running: start it with `npm start`/);
  });
});

describe('a deployed stack', () => {
  it('finds its queues by their CloudFormation names, and each DLQ by the redrive policy', async () => {
    // Names as CloudFormation makes them for queues without a physical name: <stack>-<logical id>-<suffix>.
    const create = async (QueueName: string, Attributes?: Record<string, string>) =>
      (await sys.sqs.send(new CreateQueueCommand({ QueueName, ...(Attributes ? { Attributes } : {}) }))).QueueUrl!;
    const dlqUrl = await create('Dondoc-EmailDlq1A2B3C4D-Xq3kLm9PzR2t');
    const dlqArn = (await sys.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const url = await create('Dondoc-EmailQueue9F8E7D6C-Ab12Cd34Ef56', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) });
    await create('Dondoc-EmailQueueArchive'); // same prefix, not the stack's queue
    await create('DondocStaging-EmailQueue9F8E7D6C-Zz12Yy34Xx56');

    // The local system's own variables would otherwise name its queues.
    const saved = process.env.QUEUE_URL_EMAIL;
    delete process.env.QUEUE_URL_EMAIL;
    try {
      const aws: DlqContext = { sqs: sys.sqs, target: { kind: 'aws', stack: 'Dondoc' } };
      expect(await resolveQueue(aws, 'email')).toMatchObject({ url, dlqUrl, dlqArn });
      await expect(resolveQueue({ ...aws, target: { kind: 'aws', stack: 'Other' } }, 'email')).rejects.toThrow(
        'No queue of stack Other for email (looked for Other-EmailQueue...): check the region and --stack, or set QUEUE_URL_EMAIL to the stack output QueueUrlEmail.',
      );
      // The variable wins over the lookup.
      process.env.QUEUE_URL_EMAIL = sys.queues.email.url;
      expect(await resolveQueue({ ...aws, target: { kind: 'aws', stack: 'Other' } }, 'email')).toMatchObject({ dlqUrl: sys.queues.email.dlqUrl });
    } finally {
      process.env.QUEUE_URL_EMAIL = saved;
    }
  });

  it('lets SQS move the messages when it has StartMessageMoveTask, and waits for the task', async () => {
    const client = new SQSClient({ region: 'ap-southeast-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const sqs = mockClient(client);
    const arn = (name: string) => `arn:aws:sqs:ap-southeast-1:123456789012:${name}`;
    const urlOf = (name: string) => `https://sqs.ap-southeast-1.amazonaws.com/123456789012/${name}`;
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: {
        QueueArn: arn('Dondoc-EmailQueue9F8E7D6C-A'),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn('Dondoc-EmailDlq1A2B3C4D-B'), maxReceiveCount: 5 }),
      },
    });
    sqs
      .on(GetQueueUrlCommand, { QueueName: 'Dondoc-EmailDlq1A2B3C4D-B', QueueOwnerAWSAccountId: '123456789012' })
      .resolves({ QueueUrl: urlOf('Dondoc-EmailDlq1A2B3C4D-B') });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ TaskHandle: 'task-1', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 3 }] })
      .resolves({ Results: [{ TaskHandle: 'task-1', Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3 }] });
    const saved = process.env.QUEUE_URL_EMAIL;
    process.env.QUEUE_URL_EMAIL = urlOf('Dondoc-EmailQueue9F8E7D6C-A');
    try {
      const r = await redriveDlq({ sqs: client, target: { kind: 'aws', stack: 'Dondoc' } }, 'email', { pollMs: 1 });
      expect(r).toMatchObject({ method: 'move-task', moved: 3, task: { handle: 'task-1', status: 'COMPLETED' } });
      expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]!.args[0].input).toEqual({
        SourceArn: arn('Dondoc-EmailDlq1A2B3C4D-B'),
        DestinationArn: arn('Dondoc-EmailQueue9F8E7D6C-A'),
      });
      expect(formatRedrive(r)).toBe('Moved 3 message(s) from Dondoc-EmailDlq1A2B3C4D-B back to Dondoc-EmailQueue9F8E7D6C-A.\nSQS move task task-1.\n');
    } finally {
      process.env.QUEUE_URL_EMAIL = saved;
    }
  });
});

describe('the dlq command', () => {
  const run = async (args: string[], sqsPort: number) => {
    // The command's own environment: the test system's variables would point it at "a deployed stack".
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|TABLE_NAME$|QUEUE_URL_|DONDOC_)/.test(k)));
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    return promisify(execFile)(tsx, ['infra/tools/dlq.ts', ...args], { cwd: ROOT, env: { ...env, DONDOC_SQS_PORT: String(sqsPort) } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };
  const sqsPort = () => Number(new URL(sys.urls.sqs).port);

  it('lists the local system on the port it is told', async () => {
    const r = await run(['list'], sqsPort());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/email\s+0\s+0\s+email-dlq\s+1/);
  });

  it('fails in one line, without a stack trace', async () => {
    const unknown = await run(['show', 'emails'], sqsPort());
    expect(unknown).toMatchObject({ code: 2, stderr: 'Unknown queue "emails"; the topology has: task-updates, email, indicator-ingest, deadline-tasks.\n' });
    const down = await run(['list'], await freePort());
    expect(down.code).toBe(1);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toContain('The local system is not running');
  });
});
