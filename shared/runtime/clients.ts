import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * SDK clients, created lazily once per process (module scope in Lambda, reused across invocations).
 * DynamoDB, SQS and EventBridge retry throttling with the standard strategy (exponential backoff
 * with jitter). Not the adaptive one: its client-side rate starts from a measured rate of zero, so
 * a throttle early in a container's life held it near half a request a second (the soak test
 * showed a run taking six times as long); a Lambda container is short-lived and one of many.
 */
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let events: EventBridgeClient | undefined;
let ses: SESv2Client | undefined;

export type ServiceClient = DynamoDBClient | SQSClient | EventBridgeClient | SESv2Client;
export type ServiceName = 'dynamodb' | 'sqs' | 'eventbridge' | 'sesv2';
type Instrument = (client: ServiceClient, service: ServiceName) => void;
let instrument: Instrument | undefined;

/**
 * Lets a harness add SDK middleware to every client made from now on (the soak test injects
 * throttling and crashes this way). Deployed code never calls it.
 */
export function instrumentClients(fn: Instrument | undefined): void {
  instrument = fn;
  resetClients();
}

function made<T extends ServiceClient>(client: T, service: ServiceName): T {
  instrument?.(client, service);
  return client;
}

export const docClient = (): DynamoDBDocumentClient =>
  (ddb ??= DynamoDBDocumentClient.from(made(new DynamoDBClient({ maxAttempts: 5, retryMode: 'standard' }), 'dynamodb'), {
    marshallOptions: { removeUndefinedValues: true },
  }));

// The endpoint comes from the region (or AWS_ENDPOINT_URL_SQS), not from the queue URL's host.
export const sqsClient = (): SQSClient => (sqs ??= made(new SQSClient({ maxAttempts: 5, retryMode: 'standard', useQueueUrlAsEndpoint: false }), 'sqs'));

export const eventsClient = (): EventBridgeClient => (events ??= made(new EventBridgeClient({ maxAttempts: 5, retryMode: 'standard' }), 'eventbridge'));

/** SES throttling (no Retry-After) is retried with backoff and jitter before the mailer sees it. */
export const sesClient = (): SESv2Client => (ses ??= made(new SESv2Client({ maxAttempts: 6, retryMode: 'adaptive' }), 'sesv2'));

/** Forget the clients (tests that change endpoints between runs). */
export function resetClients(): void {
  ddb = undefined;
  sqs = undefined;
  events = undefined;
  ses = undefined;
}
