import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  buildCalendar,
  effectiveDueDate,
  nextWorkingDay,
  vnCalendar as cal,
  workingDaysBetween,
  type Calendar,
} from '../../shared/domain/calendar';
import { ValidationError } from '../../shared/domain/errors';

describe('vnCalendar: the data file', () => {
  it('covers 2025-2030', () => {
    expect(cal.firstYear).toBe(2025);
    expect(cal.lastYear).toBe(2030);
  });

  it('treats only weekends as days off outside the covered years', () => {
    expect(cal.isWorkingDay('2024-02-12')).toBe(true); // Tết 2024, not in the file
    expect(cal.isWorkingDay('2031-01-01')).toBe(true); // a Wednesday
    expect(cal.dayOffName('2031-01-04')).toBe('Thứ Bảy');
    expect(cal.dayOffName('2031-01-05')).toBe('Chủ nhật');
  });

  it.each([
    // [mùng 1 Tết, Giỗ Tổ Hùng Vương 10/3 âm lịch] (Vietnamese lunar calendar, UTC+7)
    ['2025-01-29', '2025-04-07'],
    ['2026-02-17', '2026-04-26'],
    ['2027-02-06', '2027-04-16'],
    ['2028-01-26', '2028-04-04'],
    ['2029-02-13', '2029-04-23'],
    ['2030-02-02', '2030-04-12'],
  ])('Tết %s and Hùng Kings %s are days off', (tet, hung) => {
    expect(cal.isWorkingDay(tet)).toBe(false);
    expect(cal.isWorkingDay(hung)).toBe(false);
  });

  it('names days off and says nothing on working days', () => {
    expect(cal.dayOffName('2025-01-29')).toBe('Tết Nguyên đán Ất Tỵ (mùng 1)');
    expect(cal.dayOffName('2026-04-27')).toMatch(/Nghỉ bù Giỗ Tổ Hùng Vương/);
    expect(cal.dayOffName('2025-02-03')).toBeUndefined();
  });

  it('agrees with Date on weekdays and date arithmetic, 1950-2100', () => {
    const DAY = 86_400_000;
    const wrong: string[] = [];
    for (let t = Date.UTC(1950, 0, 1); t < Date.UTC(2100, 11, 31); t += DAY) {
      const date = new Date(t);
      const d = date.toISOString().slice(0, 10);
      if (date.getUTCFullYear() >= 2025 && date.getUTCFullYear() <= 2030) continue;
      const weekday = date.getUTCDay();
      if (cal.isWorkingDay(d) !== (weekday !== 0 && weekday !== 6)) wrong.push(d);
      if (weekday === 6 && nextWorkingDay(cal, d) !== new Date(t + 2 * DAY).toISOString().slice(0, 10)) wrong.push(d);
    }
    expect(wrong).toEqual([]);
    expect(addWorkingDays(cal, '2032-02-27', 1)).toBe('2032-03-01'); // Fri 27/2 + 1 = Mon 1/3 (29/2 is a Sunday)
    expect(addWorkingDays(cal, '2036-02-28', 1)).toBe('2036-02-29'); // Thu 28/2 + 1 = Fri 29/2
    expect(addWorkingDays(cal, '2030-12-31', 1)).toBe('2031-01-01');
  });

  it('rejects text that is not a date', () => {
    expect(() => cal.isWorkingDay('2025-2-3')).toThrow(RangeError);
    expect(() => workingDaysBetween(cal, '2025-02-30', '2025-03-03')).toThrow(/2025-02-30/);
  });
});

