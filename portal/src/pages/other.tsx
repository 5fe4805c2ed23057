import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError } from '../api';
import { number } from '../format';
import type { Indicator } from '../types';
import { Link, Loading, Problem } from '../ui';

const COLOUR: Record<string, string> = { green: 'Đạt tiến độ', amber: 'Có nguy cơ', red: 'Chậm so với lộ trình', unknown: 'Chưa có số liệu' };

/** An indicator's page (the link of a slippage alert): its status and the values reported. */
export function IndicatorPage(props: { id: string }) {
  const [ind, setInd] = useState<Indicator>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    answer(api().GET('/indicators/{id}', { params: { path: { id: props.id } } }))
      .then(setInd)
      .catch(setError);
  }, [props.id]);
  if (error) return <Problem error={error} />;
  if (!ind) return <Loading />;
  const status = ind.status;
  return (
    <article aria-labelledby="h-ind">
      <p class="crumbs">
        <Link href="/">← Trang chính</Link>
      </p>
      <h1 id="h-ind">
        <span class="t-id">{ind.id}</span> {ind.name}
      </h1>
      <p>
        <span class={`badge c-${status}`}>{COLOUR[status] ?? status}</span>
      </p>
      {ind.statusReason && <p>{ind.statusReason.vi}</p>}
      <h2>Số liệu đã báo cáo</h2>
      {!ind.values?.length && <p>Chưa có số liệu.</p>}
      {!!ind.values?.length && (
        <table>
          <caption class="sr-only">Số liệu theo kỳ</caption>
          <thead>
            <tr>
              <th scope="col">Kỳ</th>
              <th scope="col">Giá trị</th>
              <th scope="col">Loại số liệu</th>
              <th scope="col">Nguồn</th>
            </tr>
          </thead>
          <tbody>
            {ind.values.map((v, i) => (
              <tr key={i}>
                <td>{v.period}</td>
                <td>
                  {number(v.value)} {ind.unit ?? ''}
                </td>
                <td>{v.revisionLabel ?? v.revision}</td>
                <td>{v.source ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

/** The weekly digest (the link of the Monday email), as the leader received it. */
export function DigestPage(props: { query: URLSearchParams }) {
  const [html, setHtml] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const recipient = props.query.get('recipient') ?? '';
  const week = props.query.get('week') ?? '';
  useEffect(() => {
    answer(api().GET('/digests/preview', { params: { query: { recipient, week } }, parseAs: 'text' }))
      .then(setHtml)
      .catch(setError);
  }, [recipient, week]);
  return (
    <article aria-labelledby="h-digest">
      <h1 id="h-digest">
        Báo cáo tuần {week} — {recipient}
      </h1>
      <Problem error={error} />
      {!html && !error && <Loading />}
      {html && <iframe class="digest" title={`Báo cáo tuần ${week}`} sandbox="" srcdoc={html} />}
    </article>
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
