import { parse } from 'csv-parse/sync';
import { ValidationError, quoted } from '../domain/errors';
import { isValidAddress } from '../domain/address';
import { inValueRange } from '../../events/indicator';
import { INDICATOR_ID, TASK_ID } from '../../events/ids';
import { parseDeadline, type Deadline } from '../domain/deadline';
import {
  AGENCY_KINDS,
  DIRECTIONS,
  FIELDS,
  FREQUENCIES,
  INDICATOR_KINDS,
  LEADER_ROLES,
  THRESHOLD_UNITS,
  type Agency,
  type Field,
  type IndicatorDef,
  type Leader,
  type Plan,
  type TaskDef,
  type TaskGroup,
} from '../domain/plan';

/**
 * Reads a plan from its CSV tables (the format a city office exports from its spreadsheet).
 * Every row is checked; all problems are collected and reported together, each naming the file,
 * the line and the column. Nothing is returned unless the whole plan is valid.
 */

export const TARGET_YEARS = [2025, 2026, 2027, 2028, 2029, 2030] as const;
/** Years a reported value may belong to: the programme's, and the baseline year before them. */
export const VALUE_YEARS = { firstYear: TARGET_YEARS[0], lastYear: TARGET_YEARS[TARGET_YEARS.length - 1]! };

export const PLAN_FILES = {
  'plan.csv': ['code', 'title', 'issued_on', 'issuer', 'note'],
  'groups.csv': ['group', 'title'],
  'leaders.csv': ['id', 'role', 'name', 'title', 'fields', 'email'],
  'agencies.csv': ['code', 'name', 'kind', 'field', 'emails', 'head_name', 'head_email'],
  'tasks.csv': ['id', 'group', 'title', 'deliverable', 'lead_agency', 'co_agencies', 'deadline', 'field'],
  'indicators.csv': [
    'id',
    'name',
    'unit',
    'direction',
    'kind',
    'frequency',
    'agency',
    'field',
    'baseline_2024',
    ...TARGET_YEARS.map((y) => `target_${y}`),
    'note',
  ],
  'trajectories.csv': ['indicator', 'period', 'value'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Columns indicators.csv may add: co-operating agencies, thresholds and their unit (`points` or
 * `relative`), the weights of a growth rate's periods (the previous year's levels or shares, `;`
 * between them), and the plausible ceiling of what a period can achieve.
 */
export const INDICATOR_OPTIONAL_COLUMNS = ['co_agencies', 'threshold_amber', 'threshold_red', 'threshold_unit', 'weights', 'ceiling'] as const;

/** Files a plan may leave out. */
const OPTIONAL_FILES = new Set<string>(['trajectories.csv']);
/** Columns a table may leave out. */
const OPTIONAL_COLUMNS: Partial<Record<PlanFile, readonly string[]>> = {
  'plan.csv': ['report_cutoff_day'],
  'indicators.csv': INDICATOR_OPTIONAL_COLUMNS,
};
export type PlanFile = keyof typeof PLAN_FILES;

export interface ImportIssue {
  file: string;
  line: number;
  field: string;
  vi: string;
  en: string;
}

export class PlanImportError extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(`${issues.length} problem(s) in the plan:\n` + issues.map(formatIssue).join('\n'));
    this.name = 'PlanImportError';
  }
}

export const formatIssue = (i: ImportIssue): string => `${i.file}:${i.line}: ${i.field}: ${i.en} / ${i.vi}`;

const CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const MAX_TEXT = 2000;
/**
 * Rows one table of a plan may have. A programme of action has tens of tasks (Hanoi's 08/CTr-UBND
 * has 62); a plan is written in one request, which must finish within the API's timeout.
 */
export const MAX_TABLE_ROWS = 2000;
/**
 * How CSV is read: no record longer than a real row can be (2,000 characters a cell, a few
 * dozen columns), so a 6 MB line is refused at once instead of being split into a million cells.
 */
export const CSV_LIMITS = { bom: true, skip_empty_lines: true, relax_column_count: true, info: true, max_record_size: 100_000 } as const;

export type CsvRecord = { record: string[]; info: { lines: number } };

