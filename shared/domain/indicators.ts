import { addDays, type IsoDate } from './dates';
import type { IndicatorDef, ThresholdUnit } from './plan';
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
 * How far behind the planned value the actual may fall before the indicator turns amber or red:
 * in `points`, the shortfall in the indicator's own unit (percentage points for a % indicator);
 * `relative`, as fractions of |planned|.
 */
export interface Thresholds {
  amber: number;
  red: number;
  unit?: ThresholdUnit;
}
/** Defaults for an indicator in any unit but %: 2% and 10% of the planned value. */
export const DEFAULT_THRESHOLDS: Thresholds = { amber: 0.02, red: 0.1, unit: 'relative' };
/**
 * Defaults for a % indicator, in percentage points: 0.2 and 1 point behind plan. A coverage of
 * 99.5% against 100% is amber (0.5 point); a share of 2% of a small plan is not a threshold.
 */
export const PERCENT_THRESHOLDS: Thresholds = { amber: 0.2, red: 1, unit: 'points' };

const isPercent = (def: Pick<IndicatorDef, 'unit'>): boolean => def.unit.trim() === '%';

/**
 * The thresholds that apply to an indicator: the given ones (or the plan's), with their unit
 * made explicit (left out: points for a % indicator, relative for any other), else the defaults.
 */
export function thresholdsFor(def: Pick<IndicatorDef, 'unit' | 'thresholds'>, given?: Thresholds): Required<Thresholds> {
  const t = given ?? def.thresholds ?? (isPercent(def) ? PERCENT_THRESHOLDS : DEFAULT_THRESHOLDS);
  return { amber: t.amber, red: t.red, unit: t.unit ?? (isPercent(def) ? 'points' : 'relative') };
}

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
  /**
   * The plan's plausible bound on what a period can achieve, in the terms of `needed` (signed for a
   * level: negative for a fall); when given it, not `bestOnRecord`, decides `infeasible`.
   */
  ceiling?: number;
  /** For a growth rate: the year's growth so far (all periods: the year's), weighted as the plan says. */
  growthSoFar?: number;
  /** `needed` is beyond the ceiling (or, without one, worse than `bestOnRecord`): out of reach. */
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
  /** Replaces the plan's thresholds (`def.thresholds`); see {@link thresholdsFor}. */
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
 * - the year's growth is the mean of its periods' rates weighted by each period's share of the
 *   previous year (w_k = `def.weights`, the previous year's levels or shares: the year's level is
 *   Σ L_k·(1 + g_k), so its growth is Σ w_k·g_k / Σ w_k), as the statistics office computes it;
 *   without weights every period weighs the same;
 * - planned(p) = the path value for p if given, else T;
 * - the periods still to come are the periods R of the year without a value (normally n - i;
 *   a gap before p counts as still to come); needed in each =
 *   (T·Σ w - Σ_{k reported} w_k·g_k) / Σ_{k in R} w_k (with equal weights (n·T - sum)/r);
 * - growthSoFar = Σ_{k reported} w_k·g_k / Σ_{k reported} w_k (the 6- and 9-month growth);
 * - bestOnRecord = the highest (direction up) / lowest (down) single-period rate on record,
 *   the baseline year's rate included;
 * - when r = 0 the year is over: needed is undefined and infeasible false, and the status is the
 *   worse of the last period's gap and the year's growth against T.
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
 * Feasibility: with a ceiling in the plan (`def.ceiling`: a rate, an amount a period, or for a
 * level the size of a change a period in the good direction), infeasible when r > 0 and needed is
 * beyond it in the bad direction; without one, beyond bestOnRecord. The reason names the bound.
 *
 * Status: `unknown` when there is no actual (or nothing to compare it with); `red` when
 * infeasible or when the shortfall behind planned is ≥ the red threshold; `amber` when it is ≥
 * the amber one; else `green`. Thresholds in points compare the shortfall itself (percentage
 * points for a % indicator), relative ones × |planned| ({@link thresholdsFor}). A zero shortfall
 * is always green. With no bound to compare, infeasible is false.
 *
 * `reason` states actual vs planned (and target), the needed figure and whether it is within the
 * best on record, in Vietnamese ("6,1%") and English ("6.1%"), with the unit. Never throws for
 * finite inputs.
 */
