import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browsers, checkA11y, shoot } from '../support/browser';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import type { Plan } from '../../shared/domain/plan';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { filesToWorkbook, parsePlanWorkbook } from '../../shared/io/plan-xlsx';
import { startTestSystem } from '../support/local';

/**
 * The city office's plan page in a real browser, against the whole local system: a CSV set with
 * one bad cell is refused, the error naming the file, the line and the column, and nothing
 * changes; the sample workbook is imported; the plan is exported and the workbook downloaded
 * reads back as the same plan. Other roles see no link to the page, and the API's 403 says who may.
 * Pages are checked with axe-core and photographed at phone and desktop width
 * (DONDOC_SCREENSHOT_DIR, default a folder in the system's temp directory).
 */
type Sys = Awaited<ReturnType<typeof startTestSystem>>;
let sys: Sys;
const people = browsers();

/** A plan with its lists in one order (the store keeps agencies, leaders and indicators by key). */
function sorted(p: Plan): Plan {
  const by =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b), 'en', { numeric: true });
  return {
    ...p,
    groups: [...p.groups].sort((a, b) => a.group - b.group),
    leaders: [...p.leaders].sort(by((l) => l.id)),
    agencies: [...p.agencies].sort(by((a) => a.code)),
    tasks: [...p.tasks].sort(by((t) => t.id)),
    indicators: [...p.indicators].sort(by((i) => i.id)),
  };
}

const sample = readPlanDir(SAMPLE_PLAN_DIR);

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: true, portal: true });
}, 180_000);
afterAll(async () => {
  await people.closeAll();
  await sys?.cleanup();
});

describe("the city office's plan page", () => {
  it('a CSV set with a bad deadline is refused by file, line and column, and nothing changes; the workbook is imported; the export reads back', async () => {
    const token = await sys.token({ role: 'office' });
    const deadlineOf = async (id: string) =>
      ((await (await fetch(`${sys.urls.api}/tasks/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { deadline: { text: string } })
        .deadline.text;
    const before = await deadlineOf('NV-02');

    const page = await people.page({ acceptDownloads: true });
    await page.goto(`${sys.urls.api}/_local/login?role=office&next=/`);
    await page.locator('h1#h-dash').waitFor();
    // The office reaches the page from the header and from the dashboard.
    expect(await page.locator('header').getByRole('link', { name: 'Kế hoạch' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Kế hoạch: nạp và tải về' }).click();
    await page.locator('h1#h-plan').waitFor();
    expect(page.url()).toBe(`${sys.urls.portal}/plan`);
    await checkA11y(page, 'plan page');
    await shoot(page, 'office-plan');

    // One bad cell: NV-02's deadline on 31 February.
    const lines = sample['tasks.csv']!.split('\n');
    const row = lines.findIndex((l) => l.startsWith('NV-02,'));
    lines[row] = lines[row]!.replace(',15/9/2025,', ',31/2/2026,');
    const files = { ...sample, 'tasks.csv': lines.join('\n') };
    await page.setInputFiles(
      '#plan-files',
      Object.entries(files).map(([name, text]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })),
    );
    await page.getByRole('button', { name: 'Kiểm tra và nạp' }).click();
    await page.locator('#h-issues').waitFor({ timeout: 30_000 });
    expect(await page.locator('#h-issues').textContent()).toContain('1 lỗi');
    expect(await page.locator('.issues tbody tr').count()).toBe(1);
    const cells = await page.locator('.issues tbody tr td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['tasks.csv', String(row + 1), 'deadline']);
    expect(cells[3]).toContain('31/2/2026');
    expect(await page.locator('.problem').textContent()).toContain('Không có dữ liệu nào được ghi');
    await checkA11y(page, 'plan import errors');
    await shoot(page, 'office-plan-errors');
    expect(await deadlineOf('NV-02')).toBe(before);

    // A file too large for one request is refused before anything is sent.
    await page.setInputFiles('#plan-files', { name: 'lon.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5_000_000) });
    await page.getByRole('button', { name: 'Kiểm tra và nạp' }).click();
    await page.locator('.problem').filter({ hasText: 'Tệp quá lớn' }).waitFor();

    // The sample plan as one workbook: imported, with what was imported.
    const book = await filesToWorkbook(sample);
    await page.setInputFiles('#plan-files', {
      name: 'ke-hoach.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: book,
    });
    await page.getByRole('button', { name: 'Kiểm tra và nạp' }).click();
    const plan = parsePlan(sample);
    const ok = page.getByRole('status').filter({ hasText: 'Đã nạp kế hoạch' });
    await ok.waitFor({ timeout: 60_000 });
    expect(await ok.textContent()).toContain(`${plan.meta.code}: ${plan.tasks.length} nhiệm vụ, ${plan.indicators.length} chỉ tiêu`);
    await checkA11y(page, 'plan imported');
    await shoot(page, 'office-plan-imported');

    // The export: a workbook named after the plan, reading back as the same plan.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng tính (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('ke-hoach-08-CTr-UBND.xlsx');
    const saved = fs.readFileSync(await download.path());
    expect(sorted(await parsePlanWorkbook(saved, download.suggestedFilename()))).toEqual(sorted(plan));
  }, 240_000);

  it('another role sees no link to the page, and the API refuses it with the sentence saying who may', async () => {
    const page = await people.page({ acceptDownloads: true });
    await page.goto(`${sys.urls.api}/_local/login?role=leader&leader=PCT-1&next=/`);
    await page.locator('h1#h-dash').waitFor();
    expect(await page.getByRole('link', { name: 'Kế hoạch', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Kế hoạch: nạp và tải về' }).count()).toBe(0);
    await page.goto(`${sys.urls.portal}/plan`);
    await page.locator('h1#h-plan').waitFor();
    await page.getByRole('button', { name: 'Tải bảng tính (.xlsx)' }).click();
    const refused = page.locator('.problem').filter({ hasText: 'Không có quyền thực hiện' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Chỉ Văn phòng UBND được tải kế hoạch về.');
  }, 120_000);
});
