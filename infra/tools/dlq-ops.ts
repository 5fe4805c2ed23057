/**
 * Dead-letter queue operations behind `npm run dlq`: counts per queue, a look at a DLQ's messages
 * that leaves them in place, and moving them back to the queue they came from.
 *
 * Queues are named as in the topology (`email`, `task-updates`, ...). Each DLQ is found from its
 * source queue's RedrivePolicy, so the tool works on whatever the queue really dead-letters to.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type Message,
  type MessageAttributeValue,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { pascal, queues, type QueueName } from '../topology';
import { explainConnectionError } from './target';
import { queueUrlEnv } from '../../shared/runtime/config';

/** The local system (queues named as in the topology) or a deployed CloudFormation stack. */
export type DlqTarget = { kind: 'local' } | { kind: 'aws'; stack: string };

export interface DlqContext {
  sqs: SQSClient;
  target: DlqTarget;
}

/** A problem the user can act on: printed as one line, without a stack trace. */
export class DlqError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'DlqError';
  }
}

export interface ResolvedQueue {
  name: QueueName;
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

const queueNames = (): QueueName[] => Object.keys(queues) as QueueName[];

/** The topology's queue of that name, or a DlqError that lists the known ones. */
export function queueNamed(name: string | undefined): QueueName {
  if (name && Object.hasOwn(queues, name)) return name as QueueName;
  const known = queueNames().join(', ');
  throw new DlqError(name ? `Unknown queue "${name}"; the topology has: ${known}.` : `Name a queue: ${known}.`, 2);
}

const nameOfArn = (arn: string): { account: string; name: string } => {
  const parts = arn.split(':');
  return { account: parts[4] ?? '', name: parts[5] ?? '' };
};

const isErrorNamed = (e: unknown, ...names: string[]): boolean => {
  const err = e as { name?: string; Code?: string; __type?: string };
  return names.some((n) => err.name === n || err.Code === n || (err.__type ?? '').endsWith(`#${n}`));
};

const isMissingQueue = (e: unknown): boolean => isErrorNamed(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue');

/**
 * A deployed queue: CloudFormation names a queue without a physical name
 * `<stack>-<logical id>-<suffix>`, and the stack's logical id for the `email` queue starts
 * `EmailQueue` followed by an 8-character hash. QUEUE_URL_<NAME> overrides the lookup.
 */
async function deployedQueueUrl(sqs: SQSClient, stack: string, name: QueueName): Promise<string> {
  const fromEnv = process.env[queueUrlEnv(name)];
  if (fromEnv) return fromEnv;
  const prefix = `${stack}-${pascal(name)}Queue`;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9A-F]{8}-[A-Za-z0-9]+$`);
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken }));
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  const found = urls.filter((u) => pattern.test(u.slice(u.lastIndexOf('/') + 1)));
  if (found.length === 1) return found[0]!;
  const hint = `set ${queueUrlEnv(name)} to the stack output QueueUrl${pascal(name)}`;
  if (!found.length) throw new DlqError(`No queue of stack ${stack} for ${name} (looked for ${prefix}...): check the region and --stack, or ${hint}.`);
  throw new DlqError(`Several queues of stack ${stack} look like ${name} (${found.join(', ')}): ${hint}.`);
}

/** The queue's URL and ARN, and its DLQ's, from the queue's RedrivePolicy. */
export async function resolveQueue(ctx: DlqContext, name: QueueName): Promise<ResolvedQueue> {
  const { sqs, target } = ctx;
  let url: string;
  if (target.kind === 'local') {
    try {
      url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? '';
    } catch (e) {
      if (isMissingQueue(e)) throw new DlqError(`The local SQS has no queue ${name}: is it dondoc's local system that is running (npm start)?`);
      throw e;
    }
  } else {
    url = await deployedQueueUrl(sqs, target.stack, name);
  }
  const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'RedrivePolicy'] }))).Attributes ?? {};
  const policy = attrs.RedrivePolicy ? (JSON.parse(attrs.RedrivePolicy) as { deadLetterTargetArn?: string }) : {};
  const dlqArn = policy.deadLetterTargetArn;
  if (!dlqArn) throw new DlqError(`Queue ${name} (${url}) has no dead-letter queue: it has no RedrivePolicy.`);
  const dlq = nameOfArn(dlqArn);
  const dlqUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: dlq.name, QueueOwnerAWSAccountId: target.kind === 'aws' ? dlq.account : undefined })))
    .QueueUrl;
  if (!dlqUrl) throw new DlqError(`The dead-letter queue of ${name} (${dlqArn}) has no URL.`);
  return { name, url, arn: attrs.QueueArn ?? '', dlqUrl, dlqArn };
}

