import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS, accessCases, accessTable, type RouteAccess } from '../../functions/api/access';
import { ROUTE_KEYS } from '../../functions/api/handler';

describe('access matrix', () => {
  it('covers every route the API serves', () => {
    expect(Object.keys(ACCESS).sort()).toEqual([...ROUTE_KEYS].sort());
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
