import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as tokenClaims } from '../../functions/token-claims/handler';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER, issueToken, loadOrCreateKeys, signToken, verifyBearer, type LocalKeys } from '../../infra/emulator/jwt';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { API_SCOPE } from '../../events/roles';

/** The local API refuses (401) every token the HTTP API's JWT authorizer would refuse. */
let keys: LocalKeys;
const SCOPES = [API_SCOPE];
const good = {
  'cognito:groups': ['agency'],
  'custom:agency': 'SO-TC',
  token_use: 'access',
  client_id: LOCAL_CLIENT_ID,
  scope: `aws.cognito.signin.user.admin ${API_SCOPE}`,
};
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

beforeAll(async () => {
  keys = await loadOrCreateKeys(fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-jwt-')));
});

describe('local JWT authorizer', () => {
  it('accepts a token from the token command, with claims as API Gateway passes them', async () => {
    const claims = await verifyBearer(keys, `Bearer ${await issueToken(keys, { role: 'agency', agency: 'SO-TC' })}`, SCOPES);
    expect(claims).toMatchObject({ sub: 'local-agency-so-tc', 'cognito:groups': '[agency]', 'custom:agency': 'SO-TC', client_id: LOCAL_CLIENT_ID });
    expect(claims?.scope?.split(' ')).toContain(API_SCOPE);
  });

  it.each([
    ['expired', () => signToken(keys, good, { sub: 'u', ttlSeconds: -60 })],
    ['not yet valid', () => signToken(keys, good, { sub: 'u', ttlSeconds: 3600, notBefore: '+10m' })],
    ['wrong issuer', () => signToken(keys, good, { sub: 'u', ttlSeconds: 3600, issuer: 'https://cognito-idp.local/other-pool' })],
    ['wrong audience (client_id)', () => signToken(keys, { ...good, client_id: 'another-client' }, { sub: 'u', ttlSeconds: 3600 })],
    ['wrong audience (aud)', () => signToken(keys, { ...good, aud: 'another-client' }, { sub: 'u', ttlSeconds: 3600 })],
    ['no audience at all', () => signToken(keys, { ...good, client_id: undefined }, { sub: 'u', ttlSeconds: 3600 })],
    ['missing scope', () => signToken(keys, { ...good, scope: 'aws.cognito.signin.user.admin' }, { sub: 'u', ttlSeconds: 3600 })],
    ['no expiry', () => new SignJWT(good).setProtectedHeader({ alg: 'RS256' }).setIssuer(LOCAL_ISSUER).setSubject('u').sign(keys.privateKey)],
    [
      'bad signature (another key)',
      async () => {
        const other = await generateKeyPair('RS256');
        return new SignJWT(good)
          .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
          .setIssuer(LOCAL_ISSUER)
          .setSubject('u')
          .setExpirationTime('1h')
          .sign(other.privateKey);
      },
    ],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, iss: LOCAL_ISSUER, sub: 'u', exp: 4102444800 })}.`],
    [
      'payload altered after signing',
      async () => {
        const [h, , s] = (await signToken(keys, good, { sub: 'u', ttlSeconds: 3600 })).split('.');
        return `${h}.${b64({ ...good, 'custom:agency': 'SO-XD', iss: LOCAL_ISSUER, sub: 'u', exp: 4102444800 })}.${s}`;
      },
    ],
    ['garbage', async () => 'not.a.token'],
  ])('refuses a token: %s', async (_name, make) => {
    expect(await verifyBearer(keys, `Bearer ${await make()}`, SCOPES)).toBeUndefined();
  });

  it('refuses a missing or non-bearer Authorization header', async () => {
    const t = await issueToken(keys, { role: 'office' });
    expect(await verifyBearer(keys, undefined, SCOPES)).toBeUndefined();
    expect(await verifyBearer(keys, `Basic ${t}`, SCOPES)).toBeUndefined();
    expect(await verifyBearer(keys, `Bearer ${t} extra`, SCOPES)).toBeUndefined();
  });
});

describe('token-claims (Cognito pre token generation)', () => {
  const event = (groups: string[], attrs: Record<string, string>) =>
    ({
      request: { userAttributes: attrs, groupConfiguration: { groupsToOverride: groups } },
      response: { claimsAndScopeOverrideDetails: {} },
    }) as unknown as PreTokenGenerationV2TriggerEvent;

  it("carries the agency binding and grants the API's scope to a role group member", async () => {
    const out = await tokenClaims(event(['agency'], { sub: 'u', 'custom:agency': 'SO-TC', email: 'a@b.vn' }));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      claimsToAddOrOverride: { 'custom:agency': 'SO-TC' },
      scopesToAdd: [API_SCOPE],
    });
  });

  it('grants no scope to a user in no role group, so the authorizer refuses them', async () => {
    const out = await tokenClaims(event(['guests'], { sub: 'u' }));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd).toBeUndefined();
  });
});
