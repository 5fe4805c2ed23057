import { useEffect, useState } from 'preact/hooks';
import { ApiError, answer, api, type Schemas } from '../api';
import type { User } from '../auth';
import { agencyName, loadDirectory } from '../data';
import { date, dateTime, deadline, workingDays } from '../format';
import type { Actor, Agency, Directory, HistoryItem, Leader, Task } from '../types';
import { Field, Link, Loading, Problem, Progress, StatusBadge, useAction } from '../ui';

/** The task page: facts, the pending extension request, the forms the user may use, the history. */
export function TaskPage(props: { user: User; id: string }) {
  const [task, setTask] = useState<Task>();
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [dir, setDir] = useState<Directory>({ items: [], leaders: [] });
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const id = { path: { id: props.id } };
  const load = () =>
    Promise.all([
      answer(api().GET('/tasks/{id}', { params: id })),
      answer(api().GET('/tasks/{id}/updates', { params: { ...id, query: { limit: 100 } } })),
      loadDirectory(),
    ])
      .then(([t, h, d]) => {
        setTask(t);
        setHistory(h.items);
        setDir(d);
      })
      .catch(setError);
  useEffect(() => {
    void load();
  }, [props.id]);
  if (error && !task) return <Problem error={error} />;
  if (!task) return <Loading />;
  const u = props.user;
  const isLead = u.role === 'agency' && u.agency === task.leadAgency;
  const isCo = u.role === 'agency' && !!u.agency && task.coAgencies.includes(u.agency);
  const pending = task.pendingExtension ? history.find((h) => h.type === 'ExtensionRequested' && h.extensionId === task.pendingExtension) : undefined;
  /** Accepted reports are applied from a queue: read again a few times shortly after. */
  const done = (msg: string) => {
    setNotice(msg);
    void load();
    for (const ms of [700, 2000, 5000]) setTimeout(() => void load(), ms);
  };
  return (
    <article aria-labelledby="h-task">
      <p class="crumbs">
        <Link href="/">← Danh sách</Link>
      </p>
      <h1 id="h-task">
        <span class="t-id">{task.id}</span> {task.title}
      </h1>
      <p>
        <StatusBadge status={task.status} label={task.statusLabel} />
        {task.waitingOnCoAgency && (
          <span class="role warn">{task.waitingOn ? `Đang chờ ${agencyName(dir.items, task.waitingOn)} phối hợp` : 'Đang chờ cơ quan phối hợp'}</span>
        )}
      </p>
      <dl class="facts">
        <div>
          <dt>Sản phẩm</dt>
          <dd>{task.deliverable}</dd>
        </div>
        <div>
          <dt>Cơ quan chủ trì</dt>
          <dd>{agencyName(dir.items, task.leadAgency)}</dd>
        </div>
        <div>
          <dt>Cơ quan phối hợp</dt>
          <dd>{task.coAgencies.map((c) => agencyName(dir.items, c)).join('; ') || '—'}</dd>
        </div>
        <div>
          <dt>Thời hạn</dt>
          <dd>{deadline(task.deadline)}</dd>
        </div>
        {task.dueIn && (
          <div>
            <dt>Còn lại</dt>
            <dd class={task.dueIn.workingDays < 0 ? 'late' : ''}>{workingDays(task.dueIn.workingDays)}</dd>
          </div>
        )}
        <div>
          <dt>Tiến độ</dt>
          <dd>
            <Progress value={task.progress} />
          </dd>
        </div>
      </dl>
      {notice && (
        <p class="ok" role="status">
          {notice}
        </p>
      )}
      {pending && (
        <Decision
          user={u}
          task={task}
          request={pending}
          leaders={dir.leaders}
          onDone={(approved) => done(approved ? 'Đã phê duyệt gia hạn.' : 'Đã từ chối đề nghị gia hạn.')}
        />
      )}
      {(isLead || isCo) && (
        <ReportForm
          lead={isLead}
          taskId={task.id}
          co={task.coAgencies.map((code) => ({ code, name: agencyName(dir.items, code) }))}
          waitingOn={task.waitingOnCoAgency ? (task.waitingOn ?? '') : ''}
          onDone={() => done('Đã gửi báo cáo. Lịch sử được cập nhật sau giây lát.')}
        />
      )}
      {isLead && task.deadline.kind !== 'recurring' && task.dueIn && !task.pendingExtension && (
        <ExtensionForm taskId={task.id} onDone={() => done('Đã gửi đề nghị gia hạn.')} />
      )}
      <History items={history} agencies={dir.items} leaders={dir.leaders} />
    </article>
  );
}

