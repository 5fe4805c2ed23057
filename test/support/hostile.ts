import fc from 'fast-check';

/**
 * Hostile input for property tests: text that tries to break parsing, storage, HTML and email
 * headers, shared by the API, event and email tests.
 */

/** "Tiến độ thực hiện" in NFC and in NFD (decomposed: base letters and combining marks). */
export const VI_NFC = 'Tiến độ thực hiện Đề án: đã trình Ủy ban nhân dân Thành phố';
export const VI_NFD = VI_NFC.normalize('NFD');

export const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '<a href="javascript:alert(1)">bấm</a>',
  '</td></tr></table><h1>giả mạo</h1>',
  '<!--',
  ']]><![CDATA[',
  '&lt;script&gt;',
  '&#x3C;b&#x3E;',
  '<style>body{display:none}</style>',
  '" style="x:expression(alert(1))',
] as const;

/** Attempts to add a header or a body through a line break (raw, encoded, or as an RFC 2047 word). */
export const HEADER_PAYLOADS = [
  '\r\nBcc: ke-gian@example.com',
  '\nBcc: ke-gian@example.com',
  '\rX-Injected: 1',
  '\r\n\r\n<html>thân thư giả</html>',
  '%0d%0aBcc: ke-gian@example.com',
  '=?utf-8?Q?a=0D=0ABcc:_ke-gian@example.com?=',
  '=?UTF-8?B?QmNjOiBrZS1naWFuQGV4YW1wbGUuY29t?=',
  '\u0085Bcc: x@example.com',
  '\u2028Bcc: x@example.com',
  '\u2029',
  'Subject: giả',
] as const;

/** C0 and C1 controls, DEL, NUL, bidi overrides, zero-width characters, BOM. */
export const CONTROL_PAYLOADS = [
  '\u0000',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b[31m',
  '\u007f',
  '\u0080',
  '\u009f',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\t',
] as const;

export const SURROGATE_PAYLOADS = ['\ud800', '\udfff', '\udc00\ud800', 'a\ud83d', '\ude00b'] as const;

export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const fragment = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom(VI_NFC, VI_NFD, 'Sở Tài chính', 'Quý IV/2025', '  ', '\n', '\r\n', ' & ', '<', '>', '"', "'") },
  { weight: 2, arbitrary: fc.constantFrom(...HTML_PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...HEADER_PAYLOADS) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL_PAYLOADS) },
  { weight: 1, arbitrary: fc.constantFrom(...SURROGATE_PAYLOADS) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom('🇻🇳', '👩🏽‍💻', '𠀀', 'e\u0301\u0302\u0323') },
);

/** A piece of text built from hostile fragments: markup, line breaks, controls, surrogates, NFD. */
export const hostileText = (maxFragments = 6) => fc.array(fragment, { minLength: 1, maxLength: maxFragments }).map((parts) => parts.join(''));

/** Mostly hostile, sometimes long (up to a few thousand characters). */
export const hostileLongText = fc.oneof(
  { weight: 5, arbitrary: hostileText() },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileText(3), fc.integer({ min: 100, max: 3000 })).map(([s, n]) => s.repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n)),
  },
);

/** What JSON can carry that is not what a field wants. */
export const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant([]),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Numbers that are not a percentage, including what JSON cannot say directly (written as text). */
export const badProgressJson = fc.constantFrom(
  '-1',
  '-0.5',
  '101',
  '1e3',
  '50.5',
  '0.1',
  '1e999',
  '-1e999',
  '"50"',
  '"NaN"',
  '"Infinity"',
  'null',
  'true',
  '[50]',
  '{"v":50}',
  '"50%"',
  '99.99999',
  '-100',
);

/** Impossible or malformed dates, as officials and machines might write them. */
export const BAD_DATES = [
  '31/2/2025',
  '29/2/2025',
  '30/2/2024',
  '31/4/2025',
  '31/6/2025',
  '31/9/2025',
  '31/11/2025',
  '0/1/2025',
  '1/0/2025',
  '32/1/2025',
  '1/13/2025',
  '2025-02-29',
  '2025-02-31',
  '2025-13-01',
  '2025-00-10',
  '2025-1-5',
  '25/12/25',
  '1/1/99999',
  '31/12/9999',
  '1/1/0000',
  '1/1/1899',
  '2025/12/31',
  '31-12-2025',
  '31.12.2025',
  'ngày 31 tháng 12 năm 2025',
  'Quý IV/2025',
  '',
  ' ',
  '31/12/2025\n',
  '3\u0661/12/2025',
  '31/12/2025<script>',
  '٣١/١٢/٢٠٢٥',
  '2025-12-31T00:00:00Z',
  'Infinity',
  'NaN',
  '2e3',
] as const;

/** Path ids an attacker might try. */
export const HOSTILE_IDS = [
  '',
  ' ',
  '../',
  '../../etc/passwd',
  '..%2F..%2F',
  '%00',
  'NV-01%00',
  'NV-01\u0000',
  'NV-01\n',
  'NV-01\r\nX: y',
  'nv-01',
  'NV-1',
  'NV-00001',
  'NV-٠١',
  'NV-０１',
  'NV-01 ',
  ' NV-01',
  'NV-01/updates',
  'NV-01;DROP TABLE',
  "NV-01' OR '1'='1",
  '<script>',
  '\ud800',
  'TASK#NV-01',
  'PLAN',
  'CT-01',
  'x'.repeat(5000),
  'NV-'.repeat(1000),
  '%',
  '%%',
  '%2e%2e',
  '*',
  '$',
  '{"S":"x"}',
] as const;

/** Any string at all, with a bias towards the hostile. */
export const anyString = fc.oneof(hostileText(), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...HOSTILE_IDS), fc.constantFrom(...BAD_DATES));

/** Counts the cases a file generated; printed at the end. */
export class CaseCounter {
  total = 0;
  constructor(readonly label: string) {}
  /** Wraps a predicate so each run is counted. */
  count<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.total++;
      return fn(...args);
    };
  }
  add(n: number): void {
    this.total += n;
  }
  print(): void {
    console.log(`hostile input: ${this.total} generated cases (${this.label})`);
  }
}
