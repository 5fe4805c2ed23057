/**
 * Sign-in: the authorization code flow with PKCE against the issuer named in /config.json (the
 * local issuer, or Cognito's managed login in AWS). The access token lives in memory only: a
 * reload or a new tab signs in again, silently while the issuer's session lasts.
 */
import { CALLBACK_PATH, PORTAL_SCOPES, SIGNED_OUT_PATH, type PortalConfig } from '../../shared/portal-config';

export type { PortalConfig };

export type Role = 'agency' | 'leader' | 'office' | 'statistics';

export interface User {
  role: Role;
  agency?: string;
  leader?: string;
  sub: string;
}

let token: { value: string; expiresAt: number; user: User } | undefined;

const VERIFIER = 'dondoc.pkce';
const STATE = 'dondoc.state';
const NEXT = 'dondoc.next';
export const CALLBACK = CALLBACK_PATH;
export const SIGNED_OUT = SIGNED_OUT_PATH;

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n: number) => b64url(crypto.getRandomValues(new Uint8Array(n)));

export function currentUser(): User | undefined {
  return token && token.expiresAt > performance.now() ? token.user : undefined;
}

export function accessToken(): string | undefined {
  return token && token.expiresAt > performance.now() ? token.value : undefined;
}

function decodeUser(jwt: string): User {
  const part = jwt.split('.')[1] ?? '';
  const json = new TextDecoder().decode(Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
  const claims = JSON.parse(json) as Record<string, unknown>;
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
  const role = (['office', 'leader', 'statistics', 'agency'] as const).find((r) => groups.includes(r)) ?? 'agency';
  const agency = typeof claims['custom:agency'] === 'string' ? claims['custom:agency'] : undefined;
  const leader = typeof claims['custom:leader'] === 'string' ? claims['custom:leader'] : undefined;
  return { role, sub: String(claims.sub ?? ''), ...(agency ? { agency } : {}), ...(leader ? { leader } : {}) };
}

const redirectUri = () => `${location.origin}${CALLBACK}`;

/** Goes to the issuer's sign-in; comes back to `next` (a path of the portal). */
export async function signIn(cfg: PortalConfig, next: string, prompt = false): Promise<never> {
  const verifier = random(48);
  const state = random(16);
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  sessionStorage.setItem(NEXT, next);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const u = new URL(cfg.auth.authorizeUrl);
  u.search = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.auth.clientId,
    redirect_uri: redirectUri(),
    scope: PORTAL_SCOPES.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(prompt ? { prompt: 'login' } : {}),
  }).toString();
  location.assign(u.toString());
  return new Promise<never>(() => undefined);
}

/** Back from the issuer with a code: exchanges it; returns the path to open. */
export async function completeSignIn(cfg: PortalConfig): Promise<string> {
  const q = new URLSearchParams(location.search);
  const verifier = sessionStorage.getItem(VERIFIER);
  const next = sessionStorage.getItem(NEXT) ?? '/';
  sessionStorage.removeItem(VERIFIER);
  if (!q.get('code') || !verifier || q.get('state') !== sessionStorage.getItem(STATE)) throw new Error('sign-in');
  const res = await fetch(cfg.auth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cfg.auth.clientId,
      code: q.get('code')!,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error('sign-in');
  const body = (await res.json()) as { access_token: string; expires_in: number };
  token = { value: body.access_token, expiresAt: performance.now() + (body.expires_in - 60) * 1000, user: decodeUser(body.access_token) };
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Ends the session here and at the issuer. */
export function signOut(cfg: PortalConfig): void {
  token = undefined;
  const u = new URL(cfg.auth.logoutUrl);
  u.search = new URLSearchParams({ client_id: cfg.auth.clientId, logout_uri: `${location.origin}${SIGNED_OUT}` }).toString();
  location.assign(u.toString());
}
