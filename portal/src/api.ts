import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api-schema';
import { accessToken } from './auth';

/** The API's answers and request bodies, as its OpenAPI document (docs/openapi.json) states them. */
export type Schemas = components['schemas'];

/** A field the API refused, with its reason in Vietnamese and English. */
export type FieldIssue = Schemas['FieldIssue'];

/** An answer other than success, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly vi: string,
    readonly en: string,
    readonly fields: FieldIssue[] = [],
  ) {
    super(en);
  }
  /** The reason for one field (`evidence.documentDate`), if the API gave one. */
  field(name: string): FieldIssue | undefined {
    return this.fields.find((f) => f.field === name);
  }
}

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

/**
 * Every page of a list: `page` asks for the one after a cursor, until the API gives no cursor.
 * However many pages there are, none is left out; a cursor the API gave before (which would loop)
 * is an error, not a silently shorter list.
 */
export async function all<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (cursor !== undefined && seen.has(cursor)) {
      throw new ApiError(0, 'Danh sách trả về không trọn vẹn; hãy tải lại trang.', 'The list came back incomplete; reload the page.');
    }
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor);
  return items;
}
