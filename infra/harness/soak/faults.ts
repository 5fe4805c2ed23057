import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueueName } from '../../topology';
import type { ServiceClient, ServiceName } from '../../../shared/runtime/clients';
import { keyFromLedgerTag, LEDGER_TAG } from '../../../shared/data/ledger';

export interface FaultRates {
  /** A processed SQS batch is delivered again. */
  dup: number;
  /** A handler dies just before, or just after, one of its side effects (half each). */
  crash: number;
  /** DynamoDB throttles a request (the SDK retries it); SES throttles a send (the mailer retries it). */
  throttle: number;
  /** SES accepts a send, and its answer is lost: the client sees a timeout. */
  lostResponse: number;
  /** DynamoDB applies a write, and its answer is lost: the client sees a timeout (the SDK retries). */
  ddbLostResponse: number;
  /** SES's Send event comes after the claim's lease has run out (and after later events). */
  sesLate: number;
  /** SES's Send event never comes. */
  sesLost: number;
}

/** Each rate's command-line flag, and its default in the soak (main.ts; a pass defaults every rate to 0). */
export const FAULT_FLAGS: Record<keyof FaultRates, { flag: string; soakDefault: string }> = {
  dup: { flag: 'dup', soakDefault: '0.1' },
  crash: { flag: 'crash', soakDefault: '0.05' },
  throttle: { flag: 'throttle', soakDefault: '0.05' },
  lostResponse: { flag: 'lost-response', soakDefault: '0' },
  ddbLostResponse: { flag: 'ddb-lost-response', soakDefault: '0' },
  sesLate: { flag: 'ses-late', soakDefault: '0' },
  sesLost: { flag: 'ses-lost', soakDefault: '0' },
};

/** The rates' options for node:util's parseArgs, each defaulting as given. */
export const faultOptions = (defaults: (f: { soakDefault: string }) => string) =>
  Object.fromEntries(Object.values(FAULT_FLAGS).map((f) => [f.flag, { type: 'string' as const, default: defaults(f) }]));

