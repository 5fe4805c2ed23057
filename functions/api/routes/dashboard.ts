import { digestRecipients, loadDigestData } from '../../../shared/digest/input';
import { buildDigest, type DigestRecipient } from '../../../shared/digest/model';
import { getExtension } from '../../../shared/data/extensions';
import { listValues } from '../../../shared/data/indicators';
import { inParallel } from '../../../shared/data/table';
import type { Caller } from '../../../shared/domain/caller';
import { isoWeekOf, localDate } from '../../../shared/domain/dates';
import { latestByPeriod } from '../../../shared/domain/indicators';
import { now } from '../../../shared/runtime/clock';
import type { Route } from '../context';
import { HttpError, json } from '../http';

/** The recipient whose digest the dashboard is: the leader calling, or, for the office, the plan's office. */
function recipientFor(caller: Caller, recipients: DigestRecipient[]): DigestRecipient {
  const found = caller.role === 'office' ? recipients.find((r) => r.role === 'office') : recipients.find((r) => r.id === caller.leaderId);
  if (found) return found;
  if (caller.role === 'office') {
    return { id: 'VP', role: 'office', name: 'Văn phòng UBND Thành phố', title: 'Văn phòng UBND Thành phố', email: '', fields: [] };
  }
  throw new HttpError(404, 'not_found', `Kế hoạch không có lãnh đạo "${caller.leaderId ?? ''}".`, `The plan has no leader "${caller.leaderId ?? ''}".`);
}

/**
 * The dashboard of a leader (their scope) or of the office (the whole programme): the parts of the
 * weekly digest's model the portal shows, built by the same function as the Monday email
 * (buildDigest) for today, so the two cannot disagree. Each indicator in scope also carries the
 * value that counts per period and its planned path, for the chart; each pending extension request
 * in scope its reason and proposed date.
 */
async function dashboard(caller: Caller) {
  const today = localDate(now());
  const { dir, base } = await loadDigestData();
  const recipient = recipientFor(caller, digestRecipients(dir));
  const model = buildDigest({ ...base, recipient, week: isoWeekOf(today), today });

  const defs = new Map(dir.indicators.map((d) => [d.id, d]));
  const series = new Map<string, Array<{ period: string; value: number }>>();
  await inParallel(model.indicators, 8, async (line) => {
    const latest = latestByPeriod(await listValues(line.id));
    series.set(
      line.id,
      [...latest.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, v]) => ({ period, value: v.value })),
    );
  });

  const fields = new Set(model.scope.fields);
  const pendingTasks = base.tasks.filter((t) => t.pendingExtension && (model.scope.all || fields.has(t.field)));
  const agencyName = new Map(dir.agencies.map((a) => [a.code, a.name]));
  const pending: Array<Record<string, unknown>> = [];
  await inParallel(pendingTasks, 8, async (t) => {
    const r = await getExtension(t.pendingExtension!);
    if (r?.status !== 'pending') return;
    pending.push({
      id: r.id,
      taskId: t.id,
      title: t.title,
      leadAgency: t.leadAgency,
      leadAgencyName: agencyName.get(t.leadAgency) ?? t.leadAgency,
      currentDueDate: r.previousDueDate,
      proposedDueDate: r.proposedDueDate,
      reason: r.reason,
      requestedAt: r.requestedAt,
    });
  });
  pending.sort((a, b) => String(a.requestedAt).localeCompare(String(b.requestedAt)));

  return {
    recipient: { id: recipient.id, role: recipient.role, name: recipient.name, title: recipient.title },
    scope: model.scope,
    week: model.week,
    today: model.today,
    headline: model.headline,
    overdue: model.overdue,
    upcoming: model.upcoming,
    indicators: model.indicators.map((line) => {
      const def = defs.get(line.id);
      return {
        ...line,
        targets: def?.targets ?? [],
        ...(def?.path ? { path: def.path } : {}),
        values: series.get(line.id) ?? [],
      };
    }),
    pendingExtensions: pending,
  };
}

/** GET /dashboard: a leader's dashboard of their scope, the office's of the whole programme. */
export const show: Route = async ({ caller }) => json(200, await dashboard(caller));
