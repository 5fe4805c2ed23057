import { ValidationError, issue, quoted, type FieldIssue } from './errors';
import type { IndicatorDef } from './plan';
import { REVISIONS, REVISION_VI, type IndicatorValue, type Revision } from './indicators';
import { FREQUENCY_KIND, parsePeriod, periodLabelVi, type PeriodKind } from './period';
import { inValueRange } from '../../events/indicator';

/**
 * Indicator figures, one at a time (API) or in bulk (CSV upload). The rules live in
 * {@link validateValue}; `parseValuesCsv` (shared/io/values-csv.ts) applies them to every row and reports every
 * problem with file, line and column, accepting nothing unless the whole file is valid.
 */

export type ValueRecord = Omit<IndicatorValue, 'reportedBy' | 'receivedAt'>;

export interface ValueInput {
  indicatorId: string;
  period: string;
  /** A number, or its text as Vietnamese users write it (see {@link numberAsWritten}): "6,1", "1.234,5", "6.1". */
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

export const nfc = (s: string | undefined) => (s ?? '').normalize('NFC').trim();

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

/**
 * A number written as text, as the portal reads what officials type: a decimal comma ("6,1",
 * "-0,25"), with points separating thousands when there are any ("1.234,5"), or a decimal point
 * ("6.1", "1.234" is one point two three four). Anything else (two commas, a space inside,
 * exponents, other digits) is not read: undefined.
 */
export function numberAsWritten(text: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^-?\d+,\d+$/.test(text) || /^-?\d{1,3}(\.\d{3})+,\d+$/.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
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
  const n = numberAsWritten(v);
  if (n !== undefined) return inRange(n, issues);
  const q = quoted(v, 40);
  issues.push(
    issue(
      'value',
      `"${q}" không phải là số. Viết số với dấu phẩy thập phân (6,1) hoặc dấu chấm thập phân (6.1); khi dùng dấu phẩy thập phân, có thể tách hàng nghìn bằng dấu chấm (1.234,5).`,
      `"${q}" is not a number. Write it with a decimal comma (6,1) or a decimal point (6.1); with a decimal comma, points may separate thousands (1.234,5).`,
    ),
  );
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
    issues.push(
      issue(
        'period',
        `Không hiểu kỳ "${quoted(periodText, 20)}" (ví dụ 2025-Q3, 2025-09, 2025-H1, 2025).`,
        `Cannot read period "${quoted(periodText, 20)}" (e.g. 2025-Q3, 2025-09, 2025-H1, 2025).`,
      ),
    );
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
  if (!source)
    issues.push(
      issue('source', 'Cần ghi nguồn số liệu (báo cáo, văn bản, cơ quan công bố).', 'The source of the figure is needed (report, document, publisher).'),
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(source))
    issues.push(issue('source', 'Có ký tự điều khiển không hợp lệ.', 'Contains control characters.'));
  if (!source.isWellFormed()) issues.push(issue('source', 'Có ký tự Unicode hỏng (nửa cặp thay thế).', 'Contains malformed Unicode (a lone surrogate).'));
  if ([...source].length > MAX_SOURCE) issues.push(issue('source', `Dài quá ${MAX_SOURCE} ký tự.`, `Longer than ${MAX_SOURCE} characters.`));

  if (issues.length || !def || period === undefined || value === undefined || !revision) throw new ValidationError(issues);
  return { indicatorId: def.id, period, value, revision, source };
}

/**
 * Distinct values one indicator keeps for one period, every revision stage together: three stages
 * and a few corrections each. A sender past it is a runaway script or an attack, and each value is
 * one more item that every assessment replays.
 */
export const MAX_VALUES_PER_PERIOD = 12;

/** Whether storing `v` would take its period past MAX_VALUES_PER_PERIOD (a value already stored is never refused). */
export function pastPeriodBound(
  stored: Array<Pick<ValueRecord, 'indicatorId' | 'period' | 'revision' | 'value'>>,
  v: Pick<ValueRecord, 'indicatorId' | 'period' | 'revision' | 'value'>,
): boolean {
  const same = stored.filter((s) => s.indicatorId === v.indicatorId && s.period === v.period);
  if (same.some((s) => s.revision === v.revision && s.value === v.value)) return false;
  return new Set(same.map((s) => `${s.revision}|${s.value}`)).size >= MAX_VALUES_PER_PERIOD;
}

/** The bilingual refusal of a value past the bound. */
export const periodBoundIssue = (indicatorId: string, period: string) =>
  issue(
    'period',
    `Chỉ tiêu ${indicatorId} kỳ ${period} đã có ${MAX_VALUES_PER_PERIOD} giá trị khác nhau; không nhận thêm. Liên hệ Văn phòng UBND Thành phố nếu cần sửa số liệu.`,
    `${indicatorId} already has ${MAX_VALUES_PER_PERIOD} different values for ${period}; no more are taken. Ask the city office if a figure must be corrected.`,
  );
