import { ApiError } from './errors';

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
