import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { instrumentClients, resetClients, type ServiceClient, type ServiceName } from '../../shared/runtime/clients';
import { seedCalendar } from '../../shared/data/calendar';
import { hasPlan, savePlan } from '../../shared/data/plan-directory';
import { localDate } from '../../shared/domain/dates';
import { createLogger } from '../../shared/runtime/log';
import { VALUE_YEARS, parsePlan } from '../../shared/io/plan-import';
import { parseValuesCsv } from '../../shared/io/values-csv';
import { enqueueValues } from '../../shared/data/indicator-ingest';
import { readPlanDir } from '../../shared/io/plan-files';
import { bus, functionEnv, functions, queues, table, validateTableGrants, type QueueName } from '../topology';
import { LocalClock, parseDuration } from './clock';
import { LOCAL_MAIL_FROM, LOCAL_REGION, PORT_ENV, SAMPLE_PLAN_DIR, type LocalPorts } from './config';
import { LocalEventBus } from './eventbus';
import { startDynamoDbGate } from './dynamodb-gate';
import { nameFunction } from './grants';
import { createApiServer, type LocalRouteHandler } from './http';
import { LOCAL_CLIENT_ID, loadOrCreateKeys, type LocalKeys } from './jwt';
import { OAUTH_PATHS, createLocalIssuer } from './issuer';
import { buildPortal, createPortalServer, type PortalConfig } from './portal';
import { LocalLambda } from './lambda';
import { QueuePoller, type DeliveryFaults } from './poller';
import { ensureFailedRuns, ensureQueues, ensureTable, type QueueUrls } from './resources';
import { LocalScheduler } from './scheduler';
import { assertPortFree, freePort, startDynamoDb, startSes, startSqs, type Stoppable } from './services';
import { LocalSesEvents, startSesEvents, type SentEmail } from './ses-events';

export interface LocalOptions {
  ports: LocalPorts;
  /** Folder for the JWT key, the clock offset and (when `persist`) DynamoDB's files. */
  dataDir: string;
  /** Keep DynamoDB on disk (npm start) or in memory (tests). */
  persist: boolean;
  /** Load the sample plan when the table holds no plan yet. */
  loadSample: boolean;
  /** Base URL of links in emails (default: the portal's URL). */
  appUrl?: string;
  /** Build and serve the portal (npm start, the browser tests); otherwise its port is only reserved. */
  portal?: boolean;
  /** Start the clock at this instant and let it move only when told (set, advance). */
  frozenClockAt?: Date;
  /** Faults to inject (the soak test): around each invocation, in queue delivery, and in SES's events. */
  faults?: DeliveryFaults & {
    invoke?: <T>(fn: string, run: () => Promise<T>) => Promise<T>;
    /** SES's Send event for an email with these tags: on time, late (after the claim's lease), or never. */
    sesEvent?(tags: Record<string, string[]>): 'late' | 'lost' | undefined;
  };
}

export interface LocalSystem {
  urls: { api: string; inbox: string; dynamodb: string; sqs: string; events: string; portal: string };
  env: Record<string, string>;
  clock: LocalClock;
  keys: LocalKeys;
  lambda: LocalLambda;
  bus: LocalEventBus;
  scheduler: LocalScheduler;
  queues: Record<QueueName, QueueUrls>;
  /** The failed-runs queue (asynchronous invocations that failed every attempt). */
  failedRunsUrl: string;
  sqs: SQSClient;
  drain(timeoutMs?: number): Promise<{ drained: boolean; queues: Record<string, number> }>;
  /** Every email SES accepted, with its tags (as its Send events report them). */
  sentEmails: SentEmail[];
  /** DynamoDB requests refused to a function because its table grants do not cover them (none, if the grants suffice). */
  tableDenials: Array<{ fn: string; action: string; resource: string }>;
  /** The address the API listens on: the loopback address only, as its /_local routes have no authentication. */
  apiAddress(): string;
  stop(): Promise<void>;
}

const log = createLogger({ component: 'local-runtime' });
const onError = (e: unknown) => log.error('local runtime error', { error: e });

/** Ports given as 0 are chosen free (tests run several systems side by side). */
async function resolvePorts(p: LocalPorts): Promise<LocalPorts> {
  const out = { ...p };
  for (const k of Object.keys(out) as Array<keyof LocalPorts>) {
    if (out[k] === 0) out[k] = await freePort();
    else await assertPortFree(out[k], k === 'inbox' ? 'SES inbox' : k, PORT_ENV[k]);
  }
  return out;
}

