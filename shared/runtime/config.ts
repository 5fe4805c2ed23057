/**
 * Configuration read from the environment, once, at the edge. Endpoints are not configured here:
 * the AWS SDK reads AWS_ENDPOINT_URL_<SERVICE> itself, which is how the local runtime points
 * the very same handlers at its stand-ins.
 */
export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Missing environment variable ${name}`);
  return v;
}

/** Environment variable carrying a queue's URL, e.g. QUEUE_URL_TASK_UPDATES (set by the stack and the emulator from the topology). */
export const queueUrlEnv = (q: string): string => `QUEUE_URL_${q.toUpperCase().replace(/-/g, '_')}`;

/**
 * Environment variable carrying the URL of a queue's dead-letter queue, e.g. DLQ_URL_TASK_UPDATES,
 * for a function that reads the DLQs' depths (the city office's delivery page).
 */
export const dlqUrlEnv = (q: string): string => `DLQ_URL_${q.toUpperCase().replace(/-/g, '_')}`;

/** The queue a DLQ_URL_<QUEUE> variable names (`DLQ_URL_TASK_UPDATES` → `task-updates`), if it is one. */
export const queueOfDlqEnv = (name: string): string | undefined =>
  name.startsWith('DLQ_URL_') ? name.slice('DLQ_URL_'.length).toLowerCase().replace(/_/g, '-') : undefined;

/** Environment variable carrying the URL of the failed-runs queue, for a function that reads its depth. */
export const FAILED_RUNS_URL_ENV = 'FAILED_RUNS_QUEUE_URL';
