/**
 * EventBridge event pattern matching, for the in-process bus: exact values, prefix, suffix,
 * anything-but, exists, numeric ranges and equals-ignore-case, nested to any depth.
 */
type Pattern = Record<string, unknown>;

function matchValue(matcher: unknown, value: unknown, present: boolean): boolean {
  if (matcher === null || typeof matcher !== 'object') return present && value === matcher;
  const m = matcher as Record<string, unknown>;
  if ('exists' in m) return m.exists ? present : !present;
  if (!present) return false;
  if ('prefix' in m) return typeof value === 'string' && typeof m.prefix === 'string' && value.startsWith(m.prefix);
  if ('suffix' in m) return typeof value === 'string' && typeof m.suffix === 'string' && value.endsWith(m.suffix);
  if ('equals-ignore-case' in m) return typeof value === 'string' && String(m['equals-ignore-case']).toLowerCase() === value.toLowerCase();
  if ('anything-but' in m) {
    const but = m['anything-but'];
    if (Array.isArray(but)) return !but.includes(value);
    if (but && typeof but === 'object') return !matchValue(but, value, present);
    return value !== but;
  }
  if ('numeric' in m && Array.isArray(m.numeric) && typeof value === 'number') {
    const ops = m.numeric as Array<string | number>;
    for (let i = 0; i + 1 < ops.length; i += 2) {
      const [op, n] = [ops[i], Number(ops[i + 1])];
      const ok = op === '<' ? value < n : op === '<=' ? value <= n : op === '>' ? value > n : op === '>=' ? value >= n : op === '=' ? value === n : false;
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export function matches(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const present = event !== null && typeof event === 'object' && key in event;
    const value = present ? event[key] : undefined;
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      return expected.some((m) => (values.length ? values.some((v) => matchValue(m, v, present)) : matchValue(m, undefined, false)));
    }
    if (expected && typeof expected === 'object') {
      return present && value !== null && typeof value === 'object' && matches(expected as Pattern, value as Record<string, unknown>);
    }
    return false;
  });
}
