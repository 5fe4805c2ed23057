import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { bus, eventTriggers, rules } from '../topology';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './config';
import type { LocalLambda } from './lambda';
import { matches } from './pattern';

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number;
}

export type BusEvent = EventBridgeEvent<string, unknown> & { 'event-bus-name': string };

/**
 * EventBridge in-process: an endpoint that speaks PutEvents (AWS JSON 1.1), so handlers publish
 * with the real SDK, and rules from the topology that deliver matching events to their targets.
 */
export class LocalEventBus {
  readonly recent: BusEvent[] = [];
  private server?: http.Server;
  pending = 0;

  constructor(
    private readonly lambda: LocalLambda,
    private readonly clock: () => Date,
    private readonly onError: (e: unknown) => void,
    /** Delivers an event to a queue target (SQS SendMessage with the event as the body). */
    private readonly toQueue: (queue: string, body: string) => Promise<void>,
  ) {}

  async listen(port: number): Promise<number> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as { port: number }).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'AWSEvents.PutEvents') return reply(400, { __type: 'UnknownOperationException', message: `${target} is not supported locally` });
    let body: { Entries?: PutEventsEntry[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(400, { __type: 'ValidationException', message: 'Malformed JSON' });
    }
    const entries = body.Entries ?? [];
    if (entries.length < 1 || entries.length > 10) return reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 events' });
    const results = entries.map((e) => this.put(e));
    reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
  }

  /** Accepts one entry as EventBridge does, then delivers it to matching rules' targets. */
  put(e: PutEventsEntry): { EventId: string } | { ErrorCode: string; ErrorMessage: string } {
    let detail: unknown;
    try {
      detail = JSON.parse(e.Detail ?? '');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
    }
    if (!e.Source || !e.DetailType || !detail || typeof detail !== 'object') {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and a JSON object Detail are required' };
    }
    // The app's bus, or the account's default bus (where AWS services such as SES publish).
    const busName = e.EventBusName ?? 'default';
    if (busName !== bus.name && busName !== 'default') return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `No bus ${busName}` };
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': e.DetailType,
      source: e.Source,
      account: LOCAL_ACCOUNT,
      time: (e.Time ? new Date(e.Time) : this.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: e.Resources ?? [],
      detail,
      'event-bus-name': busName,
    };
    this.recent.push(event);
    if (this.recent.length > 1000) this.recent.shift();
    for (const { fn, trigger } of eventTriggers()) {
      if ((trigger.bus ?? bus.name) !== busName || !matches(trigger.pattern, event as unknown as Record<string, unknown>)) continue;
      // A rule invokes its function asynchronously: Lambda's retries, then the failed-runs queue.
      this.pending++;
      this.lambda
        .invokeAsync(fn.name, event)
        .catch(this.onError)
        .finally(() => this.pending--);
    }
    for (const rule of rules) {
      if (busName !== bus.name || !matches(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      this.pending++;
      this.toQueue(rule.queue, JSON.stringify(event))
        .catch(this.onError)
        .finally(() => this.pending--);
    }
    return { EventId: event.id };
  }
}
