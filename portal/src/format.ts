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

/** A value with its unit: "8,5%" (a percentage sign without a space, as Vietnamese reports write it), "362,5 nghìn tỷ đồng". */
export const withUnit = (n: number, unit: string): string => (unit === '%' ? `${number(n)}%` : `${number(n)} ${unit}`.trim());

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

/**
 * A number as Vietnamese users type it: "6,1" → 6.1, "1.234,5" → 1234.5, "6.1" → 6.1 (the API
 * reads its text by the same rule). Anything else is returned as typed, for the API to refuse with
 * its reason.
 */
export function typedNumber(s: string): number | string {
  const t = s.trim().replace(/\s+/g, '');
  if (/^-?\d{1,3}(\.\d{3})*,\d+$/.test(t) || /^-?\d+,\d+$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return s.trim();
}

export type Frequency = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** A period in words: "Quý III/2025", "Tháng 09/2025", "6 tháng đầu năm 2025", "Năm 2025". */
export function periodLabel(p: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-Q([1-4])$/.exec(p))) return `Quý ${ROMAN[Number(m[2]) - 1]}/${m[1]}`;
  if ((m = /^(\d{4})-(\d{2})$/.exec(p))) return `Tháng ${m[2]}/${m[1]}`;
  if ((m = /^(\d{4})-H([12])$/.exec(p))) return `6 tháng ${m[2] === '1' ? 'đầu' : 'cuối'} năm ${m[1]}`;
  if (/^\d{4}$/.test(p)) return `Năm ${p}`;
  return p;
}

/** The latest periods of a frequency up to the one `today` falls in, most recent first. */
export function recentPeriods(frequency: Frequency, today: Date, count = 6): string[] {
  const y = today.getFullYear();
  const m = today.getMonth(); // 0-based
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (frequency === 'monthly') {
      const d = new Date(y, m - i, 1);
      out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`);
    } else if (frequency === 'quarterly') {
      const q = y * 4 + Math.floor(m / 3) - i;
      out.push(`${Math.floor(q / 4)}-Q${(q % 4) + 1}`);
    } else if (frequency === 'half_yearly') {
      const h = y * 2 + Math.floor(m / 6) - i;
      out.push(`${Math.floor(h / 2)}-H${(h % 2) + 1}`);
    } else out.push(String(y - i));
  }
  return out;
}

export const FREQUENCY_VI: Record<Frequency, string> = { monthly: 'Hằng tháng', quarterly: 'Hằng quý', half_yearly: '6 tháng', yearly: 'Hằng năm' };

/** "+2 so với tuần trước", "−1 so với tuần trước", "không đổi so với tuần trước". */
export function changeText(n: number): string {
  if (n === 0) return 'không đổi so với tuần trước';
  return `${n > 0 ? '+' : '−'}${Math.abs(n)} so với tuần trước`;
}
