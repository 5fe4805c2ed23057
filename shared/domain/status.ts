import type { IsoDate } from './dates';

/**
 * Task status as the government reports it. It is always derived from the deadline, the approved
 * extension, the completion date and today's date in Hanoi: never stored, never typed in.
 */
export const TASK_STATUSES = ['in_progress', 'overdue', 'completed_on_time', 'completed_after_extension', 'completed_late'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const STATUS_VI: Record<TaskStatus, string> = {
  in_progress: 'Đang thực hiện trong hạn',
  overdue: 'Quá hạn chưa hoàn thành',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_after_extension: 'Hoàn thành trong thời hạn được gia hạn',
  completed_late: 'Hoàn thành quá hạn',
};

export interface StatusInput {
  /** The deadline as first assigned; absent for recurring tasks. */
  dueDate?: IsoDate;
  /** The deadline after an approved extension (gia hạn), if any. */
  revisedDueDate?: IsoDate;
  /** The Hanoi calendar date on which the lead agency reported the task complete. */
  completedOn?: IsoDate;
}

/** A deadline date is met by anything done on or before that date (Hanoi time). */
export function classify(task: StatusInput, today: IsoDate): TaskStatus {
  const effective = task.revisedDueDate ?? task.dueDate;
  if (task.completedOn) {
    if (!task.dueDate || task.completedOn <= task.dueDate) return 'completed_on_time';
    if (task.revisedDueDate && task.completedOn <= task.revisedDueDate) return 'completed_after_extension';
    return 'completed_late';
  }
  return effective && today > effective ? 'overdue' : 'in_progress';
}

export const isCompleted = (s: TaskStatus): boolean => s.startsWith('completed');
