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
