import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The emulator runs on the local Node (20 or newer) while Lambda runs Node 24; the SDK's notice about future
// Node versions is not news to anyone running dondoc locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Repository root (the local runtime runs from the checkout). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, not "${v}"`);
  return n;
};

export interface LocalPorts {
  api: number;
  inbox: number;
  dynamodb: number;
  sqs: number;
  events: number;
  /** The portal (the web app officials use). */
  portal: number;
}

/** Ports of the local system; each can be moved with an environment variable. */
export function portsFromEnv(): LocalPorts {
  return {
    api: port('DONDOC_API_PORT', 3000),
    inbox: port('DONDOC_INBOX_PORT', 8005),
    dynamodb: port('DONDOC_DYNAMODB_PORT', 8000),
    sqs: port('DONDOC_SQS_PORT', 4566),
    events: port('DONDOC_EVENTS_PORT', 4010),
    portal: port('DONDOC_PORTAL_PORT', 8080),
  };
}

export const PORT_ENV: Record<keyof LocalPorts, string> = {
  api: 'DONDOC_API_PORT',
  inbox: 'DONDOC_INBOX_PORT',
  dynamodb: 'DONDOC_DYNAMODB_PORT',
  sqs: 'DONDOC_SQS_PORT',
  events: 'DONDOC_EVENTS_PORT',
  portal: 'DONDOC_PORTAL_PORT',
};

export const dataDirFromEnv = (): string => path.resolve(process.env.DONDOC_DATA_DIR ?? path.join(ROOT, '.local'));

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';
export const SAMPLE_PLAN_DIR = path.join(ROOT, 'shared/samples/plan');

/** Sender of local mail (the inbox accepts any). */
export const LOCAL_MAIL_FROM = 'dondoc@ubnd.ha-noi.example';
