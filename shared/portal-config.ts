/**
 * What the portal reads at /config.json, and the paths of its own that the issuer returns to. One
 * shape for both places the portal runs: the local emulator writes it (infra/emulator/runtime.ts)
 * and, in AWS, the stack deploys it beside the portal with the real values (infra/cdk/stack.ts).
 */
export interface PortalConfig {
  /** Base URL of the HTTP API. */
  apiUrl: string;
  /** The OAuth2 issuer: Cognito's managed login in AWS, the local issuer on a workstation. */
  auth: {
    /** The authorization endpoint (code flow with PKCE). */
    authorizeUrl: string;
    /** The token endpoint, where the portal exchanges the code and its verifier. */
    tokenUrl: string;
    /** The logout endpoint: ends the issuer's session, then returns to the portal's SIGNED_OUT_PATH. */
    logoutUrl: string;
    /** The portal's app client: a public client, no secret. */
    clientId: string;
  };
  /** Where this copy runs ('local' or 'aws'); the footer says so when local. */
  environment: string;
}

/** Where the issuer sends the browser back with a code (the app client's callback URL). */
export const CALLBACK_PATH = '/auth/callback';
/** Where the issuer sends the browser back after sign-out (the app client's sign-out URL). */
export const SIGNED_OUT_PATH = '/signed-out';
/**
 * The scopes the portal asks for: only `openid`. The API's scope (API_SCOPE, events/roles.ts) is
 * not the app client's to grant: the pool's token-claims trigger adds it to the access token of
 * members of a role group only, so a signed-in user in no group cannot call the API.
 */
export const PORTAL_SCOPES = ['openid'] as const;

/**
 * The portal's Content-Security-Policy, sent with every page both locally and by CloudFront: its
 * own scripts and styles, and calls (`connect`) only to the API and the issuer's token endpoint.
 * Inline styles are allowed for the weekly digest, an email's HTML shown in a sandboxed frame;
 * inline scripts are not.
 */
export function contentSecurityPolicy(connect: readonly string[]): string {
  return [
    "default-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
