import type { components } from './api-schema';

/** A field the API refused, with its reason in Vietnamese and English. */
export type FieldIssue = components['schemas']['FieldIssue'];

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
