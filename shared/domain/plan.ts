import { parseDeadline, type Deadline } from './deadline';

/** Fields (lĩnh vực) that vice-chairs supervise; every agency, task and indicator belongs to one. */
export const FIELDS = ['kinh-te', 'do-thi', 'ha-tang', 'van-hoa-xa-hoi', 'noi-chinh'] as const;
export type Field = (typeof FIELDS)[number];

export const AGENCY_KINDS = ['department', 'ward', 'commune'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const LEADER_ROLES = ['chair', 'vice_chair', 'office'] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];

export interface PlanMeta {
  code: string;
  title: string;
  issuedOn: string;
  issuer: string;
  note: string;
  /** The day of a period's last month on which recurring tasks' reports close, when not Decree 09/2019's 14th. */
  reportCutoffDay?: number;
}

export interface TaskGroup {
  group: number;
  title: string;
}

export interface Leader {
  id: string;
  role: LeaderRole;
  name: string;
  title: string;
  fields: Field[];
  email: string;
}

export interface Agency {
  code: string;
  name: string;
  kind: AgencyKind;
  field: Field;
  emails: string[];
  head: { name: string; email: string };
}

/**
 * How the head of an agency is named in a letter: the Chairman of a ward's or commune's People's
 * Committee, the Director of a department (Sở), a project board or a centre, the Chief of the
 * Office or the Inspectorate, the Head of another board; "Thủ trưởng" only when none fits.
 */
export function headTitle(a: Pick<Agency, 'name' | 'kind'>): string {
  const name = a.name.normalize('NFC').trim();
  if (a.kind === 'ward' || a.kind === 'commune') return `Chủ tịch ${name}`;
  const rules: Array<[RegExp, string]> = [
    [/^(Sở|Trung tâm|Ban Quản lý dự án)\s/u, 'Giám đốc'],
    [/^(Văn phòng|Thanh tra)\s/u, 'Chánh'],
    [/^(Ban|Thống kê)\s/u, 'Trưởng'],
  ];
  const title = rules.find(([re]) => re.test(name))?.[1] ?? 'Thủ trưởng';
  return `${title} ${name}`;
}

export interface TaskDef {
  id: string;
  group: number;
  title: string;
  deliverable: string;
  leadAgency: string;
  coAgencies: string[];
  deadline: Deadline;
  field: Field;
}

export const DIRECTIONS = ['up', 'down'] as const;
export const INDICATOR_KINDS = ['rate', 'cumulative', 'level'] as const;
export const FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export const THRESHOLD_UNITS = ['points', 'relative'] as const;
export type ThresholdUnit = (typeof THRESHOLD_UNITS)[number];

export interface IndicatorDef {
  id: string;
  name: string;
  unit: string;
  /** `up`: higher is better (growth); `down`: lower is better (poverty rate). */
  direction: (typeof DIRECTIONS)[number];
  /** A rate for the period, a cumulative year-to-date figure, or a level at a point in time. */
  kind: (typeof INDICATOR_KINDS)[number];
  frequency: (typeof FREQUENCIES)[number];
  agency: string;
  /** Agencies that co-operate (cơ quan phối hợp), e.g. the statistics office for GRDP per capita; copied on slippage alerts. */
  coAgencies?: string[];
  field: Field;
  baseline?: { period: string; value: number };
  /** Yearly targets, by period ("2025"). */
  targets: Array<{ period: string; value: number }>;
  /** Planned path per period within the year (a growth scenario), if the plan gives one. */
  path?: Array<{ period: string; value: number }>;
  /**
   * How far behind plan turns it amber and red; defaults apply otherwise. `unit`: `points` in the
   * indicator's own unit (percentage points for %), `relative` as fractions of the planned value;
   * left out, points for a % indicator and relative for any other.
   */
  thresholds?: { amber: number; red: number; unit?: ThresholdUnit };
  /**
   * For a growth rate: the weight of each period of the year (the previous year's quarterly levels,
   * or their shares), as many as the year has periods. The year's growth is the weighted mean.
   */
  weights?: number[];
  /**
   * The plausible bound on what may be needed in a period (rate: the best plausible rate; cumulative:
   * the largest plausible amount a period; level: the largest plausible change a period in the
   * good direction, as a positive number). Beyond it the target is infeasible. Without it the best
   * figure on record is the bound.
   */
  ceiling?: number;
  note: string;
}

export interface Plan {
  meta: PlanMeta;
  groups: TaskGroup[];
  leaders: Leader[];
  agencies: Agency[];
  tasks: TaskDef[];
  indicators: IndicatorDef[];
}

/** The vice-chair in charge of a field, or the chair when no vice-chair holds it. */
export function supervisorOf(leaders: Leader[], field: Field): Leader | undefined {
  return leaders.find((l) => l.role === 'vice_chair' && l.fields.includes(field)) ?? leaders.find((l) => l.role === 'chair');
}

/**
 * When a task counts as assigned: the programme's date of issue for the tasks it assigned (a plan
 * imported in November for a programme signed in August has been running since August), or the
 * import date when the plan's date is later or unreadable. Kept on first import only.
 */
export function assignedOnFor(plan: Plan, today: string): string {
  try {
    const issued = parseDeadline(plan.meta.issuedOn, 'issued_on');
    return issued.kind !== 'recurring' && issued.dueDate <= today ? issued.dueDate : today;
  } catch {
    return today;
  }
}
