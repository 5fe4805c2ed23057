import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError, type Schemas } from '../api';
import type { User } from '../auth';
import { loadDirectory } from '../data';
import { date, dateTime } from '../format';
import type { Leader } from '../types';
import { Link, Loading, Problem, useAction } from '../ui';
import { save } from './plan';

type Sent = Schemas['SentDigest'];
type Archive = Schemas['DigestArchive'];

/** The ledger's states, as a reader says them. */
const STATE_VI: Record<Sent['state'], string> = {
  queued: 'Chờ gửi',
  sending: 'Đang gửi',
  unconfirmed: 'Chưa xác nhận đã gửi',
  sent: 'Đã gửi',
  failed: 'Gửi không thành công',
  suppressed: 'Không gửi: địa chỉ bị chặn',
};

/** "Tuần 42/2025". */
const weekLabel = (week: string) => {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  return m ? `Tuần ${Number(m[2])}/${m[1]}` : week;
};

/**
 * The weekly digest (the link of the Monday email): the one sent, from the archive, with its
 * workbook; a week with none sent yet is rebuilt from today's data (the preview) and says so.
 */
export function DigestPage(props: { query: URLSearchParams }) {
  const [sent, setSent] = useState<Sent>();
  const [html, setHtml] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const recipient = props.query.get('recipient') ?? '';
  const week = props.query.get('week') ?? '';
  const download = useAction();
  useEffect(() => {
    setSent(undefined);
    setHtml(undefined);
    setError(undefined);
    const query = { recipient, week };
    answer(api().GET('/digests/sent', { params: { query } }))
      .then(setSent)
      .catch((e: ApiError) => {
        if (e.status !== 404) throw e;
        return answer(api().GET('/digests/preview', { params: { query }, parseAs: 'text' })).then(setHtml);
      })
      .catch(setError);
  }, [recipient, week]);
  const workbook = () =>
    download.run(async () => {
      const out = await answer(api().GET('/digests/sent/workbook', { params: { query: { recipient, week } } }));
      save(out.name, out.xlsx);
    });
  return (
    <article aria-labelledby="h-digest">
      <p class="crumbs">
        <Link href={`/digests?recipient=${encodeURIComponent(recipient)}`}>← Báo cáo tuần đã gửi</Link>
      </p>
      <h1 id="h-digest">
        Báo cáo {weekLabel(week).toLowerCase()} — <span class="nowrap">{recipient}</span>
      </h1>
      <Problem error={error} />
      {!sent && !html && !error && <Loading />}
      {sent && (
        <>
          <p class="ind-meta" data-archived="">
            Bản đã gửi ({weekLabel(sent.week)}: {date(sent.start)} – {date(sent.end)}). {STATE_VI[sent.state]}
            {sent.sentAt ? ` lúc ${dateTime(sent.sentAt)}` : ''}.
          </p>
          {sent.workbook && (
            <p class="buttons">
              <button type="button" onClick={() => void workbook()} disabled={download.busy}>
                {download.busy ? 'Đang chuẩn bị…' : 'Tải bảng tính (.xlsx)'}
              </button>
            </p>
          )}
          <Problem error={download.error} />
        </>
      )}
      {html && <p class="ind-meta">Tuần này chưa có báo cáo đã gửi: đây là bản xem trước, dựng lại từ số liệu hiện có.</p>}
      {(sent?.html ?? html) && <iframe class="digest" title={`Báo cáo tuần ${week}`} sandbox="" srcdoc={sent?.html ?? html} />}
    </article>
  );
}

/**
 * "/digests": the archive of weekly digests as sent, newest week first. A leader sees their own;
 * the office picks whose.
 */
export function DigestsPage(props: { user: User; query: URLSearchParams }) {
  const office = props.user.role === 'office';
  const [recipient, setRecipient] = useState(office ? (props.query.get('recipient') ?? '') : (props.user.leader ?? ''));
  const [leaders, setLeaders] = useState<Leader[]>([]);
  const [archive, setArchive] = useState<Archive>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    if (!office) return;
    loadDirectory()
      .then((d) => {
        setLeaders(d.leaders);
        // Without a recipient asked for, the chair's.
        setRecipient((r) => r || (d.leaders.find((l) => l.role === 'chair') ?? d.leaders[0])?.id || '');
      })
      .catch(setError);
  }, [office]);
  useEffect(() => {
    if (!recipient) return;
    setArchive(undefined);
    setError(undefined);
    answer(api().GET('/digests', { params: { query: { recipient } } }))
      .then(setArchive)
      .catch(setError);
  }, [recipient]);
  return (
    <section aria-labelledby="h-digests">
      <p class="crumbs">
        <Link href="/">← Trang chính</Link>
      </p>
      <h1 id="h-digests">Báo cáo tuần đã gửi</h1>
      {office && (
        <div class="field">
          <label for="digest-recipient">Người nhận</label>
          <select id="digest-recipient" value={recipient} onChange={(e) => setRecipient((e.target as HTMLSelectElement).value)}>
            {(leaders.length ? leaders : [{ id: recipient, name: recipient, title: '' } as Leader]).map((l) => (
              <option key={l.id} value={l.id}>
                {l.title ? `${l.title.split('\n')[0]} — ${l.name}` : l.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Problem error={error} />
      {!archive && !error && <Loading />}
      {archive && archive.recipient.id === recipient && (
        <>
          <p class="lead">
            {archive.recipient.title.split('\n')[0]} {archive.recipient.name}: {archive.items.length} báo cáo, mới nhất trước.
          </p>
          {!archive.items.length && <p>Chưa có báo cáo tuần nào được gửi.</p>}
          <ul class="requests digests">
            {archive.items.map((d) => (
              <li key={d.week} class="card">
                <Link href={`/digests/preview?recipient=${encodeURIComponent(archive.recipient.id)}&week=${d.week}`} class="t-title">
                  {weekLabel(d.week)}: {date(d.start)} – {date(d.end)}
                </Link>
                <p class="ind-meta">
                  {STATE_VI[d.state]}
                  {d.sentAt ? ` lúc ${dateTime(d.sentAt)}` : ` (lập lúc ${dateTime(d.createdAt)})`}. {d.subject}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function SignedOut(props: { onSignIn: () => void }) {
  return (
    <section class="card narrow">
      <h1>Đã đăng xuất</h1>
      <p>Bạn đã đăng xuất khỏi cổng thông tin.</p>
      <button type="button" onClick={props.onSignIn}>
        Đăng nhập lại
      </button>
    </section>
  );
}

export function NotFound() {
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <p>
        <Link href="/">Về trang chính</Link>
      </p>
    </section>
  );
}
