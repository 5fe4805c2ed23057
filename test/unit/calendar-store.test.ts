import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClock } from '../../shared/runtime/clock';
import {
  addWorkingDays,
  calendarFromData,
  effectiveDueDate,
  entryIssues,
  seedCalendarData,
  vnCalendar,
  workingDaysBetween,
  yearStatus,
  type CalendarData,
} from '../../shared/domain/calendar';
import { calendarWarnings } from '../../shared/digest/model';
import { calendarWarningVi } from '../../shared/digest/render';

// The store's one read (a Query of the CALENDAR partition), counted and answered by hand.
const query = vi.hoisted(() => ({ items: [] as Array<Record<string, unknown>>, calls: 0 }));
vi.mock('../../shared/data/table', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../shared/data/table')>()),
  queryAll: async () => {
    query.calls++;
    return query.items;
  },
}));
const { CALENDAR_CACHE_MS, forgetCalendar, loadCalendar } = await import('../../shared/data/calendar');

describe('the bundled calendar: 2026 as announced', () => {
  const seed = seedCalendarData();

  it('has the swap of New Year 2026: Friday 2/1 off, Saturday 10/1 worked (Công văn 12729/VPCP-KGVX)', () => {
    expect(vnCalendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(vnCalendar.isWorkingDay('2026-01-10')).toBe(true);
    // (Wed 31/12/2025, Mon 5/1/2026]: Thu 1/1 and Fri 2/1 off, Sat 3, Sun 4 weekend, Mon 5 works.
    expect(workingDaysBetween(vnCalendar, '2025-12-31', '2026-01-05')).toBe(1);
    // The working day after Friday 9/1/2026 is the make-up Saturday 10/1.
    expect(addWorkingDays(vnCalendar, '2026-01-09', 1)).toBe('2026-01-10');
    expect(seed.entries.find((e) => e.date === '2026-01-02')).toMatchObject({ kind: 'day-off', source: expect.stringContaining('12729/VPCP-KGVX') });
    expect(seed.entries.find((e) => e.date === '2026-01-10')).toMatchObject({ kind: 'working-day', source: expect.stringContaining('12729/VPCP-KGVX') });
  });

  it('has the swap of National Day 2026: Monday 31/8 off, Saturday 22/8 worked', () => {
    expect(vnCalendar.isWorkingDay('2026-08-31')).toBe(false);
    expect(vnCalendar.isWorkingDay('2026-08-22')).toBe(true);
    // "Tháng 8/2026" is due Monday 31/8: 31/8, 1/9, 2/9 are off, so Thursday 3/9.
    expect(effectiveDueDate(vnCalendar, '2026-08-31')).toBe('2026-09-03');
    // (Fri 21/8, Mon 24/8]: Sat 22 works, Sun 23 off, Mon 24 works.
    expect(workingDaysBetween(vnCalendar, '2026-08-21', '2026-08-24')).toBe(2);
  });

  it('does not count 24/11 (Ngày Văn hóa Việt Nam, pending) as a day off', () => {
    expect(vnCalendar.isWorkingDay('2026-11-24')).toBe(true);
  });

  it('names a source for every entry', () => {
    expect(seed.entries.filter((e) => !e.source.trim())).toEqual([]);
    expect(seed.entries.filter((e) => e.date.startsWith('2027-')).every((e) => e.projected)).toBe(true);
  });

  it('says which years are announced: 2025, 2026; projected: 2027-2030 and every year after', () => {
    expect([2025, 2026, 2027, 2030, 2031, 2040].map((y) => yearStatus(seed, y))).toEqual([
      'announced',
      'announced',
      'projected',
      'projected',
      'projected',
      'projected',
    ]);
  });

  it('gives the same calendar from the data as from the file', () => {
    const fromData = calendarFromData(seed);
    for (const d of ['2025-01-27', '2025-04-26', '2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31', '2027-02-10', '2030-09-03', '2031-01-01']) {
      expect(fromData.isWorkingDay(d), d).toBe(vnCalendar.isWorkingDay(d));
    }
    expect(fromData.dayOffName('2026-01-02')).toBe('Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/1/2026)');
  });
});

describe('calendar entries', () => {
  it('refuses a date that is not a date, a day off on a weekend and a working day on a weekday', () => {
    expect(entryIssues({ date: '2026-02-30', kind: 'day-off' })[0]?.en).toBe('not a valid date: "2026-02-30" (write YYYY-MM-DD)');
    expect(entryIssues({ date: '2026-01-03', kind: 'day-off' })[0]?.en).toMatch(/^day off 2026-01-03 is a Saturday/);
    expect(entryIssues({ date: '2026-01-05', kind: 'working-day' })[0]?.vi).toBe('Ngày làm bù 2026-01-05 là Thứ Hai, không phải thứ Bảy hoặc Chủ nhật');
    expect(entryIssues({ date: '2026-01-05', kind: 'day-off' })).toEqual([]);
    expect(entryIssues({ date: '2026-01-10', kind: 'working-day' })).toEqual([]);
  });

  it('leaves a bad entry out of the calendar rather than failing the runs', () => {
    const cal = calendarFromData({
      entries: [
        { date: '2031-01-04', kind: 'day-off', name: 'Thứ Bảy', source: 'x' },
        { date: '2031-01-06', kind: 'day-off', name: 'Nghỉ', source: 'x' },
      ],
    });
    expect(cal.isWorkingDay('2031-01-06')).toBe(false);
    expect(cal.dayOffName('2031-01-04')).toBe('Thứ Bảy');
    expect([cal.firstYear, cal.lastYear]).toEqual([2031, 2031]);
  });

  it('makes a year announced when the office records one announced day in it', () => {
    const data: CalendarData = { entries: [{ date: '2027-01-01', kind: 'day-off', name: 'Tết Dương lịch', source: 'Luật', projected: true }] };
    expect(yearStatus(data, 2027)).toBe('projected');
    data.entries.push({ date: '2027-02-05', kind: 'day-off', name: 'Tết', source: 'Thông báo' });
    expect(yearStatus(data, 2027)).toBe('announced');
  });
});

describe("the office's digest warning", () => {
  const seed = seedCalendarData();

  it('warns from three months before a year without an announced calendar starts', () => {
    expect(calendarWarnings(seed, '2026-09-28')).toEqual([]);
    // 2027 has 11 projected days off (1/1; 4, 5, 8, 9, 10/2; 16/4; 30/4; 3/5; 2/9; 3/9).
    expect(calendarWarnings(seed, '2026-10-05')).toEqual([{ year: 2027, projectedEntries: 11 }]);
    expect(calendarWarnings(seed, '2026-12-07')).toEqual([{ year: 2027, projectedEntries: 11 }]);
    expect(calendarWarnings(seed, '2027-03-01')).toEqual([{ year: 2027, projectedEntries: 11 }]);
    // After 2030 nothing is known: only weekends count, and the office is told so.
    expect(calendarWarnings(seed, '2031-01-06')).toEqual([{ year: 2031, projectedEntries: 0 }]);
  });

  it('says what is counted', () => {
    expect(calendarWarningVi({ year: 2027, projectedEntries: 11 })).toBe(
      'Lưu ý: lịch nghỉ lễ, Tết năm 2027 chưa được cập nhật theo thông báo chính thức; thời hạn đang được tính theo lịch nghỉ DỰ KIẾN (11 ngày tính theo Bộ luật Lao động 2019). Đề nghị Văn phòng cập nhật lịch ngày nghỉ và ngày làm bù năm 2027 khi có thông báo.',
    );
    expect(calendarWarningVi({ year: 2031, projectedEntries: 0 })).toMatch(/chỉ thứ Bảy, Chủ nhật là ngày nghỉ \(chưa tính Tết/);
  });
});

describe('the calendar store', () => {
  let restore: () => void;
  let t = Date.UTC(2026, 0, 5, 1);
  beforeEach(() => {
    restore = setClock(() => new Date(t));
    forgetCalendar();
    query.calls = 0;
  });
  afterEach(() => restore());

  it('uses the bundled calendar until the table is seeded', async () => {
    query.items = [];
    const { calendar, data } = await loadCalendar();
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(data.entries.length).toBe(seedCalendarData().entries.length);
  });

  it("reads the table's days once seeded, leaving out removed ones", async () => {
    query.items = [
      { pk: 'CALENDAR', sk: 'SEEDED' },
      { pk: 'CALENDAR', sk: 'DAY#2026-01-02', entity: 'calendar-day', date: '2026-01-02', removed: true },
      { pk: 'CALENDAR', sk: 'DAY#2026-03-06', entity: 'calendar-day', date: '2026-03-06', kind: 'day-off', name: 'Nghỉ', source: 'Thông báo' },
      { pk: 'CALENDAR', sk: 'HISTORY#2026-01-05T01:00:00.000Z#r1', entity: 'history', date: '2026-01-02' },
    ];
    const { calendar, data } = await loadCalendar();
    expect(data.entries).toEqual([{ date: '2026-03-06', kind: 'day-off', name: 'Nghỉ', source: 'Thông báo' }]);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(true); // removed: an ordinary Friday
    expect(calendar.isWorkingDay('2026-03-06')).toBe(false);
  });

  it('keeps what it read for five minutes, then reads again', async () => {
    query.items = [{ pk: 'CALENDAR', sk: 'SEEDED' }];
    expect(CALENDAR_CACHE_MS).toBe(300_000);
    const first = await loadCalendar();
    t += 299_999;
    expect(await loadCalendar()).toBe(first);
    expect(query.calls).toBe(1);
    t += 1;
    expect(await loadCalendar()).not.toBe(first);
    expect(query.calls).toBe(2);
    forgetCalendar();
    await loadCalendar();
    expect(query.calls).toBe(3);
  });
});