// A lone surrogate: half of a pair, without the other half.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The records of a CSV text (at most `to`), or the problem that stops reading it, with its line. A
 * lone surrogate (which only JSON can carry: UTF-8 cannot) is refused here, because the CSV
 * reader works on UTF-8 bytes and would turn it into U+FFFD unseen.
 */
export function readCsv(file: string, text: string, to: number): CsvRecord[] | ImportIssue {
  const bad = LONE_SURROGATE.exec(text);
  if (bad) {
    const line = text.slice(0, bad.index).split(/\r\n|\r|\n/).length;
    return { file, line, field: '(csv)', vi: 'Có ký tự Unicode hỏng (nửa cặp thay thế).', en: 'Contains malformed Unicode (a lone surrogate).' };
  }
  try {
    return parse(text, { ...CSV_LIMITS, to }) as unknown as CsvRecord[];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 0;
    const why = quoted((e as Error).message, 300);
    return { file, line, field: '(csv)', vi: `Tệp CSV bị lỗi cú pháp: ${why}`, en: `Malformed CSV: ${why}` };
  }
}

type Rec = Record<string, string>;

/** Reads typed values out of one CSV record, noting problems instead of throwing. */
class RowReader {
  constructor(
    private readonly file: string,
    readonly line: number,
    private readonly rec: Rec,
    private readonly issues: ImportIssue[],
  ) {}

  fail(field: string, vi: string, en: string): undefined {
    this.issues.push({ file: this.file, line: this.line, field, vi, en });
    return undefined;
  }

  text(col: string, required = true): string {
    const v = (this.rec[col] ?? '').normalize('NFC').trim();
    if (required && !v) this.fail(col, 'Không được để trống.', 'Must not be empty.');
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) {
      this.fail(col, 'Có ký tự điều khiển không hợp lệ.', 'Contains control characters.');
    }
    if (v.length > MAX_TEXT) this.fail(col, `Dài quá ${MAX_TEXT} ký tự.`, `Longer than ${MAX_TEXT} characters.`);
    // A lone surrogate cannot be stored as UTF-8: it would be saved as a replacement character.
    if (!v.isWellFormed()) this.fail(col, 'Có ký tự Unicode hỏng (nửa cặp thay thế).', 'Contains malformed Unicode (a lone surrogate).');
    return v;
  }

  oneOf<T extends string>(col: string, values: readonly T[]): T {
    const v = this.text(col);
    if (v && !values.includes(v as T)) {
      this.fail(
        col,
        `Giá trị "${quoted(v)}" không hợp lệ; dùng một trong: ${values.join(', ')}.`,
        `"${quoted(v)}" is not allowed; use one of: ${values.join(', ')}.`,
      );
    }
    return v as T;
  }

  code(col: string, pattern = CODE): string {
    const v = this.text(col);
    if (v && !pattern.test(v)) this.fail(col, `Mã "${quoted(v)}" không đúng định dạng.`, `Code "${quoted(v)}" is not in the expected form.`);
    return v;
  }

  list(col: string): string[] {
    return this.text(col, false)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  emails(col: string, required = true): string[] {
    const list = this.list(col);
    if (required && list.length === 0) this.fail(col, 'Cần ít nhất một địa chỉ email.', 'At least one email address is needed.');
    // The mailer's own rule: an address it would refuse must not get into the plan.
    for (const e of list) if (!isValidAddress(e)) this.fail(col, `Email "${quoted(e)}" không hợp lệ.`, `"${quoted(e)}" is not an email address.`);
    return list;
  }

  int(col: string, min: number, max: number): number {
    const v = this.text(col);
    const n = Number(v);
    if (v && (!/^\d+$/.test(v) || n < min || n > max)) {
      this.fail(col, `Phải là số nguyên từ ${min} đến ${max}.`, `Must be a whole number from ${min} to ${max}.`);
    }
    return n;
  }

  number(col: string): number | undefined {
    const v = this.text(col, false);
    if (!v) return undefined;
    if (!/^-?\d+(\.\d+)?$/.test(v)) {
      return this.fail(
        col,
        `"${quoted(v)}" không phải là số (dùng dấu chấm thập phân, không dấu phân cách hàng nghìn).`,
        `"${quoted(v)}" is not a number (use a decimal point and no thousands separator).`,
      );
    }
    // "1" followed by 400 zeros reads as Infinity, which no store takes.
    const n = Number(v);
    if (!inValueRange(n)) {
      return this.fail(col, `"${quoted(v)}" nằm ngoài phạm vi cho phép (độ lớn tối đa 10^15).`, `"${quoted(v)}" is out of range (at most 10^15 in magnitude).`);
    }
    return n;
  }

  /** A `;`-separated list of numbers (none when the cell is empty). */
  numbers(col: string): number[] | undefined {
    const items = this.list(col);
    if (!items.length) return undefined;
    const out: number[] = [];
    for (const v of items) {
      const n = Number(v);
      if (!/^-?\d+(\.\d+)?$/.test(v) || !inValueRange(n)) {
        return this.fail(
          col,
          `"${quoted(v)}" không phải là số (dùng dấu chấm thập phân, dấu ; giữa các số).`,
          `"${quoted(v)}" is not a number (use a decimal point, and ; between numbers).`,
        );
      }
      out.push(n);
    }
    return out;
  }

  deadline(col: string): Deadline | undefined {
    const v = this.text(col);
    if (!v) return undefined;
    // Longer than any deadline officials write; not parsed (its error would quote all of it).
    if (v.length > 100) return this.fail(col, `Không hiểu thời hạn "${quoted(v)}".`, `Cannot read deadline "${quoted(v)}".`);
    try {
      return parseDeadline(v, col);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const i of e.issues) this.fail(i.field, i.vi, i.en);
      return undefined;
    }
  }
}

