/**
 * `npm start`: the whole system on this machine. Prints every URL, then runs until Ctrl-C.
 */
import { performance } from 'node:perf_hooks';
import { dataDirFromEnv, portsFromEnv } from './config';
import { startLocal } from './runtime';
import { LocalSetupError } from './services';

const t0 = performance.now();
try {
  const sys = await startLocal({ ports: portsFromEnv(), dataDir: dataDirFromEnv(), persist: true, loadSample: true, portal: true });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const lines = [
    '',
    `dondoc is running locally (started in ${seconds} s; clock: ${sys.clock.now().toISOString()})`,
    '',
    `  Portal         ${sys.urls.portal}            (sign in with one click; or ${sys.urls.api}/_local/login?role=agency&agency=SO-TC&next=/)`,
    `  API            ${sys.urls.api}            (try ${sys.urls.api}/health)`,
    `  Inbox (SES)    ${sys.urls.inbox}            (messages as JSON: ${sys.urls.inbox}/store)`,
    `  DynamoDB       ${sys.urls.dynamodb}`,
    `  SQS            ${sys.urls.sqs}`,
    `  EventBridge    ${sys.urls.events}            (recent events: ${sys.urls.api}/_local/events)`,
    `  Clock          ${sys.urls.api}/_local/clock`,
    '',
    '  A token:       npm run --silent token -- --agency SO-TC',
    '  Stop with Ctrl-C; data is kept in the data folder (npm run reset empties it).',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('stopping...\n');
    await sys.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (e) {
  if (e instanceof LocalSetupError) {
    process.stderr.write(`dondoc: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
