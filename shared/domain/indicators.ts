import { addDays, type IsoDate } from './dates';
import type { IndicatorDef } from './plan';
import {
  FREQUENCY_KIND,
  comparePeriods,
  periodLabelEn,
  periodLabelVi,
  periodsInYear,
  periodsPerYear,
  tryParsePeriod,
  type Period,
  type PeriodKind,
} from './period';

/**
 * Indicator figures (số liệu chỉ tiêu) and how they are judged against the plan.
 *
 * Everything here is pure: no clock, no I/O. Dates and instants are parameters.
 */

/** Revision stages of a figure, in rank order: ước tính < sơ bộ < chính thức. */
export const REVISIONS = ['estimated', 'preliminary', 'official'] as const;
export type Revision = (typeof REVISIONS)[number];

export const REVISION_VI: Record<Revision, string> = {
  estimated: 'ước tính',
  preliminary: 'sơ bộ',
  official: 'chính thức',
};

export interface IndicatorValue {
  indicatorId: string;
  /** Canonical period id of the indicator's frequency: `2025-09`, `2025-Q3`, `2025-H1`, `2025`. */
  period: string;
  value: number;
  revision: Revision;
  /** Where the figure comes from (a report number, the statistics office's release, ...). */
  source: string;
  reportedBy: { sub: string; role: string; agency?: string };
  /** ISO instant at which the figure was received. */
  receivedAt: string;
  /** The request (API request, or event id) that brought it in (audit). */
  requestId?: string;
}

const rank = (r: Revision): number => REVISIONS.indexOf(r);

const instant = (s: string): number => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

/** Whether `a` supersedes `b` for the same period; on a full tie the later one in the input wins. */
const supersedes = (a: IndicatorValue, b: IndicatorValue): boolean =>
  rank(a.revision) > rank(b.revision) || (rank(a.revision) === rank(b.revision) && instant(a.receivedAt) >= instant(b.receivedAt));

/**
 * For each period, the value that counts: the highest revision stage (an official figure beats
 * a later estimate); within a stage the latest received (`receivedAt`, compared as instants).
 * On a complete tie the value later in the input wins. Keys are canonical period ids when the
 * period parses (`2025-q3` → `2025-Q3`), else the period text as given. Pass the values of one
 * indicator.
 */
export function latestByPeriod(values: IndicatorValue[]): Map<string, IndicatorValue> {
  const out = new Map<string, IndicatorValue>();
  for (const v of values) {
    const key = tryParsePeriod(v.period)?.id ?? v.period;
    const current = out.get(key);
    if (!current || supersedes(v, current)) out.set(key, v);
  }
  return out;
}

/**
 * How far behind the planned value the actual may fall, as fractions of |planned|, before the
 * indicator turns amber or red.
 */
export interface Thresholds {
  amber: number;
  red: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { amber: 0.02, red: 0.1 };

/** A point of a planned path (lộ trình), e.g. CT-01's quarterly growth scenario to the yearly target. */
export interface TrajectoryPoint {
  period: string;
  value: number;
}

export type RagStatus = 'green' | 'amber' | 'red' | 'unknown';

export interface Assessment {
  indicatorId: string;
  /** The period assessed: the latest period of `year` that has a figure. */
  period?: string;
  year: number;
  actual?: number;
  planned?: number;
  /** The year's target. */
  target?: number;
  /** actual - planned, sign as is. */
  gap?: number;
  /** Direction-aware: the actual is at least as good as planned. */
  ahead?: boolean;
  /** Rate, amount or change still needed in each remaining period of the year to reach the target. */
  needed?: number;
  remainingPeriods?: number;
  /** Best comparable figure on record for this indicator (rate, per-period amount or per-period change). */
  bestOnRecord?: number;
  /** `needed` is worse than `bestOnRecord`: the target cannot be reached on past performance. */
  infeasible: boolean;
  status: RagStatus;
  /** One sentence each, with the numbers. */
  reason: { vi: string; en: string };
}

export interface AssessOptions {
  /** Year to assess; default the latest year that has a value. */
  year?: number;
  /** Planned path per period; where it has the assessed period, it replaces the default plan. */
  path?: TrajectoryPoint[];
  thresholds?: Thresholds;
  /** Earlier figures (other years), used for `bestOnRecord` and a level's starting point. */
  history?: IndicatorValue[];
}

interface Point {
  period: Period;
  value: number;
}

/** Rounds away binary floating-point noise (8.1 - 8.5 = -0.4, not -0.40000000000000036). */
const clean = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(12)) : x);
const finiteOr = (x: number | undefined): number | undefined => (x !== undefined && Number.isFinite(x) ? clean(x) : undefined);

