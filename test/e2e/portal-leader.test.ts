import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, checkA11y, fitsPhone, shoot } from '../support/browser';
import { loadPlanSigned20Sep2025, startTestSystem } from '../support/local';

/**
 * The leader's pages in a real browser against the whole local system, on a small plan whose
 * counts are worked out by hand (as in test/integration/dashboard.test.ts): signed 20/9/2025,
 * today Monday 13/10/2025, a week ago Monday 6/10/2025.
 *
 *   NV-01  Sở Tài chính (kinh-te, PCT-1)  due 15/10/2025   open
 *   NV-02  Sở Tài chính (kinh-te, PCT-1)  due 3/10/2025    completed by a document of 8/10: late
 *   NV-03  Sở Tài chính (kinh-te, PCT-1)  "Năm 2026"        open
 *   NV-04  Sở Xây dựng (do-thi, PCT-2)    due 30/9/2025    open, overdue
 *
 * The vice-chair for kinh-te (PCT-1) sees: overdue 0, one fewer than on 6/10 (NV-02 was overdue
 * then); completed late 1, one more; in progress 2, unchanged. CT-01 (kinh-te) has 5.0% for the
 * third quarter against a planned 8.8%: red.
 */
const TASKS = [
  'id,group,title,deliverable,lead_agency,co_agencies,deadline,field',
  'NV-01,1,Xây dựng Đề án trung tâm tài chính,Đề án,SO-TC,THONG-KE,15/10/2025,',
  'NV-02,1,Kịch bản tăng trưởng theo quý,Kế hoạch,SO-TC,,3/10/2025,',
  'NV-03,1,Kế hoạch phát triển kinh tế - xã hội 5 năm,Kế hoạch,SO-TC,,Năm 2026,',
  'NV-04,2,Rà soát quy hoạch phân khu,Báo cáo,SO-XD,,30/9/2025,',
].join('\n');

let sys: Awaited<ReturnType<typeof startTestSystem>>;
const people = browsers();

async function post(path: string, token: string, body: unknown) {
  const res = await fetch(sys.urls.api + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false, portal: true });
  sys.clock.set(new Date('2025-09-20T03:00:00Z'));
  await loadPlanSigned20Sep2025(TASKS);
  sys.clock.set(new Date('2025-10-13T01:00:00Z')); // Monday 13/10/2025, 08:00 in Hanoi
  const lead = await sys.token({ role: 'agency', agency: 'SO-TC' });
  await post('/tasks/NV-02/updates', lead, {
    progress: 100,
    note: 'Đã ban hành kịch bản',
    evidence: { documentNumber: '12/KH-STC', documentDate: '8/10/2025' },
  });
  const stats = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
  await post('/indicators/CT-01/values', stats, { period: '2025-Q3', value: 5, unit: '%', revision: 'official', source: 'Cục Thống kê' });
  expect((await sys.drain()).drained).toBe(true);
  // This Monday's digests, sent.
  expect((await fetch(`${sys.urls.api}/_local/schedules/digest-weekly/run`, { method: 'POST' })).status).toBe(200);
  expect((await sys.drain()).drained).toBe(true);
}, 180_000);
afterAll(async () => {
  await people.closeAll();
  await sys?.cleanup();
});

describe("the leader's pages", () => {
  it('a vice-chair sees each count with its change since last week, and an indicator by its colour with its chart', async () => {
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-1&next=/`);
    await page.locator('h1#h-dash').waitFor();
    const count = (status: string) => page.locator(`.counts li[data-status="${status}"]`);
    await count('overdue').waitFor();
    expect(await count('overdue').locator('.n').textContent()).toBe('0');
    expect(await count('overdue').locator('.chg').textContent()).toBe('−1 so với tuần trước');
    expect(await count('completed_late').locator('.n').textContent()).toBe('1');
    expect(await count('completed_late').locator('.chg').textContent()).toBe('+1 so với tuần trước');
    expect(await count('in_progress').locator('.n').textContent()).toBe('2');
    expect(await count('in_progress').locator('.chg').textContent()).toBe('không đổi so với tuần trước');
    expect(await page.locator('#counts-note').textContent()).toContain('So với ngày 06/10/2025');

    // CT-01 is red, with its figures, its reason and its chart; it links to its page.
    const ct01 = page.locator('section[aria-labelledby="h-rag-red"] [data-indicator="CT-01"]');
    await ct01.waitFor();
    expect(await ct01.textContent()).toContain('Chậm so với lộ trình');
    expect(await ct01.textContent()).toContain('5%');
    expect(await ct01.textContent()).toContain('8,8%');
    expect(await ct01.locator('svg[role="img"]').count()).toBe(1);
    // Only the vice-chair's fields: no task of Sở Xây dựng.
    expect(await page.locator('main').textContent()).not.toContain('NV-04');
    await checkA11y(page, 'dashboard with change and indicators');
    await fitsPhone(page, 'dashboard');
    await shoot(page, 'leader-dashboard-change');

    await ct01.getByRole('link', { name: /CT-01/ }).click();
    await page.locator('h1#h-ind').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/indicators/CT-01`);
  }, 180_000);

  it('opens a digest from the archive as it was sent, with its workbook; a week not sent shows the preview', async () => {
    const page = await people.page({ acceptDownloads: true });
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-1&next=/`);
    await page.locator('h1#h-dash').waitFor();
    await page.getByRole('link', { name: 'Báo cáo tuần đã gửi' }).click();
    await page.locator('h1#h-digests').waitFor();
    const first = page.locator('.digests li').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('Tuần 42/2025: 13/10/2025 – 19/10/2025');
    expect(await first.textContent()).toContain('Đã gửi');
    await checkA11y(page, 'digest archive');
    await fitsPhone(page, 'digest archive');
    await shoot(page, 'leader-digests');

    await first.getByRole('link').click();
    await page.locator('[data-archived]').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/digests/preview?recipient=PCT-1&week=2025-W42`);
    expect(await page.locator('[data-archived]').textContent()).toContain('Đã gửi lúc');
    const frame = page.frameLocator('iframe.digest');
    await frame.locator('body').getByText('Báo cáo tuần', { exact: false }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng tính (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-tuan-2025-W42-PCT-1.xlsx');
    await checkA11y(page, 'digest as sent');
    await fitsPhone(page, 'digest as sent');
    await shoot(page, 'leader-digest-sent');

    // The email's link for a week with nothing sent yet: the preview, said to be one.
    await page.goto(`${sys.urls.portal}/digests/preview?recipient=PCT-1&week=2025-W43`);
    await page.locator('iframe.digest').waitFor();
    expect(await page.locator('main').textContent()).toContain('đây là bản xem trước');
    expect(await page.locator('[data-archived]').count()).toBe(0);
  }, 180_000);

  it("the office picks whose archive to read; another vice-chair may not read this one's", async () => {
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=office&next=/digests`);
    await page.locator('h1#h-digests').waitFor();
    await page.getByLabel('Người nhận').selectOption('PCT-2');
    await page.locator('.lead').filter({ hasText: 'Lê Văn Cường' }).waitFor();
    expect(await page.locator('.digests li').first().textContent()).toContain('Tuần 42/2025');
    await checkA11y(page, 'office digest archive');
    await shoot(page, 'office-digests');

    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-2&next=${encodeURIComponent('/digests/preview?recipient=PCT-1&week=2025-W42')}`);
    const refused = page.locator('.problem').filter({ hasText: 'Không có quyền thực hiện' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Chỉ Văn phòng UBND hoặc chính lãnh đạo nhận báo cáo được xem báo cáo tuần đã gửi.');
  }, 180_000);
});
