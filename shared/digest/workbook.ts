/**
 * The workbook attached to the weekly digest: every task and indicator in the recipient's scope,
 * for whoever wants more than the email's short lists. Dates are real Excel dates (UTC midnight of
 * the ISO date, shown dd/mm/yyyy), numbers are numbers, so the sheets sort and filter.
 */
import ExcelJS from 'exceljs';
import { vnCalendar } from '../domain/calendar';
import { dueDateOf } from '../domain/deadline';
import { periodLabelVi, tryParsePeriod } from '../domain/period';
import { STATUS_VI } from '../domain/status';
import { cleanText } from '../mail/text';
import { RAG_VI, indicatorsInScope, statusAt, tasksInScope, type DigestInput, type DigestModel } from './model';
import { neededWords } from '../domain/indicators';

/** Excel keeps at most 32,767 characters in a cell. */
const MAX_CELL = 32_000;
const DATE_FORMAT = 'dd/mm/yyyy';

/** UTC midnight of an ISO date; undefined for anything else. */
export function excelDate(iso: string | undefined): Date | undefined {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Text from agencies, safe for the sheet's XML: no control characters, within Excel's limit. */
const text = (s: unknown): string => cleanText(s).slice(0, MAX_CELL);

const num = (x: number | undefined): number | undefined => (x !== undefined && Number.isFinite(x) ? x : undefined);

interface Column {
  header: string;
  key: string;
  width: number;
  date?: boolean;
  wrap?: boolean;
  numFmt?: string;
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Array<Record<string, unknown>>): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const r of rows) ws.addRow(r);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.date) col.numFmt = DATE_FORMAT;
    else if (c.numFmt) col.numFmt = c.numFmt;
    col.alignment = { vertical: 'top', wrapText: Boolean(c.wrap) };
  });
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

export const TASK_HEADERS = [
  'Mã',
  'Nhóm',
  'Nội dung',
  'Sản phẩm',
  'Cơ quan chủ trì',
  'Cơ quan phối hợp',
  'Thời hạn',
  'Hạn hoàn thành',
  'Hạn sau gia hạn',
  'Tình trạng',
  'Tiến độ (%)',
  'Ngày hoàn thành',
  'Số lần đôn đốc',
] as const;

export const INDICATOR_HEADERS = ['Mã', 'Tên', 'Đơn vị', 'Kỳ', 'Số liệu', 'Chỉ tiêu năm', 'Đánh giá', 'Cần đạt mỗi kỳ còn lại', 'Lý do'] as const;

