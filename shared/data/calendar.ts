import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { calendarFromData, entryIssues, seedCalendarData, type Calendar, type CalendarData, type CalendarEntry, type DayKind } from '../domain/calendar';
import { ValidationError, issue } from '../domain/errors';
import { docClient } from '../runtime/clients';
import { now } from '../runtime/clock';
import type { Audit } from './plan-directory';
import { conditionLost, inParallel, queryAll, strip, tableName, type Item } from './table';

/**
 * The working-day calendar in the table (partition CALENDAR):
 *   CALENDAR / DAY#<date>                     one day that departs from the Monday-Friday week (or,
 *                                             `removed`, a day the office took out: no function may delete)
 *   CALENDAR / SEEDED                         written once the bundled calendar was copied in
 *   CALENDAR / HISTORY#<at>#<requestId>       append-only audit trail of the office's changes
 *
 * Until the calendar is seeded, readers use the bundled calendar (shared/domain/vn-holidays.json);
 * a plan import or the office's first change seeds it (idempotent: days already in the table are kept).
 */
export const CALENDAR_PK = 'CALENDAR';
const dayKey = (date: string) => ({ pk: CALENDAR_PK, sk: `DAY#${date}` });

export interface CalendarChange {
  date: string;
  before?: CalendarEntry;
  after?: CalendarEntry;
}

function entryOf(item: Item): CalendarEntry {
  const e = strip<Record<string, unknown>>(item);
  return {
    date: String(e.date),
    kind: e.kind === 'working-day' ? 'working-day' : 'day-off',
    name: String(e.name ?? ''),
    source: String(e.source ?? ''),
    ...(e.projected === true ? { projected: true as const } : {}),
  };
}

/**
 * The calendar's data as the table holds it, or the bundled seed when nothing was seeded yet.
 * Read strongly consistent: a change is seen by the next read.
 */
export async function readCalendarData(): Promise<CalendarData> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': CALENDAR_PK },
    ConsistentRead: true,
  });
  if (!items.some((i) => i.sk === 'SEEDED')) return seedCalendarData();
  const entries = items.filter((i) => String(i.sk).startsWith('DAY#') && i.removed !== true).map(entryOf);
  return { entries };
}

/** How long a warm function keeps the calendar it read (milliseconds of the clock). */
export const CALENDAR_CACHE_MS = 5 * 60_000;

let cached: { at: number; data: CalendarData; calendar: Calendar } | undefined;

/**
 * The calendar the runs count working days with: read from the table, kept for
 * CALENDAR_CACHE_MS. A change by the office reaches the other functions within that time.
 */
export async function loadCalendar(): Promise<{ data: CalendarData; calendar: Calendar }> {
  const t = now().getTime();
  if (cached && t - cached.at >= 0 && t - cached.at < CALENDAR_CACHE_MS) return cached;
  const data = await readCalendarData();
  cached = { at: t, data, calendar: calendarFromData(data) };
  return cached;
}

/** Forgets the cached calendar: the next loadCalendar reads the table (after a change, and in tests). */
export function forgetCalendar(): void {
  cached = undefined;
}

/** Copies the bundled calendar into the table once. Days already there are kept. Returns how many were added. */
export async function seedCalendar(): Promise<number> {
  const marker = await docClient().send(new GetCommand({ TableName: tableName(), Key: { pk: CALENDAR_PK, sk: 'SEEDED' }, ConsistentRead: true }));
  if (marker.Item) return 0;
  let added = 0;
  await inParallel(seedCalendarData().entries, 8, async (e) => {
    try {
      await docClient().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...dayKey(e.date), entity: 'calendar-day', ...e },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      added++;
    } catch (err) {
      if (!conditionLost(err)) throw err;
    }
  });
  await docClient().send(new PutCommand({ TableName: tableName(), Item: { pk: CALENDAR_PK, sk: 'SEEDED', entity: 'calendar-seed', at: now().toISOString() } }));
  return added;
}

/** The input of a change: checked here, so that nothing is written on bad input. */
export function checkDay(date: string, body: { kind: DayKind; name: string; source: string }): CalendarEntry {
  const issues = entryIssues({ date, kind: body.kind });
  if (!body.name.trim()) issues.push(issue('name', 'Cần ghi tên ngày (ví dụ "Nghỉ bù Quốc khánh")', 'a name is required'));
  if (!body.source.trim())
    issues.push(issue('source', 'Cần ghi văn bản căn cứ (ví dụ "Công văn 12729/VPCP-KGVX")', 'a source (the legal text or announcement) is required'));
  if (issues.length > 0) throw new ValidationError(issues);
  return { date, kind: body.kind, name: body.name.trim(), source: body.source.trim() };
}

async function writeChange(change: CalendarChange, type: 'CalendarDaySet' | 'CalendarDayRemoved', audit: Audit): Promise<void> {
  const item = change.after ? { entity: 'calendar-day', ...change.after } : { entity: 'calendar-day', date: change.date, removed: true, removedAt: audit.at };
  const day = { Put: { TableName: tableName(), Item: { ...dayKey(change.date), ...item } } };
  await docClient().send(
    new TransactWriteCommand({
      TransactItems: [
        day,
        {
          Put: {
            TableName: tableName(),
            Item: {
              pk: CALENDAR_PK,
              sk: `HISTORY#${audit.at}#${audit.requestId}`,
              entity: 'history',
              type,
              date: change.date,
              ...(change.before ? { before: change.before } : {}),
              ...(change.after ? { after: change.after } : {}),
              at: audit.at,
              actor: audit.actor,
              requestId: audit.requestId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
  forgetCalendar();
}

async function currentDay(date: string): Promise<CalendarEntry | undefined> {
  const out = await docClient().send(new GetCommand({ TableName: tableName(), Key: dayKey(date), ConsistentRead: true }));
  return out.Item && out.Item.removed !== true ? entryOf(out.Item) : undefined;
}

/** Records a day off or a make-up working day (replacing what the date had), with its audit entry. */
export async function setCalendarDay(entry: CalendarEntry, audit: Audit): Promise<CalendarChange> {
  await seedCalendar();
  const before = await currentDay(entry.date);
  const change: CalendarChange = { date: entry.date, ...(before ? { before } : {}), after: entry };
  await writeChange(change, 'CalendarDaySet', audit);
  return change;
}

/** Removes a date's entry (it becomes an ordinary weekday or weekend day), with its audit entry; undefined when it had none. */
export async function removeCalendarDay(date: string, audit: Audit): Promise<CalendarChange | undefined> {
  await seedCalendar();
  const before = await currentDay(date);
  if (!before) return undefined;
  const change: CalendarChange = { date, before };
  await writeChange(change, 'CalendarDayRemoved', audit);
  return change;
}

/** The audit trail of the calendar, oldest first. */
export async function calendarHistory(): Promise<Item[]> {
  return queryAll({
    KeyConditionExpression: 'pk = :p AND begins_with(sk, :h)',
    ExpressionAttributeValues: { ':p': CALENDAR_PK, ':h': 'HISTORY#' },
    ConsistentRead: true,
  });
}
