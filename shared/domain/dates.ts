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
