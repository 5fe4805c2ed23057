import { LOCAL_REGION, portsFromEnv } from '../emulator/config';
import { table } from '../topology';

/**
 * Where a command-line tool works: a deployed stack when TABLE_NAME is set (with the usual AWS
 * credentials), otherwise the local system started by `npm start`.
 */
export function useTarget(): 'aws' | 'local' {
  if (process.env.TABLE_NAME) return 'aws';
  Object.assign(process.env, {
    TABLE_NAME: table.name,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${portsFromEnv().dynamodb}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${portsFromEnv().sqs}`,
  });
  return 'local';
}

export function explainConnectionError(e: unknown, target: 'aws' | 'local'): string {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const refused = err.code === 'ECONNREFUSED' || err.cause?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(err.message));
  if (target === 'local' && refused) {
    return 'The local system is not running: start it with `npm start` in another terminal (or set TABLE_NAME and AWS credentials to work on a deployed stack).';
  }
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}
