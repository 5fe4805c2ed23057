import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { loadDirectory } from '../../shared/data/plan-directory';
import type { Role } from '../../events/roles';
import { LOCAL_CLIENT_ID, issueToken, type LocalKeys, type TokenRequest } from './jwt';

/**
 * The local stand-in for Cognito's managed login: the authorization code flow with PKCE, as the
 * portal uses it in AWS. The sign-in page lists the plan's users (each agency, each leader, the
 * city office, statistics) and signs in with one click; the issuer keeps a session cookie, so a
 * second visit (a new tab opened from an email) comes straight back signed in, until sign-out.
 * Local only, like every /_local route: never deployed.
 */
export const OAUTH_PATHS = {
  authorize: '/_local/oauth2/authorize',
  token: '/_local/oauth2/token',
  logout: '/_local/oauth2/logout',
  login: '/_local/login',
} as const;

const COOKIE = 'dondoc_local_session';
const CODE_TTL_MS = 5 * 60_000;
const TOKEN_TTL_S = 8 * 3600;

export interface LocalUser extends TokenRequest {
  label: string;
  kind: string;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string | string[]> };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const b64url = (b: Buffer) => b.toString('base64url');

/** The plan's users, one per agency, leader, the office and statistics. */
export async function localUsers(): Promise<LocalUser[]> {
  const dir = await loadDirectory();
  const users: LocalUser[] = [];
  for (const l of dir.leaders.filter((x) => x.role === 'chair' || x.role === 'vice_chair')) {
    users.push({ role: 'leader', leader: l.id, label: `${l.title.split('\n')[0]} — ${l.name}`, kind: 'Lãnh đạo UBND Thành phố' });
  }
  users.push({ role: 'office', label: 'Văn phòng UBND Thành phố', kind: 'Văn phòng UBND' });
  users.push({ role: 'statistics', agency: 'THONG-KE', label: 'Thống kê Thành phố (nhập số liệu)', kind: 'Thống kê' });
  const kinds: Record<string, string> = { department: 'Sở, ban, ngành', ward: 'UBND phường', commune: 'UBND xã' };
  for (const a of dir.agencies) users.push({ role: 'agency', agency: a.code, label: a.name, kind: kinds[a.kind] ?? 'Cơ quan' });
  return users;
}

const userKey = (u: TokenRequest) => `${u.role}:${u.agency ?? ''}:${u.leader ?? ''}`;

function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

function cookieOf(req: http.IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(/;\s*/)) {
    const [k, v] = part.split('=');
    if (k === COOKIE && v) return v;
  }
  return undefined;
}

/** An HTML page; its form posts here and is redirected back to the portal (`formTarget`). */
const page = (title: string, body: string, formTarget: string): Answer => ({
  status: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formTarget}; frame-ancestors 'none'`,
  },
  body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;padding:1rem;background:#f4f6f8;color:#1a1a1a;line-height:1.4}
main{max-width:44rem;margin:0 auto}h1{font-size:1.4rem;color:#8b0000}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
ul{list-style:none;padding:0;margin:0;display:grid;gap:.4rem}button{width:100%;text-align:left;padding:.7rem .8rem;font:inherit;border:1px solid #99a;border-radius:6px;background:#fff;cursor:pointer}
button:hover,button:focus{border-color:#8b0000;outline:2px solid #8b0000}small{color:#444}.note{background:#fff8e1;border:1px solid #e0c36c;padding:.6rem;border-radius:6px}</style></head>
<body><main>${body}</main></body></html>`,
});

const error = (status: number, vi: string, en: string): Answer => ({
  status,
  body: { error: { code: status === 400 ? 'invalid_request' : 'not_found', vi, en } },
});

/**
 * The local issuer's routes on the local API's port. `portalUrl` is where sign-ins may return to
 * (redirect_uri, logout_uri and /_local/login's `next` all stay on the portal).
 */
