import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClock } from '../../shared/runtime/clock';
import { createLogger } from '../../shared/runtime/log';
import { eachRecord } from '../../shared/runtime/sqs-batch';

/**
 * The log line format the README promises (and test/integration/trace.test.ts reads), written by
 * Powertools' Logger; and the SQS batch helper on Powertools' batch processor, whose failures are
 * those lines.
 */

/** What each stream received, one parsed JSON line per write. */
let out: Array<Record<string, unknown>>;
let err: Array<Record<string, unknown>>;
const NOW = new Date('2026-01-05T01:00:00.000Z');
let restoreClock: () => void;
const env = { ...process.env };

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(JSON.parse(String(chunk)) as Record<string, unknown>), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (err.push(JSON.parse(String(chunk)) as Record<string, unknown>), true));
  restoreClock = setClock(() => NOW);
  process.env.LOG_LEVEL = 'debug';
});
afterEach(() => {
  vi.restoreAllMocks();
  restoreClock();
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  Object.assign(process.env, env);
});

const context = {
  functionName: 'dondoc-mailer',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:1:function:dondoc-mailer',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
} as Context;

describe('log lines', () => {
  it("keep their keys: level, time from the injected clock, msg, the base fields and the caller's, as given", () => {
    const log = createLogger({ fn: 'mailer' });
    log.info('email processed', { key: 'k1', correlationId: 'c-1', nothing: null, empty: '' });
    // Powertools would drop a field named `message` (a reserved key of its own format) and null or "" values.
    log.error('SES refused the email; not retried', { key: 'k1', error: 'MessageRejected', message: 'Address blacklisted' });
    expect(out).toEqual([
      { level: 'info', time: NOW.toISOString(), msg: 'email processed', fn: 'mailer', key: 'k1', correlationId: 'c-1', nothing: null, empty: '' },
    ]);
    expect(err).toEqual([
      {
        level: 'error',
        time: NOW.toISOString(),
        msg: 'SES refused the email; not retried',
        fn: 'mailer',
        key: 'k1',
        error: 'MessageRejected',
        message: 'Address blacklisted',
      },
    ]);
    expect(Object.keys(out[0]!).slice(0, 4)).toEqual(['level', 'time', 'msg', 'fn']);
  });

  it('write debug and info to stdout, warn and error to stderr, errors as name, message and stack', () => {
    const log = createLogger({ fn: 'task-update' });
    const e = new TypeError('boom');
    log.debug('d');
    log.info('i');
    log.warn('w', { error: e });
    log.error('e', { error: e });
    expect(out.map((l) => l.level)).toEqual(['debug', 'info']);
    expect(err.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(err[1]!.error).toEqual({ name: 'TypeError', message: 'boom', stack: e.stack });
  });

  it('honour LOG_LEVEL in any case, read when the logger is created', () => {
    process.env.LOG_LEVEL = 'warn';
    const log = createLogger({ fn: 'deadline' });
    log.info('not written');
    log.warn('written');
    process.env.LOG_LEVEL = 'ERROR';
    createLogger().warn('not written');
    expect(out).toEqual([]);
    expect(err.map((l) => l.msg)).toEqual(['written']);
  });

  it('of a child carry its fields after the base, over it where they share a key', () => {
    const log = createLogger({ fn: 'task-update' });
    const child = log.child({ correlationId: 'c-2', taskId: 'NV-01' }).child({ taskId: 'NV-02' });
    child.info('task update applied', { progress: 30 });
    log.info('no child fields');
    expect(out).toEqual([
      { level: 'info', time: NOW.toISOString(), msg: 'task update applied', fn: 'task-update', correlationId: 'c-2', taskId: 'NV-02', progress: 30 },
      { level: 'info', time: NOW.toISOString(), msg: 'no child fields', fn: 'task-update' },
    ]);
  });

  it("in an invocation add the cold start and the Lambda request id, on child lines too; the caller's requestId wins", async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    const log = createLogger({ fn: 'mailer' });
    const handler = middy<{ n: number }, void>()
      .use(injectLambdaContext(log.powertools, { resetKeys: true }))
      .handler(async ({ n }) => {
        log.child({ correlationId: `c-${n}` }).info('email processed');
        log.info('api call', { requestId: 'api-gw-id' });
      });
    await handler({ n: 1 }, context);
    await handler({ n: 2 }, { ...context, awsRequestId: 'req-2' });
    expect(out).toEqual([
      { level: 'info', time: NOW.toISOString(), msg: 'email processed', fn: 'mailer', coldStart: true, requestId: 'req-1', correlationId: 'c-1' },
      { level: 'info', time: NOW.toISOString(), msg: 'api call', fn: 'mailer', coldStart: true, requestId: 'api-gw-id' },
      { level: 'info', time: NOW.toISOString(), msg: 'email processed', fn: 'mailer', coldStart: false, requestId: 'req-2', correlationId: 'c-2' },
      { level: 'info', time: NOW.toISOString(), msg: 'api call', fn: 'mailer', coldStart: false, requestId: 'api-gw-id' },
    ]);
  });

  it("carry Powertools' correlation id as correlationId, and the sample rate when one is set", () => {
    process.env.POWERTOOLS_LOGGER_SAMPLE_RATE = '1';
    process.env.LOG_LEVEL = 'error';
    const log = createLogger({ fn: 'deadline' });
    log.powertools.setCorrelationId('deadline-2026-01-05');
    // A sampled invocation logs at debug whatever the level.
    log.debug('sampled');
    expect(out.at(-1)).toEqual({ level: 'debug', time: NOW.toISOString(), msg: 'sampled', fn: 'deadline', sampling: 1, correlationId: 'deadline-2026-01-05' });
  });
});

