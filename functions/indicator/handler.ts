import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { now } from '../../shared/runtime/clock';
import { requireEnv } from '../../shared/runtime/config';
import { getState, listValues, putValue, saveState } from '../../shared/data/indicators';
import { getMail, writeMail, type MailContent } from '../../shared/data/ledger';
import { loadDirectory } from '../../shared/data/plan-directory';
import { localDate } from '../../shared/domain/dates';
import { ValidationError } from '../../shared/domain/errors';
import { figureWords, missingPeriods, neededWords, replay, type Assessment, type IndicatorValue } from '../../shared/domain/indicators';
import { parsePeriod, periodLabelVi } from '../../shared/domain/period';
import type { IndicatorDef } from '../../shared/domain/plan';
import { renderIndicatorAlert, type IndicatorAlertKind } from '../../shared/mail/templates/indicator';
import { stableJson } from '../../shared/runtime/json';
import { createLogger } from '../../shared/runtime/log';
import { eachRecord } from '../../shared/runtime/sqs-batch';
import { parseWith } from '../../shared/runtime/validation';
import { enqueueMail } from '../../shared/mail/outbox';
import { addressees } from '../../shared/mail/recipients';
import { VALUE_YEARS } from '../../shared/io/plan-import';
import { IndicatorEnvelope, IndicatorValueMessage, IndicatorValueReportedDetail } from '../../events/indicator';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';
import { pastPeriodBound, periodBoundIssue, validateValue } from '../../shared/domain/values';

const log = createLogger({ fn: 'indicator' });
const MAX_STATE_RETRIES = 5;

type Directory = Awaited<ReturnType<typeof loadDirectory>>;

/** Normalises what arrived (API/CSV message or EventBridge event) into one value. */
function toValue(record: SQSRecord, defs: IndicatorDef[]): IndicatorValue & { correlationId: string } {
  const body: unknown = JSON.parse(record.body);
  const message = IndicatorValueMessage.safeParse(body);
  if (message.success) {
    const m = message.data;
    const v = validateValue(
      { indicatorId: m.indicatorId, period: m.period, value: m.value, ...(m.unit ? { unit: m.unit } : {}), revision: m.revision, source: m.source },
      defs,
      VALUE_YEARS,
    );
    return { ...v, reportedBy: m.reportedBy, receivedAt: m.receivedAt, requestId: m.requestId ?? m.correlationId, correlationId: m.correlationId };
  }
  const m = parseWith(IndicatorEnvelope, body);
  const d = parseWith(IndicatorValueReportedDetail, m.detail);
  const v = validateValue(
    { indicatorId: d.indicatorId, period: d.period, value: d.value, ...(d.unit ? { unit: d.unit } : {}), revision: d.revision, source: d.source },
    defs,
    VALUE_YEARS,
  );
  // The source is who reported (only the reporter role may put it on the bus); the name in the detail is what that system calls itself.
  return {
    ...v,
    reportedBy: { sub: `${m.source}/${d.reportedBy}`, role: 'system' },
    receivedAt: new Date(m.time).toISOString(),
    requestId: m.id,
    correlationId: m.id,
  };
}

/** 6,2% and 470 nghìn tỷ đồng, as Vietnamese writes them. */
const fmt = (n: number | undefined, unit: string) =>
  n === undefined ? '—' : `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}${unit === '%' ? '%' : ` ${unit}`}`.trim();

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A level's change a period: "giảm 0,15 điểm phần trăm". */
const changeVi = (def: IndicatorDef, x: number) =>
  `${x >= 0 ? 'tăng' : 'giảm'} ${def.unit === '%' ? `${Math.abs(x).toLocaleString('vi-VN', { maximumFractionDigits: 3 })} điểm phần trăm` : fmt(Math.abs(x), def.unit)}`;