export function createLocalIssuer(deps: { keys: LocalKeys; portalUrl: () => string }) {
  const sessions = new Map<string, TokenRequest>();
  const codes = new Map<string, { user: TokenRequest; challenge: string; redirectUri: string; expires: number }>();

  const onPortal = (u: string | null): u is string => {
    if (!u) return false;
    try {
      return new URL(u).origin === new URL(deps.portalUrl()).origin;
    } catch {
      return false;
    }
  };
  const sessionCookie = (id: string) => `${COOKIE}=${id}; Path=/_local/; HttpOnly; SameSite=Lax`;

  const newSession = (user: TokenRequest) => {
    const id = b64url(randomBytes(24));
    sessions.set(id, user);
    return id;
  };

  const redirectWithCode = (user: TokenRequest, q: URLSearchParams, extra: Record<string, string> = {}): Answer => {
    for (const [c, g] of codes) if (g.expires < performance.now()) codes.delete(c);
    const code = b64url(randomBytes(24));
    codes.set(code, { user, challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, expires: performance.now() + CODE_TTL_MS });
    const to = new URL(q.get('redirect_uri')!);
    to.searchParams.set('code', code);
    if (q.get('state')) to.searchParams.set('state', q.get('state')!);
    return { status: 302, headers: { location: to.toString(), 'cache-control': 'no-store', ...extra }, body: '' };
  };

  const checkAuthorize = (q: URLSearchParams): Answer | undefined => {
    if (q.get('response_type') !== 'code' || q.get('client_id') !== LOCAL_CLIENT_ID)
      return error(400, 'Yêu cầu đăng nhập không hợp lệ (response_type, client_id).', 'Invalid sign-in request (response_type, client_id).');
    if (!onPortal(q.get('redirect_uri'))) return error(400, 'Địa chỉ quay lại không thuộc cổng thông tin.', 'redirect_uri is not on the portal.');
    if (q.get('code_challenge_method') !== 'S256' || !/^[\w-]{43,128}$/.test(q.get('code_challenge') ?? ''))
      return error(400, 'Thiếu PKCE (code_challenge, S256).', 'PKCE is required (code_challenge, S256).');
    return undefined;
  };

  const signInPage = async (q: URLSearchParams): Promise<Answer> => {
    const users = await localUsers();
    const hidden = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method']
      .map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? '')}">`)
      .join('');
    const groups = new Map<string, LocalUser[]>();
    for (const u of users) groups.set(u.kind, [...(groups.get(u.kind) ?? []), u]);
    const lists = [...groups]
      .map(
        ([kind, us]) =>
          `<h2>${esc(kind)}</h2><ul>${us
            .map(
              (u) =>
                `<li><button type="submit" name="user" value="${esc(userKey(u))}">${esc(u.label)}<br><small>${esc(u.agency ?? u.leader ?? u.role)}</small></button></li>`,
            )
            .join('')}</ul>`,
      )
      .join('');
    return page(
      'Đăng nhập — dondoc (máy cục bộ)',
      `<h1>Đăng nhập</h1><p class="note">Máy cục bộ: chọn một người dùng của kế hoạch mẫu để đăng nhập (không cần mật khẩu). Trên AWS, bước này là trang đăng nhập của Cognito.</p>
<form method="post" action="${OAUTH_PATHS.authorize}">${hidden}${lists}</form>`,
      new URL(deps.portalUrl()).origin,
    );
  };

  const findUser = async (key: string | null): Promise<TokenRequest | undefined> => {
    const u = (await localUsers()).find((x) => userKey(x) === key);
    return u ? { role: u.role, ...(u.agency ? { agency: u.agency } : {}), ...(u.leader ? { leader: u.leader } : {}) } : undefined;
  };

  return async (req: http.IncomingMessage, body: Buffer): Promise<Answer | undefined> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname === OAUTH_PATHS.authorize && method === 'GET') {
      const q = url.searchParams;
      const bad = checkAuthorize(q);
      if (bad) return bad;
      const session = cookieOf(req);
      const user = session ? sessions.get(session) : undefined;
      if (user && q.get('prompt') !== 'login') return redirectWithCode(user, q);
      return signInPage(q);
    }
    if (url.pathname === OAUTH_PATHS.authorize && method === 'POST') {
      const q = parseForm(body);
      const bad = checkAuthorize(q);
      if (bad) return bad;
      const user = await findUser(q.get('user'));
      if (!user) return error(400, 'Không có người dùng này.', 'No such user.');
      return redirectWithCode(user, q, { 'set-cookie': sessionCookie(newSession(user)) });
    }
    if (url.pathname === OAUTH_PATHS.token && method === 'POST') {
      const q = parseForm(body);
      const grant = codes.get(q.get('code') ?? '');
      const invalid = { status: 400, body: { error: 'invalid_grant' } };
      if (q.get('grant_type') !== 'authorization_code' || q.get('client_id') !== LOCAL_CLIENT_ID || !grant) return invalid;
      codes.delete(q.get('code')!);
      const verifier = q.get('code_verifier') ?? '';
      if (grant.expires < performance.now() || grant.redirectUri !== q.get('redirect_uri')) return invalid;
      if (b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge) return invalid;
      const token = await issueToken(deps.keys, { ...grant.user, ttlSeconds: TOKEN_TTL_S });
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
        body: { access_token: token, token_type: 'Bearer', expires_in: TOKEN_TTL_S },
      };
    }
    if (url.pathname === OAUTH_PATHS.logout && method === 'GET') {
      const session = cookieOf(req);
      if (session) sessions.delete(session);
      const to = url.searchParams.get('logout_uri');
      if (url.searchParams.get('client_id') !== LOCAL_CLIENT_ID || !onPortal(to))
        return error(400, 'Địa chỉ quay lại không thuộc cổng thông tin.', 'logout_uri is not on the portal.');
      return { status: 302, headers: { location: to, 'set-cookie': `${COOKIE}=; Path=/_local/; Max-Age=0; HttpOnly; SameSite=Lax` }, body: '' };
    }
    if (url.pathname === OAUTH_PATHS.login && method === 'GET') {
      const q = url.searchParams;
      const role = (q.get('role') ?? 'agency') as Role;
      const leader = q.get('leader') ?? (role === 'leader' ? 'CT' : undefined);
      const agency = q.get('agency') ?? (role === 'statistics' ? 'THONG-KE' : undefined);
      const user = await findUser(userKey({ role, ...(agency ? { agency } : {}), ...(leader ? { leader } : {}) }));
      if (!user)
        return error(
          400,
          'Không có người dùng này trong kế hoạch (role, agency, leader).',
          'No such user in the plan (role=agency|leader|office|statistics, agency=<code>, leader=<id>).',
        );
      const next = q.get('next') ?? '/';
      if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
        return error(400, 'next phải là một đường dẫn của cổng thông tin (/tasks/NV-02).', 'next must be a path on the portal (/tasks/NV-02).');
      const to = new URL(next, deps.portalUrl());
      return { status: 302, headers: { location: to.toString(), 'set-cookie': sessionCookie(newSession(user)), 'cache-control': 'no-store' }, body: '' };
    }
    return undefined;
  };
}
