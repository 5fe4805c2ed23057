import type { Audience } from '../domain/ladder';
import { headTitle, supervisorOf, type Agency, type Leader, type TaskDef } from '../domain/plan';

export interface Directory {
  agencies: Agency[];
  leaders: Leader[];
}

interface Resolved {
  emails: string[];
  labels: string[];
}

/** A leader as a letter addresses them: "Đồng chí Phó Chủ tịch UBND Thành phố Trần Thị Bình". */
export const comrade = (l: Pick<Leader, 'title' | 'name'>): string =>
  `Đồng chí ${[l.title, l.name]
    .map((x) => x.trim())
    .filter(Boolean)
    .join(' ')}`;

/** Who an audience of the ladder is, for one task, from the plan. */
/** A task as the recipients need it: its definition and, while the lead waits on one, the co-operating agency it names. */
type Addressed = TaskDef & { waitingOnCoAgency?: boolean; waitingOn?: string };

export function resolveAudience(a: Audience, task: Addressed, dir: Directory): Resolved {
  const agency = (code: string) => dir.agencies.find((x) => x.code === code);
  const lead = agency(task.leadAgency);
  switch (a) {
    case 'lead':
      return { emails: lead?.emails ?? [], labels: [lead?.name ?? task.leadAgency] };
    case 'co': {
      const co = task.coAgencies.map(agency).filter((x): x is Agency => Boolean(x));
      return { emails: co.flatMap((c) => c.emails), labels: co.map((c) => c.name) };
    }
    case 'waiting': {
      const w = task.waitingOnCoAgency && task.waitingOn ? agency(task.waitingOn) : undefined;
      return { emails: w?.emails ?? [], labels: w ? [w.name] : [] };
    }
    case 'agency-head': {
      // "Đồng chí Giám đốc Sở Tài chính" (the plan's head_name), else the head's title.
      const label = lead && (lead.head.name.trim() ? `Đồng chí ${lead.head.name.trim()}` : headTitle(lead));
      return { emails: lead?.head.email ? [lead.head.email] : [], labels: label ? [label] : [] };
    }
    case 'office': {
      const o = dir.leaders.filter((l) => l.role === 'office');
      return { emails: o.map((l) => l.email), labels: o.map((l) => l.name) };
    }
    case 'chair': {
      const c = dir.leaders.filter((l) => l.role === 'chair');
      return { emails: c.map((l) => l.email), labels: c.map(comrade) };
    }
    case 'vice-chair': {
      const v = supervisorOf(dir.leaders, task.field);
      return { emails: v ? [v.email] : [], labels: v ? [comrade(v)] : [] };
    }
  }
}

/** To and cc for a notice; an address in both keeps only its place in To. */
export function addressees(to: Audience[], cc: Audience[], task: Addressed, dir: Directory): { to: string[]; cc: string[]; label: string } {
  const t = to.map((a) => resolveAudience(a, task, dir));
  const toEmails = [...new Set(t.flatMap((r) => r.emails.map((e) => e.toLowerCase())))];
  const ccEmails = [...new Set(cc.flatMap((a) => resolveAudience(a, task, dir).emails.map((e) => e.toLowerCase())))].filter((e) => !toEmails.includes(e));
  return { to: toEmails, cc: ccEmails, label: t.flatMap((r) => r.labels).join(', ') };
}
