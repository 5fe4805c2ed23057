import { z } from 'zod';
import { seedCalendar } from '../../../shared/data/calendar';
import { savePlan } from '../../../shared/data/plan-directory';
import { actorOf } from '../../../shared/domain/caller';
import { localDate } from '../../../shared/domain/dates';
import { PlanImportError, parsePlan } from '../../../shared/io/plan-import';
import { now } from '../../../shared/runtime/clock';
import { parseWith } from '../../../shared/runtime/validation';
import { badRequest, json } from '../http';
import { MAX_BODY, withJsonBody } from '../middleware/json-body';

/** A plan as its CSV tables, or as one workbook (base64), as a city office exports it. */
export const ImportBody = z.union([
  z.object({ files: z.record(z.string().max(64), z.string().max(5_000_000)) }).strict(),
  z.object({ xlsx: z.base64().max(MAX_BODY), name: z.string().max(100).optional() }).strict(),
]);

/** POST /plan/import: the city office replaces the plan (tasks keep their progress and history). */
export const importPlan = withJsonBody(async ({ body: raw, caller, requestId, log }) => {
  if (!raw || typeof raw !== 'object' || !('files' in raw || 'xlsx' in raw)) {
    throw badRequest([
      {
        field: '(body)',
        vi: 'Gửi {"files": {"tasks.csv": "...", ...}} hoặc {"xlsx": "<base64>"}.',
        en: 'Send {"files": {"tasks.csv": "...", ...}} or {"xlsx": "<base64>"}.',
      },
    ]);
  }
  const body = parseWith(ImportBody, raw);
  let plan;
  try {
    // The spreadsheet library loads only when a workbook comes in: it is most of this
    // function's code, and every cold start would pay for it.
    plan =
      'files' in body
        ? parsePlan(body.files)
        : await (await import('../../../shared/io/plan-xlsx')).parsePlanWorkbook(Buffer.from(body.xlsx, 'base64'), body.name ?? 'plan.xlsx');
  } catch (e) {
    if (e instanceof PlanImportError) throw badRequest(e.issues);
    throw e;
  }
  const counts = await savePlan(plan, localDate(now()), { actor: actorOf(caller), at: now().toISOString(), requestId });
  // The first import copies the bundled working-day calendar into the table (once; the office keeps it from then on).
  await seedCalendar();
  log.info('plan imported', { code: plan.meta.code, ...counts, by: caller.sub });
  return json(200, { imported: { plan: plan.meta.code, ...counts } });
});
