import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS, accessCases, accessTable, type RouteAccess } from '../../functions/api/access';
import { ROUTE_KEYS } from '../../functions/api/handler';
import { EXPECTED_ACCESS, PUBLIC_ROUTES, expectedCases, isPublicRoute } from '../support/access-matrix';

describe('access matrix', () => {
  it('covers every route the API serves', () => {
    expect(Object.keys(ACCESS).sort()).toEqual([...ROUTE_KEYS].sort());
  });

  it('allows and denies exactly what officials state, route by route, role by role, relation by relation (written by hand)', () => {
    const key = (c: { route: string; role: string; relation: string }) => `${c.route} · ${c.role} (${c.relation})`;
    const actual = Object.fromEntries(accessCases().map((c) => [key(c), c.allowed]));
    const expected = Object.fromEntries(expectedCases().map((c) => [key(c), c.allowed]));
    expect(actual).toEqual(expected);
    // Every guarded route is in the hand-written table; only the public routes are open.
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual(
      Object.keys(ACCESS)
        .filter((k) => !isPublicRoute(k))
        .sort(),
    );
    for (const route of PUBLIC_ROUTES) expect(ACCESS[route]).toBe('public');
    expect(Object.keys(ACCESS).filter((k) => ACCESS[k as keyof typeof ACCESS] === 'public')).toEqual([...PUBLIC_ROUTES]);
  });

  it('denies by default: a role without a rule has no case that is allowed', () => {
    for (const c of accessCases()) {
      const access: RouteAccess | 'public' = ACCESS[c.route];
      if (access !== 'public' && access.allow[c.role] === undefined) expect(c.allowed, `${c.route} ${c.role}`).toBe(false);
    }
  });

  it('is the table the README shows', () => {
    expect(fs.readFileSync('README.md', 'utf8')).toContain(accessTable());
  });
});
