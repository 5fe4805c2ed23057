import { z } from 'zod';
import data from './vn-holidays.json' with { type: 'json' };
import { isoDate, type IsoDate } from './dates';
import { ValidationError, issue, type FieldIssue } from './errors';

/**
 * The working-day calendar of the city's offices: Monday to Friday, less public holidays and
 * compensatory days off, plus make-up working days (làm bù) on weekends.
 *
 * Outside [firstYear, lastYear] only Saturdays and Sundays are days off.
 */
export interface Calendar {
  isWorkingDay(d: IsoDate): boolean;
  /** Why `d` is not a working day ("Tết Nguyên đán ...", "Thứ Bảy", "Chủ nhật"); undefined on a working day. */
  dayOffName(d: IsoDate): string | undefined;
  firstYear: number;
  lastYear: number;
}

// ---------------------------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 (a Thursday). Monday-based weekday: (day + 3) mod 7, 0 = Monday.

const WEEKDAY_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'] as const;
const WEEKDAY_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const mod = (a: number, n: number) => ((a % n) + n) % n;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The number written in s[from, to), or -1 if it is not all digits. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

// Day number <-> proleptic Gregorian date, without Date objects (H. Hinnant's days_from_civil and
// civil_from_days): these run for every task on every evaluation.

/** Day number of a calendar date, or undefined if the text is not a real YYYY-MM-DD date. */
function tryDayNumber(d: string): number | undefined {
  if (typeof d !== 'string' || d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return undefined;
  const y = digits(d, 0, 4);
  const m = digits(d, 5, 7);
  const day = digits(d, 8, 10);
  if (y < 0 || m < 1 || m > 12 || day < 1) return undefined;
  if (day > (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!)) return undefined;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function dayNumber(d: IsoDate): number {
  const n = tryDayNumber(d);
  if (n === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return n;
}

function fromDayNumber(n: number): IsoDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yoe + era * 400 + (m <= 2 ? 1 : 0), m, day);
}

const weekdayIndex = (n: number) => mod(n + 3, 7); // 0 = Monday ... 6 = Sunday
const isWeekend = (n: number) => weekdayIndex(n) >= 5;

/** Signed number of Monday-Friday days in [MONDAY_0, MONDAY_0 + y), with MONDAY_0 = day -3 (1969-12-29). */
function weekdaysFromOrigin(y: number): number {
  return 5 * Math.floor(y / 7) + Math.min(mod(y, 7), 5);
}

/** Number of elements of the sorted array that are <= x. */
function countAtMost(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a calendar built from data knows, for O(log n) arithmetic: the weekdays that are off and
 * the weekend days that are worked, sorted. W(x) below is a running count of working days, so
 * "working days in (a, b]" is W(b) - W(a).
 */
interface Index {
  off: number[];
  work: number[];
}

const indexes = new WeakMap<Calendar, Index>();

function runningCount(ix: Index, x: number): number {
  return weekdaysFromOrigin(x + 4) - countAtMost(ix.off, x) + countAtMost(ix.work, x);
}

// ---------------------------------------------------------------------------------------------
// The file format.

const entrySchema = z.strictObject({
  date: z.string(),
  name: z.string().trim().min(1, 'a name is required'),
  /** The legal text or announcement the entry comes from ("Bộ luật Lao động 2019, Điều 112"). */
  source: z.string().trim().min(1, 'a source, when given, is not empty').optional(),
});

/** A holiday announced or discussed but not (yet) established as a day off: listed for the record only. */
const pendingSchema = z.strictObject({ date: z.string(), name: z.string(), note: z.string() });

const yearSchema = z.strictObject({
  status: z.enum(['announced', 'projected']),
  note: z.string().optional(),
  daysOff: z.array(entrySchema),
  workingDays: z.array(entrySchema),
  pending: z.array(pendingSchema).optional(),
});

const fileSchema = z.strictObject({
  description: z.union([z.string(), z.array(z.string())]).optional(),
  years: z.record(z.string().regex(/^\d{4}$/, 'a year is written as four digits'), yearSchema),
});

/**
 * Builds a calendar from data in the shape of shared/domain/vn-holidays.json. Throws a
 * ValidationError listing every problem: wrong shape, a bad date, a date in the wrong year's entry,
 * a date listed twice, a day off that is a weekend, a make-up working day that is not a weekend,
 * years that are not consecutive.
 */
export function buildCalendar(input: unknown): Calendar {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => {
        const field = i.path.map(String).join('.') || 'calendar';
        return issue(field, `Tệp lịch không đúng định dạng: ${i.message}`, `calendar file has the wrong shape: ${i.message}`);
      }),
    );
  }

  const issues: FieldIssue[] = [];
  const years = Object.keys(parsed.data.years)
    .map(Number)
    .sort((a, b) => a - b);
  if (years.length === 0) issues.push(issue('years', 'Tệp lịch không có năm nào', 'the calendar file lists no year'));
  for (let i = 1; i < years.length; i++) {
    if (years[i] !== years[i - 1]! + 1) {
      issues.push(issue('years', `Các năm phải liên tiếp: thiếu năm ${years[i - 1]! + 1}`, `years must be consecutive: ${years[i - 1]! + 1} is missing`));
    }
  }

  const off: number[] = [];
  const work: number[] = [];
  const names = new Map<number, string>();
  const seenAt = new Map<number, string>();

  for (const year of years) {
    const y = parsed.data.years[String(year)]!;
    const lists = [
      ['daysOff', y.daysOff],
      ['workingDays', y.workingDays],
    ] as const;
    for (const [list, entries] of lists) {
      entries.forEach((e, k) => {
        const field = `years.${year}.${list}[${k}].date`;
        const n = tryDayNumber(e.date);
        if (n === undefined) {
          issues.push(issue(field, `Ngày không hợp lệ: "${e.date}" (viết dạng YYYY-MM-DD)`, `not a valid date: "${e.date}" (write YYYY-MM-DD)`));
          return;
        }
        if (Number(e.date.slice(0, 4)) !== year) {
          issues.push(issue(field, `Ngày ${e.date} ghi nhầm vào năm ${year}`, `${e.date} is listed under year ${year}`));
        }
        const previous = seenAt.get(n);
        if (previous !== undefined) {
          issues.push(issue(field, `Ngày ${e.date} được ghi hai lần (đã có ở ${previous})`, `${e.date} is listed twice (also at ${previous})`));
          return;
        }
        seenAt.set(n, field);
        const wd = weekdayIndex(n);
        if (list === 'daysOff') {
          if (wd >= 5) {
            issues.push(
              issue(
                field,
                `Ngày nghỉ ${e.date} là ${WEEKDAY_VI[wd]}: thứ Bảy, Chủ nhật đã là ngày nghỉ, chỉ ghi ngày từ thứ Hai đến thứ Sáu (ngày lễ rơi vào cuối tuần thì ghi ngày nghỉ bù)`,
                `day off ${e.date} is a ${WEEKDAY_EN[wd]}: weekends are off anyway, list only Monday-Friday (for a holiday on a weekend, list its compensatory day off)`,
              ),
            );
            return;
          }
          off.push(n);
        } else {
          if (wd < 5) {
            issues.push(
              issue(
                field,
                `Ngày làm bù ${e.date} là ${WEEKDAY_VI[wd]}, không phải thứ Bảy hoặc Chủ nhật`,
                `make-up working day ${e.date} is a ${WEEKDAY_EN[wd]}, not a Saturday or Sunday`,
              ),
            );
            return;
          }
          work.push(n);
        }
        names.set(n, e.name);
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);

  return indexed(off, work, names, years[0]!, years[years.length - 1]!);
}

function indexed(off: number[], work: number[], names: Map<number, string>, firstYear: number, lastYear: number): Calendar {
  off.sort((a, b) => a - b);
  work.sort((a, b) => a - b);
  const offSet = new Set(off);
  const workSet = new Set(work);

  const isWorking = (n: number) => (isWeekend(n) ? workSet.has(n) : !offSet.has(n));
  const cal: Calendar = {
    firstYear,
    lastYear,
    isWorkingDay: (d) => isWorking(dayNumber(d)),
    dayOffName: (d) => {
      const n = dayNumber(d);
      if (isWorking(n)) return undefined;
      return names.get(n) ?? WEEKDAY_VI[weekdayIndex(n)];
    },
  };
  indexes.set(cal, { off, work });
  return Object.freeze(cal);
}

// ---------------------------------------------------------------------------------------------
// The calendar as data: one entry per date that departs from the Monday-Friday week.

export type DayKind = 'day-off' | 'working-day';
export type YearStatus = 'announced' | 'projected';

export interface CalendarEntry {
  date: IsoDate;
  kind: DayKind;
  name: string;
  /** The legal text or announcement the entry comes from. */
  source: string;
  /** Set on entries computed by the rules rather than announced (the bundled file's projected years). */
  projected?: true;
}

/**
 * The calendar's entries. A year is announced when at least one of its entries is announced (the
 * office recording a day from an announcement announces the year); otherwise it is projected,
 * including a year with no entry at all, where only weekends are days off.
 */
export interface CalendarData {
  entries: CalendarEntry[];
}

/**
 * What is wrong with one entry, in both languages (empty: nothing). A day off must be a Monday to
 * Friday: a Saturday or Sunday is off anyway, so a holiday on a weekend is recorded as the weekday
 * given in lieu (nghỉ bù). A working day (làm bù) must be a Saturday or Sunday: Monday to Friday
 * are worked anyway.
 */
export function entryIssues(e: { date: string; kind: DayKind }, field = 'date'): FieldIssue[] {
  const n = tryDayNumber(e.date);
  if (n === undefined) return [issue(field, `Ngày không hợp lệ: "${e.date}" (viết dạng YYYY-MM-DD)`, `not a valid date: "${e.date}" (write YYYY-MM-DD)`)];
  const wd = weekdayIndex(n);
  if (e.kind === 'day-off' && wd >= 5) {
    return [
      issue(
        field,
        `Ngày nghỉ ${e.date} là ${WEEKDAY_VI[wd]}: thứ Bảy, Chủ nhật đã là ngày nghỉ, chỉ ghi ngày từ thứ Hai đến thứ Sáu (ngày lễ rơi vào cuối tuần thì ghi ngày nghỉ bù)`,
        `day off ${e.date} is a ${WEEKDAY_EN[wd]}: weekends are off anyway, list only Monday-Friday (for a holiday on a weekend, list its compensatory day off)`,
      ),
    ];
  }
  if (e.kind === 'working-day' && wd < 5) {
    return [
      issue(
        field,
        `Ngày làm bù ${e.date} là ${WEEKDAY_VI[wd]}, không phải thứ Bảy hoặc Chủ nhật`,
        `make-up working day ${e.date} is a ${WEEKDAY_EN[wd]}, not a Saturday or Sunday`,
      ),
    ];
  }
  return [];
}

/** Whether `d` is a real YYYY-MM-DD date. */
export const isCalendarDate = (d: string) => tryDayNumber(d) !== undefined;

/** Whether `d` is a Saturday or a Sunday (throws on text that is not a date). */
export const isWeekendDate = (d: IsoDate) => isWeekend(dayNumber(d));

/**
 * A calendar from entries (the table's, or the bundled file's). Entries that are not valid (see
 * entryIssues) are left out, so a bad item in the table never stops the runs. firstYear and
 * lastYear span the years of the entries.
 */
export function calendarFromData(data: CalendarData): Calendar {
  const off: number[] = [];
  const work: number[] = [];
  const names = new Map<number, string>();
  const years: number[] = [];
  for (const e of data.entries) {
    if (entryIssues(e).length > 0) continue;
    const n = dayNumber(e.date);
    if (names.has(n)) continue;
    (e.kind === 'day-off' ? off : work).push(n);
    names.set(n, e.name);
    years.push(Number(e.date.slice(0, 4)));
  }
  const first = years.length > 0 ? Math.min(...years) : 0;
  const last = years.length > 0 ? Math.max(...years) : -1;
  return indexed(off, work, names, first, last);
}

/** The status of `year` in `data`: announced when one of its entries is announced. */
export function yearStatus(data: CalendarData, year: number): YearStatus {
  const y = String(year);
  return data.entries.some((e) => e.date.startsWith(y) && e.date[4] === '-' && !e.projected) ? 'announced' : 'projected';
}

/** The bundled file (shared/domain/vn-holidays.json) as data: the seed of the table's calendar. */
export function seedCalendarData(): CalendarData {
  const parsed = fileSchema.parse(data);
  const entries: CalendarEntry[] = [];
  for (const y of Object.values(parsed.years)) {
    const p = y.status === 'projected' ? { projected: true as const } : {};
    for (const e of y.daysOff) entries.push({ date: e.date, kind: 'day-off', name: e.name, source: e.source ?? '', ...p });
    for (const e of y.workingDays) entries.push({ date: e.date, kind: 'working-day', name: e.name, source: e.source ?? '', ...p });
  }
  entries.sort((a, b) => a.date.localeCompare(b.date));
  return { entries };
}

/** Vietnam's calendar for the years in shared/domain/vn-holidays.json. */
export const vnCalendar: Calendar = buildCalendar(data);

// ---------------------------------------------------------------------------------------------
// Working-day arithmetic. Fast (O(log n)) for calendars from buildCalendar; any other Calendar
// implementation is served day by day through isWorkingDay.

/**
 * The date `n` working days after `date` (n < 0: before it); `date` itself need not be a working
 * day. For n != 0 the result is a working day: 1 working day after Friday 24/1/2025 is Monday
 * 3/2/2025 (Tết), 1 working day before Sunday is Friday. n = 0 returns `date` unchanged.
 *
 * For n >= 0, or when `date` is a working day, workingDaysBetween(cal, date, result) === n.
 */
export function addWorkingDays(cal: Calendar, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`a whole number of working days is required, got ${n}`);
  const d = dayNumber(date);
  if (n === 0) return date;
  const ix = indexes.get(cal);
  if (!ix) return slowAdd(cal, d, n);

  // The k-th working day after d is the first t with W(t) = W(d) + k; the k-th before d is the
  // first t with W(t) = W(d - 1) - (k - 1). Binary search keeps W(lo) < target <= W(hi).
  const target = n > 0 ? runningCount(ix, d) + n : runningCount(ix, d - 1) + n + 1;
  let lo: number;
  let hi: number;
  if (n > 0) {
    lo = d;
    hi = d + 2 * n + 7;
    while (runningCount(ix, hi) < target) hi += hi - d;
  } else {
    hi = d - 1;
    lo = d + 2 * n - 7;
    while (runningCount(ix, lo) >= target) lo -= d - lo;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (runningCount(ix, mid) >= target) hi = mid;
    else lo = mid;
  }
  return fromDayNumber(hi);
}

/**
 * The number of working days d with from < d <= to; when to < from, minus the number with
 * to < d <= from; 0 when equal. This is "overdue N working days": a task due on Friday and
 * checked on the following Monday is 1 working day overdue.
 */
export function workingDaysBetween(cal: Calendar, from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === b) return 0;
  const ix = indexes.get(cal);
  if (ix) return runningCount(ix, b) - runningCount(ix, a);
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let x = lo + 1; x <= hi; x++) if (cal.isWorkingDay(fromDayNumber(x))) count++;
  return count === 0 ? 0 : sign * count; // never -0
}

/** `date` if it is a working day, otherwise the first working day after it. */
export function nextWorkingDay(cal: Calendar, date: IsoDate): IsoDate {
  return cal.isWorkingDay(date) ? date : addWorkingDays(cal, date, 1);
}

/**
 * The day a deadline really falls due. Vietnam's Civil Code 2015 (Bộ luật Dân sự 2015, Điều 148
 * khoản 5): when the last day of a period is a weekly day off or a public holiday, the period ends
 * at the end of the next working day. So a deadline on a day off moves to the next working day,
 * skipping the whole holiday and any compensatory days off: due Sunday 26/4/2026 (Giỗ Tổ Hùng
 * Vương, compensated on Monday 27/4) is effectively due Tuesday 28/4/2026. A deadline on a
 * make-up working Saturday (làm bù) stays where it is.
 */
export function effectiveDueDate(cal: Calendar, due: IsoDate): IsoDate {
  return nextWorkingDay(cal, due);
}

function slowAdd(cal: Calendar, d: number, n: number): IsoDate {
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  let x = d;
  while (left > 0) {
    x += step;
    if (cal.isWorkingDay(fromDayNumber(x))) left--;
  }
  return fromDayNumber(x);
}
