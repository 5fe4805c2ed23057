/**
 * The weekly digest as an email: subject, HTML and plain text, in Vietnamese, for a phone.
 *
 * Same look as every dondoc email (shared/email/layout.ts): one column at most 600px wide, tables
 * for layout, inline CSS, nothing fetched from elsewhere (no images, fonts, stylesheets, scripts).
 * Charts are tables whose coloured cells are the bars, so they show in Gmail and Outlook alike.
 * Every piece of data is cleaned and HTML-escaped; the only URL in the message is `opts.link`.
 */
import { documentEnd, documentStart, escapeHtml, footerText, MAX_SUBJECT, PRESENTATION } from '../mail/layout';
import { count, formatDateVi, oneLine, percent, safeHttpUrl, short, truncate } from '../mail/text';
import { tryParsePeriod, periodLabelVi } from '../domain/period';
import type { RagStatus } from '../domain/indicators';
import type { Field } from '../domain/plan';
import { STATUS_VI, TASK_STATUSES, type TaskStatus } from '../domain/status';
import {
  RAG_VI,
  REPORTING_WINDOW_DAYS,
  type AgencyStat,
  type DigestModel,
  type GrowthChart,
  type GroupBar,
  type IndicatorLine,
  type StatusCounts,
  type CalendarWarning,
} from './model';

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/** Longest list shown in the email; the rest is in the attached workbook. */
export const MAX_ROWS = 15;
const MAX_TITLE = 180;

export const FIELD_VI: Record<Field, string> = {
  'kinh-te': 'Kinh tế',
  'do-thi': 'Đô thị',
  'ha-tang': 'Hạ tầng',
  'van-hoa-xa-hoi': 'Văn hóa – xã hội',
  'noi-chinh': 'Nội chính',
};

/** Short labels for charts and tight rows; the headline uses STATUS_VI. */
export const STATUS_SHORT_VI: Record<TaskStatus, string> = {
  in_progress: 'Đang thực hiện',
  overdue: 'Quá hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_after_extension: 'Hoàn thành sau gia hạn',
  completed_late: 'Hoàn thành quá hạn',
};

// Bar colours; each is also named in text next to the chart.
export const STATUS_COLOUR: Record<TaskStatus, string> = {
  in_progress: '#2563EB',
  overdue: '#DC2626',
  completed_on_time: '#16A34A',
  completed_after_extension: '#0D9488',
  completed_late: '#D97706',
};

const RAG_COLOUR: Record<RagStatus, string> = { green: '#16A34A', amber: '#D97706', red: '#DC2626', unknown: '#9CA3AF' };
/** Darker shades for text on white (contrast). */
const RAG_TEXT: Record<RagStatus, string> = { green: '#15803D', amber: '#B45309', red: '#B91C1C', unknown: '#4B5563' };

/** Whether a rise in the count is good (green ▲), bad (red ▲) or neither. */
const RISE: Record<TaskStatus, 'good' | 'bad' | 'neutral'> = {
  in_progress: 'neutral',
  overdue: 'bad',
  completed_on_time: 'good',
  completed_after_extension: 'good',
  completed_late: 'neutral',
};

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const WRAP = 'word-break:break-word;overflow-wrap:anywhere;';
const SMALL = `${FONT}font-size:13px;line-height:19px;color:#4B5563;${WRAP}`;
const BODY = `${FONT}font-size:15px;line-height:22px;color:#111827;${WRAP}`;

// ---------------------------------------------------------------------------------------------
// Formatting

const esc = (s: unknown): string => escapeHtml(oneLine(s));
const title = (s: unknown): string => short(s, MAX_TITLE);

const numberVi = (x: number): string => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: x !== 0 && Math.abs(x) < 1 ? 3 : 2 }).format(x);

/** 7,6% or 560 nghìn tỷ đồng. */
export function valueVi(x: number | undefined, unit: string): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const u = oneLine(unit);
  return !u ? numberVi(x) : u === '%' ? `${numberVi(x)}%` : `${numberVi(x)} ${u}`;
}

const pct = (r: number): string => `${Math.round(r * 100)}%`;

function periodVi(period: string | undefined): string {
  if (!period) return '';
  const p = tryParsePeriod(period);
  return p ? periodLabelVi(p) : oneLine(period);
}

const PER_KIND_VI: Record<string, string> = { month: 'tháng', quarter: 'quý', half: 'nửa năm', year: 'năm' };

function change(n: number, rise: 'good' | 'bad' | 'neutral'): { text: string; colour: string } {
  if (n === 0) return { text: '–', colour: '#6B7280' };
  const up = n > 0;
  const good = rise === 'neutral' ? undefined : (rise === 'good') === up;
  return { text: `${up ? '▲' : '▼'}${Math.abs(n)}`, colour: good === undefined ? '#4B5563' : good ? '#15803D' : '#B91C1C' };
}

