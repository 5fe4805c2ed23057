import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { ValidationError } from '../../shared/domain/errors';
import { readPlanDir } from '../../shared/io/plan-files';
import { PlanImportError, parsePlan } from '../../shared/io/plan-import';
import { filesToWorkbook, parsePlanWorkbook } from '../../shared/io/plan-xlsx';

const files = readPlanDir(SAMPLE_PLAN_DIR);

async function edit(fn: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await filesToWorkbook(files)) as unknown as ArrayBuffer);
  fn(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('a plan as one workbook', () => {
  it('reads back the same plan as the CSV folder it was exported from', async () => {
    expect(await parsePlanWorkbook(await filesToWorkbook(files))).toEqual(parsePlan(files));
  });

  it('takes a deadline typed as an Excel date, and ignores sheets of its own', async () => {
    const buf = await edit((wb) => {
      const tasks = wb.getWorksheet('tasks')!;
      const col = (tasks.getRow(1).values as string[]).indexOf('deadline');
      tasks.getRow(2).getCell(col).value = new Date(Date.UTC(2025, 8, 30));
      wb.addWorksheet('Hướng dẫn').addRow(['Ghi chú của Văn phòng']);
    });
    const plan = await parsePlanWorkbook(buf);
    expect(plan.tasks[0]!.deadline).toMatchObject({ kind: 'date', dueDate: '2025-09-30' });
  });

  it('names the workbook, sheet, line and column of each error, and imports nothing', async () => {
    const buf = await edit((wb) => {
      const tasks = wb.getWorksheet('tasks')!;
      const col = (tasks.getRow(1).values as string[]).indexOf('lead_agency');
      tasks.getRow(5).getCell(col).value = 'SO-KHONG-CO';
    });
    const err = await parsePlanWorkbook(buf, 'ke-hoach.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanImportError);
    expect((err as PlanImportError).issues).toContainEqual(expect.objectContaining({ file: 'ke-hoach.xlsx [tasks]', line: 5, field: 'lead_agency' }));
  });

  it("reads the indicators sheet's weights, ceiling, threshold unit and co-operating agencies, and names a bad one by sheet, line and column", async () => {
    const good = await parsePlanWorkbook(await filesToWorkbook(files));
    expect(good.indicators.find((i) => i.id === 'CT-01')).toMatchObject({ weights: [23, 24, 25, 28], ceiling: 12 });
    expect(good.indicators.find((i) => i.id === 'CT-08')).toMatchObject({ coAgencies: ['THONG-KE'] });
    expect(good.indicators.find((i) => i.id === 'CT-32')!.thresholds).toEqual({ amber: 0.05, red: 0.2, unit: 'points' });
    const buf = await edit((wb) => {
      const sheet = wb.getWorksheet('indicators')!;
      const header = sheet.getRow(1).values as string[];
      sheet.getRow(2).getCell(header.indexOf('weights')).value = '23;24;25'; // CT-01 on line 2
      sheet.getRow(3).getCell(header.indexOf('threshold_unit')).value = 'phần trăm';
    });
    const err = await parsePlanWorkbook(buf, 'ke-hoach.xlsx').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanImportError);
    const issues = (err as PlanImportError).issues;
    expect(issues).toContainEqual(
      expect.objectContaining({ file: 'ke-hoach.xlsx [indicators]', line: 2, field: 'weights', vi: expect.stringContaining('Cần 4 trọng số') }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ file: 'ke-hoach.xlsx [indicators]', line: 3, field: 'threshold_unit' }));
  });

  it('refuses a file that is not a workbook with a clear message', async () => {
    await expect(parsePlanWorkbook(Buffer.from('not a spreadsheet'))).rejects.toBeInstanceOf(ValidationError);
  });
});