/** One alert as a ledger email: one key per indicator, period and condition. Exported for its tests. */
export function composeAlert(
  def: IndicatorDef,
  dir: Directory,
  kind: IndicatorAlertKind,
  period: string,
  a: Assessment | undefined,
  cutoff?: string,
): { key: string; content: MailContent } {
  const key = `indicator#${def.id}#${period}#${kind}`;
  const agency = dir.agencies.find((x) => x.code === def.agency);
  const severe = kind === 'red' || kind === 'infeasible';
  // The co-operating agencies (the statistics office for GRDP per capita) are copied on every alert;
  // the supervising vice-chair and the city office when it is serious.
  const pseudoTask = {
    id: def.id,
    group: 0,
    title: def.name,
    deliverable: '',
    leadAgency: def.agency,
    coAgencies: def.coAgencies ?? [],
    deadline: { kind: 'recurring' as const, text: '', every: 'year' as const },
    field: def.field,
  };
  const who = addressees(['lead'], severe ? ['co', 'vice-chair', 'office'] : ['co'], pseudoTask, dir);
  const p = parsePeriod(period);
  const mail = renderIndicatorAlert({
    kind,
    indicator: { id: def.id, name: def.name, unit: def.unit, agencyName: agency?.name ?? def.agency },
    periodLabel: periodLabelVi(p),
    ...(a ? { reasonVi: a.reason.vi } : {}),
    facts: a
      ? [
          { label: 'Số liệu', value: a.actual === undefined ? '—' : figureWords(def, a.actual).vi },
          { label: 'Kế hoạch của kỳ', value: a.planned === undefined ? '—' : figureWords(def, a.planned).vi },
          { label: `Mục tiêu năm ${a.year}`, value: a.target === undefined ? '—' : figureWords(def, a.target).vi },
          // "Cần giảm 0,09 điểm phần trăm mỗi quý", "Cần thêm 122,5 nghìn tỷ đồng mỗi quý": never a bare signed figure.
          ...(a.needed !== undefined ? [{ label: 'Các kỳ còn lại', value: capitalise(neededWords(def, a.needed).vi) }] : []),
          ...(a.ceiling !== undefined
            ? [{ label: 'Mức khả thi kế hoạch đặt ra', value: def.kind === 'level' ? changeVi(def, a.ceiling) : fmt(a.ceiling, def.unit) }]
            : a.bestOnRecord !== undefined
              ? [{ label: 'Mức tốt nhất đã đạt', value: def.kind === 'level' ? changeVi(def, a.bestOnRecord) : fmt(a.bestOnRecord, def.unit) }]
              : []),
        ]
      : [],
    ...(cutoff ? { cutoffVi: `hạn ${cutoff.split('-').reverse().join('/')}` } : {}),
    link: `${requireEnv('APP_URL').replace(/\/+$/, '')}/indicators/${def.id}`,
    recipientLabel: who.label,
    planCode: dir.meta?.code ?? '',
  });
  return { key, content: { to: who.to, cc: who.cc, ...mail, rule: `indicator-${kind}` } };
}

/** Writes one alert to the ledger (once per indicator, period and condition) and enqueues it. */
async function alert(def: IndicatorDef, dir: Directory, kind: IndicatorAlertKind, period: string, a: Assessment | undefined, cutoff?: string): Promise<void> {
  const { key, content } = composeAlert(def, dir, kind, period, a, cutoff);
  if (await writeMail(key, content, now().toISOString())) {
    await enqueueMail([key]);
    log.info('indicator alert queued', { indicatorId: def.id, period, kind });
  }
}

