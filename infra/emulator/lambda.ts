import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, type FunctionSpec } from '../topology';
import { LOCAL_ACCOUNT, LOCAL_REGION, ROOT } from './config';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Invokes the very handler exports that are deployed, as Lambda would: one event, a context,
 * and the function's timeout. Counts running invocations so /_local/drain can wait for them.
 */
export class LocalLambda {
  private readonly handlers = new Map<string, Promise<Handler>>();
  running = 0;

  /**
   * Wraps every invocation: a harness (the soak test) may end one as a crash would, leaving what
   * the handler had done so far and nothing after. Plain invocation by default.
   */
  constructor(private readonly around: <T>(fn: string, run: () => Promise<T>) => Promise<T> = (_fn, run) => run()) {}

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
      invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:dondoc-${fn.name}`,
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
      return (await Promise.race([this.around(name, () => handler(event, context)), timeout])) as T;
    } finally {
      clearTimeout(timer);
      this.running--;
    }
  }
}
