import { z } from 'zod';
import { checkDay, loadCalendar, removeCalendarDay, setCalendarDay } from '../../../shared/data/calendar';
import { actorOf } from '../../../shared/domain/caller';
import { isCalendarDate, yearStatus } from '../../../shared/domain/calendar';
import { now } from '../../../shared/runtime/clock';
import { parseWith } from '../../../shared/runtime/validation';
import type { Route, RouteContext } from '../context';
import { HttpError, badRequest, json } from '../http';
import { Text } from '../inputs';
import { withJsonBody } from '../middleware/json-body';

export const CalendarQuery = z.object({ year: z.coerce.number().int().min(1900).max(2100) }).strict();

export const CalendarDayBody = z
  .object({
    kind: z
      .enum(['day-off', 'working-day'])
      .meta({ description: '`day-off`: a Monday-Friday that is off; `working-day`: a Saturday or Sunday that is worked (làm bù)' }),
    name: Text(200),
    source: Text(300).meta({ description: 'The legal text or announcement (`Công văn 12729/VPCP-KGVX`)' }),
  })
  .strict();

/** The path's date, checked before anything is read or written. */
function dateOf(ctx: RouteContext): string {
  const date = ctx.event.pathParameters?.date ?? '';
  if (!isCalendarDate(date)) {
    throw badRequest([
      {
        field: 'date',
        vi: `Ngày không hợp lệ: "${date.slice(0, 40)}" (viết dạng YYYY-MM-DD)`,
        en: `not a valid date: "${date.slice(0, 40)}" (write YYYY-MM-DD)`,
      },
    ]);
  }
  return date;
}

/**
 * GET /calendar?year=2026: the year's days off (Monday-Friday) and make-up working days
 * (Saturday, Sunday); weekends are not listed. `projected`: no announced entry for the year, the
 * days are computed by the Labour Code's rules (or, with no entry at all, only weekends are off).
 */
export const list: Route = async ({ event }) => {
  const q = parseWith(CalendarQuery, event.queryStringParameters ?? {});
  const { data } = await loadCalendar();
  const items = data.entries
    .filter((e) => e.date.startsWith(`${q.year}-`))
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((e) => ({ date: e.date, kind: e.kind, name: e.name, source: e.source }));
  return json(200, { items, status: yearStatus(data, q.year) });
};

/** PUT /calendar/days/{date}: the office records a day off or a make-up working day, in the audit trail. */
export const put = withJsonBody(async (ctx) => {
  const date = dateOf(ctx);
  const body = parseWith(CalendarDayBody, ctx.body);
  const entry = checkDay(date, body);
  const change = await setCalendarDay(entry, { actor: actorOf(ctx.caller), at: now().toISOString(), requestId: ctx.requestId });
  ctx.log.info('calendar day set', { date, kind: entry.kind, by: ctx.caller.sub });
  return json(200, { date, ...(change.before ? { before: strip(change.before) } : {}), after: strip(entry) });
});

/** DELETE /calendar/days/{date}: the office removes a date's entry, in the audit trail. */
export const remove: Route = async (ctx) => {
  const date = dateOf(ctx);
  const change = await removeCalendarDay(date, { actor: actorOf(ctx.caller), at: now().toISOString(), requestId: ctx.requestId });
  if (!change?.before) throw new HttpError(404, 'not_found', `Lịch không có mục nào cho ngày ${date}.`, `The calendar has no entry for ${date}.`);
  ctx.log.info('calendar day removed', { date, by: ctx.caller.sub });
  return json(200, { date, before: strip(change.before) });
};

const strip = (e: { date: string; kind: 'day-off' | 'working-day'; name: string; source: string }) => ({
  date: e.date,
  kind: e.kind,
  name: e.name,
  source: e.source,
});
