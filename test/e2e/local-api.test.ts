import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../support/local';

/**
 * The local API is a local API: it answers on the loopback address only (its /_local routes have
 * no authentication), and a request API Gateway would refuse as malformed gets a 400, not a 500.
 */
type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
let token: string;

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true });
  token = await sys.token({ role: 'agency', agency: 'SO-TC' });
});
afterAll(async () => sys?.cleanup());

/** A raw request: fetch would normalise a malformed path before sending it. */
function raw(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(sys.urls.api);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the local API', () => {
  it('listens on the loopback address only', () => {
    const address = sys.apiAddress();
    expect(address).toBe('127.0.0.1');
  });

  it.each([
    ['a path that is not valid percent-encoding', '/tasks/NV-%E0%A4%A'],
    ['a path with a stray percent sign', '/tasks/NV-01%'],
    ['a query value that is not valid percent-encoding', '/tasks?agency=%ZZ'],
    ['a query key that is not valid percent-encoding', '/tasks?%C3%28=1'],
  ])('answers 400 to %s, as API Gateway does', async (_what, path) => {
    const res = await raw(path);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ message: 'Bad Request' });
  });

  it('still decodes well-formed percent-encoding', async () => {
    expect((await raw('/tasks/NV%2D01')).status).toBe(200);
    expect((await raw('/tasks?agency=SO%2DTC&limit=1')).status).toBe(200);
  });

  it('throttles as API Gateway does: a burst of imports beyond 10 gets 429 before the function runs', async () => {
    const office = await sys.token({ role: 'office', agency: 'VP-UBND' });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${sys.urls.api}/indicators/values:import`, {
          method: 'POST',
          headers: { authorization: `Bearer ${office}`, 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.status),
      ),
    );
    // Answered (400: the body names no CSV) up to the burst and what refilled meanwhile; the rest refused.
    expect(statuses.every((s) => s === 400 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
  });
});