/** The counting values of one indicator for its frequency, in chronological order. */
function pointsOf(def: IndicatorDef, kind: PeriodKind, values: IndicatorValue[]): Point[] {
  const usable = values.filter((v) => v.indicatorId === def.id && typeof v.value === 'number' && Number.isFinite(v.value));
  const points: Point[] = [];
  for (const v of latestByPeriod(usable).values()) {
    const period = tryParsePeriod(v.period);
    if (period?.kind === kind) points.push({ period, value: v.value });
  }
  return points.sort((a, b) => comparePeriods(a.period, b.period));
}

const targetOf = (def: IndicatorDef, year: number): number | undefined => finiteOr(def.targets.find((t) => t.period === String(year))?.value);

/**
 * Assesses an indicator in a year against its plan. The semantics below are the specification.
 *
 * Which period: the latest period (of the indicator's frequency) of `year` that has a value.
 * `year` defaults to the latest year that has a value. Values of other indicators, of another
 * period kind, or not finite are ignored; revisions are resolved with {@link latestByPeriod}.
 * With no value in the year the status is `unknown` ("Chưa có số liệu").
 * With no target for the year and no path point for the period, the status is `unknown` too.
 *
 * Notation: n periods in the year (12, 4, 2, 1), p the assessed period with 1-based index i,
 * T the year's target, "record" = `history` + `values` (all years).
 *
 * kind `rate` (a rate for the period, e.g. quarterly GRDP growth year-on-year, %):
 * - the year's result is approximated by the mean of its periods' rates, with EQUAL weights
 *   (the true yearly growth weights quarters by size; the approximation is what can be computed
 *   from the rates alone);
 * - planned(p) = the path value for p if given, else T;
 * - the periods still to come are the r periods of the year without a value (normally n - i;
 *   a gap before p counts as still to come); needed in each = (n·T - sum of the year's actuals)/r;
 * - bestOnRecord = the highest (direction up) / lowest (down) single-period rate on record,
 *   the baseline year's rate included;
 * - infeasible when r > 0 and needed is beyond bestOnRecord in the bad direction;
 * - when r = 0 the year is over: needed is undefined and infeasible false, and the status is the
 *   worse of the last period's gap and the year's mean against T.
 *
 * kind `cumulative` (a year-to-date amount, e.g. budget revenue): each value is YTD at its period.
 * - planned(p) = the path value for p, else T·i/n (linear through the year);
 * - r = n - i; needed per remaining period = (T - YTD)/r;
 * - bestOnRecord = the largest (up) / smallest (down) single-period increment on record: YTD
 *   differences within a year, the first period of a year counting its own value; across a gap
 *   the increase is spread evenly over the periods it spans; a year with no figures on record but
 *   the baseline contributes baseline/n (its average per period).
 *
 * kind `level` (a level at a point in time, e.g. poverty rate, coverage %):
 * - planned(p) = the path value for p, else linear from the start S to T at year end:
 *   S + (T - S)·i/n, where S is the previous year's last value on record, else the baseline if it
 *   is the previous year's, else the previous year's target, else the baseline; with no S, T;
 * - r = n - i; needed change per remaining period = (T - latest)/r;
 * - bestOnRecord = the largest per-period change in the good direction between consecutive
 *   figures on record (across years, the baseline counting as the level at the end of its year;
 *   across a gap the change is spread evenly), signed: e.g. -0.15 for a poverty rate;
 * - infeasible when the needed change in the good direction exceeds it.
 *
 * Direction `down`: lower is better throughout: ahead means actual ≤ planned, the shortfall is
 * actual - planned, bestOnRecord is the lowest rate / smallest increment / most negative change,
 * and needed is infeasible when it is below bestOnRecord.
 *
 * Yearly frequency: the year's single value against T (or the path); needed is undefined.
 *
 * Status: `unknown` when there is no actual (or nothing to compare it with); `red` when
 * infeasible or when the shortfall behind planned is ≥ thresholds.red × |planned|; `amber`
 * when it is ≥ thresholds.amber × |planned|; else `green`. A zero shortfall is always green.
 * With no record to compare, infeasible is false.
 *
 * `reason` states actual vs planned (and target), the needed figure and whether it is within the
 * best on record, in Vietnamese ("6,1%") and English ("6.1%"), with the unit. Never throws for
 * finite inputs.
 */
