import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../support/local';

let sys: Awaited<ReturnType<typeof startTestSystem>>;
interface Stored {
  subject: string;
  destination: { to: string[] };
  body: { html?: string; text?: string };
  attachments?: Array<{ filename: string; contentType?: string; size?: number }>;
}
const inbox = async () => ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: Stored[] }).emails;

beforeAll(async () => {
  sys = await startTestSystem();
  expect((await sys.drain()).drained).toBe(true);
  sys.clock.set(new Date('2025-10-06T01:00:00Z')); // Monday 6/10/2025, 08:00 in Hanoi
});
afterAll(async () => sys?.cleanup());

describe('the weekly digest on the local stand-ins', () => {
  it('sends one email per leader per week, with the workbook attached, however often it is triggered', async () => {
    const before = (await inbox()).length;
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' })).status).toBe(200);
    }
    expect((await sys.drain()).drained).toBe(true);
    const digests = (await inbox()).slice(before).filter((m) => /Báo cáo tuần/.test(m.subject));
    const to = digests.flatMap((m) => m.destination.to).sort();
    // The chair, five vice-chairs and the city office: seven leaders, one email each.
    expect(to).toHaveLength(7);
    expect(new Set(to).size).toBe(7);
    for (const m of digests) {
      expect(m.attachments?.map((a) => a.filename)).toEqual([expect.stringMatching(/\.xlsx$/)]);
      expect(m.body.html).not.toMatch(/<script|<img|<link|src=|url\(/i);
    }
  });

  it('previews a digest as HTML for the office, and for a leader only their own', async () => {
    const office = await sys.token({ role: 'office' });
    const own = await sys.token({ role: 'leader', leader: 'PCT-1' });
    const agency = await sys.token({ role: 'agency', agency: 'SO-TC' });
    const get = (q: string, t: string) => fetch(`${sys.urls.api}/digests/preview?${q}`, { headers: { authorization: `Bearer ${t}` } });
    const r = await get('recipient=PCT-1&week=2025-W41', office);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(await r.text()).toContain('</html>');
    expect((await get('recipient=PCT-1&week=2025-W41', own)).status).toBe(200);
    expect((await get('recipient=CT&week=2025-W41', own)).status).toBe(403);
    expect((await get('recipient=PCT-1&week=2025-W41', agency)).status).toBe(403);
    expect((await get('recipient=PCT-1&week=2025-41', office)).status).toBe(400);
    expect((await get('recipient=NOBODY&week=2025-W41', office)).status).toBe(404);
  });
});
