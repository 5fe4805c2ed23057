/**
 * The one HTML layout every dondoc email uses, and its plain-text twin.
 *
 * Read on a phone in Gmail or Outlook: one column, at most 600px wide, tables for layout, inline
 * CSS only, nothing fetched from elsewhere (no images, fonts, stylesheets or scripts).
 * Everything the caller hands in is data: it is cleaned and HTML-escaped here, in one place,
 * so titles, notes and names typed by agencies cannot inject markup.
 */
import { cleanText, flatten, formatDateVi, formatInstantVi, oneLine, percent, safeHttpUrl, truncate } from './text';

/** The task as the emails show it. */
export interface EmailTask {
  id: string;
  title: string;
  deliverable: string;
  group: number;
  leadAgencyName: string;
  leadAgencyCode: string;
  /** How the lead agency's head is named: "Giám đốc Sở Tài chính", "Chủ tịch UBND phường Hoàn Kiếm". */
  leadHeadTitle?: string;
  coAgencyNames: string[];
  /** The deadline as the plan writes it: "Quý III/2025", "Tháng 9/2025", "Thường xuyên". */
  deadlineText: string;
  /** ISO date the deadline resolves to; absent for recurring tasks. */
  dueDate?: string;
  /** ISO date of an approved extension. */
  revisedDueDate?: string;
  /**
   * ISO date the deadline in force (the extension's, else the plan's) is met by: the next working
   * day when it falls on a day off, as the ladder counts. Absent: the deadline in force itself.
   */
  effectiveDueDate?: string;
  progress: number;
}

export interface EmailLastUpdate {
  /** ISO instant. */
  at: string;
  note: string;
  agencyName: string;
  progress?: number;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type Tone = 'reminder' | 'overdue' | 'chair' | 'info' | 'success';

/** A piece of a paragraph; `strong` pieces are bold in HTML. */
export type Inline = string | { strong: string };

export interface Row {
  label: string;
  value: string;
  /** Keep the value's line breaks (notes); otherwise it is shown on one line. */
  multiline?: boolean;
  /** Draw a progress bar for this percentage under the value. */
  bar?: number;
  /** The value is this http(s) address, shown as a link (as text when it is not one). */
  href?: boolean;
}

export interface Section {
  heading?: string;
  rows: Row[];
}

export interface LayoutInput {
  planCode: string;
  /** The subject, used as the document title. */
  title: string;
  tone: Tone;
  /** One sentence: what happened. Shown in the coloured band and as the inbox preview. */
  statusLine: string;
  recipientLabel: string;
  paragraphs: Inline[][];
  sections: Section[];
  link?: string;
  linkLabel?: string;
}

export const LINK_LABEL = 'Xem và cập nhật nhiệm vụ';

/** Longest value shown for free text typed by agencies (titles, notes, reasons). */
export const MAX_FIELD = 1000;
export const MAX_NOTE = 600;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes & < > " ' so that the string is inert as HTML text and inside a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// Colours: text on background meets WCAG AA contrast.
const TONES: Record<Tone, { bg: string; fg: string; edge: string }> = {
  reminder: { bg: '#FEF3C7', fg: '#78350F', edge: '#D97706' },
  overdue: { bg: '#FEE2E2', fg: '#7F1D1D', edge: '#DC2626' },
  chair: { bg: '#7F1D1D', fg: '#FFFFFF', edge: '#450A0A' },
  info: { bg: '#DBEAFE', fg: '#1E3A8A', edge: '#2563EB' },
  success: { bg: '#DCFCE7', fg: '#14532D', edge: '#16A34A' },
};

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const WRAP = 'word-break:break-word;overflow-wrap:anywhere;';
export const PRESENTATION = 'role="presentation" cellspacing="0" cellpadding="0" border="0"';

/** The close of every email document: the footer, then the tables, body and document. */
export function documentEnd(planCode: string): string[] {
  return [
    `<tr><td style="padding:16px 20px 20px 20px;border-top:1px solid #E5E7EB;${FONT}font-size:12px;line-height:18px;color:#6B7280;">${escapeHtml(footerText(planCode))}</td></tr>`,
    '</table>',
    '<!--[if mso]></td></tr></table><![endif]-->',
    '</td></tr></table>',
    '</body>',
    '</html>',
  ];
}

/**
 * The opening of every email document, up to the 600px white column: head, the hidden inbox
 * preview line, and the grey page. Both the notices and the digest start with it.
 */
export function documentStart(title: string, preview: string): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="vi">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="x-apple-disable-message-reformatting">',
    '<meta name="color-scheme" content="light">',
    '<meta name="supported-color-schemes" content="light">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background:#F3F4F6;">',
    // Inbox preview text; hidden in the message itself.
    `<div style="display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:#F3F4F6;opacity:0;">${escapeHtml(preview)}</div>`,
    `<table ${PRESENTATION} width="100%" style="width:100%;background:#F3F4F6;border-collapse:collapse;"><tr><td align="center" style="padding:12px 8px;">`,
    `<!--[if mso]><table ${PRESENTATION} width="600"><tr><td><![endif]-->`,
  ];
}