export function assess(def: IndicatorDef, values: IndicatorValue[], opts: AssessOptions = {}): Assessment {
  const kind = FREQUENCY_KIND[def.frequency];
  const n = periodsPerYear(kind);
  const up = def.direction !== 'down';
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const current = pointsOf(def, kind, values);
  const record = pointsOf(def, kind, [...(opts.history ?? []), ...values]);
  const year = opts.year ?? current.at(-1)?.period.year ?? defaultYear(def);
  const target = targetOf(def, year);
  const base: Pick<Assessment, 'indicatorId' | 'year' | 'target'> = { indicatorId: def.id, year, ...(target === undefined ? {} : { target }) };

  const inYear = current.filter((pt) => pt.period.year === year);
  const last = inYear.at(-1);
  if (!last) {
    return {
      ...base,
      infeasible: false,
      status: 'unknown',
      reason: { vi: `Chưa có số liệu năm ${year}.`, en: `No figures yet for ${year}.` },
    };
  }
  const p = last.period;
  const i = p.index;
  const actual = last.value;
  const fmt = formatter(def.unit);
  const head = { vi: `${periodLabelVi(p)}: thực hiện ${fmt.vi(actual)}`, en: `${periodLabelEn(p)}: actual ${fmt.en(actual)}` };

  const pathValue = pathValueFor(opts.path, p);
  let planned: number | undefined;
  let needed: number | undefined;
  let remaining: number;
  let best: number | undefined;
  let yearMean: number | undefined;

  if (def.kind === 'rate') {
    planned = pathValue ?? target;
    remaining = n - inYear.length;
    const sum = inYear.reduce((s, pt) => s + pt.value, 0);
    yearMean = finiteOr(sum / inYear.length);
    if (remaining > 0 && target !== undefined) needed = finiteOr((n * target - sum) / remaining);
    const candidates = record.map((pt) => pt.value);
    const baseline = finiteOr(def.baseline?.value);
    if (baseline !== undefined) candidates.push(baseline);
    best = extreme(candidates, up);
  } else if (def.kind === 'cumulative') {
    planned = pathValue ?? (target === undefined ? undefined : finiteOr((target * i) / n));
    remaining = n - i;
    if (remaining > 0 && target !== undefined) needed = finiteOr((target - actual) / remaining);
    best = extreme(increments(def, record, n), up);
  } else {
    remaining = n - i;
    const start = levelStart(def, record, year);
    planned = pathValue ?? (target === undefined ? undefined : start === undefined ? target : finiteOr(start + ((target - start) * i) / n));
    if (remaining > 0 && target !== undefined) needed = finiteOr((target - actual) / remaining);
    best = extreme(changes(def, record, n), up);
  }
  best = finiteOr(best);

  if (planned === undefined) {
    return {
      ...base,
      period: p.id,
      actual,
      remainingPeriods: remaining,
      ...(best === undefined ? {} : { bestOnRecord: best }),
      infeasible: false,
      status: 'unknown',
      reason: {
        vi: `${head.vi}; chưa có chỉ tiêu năm ${year} để so sánh.`,
        en: `${head.en}; there is no ${year} target to compare it with.`,
      },
    };
  }

  const gap = clean(actual - planned);
  const ahead = up ? actual >= planned : actual <= planned;
  const infeasible = remaining > 0 && needed !== undefined && best !== undefined && (up ? needed > best : needed < best);
  let status: RagStatus = infeasible ? 'red' : statusOf(actual, planned, up, thresholds);
  if (def.kind === 'rate' && remaining === 0 && target !== undefined && yearMean !== undefined) {
    status = worse(status, statusOf(yearMean, target, up, thresholds));
  }

  const reason = explain({ def, kind, fmt, head, year, planned, target, gap, ahead, needed, remaining, best, infeasible, yearMean, actual });
  return {
    ...base,
    period: p.id,
    actual,
    planned: clean(planned),
    gap,
    ahead,
    ...(needed === undefined ? {} : { needed }),
    remainingPeriods: remaining,
    ...(best === undefined ? {} : { bestOnRecord: best }),
    infeasible,
    status,
    reason,
  };
}