function readTable(file: PlanFile, text: string | undefined, issues: ImportIssue[]): RowReader[] {
  if (text === undefined) {
    issues.push({ file, line: 0, field: '(file)', vi: 'Thiếu tệp này.', en: 'This file is missing.' });
    return [];
  }
  const records = readCsv(file, text, MAX_TABLE_ROWS + 2);
  if (!Array.isArray(records)) {
    issues.push(records);
    return [];
  }
  const [header, ...rows] = records;
  if (!header) {
    issues.push({ file, line: 1, field: '(header)', vi: 'Tệp trống.', en: 'The file is empty.' });
    return [];
  }
  if (rows.length > MAX_TABLE_ROWS) {
    issues.push({
      file,
      line: rows.at(-1)!.info.lines,
      field: '(row)',
      vi: `Bảng có hơn ${MAX_TABLE_ROWS} dòng.`,
      en: `The table has more than ${MAX_TABLE_ROWS} rows.`,
    });
    return [];
  }
  const columns = header.record.map((c) => c.trim());
  const expected: readonly string[] = PLAN_FILES[file];
  const optional = OPTIONAL_COLUMNS[file] ?? [];
  const missing = expected.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !expected.includes(c) && !optional.includes(c));
  for (const c of missing) issues.push({ file, line: 1, field: c, vi: 'Thiếu cột này.', en: 'Column missing.' });
  for (const c of unknown)
    issues.push({
      file,
      line: 1,
      field: c ? quoted(c) : '""',
      vi: c ? 'Cột không được biết đến.' : 'Cột không có tên.',
      en: c ? 'Unknown column.' : 'A column has no name.',
    });
  if (missing.length || unknown.length) return [];
  return rows.map(({ record, info }) => {
    const rec: Rec = {};
    columns.forEach((c, i) => (rec[c] = record[i] ?? ''));
    const reader = new RowReader(file, info.lines, rec, issues);
    if (record.length !== columns.length) {
      reader.fail('(row)', `Dòng có ${record.length} cột, tiêu đề có ${columns.length}.`, `Row has ${record.length} columns, the header ${columns.length}.`);
    }
    return reader;
  });
}

function unique<T>(items: Array<{ row: RowReader; key: string; value: T }>, col: string): T[] {
  const seen = new Set<string>();
  for (const { row, key } of items) {
    if (seen.has(key)) row.fail(col, `"${quoted(key)}" bị trùng.`, `"${quoted(key)}" appears more than once.`);
    seen.add(key);
  }
  return items.map((i) => i.value);
}

