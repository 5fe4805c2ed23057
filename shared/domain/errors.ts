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