/** The day the deadline in force is met by (after the day-off rule); as dd/mm/yyyy. */
export function effectiveDue(task: EmailTask): string {
  const iso = task.effectiveDueDate || task.revisedDueDate || task.dueDate;
  return iso ? formatDateVi(iso) : oneLine(task.deadlineText);
}

/**
 * "Quý III/2025 (30/09/2025); đã gia hạn đến 30/11/2025", and when the deadline in force falls
 * on a day off, the day it is met by: "Tháng 8/2025 (31/08/2025 là ngày nghỉ, hạn là hết ngày 03/09/2025)".
 */
export function deadlineValue(task: EmailTask): string {
  const written = oneLine(task.deadlineText);
  const due = task.dueDate ? formatDateVi(task.dueDate) : '';
  const inForce = task.revisedDueDate || task.dueDate;
  const moved = inForce && task.effectiveDueDate && task.effectiveDueDate !== inForce ? formatDateVi(task.effectiveDueDate) : '';
  const base = written && due && written !== due ? `${written} (${due})` : written || due || 'Chưa xác định';
  const movedNote = moved ? ` (ngày nghỉ, hạn là hết ngày ${moved})` : '';
  if (task.revisedDueDate) return `${base}; đã gia hạn đến ${formatDateVi(task.revisedDueDate)}${movedNote}`;
  return moved && written && written !== due ? `${written} (${due} là ngày nghỉ, hạn là hết ngày ${moved})` : `${base}${movedNote}`;
}

/** The key-value rows describing a task, in the order every email shows them. */
export function taskRows(task: EmailTask, lastUpdate?: EmailLastUpdate): Row[] {
  const co = task.coAgencyNames.map(oneLine).filter(Boolean);
  const group = Number.isFinite(task.group) && task.group > 0 ? ` · Nhóm ${Math.trunc(task.group)}` : '';
  const p = percent(task.progress);
  return [
    { label: 'Mã nhiệm vụ', value: `${oneLine(task.id)}${group}` },
    { label: 'Nội dung', value: task.title },
    { label: 'Sản phẩm', value: task.deliverable || 'Chưa xác định' },
    { label: 'Cơ quan chủ trì', value: task.leadAgencyName },
    { label: 'Cơ quan phối hợp', value: co.length ? co.join('; ') : 'Không' },
    { label: 'Thời hạn', value: deadlineValue(task) },
    { label: 'Tiến độ', value: `${p}%`, bar: p },
    lastUpdate
      ? { label: 'Cập nhật gần nhất', value: lastUpdateValue(lastUpdate), multiline: true }
      : { label: 'Cập nhật gần nhất', value: 'Chưa có cập nhật' },
  ];
}

function lastUpdateValue(u: EmailLastUpdate): string {
  const head = [formatInstantVi(u.at), oneLine(u.agencyName), u.progress === undefined ? '' : `tiến độ ${percent(u.progress)}%`].filter(Boolean).join(' · ');
  const note = truncate(cleanText(u.note), MAX_NOTE);
  return note ? `${head}\n${note}` : head;
}

