import { describe, expect, it } from 'vitest';
import { number, periodLabel, recentPeriods, typedNumber, withUnit } from '../../portal/src/format';

describe("the portal's Vietnamese number and period forms", () => {
  it('reads a value as Vietnamese users type it, and leaves anything else for the API to refuse', () => {
    expect(typedNumber('6,1')).toBe(6.1);
    expect(typedNumber(' -0,25 ')).toBe(-0.25);
    expect(typedNumber('1.234,5')).toBe(1234.5);
    expect(typedNumber('6.1')).toBe(6.1);
    expect(typedNumber('42')).toBe(42);
    expect(typedNumber('sáu')).toBe('sáu');
    expect(typedNumber('1,2,3')).toBe('1,2,3');
    expect(typedNumber('')).toBe('');
  });

  it('shows numbers with a decimal comma', () => {
    expect(number(6.1)).toBe('6,1');
    expect(number(1234.5)).toBe('1.234,5');
  });

  it('writes a percentage without a space before the sign, other units after a space', () => {
    expect(withUnit(8.5, '%')).toBe('8,5%');
    expect(withUnit(362.5, 'nghìn tỷ đồng')).toBe('362,5 nghìn tỷ đồng');
    expect(withUnit(12, '')).toBe('12');
  });

  it('offers the recent periods of each frequency, the current one first', () => {
    const d = new Date(2026, 0, 15);
    expect(recentPeriods('quarterly', d, 3)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentPeriods('monthly', d, 3)).toEqual(['2026-01', '2025-12', '2025-11']);
    expect(recentPeriods('half_yearly', d, 3)).toEqual(['2026-H1', '2025-H2', '2025-H1']);
    expect(recentPeriods('yearly', d, 2)).toEqual(['2026', '2025']);
  });

  it('names periods in words', () => {
    expect(periodLabel('2025-Q3')).toBe('Quý III/2025');
    expect(periodLabel('2025-09')).toBe('Tháng 09/2025');
    expect(periodLabel('2025-H1')).toBe('6 tháng đầu năm 2025');
    expect(periodLabel('2025')).toBe('Năm 2025');
    expect(periodLabel('other')).toBe('other');
  });
});
