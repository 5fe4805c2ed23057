import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError, type Schemas } from '../api';
import type { User } from '../auth';
import { changeText, date, deadline, periodLabel, withUnit } from '../format';
import { Link, Loading, Problem, Progress } from '../ui';
import { COLOUR, Chart } from './indicators';

type Dashboard = Schemas['Dashboard'];
type Status = keyof Dashboard['headline']['now'];
type IndicatorLine = Dashboard['indicators'][number];

const STATUS_ORDER: Array<[Status, string]> = [
  ['overdue', 'Quá hạn chưa hoàn thành'],
  ['in_progress', 'Đang thực hiện trong hạn'],
  ['completed_on_time', 'Hoàn thành đúng hạn'],
  ['completed_after_extension', 'Hoàn thành trong hạn gia hạn'],
  ['completed_late', 'Hoàn thành quá hạn'],
];

const RAG: Array<[IndicatorLine['status'], string]> = [
  ['red', 'Đỏ'],
  ['amber', 'Vàng'],
  ['green', 'Xanh'],
  ['unknown', 'Chưa có số liệu'],
];

/** The deadline as written and the date in force: "Quý IV/2025 (31/12/2025)", "15/10/2025; gia hạn đến 31/10/2025". */
const deadlineOf = (t: { deadlineText: string; dueDate: string; revised: boolean }) =>
  t.revised ? `${t.deadlineText}; gia hạn đến ${date(t.dueDate)}` : deadline({ text: t.deadlineText, dueDate: t.dueDate });

const taskLink = (id: string, hash = '') => `/tasks/${encodeURIComponent(id)}${hash}`;

/**
 * A leader's (or the office's) dashboard, from the weekly digest's model for today (GET
 * /dashboard): counts by status with their change since a week ago, the extension requests waiting
 * for a decision, overdue tasks longest first, deadlines in the next 14 days, indicators by colour
 * with their chart, and the link to the archive of weekly digests.
 */
export function Dashboard(props: { user: User }) {
  const [d, setD] = useState<Dashboard>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    answer(api().GET('/dashboard')).then(setD).catch(setError);
  }, [props.user.leader, props.user.role]);
  if (error) return <Problem error={error} />;
  if (!d) return <Loading />;
  const h = d.headline;
  const who = d.recipient.role === 'office' ? d.recipient.name : `${d.recipient.title.split('\n')[0]} ${d.recipient.name}`;
  return (
    <section aria-labelledby="h-dash">
      <h1 id="h-dash">Tình hình thực hiện</h1>
      <p class="lead">
        {who}: {d.scope.all ? 'toàn bộ chương trình' : 'các nhiệm vụ thuộc lĩnh vực được phân công phụ trách'} ({h.total} nhiệm vụ), số liệu ngày {date(h.asOf)}
        .
      </p>
      <p class="buttons">
        <Link href="/digests" class="button">
          Báo cáo tuần đã gửi
        </Link>
        {props.user.role === 'office' && (
          <>
            <Link href="/plan" class="button">
              Kế hoạch: nạp và tải về
            </Link>
            <Link href="/delivery" class="button">
              Tình trạng gửi thư
            </Link>
            <Link href="/calendar" class="button">
              Lịch nghỉ, làm bù
            </Link>
          </>
        )}
      </p>
      <h2 id="h-counts">Số nhiệm vụ theo tình trạng</h2>
      <ul class="counts" aria-labelledby="h-counts" aria-describedby="counts-note">
        {STATUS_ORDER.map(([s, label]) => (
          <li key={s} class={`s-${s}`} data-status={s}>
            <span class="n">{h.now[s]}</span>
            <span>{label}</span>
            <span class={`chg${h.change[s] > 0 ? ' up' : h.change[s] < 0 ? ' down' : ''}`}>{changeText(h.change[s])}</span>
          </li>
        ))}
      </ul>
      <p id="counts-note" class="ind-meta">
        So với ngày {date(h.previousAsOf)} (cùng ngày tuần trước: {h.previousTotal} nhiệm vụ), tính như báo cáo tuần gửi lãnh đạo.
      </p>
      <Pending d={d} />
      <section aria-labelledby="h-overdue">
        <h2 id="h-overdue">Quá hạn, lâu nhất trước ({d.overdue.length})</h2>
        {!d.overdue.length && <p>Không có nhiệm vụ quá hạn.</p>}
        <ul class="tasks">
          {d.overdue.map((t) => (
            <DashboardTask key={t.id} t={t} status="overdue" badge={`Quá hạn ${t.workingDaysOverdue} ngày làm việc`}>
              {(t.chasers > 0 || t.listedForMeetingOn) && (
                <div>
                  <dt>Đôn đốc</dt>
                  <dd>
                    {t.chasers} lần{t.listedForMeetingOn ? `; đưa vào giao ban ngày ${date(t.listedForMeetingOn)}` : ''}
                  </dd>
                </div>
              )}
              {t.waitingOnName && (
                <div>
                  <dt>Đang chờ</dt>
                  <dd>{t.waitingOnName}</dd>
                </div>
              )}
            </DashboardTask>
          ))}
        </ul>
      </section>
      <section aria-labelledby="h-soon">
        <h2 id="h-soon">
          Đến hạn trong 14 ngày tới ({d.upcoming.tasks.length}): {date(d.upcoming.from)} – {date(d.upcoming.to)}
        </h2>
        {!d.upcoming.tasks.length && <p>Không có nhiệm vụ đến hạn trong 14 ngày tới.</p>}
        <ul class="tasks">
          {d.upcoming.tasks.map((t) => (
            <DashboardTask key={t.id} t={t} status="in_progress" badge={t.workingDaysLeft ? `Còn ${t.workingDaysLeft} ngày làm việc` : 'Đến hạn hôm nay'} />
          ))}
        </ul>
      </section>
      <Indicators lines={d.indicators} year={Number(d.today.slice(0, 4))} />
    </section>
  );
}