describe('Tết', () => {
  it('2025: Saturday 25/1 to Sunday 2/2 off', () => {
    for (let d = 25; d <= 31; d++) expect(cal.isWorkingDay(`2025-01-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2025-02-01')).toBe(false);
    expect(cal.isWorkingDay('2025-02-02')).toBe(false);
    expect(cal.isWorkingDay('2025-01-24')).toBe(true);
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
  });

  it('2025: a task due Friday 24/1 and checked Monday 3/2 is 1 working day overdue', () => {
    // (24/1, 3/2]: Sat 25, Sun 26 weekend; Mon 27 - Fri 31 Tết; Sat 1, Sun 2 weekend; Mon 3/2 works.
    expect(workingDaysBetween(cal, '2025-01-24', '2025-02-03')).toBe(1);
    expect(workingDaysBetween(cal, '2025-02-03', '2025-01-24')).toBe(-1);
    expect(addWorkingDays(cal, '2025-01-24', 1)).toBe('2025-02-03');
    expect(addWorkingDays(cal, '2025-02-03', -1)).toBe('2025-01-24');
    expect(effectiveDueDate(cal, '2025-01-29')).toBe('2025-02-03');
  });

  it('2026: Monday 16/2 to Friday 20/2 off', () => {
    for (let d = 14; d <= 22; d++) expect(cal.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('2026: 7 working days before Friday 27/2 is Wednesday 11/2', () => {
    // Counting back from Fri 27/2/2026 (1/2/2026 is a Sunday, so 27/2 is a Friday):
    //   Thu 26 (1), Wed 25 (2), Tue 24 (3), Mon 23 (4);
    //   Sun 22, Sat 21 weekend; Fri 20 - Mon 16 Tết; Sun 15, Sat 14 weekend;
    //   Fri 13 (5), Thu 12 (6), Wed 11 (7).
    // So the answer is 2026-02-11, not 2026-02-10: Tuesday 10/2 is the 8th working day before.
    expect(addWorkingDays(cal, '2026-02-27', -7)).toBe('2026-02-11');
    expect(addWorkingDays(cal, '2026-02-27', -8)).toBe('2026-02-10');
    expect(workingDaysBetween(cal, '2026-02-11', '2026-02-27')).toBe(7);
    expect(addWorkingDays(cal, '2026-02-11', 7)).toBe('2026-02-27');
  });
});

describe('make-up working days and other holidays', () => {
  it('2025: Saturday 26/4 is a working day, Friday 2/5 is off in exchange', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.dayOffName('2025-04-26')).toBeUndefined();
    expect(cal.isWorkingDay('2025-04-27')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(addWorkingDays(cal, '2025-04-25', 1)).toBe('2025-04-26');
    // (25/4, 5/5]: Sat 26 (make-up), Mon 28, Tue 29 work; 30/4 - 4/5 off; Mon 5/5 works.
    expect(workingDaysBetween(cal, '2025-04-25', '2025-05-05')).toBe(4);
    expect(nextWorkingDay(cal, '2025-04-26')).toBe('2025-04-26');
    expect(effectiveDueDate(cal, '2025-04-26')).toBe('2025-04-26');
  });

  it('2/9: National Day and its adjacent day', () => {
    expect(cal.isWorkingDay('2025-09-01')).toBe(false);
    expect(cal.isWorkingDay('2025-09-02')).toBe(false);
    expect(cal.dayOffName('2025-09-02')).toBe('Quốc khánh');
    expect(cal.isWorkingDay('2025-09-03')).toBe(true);
    // Due Friday 29/8/2025, checked Wednesday 3/9: Sat 30, Sun 31, Mon 1/9, Tue 2/9 off.
    expect(workingDaysBetween(cal, '2025-08-29', '2025-09-03')).toBe(1);
    expect(cal.isWorkingDay('2026-09-01')).toBe(false);
    expect(cal.isWorkingDay('2026-09-02')).toBe(false);
    expect(cal.isWorkingDay('2026-09-03')).toBe(true);
  });

  it('a deadline on Sunday 26/4/2026 (Hùng Kings, compensated Monday 27/4) is due Tuesday 28/4', () => {
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(effectiveDueDate(cal, '2026-04-26')).toBe('2026-04-28');
    expect(nextWorkingDay(cal, '2026-04-28')).toBe('2026-04-28');
  });

  it('0 working days from a day off is that day; between equal dates is 0', () => {
    expect(addWorkingDays(cal, '2026-02-17', 0)).toBe('2026-02-17');
    expect(workingDaysBetween(cal, '2026-02-17', '2026-02-17')).toBe(0);
    expect(() => addWorkingDays(cal, '2026-02-17', 1.5)).toThrow(RangeError);
  });
});

describe('working-day arithmetic: properties', () => {
  const DAY = 86_400_000;
  const base = Date.UTC(2024, 5, 1); // 2024-06-01 to 2031-06-01: around and across the covered years
  const dateArb = fc.integer({ min: 0, max: 7 * 365 }).map((k) => new Date(base + k * DAY).toISOString().slice(0, 10));
  // The same calendar through the interface only, so the day-by-day fallback is used.
  const plain: Calendar = { isWorkingDay: (d) => cal.isWorkingDay(d), dayOffName: (d) => cal.dayOffName(d), firstYear: 2025, lastYear: 2030 };

  it('workingDaysBetween(d, addWorkingDays(d, n)) = n for n >= 0, and for any n from a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -400, max: 400 }), (d, n) => {
        const t = addWorkingDays(cal, d, n);
        if (n !== 0) expect(cal.isWorkingDay(t)).toBe(true);
        if (n >= 0 || cal.isWorkingDay(d)) expect(workingDaysBetween(cal, d, t)).toBe(n);
        if (n > 0) expect(t > d).toBe(true);
        if (n < 0) expect(t < d).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays(d, workingDaysBetween(d, t)) = t for a working day t after d', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (d, t) => {
        fc.pre(t > d && cal.isWorkingDay(t));
        expect(addWorkingDays(cal, d, workingDaysBetween(cal, d, t))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a plain day-by-day count', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.integer({ min: -60, max: 60 }), (a, b, n) => {
        expect(workingDaysBetween(cal, a, b)).toBe(workingDaysBetween(plain, a, b));
        expect(addWorkingDays(cal, a, n)).toBe(addWorkingDays(plain, a, n));
        expect(nextWorkingDay(cal, a)).toBe(nextWorkingDay(plain, a));
      }),
      { numRuns: 500 },
    );
  });
});

describe('buildCalendar rejects bad data, naming the date', () => {
  const year = (daysOff: Array<{ date: string; name: string }>, workingDays: Array<{ date: string; name: string }> = []) => ({
    status: 'projected',
    note: 'test',
    daysOff,
    workingDays,
  });
  const rejects = (data: unknown, pattern: RegExp) => {
    let error: unknown;
    try {
      buildCalendar(data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(pattern);
  };

  it('accepts good data', () => {
    const c = buildCalendar({ years: { 2040: year([{ date: '2040-01-02', name: 'X' }], [{ date: '2040-01-07', name: 'Y' }]) } });
    expect(c.isWorkingDay('2040-01-02')).toBe(false);
    expect(c.dayOffName('2040-01-02')).toBe('X');
    expect(c.isWorkingDay('2040-01-07')).toBe(true);
  });

  it('a bad date', () => {
    rejects({ years: { 2025: year([{ date: '2025-02-30', name: 'X' }]) } }, /not a valid date: "2025-02-30"/);
    rejects({ years: { 2025: year([{ date: '1/1/2025', name: 'X' }]) } }, /not a valid date: "1\/1\/2025"/);
  });

  it('a date listed twice', () => {
    rejects(
      {
        years: {
          2025: year([
            { date: '2025-01-01', name: 'X' },
            { date: '2025-01-01', name: 'Y' },
          ]),
        },
      },
      /2025-01-01 is listed twice/,
    );
    rejects({ years: { 2025: year([{ date: '2025-04-28', name: 'X' }], [{ date: '2025-04-28', name: 'Y' }]) } }, /2025-04-28 is listed twice/);
  });

  it('a working day that is not a weekend', () => {
    rejects({ years: { 2025: year([], [{ date: '2025-04-28', name: 'X' }]) } }, /make-up working day 2025-04-28 is a Monday/);
  });

  it('a day off that is a weekend', () => {
    rejects({ years: { 2026: year([{ date: '2026-04-26', name: 'Giỗ Tổ' }]) } }, /day off 2026-04-26 is a Sunday/);
  });

  it('a date under the wrong year, years with a gap, and a wrong shape', () => {
    rejects({ years: { 2025: year([{ date: '2026-01-01', name: 'X' }]) } }, /2026-01-01 is listed under year 2025/);
    rejects({ years: { 2025: year([]), 2027: year([]) } }, /2026 is missing/);
    rejects({ years: { 2025: { daysOff: [], workingDays: [] } } }, /years\.2025\.status/);
    rejects({ years: { 2025: { ...year([]), dayOff: [] } } }, /dayOff/);
  });

  it('reports every problem at once', () => {
    try {
      buildCalendar({
        years: {
          2025: year([
            { date: '2025-02-30', name: 'X' },
            { date: '2025-01-04', name: 'Y' },
          ]),
        },
      });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['years.2025.daysOff[0].date', 'years.2025.daysOff[1].date']);
    }
  });
});
