import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError, type Schemas } from '../api';
import { dateTime, number } from '../format';
import { Link, Loading, Problem } from '../ui';

type Delivery = Schemas['Delivery'];
type Email = Schemas['DeliveryEmail'];
type Queue = Schemas['QueueDepth'];

/** What each ledger rule is, in the office's words. */
const RULE_VI: Record<string, string> = {
  'reminder-7': 'Nhắc hạn trước 7 ngày làm việc',
  'reminder-1': 'Nhắc hạn trước 1 ngày làm việc',
  'overdue-1': 'Đôn đốc lần 1 (quá hạn)',
  'overdue-5': 'Đôn đốc lần 2, báo Phó Chủ tịch phụ trách',
  'overdue-10': 'Đôn đốc lần 3',
  'overdue-chair': 'Báo cáo Chủ tịch',
  stale: 'Chưa cập nhật tiến độ',
  digest: 'Báo cáo tuần của lãnh đạo',
  'bounce-report': 'Báo địa chỉ thư bị trả lại',
  'extension-requested': 'Đề nghị gia hạn',
  'extension-decided': 'Quyết định gia hạn',
};
const ruleLabel = (rule: string | undefined): string | undefined =>
  rule === undefined ? undefined : (RULE_VI[rule] ?? (rule.startsWith('indicator-') ? 'Cảnh báo chỉ tiêu' : rule));

const STATE_VI: Record<Email['state'], string> = {
  unconfirmed: 'Chưa xác nhận',
  failed: 'Không gửi được',
  suppressed: 'Không gửi: địa chỉ bị chặn',
};
const STATE_HELP: Record<Email['state'], string> = {
  unconfirmed:
    'SES chưa trả lời chắc chắn; hệ thống chờ sự kiện xác nhận của SES, quá 15 phút không có thì tự gửi lại. Không cần làm gì, trừ khi thư nằm đây quá một giờ.',
  failed: 'SES từ chối hoặc thư không lập được (địa chỉ sai). Thư không được gửi lại tự động: sửa địa chỉ trong kế hoạch rồi nạp lại.',
  suppressed: 'Mọi người nhận đều là địa chỉ bị chặn. Cập nhật địa chỉ của cơ quan trong kế hoạch.',
};

const REASON_VI: Record<Schemas['SuppressedAddress']['reason'], string> = {
  bounce: 'Thư bị trả lại (vĩnh viễn)',
  complaint: 'Người nhận báo thư rác',
  rejected: 'SES từ chối địa chỉ',
};

/** Each queue: what waits in it, and what to do. */
const QUEUE_VI: Record<string, { what: string; todo: string }> = {
  'task-updates': {
    what: 'Báo cáo tiến độ của các cơ quan không ghi được sau 5 lần thử.',
    todo: 'xem bằng `npm run dlq -- show task-updates`, sửa nguyên nhân rồi chuyển lại: `npm run dlq -- redrive task-updates`.',
  },
  email: {
    what: 'Thư chờ gửi không xử lý được sau 5 lần thử.',
    todo: 'xem bằng `npm run dlq -- show email` rồi chuyển lại: `npm run dlq -- redrive email` (mỗi thư vẫn chỉ gửi một lần).',
  },
  'indicator-ingest': {
    what: 'Số liệu chỉ tiêu (từ API, tệp CSV, hệ thống thống kê) không ghi được sau 5 lần thử.',
    todo: 'xem bằng `npm run dlq -- show indicator-ingest` rồi chuyển lại: `npm run dlq -- redrive indicator-ingest`.',
  },
  'deadline-tasks': {
    what: 'Nhiệm vụ đến hạn mà lượt đôn đốc hằng ngày không xử lý được sau 5 lần thử.',
    todo: 'xem bằng `npm run dlq -- show deadline-tasks` rồi chuyển lại trong ngày: `npm run dlq -- redrive deadline-tasks`.',
  },
  'failed-runs': {
    what: 'Lượt chạy theo lịch hoặc theo sự kiện (đôn đốc, quét thư, chỉ tiêu, báo cáo tuần, sự kiện SES) lỗi cả 3 lần.',
    todo: 'mỗi tin giữ sự kiện của lượt chạy (`requestPayload`): khắc phục lỗi rồi chạy lại lượt đó (chạy lại an toàn).',
  },
};

