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
  ])('%s → %s due %s', (text, kind, due) => {
    expect(parseDeadline(text)).toMatchObject({ kind, dueDate: due });
  });

  it.each([
    ['Thường xuyên', 'continuous'],
    ['Hằng năm', 'year'],
    ['Hàng năm', 'year'],
    ['Hằng quý', 'quarter'],
    ['Hằng tháng', 'month'],
  ])('%s is recurring every %s', (text, every) => {
    expect(parseDeadline(text)).toEqual({ kind: 'recurring', text, every });
  });

  it('reads text written in decomposed Unicode (NFD) the same as NFC', () => {
    expect(parseDeadline('Quý III/2025'.normalize('NFD'))).toMatchObject({ kind: 'quarter', dueDate: '2025-09-30' });
  });

  it.each(['31/2/2025', '30/13/2025', 'Tháng 13/2025', 'Quý V/2025', 'sớm', '2025-09-30', '', 'Năm 25'])(
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
