import { ValidationError, issue } from './errors';
import { addDays, daysInMonth, isValidDate, isoDate, type IsoDate } from './dates';

/**
 * A deadline (thời hạn) as agencies write it. A dated deadline falls due at the end of its last
 * day: a month, a quarter, a half-year or a year is due on its final calendar day, a range of
 * years ("Giai đoạn 2026-2030") on the last day of its last year, and "trước" a period ("Trước
 * quý IV/2025") on the last day before the period begins.
 * A recurring one ("Thường xuyên", "Hằng quý") has no single due date.
 */
export type Deadline =
  | { kind: 'date' | 'month' | 'quarter' | 'half' | 'year'; text: string; dueDate: IsoDate }
  | { kind: 'recurring'; text: string; every: Recurrence; cutoffDay?: number };

export type Recurrence = 'continuous' | 'month' | 'quarter' | 'year';

type Dated = { kind: 'date' | 'month' | 'quarter' | 'half' | 'year'; y: number; from: number; to: number; d?: number };

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const EVERY: Record<string, Recurrence> = { tháng: 'month', quý: 'quarter', năm: 'year' };

const YEAR = '(\\d{4})';
const SEP = '\\s*(?:/|-|năm)\\s*';
/** Each form read, as the months it spans (from..to) of year y; a range of years is its last year. */
const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => Dated | string]> = [
  [
    new RegExp(`^(?:ngày\\s*)?(\\d{1,2})\\s*(?:[/.-]|tháng)\\s*(\\d{1,2})\\s*(?:[/.-]|năm)\\s*${YEAR}$`),
    (m) => {
      const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return isValidDate(y, mo, d) ? { kind: 'date', y, from: mo, to: mo, d } : `no such date: ${m[0]}`;
    },
  ],
  [
    new RegExp(`^tháng\\s*(\\d{1,2})${SEP}${YEAR}$`),
    (m) => {
      const [mo, y] = [Number(m[1]), Number(m[2])];
      return mo >= 1 && mo <= 12 ? { kind: 'month', y, from: mo, to: mo } : `no such month: ${m[1]}`;
    },
  ],
  [new RegExp(`^quý\\s*(i{1,3}|iv|[1-4])${SEP}${YEAR}$`), (m) => ({ kind: 'quarter', y: Number(m[2]), from: ROMAN[m[1]!]! * 3 - 2, to: ROMAN[m[1]!]! * 3 })],
  [
    new RegExp(`^0?6 tháng (đầu|cuối) năm\\s*${YEAR}$`),
    (m) => ({ kind: 'half', y: Number(m[2]), ...(m[1] === 'đầu' ? { from: 1, to: 6 } : { from: 7, to: 12 }) }),
  ],
  [new RegExp(`^năm\\s*${YEAR}$`), (m) => ({ kind: 'year', y: Number(m[1]), from: 1, to: 12 })],
  [
    new RegExp(`^(?:giai đoạn\\s*|năm\\s*)?${YEAR}\\s*[-–]\\s*${YEAR}$`),
    (m) => (Number(m[2]) > Number(m[1]) ? { kind: 'year', y: Number(m[2]), from: 1, to: 12 } : `not a range: ${m[0]}`),
  ],
];

/** Words before the period that leave its due date as it is ("chậm nhất", "trong", "cuối"). */
const BY = /^(?:chậm nhất|hoàn thành trong|trong|cuối)\s+/;
/** Words that make the deadline the day before the period begins. */
const BEFORE = /^(?:hoàn thành trước|trước)\s+/;

function normalise(text: string): string {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
      // A note after the deadline: "Tháng 12/2025 (trình HĐND)".
      .replace(/\s*\([^()]*\)$/, '')
      .replace(/[.;,]$/, '')
      // Spellings met in appendices: "Quí", "Qúy"; "hàng" for "hằng".
      .replace(/(?<!\p{L})q(?:uí|úy)(?!\p{L})/gu, 'quý')
      .replace(/(?<!\p{L})hàng (tháng|quý|năm)(?!\p{L})/gu, 'hằng $1')
  );
}