const dateRange = (from: string, to: string): string => `${formatDateVi(from)} – ${formatDateVi(to)}`;

function scopeVi(m: DigestModel): string {
  return m.scope.all ? 'toàn bộ Chương trình' : `lĩnh vực ${m.scope.fields.map((f) => FIELD_VI[f] ?? oneLine(f)).join(', ') || '(chưa phân công)'}`;
}

function recipientVi(m: DigestModel): string {
  const r = m.recipient;
  const name = oneLine(r.name);
  const t = oneLine(r.title);
  if (r.role === 'office') return [t, name].filter(Boolean).join(' – ') || 'Văn phòng UBND Thành phố';
  return `Đồng chí ${[t, name].filter(Boolean).join(' ')}`;
}

/** "[Báo cáo tuần 40/2025] Chương trình 08/CTr-UBND – 12 nhiệm vụ quá hạn", at most MAX_SUBJECT characters. */
export function digestSubject(m: DigestModel): string {
  const n = m.headline.now.overdue;
  const plan = oneLine(m.planCode);
  const tail = n > 0 ? `${n} nhiệm vụ quá hạn` : 'không có nhiệm vụ quá hạn';
  return truncate(`[Báo cáo tuần ${m.weekNumber}/${m.weekYear}] ${plan ? `Chương trình ${plan}` : 'Chương trình hành động'} – ${tail}`, MAX_SUBJECT);
}

function statusLine(m: DigestModel): string {
  if (m.quiet) return `Tuần qua (${dateRange(m.changes.from, m.changes.to)}) không có thay đổi đáng kể.`;
  const c = m.changes;
  const parts = [
    c.completed.length ? `${c.completed.length} nhiệm vụ hoàn thành` : '',
    c.newlyOverdue.length ? `${c.newlyOverdue.length} nhiệm vụ mới quá hạn` : '',
    c.escalations.length ? `${c.escalations.length} văn bản đôn đốc, báo cáo lãnh đạo` : '',
    c.extensionDecisions.length ? `${c.extensionDecisions.length} quyết định gia hạn` : '',
    c.indicatorColours.length ? `${c.indicatorColours.length} chỉ tiêu đổi màu` : '',
  ].filter(Boolean);
  return `Tuần qua: ${parts.join(', ')}.`;
}

function moreVi(n: number, what: string): string {
  return `và ${n} ${what} khác (xem tệp đính kèm)`;
}

// ---------------------------------------------------------------------------------------------
// HTML pieces

interface Block {
  heading: string;
  html: string;
  text: string[];
}

function box(heading: string, inner: string): string {
  return (
    `<table ${PRESENTATION} width="100%" style="width:100%;border-collapse:separate;border:1px solid #E5E7EB;border-radius:6px;margin:0 0 16px 0;">` +
    `<tr><td style="padding:10px 12px;background:#F9FAFB;border-bottom:1px solid #E5E7EB;${FONT}font-size:14px;font-weight:bold;color:#374151;">${esc(heading)}</td></tr>` +
    inner +
    `</table>`
  );
}

/**
 * One entry of a list, as plain text: escaped here, once, for the HTML; the same words make the
 * plain-text part. `id` is bold; `head` is bold in `emphasis` colour when given.
 */
interface Entry {
  id?: string;
  head: string;
  lines: string[];
  edge?: string;
  emphasis?: string;
  /** A coloured word before the head (an indicator's colour), so the colour is also said in words. */
  badge?: { text: string; colour: string };
}

function entryHtml(e: Entry, last: boolean): string {
  const border = last ? '' : 'border-bottom:1px solid #E5E7EB;';
  const left = e.edge ? `border-left:4px solid ${e.edge};` : '';
  const head = e.emphasis ? `<strong style="color:${e.emphasis};">${esc(e.head)}</strong>` : esc(e.head);
  const badge = e.badge ? `<strong style="color:${e.badge.colour};">${esc(e.badge.text)}</strong> · ` : '';
  const first = `<div style="${BODY}">${e.id ? `<strong>${esc(e.id)}</strong> · ` : ''}${badge}${head}</div>`;
  const rest = e.lines
    .filter(Boolean)
    .map((l) => `<div style="${SMALL}">${esc(l)}</div>`)
    .join('');
  return `<tr><td style="padding:8px 12px;${border}${left}">${first}${rest}</td></tr>`;
}