/** Parses and cross-checks a whole plan. Throws PlanImportError listing every problem. */
export function parsePlan(files: Partial<Record<string, string>>): Plan {
  const issues: ImportIssue[] = [];
  for (const name of Object.keys(files)) {
    if (!(name in PLAN_FILES)) {
      issues.push({ file: name, line: 0, field: '(file)', vi: 'Tệp không thuộc bộ kế hoạch.', en: 'Not one of the plan files.' });
    }
  }
  const table = (f: PlanFile) => (OPTIONAL_FILES.has(f) && files[f] === undefined ? [] : readTable(f, files[f], issues));

  const metaRows = table('plan.csv');
  if (files['plan.csv'] !== undefined && metaRows.length !== 1) {
    issues.push({ file: 'plan.csv', line: 2, field: '(row)', vi: 'Cần đúng một dòng.', en: 'Exactly one row is needed.' });
  }
  const m = metaRows[0];
  const meta = {
    code: m?.text('code') ?? '',
    title: m?.text('title') ?? '',
    issuedOn: m?.text('issued_on') ?? '',
    issuer: m?.text('issuer') ?? '',
    note: m?.text('note', false) ?? '',
    ...reportCutoff(m),
  };

  const groups: TaskGroup[] = unique(
    table('groups.csv').map((r) => {
      const group = r.int('group', 1, 99);
      return { row: r, key: String(group), value: { group, title: r.text('title') } };
    }),
    'group',
  );

  const readFields = (r: RowReader): Field[] => {
    const list = r.list('fields');
    for (const f of list) {
      if (!FIELDS.includes(f as Field))
        r.fail('fields', `Lĩnh vực "${quoted(f)}" không hợp lệ; dùng: ${FIELDS.join(', ')}.`, `Unknown field "${quoted(f)}"; use: ${FIELDS.join(', ')}.`);
    }
    return list as Field[];
  };
  const leaderRows = table('leaders.csv');
  const leaders: Leader[] = unique(
    leaderRows.map((r) => {
      const id = r.code('id');
      return {
        row: r,
        key: id,
        value: {
          id,
          role: r.oneOf('role', LEADER_ROLES),
          name: r.text('name'),
          title: r.text('title'),
          fields: readFields(r),
          email: r.emails('email')[0] ?? '',
        },
      };
    }),
    'id',
  );
  if (leaderRows.length && !leaders.some((l) => l.role === 'chair')) {
    issues.push({ file: 'leaders.csv', line: 1, field: 'role', vi: 'Cần một dòng Chủ tịch (chair).', en: 'A chair row is needed.' });
  }
  if (leaderRows.length && !leaders.some((l) => l.role === 'office')) {
    issues.push({ file: 'leaders.csv', line: 1, field: 'role', vi: 'Cần một dòng Văn phòng UBND (office).', en: 'An office row is needed.' });
  }

  const agencies: Agency[] = unique(
    table('agencies.csv').map((r) => {
      const code = r.code('code');
      return {
        row: r,
        key: code,
        value: {
          code,
          name: r.text('name'),
          kind: r.oneOf('kind', AGENCY_KINDS),
          field: r.oneOf('field', FIELDS),
          emails: r.emails('emails'),
          head: { name: r.text('head_name'), email: r.emails('head_email')[0] ?? '' },
        },
      };
    }),
    'code',
  );
  const agencyByCode = new Map(agencies.map((a) => [a.code, a]));
  const groupIds = new Set(groups.map((g) => g.group));

  const agencyRef = (r: RowReader, col: string, code: string) => {
    if (code && agencyByCode.size && !agencyByCode.has(code)) {
      r.fail(col, `Không có cơ quan mã "${quoted(code)}" trong agencies.csv.`, `No agency "${quoted(code)}" in agencies.csv.`);
    }
  };
  const optionalField = (r: RowReader, fallback: Field | undefined): Field => {
    const f = r.text('field', false);
    if (f && !FIELDS.includes(f as Field)) {
      r.fail('field', `Lĩnh vực "${quoted(f)}" không hợp lệ; dùng: ${FIELDS.join(', ')}.`, `Unknown field "${quoted(f)}"; use: ${FIELDS.join(', ')}.`);
    }
    return (f || fallback || 'noi-chinh') as Field;
  };

  const tasks: TaskDef[] = [];
  const taskRows = table('tasks.csv').map((r) => {
    const id = r.code('id', TASK_ID);
    const group = r.int('group', 1, 99);
    if (group && groupIds.size && !groupIds.has(group)) r.fail('group', `Không có nhóm ${group} trong groups.csv.`, `No group ${group} in groups.csv.`);
    const leadAgency = r.text('lead_agency');
    agencyRef(r, 'lead_agency', leadAgency);
    const coAgencies = r.list('co_agencies');
    for (const c of coAgencies) agencyRef(r, 'co_agencies', c);
    if (coAgencies.includes(leadAgency))
      r.fail('co_agencies', 'Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp.', 'The lead agency cannot also be a co-operating agency.');
    const parsed = r.deadline('deadline');
    const deadline = parsed?.kind === 'recurring' && meta.reportCutoffDay ? { ...parsed, cutoffDay: meta.reportCutoffDay } : parsed;
    const value = {
      id,
      group,
      title: r.text('title'),
      deliverable: r.text('deliverable'),
      leadAgency,
      coAgencies,
      deadline: deadline as Deadline,
      field: optionalField(r, agencyByCode.get(leadAgency)?.field),
    };
    return { row: r, key: id, value };
  });
  tasks.push(...unique(taskRows, 'id'));

  const indicators: IndicatorDef[] = unique(
    table('indicators.csv').map((r) => {
      const id = r.code('id', INDICATOR_ID);
      const agency = r.text('agency');
      agencyRef(r, 'agency', agency);
      const targets = TARGET_YEARS.flatMap((y) => {
        const v = r.number(`target_${y}`);
        return v === undefined ? [] : [{ period: String(y), value: v }];
      });
      if (!targets.length) r.fail('target_2025', 'Cần ít nhất một chỉ tiêu năm.', 'At least one yearly target is needed.');
      const baseline = r.number('baseline_2024');
      const unit = r.text('unit');
      const direction = r.oneOf('direction', DIRECTIONS);
      const kind = r.oneOf('kind', INDICATOR_KINDS);
      const frequency = r.oneOf('frequency', FREQUENCIES);
      const coAgencies = r.list('co_agencies');
      for (const c of coAgencies) agencyRef(r, 'co_agencies', c);
      if (agency && coAgencies.includes(agency))
        r.fail('co_agencies', 'Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp.', 'The lead agency cannot also be a co-operating agency.');
      const amber = r.number('threshold_amber');
      const red = r.number('threshold_red');
      const thresholdUnit = r.text('threshold_unit', false);
      if (thresholdUnit && !THRESHOLD_UNITS.includes(thresholdUnit as (typeof THRESHOLD_UNITS)[number])) {
        r.fail(
          'threshold_unit',
          `Giá trị "${quoted(thresholdUnit)}" không hợp lệ; dùng một trong: ${THRESHOLD_UNITS.join(', ')}.`,
          `"${quoted(thresholdUnit)}" is not allowed; use one of: ${THRESHOLD_UNITS.join(', ')}.`,
        );
      }
      const points = thresholdUnit ? thresholdUnit === 'points' : unit === '%';
      if ((amber === undefined) !== (red === undefined) || (thresholdUnit && amber === undefined)) {
        r.fail(
          amber === undefined ? 'threshold_amber' : 'threshold_red',
          'Cần cả ngưỡng vàng và ngưỡng đỏ (threshold_amber, threshold_red).',
          'Both thresholds are needed (threshold_amber, threshold_red).',
        );
      }
      if (amber !== undefined && red !== undefined && !(amber >= 0 && amber < red)) {
        r.fail(
          'threshold_red',
          points
            ? 'Ngưỡng đỏ phải lớn hơn ngưỡng vàng (theo điểm, cùng đơn vị với chỉ tiêu, ví dụ 0.2 và 1 điểm phần trăm).'
            : 'Ngưỡng đỏ phải lớn hơn ngưỡng vàng (tỷ lệ so với kế hoạch, ví dụ 0.02 và 0.1).',
          points
            ? "The red threshold must be above the amber one (in points of the indicator's unit, e.g. 0.2 and 1 percentage point)."
            : 'The red threshold must be above the amber one (fractions of the plan, e.g. 0.02 and 0.1).',
        );
      }
      const weights = r.numbers('weights');
      if (weights) {
        const n = FREQUENCIES.includes(frequency) ? { monthly: 12, quarterly: 4, half_yearly: 2, yearly: 1 }[frequency] : undefined;
        if (kind !== 'rate' || frequency === 'yearly') {
          r.fail(
            'weights',
            'Trọng số chỉ dùng cho chỉ tiêu tốc độ (kind rate) báo cáo theo tháng, quý hoặc nửa năm.',
            'Weights apply only to a rate (kind rate) reported monthly, quarterly or half-yearly.',
          );
        } else if (n !== undefined && weights.length !== n) {
          r.fail(
            'weights',
            `Cần ${n} trọng số (quy mô từng kỳ của năm trước), có ${weights.length}.`,
            `${n} weights are needed (the previous year's level of each period), not ${weights.length}.`,
          );
        } else if (!weights.every((w) => w > 0)) {
          r.fail('weights', 'Trọng số phải là số dương.', 'Weights must be positive.');
        }
      }
      const ceiling = r.number('ceiling');
      if (ceiling !== undefined && kind === 'level' && !(ceiling > 0)) {
        r.fail(
          'ceiling',
          'Với chỉ tiêu mức (kind level), mức trần là mức thay đổi lớn nhất mỗi kỳ theo hướng tốt, phải là số dương.',
          'For a level (kind level) the ceiling is the largest change a period in the good direction, a positive number.',
        );
      }
      return {
        row: r,
        key: id,
        value: {
          id,
          name: r.text('name'),
          unit,
          direction,
          kind,
          frequency,
          agency,
          ...(coAgencies.length ? { coAgencies } : {}),
          field: optionalField(r, agencyByCode.get(agency)?.field),
          ...(baseline === undefined ? {} : { baseline: { period: '2024', value: baseline } }),
          targets,
          ...(amber !== undefined && red !== undefined
            ? { thresholds: { amber, red, ...(thresholdUnit ? { unit: thresholdUnit as (typeof THRESHOLD_UNITS)[number] } : {}) } }
            : {}),
          ...(weights ? { weights } : {}),
          ...(ceiling === undefined ? {} : { ceiling }),
          note: r.text('note', false),
        },
      };
    }),
    'id',
  );

  // Planned paths (kịch bản tăng trưởng): one row per indicator and period.
  const byId = new Map(indicators.map((i) => [i.id, i]));
  unique(
    table('trajectories.csv').map((r) => {
      const id = r.text('indicator');
      const def = byId.get(id);
      if (id && byId.size && !def)
        r.fail('indicator', `Không có chỉ tiêu "${quoted(id)}" trong indicators.csv.`, `No indicator "${quoted(id)}" in indicators.csv.`);
      const period = r.text('period');
      if (period && !/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/.test(period)) {
        r.fail(
          'period',
          `Kỳ "${quoted(period)}" không hợp lệ (ví dụ 2025-Q3, 2025-09, 2025-H1, 2025).`,
          `Period "${quoted(period)}" is not valid (e.g. 2025-Q3, 2025-09, 2025-H1, 2025).`,
        );
      }
      const value = r.number('value');
      if (value === undefined) r.fail('value', 'Cần một giá trị.', 'A value is needed.');
      if (def && value !== undefined) (def.path ??= []).push({ period, value });
      return { row: r, key: `${id}#${period}`, value: undefined };
    }),
    'period',
  );

  if (issues.length) throw new PlanImportError(issues);
  return { meta, groups, leaders, agencies, tasks, indicators };
}

/**
 * plan.csv's optional `report_cutoff_day`: the day of a period's last month on which recurring
 * tasks' reports close (1 to 28, so that every month has it); absent or empty, Decree 09/2019's 14th.
 */
function reportCutoff(m: RowReader | undefined): { reportCutoffDay?: number } {
  if (!m) return {};
  const day = m.number('report_cutoff_day');
  if (day === undefined) return {};
  if (!Number.isInteger(day) || day < 1 || day > 28) {
    m.fail('report_cutoff_day', 'Ngày chốt số liệu báo cáo phải là số nguyên từ 1 đến 28.', 'The report cut-off day must be a whole number from 1 to 28.');
    return {};
  }
  return { reportCutoffDay: day };
}
