import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { QueuePoller } from '../../infra/emulator/poller';
import type { LocalLambda } from '../../infra/emulator/lambda';
import { consumerOf } from '../../infra/topology';

const urls = { url: 'http://local/000000000000/q', arn: 'arn:aws:sqs:local:000000000000:q', dlqUrl: '', dlqArn: '' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A queue of `n` messages served one per receive, and every call the poller made. */
function fakeSqs(n: number) {
  let next = 0;
  const calls: unknown[] = [];
  const sqs = {
    send: async (cmd: unknown) => {
      calls.push(cmd);
      if (cmd instanceof ReceiveMessageCommand) {
        if (next >= n) {
          await sleep(20);
          return { Messages: [] };
        }
        const i = next++;
        return { Messages: [{ MessageId: `m${i}`, ReceiptHandle: `rh${i}`, Body: '{}', Attributes: { ApproximateReceiveCount: '1' } }] };
      }
      return {};
    },
  } as unknown as SQSClient;
  return { sqs, calls };
}

describe('local event source mapping (unit)', () => {
  it('runs up to the trigger’s maxConcurrency batches at once (the mailer), one for a trigger without it', async () => {
    for (const queue of ['email', 'task-updates'] as const) {
      const { sqs } = fakeSqs(8);
      let running = 0;
      let most = 0;
      let done = 0;
      const lambda = {
        invoke: async () => {
          most = Math.max(most, ++running);
          await sleep(60);
          running--;
          done++;
          return { batchItemFailures: [] };
        },
      } as unknown as LocalLambda;
      const poller = new QueuePoller(sqs, lambda, queue, urls, (e) => {
        throw e;
      });
      poller.start();
      while (done < 8) await sleep(10);
      await poller.stop();
      expect(most, queue).toBe(consumerOf(queue).trigger.maxConcurrency ?? 1);
    }
    expect(consumerOf('email').trigger.maxConcurrency).toBe(2);
  });

  it('keeps a visibility the handler set (even when failed records are redelivered at once), until the local clock reaches it', async () => {
    const { sqs, calls } = fakeSqs(1);
    let clock = Date.parse('2026-01-05T01:00:00Z');
    const ref: { poller?: QueuePoller } = {};
    const lambda = {
      invoke: () => {
        ref.poller!.visibilityChanged('rh0', 900);
        return Promise.resolve({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
      },
    } as unknown as LocalLambda;
    const poller = (ref.poller = new QueuePoller(
      sqs,
      lambda,
      'email',
      urls,
      () => undefined,
      { redeliverAtOnce: true },
      () => new Date(clock),
    ));
    poller.start();
    while (!calls.some((c) => c instanceof ReceiveMessageCommand) || poller.busy) await sleep(10);
    await sleep(50);
    expect(poller.parked()).toBe(1);
    expect(calls.filter((c) => c instanceof ChangeMessageVisibilityBatchCommand || c instanceof DeleteMessageBatchCommand)).toEqual([]);
    clock += 901_000;
    expect(poller.parked()).toBe(0);
    while (!calls.some((c) => c instanceof ChangeMessageVisibilityCommand)) await sleep(10);
    await poller.stop();
    const released = calls.find((c): c is ChangeMessageVisibilityCommand => c instanceof ChangeMessageVisibilityCommand)!;
    expect(released.input).toEqual({ QueueUrl: urls.url, ReceiptHandle: 'rh0', VisibilityTimeout: 0 });
  });

  it('hands a duplicate to a second invocation while the first still runs, or after it, as faults ask; only the first settles the batch', async () => {
    for (const twice of ['concurrent', 'after'] as const) {
      const { sqs, calls } = fakeSqs(1);
      let running = 0;
      let most = 0;
      let invocations = 0;
      const lambda = {
        invoke: async () => {
          invocations++;
          most = Math.max(most, ++running);
          await sleep(40);
          running--;
          return { batchItemFailures: [] };
        },
      } as unknown as LocalLambda;
      const poller = new QueuePoller(sqs, lambda, 'task-updates', urls, () => undefined, { duplicate: () => twice });
      poller.start();
      while (invocations < 2 || poller.busy) await sleep(10);
      await poller.stop();
      expect(most, twice).toBe(twice === 'concurrent' ? 2 : 1);
      expect(
        calls.filter((c) => c instanceof DeleteMessageBatchCommand),
        twice,
      ).toHaveLength(1);
    }
  });
});
