/**
 * Text helpers for outgoing email: cleaning untrusted strings (titles, notes and names come from
 * agencies), cutting them to a length on a word, and Vietnamese date formats.
 * Pure: no clock reads, every instant is passed in.
 */
import { TIME_ZONE } from '../domain/dates';

// C0/C1 controls and DEL; bidi embedding/override/isolate marks (they can reorder what a reader
// sees); the BOM. Whitespace controls (\t \n \r \f \v) are handled by the whitespace rules first.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// Every kind of whitespace, including NBSP, U+0085, U+2028 and U+2029.
const ANY_SPACE = /[\s\u0085]+/g;

function scrub(s: unknown): string {
  const str = typeof s === 'string' ? s : s === undefined || s === null ? '' : String(s);
  return str
    .toWellFormed()
    .normalize('NFC')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(/[\t\v\f]/g, ' ')
    .replace(CONTROL, '');
}

/** NFC, well-formed (no lone surrogates), without control or bidi characters. Keeps line breaks. */
export function cleanText(s: unknown): string {
  return scrub(s)
    .replace(/[ \u00A0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** As oneLine, but leading and trailing spaces are kept (for pieces joined into a sentence). */
export function flatten(s: unknown): string {
  return scrub(s).replace(ANY_SPACE, ' ');
}

/** One line: every run of whitespace (line breaks included) becomes a single space. */
export function oneLine(s: unknown): string {
  return flatten(s).trim();
}

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 code units. A longer string is cut after a whole word where one ends late
 * enough (else after a whole grapheme: a long URL, say) and ends with "…".
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return max === 1 ? '…' : '';
  const budget = max - 1;
  let end = 0;
  for (const g of graphemes.segment(s)) {
    if (g.index + g.segment.length > budget) break;
    end = g.index + g.segment.length;
  }
  const head = s.slice(0, end);
  // Cut on a word when the string continues with a space (the word is whole) or at the last space.
  const wholeWord = /\s/.test(s.charAt(end)) ? end : head.search(/\s\S*$/);
  const cut = wholeWord >= budget / 2 ? head.slice(0, wholeWord) : head;
  return `${cut.replace(/[\s,;:.\-–—(]+$/u, '')}…`;
}

/** A one-line, length-limited version of untrusted text. */
export function short(s: unknown, max: number): string {
  return truncate(oneLine(s), max);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/** "2025-09-30" → "30/09/2025". A value that is not an ISO date is returned cleaned, as it was. */
export function formatDateVi(iso: string | undefined): string {
  if (!iso) return '';
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return oneLine(iso);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

const instantParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant shown in Hanoi time: "14:05 ngày 30/09/2025" (a sentence puts "lúc" before it). Unparseable input is returned cleaned. */
export function formatInstantVi(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return oneLine(iso);
  const p: Record<string, string> = {};
  for (const { type, value } of instantParts.formatToParts(new Date(t))) p[type] = value;
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}

/** The URL as it may go in an href: http(s) only, otherwise undefined. */
export function safeHttpUrl(link: string | undefined): string | undefined {
  if (!link) return undefined;
  const trimmed = oneLine(link);
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const u = new URL(trimmed);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A non-negative whole number (counts of days or chasers arrive from other code; be defensive). */
export function count(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

/** Progress as a whole percentage in 0..100. */
export function percent(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, Math.round(n))) : 0;
}
