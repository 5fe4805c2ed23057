import { useEffect, useState } from 'preact/hooks';
import { answer, api, type ApiError } from '../api';
import { Link, Loading, Problem } from '../ui';

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