const queueLabel = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

interface Depth {
  visible: number;
  inFlight: number;
  delayed: number;
}

async function depth(sqs: SQSClient, url: string): Promise<Depth> {
  const a =
    (
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      )
    ).Attributes ?? {};
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

export interface DlqRow {
  queue: QueueName;
  queueName: string;
  dlqName: string;
  /** Approximate counts, as SQS reports them. */
  main: Depth;
  dlq: Depth;
}

/** Every queue of the topology with its DLQ and their approximate depths. */
export async function listDlqs(ctx: DlqContext): Promise<DlqRow[]> {
  const rows: DlqRow[] = [];
  for (const q of queueNames()) {
    const r = await resolveQueue(ctx, q);
    const [main, dlq] = await Promise.all([depth(ctx.sqs, r.url), depth(ctx.sqs, r.dlqUrl)]);
    rows.push({ queue: q, queueName: queueLabel(r.url), dlqName: queueLabel(r.dlqUrl), main, dlq });
  }
  return rows;
}

/** Messages held by a DLQ: visible, or being looked at (or redriven) by someone right now. */
export const dlqTotal = (row: DlqRow): number => row.dlq.visible + row.dlq.inFlight + row.dlq.delayed;

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatList(rows: DlqRow[]): string {
  const body = table(
    ['QUEUE', 'WAITING', 'IN FLIGHT', 'DEAD-LETTER QUEUE', 'DLQ MESSAGES'],
    rows.map((r) => [
      r.queue === r.queueName ? r.queue : `${r.queue} (${r.queueName})`,
      String(r.main.visible + r.main.delayed),
      String(r.main.inFlight),
      r.dlqName,
      String(dlqTotal(r)) + (r.dlq.inFlight ? ` (${r.dlq.inFlight} in flight)` : ''),
    ]),
    new Set([1, 2, 4]),
  );
  const dead = rows.filter((r) => dlqTotal(r) > 0);
  const total = dead.reduce((n, r) => n + dlqTotal(r), 0);
  const footer = dead.length
    ? `${total} message(s) in dead-letter queues (approximate counts). See them with \`npm run dlq -- show ${dead[0]!.queue}\`; move them back with \`npm run dlq -- redrive ${dead[0]!.queue}\`.`
    : 'No messages in dead-letter queues (approximate counts).';
  return `${body}\n\n${footer}\n`;
}

export interface DlqMessage {
  messageId: string;
  receiveCount: number;
  sentAt?: string;
  correlationId?: string;
  /** Where the correlation id came from: the message attribute, or failing that the body. */
  correlationFrom?: 'attribute' | 'body';
  attributes: Record<string, string>;
  body: string;
}

const RECEIVE_ATTRIBUTES = {
  MessageSystemAttributeNames: ['All' as const],
  MessageAttributeNames: ['All'],
};

function toDlqMessage(m: Message): DlqMessage {
  const sys = m.Attributes ?? {};
  const attributes = Object.fromEntries(
    Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? (v.BinaryValue ? `<${v.BinaryValue.length} bytes>` : '')]),
  );
  let correlationId: string | undefined = attributes.correlationId;
  let correlationFrom: DlqMessage['correlationFrom'] = correlationId ? 'attribute' : undefined;
  if (!correlationId) {
    try {
      const parsed = JSON.parse(m.Body ?? '') as { correlationId?: unknown };
      if (typeof parsed?.correlationId === 'string') {
        correlationId = parsed.correlationId;
        correlationFrom = 'body';
      }
    } catch {
      // Not JSON: no correlation id to show.
    }
  }
  const sent = Number(sys.SentTimestamp);
  return {
    messageId: m.MessageId ?? '',
    receiveCount: Number(sys.ApproximateReceiveCount ?? 0),
    ...(sys.SentTimestamp && Number.isFinite(sent) ? { sentAt: new Date(sent).toISOString() } : {}),
    ...(correlationId ? { correlationId, correlationFrom } : {}),
    attributes,
    body: m.Body ?? '',
  };
}

