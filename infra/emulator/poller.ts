import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { consumerOf, type QueueName } from '../topology';
import { LOCAL_REGION } from './config';
import type { LocalLambda } from './lambda';
import type { QueueUrls } from './resources';

/** Faults a harness may inject into delivery (the soak test); none by default. */
export interface DeliveryFaults {
  /**
   * Deliver a batch twice, as SQS at-least-once delivery may: `after` the first delivery was
   * processed (a replay), or `concurrent`ly with it (two invocations handed the same messages at
   * once). Nothing (false or undefined) delivers it once.
   */
  duplicate?(queue: QueueName): 'after' | 'concurrent' | false | undefined;
  /** Make failed records visible again at once instead of after the visibility timeout. */
  redeliverAtOnce?: boolean;
}

/**
 * What Lambda's SQS event source mapping does, against the real SQS API: receive up to the batch
 * size, invoke the consumer with an SQS event, delete only the records that succeeded (partial
 * batch responses), and leave the rest to come back after the visibility timeout and, after
 * maxReceiveCount receives, go to the DLQ by the queue's own redrive policy. Up to the trigger's
 * maxConcurrency batches are handled at once (one when it sets none).
 *
 * A visibility timeout a handler sets on a message of its batch (ChangeMessageVisibility, e.g. the
 * mailer keeping a message until a claim's lease ends) is kept, and counted on the local clock, as
 * the lease is: the message is parked until the clock reaches its end, then made visible. While
 * parked it does not keep drain() waiting (on a frozen clock it would wait forever).
 */
export class QueuePoller {
  private stopped = false;
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  /** Visibility timeouts handlers set, by receipt handle, while their batch runs. */
  private readonly changed = new Map<string, number>();
  /** Messages a handler kept, by message id: visible again when the local clock reaches `due`. */
  private readonly parkedMessages = new Map<string, { receiptHandle: string; due: number }>();

  constructor(
    private readonly sqs: SQSClient,
    private readonly lambda: LocalLambda,
    readonly queue: QueueName,
    readonly urls: QueueUrls,
    private readonly onError: (e: unknown) => void,
    private readonly faults: DeliveryFaults = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** How many batches may run at once: the trigger's maxConcurrency, as Lambda bounds it. */
  get concurrency(): number {
    return consumerOf(this.queue).trigger.maxConcurrency ?? 1;
  }

  /** Parked messages whose time has not come on the local clock. */
  parked(): number {
    const t = this.now().getTime();
    return [...this.parkedMessages.values()].filter((p) => p.due > t).length;
  }

  /** A handler set a message's visibility timeout (seen on the handlers' SQS client). */
  visibilityChanged(receiptHandle: string, seconds: number): void {
    this.changed.set(receiptHandle, seconds);
  }

  start(): void {
    this.loops = Array.from({ length: this.concurrency }, () => this.run());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  /** Makes parked messages whose time has come visible again. */
  private async release(): Promise<void> {
    const t = this.now().getTime();
    for (const [id, p] of this.parkedMessages) {
      if (p.due > t) continue;
      this.parkedMessages.delete(id);
      try {
        await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.urls.url, ReceiptHandle: p.receiptHandle, VisibilityTimeout: 0 }));
      } catch {
        // Already back (its real visibility timeout ended) or deleted.
      }
    }
  }

  private async run(): Promise<void> {
    const { fn, trigger } = consumerOf(this.queue);
    while (!this.stopped) {
      try {
        await this.release();
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.urls.url,
            MaxNumberOfMessages: Math.min(trigger.batchSize, 10),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = out.Messages ?? [];
        if (!messages.length) continue;
        this.inFlight++;
        try {
          for (const m of messages) this.parkedMessages.delete(m.MessageId ?? '');
          // The same messages again (same ids and bodies): a consumer must apply them once. Only
          // the first delivery settles the batch (deletes, redelivers, parks).
          const twice = this.faults.duplicate?.(this.queue);
          if (twice === 'concurrent') await Promise.all([this.deliver(fn.name, messages), this.deliver(fn.name, messages, false)]);
          else {
            await this.deliver(fn.name, messages);
            if (twice === 'after') await this.deliver(fn.name, messages, false);
          }
        } finally {
          for (const m of messages) this.changed.delete(m.ReceiptHandle ?? '');
          this.inFlight--;
        }
      } catch (e) {
        if (!this.stopped) {
          this.onError(e);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  }

  private toRecord(m: Message): SQSRecord {
    const attrs = m.Attributes ?? {};
    return {
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attrs.ApproximateReceiveCount ?? '1',
        SentTimestamp: attrs.SentTimestamp ?? '',
        SenderId: attrs.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attrs.ApproximateFirstReceiveTimestamp ?? '',
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { dataType: v.DataType ?? 'String', stringValue: v.StringValue, stringListValues: [], binaryListValues: [] },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.urls.arn,
      awsRegion: LOCAL_REGION,
    };
  }

  private async deliver(fnName: string, messages: Message[], settle = true): Promise<void> {
    const records = messages.map((m) => this.toRecord(m));
    const event: SQSEvent = { Records: records };
    let failed: Set<string>;
    try {
      const res = await this.lambda.invoke<SQSBatchResponse | undefined>(fnName, event);
      const ids = (res?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      // As Lambda does: an identifier that names no record of the batch fails the whole batch.
      failed = ids.some((id) => !records.some((r) => r.messageId === id)) ? new Set(records.map((r) => r.messageId)) : new Set(ids);
    } catch (e) {
      this.onError(e);
      failed = new Set(records.map((r) => r.messageId));
    }
    if (!settle) return;
    const done = records.filter((r) => !failed.has(r.messageId));
    // Failed records whose visibility the handler set stay hidden until then, on the local clock.
    const kept = records.filter((r) => failed.has(r.messageId) && this.changed.has(r.receiptHandle));
    const t = this.now().getTime();
    for (const r of kept) this.parkedMessages.set(r.messageId, { receiptHandle: r.receiptHandle, due: t + this.changed.get(r.receiptHandle)! * 1000 });
    const again = records.filter((r) => failed.has(r.messageId) && !this.changed.has(r.receiptHandle));
    if (again.length && this.faults.redeliverAtOnce) {
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.urls.url,
          Entries: again.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
    if (done.length) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.urls.url,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
  }
}
