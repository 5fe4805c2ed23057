import type { Role } from '../../events/roles';

/**
 * Who is calling, from the claims the JWT authorizer verified. In AWS, API Gateway passes claims
 * as strings: a Cognito group list arrives as "[agency leader]". The caller's agency always comes
 * from the token, never from the path or the body.
 */
export interface Caller {
  sub: string;
  role: Role;
  /** Agency code, for the agency and statistics roles. */
  agency?: string;
  /** Leader id (chair or vice-chair), for the leader role. */
  leaderId?: string;
}

/** Parses a group claim in any of the forms it arrives in: array, JSON text, "[a b]", "a,b". */
export function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string') return [];
  const s = raw.trim();
  if (s.startsWith('[') && s.includes('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (Array.isArray(v)) return v.filter((g): g is string => typeof g === 'string');
    } catch {
      // fall through to the bracketed-words form
    }
  }
  return s
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/** Highest role wins when a user is in several groups. */
const PRECEDENCE: Role[] = ['office', 'leader', 'statistics', 'agency'];
const CODE = /^[A-Z0-9][A-Z0-9-]{0,31}$/;

export function callerFromClaims(claims: Record<string, unknown> | undefined): Caller | undefined {
  if (!claims) return undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!sub) return undefined;
  const groups = parseGroups(claims['cognito:groups']);
  const role = PRECEDENCE.find((r) => groups.includes(r));
  if (!role) return undefined;
  const agency = typeof claims['custom:agency'] === 'string' && CODE.test(claims['custom:agency']) ? claims['custom:agency'] : undefined;
  const leaderId = typeof claims['custom:leader'] === 'string' && CODE.test(claims['custom:leader']) ? claims['custom:leader'] : undefined;
  if ((role === 'agency' || role === 'statistics') && !agency) return undefined;
  return { sub, role, ...(agency ? { agency } : {}), ...(leaderId ? { leaderId } : {}) };
}

/** The caller as the history records it: who, in which role, for which agency or leader. */
export const actorOf = (c: Caller): { sub: string; role: Role; agency?: string; leaderId?: string } => ({
  sub: c.sub,
  role: c.role,
  ...(c.agency ? { agency: c.agency } : {}),
  ...(c.leaderId ? { leaderId: c.leaderId } : {}),
});
