import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ValidationError, issue } from '../domain/errors';
import { PLAN_FILES, PlanImportError, parsePlan } from './plan-import';
import type { Plan } from '../domain/plan';

/**
 * A plan as one spreadsheet: a sheet per CSV table (sheet `tasks` holds what `tasks.csv` holds),
 * the header in the first row. The workbook is turned into the same CSV tables, so it is checked
 * by the same rules; errors name the workbook and the sheet instead of the file.
 */
const SHEETS = Object.keys(PLAN_FILES).map((f) => f.replace(/\.csv$/, ''));

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    // A date typed into a deadline cell: write it as officials do, d/m/yyyy.
    return `${v.getUTCDate()}/${v.getUTCMonth() + 1}/${v.getUTCFullYear()}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The workbook's sheets as CSV texts keyed like the plan folder's files. */
export async function workbookToFiles(buffer: Buffer, name = 'plan.xlsx'): Promise<Record<string, string>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError([issue(name, 'Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.', 'The file is not a valid Excel workbook (.xlsx).')]);
  }
  const files: Record<string, string> = {};
  wb.eachSheet((sheet) => {
    const key = sheet.name
      .trim()
      .toLowerCase()
      .replace(/\.csv$/, '');
    if (!SHEETS.includes(key)) return; // notes, instructions: other sheets are the office's own
    const lines: string[] = [];
    const width = sheet.getRow(1).cellCount;
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(csvCell(cellText(row.getCell(c).value)));
      lines.push(cells.join(','));
    });
    files[`${key}.csv`] = lines.join('\n') + '\n';
  });
  return files;
}

/** Names a workbook's sheet in the errors of a plan read from it. */
export function inWorkbook(e: PlanImportError, name: string): PlanImportError {
  return new PlanImportError(e.issues.map((i) => ({ ...i, file: `${name} [${i.file.replace(/\.csv$/, '')}]` })));
}

/** Reads and checks a plan given as a workbook; errors name the workbook and sheet. */
export async function parsePlanWorkbook(buffer: Buffer, name = 'plan.xlsx'): Promise<Plan> {
  const files = await workbookToFiles(buffer, name);
  try {
    return parsePlan(files);
  } catch (e) {
    throw e instanceof PlanImportError ? inWorkbook(e, name) : e;
  }
}

/** The plan folder's CSV tables as one workbook, for an office to fill in and import back. */
export async function filesToWorkbook(files: Record<string, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [file, text] of Object.entries(files)) {
    const sheet = wb.addWorksheet(file.replace(/\.csv$/, ''));
    for (const row of parse(text, { bom: true, relax_column_count: true }) as string[][]) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
