/** A problem with one field of the input, said in Vietnamese and in English. */
export interface FieldIssue {
  field: string;
  vi: string;
  en: string;
}

/** Input that cannot be accepted. Carries every problem found, not only the first. */
export class ValidationError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.en}`).join('; '));
    this.name = 'ValidationError';
  }
}

export const issue = (field: string, vi: string, en: string): FieldIssue => ({ field, vi, en });

/**
 * A value as an error message may quote it: at most `max` characters (then "…"), line breaks and
 * other controls shown as spaces, well-formed. A message never echoes a whole field back: a 5 MB
 * string quoted in both languages would make the answer larger than the request.
 */
export function quoted(value: unknown, max = 60): string {
  const s = String(value)
    .toWellFormed()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}
