import { z } from 'zod';
import { INDICATOR_ID } from './ids';
import { Actor, StoredText } from './task-update';

export { Actor };

/**
 * The magnitudes a figure may have: at most 10^15, and a non-zero figure at least 10^-100. Far
 * beyond any indicator (rates, money in thousand billion đồng, people), and within what DynamoDB
 * can store (10^-130 to below 10^126): anything else is a typo that could never be stored.
 */
export const VALUE_RANGE = { max: 1e15, minNonZero: 1e-100 } as const;
export const inValueRange = (v: number): boolean => v === 0 || (Math.abs(v) <= VALUE_RANGE.max && Math.abs(v) >= VALUE_RANGE.minNonZero);

/**
 * The only source the bus accepts indicator values from: the city statistics office's system. The
 * stack's bus policy lets only the reporter role it creates put events with this source, so the
 * source names who reported (EventBridge does not put the caller's identity in the event).
 */
export const INDICATOR_SOURCE = 'vn.hanoi.thongke';

/** What every report of a value says, however it arrives. */
const ValueFields = {
  indicatorId: z.string().regex(INDICATOR_ID),
  period: StoredText(4, 7),
  value: z.number().finite().refine(inValueRange, { message: 'out of range: at most 1e15 in magnitude, and a non-zero value at least 1e-100' }),
  unit: StoredText(0, 50).optional(),
  revision: z.enum(['estimated', 'preliminary', 'official']),
  source: StoredText(1, 300),
};

/**
 * Detail of an `IndicatorValueReported` event that an outside system (a statistics office's
 * system, an ERP) puts on the app's bus. A rule delivers it to the indicator-ingest queue.
 */
export const IndicatorValueReportedDetail = z
  .object({
    ...ValueFields,
    /** The system or office that reported it. */
    reportedBy: StoredText(1, 100),
  })
  .strict();
export type IndicatorValueReportedDetail = z.infer<typeof IndicatorValueReportedDetail>;

/** A value accepted by the API or the CSV upload, on the indicator-ingest queue. */
export const IndicatorValueMessage = z
  .object({
    type: z.literal('IndicatorValue'),
    ...ValueFields,
    reportedBy: Actor,
    receivedAt: z.iso.datetime(),
    correlationId: StoredText(0, 200),
    /** The API request that accepted it (audit). */
    requestId: StoredText(1, 200).optional(),
  })
  .strict();
export type IndicatorValueMessage = z.infer<typeof IndicatorValueMessage>;

/** An EventBridge event delivered to the queue by the `indicator-values` rule. */
export const IndicatorEnvelope = z
  .object({
    'detail-type': z.literal('IndicatorValueReported'),
    id: StoredText(1, 200),
    time: z.iso.datetime(),
    source: z.literal(INDICATOR_SOURCE),
    account: z.string().max(20).optional(),
    detail: z.unknown(),
  })
  .passthrough();