/** The rates from parsed options, or the first flag whose value is not a probability in [0, 1). */
export function ratesFrom(values: Record<string, unknown>): FaultRates | { bad: string; value: unknown } {
  const rates: Record<string, number> = {};
  for (const [k, f] of Object.entries(FAULT_FLAGS)) {
    const p = Number(values[f.flag]);
    if (!(p >= 0 && p < 1)) return { bad: f.flag, value: values[f.flag] };
    rates[k] = p;
  }
  return rates as unknown as FaultRates;
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

/** The ledger key an SES SendEmail call carries in its tag. */
function ledgerKeyOf(args: unknown): string | undefined {
  const tags = (args as { input?: { EmailTags?: Array<{ Name?: string; Value?: string }> } }).input?.EmailTags ?? [];
  const tag = tags.find((t) => t.Name === LEDGER_TAG)?.Value;
  return tag ? keyFromLedgerTag(tag) : undefined;
}

interface Invocation {
  fn: string;
  die(where: string): void;
  /** Emails SES accepted in this invocation that the ledger does not yet record as sent. */
  unrecorded: Set<string>;
}

/** The calls that change something outside the handler: where a crash matters. */
const SIDE_EFFECTS: Record<ServiceName, RegExp> = {
  dynamodb: /^(Put|Update|Delete|TransactWrite|BatchWrite)/,
  sqs: /^(SendMessage|DeleteMessage)/,
  eventbridge: /^PutEvents/,
  sesv2: /^SendEmail/,
};

const never = new Promise<never>(() => undefined);

/** What the client sees when the service did the work and the connection dropped before its answer. */
const lostAnswer = (service: string) =>
  Object.assign(new Error(`Connection timed out after ${service} received the request`), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });

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
  readonly counts = {
    duplicates: 0,
    concurrentDuplicates: 0,
    crashesBefore: 0,
    crashesAfter: 0,
    ddbThrottles: 0,
    ddbLostResponses: 0,
    sesThrottles: 0,
    sesLostResponses: 0,
    sesEventsLate: 0,
    sesEventsLost: 0,
  };
  /**
   * Ledger keys whose email SES took while the sender never learnt it (it died right after the
   * call, or the answer was lost), and keys whose Send event came late or never: a key in both
   * leaves the system no way to know the email went out, so it is sent again after the lease.
   */
  readonly unknownSends = new Set<string>();
  readonly withheldSendEvents = new Set<string>();
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
    const unrecorded = new Set<string>();
    const died = new Promise<never>((_, reject) => {
      die = (where) => {
        // SES took these and the ledger never heard: nobody can know they went out.
        for (const key of unrecorded) this.unknownSends.add(key);
        reject(new Crash(fn, where));
      };
    });
    died.catch(() => undefined);
    return this.current.run({ fn, die, unrecorded }, () => Promise.race([run(), died]));
  };

  /** A duplicate delivery: half replayed after the first was processed, half at the same time. */
  duplicate = (_queue: QueueName): 'after' | 'concurrent' | false => {
    if (!this.chance(this.rates.dup)) return false;
    if (this.random() < 0.5) {
      this.counts.duplicates++;
      return 'after';
    }
    this.counts.concurrentDuplicates++;
    return 'concurrent';
  };

  /** SES's Send event for an email: on time, late (after the claim's lease), or never. */
  sesEvent = (tags: Record<string, string[]>): 'late' | 'lost' | undefined => {
    const late = this.chance(this.rates.sesLate);
    const lost = !late && this.chance(this.rates.sesLost);
    if (!late && !lost) return undefined;
    this.counts[late ? 'sesEventsLate' : 'sesEventsLost']++;
    const tag = tags[LEDGER_TAG]?.[0];
    if (tag) this.withheldSendEvents.add(keyFromLedgerTag(tag));
    return late ? 'late' : 'lost';
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
        const sent = service === 'sesv2' ? ledgerKeyOf(args) : undefined;
        if (sent) inv.unrecorded.add(sent);
        const pk = service === 'dynamodb' ? (args as { input?: { Key?: { pk?: unknown } } }).input?.Key?.pk : undefined;
        if (typeof pk === 'string' && pk.startsWith('MAIL#')) inv.unrecorded.delete(pk.slice('MAIL#'.length));
        if (this.chance(this.rates.crash / 2)) {
          this.counts.crashesAfter++;
          if (service === 'sesv2') this.sendUnknown(args);
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
          if (this.current.getStore() && SIDE_EFFECTS.sesv2.test(context.commandName ?? '') && this.chance(this.rates.lostResponse)) {
            this.counts.sesLostResponses++;
            this.sendUnknown(args);
            throw lostAnswer('SES');
          }
          return out;
        },
        { step: 'finalizeRequest', name: 'soakLostResponse', priority: 'low' },
      );
    }
    if (service !== 'dynamodb') return;
    // Throttling and lost answers: inside the SDK's retry loop, as DynamoDB's own throttling and a
    // dropped connection arrive. A lost answer to a write the table applied is retried by the SDK:
    // a conditional write then meets its own first attempt.
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        if (this.current.getStore() && this.chance(this.rates.throttle)) {
          this.counts.ddbThrottles++;
          throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        const out = await next(args);
        if (this.current.getStore() && SIDE_EFFECTS.dynamodb.test(context.commandName ?? '') && this.chance(this.rates.ddbLostResponse)) {
          this.counts.ddbLostResponses++;
          throw lostAnswer('DynamoDB');
        }
        return out;
      },
      { step: 'finalizeRequest', name: 'soakThrottle', priority: 'low' },
    );
  };

  private sendUnknown(args: unknown): void {
    const key = ledgerKeyOf(args);
    if (key) this.unknownSends.add(key);
  }
}
