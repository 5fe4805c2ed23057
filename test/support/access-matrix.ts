/**
 * The access matrix as officials state it (README, "Access matrix"), written out by hand: for each
 * route, each role and each relation the caller can have to the route's resource, allowed (Y) or
 * denied (N). The tests hold the code (functions/api/access.ts) and the running API to this; it is
 * deliberately not computed from the code it checks. Changing who may do what means changing this
 * table too.
 *
 * Relations: to a task (or an extension request, through its task) an agency is `lead` (chủ trì),
 * `co` (phối hợp) or `other`; a leader is the `supervisor` of its field (PCT phụ trách), the
 * `chair` (Chủ tịch) or `other`. To an indicator an agency is `responsible` or `other`. To a
 * digest a leader is `self` (its recipient) or `other`. Where a route's resource gives a role no
 * relation, the one case is `any`.
 */
/** Open to anyone, with a token or without: liveness, and the API's OpenAPI document. */
export const PUBLIC_ROUTES = ['GET /health', 'GET /openapi.json'] as const;
export type PublicRoute = (typeof PUBLIC_ROUTES)[number];
export const isPublicRoute = (route: string): route is PublicRoute => (PUBLIC_ROUTES as readonly string[]).includes(route);

const Y = true;
const N = false;

export const EXPECTED_ACCESS = {
  'GET /agencies': { agency: { any: Y }, leader: { any: Y }, office: { any: Y }, statistics: { any: Y } },
  'GET /tasks': { agency: { any: Y }, leader: { any: Y }, office: { any: Y }, statistics: { any: Y } },
  'GET /tasks/{id}': {
    agency: { lead: Y, co: Y, other: Y },
    leader: { supervisor: Y, chair: Y, other: Y },
    office: { any: Y },
    statistics: { any: Y },
  },
  'GET /tasks/{id}/updates': {
    agency: { lead: Y, co: Y, other: Y },
    leader: { supervisor: Y, chair: Y, other: Y },
    office: { any: Y },
    statistics: { any: Y },
  },
  // The lead agency reports progress, a co-operating agency notes; nobody else.
  'POST /tasks/{id}/updates': {
    agency: { lead: Y, co: Y, other: N },
    leader: { supervisor: N, chair: N, other: N },
    office: { any: N },
    statistics: { any: N },
  },
  // Only the lead agency asks for more time.
  'POST /tasks/{id}/extension-requests': {
    agency: { lead: Y, co: N, other: N },
    leader: { supervisor: N, chair: N, other: N },
    office: { any: N },
    statistics: { any: N },
  },
  // The supervising vice-chair, the chair or the city office decides.
  'POST /extension-requests/{id}/decision': {
    agency: { lead: N, co: N, other: N },
    leader: { supervisor: Y, chair: Y, other: N },
    office: { any: Y },
    statistics: { any: N },
  },
  'GET /indicators': { agency: { any: Y }, leader: { any: Y }, office: { any: Y }, statistics: { any: Y } },
  'GET /indicators/{id}': { agency: { responsible: Y, other: Y }, leader: { any: Y }, office: { any: Y }, statistics: { any: Y } },
  // The agency responsible for the indicator, or the statistics office.
  'POST /indicators/{id}/values': { agency: { responsible: Y, other: N }, leader: { any: N }, office: { any: N }, statistics: { any: Y } },
  // Bulk upload: the statistics office or the city office.
  'POST /indicators/values:import': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: Y } },
  // The city office, or the leader the digest is for.
  'GET /digests/preview': { agency: { any: N }, leader: { self: Y, other: N }, office: { any: Y }, statistics: { any: N } },
  // The archive of digests as sent: the city office, or the leader they are for.
  'GET /digests': { agency: { any: N }, leader: { self: Y, other: N }, office: { any: Y }, statistics: { any: N } },
  'GET /digests/sent': { agency: { any: N }, leader: { self: Y, other: N }, office: { any: Y }, statistics: { any: N } },
  'GET /digests/sent/workbook': { agency: { any: N }, leader: { self: Y, other: N }, office: { any: Y }, statistics: { any: N } },
  // The dashboard: every leader (their scope) and the city office (the whole programme).
  'GET /dashboard': { agency: { any: N }, leader: { any: Y }, office: { any: Y }, statistics: { any: N } },
  // The city office only.
  'POST /plan/import': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: N } },
  // The city office only.
  'GET /plan/export': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: N } },
  // Everyone reads the working-day calendar; only the city office changes it.
  'GET /calendar': { agency: { any: Y }, leader: { any: Y }, office: { any: Y }, statistics: { any: Y } },
  'PUT /calendar/days/{date}': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: N } },
  'DELETE /calendar/days/{date}': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: N } },
  // Email delivery (failed emails, suppressed addresses, dead-letter queues): the city office only.
  'GET /delivery': { agency: { any: N }, leader: { any: N }, office: { any: Y }, statistics: { any: N } },
} as const;

export type ExpectedRoute = keyof typeof EXPECTED_ACCESS;

/** The hand-written matrix as one row per case, in the shape of `accessCases()`. */
export function expectedCases(): Array<{ route: ExpectedRoute; role: string; relation: string; allowed: boolean }> {
  return Object.entries(EXPECTED_ACCESS).flatMap(([route, roles]) =>
    Object.entries(roles).flatMap(([role, relations]) =>
      Object.entries(relations as Record<string, boolean>).map(([relation, allowed]) => ({ route: route as ExpectedRoute, role, relation, allowed })),
    ),
  );
}