/** Makes received messages visible again at once, ten at a time. */
async function release(sqs: SQSClient, queueUrl: string, handles: string[]): Promise<void> {
  for (let i = 0; i < handles.length; i += 10) {
    const chunk = handles.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((h, j) => ({ Id: String(j), ReceiptHandle: h, VisibilityTimeout: 0 })),
      }),
    );
  }
}

export interface ShowResult {
  queue: ResolvedQueue;
  messages: DlqMessage[];
}

/**
 * Up to `limit` messages of the queue's DLQ. They are received with a short visibility timeout
 * and made visible again straight after, so they stay in the DLQ (their receive count goes up by one).
 */
export async function showDlq(ctx: DlqContext, name: QueueName, opts: { limit?: number } = {}): Promise<ShowResult> {
  const limit = opts.limit ?? 10;
  const queue = await resolveQueue(ctx, name);
  const held: Message[] = [];
  try {
    while (held.length < limit) {
      const out = await ctx.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.dlqUrl,
          MaxNumberOfMessages: Math.min(10, limit - held.length),
          VisibilityTimeout: 20,
          WaitTimeSeconds: 1,
          ...RECEIVE_ATTRIBUTES,
        }),
      );
      const got = (out.Messages ?? []).filter((m) => !held.some((h) => h.MessageId === m.MessageId));
      if (!got.length) break;
      held.push(...got);
    }
  } finally {
    await release(
      ctx.sqs,
      queue.dlqUrl,
      held.map((m) => m.ReceiptHandle ?? ''),
    );
  }
  return { queue, messages: held.slice(0, limit).map(toDlqMessage) };
}

const MAX_BODY_LINES = 40;
const MAX_LINE_CHARS = 160;

