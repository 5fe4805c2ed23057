import { useState } from 'preact/hooks';
import { MAX_BODY } from '../../../shared/limits';
import { ApiError, answer, api, type FieldIssue, type Schemas } from '../api';
import { number } from '../format';
import { Link, Problem, useAction } from '../ui';

/** The files of a plan, as the import takes them. */
const PLAN_FILES = ['plan.csv', 'groups.csv', 'leaders.csv', 'agencies.csv', 'tasks.csv', 'indicators.csv', 'trajectories.csv'];

type Body = Schemas['PlanImportBody'];
type Imported = Schemas['PlanImported']['imported'];

/** A size as people read it: 12 KB, 4,5 MB. */
const mb = (bytes: number) =>
  bytes < 1_000_000 ? `${number(Math.max(1, Math.ceil(bytes / 1000)))} KB` : `${number(Math.round((bytes / 1_000_000) * 10) / 10)} MB`;

/** A problem found before anything is sent, worded like the API's (no status of its: nothing was asked). */
const refused = (vi: string, en: string) => new ApiError(422, vi, en);

function base64(bytes: ArrayBuffer): string {
  const b = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The request body for the chosen files: one workbook, or the CSV tables by name. */
async function bodyOf(files: File[]): Promise<Body> {
  const books = files.filter((f) => /\.xlsx$/i.test(f.name));
  if (books.length && (books.length > 1 || files.length > 1)) {
    throw refused('Chọn một tệp Excel (.xlsx), hoặc các tệp CSV; không chọn cả hai.', 'Choose one workbook (.xlsx), or the CSV files; not both.');
  }
  const tooBig = (size: number) =>
    refused(
      `Tệp quá lớn (${mb(size)}): mỗi lần nạp chỉ gửi được tối đa ${mb(MAX_BODY)}${books.length ? ', tức bảng tính khoảng ' + mb((MAX_BODY * 3) / 4) : ''}. Bỏ các trang tính khác (hướng dẫn, ghi chú) hoặc nạp bằng các tệp CSV.`,
      `The file is too large (${mb(size)}): one import can send at most ${mb(MAX_BODY)}${books.length ? `, a workbook of about ${mb((MAX_BODY * 3) / 4)}` : ''}. Remove other sheets (instructions, notes) or import the CSV files.`,
    );
  const book = books[0];
  if (book) {
    if ((book.size * 4) / 3 > MAX_BODY) throw tooBig(book.size);
    return { xlsx: base64(await book.arrayBuffer()), name: book.name };
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_BODY) throw tooBig(total);
  const out: Record<string, string> = {};
  for (const f of files) out[f.name.toLowerCase()] = await f.text();
  return { files: out };
}

const where = (f: FieldIssue) => (f.line === undefined ? '' : f.line === 0 ? 'cả tệp' : String(f.line));

/** The import's problems, one row each: file or sheet, line, column, reason. */
function Issues(props: { error: ApiError }) {
  const rows = props.error.fields.filter((f) => f.field !== '(more)');
  const more = props.error.fields.find((f) => f.field === '(more)');
  return (
    <div class="problem" role="alert" aria-labelledby="h-issues">
      <h2 id="h-issues">
        Chưa nạp được: {rows.length}
        {more ? '+' : ''} lỗi
      </h2>
      <p>
        <strong>Không có dữ liệu nào được ghi</strong>: kế hoạch chỉ được nạp khi toàn bộ các tệp không còn lỗi. Sửa các ô dưới đây rồi nạp lại.
      </p>
      <p lang="en" class="en">
        Nothing was loaded: a plan is written only when every file is free of errors. Fix the cells below and import again.
      </p>
      <div class="scroll" tabIndex={0} role="region" aria-label="Bảng lỗi">
        <table class="issues">
          <caption class="sr-only">Các lỗi theo tệp, dòng và cột</caption>
          <thead>
            <tr>
              <th scope="col">Tệp / trang tính</th>
              <th scope="col">Dòng</th>
              <th scope="col">Cột</th>
              <th scope="col">Lỗi</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f, i) => (
              <tr key={i}>
                <td data-label="Tệp">{f.file ?? ''}</td>
                <td data-label="Dòng">{where(f)}</td>
                <td data-label="Cột">
                  <code>{f.field}</code>
                </td>
                <td data-label="Lỗi">
                  {f.vi}
                  <br />
                  <span lang="en" class="en">
                    {f.en}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <p>
          {more.vi} <span lang="en">({more.en})</span>
        </p>
      )}
    </div>
  );
}