function QueueCard(props: { q: Queue }) {
  const { q } = props;
  const info = QUEUE_VI[q.queue];
  const name = q.kind === 'failed-runs' ? 'failed-runs' : `${q.queue}-dlq`;
  return (
    <li class={`card queue${q.depth ? ' pending' : ''}`}>
      <p class="t-head">
        <code>{name}</code>
        <strong>{q.depth === null ? 'không đọc được' : q.depth === 0 ? 'trống' : `${number(q.depth)} tin đang chờ`}</strong>
      </p>
      {info && <p>{info.what}</p>}
      {info && q.depth !== 0 && (
        <p class="todo">
          <strong>Cần làm:</strong> {info.todo.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
        </p>
      )}
    </li>
  );
}

function EmailCard(props: { e: Email }) {
  const { e } = props;
  const rule = ruleLabel(e.rule);
  return (
    <li class={`card mail m-${e.state}`}>
      <p class="t-head">
        <span class={`badge m-${e.state}`}>{STATE_VI[e.state]}</span> <strong>{e.subject || e.key}</strong>
      </p>
      <dl class="facts">
        <div>
          <dt>Về việc</dt>
          <dd>
            {e.taskId ? <Link href={`/tasks/${encodeURIComponent(e.taskId)}`}>Nhiệm vụ {e.taskId}</Link> : <code>{e.key}</code>}
            {rule ? ` · ${rule}` : ''}
          </dd>
        </div>
        <div>
          <dt>Gửi đến</dt>
          <dd class="addresses">
            {e.to.join(', ') || '—'}
            {e.cc.length > 0 && <> (đồng gửi: {e.cc.join(', ')})</>}
          </dd>
        </div>
        <div>
          <dt>Thời điểm</dt>
          <dd>
            lập {dateTime(e.createdAt)}
            {e.claimedAt && `; gửi lần cuối ${dateTime(e.claimedAt)}`}
            {e.attempts ? ` (${e.attempts} lần)` : ''}
          </dd>
        </div>
        {e.reason && (
          <div>
            <dt>Chẩn đoán</dt>
            <dd>
              <code class="diagnostic">{e.reason}</code>
            </dd>
          </div>
        )}
      </dl>
      <p class="hint">{STATE_HELP[e.state]}</p>
    </li>
  );
}

/** The city office's email delivery: what did not go out, addresses suppressed, dead-letter queues. */
export function DeliveryPage() {
  const [data, setData] = useState<Delivery>();
  const [error, setError] = useState<ApiError>();
  const load = () => {
    setError(undefined);
    answer(api().GET('/delivery')).then(setData).catch(setError);
  };
  useEffect(load, []);
  const waiting = data?.queues.reduce((n, q) => n + (q.depth ?? 0), 0) ?? 0;
  return (
    <section aria-labelledby="h-delivery">
      <p class="crumbs">
        <Link href="/">← Trang chính</Link>
      </p>
      <h1 id="h-delivery">Tình trạng gửi thư</h1>
      <p class="lead">
        Thư chưa xác nhận, không gửi được hoặc bị chặn, các địa chỉ không còn nhận thư, và các hàng đợi lỗi. Thư đã gửi thành công không hiện ở đây.
      </p>
      <p class="buttons">
        <button type="button" class="secondary" onClick={load}>
          Tải lại
        </button>
      </p>
      <Problem error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <section aria-labelledby="h-queues">
            <h2 id="h-queues">Hàng đợi lỗi {waiting ? `(${number(waiting)} tin đang chờ)` : '(trống)'}</h2>
            <ul class="tasks">
              {data.queues.map((q) => (
                <QueueCard key={q.queue} q={q} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="h-mails">
            <h2 id="h-mails">Thư chưa gửi được hoặc chưa xác nhận ({data.emails.length})</h2>
            {!data.emails.length && <p>Không có thư nào chưa gửi được.</p>}
            <ul class="tasks">
              {data.emails.map((e) => (
                <EmailCard key={e.key} e={e} />
              ))}
            </ul>
            {data.emailsMore && <p class="hint">Chỉ hiện 100 thư mới nhất mỗi loại.</p>}
          </section>
          <section aria-labelledby="h-suppressed">
            <h2 id="h-suppressed">Địa chỉ bị chặn ({data.suppressed.length})</h2>
            <p>Hệ thống không gửi thư đến các địa chỉ này nữa. Sửa địa chỉ của cơ quan trong kế hoạch (tệp agencies.csv) rồi nạp lại.</p>
            {!data.suppressed.length && <p>Không có địa chỉ nào bị chặn.</p>}
            <ul class="tasks">
              {data.suppressed.map((s) => (
                <li key={s.address} class="card">
                  <p class="t-head">
                    <strong class="addresses">{s.address}</strong>
                  </p>
                  <dl class="facts">
                    <div>
                      <dt>Lý do</dt>
                      <dd>
                        {REASON_VI[s.reason]}, {dateTime(s.at)}
                      </dd>
                    </div>
                    <div>
                      <dt>Của</dt>
                      <dd>{s.usedBy.length ? s.usedBy.join(', ') : 'không thuộc cơ quan, lãnh đạo nào trong kế hoạch'}</dd>
                    </div>
                    {s.diagnostic && (
                      <div>
                        <dt>Chẩn đoán</dt>
                        <dd>
                          <code class="diagnostic">{s.diagnostic}</code>
                        </dd>
                      </div>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
            {data.suppressedMore && <p class="hint">Chỉ hiện 100 địa chỉ mới nhất.</p>}
          </section>
        </>
      )}
    </section>
  );
}
