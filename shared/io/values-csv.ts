import { ValidationError, quoted } from '../domain/errors';
import type { IndicatorDef } from '../domain/plan';
import { REVISION_VI } from '../domain/indicators';
import { nfc, validateValue, type ValueRecord, type ValueYears } from '../domain/values';
import { PlanImportError, readCsv, type ImportIssue } from './plan-import';

export const VALUE_COLUMNS = ['indicator', 'period', 'value', 'unit', 'revision', 'source'] as const;

/** Rows of figures one upload may hold: every indicator's every period and stage fits in far fewer. */
export const MAX_VALUE_ROWS = 5000;
/** Problems reported before checking stops: enough to fix a file, and a bad 6 MB file stays quick. */
const MAX_ISSUES = 500;

/**
 * Reads a bulk upload of figures: a CSV with the header `indicator,period,value,unit,revision,source`
 * (any column order). Every row goes through {@link validateValue}; duplicate rows (same indicator,
 * period, revision and value) and conflicting rows (same indicator, period and revision with a
 * different value: which one counts would be arbitrary) are reported too. Throws a PlanImportError
 * listing every problem with file, line and column; returns nothing unless the whole file is valid.
 */
export function parseValuesCsv(file: string, text: string, defs: IndicatorDef[], opts: ValueYears): ValueRecord[] {
  const issues: ImportIssue[] = [];
  const fail = (line: number, field: string, vi: string, en: string) => issues.push({ file, line, field, vi, en });

  // Read at most one record past the limit, and no record longer than any real row can be: a
  // 6 MB upload must be answered well within the API's timeout, whatever it holds.
  const records = readCsv(file, text, MAX_VALUE_ROWS + 2);
  if (!Array.isArray(records)) throw new PlanImportError([records]);
  const [header, ...rows] = records;
  if (!header) {
    fail(1, '(header)', 'Tệp trống.', 'The file is empty.');
    throw new PlanImportError(issues);
  }
  const columns = header.record.map((c) => nfc(c));
  const expected: readonly string[] = VALUE_COLUMNS;
  for (const c of expected.filter((c) => !columns.includes(c))) fail(1, c, 'Thiếu cột này.', 'Column missing.');
  for (const c of columns.filter((c) => !expected.includes(c)))
    fail(1, c ? quoted(c) : '""', c ? 'Cột không được biết đến.' : 'Cột không có tên.', c ? 'Unknown column.' : 'A column has no name.');
  if (issues.length) throw new PlanImportError(issues);
  if (!rows.length) {
    fail(2, '(row)', 'Tệp không có dòng số liệu nào.', 'The file has no rows of figures.');
    throw new PlanImportError(issues);
  }
  if (rows.length > MAX_VALUE_ROWS) {
    fail(
      rows.at(-1)!.info.lines,
      '(row)',
      `Tệp có hơn ${MAX_VALUE_ROWS} dòng số liệu; chia thành nhiều tệp.`,
      `The file has more than ${MAX_VALUE_ROWS} rows of figures; split it into several files.`,
    );
    throw new PlanImportError(issues);
  }

  const out: ValueRecord[] = [];
  const seen = new Map<string, { line: number; value: number }>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (issues.length >= MAX_ISSUES) {
      fail(line, '(row)', `Đã dừng kiểm tra từ dòng này: quá ${MAX_ISSUES} lỗi.`, `Checking stopped at this line: more than ${MAX_ISSUES} problems.`);
      break;
    }
    if (record.length !== columns.length) {
      fail(line, '(row)', `Dòng có ${record.length} cột, tiêu đề có ${columns.length}.`, `Row has ${record.length} columns, the header ${columns.length}.`);
      continue;
    }
    const rec: Record<string, string> = {};
    columns.forEach((c, i) => (rec[c] = record[i] ?? ''));
    let v: ValueRecord;
    try {
      v = validateValue(
        {
          indicatorId: rec.indicator ?? '',
          period: rec.period ?? '',
          value: rec.value ?? '',
          unit: rec.unit ?? '',
          revision: rec.revision ?? '',
          source: rec.source ?? '',
        },
        defs,
        opts,
      );
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const i of e.issues) fail(line, i.field, i.vi, i.en);
      continue;
    }
    const key = `${v.indicatorId}|${v.period}|${v.revision}`;
    const earlier = seen.get(key);
    if (earlier && earlier.value === v.value) {
      fail(
        line,
        '(row)',
        `Trùng với dòng ${earlier.line} (${v.indicatorId}, ${v.period}, ${REVISION_VI[v.revision]}, ${v.value}).`,
        `Duplicates line ${earlier.line} (${v.indicatorId}, ${v.period}, ${v.revision}, ${v.value}).`,
      );
    } else if (earlier) {
      fail(
        line,
        'value',
        `Mâu thuẫn với dòng ${earlier.line}: cùng chỉ tiêu, kỳ và mức số liệu nhưng giá trị ${earlier.value} khác ${v.value}.`,
        `Conflicts with line ${earlier.line}: same indicator, period and revision but ${earlier.value} there, ${v.value} here.`,
      );
    } else seen.set(key, { line, value: v.value });
    out.push(v);
  }
  if (issues.length) throw new PlanImportError(issues);
  return out;
}
