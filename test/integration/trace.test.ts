import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../support/local';

/**
 * An engineer on call follows one request through the logs: every function that handled it, up
 * to the email it caused, logs a JSON line with the same correlation id.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
const lines: Array<Record<string, unknown>> = [];
const write = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);

/** Keeps the JSON log lines (not echoed); anything else goes through. */
function capture(chunk: unknown): boolean {
  const text = String(chunk);
  if (!text.startsWith('{')) return false;
  for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
  return true;
}

beforeAll(async () => {
  // The handlers load on first use and read the level then.
  process.env.LOG_LEVEL = 'info';
  sys = await startTestSystem();
  await sys.drain();
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => capture(chunk) || write(chunk as string, ...(rest as []))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => capture(chunk) || writeErr(chunk as string, ...(rest as []))) as typeof process.stderr.write;
});
afterAll(async () => {
  process.stdout.write = write;
  process.stderr.write = writeErr;
  await sys?.cleanup();
});

async function post(path: string, token: string, body: unknown, correlationId: string) {
  const res = await fetch(sys.urls.api + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-correlation-id': correlationId },
    body: JSON.stringify(body),
  });
  return res.status;
}

const trail = (id: string) => lines.filter((l) => l.correlationId === id).map((l) => `${String(l.fn)}: ${String(l.msg)}`);

describe('a correlation id follows a request to the email it caused', () => {
  it('from an indicator value posted to the API, through the queue and the alert, to the mailer', async () => {
    const stats = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
    // CT-32 (a rate that should fall; amber in the sample) jumps: it turns red and an alert goes out.
    expect(
      await post('/indicators/CT-32/values', stats, { period: '2026-Q1', value: 9.9, unit: '%', revision: 'estimated', source: 'Ước tính' }, 'trace-value-1'),
    ).toBe(202);
    await sys.drain();
    const t = trail('trace-value-1');
    expect(t).toContain('api: indicator value accepted');
    expect(t).toContain('indicator: indicator alerts queued');
    expect(t).toContain('mailer: email processed');
    for (const l of lines.filter((x) => x.correlationId === 'trace-value-1')) expect(l).toMatchObject({ level: expect.any(String), time: expect.any(String) });
  });

  it('from an extension request to the email the office receives', async () => {
    const tasks = (await (
      await fetch(`${sys.urls.api}/tasks?limit=50`, { headers: { authorization: `Bearer ${await sys.token({ role: 'office' })}` } })
    ).json()) as {
      items: Array<{ id: string; leadAgency: string; deadline: { kind: string } }>;
    };
    const task = tasks.items.find((x) => x.deadline.kind !== 'recurring')!;
    const lead = await sys.token({ role: 'agency', agency: task.leadAgency });
    expect(await post(`/tasks/${task.id}/extension-requests`, lead, { proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến Bộ' }, 'trace-ext-1')).toBe(201);
    await sys.drain();
    expect(trail('trace-ext-1')).toEqual(expect.arrayContaining(['api: extension requested', 'mailer: email processed']));
  });
});