function entryText(e: Entry): string[] {
  const lines = e.lines.filter(Boolean).map(oneLine);
  return [
    `- ${e.id ? `${oneLine(e.id)} · ` : ''}${e.badge ? `${oneLine(e.badge.text)} · ` : ''}${oneLine(e.head)}`,
    ...(lines.length ? [`  ${lines.join('; ')}`] : []),
  ];
}

function note(text: string): string {
  return `<tr><td style="padding:8px 12px;${SMALL}font-style:italic;">${esc(text)}</td></tr>`;
}

function subheading(s: string): string {
  return `<tr><td style="padding:10px 12px 2px 12px;${FONT}font-size:13px;line-height:18px;font-weight:bold;color:#374151;">${esc(s)}</td></tr>`;
}

/** A list of at most MAX_ROWS entries, then "và N … khác (xem tệp đính kèm)". */
function list<T>(xs: T[], render: (x: T, index: number) => Entry, what: string): { html: string; text: string[] } {
  const shown = xs.slice(0, MAX_ROWS).map(render);
  const rest = xs.length - shown.length;
  const html = shown.map((e, i) => entryHtml(e, i === shown.length - 1 && rest === 0)).join('') + (rest > 0 ? note(moreVi(rest, what)) : '');
  const text = shown.flatMap(entryText);
  if (rest > 0) text.push(`  ${moreVi(rest, what)}`);
  return { html, text };
}

const empty = (s: string): { html: string; text: string[] } => ({ html: note(s), text: [`- ${s}`] });

function swatch(colour: string, size = 10): string {
  return `<td width="${size}" bgcolor="${colour}" style="width:${size}px;height:${size}px;background:${colour};font-size:0;line-height:0;">&nbsp;</td>`;
}

/** Integer percentages summing to 100 (largest remainder); a non-zero count gets at least 1%. */
export function barWidths(counts: number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const widths = exact.map(Math.floor);
  let left = 100 - widths.reduce((s, w) => s + w, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    widths[i]! += 1;
    left -= 1;
  }
  for (let i = 0; i < widths.length; i++) {
    if (counts[i]! > 0 && widths[i] === 0) {
      const donor = widths.indexOf(Math.max(...widths));
      widths[donor]! -= 1;
      widths[i] = 1;
    }
  }
  return widths;
}

function barCell(width: number, colour: string, height = 14): string {
  return `<td width="${width}%" height="${height}" bgcolor="${colour}" style="width:${width}%;height:${height}px;background:${colour};font-size:0;line-height:0;">&nbsp;</td>`;
}

// ---------------------------------------------------------------------------------------------
// Sections

function headlineBlock(m: DigestModel): Block {
  const h = m.headline;
  const rows = TASK_STATUSES.map((s, i) => {
    const c = change(h.change[s], RISE[s]);
    const last = i === TASK_STATUSES.length - 1;
    const border = last ? '' : 'border-bottom:1px solid #F3F4F6;';
    return (
      `<tr>` +
      `<td width="14" style="width:14px;padding:10px 0 10px 12px;${border}"><table ${PRESENTATION}><tr>${swatch(STATUS_COLOUR[s])}</tr></table></td>` +
      `<td style="padding:10px 8px;${border}${FONT}font-size:14px;line-height:20px;color:#111827;">${esc(STATUS_VI[s])}</td>` +
      `<td align="right" width="48" style="width:48px;padding:10px 4px;${border}${FONT}font-size:20px;line-height:24px;font-weight:bold;color:${s === 'overdue' && h.now[s] > 0 ? '#B91C1C' : '#111827'};">${h.now[s]}</td>` +
      `<td align="right" width="52" style="width:52px;padding:10px 12px 10px 4px;${border}${FONT}font-size:14px;line-height:20px;font-weight:bold;color:${c.colour};">${esc(c.text)}</td>` +
      `</tr>`
    );
  }).join('');
  const totalChange = h.total - h.previousTotal;
  const foot = `Tổng số: ${h.total} nhiệm vụ${totalChange ? ` (${totalChange > 0 ? '+' : ''}${totalChange} so với ngày ${formatDateVi(h.previousAsOf)})` : ''}. ▲▼: thay đổi so với ngày ${formatDateVi(h.previousAsOf)}.`;
  const inner =
    `<tr><td style="padding:0;"><table ${PRESENTATION} width="100%" style="width:100%;border-collapse:collapse;">${rows}</table></td></tr>` + note(foot);
  const heading = `Tình hình thực hiện đến ngày ${formatDateVi(h.asOf)}`;
  const text = TASK_STATUSES.map((s) => {
    const d = h.change[s];
    return `- ${STATUS_VI[s]}: ${h.now[s]} (${d === 0 ? 'không đổi' : `${d > 0 ? '▲' : '▼'}${Math.abs(d)}`} so với ngày ${formatDateVi(h.previousAsOf)})`;
  });
  text.push(`- Tổng số: ${h.total} nhiệm vụ (ngày ${formatDateVi(h.previousAsOf)}: ${h.previousTotal})`);
  return { heading, html: box(heading, inner), text };
}

