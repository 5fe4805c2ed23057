import { INDICATOR_OPTIONAL_COLUMNS, PLAN_FILES, TARGET_YEARS } from './plan-import';
import type { IndicatorDef, Plan } from '../domain/plan';

/**
 * A plan written back as its CSV tables, in the columns the importer reads: what the city office
 * exports, edits and imports again. Lists are joined with `;`, numbers written with a decimal
 * point, deadlines as the plan wrote them (an approved extension is the task's, not the plan's).
 */

const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function table(header: readonly string[], rows: Array<Array<string | number | undefined>>): string {
  return [header.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}

type OptionalColumn = (typeof INDICATOR_OPTIONAL_COLUMNS)[number];

/** An optional column's cell for an indicator (undefined: the indicator does not use it). */
const OPTIONAL_CELL: Record<OptionalColumn, (i: IndicatorDef) => string | number | undefined> = {
  co_agencies: (i) => (i.coAgencies?.length ? i.coAgencies.join(';') : undefined),
  threshold_amber: (i) => i.thresholds?.amber,
  threshold_red: (i) => i.thresholds?.red,
  threshold_unit: (i) => i.thresholds?.unit,
  weights: (i) => i.weights?.join(';'),
  ceiling: (i) => i.ceiling,
};

/** The plan's tables keyed like the plan folder's files (trajectories.csv only when an indicator has a path). */
export function planToFiles(plan: Plan): Record<string, string> {
  const byGroup = [...plan.groups].sort((a, b) => a.group - b.group);
  // An optional column is written when some indicator uses it (the thresholds as a pair).
  const used = (c: OptionalColumn) => plan.indicators.some((i) => OPTIONAL_CELL[c](i) !== undefined);
  const optional = INDICATOR_OPTIONAL_COLUMNS.filter((c) => used(c) || (c.startsWith('threshold_') && c !== 'threshold_unit' && used('threshold_amber')));
  const files: Record<string, string> = {
    'plan.csv': table(
      [...PLAN_FILES['plan.csv'], ...(plan.meta.reportCutoffDay ? ['report_cutoff_day'] : [])],
      [
        [
          plan.meta.code,
          plan.meta.title,
          plan.meta.issuedOn,
          plan.meta.issuer,
          plan.meta.note,
          ...(plan.meta.reportCutoffDay ? [plan.meta.reportCutoffDay] : []),
        ],
      ],
    ),
    'groups.csv': table(
      PLAN_FILES['groups.csv'],
      byGroup.map((g) => [g.group, g.title]),
    ),
    'leaders.csv': table(
      PLAN_FILES['leaders.csv'],
      plan.leaders.map((l) => [l.id, l.role, l.name, l.title, l.fields.join(';'), l.email]),
    ),
    'agencies.csv': table(
      PLAN_FILES['agencies.csv'],
      plan.agencies.map((a) => [a.code, a.name, a.kind, a.field, a.emails.join(';'), a.head.name, a.head.email]),
    ),
    'tasks.csv': table(
      PLAN_FILES['tasks.csv'],
      plan.tasks.map((t) => [t.id, t.group, t.title, t.deliverable, t.leadAgency, t.coAgencies.join(';'), t.deadline.text, t.field]),
    ),
    'indicators.csv': table(
      [...PLAN_FILES['indicators.csv'], ...optional],
      plan.indicators.map((i) => [
        i.id,
        i.name,
        i.unit,
        i.direction,
        i.kind,
        i.frequency,
        i.agency,
        i.field,
        i.baseline?.value,
        ...TARGET_YEARS.map((y) => i.targets.find((t) => t.period === String(y))?.value),
        i.note,
        ...optional.map((c) => OPTIONAL_CELL[c](i)),
      ]),
    ),
  };
  const paths = plan.indicators.flatMap((i) => (i.path ?? []).map((p) => [i.id, p.period, p.value]));
  if (paths.length) files['trajectories.csv'] = table(PLAN_FILES['trajectories.csv'], paths);
  return files;
}

/** A file name for the plan's workbook: `ke-hoach-<code>.xlsx`, the code's slashes and spaces made dashes. */
export function workbookName(code: string): string {
  const safe = code
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `ke-hoach-${safe || 'plan'}.xlsx`;
}
