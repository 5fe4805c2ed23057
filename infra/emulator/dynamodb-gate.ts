/**
 * IAM in front of DynamoDB Local: every request passes through here, and a request made by a
 * function (named by the emulator's SDK middleware, see grants.ts) is checked against that
 * function's table grants first. A refused request gets what AWS answers, a 400 with an
 * AccessDeniedException naming the action and the resource, and never reaches DynamoDB Local;
 * the rest are forwarded byte for byte (DynamoDB's CRC32 of the answer included).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTION_HEADER, authorize, type Decision } from './grants';

export interface DynamoDbGate {
  port: number;
  /** Requests refused so far, for the logs and tests. */
  denied: Array<{ fn: string; action: string; resource: string }>;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

export async function startDynamoDbGate(
  upstreamPort: number,
  port: number,
  opts: { decide?: (fn: string, operation: string, body: Record<string, unknown>) => Decision; onDenied?: (d: Decision & { fn: string }) => void } = {},
): Promise<DynamoDbGate> {
  const decide = opts.decide ?? authorize;
  const agent = new http.Agent({ keepAlive: true });
  const denied: DynamoDbGate['denied'] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (k !== FUNCTION_HEADER && !HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    headers['content-length'] = body.length;
    const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent }, (answer) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    // DynamoDB Local unreachable: the caller sees a dropped connection, as it would without the gate.
    up.on('error', () => req.socket.destroy());
    up.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fn = req.headers[FUNCTION_HEADER];
      if (typeof fn === 'string' && fn) {
        const operation = String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop()!;
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          parsed = {};
        }
        const decision = decide(fn, operation, parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
        if (!decision.allowed) {
          denied.push({ fn, action: decision.action, resource: decision.resource });
          opts.onDenied?.({ ...decision, fn });
          const answer = JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: decision.message });
          res.writeHead(400, {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(answer),
            'x-amzn-requestid': randomUUID(),
          });
          res.end(answer);
          return;
        }
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    denied,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
