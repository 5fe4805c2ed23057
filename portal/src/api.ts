import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api-schema';
import { accessToken } from './auth';
import { ApiError } from './errors';

/** The API's answers and request bodies, as its OpenAPI document (docs/openapi.json) states them. */
export type Schemas = components['schemas'];

export { ApiError, type FieldIssue } from './errors';

let client: Client<paths> = createClient<paths>();
let onUnauthorized: () => void = () => undefined;

export function configureApi(apiUrl: string, unauthorized: () => void): void {
  client = createClient<paths>({ baseUrl: apiUrl.replace(/\/+$/, '') });
  client.use({
    onRequest: ({ request }) => {
      request.headers.set('authorization', `Bearer ${accessToken() ?? ''}`);
      return request;
    },
  });
  onUnauthorized = unauthorized;
}

/**
 * The API's client, typed by its OpenAPI document: paths, parameters, bodies and answers are
 * checked by the compiler (`api().GET('/tasks/{id}', { params: { path: { id } } })`). Pass what it
 * returns to `answer`.
 */
export const api = (): Client<paths> => client;

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data; otherwise an ApiError with the API's reasons, or status 0 when the server could not be reached. */
export async function answer<T>(call: Promise<Outcome<T>>): Promise<T> {
  let out: Outcome<T>;
  try {
    out = await call;
  } catch {
    throw new ApiError(
      0,
      'Không kết nối được máy chủ. Nội dung đã nhập vẫn được giữ; hãy thử gửi lại.',
      'Could not reach the server. What you typed is kept; try again.',
    );
  }
  const { status } = out.response;
  if (status === 401) {
    onUnauthorized();
    throw new ApiError(401, 'Phiên đăng nhập đã hết hạn.', 'The session has expired.');
  }
  if (!out.response.ok || out.data === undefined) {
    const e = (out.error as Partial<Schemas['ErrorAnswer']> | undefined)?.error;
    throw new ApiError(status, e?.vi ?? `Lỗi ${status}.`, e?.en ?? `Error ${status}.`, e?.fields ?? []);
  }
  return out.data;
}

export { all } from './list';
