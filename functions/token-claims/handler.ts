import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { ROLES, API_SCOPE } from '../../events/roles';

/** User attributes the API needs in the access token: which agency or leader the user acts for. */
const CARRIED = ['custom:agency', 'custom:leader'] as const;

/**
 * Cognito pre token generation (V2): access tokens carry the user's agency or leader binding,
 * and the API's scope only when the user is in one of the API's role groups. The HTTP API's JWT
 * authorizer then refuses a token without the scope before any function runs. The local token
 * command builds its tokens with this same function.
 */
export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  const attrs = event.request.userAttributes ?? {};
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  const claims: Record<string, string> = {};
  for (const name of CARRIED) if (attrs[name]) claims[name] = attrs[name];
  const member = groups.some((g) => (ROLES as readonly string[]).includes(g));
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: claims, ...(member ? { scopesToAdd: [API_SCOPE] } : {}) },
    },
  };
  return event;
};
