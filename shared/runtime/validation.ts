import type { z } from 'zod';
import { ValidationError, issue, type FieldIssue } from '../domain/errors';

/**
 * Turns zod's findings into field-level messages in Vietnamese and English.
 * A refinement can carry its own pair with `params: { vi, en }`.
 */
const TYPE_VI: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'đối tượng JSON',
  array: 'danh sách',
};

const TYPE_EN: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
};

/** A key as an error names it: an empty one (or only spaces) shown as "" so that it can be seen. */
const fieldName = (k: PropertyKey): string => (String(k).trim() === '' ? JSON.stringify(String(k)) : String(k));

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i): FieldIssue[] => {
    const field = i.path.length ? i.path.map(fieldName).join('.') : '(body)';
    switch (i.code) {
      case 'invalid_type':
        return 'input' in i && i.input === undefined
          ? [issue(field, 'Bắt buộc phải có.', 'Required.')]
          : [issue(field, `Phải là ${TYPE_VI[i.expected] ?? i.expected}.`, `Must be ${TYPE_EN[i.expected] ?? `a ${i.expected}`}.`)];
      case 'too_small':
        return i.origin === 'string'
          ? [issue(field, `Cần ít nhất ${String(i.minimum)} ký tự.`, `Must have at least ${String(i.minimum)} character(s).`)]
          : [issue(field, `Không được nhỏ hơn ${String(i.minimum)}.`, `Must be at least ${String(i.minimum)}.`)];
      case 'too_big':
        return i.origin === 'string'
          ? [issue(field, `Không được dài quá ${String(i.maximum)} ký tự.`, `Must have at most ${String(i.maximum)} characters.`)]
          : [issue(field, `Không được lớn hơn ${String(i.maximum)}.`, `Must be at most ${String(i.maximum)}.`)];
      case 'unrecognized_keys':
        return i.keys.map((k) => issue(i.path.length ? `${field}.${fieldName(k)}` : fieldName(k), 'Trường này không được chấp nhận.', 'Unknown field.'));
      case 'invalid_value':
        return [issue(field, `Phải là một trong: ${i.values.map(String).join(', ')}.`, `Must be one of: ${i.values.map(String).join(', ')}.`)];
      case 'invalid_format':
        return [issue(field, 'Sai định dạng.', `Invalid format (${i.format}).`)];
      case 'custom': {
        const p = i.params as { vi?: string; en?: string } | undefined;
        return [issue(field, p?.vi ?? 'Giá trị không hợp lệ.', p?.en ?? i.message)];
      }
      default:
        return [issue(field, 'Giá trị không hợp lệ.', i.message)];
    }
  });
}

/** Parses or throws a ValidationError with every field's problem. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data, { reportInput: true });
  if (!r.success) throw new ValidationError(zodIssues(r.error));
  return r.data;
}
