import { parse } from 'csv-parse/sync';
import { ValidationError, issue, type FieldIssue } from '../domain/errors';
import type { IndicatorDef } from '../domain/plan';
import { REVISIONS, REVISION_VI, type IndicatorValue, type Revision } from '../domain/indicators';
import { FREQUENCY_KIND, parsePeriod, periodLabelVi, type PeriodKind } from '../domain/period';
import { CSV_LIMITS, PlanImportError, type ImportIssue } from './plan-import';
import { inValueRange } from '../../events/indicator';
import { quoted } from '../runtime/validation';

/**
 * Indicator figures, one at a time (API) or in bulk (CSV upload). The rules live in
 * {@link validateValue}; {@link parseValuesCsv} applies them to every row and reports every
 * problem with file, line and column, accepting nothing unless the whole file is valid.
 */

export type ValueRecord = Omit<IndicatorValue, 'reportedBy' | 'receivedAt'>;

export interface ValueInput {
  indicatorId: string;
  period: string;
  /** A number, or its text with a decimal point ("6.1"); "6,1" is refused with a hint. */
  value: number | string;
  /** When given, must be the indicator's unit exactly (after NFC and trimming; case matters). */
  unit?: string;
  /** `estimated` | `preliminary` | `official`, or ước tính | sơ bộ | chính thức (any case). */
  revision: string;
  source: string;
}

export interface ValueYears {
  /** First year of the programme; the year before it (the baseline year) is accepted too. */
  firstYear: number;
  lastYear: number;
}

export const VALUE_COLUMNS = ['indicator', 'period', 'value', 'unit', 'revision', 'source'] as const;

/** Rows of figures one upload may hold: every indicator's every period and stage fits in far fewer. */
export const MAX_VALUE_ROWS = 5000;
/** Problems reported before checking stops: enough to fix a file, and a bad 6 MB file stays quick. */
const MAX_ISSUES = 500;

/** As the API and the indicator-ingest message allow (in characters, code points, as they count): a longer source would be accepted here and refused there. */
const MAX_SOURCE = 300;

const REVISION_WORDS: Record<string, Revision> = Object.fromEntries(
  REVISIONS.flatMap((r) => [
    [r, r],
    [REVISION_VI[r], r],
  ]),
);

const KIND_VI: Record<PeriodKind, string> = { month: 'tháng', quarter: 'quý', half: '6 tháng', year: 'năm' };
const KIND_EN: Record<PeriodKind, string> = { month: 'monthly', quarter: 'quarterly', half: 'half-yearly', year: 'yearly' };
const KIND_EXAMPLE: Record<PeriodKind, string> = { month: '2025-09', quarter: '2025-Q3', half: '2025-H1', year: '2025' };

const nfc = (s: string | undefined) => (s ?? '').normalize('NFC').trim();

/** The canonical revision for an English or Vietnamese word, or undefined. */
export function parseRevision(text: string): Revision | undefined {
  return REVISION_WORDS[nfc(text).toLowerCase().replace(/\s+/g, ' ')];
}

function inRange(n: number, issues: FieldIssue[]): number | undefined {
  if (inValueRange(n)) return n;
  issues.push(
    issue(
      'value',
      `Giá trị ${quoted(n)} nằm ngoài phạm vi cho phép: độ lớn tối đa 10^15 (một nghìn triệu triệu), số khác 0 không nhỏ hơn 10^-100.`,
      `The value ${quoted(n)} is out of range: at most 10^15 in magnitude, and a non-zero value at least 10^-100.`,
    ),
  );
  return undefined;
}

function readNumber(value: number | string, issues: FieldIssue[]): number | undefined {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return inRange(value, issues);
    issues.push(issue('value', 'Giá trị phải là một số hữu hạn.', 'The value must be a finite number.'));
    return undefined;
  }
  const v = nfc(value);
  if (!v) {
    issues.push(issue('value', 'Không được để trống.', 'Must not be empty.'));
    return undefined;
  }
  if (/^-?\d+(\.\d+)?$/.test(v)) return inRange(Number(v), issues);
  const q = quoted(v, 40);
  const hint = /^-?[\d.,]*,\d*$/.test(v) && v.length <= 40
    ? { vi: ` Dùng dấu chấm thập phân, ví dụ ${v.replace(/\./g, '').replace(',', '.')} thay cho ${v}; không dùng dấu phân cách hàng nghìn.`, en: ` Use a decimal point, e.g. ${v.replace(/\./g, '').replace(',', '.')} for ${v}, and no thousands separator.` }
    : { vi: ' Dùng dấu chấm thập phân, không dấu phân cách hàng nghìn.', en: ' Use a decimal point and no thousands separator.' };
  issues.push(issue('value', `"${q}" không phải là số.${hint.vi}`, `"${q}" is not a number.${hint.en}`));
  return undefined;
}

/**
 * Checks one figure against the plan's indicators and returns it in canonical form
 * (indicator id as in the plan, canonical period id, canonical revision). Throws a
 * ValidationError listing every problem, by field: `indicator` (unknown), `unit` (not the
 * indicator's), `period` (unreadable, not of the indicator's frequency, or outside
 * firstYear-1 .. lastYear), `value` (not a finite number), `revision` (unknown), `source` (empty).
 */
