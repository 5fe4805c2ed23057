import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError } from '../api';
import type { User } from '../auth';
import { allTasks, byUrgency, inScope, loadDirectory } from '../data';
import { date } from '../format';
import type { Agency, HistoryItem, Leader, Task } from '../types';
import { Link, Loading, Problem } from '../ui';
import { TaskTable } from './agency';

const STATUS_ORDER: Array<[Task['status'], string]> = [
  ['overdue', 'Quá hạn chưa hoàn thành'],
  ['in_progress', 'Đang thực hiện trong hạn'],
  ['completed_on_time', 'Hoàn thành đúng hạn'],
  ['completed_after_extension', 'Hoàn thành trong hạn gia hạn'],
  ['completed_late', 'Hoàn thành quá hạn'],
];

/** A leader's (or the office's) dashboard: counts, overdue longest first, the next 14 days, pending extensions. */
export function Dashboard(props: { user: User }) {
  const [data, setData] = useState<{ tasks: Task[]; agencies: Agency[]; leaders: Leader[]; requests: Map<string, HistoryItem> }>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    Promise.all([allTasks(), loadDirectory()])
      .then(async ([all, d]) => {
        const tasks = all.filter((t) => inScope(props.user, t, d.leaders));
        const requests = new Map<string, HistoryItem>();
        // Each pending request's reason and proposed date are in its task's history.
        await Promise.all(
          tasks
            .filter((t) => t.pendingExtension)
            .map(async (t) => {
              const h = await answer(api().GET('/tasks/{id}/updates', { params: { path: { id: t.id }, query: { limit: 50 } } }));
              const r = h.items.find((x) => x.type === 'ExtensionRequested' && x.extensionId === t.pendingExtension);
              if (r) requests.set(t.id, r);
            }),
        );
        setData({ tasks, agencies: d.items, leaders: d.leaders, requests });
      })
      .catch(setError);
  }, [props.user.leader, props.user.role]);
  if (error) return <Problem error={error} />;
  if (!data) return <Loading />;
  const me = data.leaders.find((l) => l.id === props.user.leader);
  const overdue = data.tasks.filter((t) => t.status === 'overdue').sort(byUrgency);
  const soon = data.tasks.filter((t) => t.status === 'in_progress' && t.dueIn && t.dueIn.days >= 0 && t.dueIn.days <= 14).sort(byUrgency);
  const pending = data.tasks.filter((t) => t.pendingExtension);
  return (
    <section aria-labelledby="h-dash">
      <h1 id="h-dash">Tình hình thực hiện</h1>
      <p class="lead">
        {me ? `${me.title.split('\n')[0]} ${me.name}` : 'Văn phòng UBND Thành phố'}:{' '}
        {me && me.role !== 'chair' ? 'các nhiệm vụ thuộc lĩnh vực được phân công phụ trách' : 'toàn bộ chương trình'} ({data.tasks.length} nhiệm vụ).
      </p>
      {props.user.role === 'office' && (
        <p class="buttons">
          <Link href="/plan" class="button">
            Kế hoạch: nạp và tải về
          </Link>
          <Link href="/delivery" class="button">
            Tình trạng gửi thư
          </Link>
          <Link href="/calendar" class="button">
            Lịch nghỉ, làm bù
          </Link>
        </p>
      )}
      <ul class="counts" aria-label="Số nhiệm vụ theo tình trạng">
        {STATUS_ORDER.map(([s, label]) => (
          <li key={s} class={`s-${s}`}>
            <span class="n">{data.tasks.filter((t) => t.status === s).length}</span>
            <span>{label}</span>
          </li>
        ))}
      </ul>
      <section aria-labelledby="h-pending-list">
        <h2 id="h-pending-list">Đề nghị gia hạn chờ quyết định ({pending.length})</h2>
        {!pending.length && <p>Không có đề nghị nào.</p>}
        <ul class="requests">
          {pending.map((t) => {
            const r = data.requests.get(t.id);
            return (
              <li key={t.id} class="card">
                <Link href={`/tasks/${encodeURIComponent(t.id)}#gia-han`} class="t-title">
                  {t.id} — {t.title}
                </Link>
                <p>
                  Thời hạn hiện tại: {date(t.deadline.revisedDueDate ?? ('dueDate' in t.deadline ? t.deadline.dueDate : undefined))}; đề nghị:{' '}
                  <strong>{date(r?.proposedDueDate)}</strong>
                </p>
                {r?.reason && <p>Lý do: {r.reason}</p>}
                <Link href={`/tasks/${encodeURIComponent(t.id)}#gia-han`} class="button">
                  Xem và quyết định
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="h-overdue">
        <h2 id="h-overdue">Quá hạn, lâu nhất trước ({overdue.length})</h2>
        <TaskTable tasks={overdue} agencies={data.agencies} empty="Không có nhiệm vụ quá hạn." />
      </section>
      <section aria-labelledby="h-soon">
        <h2 id="h-soon">Đến hạn trong 14 ngày tới ({soon.length})</h2>
        <TaskTable tasks={soon} agencies={data.agencies} empty="Không có nhiệm vụ đến hạn trong 14 ngày tới." />
      </section>
    </section>
  );
}