function rowText(r: Row): string {
  return r.multiline ? truncate(cleanText(r.value), MAX_FIELD) : truncate(oneLine(r.value), MAX_FIELD);
}

function inlineText(parts: Inline[]): string {
  return oneLine(parts.map((p) => flatten(typeof p === 'string' ? p : p.strong)).join(''));
}

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((p) => (typeof p === 'string' ? escapeHtml(flatten(p)) : `<strong>${escapeHtml(oneLine(p.strong))}</strong>`))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function multilineHtml(s: string): string {
  return escapeHtml(s).replace(/\n/g, '<br>');
}

function barHtml(p: number): string {
  const cells = [
    p > 0 ? `<td width="${p}%" bgcolor="#2563EB" style="width:${p}%;height:6px;background:#2563EB;font-size:0;line-height:0;">&nbsp;</td>` : '',
    p < 100 ? `<td bgcolor="#E5E7EB" style="height:6px;background:#E5E7EB;font-size:0;line-height:0;">&nbsp;</td>` : '',
  ].join('');
  return `<table ${PRESENTATION} width="100%" style="width:100%;margin-top:6px;border-collapse:collapse;"><tr>${cells}</tr></table>`;
}

function sectionHtml(s: Section): string {
  const heading = s.heading
    ? `<tr><td style="padding:10px 12px;background:#F9FAFB;border-bottom:1px solid #E5E7EB;${FONT}font-size:13px;font-weight:bold;color:#374151;">${escapeHtml(oneLine(s.heading))}</td></tr>`
    : '';
  const rows = s.rows
    .map((r, i) => {
      const last = i === s.rows.length - 1;
      const href = r.href ? safeHttpUrl(rowText(r)) : undefined;
      const value = href
        ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" style="color:#0B5CAD;">${escapeHtml(href)}</a>`
        : r.multiline
          ? multilineHtml(rowText(r))
          : escapeHtml(rowText(r));
      return (
        `<tr><td style="padding:10px 12px;${last ? '' : 'border-bottom:1px solid #E5E7EB;'}${FONT}">` +
        `<div style="font-size:12px;line-height:16px;color:#6B7280;">${escapeHtml(oneLine(r.label))}</div>` +
        `<div style="font-size:15px;line-height:22px;color:#111827;${WRAP}">${value}</div>` +
        (r.bar === undefined ? '' : barHtml(percent(r.bar))) +
        `</td></tr>`
      );
    })
    .join('');
  return `<table ${PRESENTATION} width="100%" style="width:100%;border-collapse:separate;border:1px solid #E5E7EB;border-radius:6px;margin:0 0 16px 0;">${heading}${rows}</table>`;
}

function buttonHtml(link: string | undefined, label: string): string {
  if (!link) return '';
  const href = safeHttpUrl(link);
  if (!href) {
    // Not an http(s) URL: shown as text, never as a link.
    return `<p style="margin:0 0 16px 0;${FONT}font-size:14px;line-height:20px;color:#374151;${WRAP}">${escapeHtml(label)}: ${escapeHtml(truncate(oneLine(link), 300))}</p>`;
  }
  const h = escapeHtml(href);
  return (
    `<table ${PRESENTATION} style="margin:4px 0 12px 0;border-collapse:separate;"><tr>` +
    `<td align="center" bgcolor="#0B5CAD" style="border-radius:6px;background:#0B5CAD;">` +
    `<a href="${h}" target="_blank" rel="noopener noreferrer" style="display:inline-block;padding:14px 24px;${FONT}font-size:16px;line-height:20px;font-weight:bold;color:#FFFFFF;text-decoration:none;border-radius:6px;">${escapeHtml(label)}</a>` +
    `</td></tr></table>` +
    `<p style="margin:0 0 16px 0;${FONT}font-size:12px;line-height:18px;color:#6B7280;${WRAP}">Nếu nút không mở được, dùng đường dẫn: <a href="${h}" target="_blank" rel="noopener noreferrer" style="color:#0B5CAD;">${escapeHtml(href)}</a></p>`
  );
}

