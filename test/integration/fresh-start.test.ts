import { afterAll, beforeAll, expect, it } from 'vitest';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { savePlan } from '../../shared/data/plan-directory';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { runSchedule, readInbox, startTestSystem } from '../support/local';

/**
 * A system started on a plan that is already late: the sample plan imported on Monday 2/3/2026
 * (07:30 in Hanoi), when many of its tasks are past their deadlines. One deadline run and one run
 * of the leaders' lists must not flood the chair: each overdue task gets its first chaser, to its
 * agency, and nothing has climbed to a leader yet.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;

const inbox = () => readInbox(sys.urls.inbox);
const run = (schedule: string) => runSchedule(sys, schedule);

beforeAll(async () => {
  sys = await startTestSystem({ loadSample: false });
  sys.clock.set(new Date('2026-03-02T00:30:00Z'));
  await savePlan(parsePlan(readPlanDir(SAMPLE_PLAN_DIR)), '2026-03-02', {
    actor: { sub: 'test', role: 'office' },
    at: '2026-03-02T00:30:00Z',
    requestId: 'test-import',
  });
});
afterAll(async () => sys?.cleanup());

it('a fresh start on a plan already late sends the chair at most one email: here none, and each overdue task one chaser to its agency', async () => {
  await run('deadline-daily');
  await run('leader-list-daily');
  const mails = await inbox();
  const chair = mails.filter((m) => [...m.destination.to, ...m.destination.cc].some((a) => a.includes('chutich@ubnd.ha-noi.example')));
  expect(chair).toHaveLength(0);
  const chasers = mails.filter((m) => m.subject.startsWith('[Quá hạn]'));
  // Not vacuous: the plan is late, and every late task got its first chaser, and only that.
  expect(chasers.length).toBeGreaterThan(10);
  expect(mails.filter((m) => /Đôn đốc lần|Báo cáo Chủ tịch|Quá hạn \d+ ngày/.test(m.subject))).toHaveLength(0);
});
