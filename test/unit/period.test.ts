import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import { FREQUENCY_KIND, comparePeriods, parsePeriod, periodLabelEn, periodLabelVi, periodsInYear, tryParsePeriod } from '../../shared/domain/period';

describe('parsePeriod', () => {
  it.each([
    ['2025-09', { id: '2025-09', kind: 'month', year: 2025, index: 9, start: '2025-09-01', end: '2025-09-30' }],
    ['2028-2', { id: '2028-02', kind: 'month', year: 2028, index: 2, start: '2028-02-01', end: '2028-02-29' }],
    ['2025-Q3', { id: '2025-Q3', kind: 'quarter', year: 2025, index: 3, start: '2025-07-01', end: '2025-09-30' }],
    ['2025-q4', { id: '2025-Q4', kind: 'quarter', year: 2025, index: 4, start: '2025-10-01', end: '2025-12-31' }],
    ['2025-H1', { id: '2025-H1', kind: 'half', year: 2025, index: 1, start: '2025-01-01', end: '2025-06-30' }],
    [' 2026-h2 ', { id: '2026-H2', kind: 'half', year: 2026, index: 2, start: '2026-07-01', end: '2026-12-31' }],
    ['2025', { id: '2025', kind: 'year', year: 2025, index: 1, start: '2025-01-01', end: '2025-12-31' }],
  ])('%j', (text, expected) => {
    expect(parsePeriod(text)).toEqual(expected);
  });

  it.each(['2025-13', '2025-00', '2025-Q5', '2025-Q0', '2025-H3', '2025-H0', 'Q3/2025', '2025-Q', '25', '2025/09', '', 'Quý III/2025', '1899'])(
    'rejects %j with a ValidationError naming the field in both languages',
    (text) => {
      try {
        parsePeriod(text, 'ky');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        const [i] = (e as ValidationError).issues;
        expect(i?.field).toBe('ky');
        expect(i?.vi).toMatch(/[Kk]ỳ/);
        expect(i?.en).toMatch(/[Pp]eriod/);
      }
    },
  );

  it('says what is wrong with month 13, Q5 and H3', () => {
    const en = (t: string) => {
      try {
        parsePeriod(t);
      } catch (e) {
        return (e as ValidationError).issues[0]!.en;
      }
      return '';
    };
    expect(en('2025-13')).toMatch(/no month 13/);
    expect(en('2025-Q5')).toMatch(/no quarter 5/);
    expect(en('2025-H3')).toMatch(/no half-year H3/);
    expect(tryParsePeriod('2025-Q5')).toBeUndefined();
  });
});

describe('periods in a year', () => {
  it('lists 12 months, 4 quarters, 2 halves, 1 year', () => {
    expect(periodsInYear(2025, 'month').map((p) => p.id)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(periodsInYear(2025, 'quarter').map((p) => p.end)).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']);
    expect(periodsInYear(2025, 'half').map((p) => p.id)).toEqual(['2025-H1', '2025-H2']);
    expect(periodsInYear(2025, 'year').map((p) => p.id)).toEqual(['2025']);
  });

  it('maps frequencies to period kinds', () => {
    expect(FREQUENCY_KIND).toEqual({ monthly: 'month', quarterly: 'quarter', half_yearly: 'half', yearly: 'year' });
  });

  it('orders periods chronologically', () => {
    const ids = ['2026-Q1', '2025', '2025-Q4', '2024-Q4', '2025-Q1'].map((t) => parsePeriod(t));
    expect(ids.sort(comparePeriods).map((p) => p.id)).toEqual(['2024-Q4', '2025-Q1', '2025-Q4', '2025', '2026-Q1']);
  });
});

describe('labels', () => {
  it.each([
    ['2025-09', 'Tháng 9/2025', 'September 2025'],
    ['2025-Q1', 'Quý I/2025', 'Q1 2025'],
    ['2025-Q3', 'Quý III/2025', 'Q3 2025'],
    ['2025-Q4', 'Quý IV/2025', 'Q4 2025'],
    ['2025-H1', '6 tháng đầu năm 2025', 'H1 2025'],
    ['2025-H2', '6 tháng cuối năm 2025', 'H2 2025'],
    ['2025', 'Năm 2025', '2025'],
  ])('%s → %s / %s', (id, vi, en) => {
    expect(periodLabelVi(parsePeriod(id))).toBe(vi);
    expect(periodLabelEn(parsePeriod(id))).toBe(en);
  });
});
