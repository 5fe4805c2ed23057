import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import type { User } from '../auth';
import { agencyName, allTasks, byUrgency, loadDirectory } from '../data';
import { deadline, workingDays } from '../format';
import type { Agency, Task } from '../types';
import { Link, Loading, Problem, Progress, StatusBadge } from '../ui';
import { OwnIndicators } from './indicators';

/** "Nhiệm vụ của đơn vị": the tasks the agency leads or co-operates on, overdue first. */
export function AgencyTasks(props: { user: User }) {
  const [tasks, setTasks] = useState<Task[]>();
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<ApiError>();
  const code = props.user.agency ?? '';
  useEffect(() => {
    Promise.all([allTasks(), loadDirectory()])
      .then(([t, d]) => {
        setAgencies(d.items);
        setTasks(t.filter((x) => x.leadAgency === code || x.coAgencies.includes(code)).sort(byUrgency));
      })
      .catch(setError);
  }, [code]);
  if (error) return <Problem error={error} />;
  if (!tasks) return <Loading />;
  const overdue = tasks.filter((t) => t.status === 'overdue').length;
  return (
    <section aria-labelledby="h-tasks">
      <h1 id="h-tasks">Nhiệm vụ của đơn vị</h1>
      <p class="lead">
        {agencyName(agencies, code)}: {tasks.length} nhiệm vụ ({tasks.filter((t) => t.leadAgency === code).length} chủ trì,{' '}
        {tasks.filter((t) => t.leadAgency !== code).length} phối hợp){overdue ? `, ${overdue} quá hạn` : ''}.
      </p>
      <TaskTable tasks={tasks} agencies={agencies} own={code} />
      <OwnIndicators agency={code} />
    </section>
  );
}

/** Tasks as cards on a phone, as rows on a desktop (one markup, laid out by CSS). */
export function TaskTable(props: { tasks: Task[]; agencies: Agency[]; own?: string; empty?: string }) {
  if (!props.tasks.length) return <p>{props.empty ?? 'Không có nhiệm vụ.'}</p>;
  return (
    <ul class="tasks">
      {props.tasks.map((t) => (
        <li key={t.id} class={`task s-${t.status}`}>
          <div class="t-head">
            <Link href={`/tasks/${encodeURIComponent(t.id)}`} class="t-id">
              {t.id}
            </Link>
            <StatusBadge status={t.status} label={t.statusLabel} />
            {props.own && <span class="role">{t.leadAgency === props.own ? 'Chủ trì' : 'Phối hợp'}</span>}
            {t.pendingExtension && <span class="role warn">Chờ quyết định gia hạn</span>}
          </div>
          <Link href={`/tasks/${encodeURIComponent(t.id)}`} class="t-title">
            {t.title}
          </Link>
          <dl class="t-facts">
            <div>
              <dt>Thời hạn</dt>
              <dd>{deadline(t.deadline)}</dd>
            </div>
            {t.dueIn && (
              <div>
                <dt>Còn lại</dt>
                <dd class={t.dueIn.workingDays < 0 ? 'late' : ''}>{workingDays(t.dueIn.workingDays)}</dd>
              </div>
            )}
            {!props.own && (
              <div>
                <dt>Chủ trì</dt>
                <dd>{agencyName(props.agencies, t.leadAgency)}</dd>
              </div>
            )}
            <div>
              <dt>Tiến độ</dt>
              <dd>
                <Progress value={t.progress} />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
