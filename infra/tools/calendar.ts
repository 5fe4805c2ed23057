/**
 * `npm run calendar -- list <year> | set <date> day-off|working-day "<name>" "<source>" | remove <date> | seed`:
 * the working-day calendar the office keeps (days off, make-up working days), as the API's
 * GET /calendar and PUT, DELETE /calendar/days/{date} do it, each change in the calendar's audit
 * trail (actor `cli:<user>`).
 *
 * Works on the local system started by `npm start`, or on a deployed stack when TABLE_NAME is set
 * (with the usual AWS credentials). The functions see a change within five minutes (their cache).
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { checkDay, readCalendarData, removeCalendarDay, seedCalendar, setCalendarDay } from '../../shared/data/calendar';
import { isCalendarDate, yearStatus, type DayKind } from '../../shared/domain/calendar';
import { ValidationError } from '../../shared/domain/errors';
import { now } from '../../shared/runtime/clock';
import { explainConnectionError, useTarget } from './target';

const USAGE = `usage: npm run calendar -- list <year>
       npm run calendar -- set <yyyy-mm-dd> day-off|working-day "<name>" "<source>"
       npm run calendar -- remove <yyyy-mm-dd>
       npm run calendar -- seed
  On the local system (npm start), or on a deployed stack when TABLE_NAME is set.
`;

const WEEKDAY = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];

function usage(code: number): never {
  process.stderr.write(USAGE);
  process.exit(code);
}

const target = useTarget();
const [command, ...args] = process.argv.slice(2);
const audit = () => ({ actor: { sub: `cli:${safeUser()}`, role: 'office' }, at: now().toISOString(), requestId: `cli-${randomUUID()}` });

function safeUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  if (command === 'list' && args.length === 1 && /^\d{4}$/.test(args[0]!)) {
    const year = Number(args[0]);
    const data = await readCalendarData();
    const status = yearStatus(data, year);
    process.stdout.write(`${year}: ${status === 'announced' ? 'announced (đã công bố)' : 'PROJECTED (dự kiến): not announced yet'}\n`);
    const items = data.entries.filter((e) => e.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
    if (items.length === 0) process.stdout.write('  no entry: only Saturdays and Sundays are days off\n');
    for (const e of items) {
      const wd = WEEKDAY[new Date(`${e.date}T00:00:00Z`).getUTCDay()];
      process.stdout.write(`  ${e.date} ${wd} ${e.kind.padEnd(11)} ${e.name}${e.source ? `  [${e.source}]` : ''}${e.projected ? '  (dự kiến)' : ''}\n`);
    }
    return;
  }
  if (command === 'set' && args.length === 4) {
    const [date, kind, name, source] = args as [string, string, string, string];
    if (kind !== 'day-off' && kind !== 'working-day') usage(2);
    const entry = checkDay(date, { kind: kind as DayKind, name, source });
    const change = await setCalendarDay(entry, audit());
    process.stdout.write(
      `${date}: ${change.before ? `${change.before.kind} "${change.before.name}" → ` : ''}${entry.kind} "${entry.name}" [${entry.source}]\n`,
    );
    return;
  }
  if (command === 'remove' && args.length === 1) {
    const date = args[0]!;
    if (!isCalendarDate(date)) {
      process.stderr.write(`not a valid date: "${date}" (write YYYY-MM-DD)\n`);
      process.exit(2);
    }
    const change = await removeCalendarDay(date, audit());
    if (!change) {
      process.stderr.write(`${date}: the calendar has no entry for this date\n`);
      process.exit(1);
    }
    process.stdout.write(`${date}: removed ${change.before!.kind} "${change.before!.name}"\n`);
    return;
  }
  if (command === 'seed' && args.length === 0) {
    const added = await seedCalendar();
    process.stdout.write(added ? `seeded: ${added} days from the bundled calendar\n` : 'already seeded: nothing changed\n');
    return;
  }
  usage(command === '-h' || command === '--help' ? 0 : 2);
}

main().catch((e: unknown) => {
  if (e instanceof ValidationError) {
    for (const i of e.issues) process.stderr.write(`${i.field}: ${i.vi} / ${i.en}\n`);
    process.exit(2);
  }
  process.stderr.write(`${explainConnectionError(e, target)}\n`);
  process.exit(1);
});