function defaultYear(def: IndicatorDef): number {
  const years = def.targets.map((t) => Number(t.period)).filter((y) => Number.isInteger(y));
  if (years.length) return Math.min(...years);
  const b = Number(def.baseline?.period);
  return Number.isInteger(b) ? b + 1 : 0;
}

function pathValueFor(path: TrajectoryPoint[] | undefined, p: Period): number | undefined {
  for (const pt of path ?? []) {
    if (tryParsePeriod(pt.period)?.id === p.id && Number.isFinite(pt.value)) return pt.value;
  }
  return undefined;
}

const extreme = (xs: number[], up: boolean): number | undefined => {
  const finite = xs.filter((x) => Number.isFinite(x));
  return finite.length ? (up ? Math.max(...finite) : Math.min(...finite)) : undefined;
};

/** Per-period increments of year-to-date figures; see `assess` (cumulative). */
function increments(def: IndicatorDef, record: Point[], n: number): number[] {
  const out: number[] = [];
  const years = new Set(record.map((pt) => pt.period.year));
  for (const y of years) {
    let prevIndex = 0;
    let prevValue = 0;
    for (const pt of record.filter((r) => r.period.year === y)) {
      out.push((pt.value - prevValue) / (pt.period.index - prevIndex));
      prevIndex = pt.period.index;
      prevValue = pt.value;
    }
  }
  const baselineYear = Number(def.baseline?.period);
  if (def.baseline && Number.isFinite(def.baseline.value) && !years.has(baselineYear)) out.push(def.baseline.value / n);
  return out;
}

/** Per-period changes of a level between consecutive figures; see `assess` (level). */
function changes(def: IndicatorDef, record: Point[], n: number): number[] {
  const ordinal = (year: number, index: number) => year * n + index - 1;
  const points = record.map((pt) => ({ at: ordinal(pt.period.year, pt.period.index), value: pt.value }));
  const baselineYear = Number(def.baseline?.period);
  if (def.baseline && Number.isInteger(baselineYear) && Number.isFinite(def.baseline.value)) {
    const at = ordinal(baselineYear, n);
    if (!points.some((pt) => pt.at === at)) points.push({ at, value: def.baseline.value });
  }
  points.sort((a, b) => a.at - b.at);
  const out: number[] = [];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    out.push((b.value - a.value) / (b.at - a.at));
  }
  return out;
}

/** Where a level's planned line starts for `year`; see `assess` (level). */
function levelStart(def: IndicatorDef, record: Point[], year: number): number | undefined {
  const prev = record.filter((pt) => pt.period.year === year - 1).at(-1);
  if (prev) return prev.value;
  const baseline = finiteOr(def.baseline?.value);
  if (baseline !== undefined && def.baseline?.period === String(year - 1)) return baseline;
  return targetOf(def, year - 1) ?? baseline;
}

function statusOf(actual: number, planned: number, up: boolean, t: Thresholds): RagStatus {
  const shortfall = clean(up ? planned - actual : actual - planned);
  if (!(shortfall > 0)) return 'green';
  const scale = Math.abs(planned);
  if (shortfall >= clean(t.red * scale)) return 'red';
  if (shortfall >= clean(t.amber * scale)) return 'amber';
  return 'green';
}

