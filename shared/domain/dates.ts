import { ValidationError, issue } from './errors';

/**
 * Calendar dates as ISO strings (YYYY-MM-DD) and the city's time zone.
 *
 * Vietnam keeps UTC+7 all year, but the zone is named rather than hard-coded so that the
 * conversion is the one the platform's time-zone database makes.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type IsoDate = string;

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Hanoi at the given instant. */
export function localDate(at: Date): IsoDate {
  return dayFormatter.format(at);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Whole days from a to b (b - a), both calendar dates. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Vietnamese short form: 30/09/2025. */
export function formatVi(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

// ---- days and ISO weeks ----------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(d: string, field: string): { y: number; m: number; day: number } {
  const m = typeof d === 'string' ? ISO_DATE.exec(d) : null;
  const [y, mo, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || !isValidDate(y, mo, day)) {
    throw new ValidationError([
      issue(field, `Ngày không hợp lệ: "${String(d)}" (viết dạng YYYY-MM-DD).`, `Not a valid date: "${String(d)}" (write YYYY-MM-DD).`),
    ]);
  }
  return { y, m: mo, day };
}

const toUtc = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (t: number): IsoDate => new Date(t).toISOString().slice(0, 10);

/** The date n calendar days after d (n < 0: before). */
export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtc(toUtc(d) + n * 86_400_000);
}

/** Monday of ISO week 1 of `year`: the Monday of the week holding 4 January. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // 0 = Monday
  return jan4 - weekday * 86_400_000;
}

/** 52 or 53. */
function weeksInYear(year: number): number {
  return Math.round((week1Monday(year + 1) - week1Monday(year)) / (7 * 86_400_000));
}

const WEEK = /^(\d{4})-W(\d{2})$/;

export function parseWeek(week: string, field = 'week'): { year: number; number: number } {
  const m = typeof week === 'string' ? WEEK.exec(week.trim()) : null;
  const year = m ? Number(m[1]) : 0;
  const n = m ? Number(m[2]) : 0;
  if (!m || year < 1900 || year > 2100 || n < 1 || n > weeksInYear(year)) {
    throw new ValidationError([
      issue(
        field,
        `Tuần không hợp lệ: "${String(week)}". Viết theo ISO 8601, ví dụ 2025-W40 (tuần 01 đến ${m && year >= 1900 && year <= 2100 ? weeksInYear(year) : '52 hoặc 53'}).`,
        `Not a valid ISO week: "${String(week)}". Write e.g. 2025-W40 (weeks 01 to ${m && year >= 1900 && year <= 2100 ? weeksInYear(year) : '52 or 53'}).`,
      ),
    ]);
  }
  return { year, number: n };
}

/** Monday and Sunday of an ISO week ('2025-W40' → 2025-09-29 .. 2025-10-05). Throws a ValidationError for anything else. */
export function isoWeekRange(week: string): { start: IsoDate; end: IsoDate } {
  const { year, number } = parseWeek(week);
  const start = week1Monday(year) + (number - 1) * 7 * 86_400_000;
  return { start: fromUtc(start), end: fromUtc(start + 6 * 86_400_000) };
}

/** The ISO week of a date ('2025-12-29' → '2026-W01'). Throws a ValidationError for a date that is not YYYY-MM-DD. */
export function isoWeekOf(date: IsoDate): string {
  const { y, m, day } = parseIsoDate(date, 'date');
  const t = Date.UTC(y, m - 1, day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  const thursday = t + (3 - weekday) * 86_400_000; // the ISO year is the year of the week's Thursday
  const year = new Date(thursday).getUTCFullYear();
  const n = Math.floor((thursday - week1Monday(year)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}
