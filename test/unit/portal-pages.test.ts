import { describe, expect, it } from 'vitest';
import { ApiError } from '../../portal/src/errors';
import { changeText } from '../../portal/src/format';
import { all } from '../../portal/src/list';

describe("the portal's lists", () => {
  it('walks every page of a list, past 50 pages, until the API gives no cursor', async () => {
    // 60 pages of 200 tasks: 12,000 tasks, more than a single call (limit=200) or 50 pages would return.
    const asked: Array<string | undefined> = [];
    const items = await all(async (cursor) => {
      asked.push(cursor);
      const n = cursor === undefined ? 0 : Number(cursor);
      const page = { items: Array.from({ length: 200 }, (_, i) => n * 200 + i) };
      return n + 1 < 60 ? { ...page, nextCursor: String(n + 1) } : page;
    });
    expect(items).toHaveLength(12_000);
    expect(items[11_999]).toBe(11_999);
    expect(asked).toHaveLength(60);
  });

  it('refuses a cursor it was given before instead of looping or returning part of the list', async () => {
    await expect(all(async () => ({ items: [1], nextCursor: 'same' }))).rejects.toBeInstanceOf(ApiError);
  });
});

describe("the dashboard's change since last week", () => {
  it('says the change with its sign, or that nothing changed', () => {
    expect(changeText(2)).toBe('+2 so với tuần trước');
    expect(changeText(-1)).toBe('−1 so với tuần trước');
    expect(changeText(0)).toBe('không đổi so với tuần trước');
  });
});
