import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { closeList, listKey, readList } from '../../shared/data/leader-lists';
import { writeMail } from '../../shared/data/ledger';
import { loadDirectory } from '../../shared/data/plan-directory';
import { addDays, localDate } from '../../shared/domain/dates';
import { renderLeaderList } from '../../shared/mail/templates/leader-list';
import { enqueueMail } from '../../shared/mail/outbox';
import { comrade } from '../../shared/mail/recipients';
import { requireEnv } from '../../shared/runtime/config';
import { createLogger } from '../../shared/runtime/log';
import { runInstant, scheduledTimeOf } from '../../shared/runtime/schedule';

const log = createLogger({ fn: 'leader-list' });

/** Days back a run looks for a list whose run failed or never came (an outage, a day of failed retries). */
export const CATCH_UP_DAYS = 6;

export interface LeaderListRunResult {
  today: string;
  /** Lists emailed by this run. */
  queued: number;
  /** Lists already emailed (a repeated run), or emailed by a concurrent one. */
  alreadySent: number;
  /** Tasks on the lists this run emailed. */
  tasks: number;
}

/**
 * Each leader's list of the day (shared/data/leader-lists.ts): for the chair and each vice-chair,
 * the day is closed (no task can be added to it after), its entries read, and one email written
 * to the ledger under `leaders#<leader>#<day>` (conditional: one writer wins) and queued. The days
 * before it are looked at too, so a list whose run failed is sent by the next one. Safe to repeat.
 */
export async function run(scheduledTime?: string): Promise<LeaderListRunResult> {
  const at = runInstant(scheduledTime);
  const today = localDate(at);
  const result: LeaderListRunResult = { today, queued: 0, alreadySent: 0, tasks: 0 };
  const dir = await loadDirectory();
  const leaders = dir.leaders.filter((l) => l.role === 'chair' || l.role === 'vice_chair');
  const link = `${requireEnv('APP_URL').replace(/\/+$/, '')}/`;
  for (let back = CATCH_UP_DAYS; back >= 0; back--) {
    const day = addDays(today, -back);
    // The instant this day's list was due (its own scheduled run): what the list records, so a
    // list closed or sent by a retried or later run is the same as one sent on time.
    const due = new Date(at.getTime() - back * 86_400_000).toISOString();
    for (const leader of leaders) {
      const key = listKey(leader.id, day);
      // One read for a day already sent or closed empty (most of the days looked back on).
      let list = await readList(leader.id, day);
      if (list.sent) continue;
      if (!list.closed) {
        await closeList(leader.id, day, due);
        list = await readList(leader.id, day);
      }
      const tasks = list.entries;
      if (!tasks.length) continue;
      const mail = renderLeaderList({ recipientLabel: comrade(leader), chair: leader.role === 'chair', day, tasks, link, planCode: dir.meta?.code ?? '' });
      const won = await writeMail(key, { to: [leader.email], cc: [], ...mail, rule: 'leader-list', correlationId: `leader-list-${day}` }, due);
      if (!won) {
        result.alreadySent++;
        continue;
      }
      await enqueueMail([key]);
      result.queued++;
      result.tasks += tasks.length;
      log.info('leader list queued', { key, leader: leader.id, day, tasks: tasks.map((t) => `${t.taskId}:${t.rule}`) });
    }
  }
  log.info('leader list run done', { ...result });
  return result;
}

export const handler = middy<unknown, LeaderListRunResult>()
  .use(injectLambdaContext(log.powertools, { resetKeys: true }))
  .handler((event) => run(scheduledTimeOf(event, log)));
