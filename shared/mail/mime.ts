/**
 * Builds the raw MIME message (for SES SendEmail Content.Raw) with nodemailer's MailComposer:
 * multipart/alternative text + HTML, UTF-8 headers (RFC 2047), inline images referenced by cid.
 *
 * Everything that becomes a header is checked first: a CR or LF in a subject, address or header
 * value would let data add headers of its own (a Bcc, say), so it is refused, not cleaned.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { isValidAddress } from '../domain/address';

export { isValidAddress };

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID for an inline image, used in the HTML as <img src="cid:…">. */
  cid?: string;
}

export interface OutgoingEmail {
  /** "noreply@example.vn" or "dondoc <noreply@example.vn>"; so are to, cc and replyTo. */
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (X-…, List-Unsubscribe, Date, Message-ID); address and MIME headers are refused. */
  headers?: Record<string, string>;
  attachments?: OutgoingAttachment[];
  /** Date header; otherwise nodemailer uses the current time. */
  date?: Date;
  /** Message-ID ("<id@domain>"); otherwise nodemailer makes a random one. */
  messageId?: string;
}

export class InvalidEmailError extends Error {
  override name = 'InvalidEmailError';
}

const LINE_BREAK = /[\r\n\0]/;
const HEADER_NAME = /^[!-9;-~]+$/;
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
  'content-id',
]);
const CONTENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/;
const CID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+(?:@[A-Za-z0-9.-]+)?$/;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

function noLineBreak(value: string, what: string): void {
  if (typeof value !== 'string') throw new InvalidEmailError(`${what} is not a string`);
  if (LINE_BREAK.test(value)) throw new InvalidEmailError(`${what} contains a line break or NUL`);
}

/** "a@b.vn" or "Name <a@b.vn>" (the name may be quoted) → { name, address }; throws if invalid. */
export function parseAddress(value: string, what: string): Mail.Address {
  noLineBreak(value, what);
  const s = value.trim();
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(s);
  const address = (m ? (m[2] ?? '') : s).trim();
  let name = m ? (m[1] ?? '').trim() : '';
  if (/^".*"$/.test(name)) name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  if (!isValidAddress(address)) throw new InvalidEmailError(`${what} is not a valid email address`);
  if (/[<>]/.test(name)) throw new InvalidEmailError(`${what} has an invalid display name`);
  return name ? { name, address } : { name: '', address };
}

/** UTF-8 bytes per encoded word: base64 of 39 bytes is 52 characters, so "Subject: " and the first word fit one line. */
const WORD_BYTES = 39;

/**
 * A header's text as RFC 2047 encoded words when it needs them: text that is not plain printable
 * ASCII, or that already looks like an encoded word (a reader would decode "=?utf-8?Q?...?=" typed
 * into a title into something else). Words are cut between characters, never inside one: a
 * character outside the Basic Multilingual Plane split across two words arrives as garbage.
 */
export function encodeHeaderText(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value) && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk: Buffer[] = [];
  let size = 0;
  for (const ch of value.toWellFormed()) {
    const bytes = Buffer.from(ch, 'utf8');
    if (size + bytes.length > WORD_BYTES && chunk.length) {
      words.push(Buffer.concat(chunk).toString('base64'));
      chunk = [];
      size = 0;
    }
    chunk.push(bytes);
    size += bytes.length;
  }
  if (chunk.length) words.push(Buffer.concat(chunk).toString('base64'));
  return words.map((w) => `=?UTF-8?B?${w}?=`).join(' ');
}

function checkHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) throw new InvalidEmailError(`invalid header name: ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new InvalidEmailError(`header ${name} cannot be set through headers`);
    noLineBreak(value, `header ${name}`);
    out[name] = encodeHeaderText(value);
  }
  return out;
}

function checkAttachment(a: OutgoingAttachment, i: number): Mail.Attachment {
  const what = `attachment ${i + 1}`;
  noLineBreak(a.filename, `${what} filename`);
  noLineBreak(a.contentType, `${what} content type`);
  if (!CONTENT_TYPE.test(a.contentType)) throw new InvalidEmailError(`${what} has an invalid content type`);
  if (!Buffer.isBuffer(a.content)) throw new InvalidEmailError(`${what} content is not a Buffer`);
  if (a.cid !== undefined) {
    noLineBreak(a.cid, `${what} cid`);
    if (!CID.test(a.cid)) throw new InvalidEmailError(`${what} has an invalid cid`);
  }
  return {
    filename: a.filename,
    contentType: a.contentType,
    content: a.content,
    ...(a.cid !== undefined ? { cid: a.cid, contentDisposition: 'inline' as const } : { contentDisposition: 'attachment' as const }),
  };
}

/** The message as raw RFC 5322 bytes. Throws InvalidEmailError before building anything unsafe. */
export async function buildMime(e: OutgoingEmail): Promise<Buffer> {
  const from = parseAddress(e.from, 'from');
  const to = e.to.map((a, i) => parseAddress(a, `to[${i}]`));
  const cc = e.cc.map((a, i) => parseAddress(a, `cc[${i}]`));
  if (!to.length && !cc.length) throw new InvalidEmailError('no recipient');
  const replyTo = e.replyTo === undefined ? undefined : parseAddress(e.replyTo, 'replyTo');
  noLineBreak(e.subject, 'subject');
  if (typeof e.html !== 'string' || typeof e.text !== 'string') throw new InvalidEmailError('html and text must be strings');
  if (e.messageId !== undefined && !MESSAGE_ID.test(e.messageId)) throw new InvalidEmailError('invalid messageId');
  if (e.date !== undefined && Number.isNaN(e.date.getTime())) throw new InvalidEmailError('invalid date');

  const mail: Mail.Options = {
    from,
    to,
    cc,
    ...(replyTo ? { replyTo } : {}),
    subject: encodeHeaderText(e.subject),
    text: e.text,
    html: e.html,
    headers: checkHeaders(e.headers ?? {}),
    attachments: (e.attachments ?? []).map(checkAttachment),
    ...(e.date ? { date: e.date } : {}),
    ...(e.messageId ? { messageId: e.messageId } : {}),
    // Content is given, never read from a path or fetched from a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return new MailComposer(mail).compile().build();
}
