/**
 * JSON with every object's keys in order, so equal values give equal text whatever order their
 * keys came in (a map read back from DynamoDB does not keep it).
 */
export const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
