import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideExtension, getExtension } from '../../shared/data/extensions';
import { getTask, listTasks } from '../../shared/data/tasks';
import { startTestSystem } from '../support/local';

/**
 * Extensions and completion: a task already completed cannot be given a later deadline, whether
 * the completion came before the approval was asked for or raced it. Otherwise "hoàn thành quá
 * hạn" (completed late) would turn into "hoàn thành trong thời hạn được gia hạn" after the fact.
 */
let sys: Awaited<ReturnType<typeof startTestSystem>>;
let open: Array<{ id: string; lead: string }>;

async function call(method: string, url: string, token: string, body?: unknown) {
  const res = await fetch(sys.urls.api + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The lead agency asks for 30/6/2030, then reports the task complete (progress 100). */
async function requestThenComplete(taskId: string, lead: string): Promise<string> {
  const agency = await sys.token({ role: 'agency', agency: lead });
  const ext = await call('POST', `/tasks/${taskId}/extension-requests`, agency, { proposedDueDate: '30/6/2030', reason: 'Chờ ý kiến của Bộ' });
  expect(ext.status).toBe(201);
  const done = await call('POST', `/tasks/${taskId}/updates`, agency, { progress: 100, note: 'Đã hoàn thành' });
  expect(done.status).toBe(202);
  await sys.drain();
  expect((await getTask(taskId))?.completedOn).toBeTruthy();
  return String(ext.body.id);
}

beforeAll(async () => {
  sys = await startTestSystem();
  await sys.drain();
  open = (await listTasks({ limit: 200 })).items
    .filter((t) => t.deadline.kind !== 'recurring' && !t.completedOn && !t.pendingExtension)
    .map((t) => ({ id: t.id, lead: t.leadAgency }));
});
afterAll(async () => sys?.cleanup());

describe('deciding an extension on a completed task', () => {
  it('refuses to approve it (409, in Vietnamese and English) and leaves the deadline as it was', async () => {
    const { id: taskId, lead } = open[0]!;
    const extId = await requestThenComplete(taskId, lead);
    const office = await sys.token({ role: 'office' });
    const res = await call('POST', `/extension-requests/${extId}/decision`, office, { decision: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.error.en).toContain('complete');
    expect(res.body.error.vi).toContain('hoàn thành');
    const task = await getTask(taskId);
    expect(task?.revisedDueDate).toBeUndefined();
    expect((await getExtension(extId))?.status).toBe('pending');
    // Rejecting it still closes the request.
    expect((await call('POST', `/extension-requests/${extId}/decision`, office, { decision: 'reject' })).status).toBe(200);
    expect((await getTask(taskId))?.pendingExtension).toBeUndefined();
  });

  it('writes an approval only while the task is still open, so a completion racing it wins', async () => {
    const { id: taskId, lead } = open[1]!;
    const extId = await requestThenComplete(taskId, lead);
    // The approval was prepared from the request as read before the completion landed.
    const r = (await getExtension(extId))!;
    const at = new Date().toISOString();
    const ok = await decideExtension(
      r,
      { status: 'approved', decidedBy: { sub: 'office-1', role: 'office' }, decidedAt: at, decisionRequestId: 'race-1', newDueDate: '2030-06-30' },
      `extension#${extId}#decided`,
      { to: ['x@example.vn'], cc: [], subject: 's', html: '<p>h</p>', text: 't' },
    );
    expect(ok).toBe(false);
    const task = await getTask(taskId);
    expect(task?.revisedDueDate).toBeUndefined();
    expect(task?.pendingExtension).toBe(extId);
    expect((await getExtension(extId))?.status).toBe('pending');
  });
});
