import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMail, writeMail } from '../../shared/data/ledger';
import { enqueueMail } from '../../shared/mail/outbox';
import { browsers, checkA11y, fitsPhone, shoot } from '../support/browser';
import { startTestSystem } from '../support/local';

/**
 * The city office's delivery and calendar pages in a real browser, against the whole local
 * system: an email the mailer could not send is listed with its task, its recipient and the
 * reason, and a message in the email queue's DLQ shows as its depth; on the calendar the office
 * is refused a day off on a Saturday (the API's reason under the date), adds a day off and
 * removes it, the list changing each time. An agency reads the calendar without the controls and
 * is refused the delivery page. Pages are checked with axe-core and photographed at phone and
 * desktop width (DONDOC_SCREENSHOT_DIR, default a folder in the system's temp directory).
 */
type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
const people = browsers();

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true, portal: true });
  expect((await sys.drain()).drained).toBe(true);
}, 180_000);
afterAll(async () => {
  await people.closeAll();
  await sys?.cleanup();
});

describe("the city office's delivery page", () => {
  it('lists an email that could not be sent, with its task, recipient and reason, and the depth of a DLQ holding a message', async () => {
    // A notice to an address the mailer cannot send to: failed by the mailer itself.
    const key = 'notice#NV-02#v0#overdue-1';
    await writeMail(
      key,
      { to: ['vanthu@sotc'], cc: [], subject: 'Đôn đốc nhiệm vụ NV-02 (thử)', html: '<p>x</p>', text: 'x', taskId: 'NV-02', rule: 'overdue-1' },
      sys.clock.now().toISOString(),
    );
    await enqueueMail([key]);
    expect((await sys.drain()).drained).toBe(true);
    expect(await getMail(key)).toMatchObject({ state: 'failed' });
    await sys.sqs.send(new SendMessageCommand({ QueueUrl: sys.queues.email.dlqUrl, MessageBody: JSON.stringify({ key: 'notice#NV-03#v0#lost' }) }));

    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=office&next=/`);
    await page.locator('h1#h-dash').waitFor();
    await page.getByRole('link', { name: 'Tình trạng gửi thư' }).click();
    await page.locator('h1#h-delivery').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/delivery`);
    const card = page.locator('li.mail').filter({ hasText: 'Đôn đốc nhiệm vụ NV-02 (thử)' });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Không gửi được');
    expect(text).toContain('vanthu@sotc');
    expect(text).toContain('Đôn đốc lần 1 (quá hạn)');
    expect(text).toContain('not a valid email address');
    expect(await card.getByRole('link', { name: 'Nhiệm vụ NV-02' }).getAttribute('href')).toBe('/tasks/NV-02');
    // The email queue's DLQ: one message, with what to do; the others empty.
    const dlq = page.locator('li.queue').filter({ hasText: 'email-dlq' });
    expect(await dlq.textContent()).toContain('1 tin đang chờ');
    expect(await dlq.locator('code').allTextContents()).toContain('npm run dlq -- redrive email');
    expect(await page.locator('li.queue').filter({ hasText: 'task-updates-dlq' }).textContent()).toContain('trống');
    expect(await page.locator('#h-queues').textContent()).toContain('1 tin đang chờ');
    await checkA11y(page, 'delivery page');
    await fitsPhone(page, 'delivery page');
    await shoot(page, 'office-delivery');

    // The task link opens the task.
    await card.getByRole('link', { name: 'Nhiệm vụ NV-02' }).click();
    await page.waitForURL(`${sys.urls.portal}/tasks/NV-02`);
  }, 180_000);

  it('is refused to an agency, with the sentence saying who may, and not linked for it', async () => {
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=agency&agency=SO-TC&next=/delivery`);
    const refused = page.locator('.problem').filter({ hasText: 'Không có quyền thực hiện' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Chỉ Văn phòng UBND được xem tình trạng gửi thư.');
    expect(await page.getByRole('link', { name: 'Tình trạng gửi thư' }).count()).toBe(0);
  }, 120_000);
});

describe('the calendar of days off and make-up working days', () => {
  it('the office adds a day off (a Saturday refused, the reason under the date) and removes it, and the list changes each time', async () => {
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=office&next=/`);
    await page.locator('h1#h-dash').waitFor();
    await page.locator('main').getByRole('link', { name: 'Lịch nghỉ, làm bù' }).click();
    await page.locator('h1#h-calendar').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/calendar`);

    // 2026 is announced: Friday 2/1/2026 off in exchange for Saturday 10/1 (Công văn 12729/VPCP-KGVX).
    await page.selectOption('#cal-year', '2026');
    await page.locator('.year-status').filter({ hasText: 'Năm 2026: đã công bố' }).waitFor();
    const rows2026 = await page.locator('table.days tbody tr').allTextContents();
    expect(rows2026.some((r) => r.includes('Thứ Sáu, 02/01/2026') && r.includes('Ngày nghỉ'))).toBe(true);
    expect(rows2026.some((r) => r.includes('Thứ Bảy, 10/01/2026') && r.includes('Ngày làm bù'))).toBe(true);
    await checkA11y(page, 'calendar 2026');
    await fitsPhone(page, 'calendar 2026');
    await shoot(page, 'office-calendar');

    // 2031: past the bundled calendar, nothing recorded: projected, weekends only.
    await page.selectOption('#cal-year', '2031');
    await page.locator('.year-status.projected').filter({ hasText: 'Năm 2031: dự kiến, chưa được công bố' }).waitFor();
    expect(await page.locator('table.days').count()).toBe(0);
    await checkA11y(page, 'calendar 2031, projected');
    await shoot(page, 'office-calendar-projected');

    // Saturday 4/1/2031 as a day off: refused, the API's reason under the date, what was typed kept.
    await page.fill('#cal-date', '4/1/2031');
    await page.selectOption('#cal-kind', 'day-off');
    await page.fill('#cal-name', 'Ngày nghỉ thử');
    await page.fill('#cal-source', 'Thông báo thử 01/TB');
    await page.getByRole('button', { name: 'Ghi vào lịch' }).click();
    const dateError = page.locator('#cal-date-error');
    await dateError.waitFor();
    expect(await dateError.textContent()).toContain('Thứ Bảy');
    expect(await page.locator('#cal-date').getAttribute('aria-invalid')).toBe('true');
    expect(await page.inputValue('#cal-name')).toBe('Ngày nghỉ thử');
    await checkA11y(page, 'calendar field error');
    await shoot(page, 'office-calendar-error');

    // Monday 6/1/2031: recorded and listed; the year now counts as announced.
    await page.fill('#cal-date', '06/01/2031');
    await page.getByRole('button', { name: 'Ghi vào lịch' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi ngày nghỉ Thứ Hai, 06/01/2031' }).waitFor();
    const row = page.locator('table.days tbody tr').filter({ hasText: 'Thứ Hai, 06/01/2031' });
    await row.waitFor();
    expect(await page.locator('table.days tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('Ngày nghỉ thử');
    expect(await row.textContent()).toContain('Thông báo thử 01/TB');
    await page.locator('.year-status').filter({ hasText: 'Năm 2031: đã công bố' }).waitFor();
    expect(await page.locator('#cal-date-error').count()).toBe(0);
    expect(await page.inputValue('#cal-name')).toBe('');
    await checkA11y(page, 'calendar day added');
    await shoot(page, 'office-calendar-added');

    // Removed: gone from the list.
    await row.getByRole('button', { name: 'Xóa ngày 06/01/2031' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã xóa Thứ Hai, 06/01/2031' }).waitFor();
    await page.getByText('Không có ngày nào.').waitFor();
    expect(await page.locator('table.days').count()).toBe(0);
  }, 240_000);

  it('an agency reads the calendar without the controls', async () => {
    const page = await people.page();
    await page.goto(`${sys.urls.api}/_local/login?role=agency&agency=SO-TC&next=/`);
    await page.locator('header').getByRole('link', { name: 'Lịch nghỉ' }).click();
    await page.locator('h1#h-calendar').waitFor();
    await page.selectOption('#cal-year', '2026');
    await page.locator('table.days tbody tr').filter({ hasText: 'Thứ Sáu, 02/01/2026' }).waitFor();
    expect(await page.getByRole('button', { name: 'Ghi vào lịch' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Xóa' }).count()).toBe(0);
    expect(await page.locator('#cal-date').count()).toBe(0);
  }, 120_000);
});
