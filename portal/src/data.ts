import { all, answer, api } from './api';
import type { User } from './auth';
import type { Agency, Directory, Leader, Task } from './types';

let directory: Promise<Directory> | undefined;

/** The plan's agencies and leaders (names for codes, who supervises which field). */
export function loadDirectory(): Promise<Directory> {
  directory ??= answer(api().GET('/agencies'));
  directory.catch(() => (directory = undefined));
  return directory;
}

export const agencyName = (list: Agency[], code: string | undefined): string => list.find((a) => a.code === code)?.name ?? code ?? '';

export const allTasks = (): Promise<Task[]> =>
  all((cursor) => answer(api().GET('/tasks', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } })));

/** Open tasks first, the most overdue first, then by the day each falls due; completed last. */
export function byUrgency(a: Task, b: Task): number {
  const rank = (t: Task) => (t.status === 'overdue' ? 0 : t.status === 'in_progress' ? (t.dueIn ? 1 : 2) : 3);
  const r = rank(a) - rank(b);
  if (r) return r;
  return (a.dueIn?.days ?? 1e9) - (b.dueIn?.days ?? 1e9) || a.id.localeCompare(b.id, 'vi', { numeric: true });
}

/**
 * Whether a task is in the user's scope: the office's and the chair's is the whole programme; a
 * vice-chair's, the fields they are in charge of.
 */
export function inScope(user: User, task: Task, leaders: Leader[]): boolean {
  if (user.role === 'office') return true;
  const me = leaders.find((l) => l.id === user.leader);
  if (user.role !== 'leader' || !me) return false;
  return me.role === 'chair' || me.fields.includes(task.field);
}