/** The extension requests in scope waiting for a decision, with the reason and the date proposed. */
/** A task on the dashboard: its id and badge, title, deadline, lead agency and progress, and any facts of its list. */
function DashboardTask(props: {
  t: Dashboard['upcoming']['tasks'][number] | Dashboard['overdue'][number];
  status: Status;
  badge: string;
  children?: ComponentChildren;
}) {
  const { t } = props;
  return (
    <li class={`task s-${props.status}`}>
      <div class="t-head">
        <Link href={taskLink(t.id)} class="t-id">
          {t.id}
        </Link>
        <span class={`badge s-${props.status}`}>{props.badge}</span>
        {t.pendingExtension && <span class="role warn">Chờ quyết định gia hạn</span>}
      </div>
      <Link href={taskLink(t.id)} class="t-title">
        {t.title}
      </Link>
      <dl class="t-facts">
        <div>
          <dt>Thời hạn</dt>
          <dd>{deadlineOf(t)}</dd>
        </div>
        <div>
          <dt>Chủ trì</dt>
          <dd>{t.leadAgencyName}</dd>
        </div>
        <div>
          <dt>Tiến độ</dt>
          <dd>
            <Progress value={t.progress} />
          </dd>
        </div>
        {props.children}
      </dl>
    </li>
  );
}

function Pending(props: { d: Dashboard }) {
  const list = props.d.pendingExtensions;
  return (
    <section aria-labelledby="h-pending-list">
      <h2 id="h-pending-list">Đề nghị gia hạn chờ quyết định ({list.length})</h2>
      {!list.length && <p>Không có đề nghị nào.</p>}
      <ul class="requests">
        {list.map((r) => (
          <li key={r.id} class="card">
            <Link href={taskLink(r.taskId, '#gia-han')} class="t-title">
              {r.taskId} — {r.title}
            </Link>
            <p>
              {r.leadAgencyName}. Thời hạn hiện tại: {date(r.currentDueDate)}; đề nghị: <strong>{date(r.proposedDueDate)}</strong>
            </p>
            <p>Lý do: {r.reason}</p>
            <Link href={taskLink(r.taskId, '#gia-han')} class="button">
              Xem và quyết định
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

const amount = (n: number | undefined, unit: string) => (n === undefined ? '—' : withUnit(n, unit));

/** The indicators in scope by colour (red, amber, green, no data), each with its figures, its reason and its chart. */
function Indicators(props: { lines: IndicatorLine[]; year: number }) {
  return (
    <section aria-labelledby="h-dash-ind">
      <h2 id="h-dash-ind">Chỉ tiêu theo mức cảnh báo ({props.lines.length})</h2>
      {!props.lines.length && <p>Không có chỉ tiêu thuộc phạm vi theo dõi.</p>}
      {RAG.map(([colour, word]) => {
        const group = props.lines.filter((i) => i.status === colour);
        if (!group.length) return null;
        const cards = (
          <ul class="ind-cards">
            {group.map((i) => {
              const year = i.year ?? props.year;
              const target = i.target ?? i.targets.find((t) => t.period === String(year))?.value;
              return (
                <li key={i.id} class="card" data-indicator={i.id}>
                  <p class="t-head">
                    <Link href={`/indicators/${encodeURIComponent(i.id)}`}>
                      <span class="t-id">{i.id}</span> {i.name}
                    </Link>
                  </p>
                  <p class="ind-line">
                    <span class={`badge c-${i.status}`}>{COLOUR[i.status]}</span>
                  </p>
                  <dl class="t-facts">
                    <div>
                      <dt>Thực hiện{i.period ? ` (${periodLabel(i.period)})` : ''}</dt>
                      <dd>{amount(i.latest, i.unit)}</dd>
                    </div>
                    {i.planned !== undefined && (
                      <div>
                        <dt>Theo lộ trình</dt>
                        <dd>{amount(i.planned, i.unit)}</dd>
                      </div>
                    )}
                    <div>
                      <dt>Mục tiêu năm {year}</dt>
                      <dd>{amount(target, i.unit)}</dd>
                    </div>
                  </dl>
                  <p>{i.reason}</p>
                  <Chart ind={i} />
                </li>
              );
            })}
          </ul>
        );
        const heading = (
          <>
            <span class={`badge c-${colour}`}>{word}</span> {colour === 'unknown' ? '' : COLOUR[colour]} ({group.length})
          </>
        );
        // Without data there is only the planned path to show: folded, so the colours come first.
        if (colour === 'unknown') {
          return (
            <details key={colour} class="rag-unknown">
              <summary>{heading}</summary>
              {cards}
            </details>
          );
        }
        return (
          <section key={colour} aria-labelledby={`h-rag-${colour}`}>
            <h3 id={`h-rag-${colour}`}>{heading}</h3>
            {cards}
          </section>
        );
      })}
    </section>
  );
}
