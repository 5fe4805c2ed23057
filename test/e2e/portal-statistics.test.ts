import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, checkA11y, fitsPhone, shoot } from '../support/browser';
import { startTestSystem } from '../support/local';

/**
 * The portal's indicator pages in a real browser against the whole local system: the statistics
 * office lands on the list of indicators, reports a value typed with a decimal comma and sees it on
 * the indicator once processed; a bad value is refused next to its field; a period that already
 * has its 12 values is a 409 said plainly; a CSV with a bad row lists the row by line and column
 * and stores nothing, a good one is taken whole; an agency reports a value for an indicator it
 * answers for, and gets no form for another agency's. Each page is checked with axe-core and
 * photographed at phone and desktop width.
 */
type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
const people = browsers();

interface Detail {
  values: Array<{ period: string; value: number; revisions: Array<{ value: number }> }>;
}
async function indicator(id: string): Promise<Detail> {
  const token = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
  return (await (await fetch(`${sys.urls.api}/indicators/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Detail;
}

const login = (q: string, next: string) => `${sys.urls.api}/_local/login?${q}&next=${encodeURIComponent(next)}`;

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true, portal: true });
}, 180_000);
afterAll(async () => {
  await people.closeAll();
  await sys?.cleanup();
});

describe('the portal for indicators', () => {
  it('statistics lands on the indicators, reports a value with a decimal comma, and sees it once processed; a bad value and a full period are refused plainly', async () => {
    const page = await people.page();
    await page.goto(login('role=statistics', '/'));
    await page.locator('h1#h-inds').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/`);
    const card = page.locator('#ind-CT-01');
    await card.waitFor();
    expect(await card.textContent()).toContain('Sở Tài chính');
    await checkA11y(page, 'indicators list');
    await shoot(page, 'statistics-indicators');

    await card.getByText('Nhập số liệu CT-01').click();
    await card.getByLabel('Kỳ báo cáo').fill('2026-Q1');
    await card.getByLabel('Giá trị (%)').fill('6,1');
    await card.getByLabel('Mức số liệu').selectOption({ label: 'Chính thức' });
    await card.getByLabel('Nguồn số liệu').fill('Báo cáo số 12/BC-TK');
    await checkA11y(page, 'value form');
    await card.getByRole('button', { name: 'Gửi số liệu' }).click();
    const ok = card.getByRole('status').filter({ hasText: 'Đã nhận giá trị 6,1% kỳ Quý I/2026 (Chính thức)' });
    await ok.waitFor();
    expect(await ok.textContent()).toContain('xử lý trong giây lát');
    expect((await sys.drain()).drained).toBe(true);
    expect((await indicator('CT-01')).values.find((v) => v.period === '2026-Q1')).toMatchObject({ value: 6.1 });
    await shoot(page, 'statistics-value-sent');

    // The indicator's page shows it among the values reported, with a decimal comma.
    await card.getByRole('link', { name: /CT-01/ }).click();
    await page.locator('h1#h-ind').waitFor();
    const values = page.locator('table.values');
    await values.getByText('Quý I/2026').waitFor();
    expect(await values.textContent()).toContain('6,1%');

    // A value that is not a number: the API's reason next to the field, what was typed kept.
    await page.getByLabel('Kỳ báo cáo').fill('2026-Q2');
    await page.getByLabel('Giá trị (%)').fill('sáu phẩy một');
    await page.getByLabel('Nguồn số liệu').fill('Ước tính nhanh');
    await page.getByRole('button', { name: 'Gửi số liệu' }).click();
    const error = page.locator('#v-CT-01-value-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('không phải là số');
    // The reason agrees with the field's hint: a decimal comma is how the portal (and the API) read it.
    expect(await error.textContent()).toContain('dấu phẩy thập phân (6,1)');
    expect(await page.getByLabel('Giá trị (%)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Giá trị (%)').inputValue()).toBe('sáu phẩy một');
    expect(await page.getByLabel('Nguồn số liệu').inputValue()).toBe('Ước tính nhanh');
    await checkA11y(page, 'indicator page with a field error');
    await fitsPhone(page, 'indicator page');
    await shoot(page, 'statistics-value-error');

    // A period that already holds 12 different values: the 409 said plainly.
    const token = await sys.token({ role: 'statistics', agency: 'THONG-KE' });
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${sys.urls.api}/indicators/CT-01/values`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ period: '2026-Q2', value: 5 + i / 10, revision: 'estimated', source: 'Ước tính' }),
      });
      expect(r.status).toBe(202);
      expect((await sys.drain()).drained).toBe(true);
    }
    await page.getByLabel('Giá trị (%)').fill('7,2');
    await page.getByRole('button', { name: 'Gửi số liệu' }).click();
    await page.locator('#v-CT-01-period-error').waitFor();
    expect(await page.locator('#v-CT-01-period-error').textContent()).toContain('đã có 12 giá trị khác nhau');
    expect(await page.locator('.problem').textContent()).toContain('Kỳ báo cáo đã có quá nhiều giá trị.');
    expect(await page.getByLabel('Giá trị (%)').inputValue()).toBe('7,2');
    await shoot(page, 'statistics-value-409');
    await page.reload();
    await page.locator('table.values').getByText('Quý II/2026').first().waitFor({ timeout: 20_000 });
    await checkA11y(page, 'indicator page');
    await shoot(page, 'statistics-indicator');
  }, 240_000);

  it('statistics uploads a CSV: a bad row is listed by line and column and nothing is stored; a good file is taken whole', async () => {
    const page = await people.page();
    await page.goto(login('role=statistics', '/'));
    await page.locator('#h-upload').waitFor();
    // The template is made in the browser: the header and one example row.
    const href = await page.getByRole('link', { name: 'Tải tệp mẫu' }).getAttribute('href');
    const template = decodeURIComponent(href!.split(',').slice(1).join(','));
    expect(template.split('\r\n')[0]).toBe('indicator,period,value,unit,revision,source');
    expect(template.split('\r\n')[1]).toMatch(/^CT-01,\d{4}-Q[1-4],6\.1,%,preliminary,/);

    const header = 'indicator,period,value,unit,revision,source';
    const bad = `\uFEFF${header}\nCT-04,2026-Q1,120.5,nghìn tỷ đồng,preliminary,Báo cáo nhanh\nCT-04,2026-Q2,abc,nghìn tỷ đồng,preliminary,Báo cáo nhanh\n`;
    await page.getByLabel('Tệp CSV', { exact: true }).setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const row = page.locator('table.issues tbody tr');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['3', 'value']);
    expect(cells[2]).toContain('không phải là số');
    expect(await page.locator('#tai-len .problem').textContent()).toContain('không số liệu nào được nhận');
    await checkA11y(page, 'upload with errors');
    await fitsPhone(page, 'upload with errors');
    await shoot(page, 'statistics-upload-error');
    expect((await sys.drain()).drained).toBe(true);
    expect((await indicator('CT-04')).values.some((v) => v.period === '2026-Q1')).toBe(false);

    const good = `${header}\nCT-04,2026-Q1,120.5,nghìn tỷ đồng,preliminary,Báo cáo nhanh\nCT-04,2026-Q2,250,nghìn tỷ đồng,estimated,Báo cáo nhanh\n`;
    await page.getByLabel('Tệp CSV', { exact: true }).setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã nhận 2 dòng số liệu' }).waitFor();
    expect(await page.locator('table.issues').count()).toBe(0);
    expect((await sys.drain()).drained).toBe(true);
    const ct04 = await indicator('CT-04');
    expect(ct04.values.find((v) => v.period === '2026-Q1')).toMatchObject({ value: 120.5 });
    expect(ct04.values.find((v) => v.period === '2026-Q2')).toMatchObject({ value: 250 });
    await shoot(page, 'statistics-upload-ok');

    // A row for a period that already holds 12 values (CT-01 2026-Q2, filled by the first test): the 409, with the period named.
    const full = `${header}\nCT-01,2026-Q2,9.9,%,official,Báo cáo chính thức\n`;
    await page.getByLabel('Tệp CSV', { exact: true }).setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(full, 'utf8') });
    await page.getByRole('button', { name: 'Tải lên' }).click();
    const refused = page.locator('#tai-len .problem');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Chỉ tiêu CT-01 kỳ 2026-Q2 đã có 12 giá trị khác nhau');
  }, 180_000);

  it('an agency reports a value for an indicator it answers for, and has no form on another agency’s', async () => {
    const page = await people.page();
    // CT-06 (export turnover) is the Department of Industry and Trade's; CT-09 too, CT-01 is Finance's.
    await page.goto(login('role=agency&agency=SO-CT', '/indicators/CT-06'));
    await page.locator('h1#h-ind').waitFor();
    await page.locator('#h-value').waitFor();
    await page.getByLabel('Kỳ báo cáo').fill('2026-Q1');
    await page.getByLabel('Giá trị (tỷ USD)').fill('5,75');
    await page.getByLabel('Mức số liệu').selectOption({ label: 'Ước tính' });
    await page.getByLabel('Nguồn số liệu').fill('Sở Công Thương ước tính');
    await page.getByRole('button', { name: 'Gửi số liệu' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã nhận giá trị 5,75 tỷ USD' }).waitFor();
    expect((await sys.drain()).drained).toBe(true);
    await page.locator('table.values').getByText('Quý I/2026').waitFor({ timeout: 20_000 });
    expect(await page.locator('table.values').textContent()).toContain('5,75 tỷ USD');
    await checkA11y(page, 'agency indicator page');
    await shoot(page, 'agency-indicator');

    // The header's link lists every indicator; the form only on the agency's own.
    await page.getByRole('navigation', { name: 'Trang chính' }).getByRole('link', { name: 'Chỉ tiêu' }).click();
    await page.locator('h1#h-inds').waitFor();
    await page.locator('#ind-CT-06').getByText('Nhập số liệu CT-06').waitFor();
    expect(await page.locator('#ind-CT-01 details').count()).toBe(0);
    expect(await page.locator('#h-upload').count()).toBe(0);
    await page.locator('#ind-CT-01').getByRole('link', { name: /CT-01/ }).click();
    await page.locator('h1#h-ind').waitFor();
    expect(await page.locator('#h-value').count()).toBe(0);

    // The agency's own page lists the indicators it answers for, each opening its form.
    await page.getByRole('link', { name: 'Đôn đốc nhiệm vụ' }).click();
    await page.locator('h1#h-tasks').waitFor();
    const own = page.locator('section[aria-labelledby="h-own-inds"]');
    await own.getByRole('link', { name: /CT-06/ }).waitFor();
    expect(await own.getByRole('link', { name: /CT-01/ }).count()).toBe(0);
    await checkA11y(page, 'agency list with its indicators');
    await own.getByRole('link', { name: /CT-06/ }).click();
    await page.locator('#h-value').waitFor();
  }, 180_000);
});
