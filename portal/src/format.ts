/** Vietnamese forms: dates dd/mm/yyyy, numbers with a decimal comma. */
export function date(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A moment, in Hanoi time: 14:05 20/11/2026. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('hour')}:${get('minute')} ${get('day')}/${get('month')}/${get('year')}`;
}

export const number = (n: number): string => new Intl.NumberFormat('vi-VN').format(n);

/** "còn 5 ngày làm việc", "quá hạn 3 ngày làm việc", "đến hạn hôm nay". */
export function workingDays(n: number | undefined): string {
  if (n === undefined) return '';
  if (n > 0) return `còn ${n} ngày làm việc`;
  if (n < 0) return `quá hạn ${-n} ngày làm việc`;
  return 'đến hạn hôm nay';
}

/** A date typed as officials write it (20/11/2026) or picked (2026-11-20), as the API takes it. */
export function typedDate(s: string): string {
  return s.trim();
}

/** The deadline as written, and its date when the text is not a date already: "Quý IV/2025 (31/12/2025)". */
export function deadline(d: { text: string; dueDate?: string; revisedDueDate?: string }): string {
  const plain = /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(d.text.trim());
  return `${d.text}${d.dueDate && !plain ? ` (${date(d.dueDate)})` : ''}${d.revisedDueDate ? `; gia hạn đến ${date(d.revisedDueDate)}` : ''}`;
}