describe('eachRecord', () => {
  const record = (id: string) => ({ messageId: id, body: id, attributes: { ApproximateReceiveCount: '2' } }) as unknown as SQSRecord;
  const batch = (...ids: string[]) => ({ Records: ids.map(record) }) as SQSEvent;

  it('runs the records one after another and reports only those that failed, each failure logged', async () => {
    const log = createLogger({ fn: 'task-update' });
    const seen: string[] = [];
    let running = 0;
    const res = await eachRecord(batch('m0', 'm1', 'm2'), log, 'task update failed', async (r) => {
      expect(++running).toBe(1);
      seen.push(r.messageId);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (r.messageId === 'm1') throw new Error('task NV-999 not found');
    });
    expect(seen).toEqual(['m0', 'm1', 'm2']);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(err).toEqual([
      {
        level: 'error',
        time: NOW.toISOString(),
        msg: 'task update failed',
        fn: 'task-update',
        messageId: 'm1',
        receiveCount: '2',
        error: expect.objectContaining({ name: 'Error', message: 'task NV-999 not found' }),
      },
    ]);
  });

  it('returns every record when all fail, whatever was thrown, instead of throwing', async () => {
    const log = createLogger({ fn: 'mailer' });
    const thrown: unknown[] = [new Error('throttled'), null, 'text'];
    let i = 0;
    const res = await eachRecord(batch('m0', 'm1', 'm2'), log, 'email not sent this time; will be retried', async () => {
      throw thrown[i++];
    });
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect(err.map((l) => [l.messageId, l.error])).toEqual([
      ['m0', expect.objectContaining({ message: 'throttled' })],
      ['m1', null],
      ['m2', 'text'],
    ]);
  });

  it('returns an empty list of its own for a batch with no failure', async () => {
    const log = createLogger({ fn: 'indicator' });
    const a = await eachRecord(batch('m0'), log, 'x', async () => undefined);
    a.batchItemFailures.push({ itemIdentifier: 'stray' });
    expect(await eachRecord(batch(), log, 'x', async () => undefined)).toEqual({ batchItemFailures: [] });
    expect(await eachRecord(batch('m0'), log, 'x', async () => undefined)).toEqual({ batchItemFailures: [] });
  });
});
