import { ValidationError, issue } from './errors';
import { daysInMonth, isValidDate, isoDate, type IsoDate } from './dates';

/**
 * A deadline (thời hạn) as agencies write it. A dated deadline falls due at the end of its last
 * day: a month, a quarter, a half-year or a year is due on its final calendar day.
 * A recurring one ("Thường xuyên", "Hằng quý") has no single due date.
 */
export type Deadline =
  { kind: 'date' | 'month' | 'quarter' | 'half' | 'year'; text: string; dueDate: IsoDate } | { kind: 'recurring'; text: string; every: Recurrence };

export type Recurrence = 'continuous' | 'month' | 'quarter' | 'year';

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

const RECURRING: Record<string, Recurrence> = {
  'thường xuyên': 'continuous',
  'hằng tháng': 'month',
  'hàng tháng': 'month',
  'hằng quý': 'quarter',
  'hàng quý': 'quarter',
  'hằng năm': 'year',
  'hàng năm': 'year',
};

const YEAR = '(\\d{4})';
const SEP = '\\s*(?:/|năm)\\s*';
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => { kind: 'date' | 'month' | 'quarter' | 'half' | 'year'; y: number; m: number; d?: number } | string]> =
  [
    [
      new RegExp(`^(?:ngày\\s*)?(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*${YEAR}$`),
      (m) => {
        const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
        return isValidDate(y, mo, d) ? { kind: 'date', y, m: mo, d } : `no such date: ${m[0]}`;
      },
    ],
    [
      new RegExp(`^tháng\\s*(\\d{1,2})${SEP}${YEAR}$`),
      (m) => {
        const [mo, y] = [Number(m[1]), Number(m[2])];
        return mo >= 1 && mo <= 12 ? { kind: 'month', y, m: mo } : `no such month: ${m[1]}`;
      },
    ],
    [new RegExp(`^quý\\s*(i{1,3}|iv|[1-4])${SEP}${YEAR}$`), (m) => ({ kind: 'quarter', y: Number(m[2]), m: ROMAN[m[1]!]! * 3 })],
    [new RegExp(`^6 tháng (đầu|cuối) năm\\s*${YEAR}$`), (m) => ({ kind: 'half', y: Number(m[2]), m: m[1] === 'đầu' ? 6 : 12 })],
    [new RegExp(`^năm\\s*${YEAR}$`), (m) => ({ kind: 'year', y: Number(m[1]), m: 12 })],
  ];

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:trước|chậm nhất|trong|hoàn thành trong|hoàn thành trước)\s+/, '');
}

/**
 * Parses a deadline in one of the forms agencies write. Throws a ValidationError (naming `field`)
 * for anything else, so that an import or an API call can say exactly what is wrong.
 */
export function parseDeadline(text: string, field = 'deadline'): Deadline {
  const original = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  const s = normalise(text);
  const every = RECURRING[s];
  if (every) return { kind: 'recurring', text: original, every };
  for (const [re, build] of PATTERNS) {
    const m = s.match(re);
    if (!m) continue;
    const r = build(m);
    if (typeof r === 'string' || r.y < 2000 || r.y > 2100) {
      throw new ValidationError([issue(field, `Thời hạn "${original}" không phải là ngày có thật.`, `Deadline "${original}" is not a real date.`)]);
    }
    const day = r.d ?? daysInMonth(r.y, r.m);
    return { kind: r.kind, text: original, dueDate: isoDate(r.y, r.m, day) };
  }
  throw new ValidationError([
    issue(
      field,
      `Không hiểu thời hạn "${original}". Dùng một trong các dạng: 30/9/2025, Tháng 9/2025, Quý III/2025, 6 tháng đầu năm 2025, Năm 2025, Thường xuyên, Hằng quý, Hằng năm.`,
      `Cannot read deadline "${original}". Use one of: 30/9/2025, Tháng 9/2025, Quý III/2025, 6 tháng đầu năm 2025, Năm 2025, Thường xuyên, Hằng quý, Hằng năm.`,
    ),
  ]);
}

export const dueDateOf = (d: Deadline): IsoDate | undefined => (d.kind === 'recurring' ? undefined : d.dueDate);
