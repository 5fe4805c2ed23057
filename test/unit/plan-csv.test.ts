import { describe, expect, it } from 'vitest';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { planToFiles, workbookName } from '../../shared/io/plan-csv';
import { filesToWorkbook, parsePlanWorkbook } from '../../shared/io/plan-xlsx';

const sample = parsePlan(readPlanDir('shared/samples/plan'));

describe('a plan written back as its tables', () => {
  it('reads back as the same plan', () => {
    expect(parsePlan(planToFiles(sample))).toEqual(sample);
  });

  it('keeps thresholds, commas, quotes and line breaks', () => {
    const plan = structuredClone(sample);
    plan.indicators[0]!.thresholds = { amber: 0.02, red: 0.1 };
    plan.tasks[0]!.title = 'Một "tiêu đề", có dấu phẩy\nvà xuống dòng';
    expect(parsePlan(planToFiles(plan))).toEqual(plan);
  });

  it('reads back from a workbook', async () => {
    const book = await filesToWorkbook(planToFiles(sample));
    expect(await parsePlanWorkbook(book, 'ke-hoach.xlsx')).toEqual(sample);
  });

  it('names the workbook after the plan code', () => {
    expect(workbookName('08/CTr-UBND')).toBe('ke-hoach-08-CTr-UBND.xlsx');
    expect(workbookName('///')).toBe('ke-hoach-plan.xlsx');
  });
});
