import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, type FunctionSpec } from '../topology';
import { LOCAL_ACCOUNT, LOCAL_REGION, ROOT } from './config';
import { asFunction } from './grants';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What Lambda sends to an on-failure destination (an asynchronous invocation record). */
export interface FailedRun {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: 'RetriesExhausted' | 'EventAgeExceeded'; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: 200; executedVersion: '$LATEST'; functionError: 'Unhandled' };
  responsePayload: { errorType: string; errorMessage: string };
}

export interface AsyncOptions {
  /** The injected clock: an event older than the function's maxEventAgeSeconds is not retried. */
  clock: () => Date;
  /** The function's on-failure destination (the failed-runs queue). */
  onFailure: (record: FailedRun) => Promise<void>;
  /** Logs each failed attempt. */
  onError: (e: unknown) => void;
  /** Wait before each retry (Lambda waits about a minute, then two; the emulator a moment). */
  retryDelayMs?: number;
}

const arnOf = (fn: FunctionSpec) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:dondoc-${fn.name}`;

/**
 * Invokes the very handler exports that are deployed, as Lambda would: one event, a context,
 * and the function's timeout. Counts running invocations so /_local/drain can wait for them.
 */
export class LocalLambda {
  private readonly handlers = new Map<string, Promise<Handler>>();
  running = 0;
  /** Asynchronous invocations accepted and not yet finished (including those waiting for a retry). */
  pendingAsync = 0;

  /**
   * Wraps every invocation: a harness (the soak test) may end one as a crash would, leaving what
   * the handler had done so far and nothing after. Plain invocation by default.
   */
  constructor(
    private readonly around: <T>(fn: string, run: () => Promise<T>) => Promise<T> = (_fn, run) => run(),
    private readonly async?: AsyncOptions,
  ) {}

  spec(name: string): FunctionSpec {
    const fn = functions.find((f) => f.name === name);
    if (!fn) throw new Error(`no function ${name} in the topology`);
    return fn;
  }

  private load(fn: FunctionSpec): Promise<Handler> {
    let h = this.handlers.get(fn.name);
    if (!h) {
      h = import(pathToFileURL(path.join(ROOT, fn.entry)).href).then((m: { handler?: Handler }) => {
        if (typeof m.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
        return m.handler;
      });
      this.handlers.set(fn.name, h);
    }
    return h;
  }

  async invoke<T = unknown>(name: string, event: unknown): Promise<T> {
    const fn = this.spec(name);
    const handler = await this.load(fn);
    const started = performance.now();
    const timeoutMs = fn.timeoutSeconds * 1000;
    const context = {
      functionName: `dondoc-${fn.name}`,
      functionVersion: '$LATEST',
      invokedFunctionArn: arnOf(fn),
      memoryLimitInMB: String(fn.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/dondoc-${fn.name}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (performance.now() - started)),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } as Context;
    this.running++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Task timed out after ${fn.timeoutSeconds} seconds`)), timeoutMs);
      });
      // The function's DynamoDB requests are held to its table grants (grants.ts), as its role would hold them.
      return (await Promise.race([this.around(name, () => asFunction(name, () => handler(event, context))), timeout])) as T;
    } finally {
      clearTimeout(timer);
      this.running--;
    }
  }

  /**
   * An asynchronous invocation, as EventBridge Scheduler and EventBridge rules make: Lambda has
   * accepted the event; a function error is retried the function's `retryAttempts` times (never
   * more, and not once the event is older than its `maxEventAgeSeconds`), then the event goes to
   * the on-failure destination. Resolves with the result of the attempt that succeeded, or
   * undefined once the event was sent there.
   */
  async invokeAsync<T = unknown>(name: string, event: unknown): Promise<T | undefined> {
    const fn = this.spec(name);
    if (!this.async || !fn.async) throw new Error(`${name} is not invoked asynchronously in the topology`);
    const { clock, onFailure, onError, retryDelayMs = 50 } = this.async;
    const accepted = clock().getTime();
    this.pendingAsync++;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.invoke<T>(name, event);
        } catch (e) {
          onError(e);
          const tooOld = clock().getTime() - accepted > fn.async.maxEventAgeSeconds * 1000;
          if (attempt > fn.async.retryAttempts || tooOld) {
            await onFailure({
              version: '1.0',
              timestamp: clock().toISOString(),
              requestContext: {
                requestId: randomUUID(),
                functionArn: `${arnOf(fn)}:$LATEST`,
                condition: tooOld ? 'EventAgeExceeded' : 'RetriesExhausted',
                approximateInvokeCount: attempt,
              },
              requestPayload: event,
              responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
              responsePayload: { errorType: (e as Error)?.name ?? 'Error', errorMessage: (e as Error)?.message ?? String(e) },
            });
            return undefined;
          }
          await new Promise((r) => setTimeout(r, retryDelayMs * attempt));
        }
      }
    } finally {
      this.pendingAsync--;
    }
  }
}
