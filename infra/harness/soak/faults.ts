import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueueName } from '../../topology';
import type { ServiceClient, ServiceName } from '../../../shared/runtime/clients';

export interface FaultRates {
  /** A processed SQS batch is delivered again. */
  dup: number;
  /** A handler dies just before, or just after, one of its side effects (half each). */
  crash: number;
  /** DynamoDB throttles a request (the SDK retries it); SES throttles a send (the mailer retries it). */
  throttle: number;
  /** SES accepts a send, and its answer is lost: the client sees a timeout. */
  lostResponse?: number;
}

/** Deterministic pseudo-random numbers in [0, 1) from a seed (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An invocation that died: what it did before stays done, nothing after happens. */
export class Crash extends Error {
  constructor(
    readonly fn: string,
    readonly where: string,
  ) {
    super(`injected crash in ${fn} ${where}`);
    this.name = 'InjectedCrash';
  }
}

interface Invocation {
  fn: string;
  die(where: string): void;
}

/** The calls that change something outside the handler: where a crash matters. */
const SIDE_EFFECTS: Record<ServiceName, RegExp> = {
  dynamodb: /^(Put|Update|Delete|TransactWrite|BatchWrite)/,
  sqs: /^(SendMessage|DeleteMessage)/,
  eventbridge: /^PutEvents/,
  sesv2: /^SendEmail/,
};

const never = new Promise<never>(() => undefined);

/**
 * Injects the faults of at-least-once, serverless life into the local runtime:
 * - duplicate SQS deliveries (a processed batch is delivered again);
 * - crashes just before and just after a side effect (a DynamoDB write, an SES send, a queue
 *   send): the invocation fails and the handler's remaining work never runs, as when a Lambda
 *   process dies; the message comes back and is processed again;
 * - DynamoDB throttling, absorbed by the SDK's retries, and SES throttling, which reaches the mailer;
 * - lost answers: SES accepts a send and the client gets a timeout instead of its answer, below
 *   the SDK's retries (as a dropped connection would), so a retry there would send it again.
 * Every decision comes from one seeded sequence; counts say what was injected.
 */
export class FaultInjector {
  private readonly current = new AsyncLocalStorage<Invocation>();
  readonly counts = { duplicates: 0, crashesBefore: 0, crashesAfter: 0, ddbThrottles: 0, sesThrottles: 0, sesLostResponses: 0 };
  readonly redeliverAtOnce = true;
  /** Off while the system loads its starting state; on for the run itself. */
  enabled = false;

  constructor(
    private readonly rates: FaultRates,
    private readonly random: () => number,
  ) {}

  private chance(p: number): boolean {
    return this.enabled && p > 0 && this.random() < p;
  }

  /** Around each invocation: a crash inside fails it at once, and its handler never resumes. */
  invoke = <T>(fn: string, run: () => Promise<T>): Promise<T> => {
    let die!: (where: string) => void;
    const died = new Promise<never>((_, reject) => {
      die = (where) => reject(new Crash(fn, where));
    });
    died.catch(() => undefined);
    return this.current.run({ fn, die }, () => Promise.race([run(), died]));
  };

  duplicate = (_queue: QueueName): boolean => {
    const yes = this.chance(this.rates.dup);
    if (yes) this.counts.duplicates++;
    return yes;
  };

  /** Adds the fault middleware to an SDK client (see instrumentClients). */
  instrument = (client: ServiceClient, service: ServiceName): void => {
    const stack = client.middlewareStack as unknown as {
      add(mw: unknown, opts: { step: string; name: string; priority?: string }): void;
    };
    // Crashes: outside the SDK's retries, around the whole call.
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const inv = this.current.getStore();
        const command = context.commandName ?? '';
        if (!inv || !SIDE_EFFECTS[service].test(command)) return next(args);
        if (service === 'sesv2' && this.chance(this.rates.throttle)) {
          this.counts.sesThrottles++;
          throw Object.assign(new Error('Maximum sending rate exceeded.'), {
            name: 'TooManyRequestsException',
            $fault: 'client',
            $metadata: { httpStatusCode: 429 },
          });
        }
        if (this.chance(this.rates.crash / 2)) {
          this.counts.crashesBefore++;
          inv.die(`before ${service} ${command}`);
          return never;
        }
        const out = await next(args);
        if (this.chance(this.rates.crash / 2)) {
          this.counts.crashesAfter++;
          inv.die(`after ${service} ${command}`);
          return never;
        }
        return out;
      },
      { step: 'initialize', name: 'soakCrash' },
    );
    if (service === 'sesv2') {
      // Lost answers: inside the SDK's retry loop (each attempt), after the request reached SES.
      stack.add(
        (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          const out = await next(args);
          if (this.current.getStore() && SIDE_EFFECTS.sesv2.test(context.commandName ?? '') && this.chance(this.rates.lostResponse ?? 0)) {
            this.counts.sesLostResponses++;
            throw Object.assign(new Error('Connection timed out after SES received the request'), {
              name: 'TimeoutError',
              code: 'ETIMEDOUT',
              $metadata: {},
            });
          }
          return out;
        },
        { step: 'finalizeRequest', name: 'soakLostResponse', priority: 'low' },
      );
    }
    if (service !== 'dynamodb') return;
    // Throttling: inside the SDK's retry loop, as DynamoDB's own throttling arrives.
    stack.add(
      (next: (a: unknown) => Promise<unknown>) => async (args: unknown) => {
        if (this.current.getStore() && this.chance(this.rates.throttle)) {
          this.counts.ddbThrottles++;
          throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'soakThrottle', priority: 'low' },
    );
  };
}
