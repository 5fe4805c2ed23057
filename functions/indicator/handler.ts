import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { now } from '../../shared/clock';
import { requireEnv } from '../../shared/config';
import { getState, listValues, putValue, saveState } from '../../shared/data/indicators';
import { writeMail } from '../../shared/data/ledger';
import * as store from '../../shared/data/store';
import { localDate } from '../../shared/domain/dates';
import { ValidationError } from '../../shared/domain/errors';
import { alertConditions, assess, missingPeriods, type Assessment, type IndicatorValue } from '../../shared/domain/indicators';
import { parsePeriod, periodLabelVi } from '../../shared/domain/period';
import type { IndicatorDef } from '../../shared/domain/plan';
import { renderIndicatorAlert, type IndicatorAlertKind } from '../../shared/email/indicator';
import { createLogger } from '../../shared/log';
import { eachRecord } from '../../shared/sqs-batch';
import { parseWith } from '../../shared/validation';
import { enqueueMail } from '../../shared/notify/outbox';
import { addressees } from '../../shared/notify/recipients';
import { VALUE_YEARS } from '../../shared/plan/import';
import { validateValue } from '../../shared/plan/values-csv';
import { IndicatorEnvelope, IndicatorValueMessage, IndicatorValueReportedDetail } from '../../events/indicator';

const log = createLogger({ fn: 'indicator' });
const MAX_STATE_RETRIES = 5;

type Directory = Awaited<ReturnType<typeof store.loadDirectory>>;

/** Normalises what arrived (API/CSV message or EventBridge event) into one value. */
function toValue(record: SQSRecord, defs: IndicatorDef[]): IndicatorValue & { correlationId: string } {
  const body: unknown = JSON.parse(record.body);
  const message = IndicatorValueMessage.safeParse(body);
  if (message.success) {
    const m = message.data;
    const v = validateValue({ indicatorId: m.indicatorId, period: m.period, value: m.value, ...(m.unit ? { unit: m.unit } : {}), revision: m.revision, source: m.source }, defs, VALUE_YEARS);
    return { ...v, reportedBy: m.reportedBy, receivedAt: m.receivedAt, correlationId: m.correlationId };
  }
  const m = parseWith(IndicatorEnvelope, body);
  const d = parseWith(IndicatorValueReportedDetail, m.detail);
  const v = validateValue({ indicatorId: d.indicatorId, period: d.period, value: d.value, ...(d.unit ? { unit: d.unit } : {}), revision: d.revision, source: d.source }, defs, VALUE_YEARS);
  return { ...v, reportedBy: { sub: d.reportedBy, role: 'system' }, receivedAt: new Date(m.time).toISOString(), correlationId: m.id };
}

/** 6,2% and 470 nghìn tỷ đồng, as Vietnamese writes them. */
const fmt = (n: number | undefined, unit: string) =>
  n === undefined ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}${unit === '%' ? '%' : ` ${unit}`}`.trim();

/** Writes one alert to the ledger (once per indicator, period and condition) and enqueues it. */
async function alert(def: IndicatorDef, dir: Directory, kind: IndicatorAlertKind, period: string, a: Assessment | undefined, cutoff?: string): Promise<void> {
  const key = `indicator#${def.id}#${period}#${kind}`;
  const agency = dir.agencies.find((x) => x.code === def.agency);
  const severe = kind === 'red' || kind === 'infeasible';
  // The supervising vice-chair and the city office are copied when it is serious.
  const pseudoTask = { id: def.id, group: 0, title: def.name, deliverable: '', leadAgency: def.agency, coAgencies: [], deadline: { kind: 'recurring' as const, text: '', every: 'year' as const }, field: def.field };
  const who = addressees(['lead'], severe ? ['vice-chair', 'office'] : [], pseudoTask, dir);
  const p = parsePeriod(period);
  const mail = renderIndicatorAlert({
    kind,
    indicator: { id: def.id, name: def.name, unit: def.unit, agencyName: agency?.name ?? def.agency },
    periodLabel: periodLabelVi(p),
    ...(a ? { reasonVi: a.reason.vi } : {}),
    facts: a
      ? [
          { label: 'Số liệu', value: fmt(a.actual, def.unit) },
          { label: 'Kế hoạch của kỳ', value: fmt(a.planned, def.unit) },
          { label: `Mục tiêu năm ${a.year}`, value: fmt(a.target, def.unit) },
          ...(a.needed !== undefined ? [{ label: 'Cần đạt mỗi kỳ còn lại', value: fmt(a.needed, def.unit) }] : []),
          ...(a.bestOnRecord !== undefined ? [{ label: 'Mức tốt nhất đã đạt', value: fmt(a.bestOnRecord, def.unit) }] : []),
        ]
      : [],
    ...(cutoff ? { cutoffVi: `hạn ${cutoff.split('-').reverse().join('/')}` } : {}),
    link: `${requireEnv('APP_URL').replace(/\/+$/, '')}/indicators/${def.id}`,
    recipientLabel: who.label,
    planCode: dir.meta?.code ?? '',
  });
  if (await writeMail(key, { to: who.to, cc: who.cc, ...mail, rule: `indicator-${kind}` }, now().toISOString())) {
    await enqueueMail([key]);
    log.info('indicator alert queued', { indicatorId: def.id, period, kind });
  }
}

