/**
 * `npm run dlq -- list | show <queue> [--limit N] [--full] | redrive <queue> [--manual]`: the
 * dead-letter queues of the topology's queues (task-updates, email, indicator-ingest).
 *
 * Works on the local system started by `npm start`, or on a deployed stack with AWS credentials
 * and region when TABLE_NAME or DONDOC_STACK is set, or --stack is given (the stack name
 * defaults to Dondoc, as in infra/app.ts). A deployed queue is found by its CloudFormation
 * name, or taken from QUEUE_URL_<QUEUE> when set; its DLQ from the queue's redrive policy.
 */
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DlqError, explainDlqError, formatList, formatRedrive, formatShow, listDlqs, queueNamed, redriveDlq, showDlq, type DlqTarget } from './dlq-ops';
import { useTarget } from './target';

const USAGE = `usage: npm run dlq -- list
       npm run dlq -- show <queue> [--limit N] [--full]
       npm run dlq -- redrive <queue> [--manual]
  options: --stack <name>  work on a deployed stack (default Dondoc when TABLE_NAME or DONDOC_STACK is set)
`;

const DEFAULT_STACK = 'Dondoc';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      full: { type: 'boolean' },
      manual: { type: 'boolean' },
      stack: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const [command, queueArg, ...extra] = positionals;
if (values.help || !command || !['list', 'show', 'redrive'].includes(command) || extra.length || (command === 'list' && queueArg)) {
  process.stderr.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
let limit: number | undefined;
if (values.limit !== undefined) {
  limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`--limit must be a whole number of at least 1, not "${values.limit}".\n`);
    process.exit(2);
  }
}

const stack = values.stack ?? process.env.DONDOC_STACK;
const target: DlqTarget = stack ? { kind: 'aws', stack } : useTarget() === 'aws' ? { kind: 'aws', stack: DEFAULT_STACK } : { kind: 'local' };
// Two attempts: a local system that is not running is reported at once, not after a long backoff.
const ctx = { sqs: new SQSClient({ maxAttempts: 2, useQueueUrlAsEndpoint: false }), target };

try {
  if (command === 'list') {
    process.stdout.write(formatList(await listDlqs(ctx)));
  } else if (command === 'show') {
    const shown = await showDlq(ctx, queueNamed(queueArg), { limit: limit ?? 10 });
    process.stdout.write(formatShow(shown, { limit: limit ?? 10, full: values.full }));
  } else {
    process.stdout.write(formatRedrive(await redriveDlq(ctx, queueNamed(queueArg), { manual: values.manual })));
  }
} catch (e) {
  process.stderr.write(`${explainDlqError(e, target)}\n`);
  process.exit(e instanceof DlqError ? e.exitCode : 1);
}