/** The body as indented JSON when it is JSON, cut to a screenful (long lines shortened) unless `full`. */
export function prettyBody(body: string, full = false): string {
  let text = body;
  try {
    text = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  if (full) return text;
  const lines = text.split('\n');
  const shown = lines.slice(0, MAX_BODY_LINES).map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS - 1)}…` : l));
  const cut = lines.length > MAX_BODY_LINES || shown.some((l, i) => l !== lines[i]);
  if (!cut) return text;
  const hidden = lines.length > MAX_BODY_LINES ? `${lines.length - MAX_BODY_LINES} more line(s), ` : '';
  return `${shown.join('\n')}\n… (${hidden}${text.length} characters in all; --full shows the whole body)`;
}

export function formatShow(r: ShowResult, opts: { limit?: number; full?: boolean } = {}): string {
  const { queue, messages } = r;
  const where = `${queueLabel(queue.dlqUrl)}, the dead-letter queue of ${queue.name}`;
  if (!messages.length) return `No messages in ${where}.\n`;
  const more = opts.limit !== undefined && messages.length >= opts.limit ? ` (the first ${messages.length}; --limit shows more)` : '';
  const out = [`${messages.length} message(s) in ${where}${more}. Receive counts include this look.`];
  messages.forEach((m, i) => {
    out.push('', `#${i + 1}  message ${m.messageId}`);
    out.push(`    receives:       ${m.receiveCount}`);
    out.push(`    sent:           ${m.sentAt ?? 'unknown'}`);
    if (m.correlationId) out.push(`    correlationId:  ${m.correlationId}${m.correlationFrom === 'body' ? ' (from the body)' : ''}`);
    const others = Object.entries(m.attributes).filter(([k]) => k !== 'correlationId');
    if (others.length) out.push(`    attributes:     ${others.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    out.push('    body:');
    out.push(
      ...prettyBody(m.body, opts.full)
        .split('\n')
        .map((l) => `      ${l}`),
    );
  });
  return `${out.join('\n')}\n`;
}

export interface RedriveResult {
  queue: ResolvedQueue;
  /** `move-task`: SQS moves the messages itself (StartMessageMoveTask); `manual`: received, sent and deleted here. */
  method: 'move-task' | 'manual';
  moved: number;
  /** Messages that could not be sent to the source queue: they are still in the DLQ. */
  failed: number;
  /** Messages sent to the source queue but not deleted from the DLQ: they are in both. */
  duplicated: number;
  /** Why a manual move was used. */
  reason?: string;
  /** For a move task: its handle and last known status. */
  task?: { handle: string; status: string; toMove?: number; failureReason?: string };
}

/** The endpoint does not implement the action at all (some SQS stand-ins lack the move-task API). */
const isUnsupportedAction = (e: unknown): boolean =>
  isErrorNamed(e, 'InvalidAction', 'UnknownOperationException', 'UnknownOperation') || /unknown action|unknown operation/i.test(String((e as Error)?.message));

/**
 * Moves the DLQ's messages back to their source queue: with SQS's own move task when the
 * endpoint has it (waiting up to `waitMs` for it to finish), otherwise by receiving each message,
 * sending it to the source queue with its body and attributes, and deleting it from the DLQ.
 * Messages are sent before they are deleted, so a failure part-way can duplicate one, never lose it.
 */
export async function redriveDlq(ctx: DlqContext, name: QueueName, opts: { manual?: boolean; waitMs?: number; pollMs?: number } = {}): Promise<RedriveResult> {
  const queue = await resolveQueue(ctx, name);
  if (!opts.manual) {
    try {
      return await moveTask(ctx.sqs, queue, opts.waitMs ?? 60_000, opts.pollMs ?? 1000);
    } catch (e) {
      if (!isUnsupportedAction(e)) throw e;
      return { ...(await manualMove(ctx.sqs, queue)), reason: 'the SQS endpoint has no StartMessageMoveTask' };
    }
  }
  return { ...(await manualMove(ctx.sqs, queue)), reason: 'asked for with --manual' };
}

async function moveTask(sqs: SQSClient, queue: ResolvedQueue, waitMs: number, pollMs: number): Promise<RedriveResult> {
  const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlqArn, DestinationArn: queue.arn }));
  const handle = started.TaskHandle ?? '';
  const deadline = performance.now() + waitMs;
  let task: RedriveResult['task'] = { handle, status: 'RUNNING' };
  let moved = 0;
  for (;;) {
    const list = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: queue.dlqArn, MaxResults: 10 }));
    const t = (list.Results ?? []).find((r) => r.TaskHandle === handle) ?? list.Results?.[0];
    if (t) {
      moved = t.ApproximateNumberOfMessagesMoved ?? 0;
      task = {
        handle,
        status: t.Status ?? 'UNKNOWN',
        ...(t.ApproximateNumberOfMessagesToMove !== undefined ? { toMove: t.ApproximateNumberOfMessagesToMove } : {}),
        ...(t.FailureReason ? { failureReason: t.FailureReason } : {}),
      };
    }
    if (task.status !== 'RUNNING' || performance.now() > deadline) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return { queue, method: 'move-task', moved, failed: 0, duplicated: 0, task };
}

/** Attributes as SendMessage takes them: the list types are reserved by SQS and never set. */
const sendableAttributes = (attrs: Record<string, MessageAttributeValue> | undefined): Record<string, MessageAttributeValue> | undefined => {
  if (!attrs || !Object.keys(attrs).length) return undefined;
  return Object.fromEntries(
    Object.entries(attrs).map(([k, v]) => [
      k,
      {
        DataType: v.DataType,
        ...(v.StringValue !== undefined ? { StringValue: v.StringValue } : {}),
        ...(v.BinaryValue !== undefined ? { BinaryValue: v.BinaryValue } : {}),
      },
    ]),
  );
};

function toEntry(m: Message, id: string, fifo: boolean): SendMessageBatchRequestEntry {
  const sys = m.Attributes ?? {};
  const attrs = sendableAttributes(m.MessageAttributes);
  return {
    Id: id,
    MessageBody: m.Body ?? '',
    ...(attrs ? { MessageAttributes: attrs } : {}),
    ...(sys.AWSTraceHeader ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: sys.AWSTraceHeader } } } : {}),
    ...(fifo && sys.MessageGroupId ? { MessageGroupId: sys.MessageGroupId } : {}),
    ...(fifo && sys.MessageDeduplicationId ? { MessageDeduplicationId: sys.MessageDeduplicationId } : {}),
  };
}

async function manualMove(sqs: SQSClient, queue: ResolvedQueue): Promise<RedriveResult> {
  const fifo = queue.url.endsWith('.fifo');
  let moved = 0;
  let failed = 0;
  let duplicated = 0;
  const kept: string[] = [];
  try {
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60, WaitTimeSeconds: 1, ...RECEIVE_ATTRIBUTES }),
      );
      const messages = out.Messages ?? [];
      if (!messages.length) break;
      const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: messages.map((m, i) => toEntry(m, String(i), fifo)) }));
      const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
      const done = messages.filter((_, i) => ok.has(String(i)));
      const notSent = messages.filter((_, i) => !ok.has(String(i)));
      if (done.length) {
        const del = await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: queue.dlqUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }),
        );
        moved += done.length;
        duplicated += (del.Failed ?? []).length;
      }
      failed += notSent.length;
      kept.push(...notSent.map((m) => m.ReceiptHandle ?? ''));
      // Messages that could not be sent stay in the DLQ; stop rather than receive them again and again.
      if (notSent.length) break;
    }
  } finally {
    if (kept.length) await release(sqs, queue.dlqUrl, kept);
  }
  return { queue, method: 'manual', moved, failed, duplicated };
}

export function formatRedrive(r: RedriveResult): string {
  const from = queueLabel(r.queue.dlqUrl);
  const to = queueLabel(r.queue.url);
  if (r.method === 'move-task') {
    const t = r.task!;
    const status =
      t.status === 'COMPLETED'
        ? `Moved ${r.moved} message(s) from ${from} back to ${to}.`
        : t.status === 'RUNNING'
          ? `Moved ${r.moved}${t.toMove !== undefined ? ` of ${t.toMove}` : ''} message(s) from ${from} to ${to} so far; the move task is still running (see \`npm run dlq -- list\`).`
          : `The move task from ${from} to ${to} ended ${t.status} after moving ${r.moved} message(s)${t.failureReason ? `: ${t.failureReason}` : ''}.`;
    return `${status}\nSQS move task ${t.handle}.\n`;
  }
  const lines = [
    r.moved ? `Moved ${r.moved} message(s) from ${from} back to ${to}, with their bodies and attributes.` : `No messages in ${from}: nothing to move.`,
  ];
  if (r.failed) lines.push(`${r.failed} message(s) could not be sent to ${to} and are still in ${from}.`);
  if (r.duplicated) lines.push(`${r.duplicated} message(s) reached ${to} but could not be deleted from ${from}: they are in both.`);
  if (r.reason) lines.push(`Moved one by one (receive, send, delete): ${r.reason}.`);
  return `${lines.join('\n')}\n`;
}

/** One line for the terminal, whatever went wrong. */
export function explainDlqError(e: unknown, target: DlqTarget): string {
  if (e instanceof DlqError) return e.message;
  const err = e as { name?: string; message?: string };
  if (err.name === 'CredentialsProviderError' || /could not load credentials/i.test(String(err.message))) {
    return 'No AWS credentials: set AWS_PROFILE (or the AWS_ACCESS_KEY_ID family) for the account of the deployed stack.';
  }
  if (/region is missing/i.test(String(err.message))) return 'No AWS region: set AWS_REGION to the region of the deployed stack.';
  if (target.kind === 'aws' && isErrorNamed(e, 'AccessDenied', 'AccessDeniedException')) {
    return `Access denied by SQS: ${err.message ?? ''}`.trim();
  }
  return explainConnectionError(e, target.kind).split('\n')[0]!;
}