const SEVERITY: Record<RagStatus, number> = { unknown: 0, green: 1, amber: 2, red: 3 };
const worse = (a: RagStatus, b: RagStatus): RagStatus => (SEVERITY[b] > SEVERITY[a] ? b : a);

// ---------------------------------------------------------------- wording

interface Formatter {
  /** A figure with its unit: "6,1%", "560 nghìn tỷ đồng". */
  vi(x: number): string;
  en(x: number): string;
  /** A difference or change of the figure: "0,4 điểm phần trăm" / "0.4 percentage points" for %. */
  dvi(x: number): string;
  den(x: number): string;
}

function number(x: number, locale: string): string {
  const digits = x !== 0 && Math.abs(x) < 1 ? 3 : 2;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'negative' }).format(x);
}

function formatter(unit: string): Formatter {
  const u = unit.trim();
  const withUnit = (s: string) => (!u ? s : u === '%' ? `${s}%` : `${s} ${u}`);
  return {
    vi: (x) => withUnit(number(x, 'vi-VN')),
    en: (x) => withUnit(number(x, 'en-US')),
    dvi: (x) => (u === '%' ? `${number(x, 'vi-VN')} điểm phần trăm` : withUnit(number(x, 'vi-VN'))),
    den: (x) => (u === '%' ? `${number(x, 'en-US')} percentage point${x === 1 ? '' : 's'}` : withUnit(number(x, 'en-US'))),
  };
}

const PER_VI: Record<PeriodKind, string> = { month: 'tháng', quarter: 'quý', half: 'nửa năm', year: 'năm' };
const PER_EN: Record<PeriodKind, string> = { month: 'month', quarter: 'quarter', half: 'half-year', year: 'year' };

interface Facts {
  def: IndicatorDef;
  kind: PeriodKind;
  fmt: Formatter;
  head: { vi: string; en: string };
  year: number;
  actual: number;
  planned: number;
  target: number | undefined;
  gap: number;
  ahead: boolean;
  needed: number | undefined;
  remaining: number;
  best: number | undefined;
  infeasible: boolean;
  yearMean: number | undefined;
}

