import { z } from 'zod';
import { quoted } from '../../shared/domain/errors';

/** Years a date typed into the API may be in: documents, deadlines and extensions of a programme. */
export const DATE_YEARS = { first: 1900, last: 2100 } as const;

/**
 * A date as officials write it (30/9/2025) or in ISO form (2025-09-30), between 1/1/1900 and
 * 31/12/2100: a deadline extended to 31/12/9999 is a typo, and the ladder cannot count working
 * days past year 9999.
 */
const parseDate = z.string().transform((s, ctx) => {
  const m = s.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/) ?? s.trim().match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (m) {
    const [y, mo, d] = s.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const dt = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(dt.getTime()) && dt.toISOString().startsWith(iso)) {
      const year = Number(y);
      if (year >= DATE_YEARS.first && year <= DATE_YEARS.last) return iso;
      ctx.addIssue({
        code: 'custom',
        message: 'year out of range',
        params: {
          vi: `Ngày "${quoted(s, 20)}" phải trong các năm ${DATE_YEARS.first}-${DATE_YEARS.last}.`,
          en: `The date "${quoted(s, 20)}" must be in the years ${DATE_YEARS.first}-${DATE_YEARS.last}.`,
        },
      });
      return z.NEVER;
    }
  }
  ctx.addIssue({
    code: 'custom',
    message: 'not a date',
    params: { vi: `"${quoted(s, 40)}" không phải là ngày hợp lệ (dd/mm/yyyy).`, en: `"${quoted(s, 40)}" is not a valid date (dd/mm/yyyy).` },
  });
  return z.NEVER;
});

export const DateInput = parseDate.meta({ description: `A date, dd/mm/yyyy or yyyy-mm-dd, in the years ${DATE_YEARS.first}-${DATE_YEARS.last}` });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const Text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1).max(max))
    .refine((s) => !CONTROL.test(s), { params: { vi: 'Có ký tự điều khiển không hợp lệ.', en: 'Contains control characters.' } })
    .refine((s) => s.isWellFormed(), { params: { vi: 'Có ký tự Unicode hỏng.', en: 'Contains malformed Unicode.' } })
    .meta({ description: `Text, trimmed: 1 to ${max} characters, no control characters` });

/** What each attribute of a page cursor's key must be, by name: exactly these, all strings. */
export type CursorKey = Record<string, (value: string) => boolean>;

/**
 * Whether a page cursor (base64url JSON of the last item's key, as this API hands it out) belongs
 * to a query. DynamoDB refuses a start key with other attributes, of another partition, or outside
 * the key condition, so a cursor made up, or taken from another query, is checked here, not there.
 */
export function cursorFits(raw: string, key: CursorKey): boolean {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const entries = Object.entries(v);
  return (
    entries.length === Object.keys(key).length &&
    entries.every(([k, x]) => Object.hasOwn(key, k) && typeof x === 'string' && x.length <= 1024 && x.isWellFormed() && key[k]!(x))
  );
}

export const CURSOR_ISSUE = {
  vi: 'Con trỏ trang không hợp lệ cho truy vấn này; dùng nextCursor của trang trước, với cùng bộ lọc.',
  en: 'The page cursor does not belong to this query; use the nextCursor of the previous page, with the same filters.',
} as const;
