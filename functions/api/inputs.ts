import { z } from 'zod';

/** A date as officials write it (30/9/2025) or in ISO form (2025-09-30). */
export const DateInput = z.string().transform((s, ctx) => {
  const m = s.trim().match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/) ?? s.trim().match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (m) {
    const [y, mo, d] = s.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const dt = new Date(`${iso}T00:00:00Z`);
    if (!Number.isNaN(dt.getTime()) && dt.toISOString().startsWith(iso)) return iso;
  }
  ctx.addIssue({ code: 'custom', message: 'not a date', params: { vi: `"${s}" không phải là ngày hợp lệ (dd/mm/yyyy).`, en: `"${s}" is not a valid date (dd/mm/yyyy).` } });
  return z.NEVER;
});

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const Text = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1).max(max))
    .refine((s) => !CONTROL.test(s), { params: { vi: 'Có ký tự điều khiển không hợp lệ.', en: 'Contains control characters.' } })
    .refine((s) => s.isWellFormed(), { params: { vi: 'Có ký tự Unicode hỏng.', en: 'Contains malformed Unicode.' } });