function Import() {
  const [files, setFiles] = useState<File[]>([]);
  const { busy, error, setError, run } = useAction(() => refused('Không đọc được tệp đã chọn.', 'The chosen file could not be read.'));
  const [done, setDone] = useState<Imported>();
  const submit = (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    if (!files.length) return setError(refused('Chọn tệp kế hoạch trước khi nạp.', 'Choose the plan files first.'));
    void run(async () => {
      const body = await bodyOf(files);
      if (new TextEncoder().encode(JSON.stringify(body)).length > MAX_BODY) {
        throw refused(
          `Nội dung gửi đi quá lớn: mỗi lần nạp tối đa ${mb(MAX_BODY)}.`,
          `What would be sent is too large: one import takes at most ${mb(MAX_BODY)}.`,
        );
      }
      setDone((await answer(api().POST('/plan/import', { body }))).imported);
    });
  };
  const listed = error && error.status === 400 && error.fields.length > 0;
  return (
    <section aria-labelledby="h-import" class="card">
      <h2 id="h-import">Nạp kế hoạch</h2>
      <p>
        Chọn <strong>một bảng tính Excel (.xlsx)</strong>, mỗi bảng một trang tính, hoặc <strong>các tệp CSV</strong> (chọn nhiều tệp cùng lúc):{' '}
        {PLAN_FILES.map((f, i) => (
          <span key={f}>
            {i ? ', ' : ''}
            <code>{f}</code>
          </span>
        ))}{' '}
        (<code>trajectories.csv</code> không bắt buộc). Mọi dòng được kiểm tra trước khi ghi: có một lỗi thì không nạp gì. Nạp lại giữ nguyên tiến độ và lịch sử
        của các nhiệm vụ.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="plan-files">Tệp kế hoạch (.xlsx hoặc .csv)</label>
          <small id="plan-files-hint" class="hint">
            Tối đa {mb(MAX_BODY)} mỗi lần nạp (bảng tính khoảng {mb((MAX_BODY * 3) / 4)}).
          </small>
          <input
            id="plan-files"
            type="file"
            multiple
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            aria-describedby="plan-files-hint"
            onChange={(e) => {
              setFiles([...((e.target as HTMLInputElement).files ?? [])]);
              setDone(undefined);
            }}
          />
        </div>
        {files.length > 0 && <p class="hint chosen">Đã chọn: {files.map((f) => `${f.name} (${mb(f.size)})`).join(', ')}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Đang kiểm tra và nạp…' : 'Kiểm tra và nạp'}
        </button>
      </form>
      {listed ? <Issues error={error} /> : <Problem error={error} />}
      {done && (
        <div class="ok" role="status">
          <p>
            <strong>Đã nạp kế hoạch {done.plan}</strong>: {number(done.tasks)} nhiệm vụ, {number(done.indicators)} chỉ tiêu, {number(done.agencies)} cơ quan.
          </p>
          <p lang="en" class="en">
            Plan {done.plan} imported: {done.tasks} tasks, {done.indicators} indicators, {done.agencies} agencies.
          </p>
        </div>
      )}
    </section>
  );
}

/** Saves a workbook (base64) as a file the browser downloads: the plan, a digest's attachment. */
export function save(name: string, b64: string) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Export() {
  const { busy, error, run: runAction } = useAction((x) => x as ApiError);
  const [saved, setSaved] = useState<string>();
  const run = () =>
    runAction(async () => {
      const out = await answer(api().GET('/plan/export'));
      save(out.name, out.xlsx);
      setSaved(out.name);
    });
  return (
    <section aria-labelledby="h-export" class="card">
      <h2 id="h-export">Tải kế hoạch về</h2>
      <p>Kế hoạch hiện hành thành một bảng tính Excel, mỗi bảng một trang tính (thời hạn ghi như trong kế hoạch): sửa rồi nạp lại ở dưới.</p>
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Đang chuẩn bị…' : 'Tải bảng tính (.xlsx)'}
      </button>
      <Problem error={error} />
      {saved && (
        <p class="ok" role="status">
          Đã tải về <strong>{saved}</strong>.
        </p>
      )}
    </section>
  );
}

/** The city office's plan: export the current one, import a new one. */
export function PlanPage() {
  return (
    <section aria-labelledby="h-plan">
      <p class="crumbs">
        <Link href="/">← Trang chính</Link>
      </p>
      <h1 id="h-plan">Kế hoạch</h1>
      <p class="lead">Văn phòng UBND Thành phố tải về và nạp danh mục nhiệm vụ, chỉ tiêu, cơ quan và lãnh đạo của chương trình.</p>
      <Export />
      <Import />
    </section>
  );
}