function changesBlock(m: DigestModel): Block {
  const c = m.changes;
  const heading = `Thay đổi trong tuần (${dateRange(c.from, c.to)})`;
  const parts: string[] = [];
  const text: string[] = [];
  const part = (name: string, body: { html: string; text: string[] }) => {
    parts.push(subheading(name) + body.html);
    text.push(`${name}:`, ...body.text);
  };
  if (c.completed.length) {
    part(
      `Hoàn thành (${c.completed.length})`,
      list(
        c.completed,
        (t) => ({
          id: t.id,
          head: `${STATUS_SHORT_VI[t.status]}, ngày ${formatDateVi(t.completedOn)}`,
          lines: [title(t.title), t.leadAgencyName],
          edge: STATUS_COLOUR[t.status],
        }),
        'nhiệm vụ',
      ),
    );
  }
  if (c.newlyOverdue.length) {
    part(
      `Mới quá hạn (${c.newlyOverdue.length})`,
      list(
        c.newlyOverdue,
        (t) => ({
          id: t.id,
          head: `Hạn ${formatDateVi(t.dueDate)}, đến nay quá hạn ${count(t.workingDaysOverdue)} ngày làm việc`,
          lines: [title(t.title), t.leadAgencyName],
          edge: STATUS_COLOUR.overdue,
        }),
        'nhiệm vụ',
      ),
    );
  }
  if (c.escalations.length) {
    part(
      `Đôn đốc, báo cáo lãnh đạo (${c.escalations.length})`,
      list(
        c.escalations,
        (t) => ({
          id: t.id,
          head: `${t.ruleLabel}, ngày ${formatDateVi(t.on)}`,
          lines: [title(t.title), `${oneLine(t.leadAgencyName)} · đã đôn đốc ${count(t.chasers)} lần`],
          edge: '#7F1D1D',
        }),
        'nhiệm vụ',
      ),
    );
  }
  if (c.extensionDecisions.length) {
    part(
      `Quyết định gia hạn (${c.extensionDecisions.length})`,
      list(
        c.extensionDecisions,
        (t) => ({
          id: t.id,
          head:
            (t.decision === 'approved'
              ? `Đồng ý gia hạn${t.revisedDueDate ? ` đến ${formatDateVi(t.revisedDueDate)}` : ''}`
              : `Không đồng ý gia hạn${t.dueDate ? `, giữ hạn ${formatDateVi(t.dueDate)}` : ''}`) + `, ngày ${formatDateVi(t.on)}`,
          lines: [title(t.title), t.leadAgencyName],
          edge: t.decision === 'approved' ? '#0D9488' : '#6B7280',
        }),
        'nhiệm vụ',
      ),
    );
  }
  if (c.indicatorColours.length) {
    part(
      `Chỉ tiêu đổi màu (${c.indicatorColours.length})`,
      list(
        c.indicatorColours,
        (i) => ({
          id: i.indicatorId,
          head: `${RAG_VI[i.from]} → ${RAG_VI[i.to]}, ngày ${formatDateVi(i.on)}`,
          lines: [title(i.name)],
          edge: RAG_COLOUR[i.to],
          emphasis: RAG_TEXT[i.to],
        }),
        'chỉ tiêu',
      ),
    );
  }
  return { heading, html: box(heading, parts.join('')), text };
}

