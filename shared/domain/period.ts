import { ValidationError, issue } from './errors';
import { daysInMonth, isoDate, type IsoDate } from './dates';
import type { FREQUENCIES } from './plan';

/**
 * Reporting periods of indicators (kỳ báo cáo): a month, a quarter, a half-year or a year.
 *
 * Canonical ids, as stored and exchanged: `2025-09` (Tháng 9/2025), `2025-Q3` (Quý III/2025),
 * `2025-H1` (6 tháng đầu năm 2025), `2025` (Năm 2025). Periods are calendar periods; `start` and
 * `end` are their first and last calendar days.
 */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  /** Canonical id: `2025-09`, `2025-Q3`, `2025-H1` or `2025`. */
  id: string;
  kind: PeriodKind;
  year: number;
  /** 1-based position within the year: month 1-12, quarter 1-4, half 1-2, year 1. */
  index: number;
  start: IsoDate;
  end: IsoDate;
}

export type Frequency = (typeof FREQUENCIES)[number];

/** The period kind in which an indicator of each reporting frequency is reported. */
export const FREQUENCY_KIND: Record<Frequency, PeriodKind> = {
  monthly: 'month',
  quarterly: 'quarter',
  half_yearly: 'half',
  yearly: 'year',
};

const PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };
const MONTHS_IN: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** Years accepted in a period id. */
export const MIN_PERIOD_YEAR = 1900;
export const MAX_PERIOD_YEAR = 2100;

/** How many periods of this kind a year has (12, 4, 2 or 1). */
export const periodsPerYear = (kind: PeriodKind): number => PER_YEAR[kind];

/** The period of the given kind and 1-based index in a year. The caller keeps index in range. */
export function periodOf(year: number, kind: PeriodKind, index: number): Period {
  const id =
    kind === 'month'
      ? `${year}-${String(index).padStart(2, '0')}`
      : kind === 'quarter'
        ? `${year}-Q${index}`
        : kind === 'half'
          ? `${year}-H${index}`
          : String(year);
  const span = MONTHS_IN[kind];
  const firstMonth = (index - 1) * span + 1;
  const lastMonth = index * span;
  return { id, kind, year, index, start: isoDate(year, firstMonth, 1), end: isoDate(year, lastMonth, daysInMonth(year, lastMonth)) };
}

/** All periods of a kind in a year, in order. */
export function periodsInYear(year: number, kind: PeriodKind): Period[] {
  return Array.from({ length: PER_YEAR[kind] }, (_, i) => periodOf(year, kind, i + 1));
}

const FORMS_VI = 'Dùng một trong các dạng: 2025-09 (tháng), 2025-Q3 (quý), 2025-H1 (6 tháng), 2025 (năm).';
const FORMS_EN = 'Use one of: 2025-09 (month), 2025-Q3 (quarter), 2025-H1 (half-year), 2025 (year).';

/**
 * Parses a period id: `2025-09` (also `2025-9`), `2025-Q3`/`2025-q3`, `2025-H1`/`2025-h1`, `2025`.
 * Throws a ValidationError naming `field`, in Vietnamese and English, for anything else,
 * including month 13, Q5 or H3 and years outside 1900-2100.
 */
export function parsePeriod(text: string, field = 'period'): Period {
  const s = String(text).normalize('NFC').trim();
  const m = /^(\d{4})(?:-(?:(\d{1,2})|([Qq])(\d)|([Hh])(\d)))?$/.exec(s);
  if (!m) {
    throw new ValidationError([issue(field, `Không hiểu kỳ "${s}". ${FORMS_VI}`, `Cannot read period "${s}". ${FORMS_EN}`)]);
  }
  const year = Number(m[1]);
  const fail = (vi: string, en: string): never => {
    throw new ValidationError([issue(field, `Kỳ "${s}" không hợp lệ: ${vi}`, `Period "${s}" is not valid: ${en}`)]);
  };
  if (year < MIN_PERIOD_YEAR || year > MAX_PERIOD_YEAR) {
    fail(`năm phải từ ${MIN_PERIOD_YEAR} đến ${MAX_PERIOD_YEAR}.`, `the year must be from ${MIN_PERIOD_YEAR} to ${MAX_PERIOD_YEAR}.`);
  }
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) fail(`không có tháng ${month}.`, `there is no month ${month}.`);
    return periodOf(year, 'month', month);
  }
  if (m[3] !== undefined) {
    const q = Number(m[4]);
    if (q < 1 || q > 4) fail(`không có quý ${q} (chỉ có Q1-Q4).`, `there is no quarter ${q} (only Q1-Q4).`);
    return periodOf(year, 'quarter', q);
  }
  if (m[5] !== undefined) {
    const h = Number(m[6]);
    if (h < 1 || h > 2) fail(`không có nửa năm H${h} (chỉ có H1, H2).`, `there is no half-year H${h} (only H1, H2).`);
    return periodOf(year, 'half', h);
  }
  return periodOf(year, 'year', 1);
}

/** parsePeriod, or undefined instead of an error. */
export function tryParsePeriod(text: string): Period | undefined {
  try {
    return parsePeriod(text);
  } catch (e) {
    if (e instanceof ValidationError) return undefined;
    throw e;
  }
}

/** Chronological order: by end date, then by start date (a year sorts after its last quarter). */
export function comparePeriods(a: Period, b: Period): number {
  return a.end < b.end ? -1 : a.end > b.end ? 1 : a.start > b.start ? -1 : a.start < b.start ? 1 : 0;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** As Vietnamese documents write it: 'Tháng 9/2025', 'Quý III/2025', '6 tháng đầu năm 2025', 'Năm 2025'. */
export function periodLabelVi(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `Tháng ${p.index}/${p.year}`;
    case 'quarter':
      return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
    case 'half':
      return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
    case 'year':
      return `Năm ${p.year}`;
  }
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** English: 'September 2025', 'Q3 2025', 'H1 2025', '2025'. */
export function periodLabelEn(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${MONTHS_EN[p.index - 1]} ${p.year}`;
    case 'quarter':
      return `Q${p.index} ${p.year}`;
    case 'half':
      return `H${p.index} ${p.year}`;
    case 'year':
      return String(p.year);
  }
}
