import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';

/**
 * Local stand-in for Cognito and the HTTP API JWT authorizer: an RS256 key kept in the data
 * folder, tokens shaped like Cognito ID tokens (cognito:groups, custom:agency, custom:leader),
 * and verification with the authorizer's checks: signature, algorithm, issuer, audience, expiry
 * and not-before.
 */
export const LOCAL_ISSUER = 'https://cognito-idp.local/dondoc-local';
export const LOCAL_AUDIENCE = 'dondoc-local-client';
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

export async function issueToken(keys: LocalKeys, req: TokenRequest): Promise<string> {
  const sub = req.sub ?? `local-${req.role}-${(req.agency ?? req.leader ?? 'user').toLowerCase()}`;
  const claims: JWTPayload = { 'cognito:groups': [req.role], token_use: 'id', email: `${sub}@local.invalid` };
  if (req.agency) claims['custom:agency'] = req.agency;
  if (req.leader) claims['custom:leader'] = req.leader;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: 'local-1', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${req.ttlSeconds ?? 12 * 3600}s`)
    .sign(keys.privateKey);
}

/**
 * Verifies a bearer token as the authorizer would. Returns the claims in the form API Gateway
 * hands them to the function: every value a string, lists as "[a b]".
 */
export async function verifyBearer(keys: LocalKeys, authorization: string | undefined): Promise<Record<string, string> | undefined> {
  const m = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!m) return undefined;
  try {
    const { payload } = await jwtVerify(m[1]!, keys.publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALG] });
    const claims: Record<string, string> = {};
    for (const [k, v] of Object.entries(payload)) claims[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v);
    return claims;
  } catch {
    return undefined;
  }
}
