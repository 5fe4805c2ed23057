import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../shared/domain/deadline';
import { ValidationError } from '../../shared/domain/errors';

describe('parseDeadline', () => {
  it.each([
    ['30/9/2025', 'date', '2025-09-30'],
    ['05/01/2026', 'date', '2026-01-05'],
    ['Trước ngày 15/12/2025', 'date', '2025-12-15'],
    ['Tháng 9/2025', 'month', '2025-09-30'],
    ['tháng 2 năm 2028', 'month', '2028-02-29'],
    ['Tháng 2/2026', 'month', '2026-02-28'],
    ['Quý III/2025', 'quarter', '2025-09-30'],
    ['Quý I/2026', 'quarter', '2026-03-31'],
    ['quý 4 năm 2025', 'quarter', '2025-12-31'],
    ['6 tháng đầu năm 2025', 'half', '2025-06-30'],
    ['6 tháng cuối năm 2026', 'half', '2026-12-31'],
    ['Năm 2025', 'year', '2025-12-31'],
    ['  năm   2030 ', 'year', '2030-12-31'],
    // As appendices write them.
    ['Giai đoạn 2026-2030', 'year', '2030-12-31'],
    ['2025-2030', 'year', '2030-12-31'],
    ['Năm 2025-2026', 'year', '2026-12-31'],
    ['ngày 30 tháng 9 năm 2025', 'date', '2025-09-30'],
    ['Ngày 5 tháng 1 năm 2026', 'date', '2026-01-05'],
    ['Quý III-2025', 'quarter', '2025-09-30'],
    ['Tháng 9-2025', 'month', '2025-09-30'],
    ['Quí III/2025', 'quarter', '2025-09-30'],
    ['Qúy III/2025', 'quarter', '2025-09-30'],
    ['06 tháng đầu năm 2026', 'half', '2026-06-30'],
    ['Cuối năm 2025', 'year', '2025-12-31'],
    ['Tháng 12/2025 (trình HĐND)', 'month', '2025-12-31'],
    ['Quý IV/2025 (báo cáo UBND Thành phố)', 'quarter', '2025-12-31'],
    // "Trước" a period: done before it begins, by the last day of the one before.
    ['Trước tháng 9/2025', 'month', '2025-08-31'],
    ['Trước tháng 1/2026', 'month', '2025-12-31'],
    ['Trước tháng 3/2028', 'month', '2028-02-29'],
    ['Trước quý IV/2025', 'quarter', '2025-09-30'],
    ['Trước Quý I/2026', 'quarter', '2025-12-31'],
    ['Trước năm 2026', 'year', '2025-12-31'],
    ['Hoàn thành trước 6 tháng cuối năm 2025', 'half', '2025-06-30'],
    // "Chậm nhất", "trong": the period itself.
    ['Chậm nhất tháng 9/2025', 'month', '2025-09-30'],
    ['Trong quý III/2025', 'quarter', '2025-09-30'],
  ])('%s → %s due %s', (text, kind, due) => {
    expect(parseDeadline(text)).toMatchObject({ kind, dueDate: due });
  });

  it.each([
    ['Thường xuyên', 'continuous'],
    ['Hằng năm', 'year'],
    ['Hàng năm', 'year'],
    ['Hằng quý', 'quarter'],
    ['Hằng tháng', 'month'],
    ['Hàng quý', 'quarter'],
    ['Thường xuyên, hằng năm', 'year'],
    ['Định kỳ hằng quý', 'quarter'],
    ['Năm 2025 và các năm tiếp theo', 'year'],
  ])('%s is recurring every %s', (text, every) => {
    expect(parseDeadline(text)).toEqual({ kind: 'recurring', text, every });
  });

  it.each([
    ['Quý 5/2025', 'Quý III/2025'],
    ['Q3/2026', 'Quý III/2026'],
    ['Thang 9/2026', 'Tháng 9/2026'],
    ['30.9.25', '30/9/2025'],
    ['Giai đoạn 2026 đến 2030', 'Giai đoạn 2026-2030'],
  ])('refuses %j and suggests the closest form it reads, %j', (text, form) => {
    try {
      parseDeadline(text, 'deadline');
      expect.unreachable();
    } catch (e) {
      const [i] = (e as ValidationError).issues;
      expect(i?.vi).toContain(`"${form}"`);
      expect(i?.en).toContain(`"${form}"`);
    }
  });

  it('reads text written in decomposed Unicode (NFD) the same as NFC', () => {
    expect(parseDeadline('Quý III/2025'.normalize('NFD'))).toMatchObject({ kind: 'quarter', dueDate: '2025-09-30' });
  });

  it.each(['31/2/2025', '30/13/2025', 'Tháng 13/2025', 'Quý V/2025', 'sớm', '2025-09-30', '', 'Năm 25', 'Giai đoạn 2030-2026', 'ngày 31 tháng 4 năm 2026'])(
    'rejects %j with a message naming the field',
    (text) => {
      try {
        parseDeadline(text, 'deadline');
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        const [i] = (e as ValidationError).issues;
        expect(i?.field).toBe('deadline');
        expect(i?.vi).toMatch(/Thời hạn|thời hạn/);
        expect(i?.en).toMatch(/[Dd]eadline/);
      }
    },
  );
});
