import type { TaskUpdateMessage } from '../../../events/task-update';
import type { IndicatorValueMessage, IndicatorValueReportedDetail } from '../../../events/indicator';
import type { IndicatorDef, TaskDef } from '../../../shared/domain/plan';
import { VALUE_YEARS } from '../../../shared/io/plan-import';
import { MAX_VALUES_PER_PERIOD, validateValue } from '../../../shared/domain/values';

/** One input event of the soak, as it enters the system. */
export type SoakEvent =
  | { kind: 'task-update'; message: TaskUpdateMessage }
  | { kind: 'indicator-value'; message: IndicatorValueMessage }
  | { kind: 'indicator-event'; detail: IndicatorValueReportedDetail; id: string };

export interface SoakDay {
  /** Local (Hanoi) date, YYYY-MM-DD. */
  date: string;
  events: SoakEvent[];
  /** Updates to one task delivered all at once by concurrent invocations (a race on its version). */
  race: TaskUpdateMessage[];
}

const NOTES = [
  'Đã hoàn thành dự thảo, đang lấy ý kiến các sở, ngành',
  'Đã trình UBND Thành phố xem xét',
  'Đang phối hợp với UBND các phường, xã rà soát số liệu',
  'Chờ ý kiến thẩm định của Sở Tư pháp',
  'Đã tổ chức hội nghị triển khai',
];
const REVISIONS = ['estimated', 'preliminary', 'official'] as const;

/** Working days (Monday to Friday) from `start` for `days` calendar days. */
function weekdays(start: string, days: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < days; i++) {
    const d = new Date(`${start}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** 08:00 in Hanoi on `date`, plus `seconds`: when the API would have received the report. */
const receivedAt = (date: string, seconds: number) => new Date(Date.parse(`${date}T01:00:00Z`) + seconds * 1000).toISOString();

/**
 * The soak's input, a pure function of the seed: agencies reporting progress and notes on their
 * tasks (lead and co-operating), the statistics office and outside systems reporting indicator
 * values, spread over the working days of a quarter, plus one burst of concurrent updates to a
 * single task. At most one value per indicator per day, so the order in which a day's values
 * arrive cannot change which alerts are due.
 */
export function buildWorkload(opts: {
  events: number;
  random: () => number;
  start: string;
  days: number;
  tasks: TaskDef[];
  indicators: IndicatorDef[];
  raceSize?: number;
}): SoakDay[] {
  const { random } = opts;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const dates = weekdays(opts.start, opts.days);
  const raceSize = Math.min(opts.raceSize ?? 50, Math.floor(opts.events / 4));
  const budget = opts.events - raceSize;
  const perDay = Math.ceil(budget / dates.length);
  let produced = 0;
  const progress = new Map<string, number>();
  const tasks = opts.tasks;
  const valued = opts.indicators.filter((d) => d.frequency !== 'yearly');
  let n = 0;
  let seconds = 0;
  const perPeriod = new Map<string, number>();

  const taskUpdate = (date: string, task: TaskDef, coAgency?: string): TaskUpdateMessage => {
    const id = n++;
    const lead = !coAgency;
    const next = Math.min(100, (progress.get(task.id) ?? 0) + Math.floor(random() * 16));
    if (lead) progress.set(task.id, next);
    const agency = coAgency ?? task.leadAgency;
    return {
      type: 'TaskUpdate',
      updateId: `soak-${id}`,
      taskId: task.id,
      receivedAt: receivedAt(date, seconds++),
      kind: lead ? 'progress' : 'note',
      ...(lead ? { progress: next } : {}),
      note: pick(NOTES),
      ...(lead && next === 100 ? { evidence: { documentNumber: `${100 + id}/BC-${agency}`, documentDate: date } } : {}),
      actor: { sub: `soak-${agency.toLowerCase()}`, role: 'agency', agency },
      requestId: `soak-req-${id}`,
      correlationId: `soak-${id}`,
    };
  };

  const value = (date: string, def: IndicatorDef): SoakEvent | undefined => {
    const id = n++;
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    // A period that has ended: last month, or last quarter.
    const period =
      def.frequency === 'monthly'
        ? month === 1
          ? `${year - 1}-12`
          : `${year}-${String(month - 1).padStart(2, '0')}`
        : month <= 3
          ? `${year - 1}-Q4`
          : `${year}-Q${Math.floor((month - 1) / 3)}`;
    // The table keeps at most MAX_VALUES_PER_PERIOD values of one period; a statistics office sends no more.
    const stored = perPeriod.get(`${def.id}|${period}`) ?? 0;
    if (stored >= MAX_VALUES_PER_PERIOD) return undefined;
    const target = def.targets.find((t) => t.period === period.slice(0, 4))?.value ?? def.baseline?.value ?? 10;
    const v = Math.round(target * (0.85 + random() * 0.3) * 100) / 100;
    const revision = pick(REVISIONS);
    const source = `Báo cáo ${revision === 'official' ? 'chính thức' : 'ước tính'} (soak ${id})`;
    try {
      validateValue({ indicatorId: def.id, period, value: v, unit: def.unit, revision, source }, [def], VALUE_YEARS);
    } catch {
      return undefined;
    }
    perPeriod.set(`${def.id}|${period}`, stored + 1);
    if (random() < 0.5) {
      return {
        kind: 'indicator-event',
        id: `soak-ev-${id}`,
        detail: { indicatorId: def.id, period, value: v, unit: def.unit, revision, source, reportedBy: 'He thong thong ke (soak)' },
      };
    }
    return {
      kind: 'indicator-value',
      message: {
        type: 'IndicatorValue',
        indicatorId: def.id,
        period,
        value: v,
        unit: def.unit,
        revision,
        source,
        reportedBy: { sub: 'soak-thong-ke', role: 'statistics', agency: 'THONG-KE' },
        receivedAt: receivedAt(date, seconds++),
        correlationId: `soak-${id}`,
      },
    };
  };

  const raceDay = Math.min(dates.length - 1, 9);
  return dates.map((date, d) => {
    const events: SoakEvent[] = [];
    const valuedToday = new Set<string>();
    for (let i = 0; i < perDay && produced < budget; i++, produced++) {
      const r = random();
      const task = pick(tasks);
      if (r < 0.3 && valued.length) {
        const def = pick(valued);
        const e = valuedToday.has(def.id) ? undefined : value(date, def);
        if (e) {
          valuedToday.add(def.id);
          events.push(e);
          continue;
        }
      }
      if (r > 0.9 && task.coAgencies.length) events.push({ kind: 'task-update', message: taskUpdate(date, task, pick(task.coAgencies)) });
      else events.push({ kind: 'task-update', message: taskUpdate(date, task) });
    }
    const race: TaskUpdateMessage[] = [];
    if (d === raceDay) {
      const task = pick(tasks);
      for (let i = 0; i < raceSize; i++) race.push(taskUpdate(date, task));
    }
    return { date, events, race };
  });
}