function overdueBlock(m: DigestModel): Block {
  const heading = `Nhiệm vụ quá hạn (${m.overdue.length}), quá hạn lâu nhất trước`;
  const body = m.overdue.length
    ? list(
        m.overdue,
        (t) => ({
          id: t.id,
          head: `Quá hạn ${count(t.workingDaysOverdue)} ngày làm việc`,
          emphasis: '#B91C1C',
          lines: [
            title(t.title),
            [
              oneLine(t.leadAgencyName),
              `hạn ${formatDateVi(t.dueDate)}${t.revised ? ' (đã gia hạn)' : ''}`,
              `tiến độ ${percent(t.progress)}%`,
              `đôn đốc ${count(t.chasers)} lần`,
              t.listedForMeetingOn ? `đưa vào giao ban ngày ${formatDateVi(t.listedForMeetingOn)}` : '',
              t.pendingExtension ? 'đang đề nghị gia hạn' : '',
              t.waitingOnName ? `đang chờ ${oneLine(t.waitingOnName)} phối hợp` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          ],
          edge: t.listedForMeetingOn ? '#7F1D1D' : STATUS_COLOUR.overdue,
        }),
        'nhiệm vụ',
      )
    : empty('Không có nhiệm vụ quá hạn.');
  return { heading, html: box(heading, body.html), text: body.text };
}

function upcomingBlock(m: DigestModel): Block {
  const u = m.upcoming;
  const heading = `Đến hạn trong 14 ngày tới (${dateRange(u.from, u.to)}): ${u.tasks.length}`;
  const body = u.tasks.length
    ? list(
        u.tasks,
        (t) => ({
          id: t.id,
          head: `Hạn ${formatDateVi(t.dueDate)} (${t.daysLeft === 0 ? 'hôm nay' : `còn ${count(t.workingDaysLeft)} ngày làm việc`})`,
          lines: [
            title(t.title),
            [oneLine(t.leadAgencyName), `tiến độ ${percent(t.progress)}%`, t.revised ? 'đã gia hạn' : '', t.pendingExtension ? 'đang đề nghị gia hạn' : '']
              .filter(Boolean)
              .join(' · '),
          ],
          edge: t.workingDaysLeft <= 1 ? '#D97706' : '#2563EB',
        }),
        'nhiệm vụ',
      )
    : empty('Không có nhiệm vụ đến hạn.');
  return { heading, html: box(heading, body.html), text: body.text };
}

function indicatorFacts(i: IndicatorLine): string {
  const kind = tryParsePeriod(i.period ?? '')?.kind;
  const per = kind ? PER_KIND_VI[kind] : 'kỳ';
  return [
    i.latest === undefined ? 'chưa có số liệu' : `${periodVi(i.period)}: ${i.latestVi ?? valueVi(i.latest, i.unit)}`,
    i.planned === undefined ? '' : `kế hoạch ${valueVi(i.planned, i.unit)}`,
    i.target === undefined ? '' : `chỉ tiêu năm${i.year ? ` ${i.year}` : ''} ${valueVi(i.target, i.unit)}`,
    // "cần giảm 0,09 điểm phần trăm mỗi quý còn lại", "cần thêm 120 nghìn tỷ đồng mỗi quý còn lại".
    i.needed === undefined ? '' : `${i.neededVi ?? `cần ${valueVi(i.needed, i.unit)} mỗi ${per}`} còn lại${i.infeasible ? ' (khó đạt)' : ''}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function indicatorsBlock(m: DigestModel): Block {
  const heading = `Chỉ tiêu (${m.indicators.length})`;
  const body = m.indicators.length
    ? list(
        m.indicators,
        (i) => ({
          id: i.id,
          badge: { text: RAG_VI[i.status], colour: RAG_TEXT[i.status] },
          head: title(i.name),
          lines: [indicatorFacts(i)],
          edge: RAG_COLOUR[i.status],
        }),
        'chỉ tiêu',
      )
    : empty('Không có chỉ tiêu thuộc phạm vi theo dõi.');
  return { heading, html: box(heading, body.html), text: body.text };
}

function agenciesBlock(m: DigestModel): Block {
  const a = m.agencies;
  const heading = 'Cơ quan chủ trì';
  const parts: string[] = [];
  const text: string[] = [];
  const part = (name: string, body: { html: string; text: string[] }) => {
    parts.push(subheading(name) + body.html);
    text.push(`${name}:`, ...body.text);
  };
  const ranked = (xs: AgencyStat[], line: (s: AgencyStat) => string) =>
    list(xs, (s, i) => ({ head: `${i + 1}. ${oneLine(s.name)}: ${line(s)}`, lines: [] }), 'cơ quan');
  part(
    'Chậm nhiều nhất (số nhiệm vụ quá hạn)',
    a.slipping.length
      ? ranked(a.slipping, (s) => `${s.overdue} nhiệm vụ quá hạn, lâu nhất ${s.maxWorkingDaysOverdue} ngày làm việc`)
      : empty('Không có cơ quan nào có nhiệm vụ quá hạn.'),
  );
  part(
    'Hoàn thành đúng hạn (kể cả sau gia hạn) / đã hoàn thành',
    a.byOnTime.length ? ranked(a.byOnTime, (s) => `${pct(s.onTimeRate ?? 0)} (${s.completedOnTime}/${s.completed})`) : empty('Chưa có nhiệm vụ hoàn thành.'),
  );
  part(
    `Cập nhật tiến độ trong ${REPORTING_WINDOW_DAYS} ngày (nhiệm vụ chưa hoàn thành)`,
    a.byReporting.length
      ? ranked(a.byReporting, (s) => `${pct(s.reportingRate ?? 0)} (${s.openUpdated}/${s.open})`)
      : empty('Không có nhiệm vụ chưa hoàn thành.'),
  );
  return { heading, html: box(heading, parts.join('')), text };
}

function legend(): string {
  const cells = TASK_STATUSES.map(
    (s) =>
      `<td style="padding:2px 10px 2px 0;white-space:nowrap;"><table ${PRESENTATION} style="display:inline-table;"><tr>${swatch(STATUS_COLOUR[s])}<td style="padding-left:4px;${SMALL}">${esc(STATUS_SHORT_VI[s])}</td></tr></table></td>`,
  );
  // Two rows so that it fits a phone.
  return `<table ${PRESENTATION} style="border-collapse:collapse;"><tr>${cells.slice(0, 3).join('')}</tr></table><table ${PRESENTATION} style="border-collapse:collapse;"><tr>${cells.slice(3).join('')}</tr></table>`;
}

function groupBarHtml(g: GroupBar): string {
  const counts = TASK_STATUSES.map((s) => g.counts[s]);
  const widths = barWidths(counts);
  const cells = TASK_STATUSES.map((s, i) => (widths[i]! > 0 ? barCell(widths[i]!, STATUS_COLOUR[s]) : '')).join('');
  const bar = g.total > 0 ? cells : barCell(100, '#E5E7EB');
  const breakdown = countsVi(g.counts) || 'không có nhiệm vụ';
  return (
    `<tr><td style="padding:8px 12px 2px 12px;${FONT}font-size:14px;line-height:20px;font-weight:bold;color:#111827;">Nhóm ${g.group} · ${g.total} nhiệm vụ</td></tr>` +
    `<tr><td style="padding:2px 12px;"><table ${PRESENTATION} width="100%" style="width:100%;border-collapse:collapse;"><tr>${bar}</tr></table></td></tr>` +
    `<tr><td style="padding:2px 12px 8px 12px;${SMALL}">${esc(breakdown)}</td></tr>`
  );
}

function countsVi(c: StatusCounts): string {
  return TASK_STATUSES.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${STATUS_SHORT_VI[s].toLowerCase()}`)
    .join(' · ');
}

function pairedBar(label: string, value: number | undefined, max: number, unit: string, colour: string): string {
  const w = value === undefined || max <= 0 ? 0 : Math.max(0, Math.min(100, Math.round((Math.max(0, value) / max) * 100)));
  const bar = w > 0 ? barCell(w, colour, 12) + (w < 100 ? barCell(100 - w, '#F3F4F6', 12) : '') : barCell(100, '#F3F4F6', 12);
  return (
    `<tr>` +
    `<td width="70" style="width:70px;padding:2px 6px 2px 12px;${SMALL}">${esc(label)}</td>` +
    `<td style="padding:2px 0;"><table ${PRESENTATION} width="100%" style="width:100%;border-collapse:collapse;"><tr>${bar}</tr></table></td>` +
    `<td align="right" width="86" style="width:86px;padding:2px 12px 2px 6px;${FONT}font-size:13px;line-height:19px;font-weight:bold;color:#111827;white-space:nowrap;">${esc(value === undefined ? 'chưa có' : valueVi(value, unit))}</td>` +
    `</tr>`
  );
}

const ACTUAL = '#0B5CAD';
const PLANNED = '#9CA3AF';

/** A growth rate as officials say it: "tăng 8,1%" ("giảm 1,2%" when negative). */
const growthVi = (x: number, unit: string): string => (unit.trim() === '%' ? `${x < 0 ? 'giảm' : 'tăng'} ${valueVi(Math.abs(x), unit)}` : valueVi(x, unit));

/** ", thấp hơn kịch bản 0,3 điểm phần trăm" (or "cao hơn"), nothing when either is missing or they agree. */
function gapVi(actual: number | undefined, planned: number | undefined, unit: string): string {
  if (actual === undefined || planned === undefined) return '';
  const d = Number((actual - planned).toPrecision(12));
  if (d === 0) return ', đúng kịch bản';
  const size = unit.trim() === '%' ? `${numberVi(Math.abs(d))} điểm phần trăm` : valueVi(Math.abs(d), unit);
  return `, ${d < 0 ? 'thấp' : 'cao'} hơn kịch bản ${size}`;
}

function growthHtml(g: GrowthChart): { html: string; text: string[] } {
  const values = g.quarters.flatMap((q) => [q.actual, q.planned]).filter((x): x is number => x !== undefined && Number.isFinite(x));
  const max = Math.max(0, ...values);
  const rows = g.quarters
    .map((q) => {
      const label = periodVi(q.period);
      return (
        `<tr><td colspan="3" style="padding:8px 12px 2px 12px;${FONT}font-size:13px;line-height:18px;font-weight:bold;color:#374151;">${esc(label)}</td></tr>` +
        pairedBar('Thực hiện', q.actual, max, g.unit, ACTUAL) +
        pairedBar('Kịch bản', q.planned, max, g.unit, PLANNED)
      );
    })
    .join('');
  const head =
    `<tr><td style="padding:8px 12px 2px 12px;${BODY}"><strong>${esc(g.indicatorId)}</strong> · ${esc(title(g.name))}, năm ${g.year}` +
    `${g.target === undefined ? '' : ` (chỉ tiêu năm ${esc(valueVi(g.target, g.unit))})`}</td></tr>` +
    `<tr><td style="padding:2px 12px;"><table ${PRESENTATION} style="border-collapse:collapse;"><tr>${swatch(ACTUAL)}<td style="padding:0 12px 0 4px;${SMALL}">Thực hiện</td>${swatch(PLANNED)}<td style="padding:0 0 0 4px;${SMALL}">Kịch bản (lộ trình)</td></tr></table></td></tr>`;
  const html =
    head + `<tr><td style="padding:0 0 8px 0;"><table ${PRESENTATION} width="100%" style="width:100%;border-collapse:collapse;">${rows}</table></td></tr>`;
  const text = [
    `${oneLine(g.indicatorId)} – ${title(g.name)}, năm ${g.year}${g.target === undefined ? '' : ` (chỉ tiêu năm ${valueVi(g.target, g.unit)})`}:`,
    ...g.quarters.map(
      (q) =>
        `- ${periodVi(q.period)}: ${q.actual === undefined ? 'chưa có số liệu' : growthVi(q.actual, g.unit)}; kịch bản ${q.planned === undefined ? 'chưa có' : valueVi(q.planned, g.unit)}${gapVi(q.actual, q.planned, g.unit)}`,
    ),
  ];
  return { html, text };
}

function chartsBlock(m: DigestModel): Block {
  const heading = 'Biểu đồ';
  const groups = m.charts.byGroup;
  let html = subheading('Nhiệm vụ theo nhóm và tình trạng') + `<tr><td style="padding:4px 12px;">${legend()}</td></tr>` + groups.map(groupBarHtml).join('');
  const text = ['Nhiệm vụ theo nhóm và tình trạng:', ...groups.map((g) => `- Nhóm ${g.group} (${g.total}): ${countsVi(g.counts) || 'không có nhiệm vụ'}`)];
  if (m.charts.growth) {
    const g = growthHtml(m.charts.growth);
    html += `<tr><td style="padding:0;border-top:1px solid #E5E7EB;"></td></tr>` + subheading('Tăng trưởng so với lộ trình, theo quý') + g.html;
    text.push('', 'Tăng trưởng so với lộ trình, theo quý:', ...g.text);
  }
  return { heading, html: box(heading, html), text };
}

// ---------------------------------------------------------------------------------------------
// The email

function buttonHtml(link: string): string {
  const href = safeHttpUrl(link);
  const label = 'Xem báo cáo chi tiết';
  if (!href) return link ? `<p style="margin:0 0 16px 0;${SMALL}">${esc(label)}: ${escapeHtml(truncate(oneLine(link), 300))}</p>` : '';
  const h = escapeHtml(href);
  return (
    `<table ${PRESENTATION} style="margin:4px 0 16px 0;border-collapse:separate;"><tr>` +
    `<td align="center" bgcolor="#0B5CAD" style="border-radius:6px;background:#0B5CAD;">` +
    `<a href="${h}" target="_blank" rel="noopener noreferrer" style="display:inline-block;padding:14px 24px;${FONT}font-size:16px;line-height:20px;font-weight:bold;color:#FFFFFF;text-decoration:none;border-radius:6px;">${esc(label)}</a>` +
    `</td></tr></table>`
  );
}

/** Renders the digest. A quiet week gets a short email: the headline and one sentence. */
/** The office's warning about a year whose days off are not announced. */
export function calendarWarningVi(w: CalendarWarning): string {
  const counted =
    w.projectedEntries > 0
      ? `thời hạn đang được tính theo lịch nghỉ DỰ KIẾN (${w.projectedEntries} ngày tính theo Bộ luật Lao động 2019)`
      : 'thời hạn đang được tính như thể chỉ thứ Bảy, Chủ nhật là ngày nghỉ (chưa tính Tết và các ngày lễ)';
  return `Lưu ý: lịch nghỉ lễ, Tết năm ${w.year} chưa được cập nhật theo thông báo chính thức; ${counted}. Đề nghị Văn phòng cập nhật lịch ngày nghỉ và ngày làm bù năm ${w.year} khi có thông báo.`;
}

export function renderDigest(m: DigestModel, opts: { link: string }): RenderedDigest {
  const subject = digestSubject(m);
  const plan = oneLine(m.planCode);
  const brand = plan ? `dondoc · ${plan}` : 'dondoc';
  const status = statusLine(m);
  const tone = m.quiet
    ? { bg: '#DBEAFE', fg: '#1E3A8A', edge: '#2563EB' }
    : m.headline.now.overdue > 0
      ? { bg: '#FEE2E2', fg: '#7F1D1D', edge: '#DC2626' }
      : { bg: '#DCFCE7', fg: '#14532D', edge: '#16A34A' };
  const intro = `Báo cáo tuần ${m.weekNumber}/${m.weekYear} về tình hình thực hiện ${plan ? `Chương trình ${plan}` : 'chương trình hành động'}, số liệu đến ngày ${formatDateVi(m.today)}; phạm vi: ${scopeVi(m)}.`;
  const planTitle = short(m.planTitle, 300);

  const headline = headlineBlock(m);
  const blocks: Block[] = m.quiet
    ? [headline]
    : [headline, changesBlock(m), overdueBlock(m), upcomingBlock(m), indicatorsBlock(m), agenciesBlock(m), chartsBlock(m)];
  const quietNote = m.quiet
    ? `Trong tuần qua không có nhiệm vụ mới hoàn thành hoặc mới quá hạn, không có văn bản đôn đốc, quyết định gia hạn hay chỉ tiêu đổi màu. ${m.headline.now.overdue ? `Hiện có ${m.headline.now.overdue} nhiệm vụ quá hạn` : 'Hiện không có nhiệm vụ quá hạn'}; ${m.upcoming.tasks.length ? `${m.upcoming.tasks.length} nhiệm vụ đến hạn` : 'không có nhiệm vụ đến hạn'} trong 14 ngày tới. Chi tiết trong tệp đính kèm.`
    : '';

  const P = `margin:0 0 14px 0;${FONT}font-size:15px;line-height:22px;color:#111827;${WRAP}`;
  const calendarNotes = m.calendarWarnings.map(calendarWarningVi);
  const html = [
    ...documentStart(subject, status),
    `<table ${PRESENTATION} width="100%" style="width:100%;max-width:600px;background:#FFFFFF;border-collapse:collapse;">`,
    `<tr><td style="padding:14px 20px;background:#0B3D91;${FONT}font-size:14px;line-height:20px;font-weight:bold;color:#FFFFFF;">${esc(brand)} · Báo cáo tuần ${m.weekNumber}/${m.weekYear}</td></tr>`,
    `<tr><td style="padding:14px 20px;background:${tone.bg};border-left:6px solid ${tone.edge};${FONT}font-size:16px;line-height:22px;font-weight:bold;color:${tone.fg};${WRAP}">${esc(status)}</td></tr>`,
    `<tr><td style="padding:20px 20px 4px 20px;">`,
    `<p style="${P}">Kính gửi: <strong>${esc(recipientVi(m))}</strong></p>`,
    `<p style="${P}">${esc(intro)}</p>`,
    planTitle ? `<p style="margin:0 0 14px 0;${SMALL}">${esc(planTitle)}</p>` : '',
    quietNote ? `<p style="${P}">${esc(quietNote)}</p>` : '',
    ...calendarNotes.map((n) => `<p style="${P}font-weight:bold;color:#92400E;">${esc(n)}</p>`),
    `</td></tr>`,
    `<tr><td style="padding:0 20px;">${blocks.map((b) => b.html).join('\n')}</td></tr>`,
    opts.link ? `<tr><td style="padding:0 20px 8px 20px;">${buttonHtml(opts.link)}</td></tr>` : '',
    ...documentEnd(plan),
  ]
    .filter(Boolean)
    .join('\n');

  const text: string[] = [`${brand} · Báo cáo tuần ${m.weekNumber}/${m.weekYear}`, '', status, '', `Kính gửi: ${recipientVi(m)}`, '', intro, ''];
  if (quietNote) text.push(quietNote, '');
  for (const n of calendarNotes) text.push(n, '');
  for (const b of blocks) text.push(oneLine(b.heading).toLocaleUpperCase('vi'), ...b.text, '');
  if (opts.link) {
    const href = safeHttpUrl(opts.link);
    text.push('Xem báo cáo chi tiết:', href ?? truncate(oneLine(opts.link), 300), '');
  }
  text.push('-- ', footerText(plan));
  return { subject, html, text: `${text.join('\n')}\n` };
}
