import { accessToken } from './auth';

/** A field the API refused, with its reason in Vietnamese and English. */
export interface FieldIssue {
  field: string;
  vi: string;
  en: string;
}

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

let base = '';
let onUnauthorized: () => void = () => undefined;

export function configureApi(apiUrl: string, unauthorized: () => void): void {
  base = apiUrl.replace(/\/+$/, '');
  onUnauthorized = unauthorized;
}

export async function api<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${accessToken() ?? ''}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ApiError(
      0,
      'Không kết nối được máy chủ. Nội dung đã nhập vẫn được giữ; hãy thử gửi lại.',
      'Could not reach the server. What you typed is kept; try again.',
    );
  }
  if (res.status === 401) {
    onUnauthorized();
    throw new ApiError(401, 'Phiên đăng nhập đã hết hạn.', 'The session has expired.');
  }
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  if (res.ok && !isJson) return text as T;
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = (body as { error?: { vi?: string; en?: string; fields?: FieldIssue[] } } | undefined)?.error;
    throw new ApiError(res.status, e?.vi ?? `Lỗi ${res.status}.`, e?.en ?? `Error ${res.status}.`, e?.fields ?? []);
  }
  return body as T;
}

/** Every page of a list. */
export async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api<{ items: T[]; nextCursor?: string }>(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}
