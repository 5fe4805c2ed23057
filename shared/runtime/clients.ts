import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';

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
const instruments = new Map<string, Instrument>();

/**
 * Lets a harness (`slot` 'harness': the soak test injects throttling and crashes this way) or the
 * local emulator ('emulator': it watches what handlers ask of its SQS) add SDK middleware to every
 * client made from now on. Deployed code never calls it.
 */
export function instrumentClients(fn: Instrument | undefined, slot: 'harness' | 'emulator' = 'harness'): void {
  if (fn) instruments.set(slot, fn);
  else instruments.delete(slot);
  resetClients();
}

function made<T extends ServiceClient>(client: T, service: ServiceName): T {
  for (const fn of instruments.values()) fn(client, service);
  return client;
}

export const docClient = (): DynamoDBDocumentClient =>
  (ddb ??= DynamoDBDocumentClient.from(made(new DynamoDBClient({ maxAttempts: 5, retryMode: 'standard' }), 'dynamodb'), {
    marshallOptions: { removeUndefinedValues: true },
  }));

// The endpoint comes from the region (or AWS_ENDPOINT_URL_SQS), not from the queue URL's host.
export const sqsClient = (): SQSClient => (sqs ??= made(new SQSClient({ maxAttempts: 5, retryMode: 'standard', useQueueUrlAsEndpoint: false }), 'sqs'));

export const eventsClient = (): EventBridgeClient => (events ??= made(new EventBridgeClient({ maxAttempts: 5, retryMode: 'standard' }), 'eventbridge'));

type RetryStrategy = Extract<NonNullable<SESv2ClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategy['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategy['refreshRetryTokenForRetry']>[1];

/**
 * Retries only what certainly did not happen: a throttled request (SES refused it before doing
 * anything), with exponential backoff and full jitter, honouring a Retry-After hint. A timeout,
 * a 5xx or a reset connection is not retried: SES may have accepted the email before the answer
 * was lost, and a retry would be a second copy. The caller sees the error and treats the outcome
 * as unknown.
 */
export class ThrottlingOnlyRetryStrategy implements RetryStrategy {
  constructor(
    readonly maxAttempts: number,
    private readonly baseDelayMs = 500,
    private readonly maxDelayMs = 20_000,
    private readonly random: () => number = Math.random,
  ) {}

  private token(retries: number, delay: number): RetryToken {
    return { getRetryCount: () => retries, getRetryDelay: () => delay } as RetryToken;
  }

  acquireInitialRetryToken(): Promise<RetryToken> {
    return Promise.resolve(this.token(0, 0));
  }

  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = token.getRetryCount() + 1;
    if (info.errorType !== 'THROTTLING' || retries >= this.maxAttempts) return Promise.reject(info.error ?? new Error('not retried'));
    const backoff = this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retries - 1));
    const hint = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : 0; // eslint-disable-line no-restricted-syntax -- wall time of an HTTP header
    return Promise.resolve(this.token(retries, Math.max(backoff, Math.min(hint, this.maxDelayMs))));
  }

  recordSuccess(): void {
    // no retry quota to give back
  }
}

/**
 * SendEmail is not idempotent: only throttling is retried (backoff with jitter) before the mailer
 * sees it; any other failure reaches the mailer at once, as an unknown outcome when it may have
 * been sent.
 */
export const sesClient = (): SESv2Client => (ses ??= made(new SESv2Client({ maxAttempts: 6, retryStrategy: new ThrottlingOnlyRetryStrategy(6) }), 'sesv2'));

/** Forget the clients (tests that change endpoints between runs). */
export function resetClients(): void {
  ddb = undefined;
  sqs = undefined;
  events = undefined;
  ses = undefined;
}
