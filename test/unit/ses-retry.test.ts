import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetClients, sesClient } from '../../shared/runtime/clients';

/**
 * The SES client against a local endpoint that answers as SES might: SendEmail is not idempotent,
 * so only throttling (SES did nothing) may be retried; a lost answer may hide a send.
 */
type Answer = 'throttle' | 'error500' | 'reset' | 'ok';
let answers: Answer[] = [];
let requests = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    const answer = answers.shift() ?? 'ok';
    if (answer === 'reset') return req.socket.destroy();
    const json = (status: number, type: string | undefined, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(body));
    };
    if (answer === 'throttle') return json(429, 'TooManyRequestsException', { message: 'Maximum sending rate exceeded.' });
    if (answer === 'error500') return json(500, 'InternalFailure', { message: 'Internal failure' });
    return json(200, undefined, { MessageId: `ses-${requests}` });
  });
});

const send = () =>
  sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: 'dondoc@ubnd.ha-noi.example',
      Destination: { ToAddresses: ['a@ha-noi.example'] },
      Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nx') } },
    }),
  );

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  resetClients();
  delete process.env.AWS_ENDPOINT_URL_SESV2;
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  resetClients();
  requests = 0;
  answers = [];
});

describe('SES client retries (unit, local endpoint)', () => {
  it('retries a throttled SendEmail with backoff until SES takes it', async () => {
    answers = ['throttle', 'throttle'];
    const out = await send();
    expect(out.MessageId).toBe('ses-3');
    expect(requests).toBe(3);
  }, 30_000);

  it.each([['error500'], ['reset']] as Array<[Answer]>)(
    'does not retry SendEmail after %s: SES may have sent it',
    async (answer) => {
      answers = [answer, answer, answer, answer, answer, answer];
      await expect(send()).rejects.toBeDefined();
      expect(requests).toBe(1);
    },
    30_000,
  );
});