function ReportForm(props: { lead: boolean; taskId: string; co: Array<{ code: string; name: string }>; waitingOn: string; onDone: () => void }) {
  const [progress, setProgress] = useState('');
  const [note, setNote] = useState('');
  const [docNo, setDocNo] = useState('');
  const [docDate, setDocDate] = useState('');
  // The co-operating agency the lead waits on ('' for none), as the task says now.
  const [waiting, setWaiting] = useState(props.waitingOn);
  const { busy, error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const body: Schemas['UpdateBody'] = { note };
    if (props.lead && progress.trim() !== '') body.progress = Number(progress.replace(',', '.'));
    if (docNo.trim() || docDate.trim()) body.evidence = { documentNumber: docNo, documentDate: docDate };
    if (props.lead && waiting !== props.waitingOn) {
      if (waiting) body.waitingOn = waiting;
      else body.waitingOnCoAgency = false;
    }
    void run(async () => {
      await answer(api().POST('/tasks/{id}/updates', { params: { path: { id: props.taskId } }, body }));
      // Sent: the form is cleared only now; a failure keeps everything typed.
      setProgress('');
      setNote('');
      setDocNo('');
      setDocDate('');
      props.onDone();
    });
  };
  return (
    <section class="card" aria-labelledby="h-report">
      <h2 id="h-report">{props.lead ? 'Báo cáo tiến độ' : 'Gửi ý kiến phối hợp'}</h2>
      <form onSubmit={submit} noValidate>
        {props.lead && (
          <Field id="r-progress" name="progress" label="Tiến độ (%)" hint="Từ 0 đến 100; 100 là đã hoàn thành." error={error}>
            {(a) => (
              <input {...a} type="number" inputMode="numeric" min={0} max={100} step={1} value={progress} onInput={(e) => setProgress(e.currentTarget.value)} />
            )}
          </Field>
        )}
        <Field id="r-note" name="note" label="Nội dung báo cáo" error={error}>
          {(a) => <textarea {...a} rows={4} required value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
        </Field>
        <fieldset>
          <legend>Văn bản kèm theo (nếu có)</legend>
          <Field id="r-docno" name="evidence.documentNumber" label="Số văn bản" hint="Ví dụ: 123/STC-KH" error={error}>
            {(a) => <input {...a} type="text" value={docNo} onInput={(e) => setDocNo(e.currentTarget.value)} />}
          </Field>
          <Field id="r-docdate" name="evidence.documentDate" label="Ngày văn bản" hint="dd/mm/yyyy" error={error}>
            {(a) => (
              <input {...a} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={docDate} onInput={(e) => setDocDate(e.currentTarget.value)} />
            )}
          </Field>
        </fieldset>
        {props.lead && props.co.length > 0 && (
          <Field
            id="r-waiting"
            name="waitingOn"
            label="Đang chờ cơ quan phối hợp"
            hint="Cơ quan được nêu sẽ được đồng gửi thư đôn đốc, đề nghị khẩn trương phối hợp."
            error={error}
          >
            {(a) => (
              <select {...a} value={waiting} onChange={(e) => setWaiting(e.currentTarget.value)}>
                <option value="">Không chờ cơ quan nào</option>
                {props.co.map((c) => (
                  <option value={c.code}>{c.name}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Problem error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Đang gửi…' : 'Gửi báo cáo'}
        </button>
      </form>
    </section>
  );
}

function ExtensionForm(props: { taskId: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [due, setDue] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  if (!open)
    return (
      <p>
        <button type="button" class="secondary" onClick={() => setOpen(true)}>
          Đề nghị gia hạn
        </button>
      </p>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await answer(api().POST('/tasks/{id}/extension-requests', { params: { path: { id: props.taskId } }, body: { proposedDueDate: due, reason } }));
      setOpen(false);
      props.onDone();
    });
  };
  return (
    <section class="card" aria-labelledby="h-ext">
      <h2 id="h-ext">Đề nghị gia hạn</h2>
      <form onSubmit={submit} noValidate>
        <Field id="e-due" name="proposedDueDate" label="Thời hạn đề nghị" hint="dd/mm/yyyy" error={error}>
          {(a) => <input {...a} type="text" inputMode="numeric" placeholder="dd/mm/yyyy" value={due} onInput={(e) => setDue(e.currentTarget.value)} />}
        </Field>
        <Field id="e-reason" name="reason" label="Lý do" error={error}>
          {(a) => <textarea {...a} rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
        <Problem error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Đang gửi…' : 'Gửi đề nghị'}
        </button>
      </form>
    </section>
  );
}

/** The pending extension request; the supervising vice-chair, the chair or the office decides it here. */
export function Decision(props: { user: User; task: Task; request: HistoryItem; leaders: Leader[]; onDone: (approved: boolean) => void }) {
  const r = props.request;
  const [newDue, setNewDue] = useState(date(r.proposedDueDate));
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const mayDecide = props.user.role === 'leader' || props.user.role === 'office';
  const decide = (decision: 'approve' | 'reject') =>
    run(async () => {
      await answer(
        api().POST('/extension-requests/{id}/decision', {
          params: { path: { id: r.extensionId ?? '' } },
          body: { decision, ...(decision === 'approve' && newDue.trim() ? { newDueDate: newDue } : {}), ...(note.trim() ? { note } : {}) },
        }),
      );
      props.onDone(decision === 'approve');
    });
  return (
    <section class="card pending" id="gia-han" aria-labelledby="h-pending">
      <h2 id="h-pending">Đề nghị gia hạn chờ quyết định</h2>
      <dl class="facts">
        <div>
          <dt>Thời hạn hiện tại</dt>
          <dd>{date(props.task.deadline.revisedDueDate ?? ('dueDate' in props.task.deadline ? props.task.deadline.dueDate : undefined))}</dd>
        </div>
        <div>
          <dt>Thời hạn đề nghị</dt>
          <dd>{date(r.proposedDueDate)}</dd>
        </div>
        <div>
          <dt>Lý do</dt>
          <dd>{r.reason}</dd>
        </div>
        <div>
          <dt>Ngày đề nghị</dt>
          <dd>{r.at ? dateTime(r.at) : ''}</dd>
        </div>
      </dl>
      {mayDecide && (
        <form onSubmit={(e) => (e.preventDefault(), void decide('approve'))} noValidate>
          <Field id="d-due" name="newDueDate" label="Thời hạn mới (nếu phê duyệt)" hint="dd/mm/yyyy; để nguyên là thời hạn đề nghị" error={error}>
            {(a) => <input {...a} type="text" inputMode="numeric" value={newDue} onInput={(e) => setNewDue(e.currentTarget.value)} />}
          </Field>
          <Field id="d-note" name="note" label="Ý kiến (lý do quyết định)" error={error}>
            {(a) => <textarea {...a} rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
          </Field>
          <Problem error={error} />
          <div class="buttons">
            <button type="submit" disabled={busy}>
              Phê duyệt gia hạn
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => void decide('reject')}>
              Từ chối
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const leaderLabel = (leaders: Leader[], id: string | undefined) => {
  const l = leaders.find((x) => x.id === id);
  return l ? `${l.title.split('\n')[0]} ${l.name}` : `Lãnh đạo ${id ?? ''}`;
};

const ROLE_LABEL: Partial<Record<Actor['role'], string>> = { office: 'Văn phòng UBND', system: 'Hệ thống' };

function actorLabel(a: HistoryItem['actor'], agencies: Agency[], leaders: Leader[]): string {
  if (!a) return '';
  if (a.agency) return agencyName(agencies, a.agency);
  if (a.role === 'leader') return leaderLabel(leaders, a.leaderId);
  return ROLE_LABEL[a.role] ?? a.role;
}

function History(props: { items: HistoryItem[]; agencies: Agency[]; leaders: Leader[] }) {
  return (
    <section aria-labelledby="h-history">
      <h2 id="h-history">Lịch sử</h2>
      {!props.items.length && <p>Chưa có báo cáo nào.</p>}
      <ol class="history">
        {props.items.map((h, i) => (
          <li key={i}>
            <p class="when">
              {dateTime(h.receivedAt ?? h.at ?? '')} · {actorLabel(h.actor, props.agencies, props.leaders)}
            </p>
            {h.type === 'TaskUpdate' && (
              <>
                <p>
                  <strong>{h.kind === 'progress' ? `Báo cáo tiến độ: ${h.progress}%` : 'Ý kiến'}</strong>
                  {h.waitingOn ? ` · đang chờ ${agencyName(props.agencies, h.waitingOn)} phối hợp` : h.waitingOnCoAgency ? ' · đang chờ cơ quan phối hợp' : ''}
                </p>
                <p class="note">{h.note}</p>
                {h.evidence && (
                  <p class="evidence">
                    Văn bản số {h.evidence.documentNumber}, ngày {date(h.evidence.documentDate)}
                  </p>
                )}
              </>
            )}
            {h.type === 'ExtensionRequested' && (
              <p>
                <strong>Đề nghị gia hạn</strong> đến {date(h.proposedDueDate)}: {h.reason}
              </p>
            )}
            {h.type === 'ExtensionApproved' && (
              <p>
                <strong>Phê duyệt gia hạn</strong> đến {date(h.newDueDate)}
                {h.note ? `: ${h.note}` : ''}
              </p>
            )}
            {h.type === 'ExtensionRejected' && (
              <p>
                <strong>Từ chối gia hạn</strong>
                {h.note ? `: ${h.note}` : ''}
              </p>
            )}
            {h.type === 'Notice' && (
              <p>
                <strong>Đã gửi thư đôn đốc</strong>: {h.subject}
              </p>
            )}
            {h.type === 'PlanImported' && <p>Giao nhiệm vụ (nạp kế hoạch)</p>}
            {!['PlanImported', 'TaskUpdate', 'ExtensionRequested', 'ExtensionApproved', 'ExtensionRejected', 'Notice'].includes(h.type) && <p>{h.type}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
