import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { api, functions, type HttpRoute, type Throttle } from '../topology';
import { LOCAL_ACCOUNT } from './config';
import { verifyBearer, type LocalKeys } from './jwt';
import type { LocalLambda } from './lambda';

const MAX_PAYLOAD = 10 * 1024 * 1024; // API Gateway's limit
const TEXTUAL = /^(application\/(json|x-www-form-urlencoded|xml|[\w.+-]+\+json)|text\/)/i;

/** API Gateway's throttle: a token bucket refilled at `rateLimit` a second, holding at most `burstLimit`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: Throttle,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = limit.burstLimit;
    this.last = clock();
  }

  take(): boolean {
    const t = this.clock();
    this.tokens = Math.min(this.limit.burstLimit, this.tokens + ((t - this.last) / 1000) * this.limit.rateLimit);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

interface CompiledRoute {
  bucket?: TokenBucket;
  route: HttpRoute;
  fn: string;
  regex: RegExp;
  params: string[];
}

function compile(): CompiledRoute[] {
  return functions.flatMap((f) =>
    f.triggers
      .filter((t): t is HttpRoute => t.type === 'http')
      .map((route) => {
        const params: string[] = [];
        const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
          params.push(name);
          return '([^/]+)';
        });
        return { route, fn: f.name, regex: new RegExp(`^${source}$`), params, ...(route.throttle ? { bucket: new TokenBucket(route.throttle) } : {}) };
      }),
  );
}

/**
 * Whether every percent sign in a raw path or query starts a valid escape of UTF-8 bytes: API
 * Gateway answers anything else with 400 before a route or the authorizer sees it.
 */
export function validPercentEncoding(raw: string): boolean {
  try {
    for (const part of raw.split(/[?&=]/)) decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** A /_local answer: JSON, or (with headers) a page or a redirect as it is. */
export type LocalRouteHandler = (
  req: http.IncomingMessage,
  body: Buffer,
) => Promise<{ status: number; body: unknown; headers?: Record<string, string | string[]> } | undefined>;

/**
 * The CORS headers API Gateway adds for the configured origin (topology `api.cors`): only a
 * request from the portal's origin gets them, so no other site's script can read an answer.
 */
export function corsHeaders(origin: string | undefined, allowed: string | undefined, preflight: boolean): Record<string, string> {
  if (!origin || !allowed || origin !== allowed) return {};
  const h: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'origin' };
  if (preflight) {
    h['access-control-allow-methods'] = api.cors.allowMethods.join(',');
    h['access-control-allow-headers'] = api.cors.allowHeaders.join(',');
    h['access-control-max-age'] = String(api.cors.maxAgeSeconds);
  } else {
    h['access-control-expose-headers'] = api.cors.exposeHeaders.join(',');
  }
  return h;
}

/**
 * API Gateway (HTTP API) in-process: matches the topology's routes, rejects what the JWT
 * authorizer would (401 before the function runs), and invokes the function with a payload
 * format 2.0 event. Requests to /_local/ go to `local` instead; they are never deployed.
 */
export function createApiServer(deps: {
  lambda: LocalLambda;
  keys: LocalKeys;
  clock: () => Date;
  local: LocalRouteHandler;
  onError: (e: unknown) => void;
  /** The portal's origin, the one allowed by CORS. */
  corsOrigin?: () => string | undefined;
}): http.Server {
  const routes = compile();
  const stage = new TokenBucket(api.throttle);
  return http.createServer((req, res) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const cors = corsHeaders(origin, deps.corsOrigin?.(), false);
    const send = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...cors, ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_PAYLOAD) chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        if (size > MAX_PAYLOAD) return send(413, { message: 'Request Entity Too Large' });
        const body = Buffer.concat(chunks);
        if (!validPercentEncoding(req.url ?? '/')) return send(400, { message: 'Bad Request' });
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = req.method ?? 'GET';
        // API Gateway answers a CORS preflight itself, before routes and the authorizer.
        if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
          res.writeHead(204, corsHeaders(origin, deps.corsOrigin?.(), true));
          return res.end();
        }
        if (url.pathname.startsWith('/_local/')) {
          const out = await deps.local(req, body);
          if (out?.headers) {
            res.writeHead(out.status, { ...cors, ...out.headers });
            return res.end(typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
          }
          return out ? send(out.status, out.body) : send(404, { message: 'Not Found' });
        }
        let match: { r: CompiledRoute; m: RegExpExecArray } | undefined;
        for (const r of routes) {
          const m = r.route.method === method ? r.regex.exec(url.pathname) : null;
          if (m) {
            match = { r, m };
            break;
          }
        }
        if (!match) return send(404, { message: 'Not Found' });
        const { r, m } = match;
        // The stage's limit and the route's own, as API Gateway applies them, before the authorizer.
        if (!stage.take() || (r.bucket && !r.bucket.take())) return send(429, { message: 'Too Many Requests' });
        let claims: Record<string, string> | undefined;
        if (r.route.auth) {
          claims = await verifyBearer(deps.keys, req.headers.authorization, r.route.scopes);
          if (!claims) return send(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
        const query: Record<string, string> = {};
        for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
        const textual = TEXTUAL.test(headers['content-type'] ?? 'application/json');
        const now = deps.clock();
        const requestId = randomUUID();
        const routeKey = `${r.route.method} ${r.route.path}`;
        const event = {
          version: '2.0',
          routeKey,
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          headers,
          ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
          ...(r.params.length ? { pathParameters: Object.fromEntries(r.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)])) } : {}),
          ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
          isBase64Encoded: body.length > 0 && !textual,
          requestContext: {
            accountId: LOCAL_ACCOUNT,
            apiId: 'local',
            domainName: headers.host ?? 'localhost',
            domainPrefix: 'localhost',
            http: {
              method,
              path: url.pathname,
              protocol: `HTTP/${req.httpVersion}`,
              sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
              userAgent: headers['user-agent'] ?? '',
            },
            requestId,
            routeKey,
            stage: '$default',
            time: now.toISOString(),
            timeEpoch: now.getTime(),
            ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
          },
        };
        let result: APIGatewayProxyResultV2;
        try {
          result = await deps.lambda.invoke<APIGatewayProxyResultV2>(r.fn, event);
        } catch (e) {
          deps.onError(e);
          return send(500, { message: 'Internal Server Error' });
        }
        if (typeof result === 'string' || result === undefined || result === null || !('statusCode' in result)) {
          return send(200, result ?? '');
        }
        const out = result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? '');
        res.writeHead(result.statusCode ?? 200, { 'apigw-requestid': requestId, ...(result.headers as Record<string, string>), ...cors });
        res.end(out);
      })().catch((e: unknown) => {
        deps.onError(e);
        if (!res.headersSent) send(500, { message: 'Internal Server Error' });
      });
    });
  });
}
