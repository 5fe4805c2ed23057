import type { Caller } from '../../shared/domain/caller';
import { supervisorOf, type Field, type Leader } from '../../shared/domain/plan';
import type { Role } from '../../events/roles';

/**
 * Who may call which route: written once, enforced by the dispatcher before any route code runs,
 * and turned into tests case by case (test/integration/access.test.ts). A route the API serves
 * without a row here does not compile.
 *
 * A row names the resource the route acts on and, per role, either `all` (any caller of that
 * role) or the relations the caller must have to that resource. A role that is absent is denied.
 */
export type Resource = 'none' | 'task' | 'extension' | 'indicator' | 'recipient';

/**
 * How a caller stands to a resource. For a task (or an extension request, through its task):
 * an agency leads it, co-operates on it, or neither; a leader supervises its field, chairs the
 * city, or neither. For an indicator: an agency is responsible for it or not. For a digest: a
 * leader is its recipient or not.
 */
export const RELATIONS = {
  none: { agency: ['any'], leader: ['any'], office: ['any'], statistics: ['any'] },
  task: { agency: ['lead', 'co', 'other'], leader: ['supervisor', 'chair', 'other'], office: ['any'], statistics: ['any'] },
  extension: { agency: ['lead', 'co', 'other'], leader: ['supervisor', 'chair', 'other'], office: ['any'], statistics: ['any'] },
  indicator: { agency: ['responsible', 'other'], leader: ['any'], office: ['any'], statistics: ['any'] },
  recipient: { agency: ['any'], leader: ['self', 'other'], office: ['any'], statistics: ['any'] },
} as const satisfies Record<Resource, Record<Role, readonly string[]>>;

export type Relation = (typeof RELATIONS)[Resource][Role][number];

export interface RouteAccess {
  resource: Resource;
  allow: Partial<Record<Role, 'all' | readonly Relation[]>>;
  /** Who may, said to the caller who may not. */
  vi: string;
  en: string;
}

const everyone = { agency: 'all', leader: 'all', office: 'all', statistics: 'all' } as const;
const read = (resource: Resource): RouteAccess => ({ resource, allow: everyone, vi: '', en: '' });

export const ACCESS = {
  'GET /health': 'public',
  'GET /openapi.json': 'public',
  'GET /agencies': read('none'),
  'GET /tasks': read('none'),
  'GET /tasks/{id}': read('task'),
  'GET /tasks/{id}/updates': read('task'),
  'POST /tasks/{id}/updates': {
    resource: 'task',
    allow: { agency: ['lead', 'co'] },
    vi: 'Chỉ cơ quan chủ trì hoặc phối hợp thực hiện nhiệm vụ được gửi báo cáo.',
    en: 'Only the lead or a co-operating agency of the task may report on it.',
  },
  'POST /tasks/{id}/extension-requests': {
    resource: 'task',
    allow: { agency: ['lead'] },
    vi: 'Chỉ cơ quan chủ trì được đề nghị gia hạn.',
    en: 'Only the lead agency may ask for an extension.',
  },
  'POST /extension-requests/{id}/decision': {
    resource: 'extension',
    allow: { leader: ['supervisor', 'chair'], office: 'all' },
    vi: 'Chỉ Phó Chủ tịch phụ trách, Chủ tịch hoặc Văn phòng UBND được quyết định gia hạn.',
    en: 'Only the supervising vice-chair, the chair or the city office may decide an extension.',
  },
  'GET /indicators': read('none'),
  'GET /indicators/{id}': read('indicator'),
  'POST /indicators/{id}/values': {
    resource: 'indicator',
    allow: { agency: ['responsible'], statistics: 'all' },
    vi: 'Chỉ cơ quan chịu trách nhiệm về chỉ tiêu hoặc cơ quan thống kê được báo cáo số liệu.',
    en: 'Only the responsible agency or the statistics role may report values.',
  },
  'POST /indicators/values:import': {
    resource: 'none',
    allow: { statistics: 'all', office: 'all' },
    vi: 'Chỉ cơ quan thống kê hoặc Văn phòng UBND được nạp số liệu hàng loạt.',
    en: 'Only the statistics role or the city office may upload values in bulk.',
  },
  'GET /digests/preview': {
    resource: 'recipient',
    allow: { leader: ['self'], office: 'all' },
    vi: 'Chỉ Văn phòng UBND hoặc chính lãnh đạo nhận báo cáo được xem trước.',
    en: 'Only the city office, or the leader it is for, may preview a digest.',
  },
  'GET /digests': {
    resource: 'recipient',
    allow: { leader: ['self'], office: 'all' },
    vi: 'Chỉ Văn phòng UBND hoặc chính lãnh đạo nhận báo cáo được xem lưu trữ báo cáo tuần.',
    en: 'Only the city office, or the leader they are for, may see the archive of digests.',
  },
  'GET /digests/sent': {
    resource: 'recipient',
    allow: { leader: ['self'], office: 'all' },
    vi: 'Chỉ Văn phòng UBND hoặc chính lãnh đạo nhận báo cáo được xem báo cáo tuần đã gửi.',
    en: 'Only the city office, or the leader it was for, may read a digest as sent.',
  },
  'GET /digests/sent/workbook': {
    resource: 'recipient',
    allow: { leader: ['self'], office: 'all' },
    vi: 'Chỉ Văn phòng UBND hoặc chính lãnh đạo nhận báo cáo được tải bảng tính của báo cáo tuần.',
    en: 'Only the city office, or the leader it was for, may download the workbook of a digest.',
  },
  'GET /dashboard': {
    resource: 'none',
    allow: { leader: 'all', office: 'all' },
    vi: 'Chỉ lãnh đạo UBND Thành phố hoặc Văn phòng UBND được xem bảng điều hành.',
    en: 'Only the city leaders or the city office may see the dashboard.',
  },
  'POST /plan/import': {
    resource: 'none',
    allow: { office: 'all' },
    vi: 'Chỉ Văn phòng UBND được nạp kế hoạch.',
    en: 'Only the city office may import a plan.',
  },
  'GET /plan/export': {
    resource: 'none',
    allow: { office: 'all' },
    vi: 'Chỉ Văn phòng UBND được tải kế hoạch về.',
    en: 'Only the city office may export the plan.',
  },
  'GET /calendar': read('none'),
  'PUT /calendar/days/{date}': {
    resource: 'none',
    allow: { office: 'all' },
    vi: 'Chỉ Văn phòng UBND được sửa lịch ngày nghỉ và ngày làm bù.',
    en: 'Only the city office may change the calendar of days off and make-up working days.',
  },
  'DELETE /calendar/days/{date}': {
    resource: 'none',
    allow: { office: 'all' },
    vi: 'Chỉ Văn phòng UBND được sửa lịch ngày nghỉ và ngày làm bù.',
    en: 'Only the city office may change the calendar of days off and make-up working days.',
  },
  'GET /delivery': {
    resource: 'none',
    allow: { office: 'all' },
    vi: 'Chỉ Văn phòng UBND được xem tình trạng gửi thư.',
    en: 'Only the city office may see how emails are delivered.',
  },
} as const satisfies Record<string, RouteAccess | 'public'>;

