/**
 * Who may call the API: the Cognito groups a user belongs to, and the scope an access token must
 * carry for any guarded route. The pool's pre token generation trigger (functions/token-claims)
 * adds the scope only for members of one of these groups; the stack creates one group per role.
 */
export const ROLES = ['agency', 'leader', 'office', 'statistics'] as const;
export type Role = (typeof ROLES)[number];

export const API_SCOPE = 'dondoc/api';