/** Starts the whole system on this machine: stand-ins, resources, handlers, clock and HTTP. */
export async function startLocal(opts: LocalOptions): Promise<LocalSystem> {
  const ports = await resolvePorts(opts.ports);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(onError);
  };
  try {
    const keys = await loadOrCreateKeys(opts.dataDir);
    // Every function's table grants are sound before anything runs (the stack checks the same).
    validateTableGrants();
    // DynamoDB Local listens on a port of its own; the DynamoDB port is the gate's, which holds
    // each function's requests to its table grants (dynamodb-gate.ts) before passing them on.
    const dynamoDbLocalPort = await freePort();
    // The portal builds while the stand-ins start.
    const portalDir = path.join(opts.dataDir, 'portal');
    const portalBuilt = opts.portal ? buildPortal(portalDir) : Promise.resolve();
    portalBuilt.catch(() => undefined);
    const services = await Promise.allSettled([
      startDynamoDb(dynamoDbLocalPort, opts.persist ? path.join(opts.dataDir, 'dynamodb') : undefined),
      startSqs(ports.sqs),
      startSes(ports.inbox),
    ]);
    for (const s of services) if (s.status === 'fulfilled') started.push(s.value);
    const failed = services.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const sqsServer = (services[1] as PromiseFulfilledResult<Stoppable & { port: number }>).value;
    const gate = await startDynamoDbGate(dynamoDbLocalPort, ports.dynamodb, {
      onDenied: (d) => log.error('DynamoDB request refused: not in the table grants of the function', { function: d.fn, decision: d }),
    });
    started.push(gate);
    // SES's Send events, as a configuration set publishes them, once the bus is up.
    const sendEvents: { publish?: (e: SentEmail) => void } = {};
    const sentEmails: SentEmail[] = [];
    const sesApi = await startSesEvents(ports.inbox, (e) => {
      sentEmails.push(e);
      sendEvents.publish?.(e);
    });
    started.push(sesApi);
    const urls = {
      api: `http://localhost:${ports.api}`,
      inbox: `http://localhost:${ports.inbox}`,
      dynamodb: `http://127.0.0.1:${gate.port}`,
      sqs: `http://127.0.0.1:${sqsServer.port}`,
      events: `http://127.0.0.1:${ports.events}`,
      portal: `http://localhost:${ports.portal}`,
    };
    const awsEnv: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_SQS: urls.sqs,
      AWS_ENDPOINT_URL_SESV2: sesApi.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: urls.events,
      // As Lambda sets it for on-demand functions: the logger reports a cold start only then.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    };
    Object.assign(process.env, awsEnv);
    const clientConfig = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const ddbClient = new DynamoDBClient({ ...clientConfig, endpoint: urls.dynamodb });
    const sqs = new SQSClient({ ...clientConfig, endpoint: urls.sqs, useQueueUrlAsEndpoint: false });
    await ensureTable(ddbClient, table.name);
    const queueUrls = await ensureQueues(sqs);
    const failedRunsUrl = await ensureFailedRuns(sqs);

    // The handlers' environment, exactly as the stack sets it per function (merged: one process).
    const env: Record<string, string> = { ...awsEnv };
    for (const fn of functions) {
      Object.assign(
        env,
        functionEnv(fn, {
          tableName: table.name,
          busName: bus.name,
          queueUrl: (q) => queueUrls[q as QueueName].url,
          dlqUrl: (q) => queueUrls[q as QueueName].dlqUrl,
          failedRunsUrl,
          appUrl: opts.appUrl ?? urls.portal,
          mailFrom: LOCAL_MAIL_FROM,
        }),
      );
    }
    Object.assign(process.env, env);
    resetClients();

    const clock = new LocalClock(opts.dataDir);
    if (opts.frozenClockAt) {
      clock.freeze();
      clock.set(opts.frozenClockAt);
    }
    const restoreClock = clock.install();
    started.push({ stop: async () => restoreClock() });

    if (opts.loadSample && !(await hasPlan())) {
      const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
      const counts = await savePlan(plan, localDate(clock.now()), {
        actor: { sub: 'sample-data', role: 'system' },
        at: clock.now().toISOString(),
        requestId: 'sample-plan',
      });
      await seedCalendar();
      // Sample indicator values go in by the same path as any upload: the indicator-ingest queue.
      const values = parseValuesCsv('values.csv', fs.readFileSync(path.join(SAMPLE_PLAN_DIR, 'values.csv'), 'utf8'), plan.indicators, VALUE_YEARS);
      await enqueueValues(values, { sub: 'sample-data', role: 'statistics', agency: 'THONG-KE' }, 'sample-data', clock.now());
      log.info('sample plan loaded', { ...counts, values: values.length });
    }

    const lambda = new LocalLambda(opts.faults?.invoke, {
      clock: clock.now,
      onError,
      onFailure: async (record) => {
        log.error('run failed every attempt: sent to the failed-runs queue', {
          function: record.requestContext.functionArn,
          error: record.responsePayload.errorMessage,
        });
        await sqs.send(new SendMessageCommand({ QueueUrl: failedRunsUrl, MessageBody: JSON.stringify(record) }));
      },
    });
    const eventBus = new LocalEventBus(lambda, clock.now, onError, async (queue, body) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrls[queue as QueueName].url, MessageBody: body }));
    });
    await eventBus.listen(ports.events);
    started.push({ stop: () => eventBus.close() });
    const sesEvents = new LocalSesEvents(eventBus, clock.now, opts.faults?.sesEvent);
    sendEvents.publish = (e) => sesEvents.sent(e);
    clock.onChange(() => sesEvents.release());

    const pollers = (Object.keys(queues) as QueueName[]).map((q) => new QueuePoller(sqs, lambda, q, queueUrls[q], onError, opts.faults, clock.now));
    // The pollers keep a visibility timeout a handler sets on a message of its batch.
    // The handlers' DynamoDB requests name the function making them, for the gate.
    const watch = watchVisibility(pollers);
    instrumentClients((client, service) => {
      watch(client, service);
      nameFunction(client, service);
    }, 'emulator');
    started.push({ stop: async () => instrumentClients(undefined, 'emulator') });
    for (const p of pollers) p.start();
    started.push({ stop: async () => void (await Promise.all(pollers.map((p) => p.stop()))) });

    // Between occurrences at different times in one tick, the system settles first (see the scheduler).
    const scheduler = new LocalScheduler(lambda, clock.now, {
      settle: async () => {
        if (!(await quiet(600_000, false)).drained) log.warn('the system did not settle between scheduled runs; firing the next anyway');
      },
    });
    scheduler.start();
    clock.onChange(() => void scheduler.tick());
    started.push({ stop: () => scheduler.stop() });

    const queueDepths = async (visibleOnly = false): Promise<Record<string, number>> => {
      const depths: Record<string, number> = {};
      for (const q of Object.keys(queueUrls) as QueueName[]) {
        const a = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrls[q].url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        // Less the messages a handler parked until a later time on the local clock (they are not
        // visible, so only counted when the invisible ones are).
        const parked = visibleOnly ? 0 : (pollers.find((p) => p.queue === q)?.parked() ?? 0);
        depths[q] = Math.max(
          0,
          Number(a.Attributes?.ApproximateNumberOfMessages ?? 0) +
            (visibleOnly ? 0 : Number(a.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)) -
            parked,
        );
      }
      return depths;
    };

    /**
     * Waits until every queue is empty and nothing runs (ticking the scheduler first, unless it is
     * the caller). Between scheduled runs (`tick` false) a message waiting out its visibility
     * timeout does not hold the next run back: that timeout runs in real time, which the local
     * clock's jump does not move, and in AWS the run would not wait for it either.
     */
    const quiet = async (timeoutMs: number, tick: boolean) => {
      const deadline = performance.now() + timeoutMs;
      let quietChecks = 0;
      let depths: Record<string, number> = {};
      while (performance.now() < deadline) {
        if (tick) await scheduler.tick();
        depths = await queueDepths(!tick);
        const idle =
          Object.values(depths).every((n) => n === 0) &&
          lambda.running === 0 &&
          lambda.pendingAsync === 0 &&
          eventBus.pending === 0 &&
          pollers.every((p) => !p.busy);
        quietChecks = idle ? quietChecks + 1 : 0;
        if (quietChecks >= (tick ? 2 : 3)) return { drained: true, queues: depths };
        await new Promise((r) => setTimeout(r, 25));
      }
      return { drained: false, queues: depths };
    };
    const drain = (timeoutMs = 60_000) => quiet(timeoutMs, true);

    const issuer = createLocalIssuer({ keys, portalUrl: () => urls.portal });
    const local: LocalRouteHandler = async (req, body) => {
      const signIn = await issuer(req, body);
      if (signIn) return signIn;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parse = (): Record<string, unknown> | undefined => {
        try {
          const v: unknown = JSON.parse(body.toString('utf8') || '{}');
          return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
        } catch {
          return undefined;
        }
      };
      const bad = (en: string, vi: string) => ({ status: 400, body: { error: { code: 'validation_failed', vi, en } } });
      if (url.pathname === '/_local/clock' && req.method === 'GET') return { status: 200, body: { now: clock.now().toISOString() } };
      if (url.pathname === '/_local/clock' && req.method === 'POST') {
        const b = parse();
        if (b && typeof b.set === 'string' && !Number.isNaN(Date.parse(b.set)) && /^\d{4}-\d{2}-\d{2}T/.test(b.set)) {
          clock.set(new Date(b.set));
        } else if (b && typeof b.advance === 'string' && parseDuration(b.advance) !== undefined) {
          clock.advance(parseDuration(b.advance)!);
        } else {
          return bad(
            'Send {"set": "<ISO 8601 date-time>"} or {"advance": "<ISO 8601 duration, e.g. P3D>"}.',
            'Gửi {"set": "<thời điểm ISO 8601>"} hoặc {"advance": "<khoảng thời gian ISO 8601, ví dụ P3D>"}.',
          );
        }
        await scheduler.tick();
        return { status: 200, body: { now: clock.now().toISOString() } };
      }
      const run = /^\/_local\/schedules\/([\w-]+)\/run$/.exec(url.pathname);
      if (run && req.method === 'POST') {
        const name = run[1]!;
        if (!scheduler.names().includes(name))
          return {
            status: 404,
            body: { error: { code: 'not_found', en: `No schedule ${name}; known: ${scheduler.names().join(', ') || 'none'}`, vi: `Không có lịch ${name}.` } },
          };
        return { status: 200, body: { schedule: name, result: (await scheduler.run(name)) ?? null } };
      }
      if (url.pathname === '/_local/drain' && req.method === 'POST') {
        const r = await drain();
        return { status: r.drained ? 200 : 503, body: r };
      }
      if (url.pathname === '/_local/events' && req.method === 'GET') return { status: 200, body: { items: eventBus.recent } };
      return undefined;
    };

    const server: http.Server = createApiServer({
      lambda,
      keys,
      clock: clock.now,
      local,
      onError,
      corsOrigin: () => new URL(env.APP_URL ?? urls.portal).origin,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports.api, '127.0.0.1', () => resolve());
    });
    started.push({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });

    if (opts.portal) {
      await portalBuilt;
      const config: PortalConfig = {
        apiUrl: urls.api,
        auth: {
          authorizeUrl: urls.api + OAUTH_PATHS.authorize,
          tokenUrl: urls.api + OAUTH_PATHS.token,
          logoutUrl: urls.api + OAUTH_PATHS.logout,
          clientId: LOCAL_CLIENT_ID,
        },
        environment: 'local',
      };
      const portal = createPortalServer(portalDir, () => config);
      await new Promise<void>((resolve, reject) => {
        portal.once('error', reject);
        portal.listen(ports.portal, '127.0.0.1', () => resolve());
      });
      started.push({ stop: () => new Promise<void>((resolve) => (portal.closeAllConnections(), portal.close(() => resolve()))) });
    }

    return {
      urls,
      env,
      clock,
      keys,
      lambda,
      bus: eventBus,
      scheduler,
      queues: queueUrls,
      failedRunsUrl,
      sqs,
      drain,
      sentEmails,
      tableDenials: gate.denied,
      apiAddress: () => (server.address() as AddressInfo).address,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** SDK middleware on the handlers' SQS clients that tells a queue's poller of a visibility a handler set. */
function watchVisibility(pollers: QueuePoller[]) {
  return (client: ServiceClient, service: ServiceName): void => {
    if (service !== 'sqs') return;
    type Entry = { ReceiptHandle?: string; VisibilityTimeout?: number };
    const stack = client.middlewareStack as unknown as { add(mw: unknown, opts: { step: string; name: string }): void };
    stack.add(
      (next: (a: { input: Entry & { QueueUrl?: string; Entries?: Entry[] } }) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: { input: Entry & { QueueUrl?: string; Entries?: Entry[] } }) => {
          const out = await next(args);
          if (context.commandName === 'ChangeMessageVisibilityCommand' || context.commandName === 'ChangeMessageVisibilityBatchCommand') {
            const poller = pollers.find((p) => p.urls.url === args.input.QueueUrl);
            for (const e of args.input.Entries ?? [args.input]) {
              if (poller && e.ReceiptHandle && e.VisibilityTimeout !== undefined) poller.visibilityChanged(e.ReceiptHandle, e.VisibilityTimeout);
            }
          }
          return out;
        },
      { step: 'initialize', name: 'localVisibilityWatch' },
    );
  };
}