/** The digest's workbook: sheets "Nhiệm vụ" and "Chỉ tiêu", for the recipient's scope. */
export async function buildWorkbook(m: DigestModel, input: DigestInput): Promise<Buffer> {
  const cal = input.calendar ?? vnCalendar;
  const names = new Map(input.agencies.map((a) => [a.code, a.name]));
  const agency = (code: string) => names.get(code) ?? code;

  const wb = new ExcelJS.Workbook();
  // The workbook's own dates come from the digest, not the clock.
  const stamp = excelDate(m.today);
  if (stamp) {
    wb.created = stamp;
    wb.modified = stamp;
  }
  wb.creator = 'dondoc';
  wb.title = text(`Báo cáo tuần ${m.weekNumber}/${m.weekYear} – ${m.planCode}`);

  const taskCols: Column[] = [
    { header: TASK_HEADERS[0], key: 'id', width: 10 },
    { header: TASK_HEADERS[1], key: 'group', width: 7 },
    { header: TASK_HEADERS[2], key: 'title', width: 60, wrap: true },
    { header: TASK_HEADERS[3], key: 'deliverable', width: 28, wrap: true },
    { header: TASK_HEADERS[4], key: 'lead', width: 28, wrap: true },
    { header: TASK_HEADERS[5], key: 'co', width: 36, wrap: true },
    { header: TASK_HEADERS[6], key: 'deadline', width: 16 },
    { header: TASK_HEADERS[7], key: 'due', width: 15, date: true },
    { header: TASK_HEADERS[8], key: 'revised', width: 15, date: true },
    { header: TASK_HEADERS[9], key: 'status', width: 30, wrap: true },
    { header: TASK_HEADERS[10], key: 'progress', width: 10, numFmt: '0' },
    { header: TASK_HEADERS[11], key: 'completed', width: 15, date: true },
    { header: TASK_HEADERS[12], key: 'chasers', width: 10, numFmt: '0' },
  ];
  const taskRows = tasksInScope(input).map((t) => ({
    id: text(t.id),
    group: t.group,
    title: text(t.title),
    deliverable: text(t.deliverable),
    lead: text(agency(t.leadAgency)),
    co: text(t.coAgencies.map(agency).join('; ')),
    deadline: text(t.deadline.text),
    due: excelDate(dueDateOf(t.deadline)),
    revised: excelDate(t.revisedDueDate),
    status: STATUS_VI[statusAt(t, m.today, cal)],
    progress: num(t.progress),
    completed: t.completedOn && t.completedOn <= m.today ? excelDate(t.completedOn) : undefined,
    chasers: t.ladder?.chasers ?? 0,
  }));
  addSheet(wb, 'Nhiệm vụ', taskCols, taskRows);

  const indicatorCols: Column[] = [
    { header: INDICATOR_HEADERS[0], key: 'id', width: 9 },
    { header: INDICATOR_HEADERS[1], key: 'name', width: 50, wrap: true },
    { header: INDICATOR_HEADERS[2], key: 'unit', width: 16 },
    { header: INDICATOR_HEADERS[3], key: 'period', width: 20 },
    { header: INDICATOR_HEADERS[4], key: 'latest', width: 12, numFmt: '#,##0.###' },
    { header: INDICATOR_HEADERS[5], key: 'target', width: 13, numFmt: '#,##0.###' },
    { header: INDICATOR_HEADERS[6], key: 'status', width: 16 },
    { header: INDICATOR_HEADERS[7], key: 'needed', width: 30, wrap: true },
    { header: INDICATOR_HEADERS[8], key: 'reason', width: 70, wrap: true },
  ];
  const indicatorRows = indicatorsInScope(input).map(({ def, assessment: a }) => {
    const p = a?.period ? tryParsePeriod(a.period) : undefined;
    return {
      id: text(def.id),
      name: text(def.name),
      unit: text(def.unit),
      period: p ? periodLabelVi(p) : text(a?.period ?? ''),
      latest: num(a?.actual),
      target: num(a?.target),
      status: RAG_VI[a?.status ?? 'unknown'],
      // In words ("giảm 0,09 điểm phần trăm mỗi quý"), not a signed figure under "Cần đạt".
      needed: a?.needed === undefined ? undefined : text(neededWords(def, a.needed).vi.replace(/^cần /, '')),
      reason: text(a?.reason.vi ?? ''),
    };
  });
  addSheet(wb, 'Chỉ tiêu', indicatorCols, indicatorRows);

  const out = await wb.xlsx.writeBuffer();
  return stampZip(Buffer.from(out as ArrayBuffer), m.today);
}

/**
 * Sets the modification time of every entry of a zip (an XLSX is one) to midnight of `isoDate`.
 * The zip writer stamps entries with the wall clock; stamped with the digest's day instead, the
 * same digest gives the same bytes, so its attachment can be stored under an id made from them.
 * Walks the central directory (and each entry's local header); anything unexpected is left as is.
 */
export function stampZip(zip: Buffer, isoDate: string): Buffer {
  const [y, mo, d] = isoDate.split('-').map(Number) as [number, number, number];
  if (!(y >= 1980 && y < 2108 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) return zip;
  const dosDate = ((y - 1980) << 9) | (mo << 5) | d;
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return zip;
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (p + 46 > out.length || out.readUInt32LE(p) !== 0x02014b50) return zip;
    out.writeUInt16LE(0, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (local + 30 > out.length || out.readUInt32LE(local) !== 0x04034b50) return zip;
    out.writeUInt16LE(0, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
