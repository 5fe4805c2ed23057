import http from 'node:http';
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
