import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ROOT } from '../../infra/emulator/config';
import { TaskUpdateMessage, TaskUpdatedDetail } from '../../events/task-update';
import { IndicatorValueReportedDetail } from '../../events/indicator';

const dir = path.join(ROOT, 'events/samples');
const read = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

/** Each sample file and the schema it must satisfy; a sample without a row fails the test. */
const SCHEMAS: Record<string, (v: unknown) => z.ZodSafeParseResult<unknown>> = {
  'task-update-message.json': (v) => TaskUpdateMessage.safeParse(v),
  'task-updated-event.json': (v) => TaskUpdatedDetail.safeParse((v as { detail: unknown }).detail),
  'indicator-value-reported-event.json': (v) => IndicatorValueReportedDetail.safeParse((v as { detail: unknown }).detail),
};

describe('sample events', () => {
  it('every sample has a schema', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(Object.keys(SCHEMAS).sort());
  });
  it.each(Object.keys(SCHEMAS))('%s satisfies its schema', (f) => {
    const r = SCHEMAS[f]!(read(f));
    expect(r.error?.issues ?? []).toEqual([]);
  });
  it('a message with an unknown field is refused', () => {
    expect(TaskUpdateMessage.safeParse({ ...(read('task-update-message.json') as object), extra: 1 }).success).toBe(false);
  });
});