function recurrence(s: string): Recurrence | undefined {
  if (s === 'thường xuyên') return 'continuous';
  const m = /^(?:thường xuyên,? |định kỳ )?hằng (tháng|quý|năm)$/.exec(s);
  if (m) return EVERY[m[1]!];
  if (/^(?:từ )?năm \d{4} và các năm tiếp theo$/.test(s)) return 'year';
  return undefined;
}

/** The forms an error suggests, each with the words that point to it (text without diacritics). */
const FORMS: Array<[RegExp, string]> = [
  [/giai doan|\d{4}\s*(?:-|den|toi)\s*\d{4}/, 'Giai đoạn 2026-2030'],
  [/\b0?6 thang|thang (?:dau|cuoi)/, '6 tháng đầu năm 2025'],
  [/\bq(?:uy|ui)?\b|\bq\s*\d/, 'Quý III/2025'],
  [/thang/, 'Tháng 9/2025'],
  [/hang|dinh ky|thuong xuyen/, 'Hằng quý'],
  [/\d{1,2}\s*[./-]\s*\d{1,2}/, '30/9/2025'],
  [/nam/, 'Năm 2025'],
];
const ALL_FORMS =
  '30/9/2025, ngày 30 tháng 9 năm 2025, Tháng 9/2025, Quý III/2025, 6 tháng đầu năm 2025, Năm 2025, Giai đoạn 2026-2030, Trước quý IV/2025, Thường xuyên, Hằng quý, Hằng năm';

/** The form closest to what was written, with its years where it has them. */
function closestForm(text: string): string | undefined {
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
  const form = FORMS.find(([re]) => re.test(plain))?.[1];
  if (!form) return undefined;
  const years = plain.match(/\b\d{4}\b/g) ?? [];
  let i = 0;
  return form.replace(/\b\d{4}\b/g, (y) => years[i++] ?? years[0] ?? y);
}

/**
 * Parses a deadline in one of the forms agencies write. Throws a ValidationError (naming `field`)
 * for anything else, suggesting the closest form it reads, so that an import or an API call can
 * say exactly what is wrong.
 */
export function parseDeadline(text: string, field = 'deadline'): Deadline {
  const original = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  let s = normalise(text);
  const every = recurrence(s);
  if (every) return { kind: 'recurring', text: original, every };
  const before = BEFORE.test(s);
  s = s.replace(BEFORE, '').replace(BY, '');
  for (const [re, build] of PATTERNS) {
    const m = s.match(re);
    if (!m) continue;
    const r = build(m);
    if (typeof r === 'string' || r.y < 2000 || r.y > 2100) {
      throw new ValidationError([issue(field, `Thời hạn "${original}" không phải là ngày có thật.`, `Deadline "${original}" is not a real date.`)]);
    }
    // "Trước ngày 15/12/2025" keeps its day, as agencies read it; "trước" a period ends the day before it.
    const dueDate = before && r.kind !== 'date' ? addDays(isoDate(r.y, r.from, 1), -1) : isoDate(r.y, r.to, r.d ?? daysInMonth(r.y, r.to));
    return { kind: r.kind, text: original, dueDate };
  }
  const form = closestForm(original);
  const hint = form ? { vi: ` Có phải là "${form}"?`, en: ` Did you mean "${form}"?` } : { vi: '', en: '' };
  throw new ValidationError([
    issue(
      field,
      `Không hiểu thời hạn "${original}".${hint.vi} Dùng một trong các dạng: ${ALL_FORMS}.`,
      `Cannot read deadline "${original}".${hint.en} Use one of: ${ALL_FORMS}.`,
    ),
  ]);
}

export const dueDateOf = (d: Deadline): IsoDate | undefined => (d.kind === 'recurring' ? undefined : d.dueDate);
