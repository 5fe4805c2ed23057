import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, type Caller } from '../../../shared/domain/caller';
import { now } from '../../../shared/runtime/clock';
import { listValues, getIndicator } from '../../../shared/data/indicators';
import { loadDirectory } from '../../../shared/data/plan-directory';
import { REVISION_VI, assess, latestByPeriod } from '../../../shared/domain/indicators';
import type { IndicatorDef } from '../../../shared/domain/plan';
import { PlanImportError, VALUE_YEARS } from '../../../shared/io/plan-import';
import { parseValuesCsv } from '../../../shared/io/values-csv';
import { parseWith } from '../../../shared/runtime/validation';
import { enqueueValues } from '../../../shared/data/indicator-ingest';
import type { Route } from '../context';
import { HttpError, badRequest, json, notFound } from '../http';
import { withJsonBody } from '../middleware/json-body';
import { pastPeriodBound, periodBoundIssue, validateValue, type ValueRecord } from '../../../shared/domain/values';

export const ValueBody = z
  .object({
    period: z.string().max(20),
    value: z.union([z.number(), z.string().max(40)]),
    unit: z.string().max(50).optional(),
    revision: z.string().max(40),
    source: z.string().max(300),
  })
  .strict();

export const ImportBody = z.object({ csv: z.string().max(5_000_000), file: z.string().max(100).optional() }).strict();

const tooManyValues = (fields: ReturnType<typeof periodBoundIssue>[]) =>
  new HttpError(409, 'too_many_values', 'Kỳ báo cáo đã có quá nhiều giá trị.', 'The period already has too many values.', fields);

/** The responsible agency or the statistics role reports a value. */
async function postValue(def: IndicatorDef, body: unknown, caller: Caller, { requestId, correlationId }: { requestId: string; correlationId: string }) {
  const input = parseWith(ValueBody, body);
  const id = def.id;
  const record = validateValue({ indicatorId: id, ...input }, [def], VALUE_YEARS);
  if (pastPeriodBound(await listValues(id), record)) throw tooManyValues([periodBoundIssue(id, record.period)]);
  await enqueueValues([record], actorOf(caller), correlationId, now(), requestId);
  return { indicatorId: id, period: record.period, value: record.value, revision: record.revision, status: 'accepted' };
}

/** A CSV of values, checked row by row; any error and nothing is queued. */
async function importValues(body: unknown, caller: Caller, { requestId, correlationId }: { requestId: string; correlationId: string }) {
  const { csv, file } = parseWith(ImportBody, body);
  const dir = await loadDirectory();
  let records: ValueRecord[];
  try {
    records = parseValuesCsv(file ?? 'values.csv', csv, dir.indicators, VALUE_YEARS);
  } catch (e) {
    if (e instanceof PlanImportError) throw badRequest(e.issues);
    throw e;
  }
  // Past the bound of values a period keeps, counting what is stored and the file's earlier rows.
  const stored = new Map<string, ValueRecord[]>();
  const past = new Map<string, ReturnType<typeof periodBoundIssue>>();
  for (const r of records) {
    if (!stored.has(r.indicatorId)) stored.set(r.indicatorId, await listValues(r.indicatorId));
    const known = stored.get(r.indicatorId)!;
    if (pastPeriodBound(known, r)) past.set(`${r.indicatorId}|${r.period}`, periodBoundIssue(r.indicatorId, r.period));
    else known.push(r);
  }
  if (past.size) throw tooManyValues([...past.values()]);
  await enqueueValues(records, actorOf(caller), correlationId, now(), requestId);
  return { accepted: records.length, importId: randomUUID() };
}

/** Each indicator with its latest assessment. */
async function listIndicators() {
  const dir = await loadDirectory();
  const states = new Map(dir.states.map((s) => [s.indicatorId, s]));
  return {
    items: dir.indicators.map((d) => {
      const a = states.get(d.id)?.assessment;
      return {
        ...d,
        status: a?.status ?? 'unknown',
        statusReason: a?.reason ?? { vi: 'Chưa có số liệu.', en: 'No values reported yet.' },
        ...(a ? { assessment: a } : {}),
      };
    }),
  };
}

/** The series with every revision, the value that counts per period, and the assessment. */
async function getIndicatorDetail(id: string) {
  const def = await getIndicator(id);
  if (!def) throw notFound('chỉ tiêu', id);
  const values = await listValues(id);
  const latest = latestByPeriod(values);
  const a = assess(def, values, def.path ? { path: def.path } : {});
  const series = [...latest.keys()].sort().map((period) => {
    const v = latest.get(period)!;
    return {
      period,
      value: v.value,
      revision: v.revision,
      revisionLabel: REVISION_VI[v.revision],
      source: v.source,
      revisions: values
        .filter((x) => x.period === period)
        .sort((x, y) => x.receivedAt.localeCompare(y.receivedAt))
        .map((x) => ({ value: x.value, revision: x.revision, source: x.source, receivedAt: x.receivedAt, reportedBy: x.reportedBy })),
    };
  });
  return { ...def, values: series, assessment: a, status: a.status, statusReason: a.reason, ...(a.needed !== undefined ? { rateStillNeeded: a.needed } : {}) };
}

/** GET /indicators: each indicator with its latest assessment. */
export const list: Route = async () => json(200, await listIndicators());

/** GET /indicators/{id}: the series with every revision, the value that counts per period, and the assessment. */
export const one: Route = async ({ indicator }) => json(200, await getIndicatorDetail(indicator!.id));

/** POST /indicators/{id}/values: the responsible agency or the statistics role reports a value; queued. */
export const report = withJsonBody(async ({ body, caller, requestId, correlationId, log, indicator }) => {
  const out = await postValue(indicator!, body, caller, { requestId, correlationId });
  log.info('indicator value accepted', { indicatorId: indicator!.id, period: out.period });
  return json(202, out);
});

/** POST /indicators/values:import: a CSV of values, all queued or none. */
export const upload = withJsonBody(async ({ body, caller, requestId, correlationId, log }) => {
  const out = await importValues(body, caller, { requestId, correlationId });
  log.info('indicator values accepted', { count: out.accepted });
  return json(202, out);
});
