import type { TaskView } from '../../shared/domain/task';

/** The API's answers, as JSON. */
export type Task = TaskView;

export interface Agency {
  code: string;
  name: string;
  kind: string;
  field: string;
  supervisor?: string;
}

export interface Actor {
  sub: string;
  role: string;
  agency?: string;
  leaderId?: string;
}

/** One entry of a task's history (updates, notices sent, extension requests and decisions). */
export interface HistoryItem {
  type: 'TaskUpdate' | 'Notice' | 'ExtensionRequested' | 'ExtensionApproved' | 'ExtensionRejected' | 'PlanImported' | string;
  at?: string;
  receivedAt?: string;
  kind?: 'progress' | 'note';
  progress?: number;
  note?: string;
  reason?: string;
  evidence?: { documentNumber: string; documentDate: string };
  waitingOnCoAgency?: boolean;
  actor?: Actor;
  applied?: boolean;
  extensionId?: string;
  proposedDueDate?: string;
  newDueDate?: string;
  previousDueDate?: string;
  subject?: string;
  rule?: string;
  to?: string[];
  workingDays?: number;
}

export interface Leader {
  id: string;
  role: 'chair' | 'vice_chair' | 'office';
  name: string;
  title: string;
  fields: string[];
}