/**
 * Stores a value (once), re-assesses the indicator for the value's year and alerts on what got
 * worse. Safe to repeat: the value is a conditional put, the state a versioned write, and each
 * alert a ledger key, so a duplicate delivery stores nothing and sends nothing new.
 */
async function ingest(record: SQSRecord, dir: Directory): Promise<void> {
  let value: IndicatorValue & { correlationId: string };
  try {
    value = toValue(record, dir.indicators);
  } catch (e) {
    if (e instanceof ValidationError) {
      // Bad data will not improve by retrying: say exactly what is wrong, store nothing.
      log.error('indicator value rejected', { messageId: record.messageId, issues: e.issues });
      return;
    }
    throw e;
  }
  const { correlationId, ...v } = value;
  const def = dir.indicators.find((d) => d.id === v.indicatorId)!;
  const stored = await putValue(v);
  const year = Number(v.period.slice(0, 4));
  for (let attempt = 0; attempt < MAX_STATE_RETRIES; attempt++) {
    const [values, previous] = await Promise.all([listValues(def.id), getState(def.id)]);
    if (previous && previous.assessment.year > year) break; // an old year's figure: history only
    const next = assess(def, values, { year, ...(def.path ? { path: def.path } : {}), ...(def.thresholds ? { thresholds: def.thresholds } : {}) });
    const prior = previous?.assessment.year === year ? previous.assessment : undefined;
    if (!(await saveState(def.id, next, previous, now().toISOString(), localDate(now())))) continue;
    for (const c of alertConditions(prior, next)) {
      if (next.period) await alert(def, dir, c === 'infeasible' ? 'infeasible' : next.status === 'red' ? 'red' : 'amber', next.period, next);
    }
    log.info('indicator value ingested', { correlationId, indicatorId: def.id, period: v.period, revision: v.revision, stored, status: next.status, infeasible: next.infeasible });
    return;
  }
}

/** Daily: chase the latest period whose reporting cut-off passed with no value. */
async function chaseMissing(dir: Directory, today: string): Promise<number> {
  const from = dir.meta?.issuedOn ? dir.meta.issuedOn.split('/').reverse().map((x) => x.padStart(2, '0')).join('-') : `${VALUE_YEARS.firstYear}-01-01`;
  let chased = 0;
  for (const def of dir.indicators) {
    const missing = missingPeriods(def, await listValues(def.id), today, from);
    const latest = missing[missing.length - 1];
    if (!latest) continue;
    await alert(def, dir, 'missing', latest.period, undefined, latest.cutoff);
    chased++;
  }
  return chased;
}

async function handle(event: SQSEvent | { schedule?: string; scheduledTime?: string }): Promise<SQSBatchResponse | { chased: number }> {
  const dir = await store.loadDirectory();
  if (!('Records' in event)) {
    const at = event.scheduledTime && !Number.isNaN(Date.parse(event.scheduledTime)) ? new Date(event.scheduledTime) : now();
    const chased = await chaseMissing(dir, localDate(at));
    log.info('missing values chased', { chased });
    return { chased };
  }
  return eachRecord(event, log, 'indicator ingest failed', (record) => ingest(record, dir));
}

export const handler = middy<SQSEvent | { schedule?: string }, SQSBatchResponse | { chased: number }>().handler(handle);
