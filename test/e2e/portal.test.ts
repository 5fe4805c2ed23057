import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, checkA11y, shoot } from '../support/browser';
import { eventually, startTestSystem } from '../support/local';

/**
 * The portal in a real browser (Chromium from @sparticuz/chromium, driven by playwright-core)
 * against the whole local system: an agency opens a task from the link of an email it received,
 * signs in on the way, reports progress and sees it in the history; a bad input is refused next to
 * its field and what was typed stays; a vice-chair approves an extension and the deadline moves.
 * Each page is checked with axe-core (no serious or critical violation) and photographed at phone
 * and desktop width (DONDOC_SCREENSHOT_DIR, default a folder in the system's temp directory).
 */
type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
const people = browsers();
const SO_TC = 'vanthu@sotc.ha-noi.example';

interface StoredEmail {
  subject: string;
  destination: { to: string[] };
  body: { html: string };
}
const inbox = async (): Promise<StoredEmail[]> => ((await (await fetch(`${sys.urls.inbox}/store`)).json()) as { emails: StoredEmail[] }).emails;

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true, portal: true });
}, 180_000);
afterAll(async () => {
  await people.closeAll();
  await sys?.cleanup();
});

describe('the portal', () => {
  let taskLink = '';
  let taskId = '';

  it('serves the app, its /config.json, and every email link path as the app', async () => {
    const cfg = (await (await fetch(`${sys.urls.portal}/config.json`)).json()) as { apiUrl: string; auth: { clientId: string } };
    expect(cfg.apiUrl).toBe(sys.urls.api);
    const page = await fetch(`${sys.urls.portal}/tasks/NV-02`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    // A path that is not valid percent-encoding is a 400, and the server goes on.
    const { port } = new URL(sys.urls.portal);
    const status = await new Promise<number>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port, path: '/tasks/NV-%E0%A4%A' }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject),
    );
    expect(status).toBe(400);
    // Nothing outside the build is served.
    const outside = await fetch(`${sys.urls.portal}/assets/%2e%2e/%2e%2e/package.json`);
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('dondoc');
    // The first page a phone loads stays small: its JavaScript under 150 KB gzip.
    const html = await (await fetch(`${sys.urls.portal}/`)).text();
    const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    let gz = 0;
    for (const src of scripts) gz += gzipSync(Buffer.from(await (await fetch(`${sys.urls.portal}${src}`)).arrayBuffer()), { level: 9 }).length;
    expect(gz).toBeLessThan(150 * 1024);
    // The API answers CORS for the portal's origin only.
    const pre = (origin: string) =>
      fetch(`${sys.urls.api}/tasks/NV-02/updates`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await pre(sys.urls.portal)).headers.get('access-control-allow-origin')).toBe(sys.urls.portal);
    expect((await pre('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the local issuer: PKCE required and checked, returns only to the portal, /_local/login only to a portal path', async () => {
    const { createHash } = await import('node:crypto');
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = `${sys.urls.portal}/auth/callback`;
    const authorize = (q: Record<string, string>) =>
      fetch(`${sys.urls.api}/_local/oauth2/authorize?${new URLSearchParams(q).toString()}`, { redirect: 'manual' });
    const base = {
      response_type: 'code',
      client_id: 'dondoc-local-client',
      redirect_uri: redirect,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    expect((await authorize(base)).status).toBe(200);
    expect((await authorize({ ...base, redirect_uri: 'https://elsewhere.example/cb' })).status).toBe(400);
    expect((await authorize({ ...base, code_challenge_method: 'plain' })).status).toBe(400);
    const signIn = await fetch(`${sys.urls.api}/_local/oauth2/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...base, user: 'agency:SO-TC:' }),
    });
    expect(signIn.status).toBe(302);
    const code = new URL(signIn.headers.get('location')!).searchParams.get('code')!;
    const exchange = (v: string) =>
      fetch(`${sys.urls.api}/_local/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'dondoc-local-client', code, redirect_uri: redirect, code_verifier: v }),
      });
    // A wrong verifier spends the code: it cannot be tried again with the right one.
    expect((await exchange('w'.repeat(50))).status).toBe(400);
    expect((await exchange(verifier)).status).toBe(400);
    const login = (q: string) => fetch(`${sys.urls.api}/_local/login?${q}`, { redirect: 'manual' });
    expect((await login('role=agency&agency=SO-TC&next=//elsewhere.example/')).status).toBe(400);
    expect((await login('role=agency&agency=NO-SUCH&next=/')).status).toBe(400);
    const ok = await login(`role=office&next=${encodeURIComponent('/tasks/NV-02')}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe(`${sys.urls.portal}/tasks/NV-02`);
  });

  it("an agency opens a task from its email's link, signs in on the way, and lands on the task", async () => {
    // Monday 8/9/2025, 07:30 in Hanoi: the deadline run reminds the Department of Finance of NV-02 (due 15/9/2025).
    sys.clock.set(new Date('2025-09-08T00:30:00Z'));
    await fetch(`${sys.urls.api}/_local/schedules/deadline-daily/run`, { method: 'POST' });
    const mail = await eventually(
      async () => (await inbox()).find((m) => m.destination.to.join(',').includes(SO_TC) && /href="[^"]*\/tasks\/NV-02"/.test(m.body.html)),
      30_000,
    );
    taskLink = /href="([^"]*\/tasks\/[^"]+)"/.exec(mail.body.html)![1]!.replace(/&amp;/g, '&');
    expect(taskLink.startsWith(`${sys.urls.portal}/tasks/`)).toBe(true);
    taskId = decodeURIComponent(taskLink.split('/tasks/')[1]!);

    const page = await people.page();
    await page.goto(taskLink);
    // Signed out: the issuer's sign-in page lists the plan's users.
    await page.getByRole('button', { name: /Sở Tài chính/ }).waitFor();
    await checkA11y(page, 'sign-in page');
    await shoot(page, 'sign-in');
    await page.getByRole('button', { name: /Sở Tài chính/ }).click();
    await page.locator('h1#h-task').waitFor();
    expect(page.url()).toBe(taskLink);
    expect(await page.locator('h1#h-task').textContent()).toContain(taskId);
    // The token is in memory only.
    expect(await page.evaluate('JSON.stringify(localStorage)')).toBe('{}');
    await checkA11y(page, 'task page');

    // A bad input: the API's reason next to the field, and what was typed is kept.
    await page.getByLabel('Tiến độ (%)').fill('140');
    await page.getByLabel('Nội dung báo cáo').fill('Đã trình UBND Thành phố dự thảo kịch bản');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const error = page.locator('#r-progress-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Không được lớn hơn 100');
    expect(await page.getByLabel('Tiến độ (%)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Nội dung báo cáo').inputValue()).toBe('Đã trình UBND Thành phố dự thảo kịch bản');
    await shoot(page, 'task-field-error');

    // The connection lost as the report is sent: said so, and everything typed is still there.
    await page.getByLabel('Tiến độ (%)').fill('60');
    await page.route('**/tasks/*/updates', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('.problem').filter({ hasText: 'Mất kết nối' }).waitFor();
    expect(await page.getByLabel('Tiến độ (%)').inputValue()).toBe('60');
    expect(await page.getByLabel('Nội dung báo cáo').inputValue()).toBe('Đã trình UBND Thành phố dự thảo kịch bản');
    await page.unroute('**/tasks/*/updates');

    // Progress with evidence; it shows in the history.
    await page.getByLabel('Số văn bản').fill('123/STC-KH');
    await page.getByLabel('Ngày văn bản').fill('05/09/2025');
    // The lead says which co-operating agency it waits on.
    await page.getByLabel('Đang chờ cơ quan phối hợp').selectOption('THONG-KE');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo' }).waitFor();
    await page.locator('.history').getByText('Báo cáo tiến độ: 60%').waitFor({ timeout: 20_000 });
    expect(await page.locator('.history').textContent()).toContain('Văn bản số 123/STC-KH, ngày 05/09/2025');
    expect(await page.locator('.history').textContent()).toContain('đang chờ Thống kê Thành phố Hà Nội phối hợp');
    expect(await page.getByLabel('Tiến độ (%)').inputValue()).toBe('');

    // An extension request, for the vice-chair to decide.
    await page.getByRole('button', { name: 'Đề nghị gia hạn' }).click();
    await page.getByLabel('Thời hạn đề nghị').fill('31/12/2027');
    await page.getByLabel('Lý do').fill('Chờ số liệu chính thức của Thống kê');
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi đề nghị gia hạn' }).waitFor();
    await page.locator('#h-pending').waitFor({ timeout: 20_000 });
    await shoot(page, 'agency-task');

    // The agency's list: its tasks, overdue first.
    await page.getByRole('link', { name: '← Danh sách' }).click();
    await page.locator('h1#h-tasks').waitFor();
    await page.locator('.task').first().waitFor();
    const statuses = await page.locator('.task .badge').allTextContents();
    const overdue = statuses.filter((x) => x === 'Quá hạn chưa hoàn thành').length;
    expect(statuses.slice(0, overdue).every((x) => x === 'Quá hạn chưa hoàn thành')).toBe(true);
    expect(statuses.length).toBeGreaterThan(1);
    await checkA11y(page, 'agency list');
    await shoot(page, 'agency-list');

    // A co-operating agency (Sở Công Thương on NV-02) may add a note, not progress.
    await page.goto(`${sys.urls.api}/_local/login?role=agency&agency=SO-CT&next=${encodeURIComponent('/tasks/NV-02')}`);
    await page.locator('#h-report').waitFor();
    expect(await page.locator('#h-report').textContent()).toBe('Gửi ý kiến phối hợp');
    expect(await page.getByLabel('Tiến độ (%)').count()).toBe(0);
    await page.getByLabel('Nội dung báo cáo').fill('Đã cung cấp số liệu thương mại quý III');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.locator('.history').getByText('Đã cung cấp số liệu thương mại quý III').waitFor({ timeout: 20_000 });
  }, 180_000);

  it('a vice-chair signs in through /_local/login, sees the request on the dashboard and approves it: the deadline moves', async () => {
    expect(taskId).not.toBe('');
    // The request's email to the supervising vice-chair links to the task's page.
    const asked = await eventually(async () => (await inbox()).find((m) => m.destination.to.join(',').includes('pct1@') && m.body.html.includes('31/12/2027')));
    expect(asked.body.html).toContain(`href="${sys.urls.portal}/tasks/${taskId}"`);
    const page = await people.page();

    // Another vice-chair may not decide: the 403 says who may.
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-2&next=${encodeURIComponent(`/tasks/${taskId}`)}`);
    await page.locator('#h-pending').waitFor();
    await page.getByRole('button', { name: 'Phê duyệt gia hạn' }).click();
    const refused = page.locator('.problem').filter({ hasText: 'Không có quyền thực hiện' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Chỉ Phó Chủ tịch phụ trách, Chủ tịch hoặc Văn phòng UBND được quyết định gia hạn.');
    await shoot(page, 'leader-forbidden');

    // SO-TC's field (kinh-te) is PCT-1's.
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-1&next=/`);
    await page.locator('h1#h-dash').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/`);
    const request = page.locator('.requests li').filter({ hasText: taskId });
    await request.waitFor();
    expect(await request.textContent()).toContain('31/12/2027');
    expect(await request.textContent()).toContain('Chờ số liệu chính thức của Thống kê');
    await checkA11y(page, 'dashboard');
    await shoot(page, 'leader-dashboard');
    await request.getByRole('link', { name: 'Xem và quyết định' }).click();
    await page.locator('#h-pending').waitFor();
    await page.getByLabel('Ý kiến (lý do quyết định)').fill('Đồng ý gia hạn');
    await checkA11y(page, 'decision');
    await page.getByRole('button', { name: 'Phê duyệt gia hạn' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã phê duyệt gia hạn' }).waitFor();
    await page.locator('.facts').getByText('gia hạn đến 31/12/2027').waitFor({ timeout: 20_000 });
    expect(await page.locator('#h-pending').count()).toBe(0);
    await shoot(page, 'leader-decided');
    expect(await page.locator('.history').textContent()).toContain('Phê duyệt gia hạn đến 31/12/2027: Đồng ý gia hạn');
  }, 180_000);

  it("a leader's weekly digest and an indicator alert open from their emails' links (a new tab signs in again without asking)", async () => {
    await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' });
    const digest = await eventually(
      async () => (await inbox()).find((m) => m.destination.to.join(',').includes('pct1@') && m.body.html.includes('/digests/preview')),
      30_000,
    );
    const digestLink = /href="([^"]*\/digests\/preview[^"]*)"/.exec(digest.body.html)![1]!.replace(/&amp;/g, '&');
    expect(digestLink.startsWith(`${sys.urls.portal}/digests/preview?recipient=PCT-1&week=`)).toBe(true);
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-1&next=/`);
    await page.locator('h1#h-dash').waitFor();
    // A link opened anew loads the portal again: the issuer's session signs it in without a click.
    await page.goto(digestLink);
    await page.locator('iframe.digest').waitFor();
    expect(page.url()).toBe(digestLink);
    await checkA11y(page, 'digest');
    await shoot(page, 'leader-digest');

    const alert = await eventually(async () => (await inbox()).find((m) => /href="[^"]*\/indicators\//.test(m.body.html)));
    const indicatorLink = /href="([^"]*\/indicators\/[^"]+)"/.exec(alert.body.html)![1]!;
    expect(indicatorLink.startsWith(`${sys.urls.portal}/indicators/`)).toBe(true);
    await page.goto(indicatorLink);
    await page.locator('h1#h-ind').waitFor();
    expect(await page.locator('h1#h-ind').textContent()).toContain(decodeURIComponent(indicatorLink.split('/indicators/')[1]!));
    await checkA11y(page, 'indicator');
    await shoot(page, 'indicator');
  }, 180_000);
});