/**
 * Stores a value (once), re-assesses the indicator and alerts on what got worse. The assessment
 * and its alerts come from replaying the values in the order they were reported, so they do not
 * depend on the order of delivery. Safe to repeat: the value is a conditional put, and the new
 * state is written in one transaction with the alerts it calls for (ledger keys), so a crash
 * cannot leave a change recorded with its alert never written; a duplicate delivery writes nothing.
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
  if (pastPeriodBound(await listValues(def.id), v)) {
    // As bad data: a period past its bound of values takes no more, from any way in.
    log.error('indicator value rejected', { messageId: record.messageId, issues: [periodBoundIssue(v.indicatorId, v.period)] });
    return;
  }
  const stored = await putValue(v);
  const opts = { ...(def.path ? { path: def.path } : {}), ...(def.thresholds ? { thresholds: def.thresholds } : {}) };
  for (let attempt = 0; attempt < MAX_STATE_RETRIES; attempt++) {
    const [values, previous] = await Promise.all([listValues(def.id), getState(def.id)]);
    const r = replay(def, values, opts);
    if (!r.final) return;
    const alerts = r.alerts.map((a) => {
      const alert = composeAlert(
        def,
        dir,
        a.condition === 'infeasible' ? 'infeasible' : a.assessment.status === 'red' ? 'red' : 'amber',
        a.assessment.period!,
        a.assessment,
      );
      // The request that brought the value in follows it to the email it causes (logs, ledger).
      return { ...alert, content: { ...alert.content, correlationId } };
    });
    // Alerts already in the ledger (raised by an earlier value) are not written again.
    const fresh = (await Promise.all(alerts.map(async (a) => ((await getMail(a.key)) ? undefined : a)))).filter((a) => a !== undefined);
    const change = {
      ...(r.previousStatus ? { previousStatus: r.previousStatus } : {}),
      ...(r.statusChangedAt ? { statusChangedOn: localDate(new Date(r.statusChangedAt)) } : {}),
    };
    if (previous && !fresh.length && sameState(previous, r.final, change)) {
      log.info('indicator value stored; assessment and alerts unchanged', {
        correlationId,
        indicatorId: def.id,
        period: v.period,
        revision: v.revision,
        stored,
      });
      return;
    }
    if (!(await saveState(def.id, r.final, previous, now().toISOString(), change, fresh))) continue;
    if (fresh.length) {
      // A crash before this leaves the alerts queued in the ledger: the outbox sweep sends them.
      await enqueueMail(fresh.map((a) => a.key));
      log.info('indicator alerts queued', { correlationId, indicatorId: def.id, keys: fresh.map((a) => a.key) });
    }
    log.info('indicator value ingested', {
      correlationId,
      indicatorId: def.id,
      period: v.period,
      revision: v.revision,
      stored,
      status: r.final.status,
      infeasible: r.final.infeasible,
    });
    return;
  }
  // Not silently: the value is stored but its assessment (and any alert) is not. Failing the record
  // lets SQS deliver it again (and, after its receives, the DLQ keep it for someone to look at).
  throw new Error(`indicator ${def.id}: the assessment lost ${MAX_STATE_RETRIES} version races in a row; the message will be retried`);
}

function sameState(
  previous: { assessment: Assessment; previousStatus?: string; statusChangedOn?: string },
  next: Assessment,
  change: { previousStatus?: string; statusChangedOn?: string },
): boolean {
  return (
    stableJson(previous.assessment) === stableJson(next) &&
    previous.previousStatus === change.previousStatus &&
    previous.statusChangedOn === change.statusChangedOn
  );
}

/** Daily: chase the latest period whose reporting cut-off passed with no value. */
async function chaseMissing(dir: Directory, today: string): Promise<number> {
  const from = dir.meta?.issuedOn
    ? dir.meta.issuedOn
        .split('/')
        .reverse()
        .map((x) => x.padStart(2, '0'))
        .join('-')
    : `${VALUE_YEARS.firstYear}-01-01`;
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

const isSqsEvent = (event: unknown): event is SQSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);

async function handle(event: unknown): Promise<SQSBatchResponse | { chased: number }> {
  const dir = await loadDirectory();
  if (!isSqsEvent(event)) {
    const scheduledTime = scheduledTimeOf(event, log);
    const chased = await chaseMissing(dir, localDate(runInstant(scheduledTime)));
    log.info('missing values chased', { chased });
    return { chased };
  }
  return eachRecord(event, log, 'indicator ingest failed', (record) => ingest(record, dir));
}

export const handler = middy<SQSEvent | { schedule?: string; scheduledTime?: string }, SQSBatchResponse | { chased: number }>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler(handle);
