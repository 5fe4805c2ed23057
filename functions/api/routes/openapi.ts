import { ACCESS } from '../access';
import type { PublicRoute } from '../context';
import { json } from '../http';

let document: Record<string, unknown> | undefined;

/**
 * GET /openapi.json: the API's OpenAPI 3.1 document, open to anyone like /health. Built on the
 * first request (the generator is not loaded on a cold start) and kept for the function's life.
 */
export const openApi: PublicRoute = async () => {
  document ??= (await import('../openapi')).openApiDocument((key) => ACCESS[key] === 'public');
  return json(200, document);
};
