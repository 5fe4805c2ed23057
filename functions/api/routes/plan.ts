import { z } from 'zod';
import { seedCalendar } from '../../../shared/data/calendar';
import { loadDirectory, savePlan } from '../../../shared/data/plan-directory';
import { queryAll, strip } from '../../../shared/data/table';
import { actorOf } from '../../../shared/domain/caller';
import { localDate } from '../../../shared/domain/dates';
import type { Plan, TaskDef } from '../../../shared/domain/plan';
import { planToFiles, workbookName } from '../../../shared/io/plan-csv';
import { PlanImportError, parsePlan } from '../../../shared/io/plan-import';
import { now } from '../../../shared/runtime/clock';
import { parseWith } from '../../../shared/runtime/validation';
import type { Route } from '../context';
import { HttpError, badRequest, json } from '../http';
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

/** The plan as it stands: its reference data and every task's definition, as the import reads them. */
async function currentPlan(): Promise<Plan | undefined> {
  const dir = await loadDirectory();
  if (!dir.meta) return undefined;
  const items = await queryAll({ IndexName: 'byDue', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'TASKS' } });
  const tasks: TaskDef[] = items
    .map((i) => strip<TaskDef>(i))
    .map((t) => ({
      id: t.id,
      group: t.group,
      title: t.title,
      deliverable: t.deliverable,
      leadAgency: t.leadAgency,
      coAgencies: t.coAgencies,
      deadline: t.deadline,
      field: t.field,
    }))
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  const { meta, groups, leaders, agencies, indicators } = dir;
  return { meta, groups, leaders, agencies, tasks, indicators };
}

/** GET /plan/export: the current plan as one workbook (base64), the same the import takes back. */
export const exportPlan: Route = async ({ caller, log }) => {
  const plan = await currentPlan();
  if (!plan) throw new HttpError(404, 'not_found', 'Chưa có kế hoạch nào được nạp.', 'No plan has been imported yet.');
  const { filesToWorkbook } = await import('../../../shared/io/plan-xlsx');
  const book = await filesToWorkbook(planToFiles(plan));
  log.info('plan exported', { code: plan.meta.code, tasks: plan.tasks.length, by: caller.sub });
  return json(200, { name: workbookName(plan.meta.code), xlsx: book.toString('base64') });
};