function explain(f: Facts): { vi: string; en: string } {
  const { fmt, kind } = f;
  const up = f.def.direction !== 'down';
  const targetVi = f.target === undefined ? '' : ` (chỉ tiêu năm ${f.year}: ${fmt.vi(f.target)})`;
  const targetEn = f.target === undefined ? '' : ` (${f.year} target ${fmt.en(f.target)})`;
  const size = Math.abs(f.gap);
  const gapVi = f.gap === 0 ? 'đúng kế hoạch' : f.ahead ? `đi trước kế hoạch ${fmt.dvi(size)}` : `chậm hơn kế hoạch ${fmt.dvi(size)}`;
  const gapEn = f.gap === 0 ? 'on plan' : f.ahead ? `${fmt.den(size)} ahead of plan` : `${fmt.den(size)} behind plan`;
  const first = {
    vi: `${f.head.vi} so với kế hoạch ${fmt.vi(f.planned)}${targetVi}, ${gapVi}`,
    en: `${f.head.en} against planned ${fmt.en(f.planned)}${targetEn}, ${gapEn}`,
  };

  let second: { vi: string; en: string };
  if (f.target === undefined) {
    second = { vi: 'chưa có chỉ tiêu năm để tính mức cần đạt', en: 'there is no yearly target to work out what is still needed' };
  } else if (f.remaining === 0) {
    const result = f.def.kind === 'rate' && f.yearMean !== undefined ? f.yearMean : f.actual;
    const met = up ? result >= f.target : result <= f.target;
    second =
      f.def.kind === 'rate' && kind !== 'year'
        ? {
            vi: `cả năm bình quân các kỳ (trọng số bằng nhau) đạt ${fmt.vi(result)}, ${met ? 'đạt' : 'không đạt'} chỉ tiêu ${fmt.vi(f.target)}`,
            en: `the year's periods average (equal weights) ${fmt.en(result)}, so the target of ${fmt.en(f.target)} is ${met ? 'met' : 'missed'}`,
          }
        : { vi: `năm đã hết kỳ báo cáo: ${met ? 'đạt' : 'không đạt'} chỉ tiêu`, en: `no period of the year remains: the target is ${met ? 'met' : 'missed'}` };
  } else if (f.needed === undefined) {
    second = { vi: 'không tính được mức cần đạt', en: 'what is still needed cannot be worked out' };
  } else {
    const r = f.remaining;
    const per = { vi: PER_VI[kind], en: PER_EN[kind] };
    const rest = { vi: `trong ${r} ${per.vi} còn lại`, en: `over the remaining ${r} ${per.en}${r === 1 ? '' : 's'}` };
    const change = (x: number) => ({
      vi: `${x >= 0 ? 'tăng' : 'giảm'} ${fmt.dvi(Math.abs(x))}`,
      en: `a ${x >= 0 ? 'rise' : 'fall'} of ${fmt.den(Math.abs(x))}`,
    });
    const need =
      f.def.kind === 'rate'
        ? { vi: `cần bình quân ${fmt.vi(f.needed)} mỗi ${per.vi} ${rest.vi}`, en: `${fmt.en(f.needed)} a ${per.en} is needed ${rest.en}` }
        : f.def.kind === 'cumulative'
          ? { vi: `cần thêm ${fmt.vi(f.needed)} mỗi ${per.vi} ${rest.vi}`, en: `${fmt.en(f.needed)} more a ${per.en} is needed ${rest.en}` }
          : { vi: `cần ${change(f.needed).vi} mỗi ${per.vi} ${rest.vi}`, en: `${change(f.needed).en} a ${per.en} is needed ${rest.en}` };
    const bestText =
      f.best === undefined
        ? undefined
        : f.def.kind === 'level'
          ? { vi: `${change(f.best).vi} mỗi ${per.vi}`, en: `${change(f.best).en} a ${per.en}` }
          : { vi: fmt.vi(f.best), en: fmt.en(f.best) };
    const feasibility = !bestText
      ? { vi: 'chưa đủ số liệu để đánh giá khả năng đạt', en: 'too little on record to judge whether that is achievable' }
      : f.infeasible
        ? {
            vi: `vượt mức tốt nhất từng đạt (${bestText.vi}) nên khó đạt chỉ tiêu`,
            en: `beyond the best on record (${bestText.en}), so the target is out of reach on past performance`,
          }
        : { vi: `trong tầm mức tốt nhất từng đạt (${bestText.vi})`, en: `within the best on record (${bestText.en})` };
    second = { vi: `${need.vi}, ${feasibility.vi}`, en: `${need.en}, ${feasibility.en}` };
  }
  return { vi: `${first.vi}; ${second.vi}.`, en: `${first.en}; ${second.en}.` };
}

// ---------------------------------------------------------------- alerts

export type AlertCondition = 'worsened' | 'infeasible';

/**
 * Conditions to alert on when an assessment changes: `worsened` (green→amber, amber→red,
 * green→red), or `infeasible` when it became infeasible (it was not, or there was no previous
 * assessment). An indicator with no assessment yet (or `unknown`) counts as on track: its first
 * amber or red figure is news and alerts. A move to `unknown` is not a worsening.
 */
export function alertConditions(previous: Assessment | undefined, next: Assessment): AlertCondition[] {
  const out: AlertCondition[] = [];
  const from = previous && previous.status !== 'unknown' ? previous.status : 'green';
  if (next.status !== 'unknown' && SEVERITY[next.status] > SEVERITY[from]) out.push('worsened');
  if (next.infeasible && !previous?.infeasible) out.push('infeasible');
  return out;
}

// ---------------------------------------------------------------- reporting cut-offs

/** Days after a period's end by which its figure must exist. */
export interface ReportingCutoffs {
  monthly: number;
  quarterly: number;
  half_yearly: number;
  yearly: number;
}

