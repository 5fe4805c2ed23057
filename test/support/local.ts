import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocal, type LocalSystem } from '../../infra/local/runtime';
import { issueToken, type TokenRequest } from '../../infra/local/jwt';

/**
 * Starts the whole local system for a test file: real DynamoDB Local (in memory), fauxqs, SES
 * local and the in-process bus, scheduler and API, on free ports, with the sample plan.
 */
export async function startTestSystem(opts: { loadSample?: boolean } = {}): Promise<LocalSystem & { token(r: TokenRequest): Promise<string>; cleanup(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-test-'));
  const sys = await startLocal({
    ports: { api: 0, inbox: 0, dynamodb: 0, sqs: 0, events: 0 },
    dataDir,
    persist: false,
    loadSample: opts.loadSample ?? true,
  });
  return {
    ...sys,
    token: (r) => issueToken(sys.keys, r),
    cleanup: async () => {
      await sys.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
