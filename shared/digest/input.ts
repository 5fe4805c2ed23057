import { loadCalendar } from '../data/calendar';
import { listValues } from '../data/indicators';
import { loadDirectory, type PlanDirectory } from '../data/plan-directory';
import { decodeCursor } from '../data/table';
import { listTasks } from '../data/tasks';
import type { TaskRecord } from '../domain/task';
import { latestByPeriod } from '../domain/indicators';
import type { DigestInput, DigestRecipient } from './model';

/** Every task, through the due-date index (paginated). */
export async function allTasks(): Promise<TaskRecord[]> {
  const tasks: TaskRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await listTasks({ limit: 1000, cursor });
    tasks.push(...page.items);
    cursor = page.nextCursor ? decodeCursor(page.nextCursor) : undefined;
  } while (cursor);
  return tasks;
}

export const digestRecipients = (dir: PlanDirectory): DigestRecipient[] =>
  dir.leaders
    .filter((l) => l.role === 'chair' || l.role === 'vice_chair' || l.role === 'office')
    .map((l) => ({ id: l.id, role: l.role, name: l.name, title: l.title, email: l.email, fields: l.fields }));

/** What every digest of one run shares: the plan, all tasks, indicators with their latest assessment. */
export async function loadDigestData(): Promise<{ dir: PlanDirectory; base: Omit<DigestInput, 'recipient' | 'week' | 'today'> }> {
  const [dir, tasks, { calendar, data }] = await Promise.all([loadDirectory(), allTasks(), loadCalendar()]);
  const states = new Map(dir.states.map((s) => [s.indicatorId, s]));
  const ct01 = dir.indicators.find((d) => d.id === 'CT-01');
  const ct01Series = ct01 ? [...latestByPeriod(await listValues(ct01.id)).values()].map((v) => ({ period: v.period, value: v.value })) : [];
  return {
    dir,
    base: {
      calendar,
      calendarData: data,
      planCode: dir.meta?.code ?? '',
      planTitle: dir.meta?.title ?? '',
      tasks,
      agencies: dir.agencies,
      leaders: dir.leaders,
      indicators: dir.indicators.map((def) => {
        const s = states.get(def.id);
        return {
          def,
          ...(s ? { assessment: s.assessment } : {}),
          ...(s?.previousStatus ? { previousStatus: s.previousStatus } : {}),
          ...(s?.statusChangedOn ? { statusChangedOn: s.statusChangedOn } : {}),
          ...(def.id === 'CT-01' ? { series: ct01Series } : {}),
        };
      }),
    },
  };
}