/**
 * Illustrative defaults, to be replaced by the city's reporting calendar: a month's figure
 * within 12 days of its end (the statistics office's monthly estimate comes out early in the
 * following month), a quarter's and a half-year's within 20 days (the quarterly socio-economic
 * report), the year's within 45 days (time for the preliminary yearly figure).
 */
export const DEFAULT_CUTOFFS: ReportingCutoffs = { monthly: 12, quarterly: 20, half_yearly: 20, yearly: 45 };

/** How many missing periods `missingPeriods` returns at most, the latest ones. */
export const MISSING_PERIODS_LIMIT = 6;

/**
 * Periods of the indicator's frequency whose cut-off (period end + cutoff days) has passed on
 * `today` (today is after the cut-off day) with no value of any revision. Periods start from
 * the one containing `from` (e.g. the programme's start; a period ending before `from` is not
 * expected). Chronological; at most the last `limit` (default 6).
 */
export function missingPeriods(
  def: IndicatorDef,
  values: IndicatorValue[],
  today: IsoDate,
  from: IsoDate,
  cutoffs: ReportingCutoffs = DEFAULT_CUTOFFS,
  limit = MISSING_PERIODS_LIMIT,
): Array<{ period: string; cutoff: IsoDate }> {
  const kind = FREQUENCY_KIND[def.frequency];
  const have = new Set<string>();
  for (const v of values) {
    if (v.indicatorId !== def.id || !Number.isFinite(v.value)) continue;
    const p = tryParsePeriod(v.period);
    if (p) have.add(p.id);
  }
  const days = cutoffs[def.frequency];
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(today.slice(0, 4));
  const out: Array<{ period: string; cutoff: IsoDate }> = [];
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || limit <= 0) return out;
  for (let y = firstYear; y <= lastYear; y++) {
    for (const p of periodsInYear(y, kind)) {
      if (p.end < from) continue;
      const cutoff = addDays(p.end, days);
      if (cutoff >= today) continue;
      if (!have.has(p.id)) out.push({ period: p.id, cutoff });
    }
  }
  return out.slice(-limit);
}

// ---------------------------------------------------------------- replay

export interface ReplayStep {
  condition: AlertCondition;
  /** The assessment that raised it (its period names the alert). */
  assessment: Assessment;
}

export interface Replay {
  /** The assessment with every value, of the latest year that has one. */
  final?: Assessment;
  /** Every alert the values raise, taken in the order they were reported. */
  alerts: ReplayStep[];
  /** The colour before the last change of colour, and when the value that changed it came in. */
  previousStatus?: Assessment['status'];
  statusChangedAt?: string;
}

/**
 * Replays an indicator's values in the order they were reported (`receivedAt`), assessing after
 * each, and collects what an alert-per-change would have raised along the way. The result depends
 * only on the set of values, not on the order in which they happened to be processed: a duplicate
 * delivery, or a message redelivered after others, ends in the same state with the same alerts.
 */
export function replay(def: IndicatorDef, values: IndicatorValue[], opts: Omit<AssessOptions, 'year' | 'history'> = {}): Replay {
  const ordered = [...values].sort(
    (a, b) =>
      a.receivedAt.localeCompare(b.receivedAt) ||
      a.period.localeCompare(b.period) ||
      REVISIONS.indexOf(a.revision) - REVISIONS.indexOf(b.revision) ||
      a.value - b.value,
  );
  const out: Replay = { alerts: [] };
  let previous: Assessment | undefined;
  let year = -Infinity;
  for (let k = 0; k < ordered.length; k++) {
    year = Math.max(year, Number(ordered[k]!.period.slice(0, 4)));
    const next = assess(def, ordered.slice(0, k + 1), { ...opts, year });
    const prior = previous?.year === next.year ? previous : undefined;
    for (const condition of alertConditions(prior, next)) if (next.period) out.alerts.push({ condition, assessment: next });
    if (previous && previous.status !== next.status) {
      out.previousStatus = previous.status;
      out.statusChangedAt = ordered[k]!.receivedAt;
    }
    previous = next;
  }
  if (previous) out.final = previous;
  return out;
}
