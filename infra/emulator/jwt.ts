import fs from 'node:fs';
import path from 'node:path';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { handler as addTokenClaims } from '../../functions/token-claims/handler';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/**
 * Local stand-in for Cognito and the HTTP API JWT authorizer: an RS256 key kept in the data
 * folder, tokens shaped like Cognito access tokens (cognito:groups, custom:agency, custom:leader),
 * and verification with the authorizer's checks: signature, algorithm, issuer, audience, expiry,
 * not-before and scopes.
 */
export const LOCAL_ISSUER = 'https://cognito-idp.local/dondoc-local';
export const LOCAL_CLIENT_ID = 'dondoc-local-client';
/** The scope Cognito grants every access token from a user-password or SRP sign-in. */
const BASE_SCOPE = 'aws.cognito.signin.user.admin';
const ALG = 'RS256';

export interface LocalKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function loadOrCreateKeys(dataDir: string): Promise<LocalKeys> {
  const file = path.join(dataDir, 'jwt-key.json');
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    fs.mkdirSync(dataDir, { recursive: true });
    // Written atomically and exclusively: a token command racing a start-up keeps one key.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...jwk, alg: ALG, kid: 'local-1' }), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch {
      // another process won; use its key
    }
    fs.rmSync(tmp, { force: true });
  }
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALG)) as CryptoKey,
    publicKey: (await importJWK(pub, ALG)) as CryptoKey,
  };
}

export interface TokenRequest {
  role: 'agency' | 'leader' | 'office' | 'statistics';
  agency?: string;
  leader?: string;
  sub?: string;
  /** Lifetime in seconds (default 12 hours). */
  ttlSeconds?: number;
}

/**
 * An access token shaped like Cognito's: the user's group, `client_id` (no `aud`), and the claims
 * and scope the pre token generation trigger adds, computed by that very function.
 */
export async function issueToken(keys: LocalKeys, req: TokenRequest): Promise<string> {
  const sub = req.sub ?? `local-${req.role}-${(req.agency ?? req.leader ?? 'user').toLowerCase()}`;
  const userAttributes: Record<string, string> = { sub, email: `${sub}@local.invalid` };
  if (req.agency) userAttributes['custom:agency'] = req.agency;
  if (req.leader) userAttributes['custom:leader'] = req.leader;
  const event = {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'local',
    userPoolId: 'local',
    userName: sub,
    callerContext: { awsSdkVersion: 'local', clientId: LOCAL_CLIENT_ID },
    request: { userAttributes, groupConfiguration: { groupsToOverride: [req.role] }, scopes: [BASE_SCOPE] },
    response: { claimsAndScopeOverrideDetails: {} },
  } as unknown as PreTokenGenerationV2TriggerEvent;
  const access = (await addTokenClaims(event)).response.claimsAndScopeOverrideDetails.accessTokenGeneration ?? {};
  const claims: JWTPayload = {
    ...access.claimsToAddOrOverride,
    'cognito:groups': [req.role],
    token_use: 'access',
    client_id: LOCAL_CLIENT_ID,
    username: sub,
    scope: [BASE_SCOPE, ...(access.scopesToAdd ?? [])].join(' '),
  };
  return signToken(keys, claims, { sub, ttlSeconds: req.ttlSeconds ?? 12 * 3600 });
}

/** Signs any payload with the local key (tests use it to build tokens the authorizer must refuse). */
export function signToken(
  keys: LocalKeys,
  claims: JWTPayload,
  opts: { sub: string; ttlSeconds: number; issuer?: string; notBefore?: string },
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: 'local-1', typ: 'JWT' })
    .setSubject(opts.sub)
    .setIssuer(opts.issuer ?? LOCAL_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${opts.ttlSeconds}s`);
  if (opts.notBefore !== undefined) jwt.setNotBefore(opts.notBefore);
  return jwt.sign(keys.privateKey);
}

/**
 * Verifies a bearer token as the HTTP API's JWT authorizer does: RS256 signature with the pool's
 * key, issuer, expiry (required) and not-before, audience (`aud`, or Cognito's `client_id` when a
 * token has no `aud`), and, when the route asks for scopes, at least one of them in `scope`.
 * Returns the claims in the form API Gateway hands them to the function: every value a string,
 * lists as "[a b]"; undefined for anything the authorizer would refuse with 401.
 */
export async function verifyBearer(
  keys: LocalKeys,
  authorization: string | undefined,
  scopes: readonly string[] = [],
): Promise<Record<string, string> | undefined> {
  const m = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!m) return undefined;
  try {
    const { payload } = await jwtVerify(m[1]!, keys.publicKey, { issuer: LOCAL_ISSUER, algorithms: [ALG], requiredClaims: ['exp'] });
    const audience = payload.aud ?? payload.client_id;
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(LOCAL_CLIENT_ID)) return undefined;
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (scopes.length && !scopes.some((s) => granted.includes(s))) return undefined;
    const claims: Record<string, string> = {};
    for (const [k, v] of Object.entries(payload)) claims[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v);
    return claims;
  } catch {
    return undefined;
  }
}