export type RouteKey = keyof typeof ACCESS;

/** Whether a caller of this role can be allowed at all, whatever its relation to the resource. */
export function roleMayCall(access: RouteAccess, role: Role): boolean {
  return access.allow[role] !== undefined;
}

/** Whether the role needs a relation to the resource (so the resource's owners must be looked at). */
export function needsRelation(access: RouteAccess, role: Role): boolean {
  return Array.isArray(access.allow[role]);
}

export function isAllowed(access: RouteAccess, role: Role, relation: Relation): boolean {
  const rule = access.allow[role];
  return rule === 'all' || (rule !== undefined && rule.includes(relation));
}

export interface TaskOwners {
  leadAgency: string;
  coAgencies: string[];
  field: Field;
}

export function relationToTask(caller: Caller, task: TaskOwners, leaders: Leader[]): Relation {
  if (caller.role === 'agency') return caller.agency === task.leadAgency ? 'lead' : task.coAgencies.includes(caller.agency ?? '') ? 'co' : 'other';
  if (caller.role === 'leader') {
    if (caller.leaderId && supervisorOf(leaders, task.field)?.id === caller.leaderId) return 'supervisor';
    if (caller.leaderId && leaders.find((l) => l.role === 'chair')?.id === caller.leaderId) return 'chair';
    return 'other';
  }
  return 'any';
}

export function relationToIndicator(caller: Caller, responsibleAgency: string): Relation {
  if (caller.role === 'agency') return caller.agency === responsibleAgency ? 'responsible' : 'other';
  return 'any';
}

export function relationToRecipient(caller: Caller, recipient: string | undefined): Relation {
  if (caller.role === 'leader') return caller.leaderId !== undefined && caller.leaderId === recipient ? 'self' : 'other';
  return 'any';
}

/** The matrix as rows of (route, role, relation, allowed): the README's table and the tests. */
export function accessCases(): { route: RouteKey; role: Role; relation: Relation; allowed: boolean }[] {
  const out: { route: RouteKey; role: Role; relation: Relation; allowed: boolean }[] = [];
  for (const [route, access] of Object.entries(ACCESS) as [RouteKey, RouteAccess | 'public'][]) {
    if (access === 'public') continue;
    for (const [role, relations] of Object.entries(RELATIONS[access.resource]) as [Role, readonly Relation[]][]) {
      for (const relation of relations) out.push({ route, role, relation, allowed: isAllowed(access, role, relation) });
    }
  }
  return out;
}

const RELATION_VI: Record<Relation, string> = {
  any: 'mọi',
  lead: 'chủ trì',
  co: 'phối hợp',
  other: 'khác',
  supervisor: 'PCT phụ trách',
  chair: 'Chủ tịch',
  responsible: 'chịu trách nhiệm',
  self: 'chính mình',
};

/** The matrix as a Markdown table (the README's; a test keeps the two the same). */
export function accessTable(): string {
  const roles = ['agency', 'leader', 'office', 'statistics'] as const;
  const cell = (access: RouteAccess | 'public', role: Role): string => {
    if (access === 'public') return 'open';
    const rule = access.allow[role];
    if (rule === undefined) return '—';
    if (rule === 'all') return '✓';
    return rule.map((r) => `${r} (${RELATION_VI[r]})`).join(', ');
  };
  const rows = (Object.entries(ACCESS) as [RouteKey, RouteAccess | 'public'][]).map(
    ([route, access]) => `| \`${route}\` | ${roles.map((r) => cell(access, r)).join(' | ')} |`,
  );
  return ['| route | agency | leader | office | statistics |', '|---|---|---|---|---|', ...rows].join('\n');
}
