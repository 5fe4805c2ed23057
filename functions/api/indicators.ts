import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, type Caller } from '../../shared/domain/caller';
import { now } from '../../shared/runtime/clock';
import { listValues, getIndicator } from '../../shared/data/indicators';
import { loadDirectory } from '../../shared/data/plan-directory';
import { REVISION_VI, assess, latestByPeriod } from '../../shared/domain/indicators';
import type { IndicatorDef } from '../../shared/domain/plan';
import { PlanImportError, VALUE_YEARS } from '../../shared/io/plan-import';
import { parseValuesCsv } from '../../shared/io/values-csv';
import { parseWith } from '../../shared/runtime/validation';
import { enqueueValues } from '../../shared/data/indicator-ingest';
import { badRequest, notFound } from './http';
import { validateValue } from '../../shared/domain/values';
import { type ValueRecord } from '../../shared/domain/values';

const ValueBody = z
  .object({
    period: z.string().max(20),
    value: z.union([z.number(), z.string().max(40)]),
    unit: z.string().max(50).optional(),
    revision: z.string().max(40),
    source: z.string().max(300),
  })
  .strict();


const ImportBody = z.object({ csv: z.string().max(5_000_000), file: z.string().max(100).optional() }).strict();

/** POST /indicators/{id}/values: the responsible agency or the statistics role reports a value. */
export async function postValue(def: IndicatorDef, body: unknown, caller: Caller, { requestId, correlationId }: { requestId: string; correlationId: string }) {
  const input = parseWith(ValueBody, body);
  const id = def.id;
  const record = validateValue({ indicatorId: id, ...input }, [def], VALUE_YEARS);
  await enqueueValues([record], actorOf(caller), correlationId, now(), requestId);
  return { indicatorId: id, period: record.period, value: record.value, revision: record.revision, status: 'accepted' };
}

/** POST /indicators/values:import: a CSV of values, checked row by row; any error and nothing is queued. */
export async function importValues(body: unknown, caller: Caller, { requestId, correlationId }: { requestId: string; correlationId: string }) {
  const { csv, file } = parseWith(ImportBody, body);
  const dir = await loadDirectory();
  let records: ValueRecord[];
  try {
    records = parseValuesCsv(file ?? 'values.csv', csv, dir.indicators, VALUE_YEARS);
  } catch (e) {
    if (e instanceof PlanImportError) throw badRequest(e.issues);
    throw e;
  }
  await enqueueValues(records, actorOf(caller), correlationId, now(), requestId);
  return { accepted: records.length, importId: randomUUID() };
}

/** GET /indicators: each indicator with its latest assessment. */
export async function listIndicators() {
  const dir = await loadDirectory();
  const states = new Map(dir.states.map((s) => [s.indicatorId, s]));
  return {
    items: dir.indicators.map((d) => {
      const a = states.get(d.id)?.assessment;
      return { ...d, status: a?.status ?? 'unknown', statusReason: a?.reason ?? { vi: 'Chưa có số liệu.', en: 'No values reported yet.' }, ...(a ? { assessment: a } : {}) };
    }),
  };
}

/** GET /indicators/{id}: the series with every revision, the value that counts per period, and the assessment. */
export async function getIndicatorDetail(id: string) {
  const def = await getIndicator(id);
  if (!def) throw notFound('chỉ tiêu', id);
  const values = await listValues(id);
  const latest = latestByPeriod(values);
  const a = assess(def, values, { ...(def.path ? { path: def.path } : {}), ...(def.thresholds ? { thresholds: def.thresholds } : {}) });
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
