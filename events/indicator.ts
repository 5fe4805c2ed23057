import { z } from 'zod';
import { Actor } from './task-update';

export { Actor };

/**
 * Detail of an `IndicatorValueReported` event that an outside system (a statistics office's
 * system, an ERP) puts on the app's bus. A rule delivers it to the indicator-ingest queue.
 */
/** What every report of a value says, however it arrives. */
const ValueFields = {
  indicatorId: z.string().regex(/^CT-\d{2,4}$/),
  period: z.string().min(4).max(7),
  value: z.number().finite(),
  unit: z.string().max(50).optional(),
  revision: z.enum(['estimated', 'preliminary', 'official']),
  source: z.string().min(1).max(300),
};

export const IndicatorValueReportedDetail = z
  .object({
    ...ValueFields,
    /** The system or office that reported it. */
    reportedBy: z.string().min(1).max(100),
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
    correlationId: z.string(),
  })
  .strict();
export type IndicatorValueMessage = z.infer<typeof IndicatorValueMessage>;

/** An EventBridge event delivered to the queue by the `indicator-values` rule. */
export const IndicatorEnvelope = z
  .object({ 'detail-type': z.literal('IndicatorValueReported'), id: z.string(), time: z.iso.datetime(), source: z.string(), detail: z.unknown() })
  .passthrough();
