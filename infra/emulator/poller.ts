import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { consumerOf, type QueueName } from '../topology';
import { LOCAL_REGION } from './config';
import type { LocalLambda } from './lambda';
import type { QueueUrls } from './resources';

/** Faults a harness may inject into delivery (the soak test); none by default. */
export interface DeliveryFaults {
  /** Deliver a batch again right after it was processed, as SQS at-least-once delivery may. */
  duplicate?(queue: QueueName): boolean;
  /** Make failed records visible again at once instead of after the visibility timeout. */
  redeliverAtOnce?: boolean;
}

/**
 * What Lambda's SQS event source mapping does, against the real SQS API: receive up to the batch
 * size, invoke the consumer with an SQS event, delete only the records that succeeded (partial
 * batch responses), and leave the rest to come back after the visibility timeout and, after
 * maxReceiveCount receives, go to the DLQ by the queue's own redrive policy.
 */
export class QueuePoller {
  private stopped = false;
  private loop?: Promise<void>;
  busy = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly lambda: LocalLambda,
    readonly queue: QueueName,
    private readonly urls: QueueUrls,
    private readonly onError: (e: unknown) => void,
    private readonly faults: DeliveryFaults = {},
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { fn, trigger } = consumerOf(this.queue);
    while (!this.stopped) {
      try {
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
        this.busy = true;
        await this.deliver(fn.name, messages);
        // The same messages again (same ids and bodies): a consumer must apply them once.
        if (this.faults.duplicate?.(this.queue)) await this.deliver(fn.name, messages, false);
      } catch (e) {
        if (!this.stopped) {
          this.onError(e);
          await new Promise((r) => setTimeout(r, 500));
        }
      } finally {
        this.busy = false;
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
    if (failed.size && this.faults.redeliverAtOnce) {
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.urls.url,
          Entries: records.filter((r) => failed.has(r.messageId)).map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 })),
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