export function assess(def: IndicatorDef, values: IndicatorValue[], opts: AssessOptions = {}): Assessment {
  const kind = FREQUENCY_KIND[def.frequency];
  const n = periodsPerYear(kind);
  const up = def.direction !== 'down';
  const thresholds = thresholdsFor(def, opts.thresholds);
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
  const head =
    def.kind === 'rate' && isPercent(def)
      ? { vi: `${periodLabelVi(p)}: ${figureWords(def, actual).vi}`, en: `${periodLabelEn(p)}: ${figureWords(def, actual).en}` }
      : { vi: `${periodLabelVi(p)}: thực hiện ${fmt.vi(actual)}`, en: `${periodLabelEn(p)}: actual ${fmt.en(actual)}` };

  const pathValue = pathValueFor(opts.path, p);
  let planned: number | undefined;
  let needed: number | undefined;
  let remaining: number;
  let best: number | undefined;
  let growthSoFar: number | undefined;
  const weighted = def.kind === 'rate' && weightsOf(def, n) !== undefined;

  if (def.kind === 'rate') {
    planned = pathValue ?? target;
    remaining = n - inYear.length;
    const w = weightsOf(def, n) ?? Array<number>(n).fill(1);
    const weightOf = (pt: Point) => w[pt.period.index - 1] ?? 0;
    const all = w.reduce((s, x) => s + x, 0);
    const done = inYear.reduce((s, pt) => s + weightOf(pt), 0);
    const sum = inYear.reduce((s, pt) => s + weightOf(pt) * pt.value, 0);
    growthSoFar = finiteOr(sum / done);
    if (remaining > 0 && target !== undefined) needed = finiteOr((target * all - sum) / (all - done));
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
  const ceiling =
    def.ceiling !== undefined && Number.isFinite(def.ceiling)
      ? clean(def.kind === 'level' && !up ? -Math.abs(def.ceiling) : def.kind === 'level' ? Math.abs(def.ceiling) : def.ceiling)
      : undefined;
  const bound = ceiling ?? best;

  if (planned === undefined) {
    return {
      ...base,
      period: p.id,
      actual,
      remainingPeriods: remaining,
      ...(best === undefined ? {} : { bestOnRecord: best }),
      ...(ceiling === undefined ? {} : { ceiling }),
      ...(growthSoFar === undefined ? {} : { growthSoFar }),
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
  const infeasible = remaining > 0 && needed !== undefined && bound !== undefined && (up ? needed > bound : needed < bound);
  let status: RagStatus = infeasible ? 'red' : statusOf(actual, planned, up, thresholds);
  if (def.kind === 'rate' && remaining === 0 && target !== undefined && growthSoFar !== undefined) {
    status = worse(status, statusOf(growthSoFar, target, up, thresholds));
  }

  const scenario = pathValue !== undefined;
  const reason = explain({
    def,
    kind,
    fmt,
    head,
    year,
    planned,
    scenario,
    target,
    gap,
    ahead,
    needed,
    remaining,
    best,
    ceiling,
    infeasible,
    growthSoFar,
    weighted,
    actual,
  });
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
    ...(ceiling === undefined ? {} : { ceiling }),
    ...(growthSoFar === undefined ? {} : { growthSoFar }),
    infeasible,
    status,
    reason,
  };
}

/** The plan's weights for the periods of a year, when it gives one positive weight per period. */
function weightsOf(def: IndicatorDef, n: number): number[] | undefined {
  const w = def.weights;
  return w && w.length === n && w.every((x) => Number.isFinite(x) && x > 0) ? w : undefined;
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

function statusOf(actual: number, planned: number, up: boolean, t: Required<Thresholds>): RagStatus {
  const shortfall = clean(up ? planned - actual : actual - planned);
  if (!(shortfall > 0)) return 'green';
  const scale = t.unit === 'points' ? 1 : Math.abs(planned);
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

const changeWords = (fmt: Formatter, x: number) => ({
  vi: `${x >= 0 ? 'tăng' : 'giảm'} ${fmt.dvi(Math.abs(x))}`,
  en: `a ${x >= 0 ? 'rise' : 'fall'} of ${fmt.den(Math.abs(x))}`,
});

/**
 * A figure as officials say it: a growth rate (kind `rate` in %) as "tăng 8,1%" / "up 8.1%"
 * ("giảm 1,2%" when negative), anything else with its unit ("6,1%", "560 nghìn tỷ đồng").
 */
export function figureWords(def: Pick<IndicatorDef, 'kind' | 'unit'>, x: number): { vi: string; en: string } {
  const fmt = formatter(def.unit);
  if (def.kind === 'rate' && isPercent(def)) {
    return { vi: `${x < 0 ? 'giảm' : 'tăng'} ${fmt.vi(Math.abs(x))}`, en: `${x < 0 ? 'down' : 'up'} ${fmt.en(Math.abs(x))}` };
  }
  return { vi: fmt.vi(x), en: fmt.en(x) };
}

/**
 * What is still needed in each remaining period, as a phrase: a rate "cần tăng bình quân 10,4% mỗi
 * quý", an amount "cần thêm 122,5 nghìn tỷ đồng mỗi quý", a level "cần giảm 0,09 điểm phần trăm mỗi
 * quý" (a change, in percentage points for %), never a bare signed figure.
 */
export function neededWords(def: Pick<IndicatorDef, 'kind' | 'unit' | 'frequency'>, needed: number): { vi: string; en: string } {
  const fmt = formatter(def.unit);
  const kind = FREQUENCY_KIND[def.frequency];
  const per = { vi: PER_VI[kind], en: PER_EN[kind] };
  if (def.kind === 'rate') {
    return isPercent(def)
      ? {
          vi: `cần ${needed < 0 ? 'giảm' : 'tăng'} bình quân ${fmt.vi(Math.abs(needed))} mỗi ${per.vi}`,
          en: `growth of ${fmt.en(needed)} a ${per.en} is needed`,
        }
      : { vi: `cần bình quân ${fmt.vi(needed)} mỗi ${per.vi}`, en: `${fmt.en(needed)} a ${per.en} is needed` };
  }
  if (def.kind === 'cumulative') return { vi: `cần thêm ${fmt.vi(needed)} mỗi ${per.vi}`, en: `${fmt.en(needed)} more a ${per.en} is needed` };
  const c = changeWords(fmt, needed);
  return { vi: `cần ${c.vi} mỗi ${per.vi}`, en: `${c.en} a ${per.en} is needed` };
}

interface Facts {
  def: IndicatorDef;
  kind: PeriodKind;
  fmt: Formatter;
  head: { vi: string; en: string };
  year: number;
  actual: number;
  planned: number;
  /** The planned figure comes from the plan's path (kịch bản), not the yearly target. */
  scenario: boolean;
  target: number | undefined;
  gap: number;
  ahead: boolean;
  needed: number | undefined;
  remaining: number;
  best: number | undefined;
  ceiling: number | undefined;
  infeasible: boolean;
  growthSoFar: number | undefined;
  weighted: boolean;
}

function explain(f: Facts): { vi: string; en: string } {
  const { fmt, kind } = f;
  const up = f.def.direction !== 'down';
  const growth = f.def.kind === 'rate' && f.def.unit.trim() === '%';
  const targetVi = f.target === undefined ? '' : ` (chỉ tiêu năm ${f.year}: ${fmt.vi(f.target)})`;
  const targetEn = f.target === undefined ? '' : ` (${f.year} target ${fmt.en(f.target)})`;
  const plan = f.scenario ? { vi: 'kịch bản', en: 'the scenario' } : { vi: 'kế hoạch', en: 'plan' };
  const size = Math.abs(f.gap);
  // A rate is above or below the plan whichever way is better; amounts and levels are ahead or behind.
  const gapVi =
    f.gap === 0
      ? `đúng ${plan.vi}`
      : f.def.kind === 'rate'
        ? `${f.gap > 0 ? 'cao' : 'thấp'} hơn ${plan.vi} ${fmt.dvi(size)}`
        : f.ahead
          ? `đi trước ${plan.vi} ${fmt.dvi(size)}`
          : `chậm hơn ${plan.vi} ${fmt.dvi(size)}`;
  const gapEn =
    f.gap === 0
      ? `on ${plan.en}`
      : f.def.kind === 'rate'
        ? `${fmt.den(size)} ${f.gap > 0 ? 'above' : 'below'} ${plan.en}`
        : `${fmt.den(size)} ${f.ahead ? 'ahead of' : 'behind'} ${plan.en}`;
  const first = {
    vi: `${f.head.vi} so với ${plan.vi} ${fmt.vi(f.planned)}${targetVi}, ${gapVi}`,
    en: `${f.head.en} against ${f.scenario ? 'the scenario' : 'planned'} ${fmt.en(f.planned)}${targetEn}, ${gapEn}`,
  };
  const how = f.weighted
    ? { vi: 'trọng số theo quy mô từng kỳ năm trước', en: "periods weighted by the previous year's levels" }
    : { vi: 'trọng số các kỳ bằng nhau', en: 'periods weighted equally' };
  const rateText = (x: number) => figureWords(f.def, x);

  let second: { vi: string; en: string };
  if (f.target === undefined) {
    second = { vi: 'chưa có chỉ tiêu năm để tính mức cần đạt', en: 'there is no yearly target to work out what is still needed' };
  } else if (f.remaining === 0) {
    const result = f.def.kind === 'rate' && f.growthSoFar !== undefined ? f.growthSoFar : f.actual;
    const met = up ? result >= f.target : result <= f.target;
    second =
      f.def.kind === 'rate' && kind !== 'year'
        ? {
            vi: `cả năm ${rateText(result).vi} (${how.vi}), ${met ? 'đạt' : 'không đạt'} chỉ tiêu ${fmt.vi(f.target)}`,
            en: `the year is ${rateText(result).en} (${how.en}), so the target of ${fmt.en(f.target)} is ${met ? 'met' : 'missed'}`,
          }
        : { vi: `năm đã hết kỳ báo cáo: ${met ? 'đạt' : 'không đạt'} chỉ tiêu`, en: `no period of the year remains: the target is ${met ? 'met' : 'missed'}` };
  } else if (f.needed === undefined) {
    second = { vi: 'không tính được mức cần đạt', en: 'what is still needed cannot be worked out' };
  } else {
    const r = f.remaining;
    const per = { vi: PER_VI[kind], en: PER_EN[kind] };
    const rest = { vi: `trong ${r} ${per.vi} còn lại`, en: `over the remaining ${r} ${per.en}${r === 1 ? '' : 's'}` };
    const change = (x: number) => changeWords(fmt, x);
    const words = neededWords(f.def, f.needed);
    const need = growth
      ? { vi: `${words.vi} ${rest.vi} (${how.vi})`, en: `${words.en} ${rest.en} (${how.en})` }
      : { vi: `${words.vi} ${rest.vi}`, en: `${words.en} ${rest.en}` };
    const boundText = (x: number) =>
      f.def.kind === 'level'
        ? { vi: `${change(x).vi} mỗi ${per.vi}`, en: `${change(x).en} a ${per.en}` }
        : { vi: `${fmt.vi(x)} mỗi ${per.vi}`, en: `${fmt.en(x)} a ${per.en}` };
    let feasibility: { vi: string; en: string };
    if (f.ceiling !== undefined) {
      // The plan's own bound: a ceiling, or for a rate or amount where lower is better, a floor.
      const floor = !up && f.def.kind !== 'level';
      const name = floor ? { vi: 'mức sàn khả thi', en: 'plausible floor' } : { vi: 'mức trần khả thi', en: 'plausible ceiling' };
      const c = boundText(f.ceiling);
      feasibility = f.infeasible
        ? {
            vi: `vượt ${name.vi} kế hoạch đặt cho chỉ tiêu này (${c.vi}) nên khó đạt chỉ tiêu`,
            en: `beyond the ${name.en} the plan sets for this indicator (${c.en}), so the target is out of reach`,
          }
        : { vi: `trong ${name.vi} kế hoạch đặt cho chỉ tiêu này (${c.vi})`, en: `within the ${name.en} the plan sets for this indicator (${c.en})` };
    } else if (f.best === undefined) {
      feasibility = { vi: 'chưa đủ số liệu để đánh giá khả năng đạt', en: 'too little on record to judge whether that is achievable' };
    } else {
      const b = f.def.kind === 'level' ? boundText(f.best) : { vi: fmt.vi(f.best), en: fmt.en(f.best) };
      feasibility = f.infeasible
        ? {
            vi: `vượt mức tốt nhất từng đạt (${b.vi}) nên khó đạt chỉ tiêu`,
            en: `beyond the best on record (${b.en}), so the target is out of reach on past performance`,
          }
        : { vi: `trong tầm mức tốt nhất từng đạt (${b.vi})`, en: `within the best on record (${b.en})` };
    }
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