export function footerText(planCode: string): string {
  const plan = oneLine(planCode);
  return `Đây là thư tự động của hệ thống dondoc theo dõi thực hiện ${plan ? `Chương trình ${plan}` : 'chương trình hành động'}. Vui lòng không trả lời thư này; mọi báo cáo, cập nhật xin thực hiện trên hệ thống.`;
}

/** Renders the HTML and plain-text bodies. */
export function renderLayout(l: LayoutInput): { html: string; text: string } {
  const tone = TONES[l.tone];
  const plan = oneLine(l.planCode);
  const brand = plan ? `dondoc · ${plan}` : 'dondoc';
  const status = oneLine(l.statusLine);
  const label = l.linkLabel ?? LINK_LABEL;
  const paragraphs = l.paragraphs.filter((p) => inlineText(p) !== '');
  const P = `margin:0 0 14px 0;${FONT}font-size:16px;line-height:24px;color:#111827;${WRAP}`;

  const html = [
    ...documentStart(oneLine(l.title), status),
    `<table ${PRESENTATION} width="100%" style="width:100%;max-width:600px;background:#FFFFFF;border-collapse:collapse;">`,
    `<tr><td style="padding:14px 20px;background:#0B3D91;${FONT}font-size:14px;line-height:20px;font-weight:bold;color:#FFFFFF;">${escapeHtml(brand)}</td></tr>`,
    `<tr><td style="padding:14px 20px;background:${tone.bg};border-left:6px solid ${tone.edge};${FONT}font-size:16px;line-height:22px;font-weight:bold;color:${tone.fg};${WRAP}">${escapeHtml(status)}</td></tr>`,
    `<tr><td style="padding:20px 20px 4px 20px;">`,
    `<p style="${P}">Kính gửi: <strong>${escapeHtml(oneLine(l.recipientLabel))}</strong></p>`,
    ...paragraphs.map((p) => `<p style="${P}">${inlineHtml(p)}</p>`),
    `</td></tr>`,
    `<tr><td style="padding:0 20px;">${l.sections.map(sectionHtml).join('')}</td></tr>`,
    l.link ? `<tr><td style="padding:0 20px 8px 20px;">${buttonHtml(l.link, label)}</td></tr>` : '',
    ...documentEnd(plan),
  ]
    .filter(Boolean)
    .join('\n');

  const text: string[] = [brand, '', status, '', `Kính gửi: ${oneLine(l.recipientLabel)}`, ''];
  for (const p of paragraphs) text.push(inlineText(p), '');
  for (const s of l.sections) {
    if (s.heading) text.push(oneLine(s.heading).toLocaleUpperCase('vi'));
    for (const r of s.rows) {
      const v = rowText(r).split('\n');
      text.push(`- ${oneLine(r.label)}: ${v[0] ?? ''}`, ...v.slice(1).map((line) => `  ${line}`));
    }
    text.push('');
  }
  if (l.link) {
    const href = safeHttpUrl(l.link);
    text.push(`${label}:`, href ?? truncate(oneLine(l.link), 300), '');
  }
  text.push('-- ', footerText(plan));
  return { html, text: `${text.join('\n')}\n` };
}

/** Longest subject: one line, cut on a word with "…". */
export const MAX_SUBJECT = 150;

/**
 * "[tag] id: title" on one line, at most MAX_SUBJECT characters: the tag and id are kept whole
 * (within reason) and the title is shortened to fit.
 */
export function buildSubject(tag: string, id: string, title: string, max = MAX_SUBJECT): string {
  const t = truncate(oneLine(tag), 70);
  const i = truncate(oneLine(id), 40);
  const prefix = [t ? `[${t}]` : '', i].filter(Boolean).join(' ');
  const rest = oneLine(title);
  if (!rest) return truncate(prefix, max);
  const budget = max - prefix.length - 2;
  if (budget < 12) return truncate(`${prefix}: ${rest}`, max);
  return `${prefix}: ${truncate(rest, budget)}`;
}
