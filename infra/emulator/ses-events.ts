import http from 'node:http';
import { CLAIM_LEASE_MS } from '../../shared/data/ledger';
import type { AddressInfo } from 'node:net';

export interface SentEmail {
  messageId: string;
  from?: string;
  destination: { ToAddresses?: string[]; CcAddresses?: string[] };
  tags: Record<string, string[]>;
}

/**
 * SES's event publishing, for the local SES stand-in: the SES API goes through this pass-through
 * server, and each email the stand-in accepts is reported with its message id and tags, as a
 * configuration set's event destination reports a Send to EventBridge. Everything else (the web
 * inbox, /store) stays on the stand-in's own port.
 */
export async function startSesEvents(sesPort: number, onSent: (e: SentEmail) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = http.request(
        { host: '127.0.0.1', port: sesPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${sesPort}` } },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const payload = Buffer.concat(out);
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(payload);
            if (req.method === 'POST' && req.url === '/v2/email/outbound-emails' && up.statusCode === 200) report(body, payload, onSent);
          });
        },
      );
      upstream.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: e.message }));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

function report(request: Buffer, response: Buffer, onSent: (e: SentEmail) => void): void {
  try {
    const req = JSON.parse(request.toString('utf8')) as {
      FromEmailAddress?: string;
      Destination?: SentEmail['destination'];
      EmailTags?: Array<{ Name: string; Value: string }>;
    };
    const { MessageId } = JSON.parse(response.toString('utf8')) as { MessageId?: string };
    if (!MessageId) return;
    const tags: Record<string, string[]> = {};
    for (const t of req.EmailTags ?? []) (tags[t.Name] ??= []).push(t.Value);
    onSent({ messageId: MessageId, ...(req.FromEmailAddress ? { from: req.FromEmailAddress } : {}), destination: req.Destination ?? {}, tags });
  } catch {
    // not a JSON exchange: nothing to report
  }
}

/** SES's mailbox simulator: mail to these addresses is accepted, then bounces or draws a complaint. */
const SIMULATOR = { bounce: 'bounce@simulator.amazonses.com', complaint: 'complaint@simulator.amazonses.com' };

interface EventSink {
  put(entry: { Source: string; DetailType: string; EventBusName: string; Detail: string }): unknown;
}

/**
 * What a configuration set's event destination puts on the default bus for each email SES took:
 * a Send event, and, for the mailbox simulator's addresses, a Bounce or a Complaint. Faults (the
 * soak) may hold a Send event back until the claim's lease has run out, releasing held events in
 * reverse order when the local clock passes that point (so later events overtake them, and a
 * Bounce comes before its Send), or drop it.
 */
export class LocalSesEvents {
  private held: Array<{ due: number; entry: Parameters<EventSink['put']>[0] }> = [];

  constructor(
    private readonly bus: EventSink,
    private readonly now: () => Date,
    private readonly fault?: (tags: Record<string, string[]>) => 'late' | 'lost' | undefined,
  ) {}

  sent(e: SentEmail): void {
    const at = this.now();
    const destination = [...(e.destination.ToAddresses ?? []), ...(e.destination.CcAddresses ?? [])];
    const mail = { timestamp: at.toISOString(), source: e.from, messageId: e.messageId, destination, tags: e.tags };
    const send = { Source: 'aws.ses', DetailType: 'Email Sent', EventBusName: 'default', Detail: JSON.stringify({ eventType: 'Send', mail, send: {} }) };
    const fault = this.fault?.(e.tags);
    if (fault === 'late') this.held.push({ due: at.getTime() + CLAIM_LEASE_MS + 60_000, entry: send });
    else if (!fault) this.bus.put(send);
    const simulated = (a: string) => destination.some((d) => d.toLowerCase() === a);
    if (simulated(SIMULATOR.bounce)) {
      const bounce = {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: SIMULATOR.bounce, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: at.toISOString(),
      };
      this.bus.put({ Source: 'aws.ses', DetailType: 'Email Bounced', EventBusName: 'default', Detail: JSON.stringify({ eventType: 'Bounce', mail, bounce }) });
    }
    if (simulated(SIMULATOR.complaint)) {
      const complaint = { complainedRecipients: [{ emailAddress: SIMULATOR.complaint }], timestamp: at.toISOString() };
      this.bus.put({
        Source: 'aws.ses',
        DetailType: 'Email Complaint Received',
        EventBusName: 'default',
        Detail: JSON.stringify({ eventType: 'Complaint', mail, complaint }),
      });
    }
  }

  /** Puts the held events whose time has come on the bus, the latest first. */
  release(): void {
    const t = this.now().getTime();
    const due = this.held.filter((h) => h.due <= t);
    if (!due.length) return;
    this.held = this.held.filter((h) => h.due > t);
    for (const h of due.reverse()) this.bus.put(h.entry);
  }
}