export function validateValue(input: ValueInput, defs: IndicatorDef[], opts: ValueYears): ValueRecord {
  const issues: FieldIssue[] = [];

  const id = nfc(input.indicatorId).toUpperCase();
  const def = defs.find((d) => d.id.toUpperCase() === id);
  if (!id) issues.push(issue('indicator', 'Không được để trống.', 'Must not be empty.'));
  else if (!def) issues.push(issue('indicator', `Không có chỉ tiêu "${quoted(id)}" trong kế hoạch.`, `No indicator "${quoted(id)}" in the plan.`));

  if (def && input.unit !== undefined && nfc(input.unit) !== nfc(def.unit)) {
    const given = quoted(nfc(input.unit));
    issues.push(
      issue(
        'unit',
        `Đơn vị "${given}" không đúng: chỉ tiêu ${def.id} tính bằng "${nfc(def.unit)}".`,
        `Unit "${given}" is wrong: ${def.id} is measured in "${nfc(def.unit)}".`,
      ),
    );
  }

  let period: string | undefined;
  const periodText = nfc(input.period);
  if (!periodText) issues.push(issue('period', 'Không được để trống.', 'Must not be empty.'));
  else if (periodText.length > 20) {
    issues.push(issue('period', `Không hiểu kỳ "${quoted(periodText, 20)}" (ví dụ 2025-Q3, 2025-09, 2025-H1, 2025).`, `Cannot read period "${quoted(periodText, 20)}" (e.g. 2025-Q3, 2025-09, 2025-H1, 2025).`));
  } else {
    try {
      const p = parsePeriod(periodText, 'period');
      period = p.id;
      if (def) {
        const kind = FREQUENCY_KIND[def.frequency];
        if (p.kind !== kind) {
          issues.push(
            issue(
              'period',
              `Chỉ tiêu ${def.id} báo cáo theo ${KIND_VI[kind]}: dùng kỳ dạng ${KIND_EXAMPLE[kind]}, không phải "${periodText}".`,
              `${def.id} is reported ${KIND_EN[kind]}: use a period like ${KIND_EXAMPLE[kind]}, not "${periodText}".`,
            ),
          );
        }
      }
      const from = opts.firstYear - 1;
      if (p.year < from || p.year > opts.lastYear) {
        issues.push(
          issue(
            'period',
            `Kỳ ${periodLabelVi(p)} nằm ngoài phạm vi ${from}-${opts.lastYear} (năm gốc ${from} đến hết chương trình).`,
            `Period ${p.id} is outside ${from}-${opts.lastYear} (the baseline year to the end of the programme).`,
          ),
        );
      }
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }

  const value = readNumber(input.value, issues);

  const revision = parseRevision(input.revision);
  if (!revision) {
    const given = quoted(nfc(input.revision));
    const allowed = REVISIONS.map((r) => `${r} (${REVISION_VI[r]})`).join(', ');
    issues.push(
      given
        ? issue('revision', `Mức số liệu "${given}" không hợp lệ; dùng một trong: ${allowed}.`, `Revision "${given}" is not allowed; use one of: ${allowed}.`)
        : issue('revision', `Không được để trống; dùng một trong: ${allowed}.`, `Must not be empty; use one of: ${allowed}.`),
    );
  }

  const source = nfc(input.source);
  if (!source) issues.push(issue('source', 'Cần ghi nguồn số liệu (báo cáo, văn bản, cơ quan công bố).', 'The source of the figure is needed (report, document, publisher).'));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(source)) issues.push(issue('source', 'Có ký tự điều khiển không hợp lệ.', 'Contains control characters.'));
  if (!source.isWellFormed()) issues.push(issue('source', 'Có ký tự Unicode hỏng (nửa cặp thay thế).', 'Contains malformed Unicode (a lone surrogate).'));
  if ([...source].length > MAX_SOURCE) issues.push(issue('source', `Dài quá ${MAX_SOURCE} ký tự.`, `Longer than ${MAX_SOURCE} characters.`));

  if (issues.length || !def || period === undefined || value === undefined || !revision) throw new ValidationError(issues);
  return { indicatorId: def.id, period, value, revision, source };
}

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

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // Read at most one record past the limit, and no record longer than any real row can be: a
    // 6 MB upload must be answered well within the API's timeout, whatever it holds.
    records = parse(text, { ...CSV_LIMITS, to: MAX_VALUE_ROWS + 2 }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    const why = quoted((e as Error).message, 300);
    fail(line, '(csv)', `Tệp CSV bị lỗi cú pháp: ${why}`, `Malformed CSV: ${why}`);
    throw new PlanImportError(issues);
  }
  const [header, ...rows] = records;
  if (!header) {
    fail(1, '(header)', 'Tệp trống.', 'The file is empty.');
    throw new PlanImportError(issues);
  }
  const columns = header.record.map((c) => nfc(c));
  const expected: readonly string[] = VALUE_COLUMNS;
  for (const c of expected.filter((c) => !columns.includes(c))) fail(1, c, 'Thiếu cột này.', 'Column missing.');
  for (const c of columns.filter((c) => !expected.includes(c))) fail(1, c ? quoted(c) : '""', c ? 'Cột không được biết đến.' : 'Cột không có tên.', c ? 'Unknown column.' : 'A column has no name.');
  if (issues.length) throw new PlanImportError(issues);
  if (!rows.length) {
    fail(2, '(row)', 'Tệp không có dòng số liệu nào.', 'The file has no rows of figures.');
    throw new PlanImportError(issues);
  }
  if (rows.length > MAX_VALUE_ROWS) {
    fail(rows.at(-1)!.info.lines, '(row)', `Tệp có hơn ${MAX_VALUE_ROWS} dòng số liệu; chia thành nhiều tệp.`, `The file has more than ${MAX_VALUE_ROWS} rows of figures; split it into several files.`);
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
        { indicatorId: rec.indicator ?? '', period: rec.period ?? '', value: rec.value ?? '', unit: rec.unit ?? '', revision: rec.revision ?? '', source: rec.source ?? '' },
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
