import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/**
 * SDK clients, created lazily once per process (module scope in Lambda, reused across invocations).
 * Adaptive retries absorb throttling with backoff and jitter.
 */
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let events: EventBridgeClient | undefined;

export const docClient = (): DynamoDBDocumentClient =>
  (ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 5, retryMode: 'adaptive' }), {
    marshallOptions: { removeUndefinedValues: true },
  }));

// The endpoint comes from the region (or AWS_ENDPOINT_URL_SQS), not from the queue URL's host.
export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({ maxAttempts: 5, retryMode: 'adaptive', useQueueUrlAsEndpoint: false }));

export const eventsClient = (): EventBridgeClient => (events ??= new EventBridgeClient({ maxAttempts: 5, retryMode: 'adaptive' }));

/** Forget the clients (tests that change endpoints between runs). */
export function resetClients(): void {
  ddb = undefined;
  sqs = undefined;
  events = undefined;
}
