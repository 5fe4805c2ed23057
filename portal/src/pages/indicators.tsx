import { useEffect, useState } from 'preact/hooks';
import { ApiError, answer, api, type Schemas } from '../api';
import type { User } from '../auth';
import { agencyName, loadDirectory } from '../data';
import { FREQUENCY_VI, dateTime, number, periodLabel, recentPeriods, typedNumber, withUnit, type Frequency } from '../format';
import type { Agency, Indicator } from '../types';
import { Field, Link, Loading, Problem, useAction } from '../ui';
import { neededWords } from '../../../shared/domain/indicators';

type Summary = Schemas['IndicatorSummary'];

export const COLOUR: Record<string, string> = { green: 'Đạt tiến độ', amber: 'Có nguy cơ', red: 'Chậm so với lộ trình', unknown: 'Chưa có số liệu' };

const REVISIONS = [
  ['estimated', 'Ước tính'],
  ['preliminary', 'Sơ bộ'],
  ['official', 'Chính thức'],
] as const;
const REVISION_LABEL: Record<string, string> = Object.fromEntries(REVISIONS);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Periods in a year less one: with this many left, only the first period is in (no cumulative figure of its own). */
const periodsLeftMax = (f: Frequency): number => ({ monthly: 11, quarterly: 3, half_yearly: 1, yearly: 0 })[f];

/** Who may report a value for an indicator: the statistics role, or the agency that answers for it. */
export const mayReport = (user: User, agency: string): boolean => user.role === 'statistics' || (user.role === 'agency' && user.agency === agency);

/** Accepted values are processed from a queue: read again a few times shortly after. */
function refreshSoon(load: () => void): void {
  for (const ms of [1500, 4000, 9000]) setTimeout(load, ms);
}

/**
 * The form to report one value: period (recent periods of the indicator's frequency offered, any
 * typed), value with a decimal comma, the unit shown, the revision stage, the source.
 */
export function ValueForm(props: { ind: Pick<Summary, 'id' | 'unit' | 'frequency'>; onDone: () => void }) {
  const { ind } = props;
  const [period, setPeriod] = useState('');
  const [value, setValue] = useState('');
  const [revision, setRevision] = useState('preliminary');
  const [source, setSource] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string>();
  const p = `v-${ind.id}`;
  const submit = (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    void run(async () => {
      const out = await answer(
        api().POST('/indicators/{id}/values', {
          params: { path: { id: ind.id } },
          body: { period: period.trim(), value: typedNumber(value), unit: ind.unit, revision, source },
        }),
      );
      // Sent: the form is cleared only now; a failure keeps everything typed.
      setValue('');
      setDone(
        `Đã nhận giá trị ${withUnit(out.value, ind.unit)} kỳ ${periodLabel(out.period)} (${REVISION_LABEL[out.revision] ?? out.revision}). ` +
          'Số liệu được xử lý trong giây lát; chỉ tiêu sẽ tự cập nhật.',
      );
      props.onDone();
    });
  };
  return (
    <form class="value-form" onSubmit={submit} noValidate aria-label={`Nhập số liệu chỉ tiêu ${ind.id}`}>
      <Field
        id={`${p}-period`}
        name="period"
        label="Kỳ báo cáo"
        hint={`${FREQUENCY_VI[ind.frequency]}; chọn hoặc gõ, ví dụ ${recentPeriods(ind.frequency, new Date(), 1)[0]}`}
        error={error}
      >
        {(a) => (
          <>
            <input {...a} type="text" list={`${p}-periods`} autocomplete="off" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
            <datalist id={`${p}-periods`}>
              {recentPeriods(ind.frequency, new Date()).map((x) => (
                <option key={x} value={x}>
                  {periodLabel(x)}
                </option>
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field id={`${p}-value`} name="value" label={`Giá trị (${ind.unit})`} hint="Dấu phẩy thập phân, ví dụ 6,1" error={error}>
        {(a) => (
          <span class="with-unit">
            <input {...a} type="text" inputMode="decimal" autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
            <span aria-hidden="true">{ind.unit}</span>
          </span>
        )}
      </Field>
      <Field id={`${p}-revision`} name="revision" label="Mức số liệu" error={error}>
        {(a) => (
          <select {...a} value={revision} onChange={(e) => setRevision(e.currentTarget.value)}>
            {REVISIONS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${p}-source`} name="source" label="Nguồn số liệu" hint="Bắt buộc, ví dụ: Báo cáo số 12/BC-TK" error={error}>
        {(a) => <input {...a} type="text" required value={source} onInput={(e) => setSource(e.currentTarget.value)} />}
      </Field>
      {error?.field('unit') && (
        <p class="field-error" role="alert">
          {error.field('unit')!.vi}
        </p>
      )}
      <Problem error={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Đang gửi…' : 'Gửi số liệu'}
      </button>
    </form>
  );
}

/** The latest value the assessment used: "6,1% (Quý III/2025)". */
const latest = (i: Summary) =>
  i.assessment?.actual !== undefined ? `${withUnit(i.assessment.actual, i.unit)}${i.assessment.period ? ` (${periodLabel(i.assessment.period)})` : ''}` : '—';

/** An indicator in a list: its id and name (a link to its page), its colour and its latest value. */
function IndicatorHead(props: { i: Summary }) {
  const { i } = props;
  return (
    <>
      <p class="t-head">
        <Link href={`/indicators/${encodeURIComponent(i.id)}`}>
          <span class="t-id">{i.id}</span> {i.name}
        </Link>
      </p>
      <p class="ind-line">
        <span class={`badge c-${i.status}`}>{COLOUR[i.status] ?? i.status}</span> <span class="sr-only">Số liệu mới nhất: </span>
        <span class="latest">{latest(i)}</span>
      </p>
    </>
  );
}

/** Every indicator with its latest assessment and value; the form to report a value for those the user may. */
export function IndicatorsPage(props: { user: User }) {
  const [items, setItems] = useState<Summary[]>();
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<ApiError>();
  const load = () =>
    answer(api().GET('/indicators'))
      .then((l) => setItems(l.items))
      .catch(setError);
  useEffect(() => {
    void load();
    loadDirectory()
      .then((d) => setAgencies(d.items))
      .catch(() => undefined);
  }, []);
  if (error && !items) return <Problem error={error} />;
  if (!items) return <Loading />;
  const u = props.user;
  const mayUpload = u.role === 'statistics' || u.role === 'office';
  return (
    <section aria-labelledby="h-inds">
      <h1 id="h-inds">Chỉ tiêu của Chương trình</h1>
      <p class="lead">
        {items.length} chỉ tiêu. {u.role === 'statistics' ? 'Nhập số liệu từng chỉ tiêu, hoặc tải lên tệp CSV.' : ''}
      </p>
      {mayUpload && <CsvUpload example={items[0]} onDone={() => refreshSoon(() => void load())} />}
      <ul class="indicators">
        {items.map((i) => (
          <li key={i.id} class="card" id={`ind-${i.id}`}>
            <IndicatorHead i={i} />
            <p class="ind-meta">
              Đơn vị: {i.unit} · {FREQUENCY_VI[i.frequency as Frequency]} · <span class="sr-only">Cơ quan chịu trách nhiệm: </span>
              {agencyName(agencies, i.agency)}
            </p>
            {mayReport(u, i.agency) && (
              <details>
                <summary>Nhập số liệu {i.id}</summary>
                <ValueForm ind={i} onDone={() => refreshSoon(() => void load())} />
              </details>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const CSV_HEADER = 'indicator,period,value,unit,revision,source';

/** A CSV file of values sent whole: every row checked, all taken or none. */
export function CsvUpload(props: { example: Summary | undefined; onDone: () => void }) {
  const [file, setFile] = useState<File>();
  const { busy, error, setError, run } = useAction();
  const [accepted, setAccepted] = useState<number>();
  const ex = props.example;
  const template = `${CSV_HEADER}\r\n${ex ? `${ex.id},${recentPeriods(ex.frequency, new Date(), 2)[1]},6.1,${ex.unit},preliminary,Báo cáo số 12/BC-TK` : ''}\r\n`;
  const submit = (e: Event) => {
    e.preventDefault();
    setAccepted(undefined);
    if (!file) {
      setError(new ApiError(400, 'Chưa chọn tệp.', 'No file chosen.', [{ field: 'csv', vi: 'Chọn một tệp CSV.', en: 'Choose a CSV file.' }]));
      return;
    }
    void run(async () => {
      const csv = (await file.text()).replace(/^\uFEFF/, '');
      const out = await answer(api().POST('/indicators/values:import', { body: { csv, file: file.name.slice(0, 100) } }));
      setAccepted(out.accepted);
      props.onDone();
    });
  };
  const rows = (error?.fields ?? []) as Array<Schemas['FieldIssue'] & { line?: number; file?: string }>;
  const byLine = rows.filter((r) => r.line !== undefined);
  // Issues of the whole file (a period past its bound of values, say): said in the box.
  const general = rows.filter((r) => r.line === undefined && r.field !== 'csv');
  return (
    <section class="card upload" id="tai-len" aria-labelledby="h-upload">
      <h2 id="h-upload">Tải lên số liệu từ tệp CSV</h2>
      <p>
        Tệp CSV mã hóa UTF-8 (có hoặc không có BOM), dòng đầu là tiêu đề <code>{CSV_HEADER}</code>; giá trị viết với dấu chấm thập phân (6.1) hoặc dấu phẩy thập
        phân trong ngoặc kép ("6,1"); mức số liệu là estimated, preliminary hoặc official (ước tính, sơ bộ, chính thức).{' '}
        <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`} download="mau-so-lieu-chi-tieu.csv">
          Tải tệp mẫu
        </a>
      </p>
      <p>Mọi dòng được kiểm tra trước: nếu có lỗi, không dòng nào được nhận.</p>
      <form onSubmit={submit} noValidate>
        <Field id="u-file" name="csv" label="Tệp CSV" error={error}>
          {(a) => (
            <input
              {...a}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.currentTarget.files?.[0]);
                setAccepted(undefined);
                setError(undefined);
              }}
            />
          )}
        </Field>
        {error && (
          <div class="problem" role="alert">
            <strong>{error.status === 400 || error.status === 409 ? 'Tệp có lỗi: không số liệu nào được nhận' : 'Chưa tải lên được'}</strong>
            <p>{error.vi}</p>
            <p lang="en" class="en">
              {error.en}
            </p>
            {general.map((r, i) => (
              <p key={i}>
                {r.vi} <span lang="en">({r.en})</span>
              </p>
            ))}
          </div>
        )}
        {byLine.length > 0 && (
          <div class="scroll" tabIndex={0} role="region" aria-label="Lỗi theo dòng và cột">
            <table class="issues">
              <caption>Lỗi theo dòng và cột ({byLine.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Dòng</th>
                  <th scope="col">Cột</th>
                  <th scope="col">Lỗi</th>
                  <th scope="col" lang="en">
                    Problem
                  </th>
                </tr>
              </thead>
              <tbody>
                {byLine.map((r, i) => (
                  <tr key={i}>
                    <td>{r.line}</td>
                    <td>{r.field}</td>
                    <td>{r.vi}</td>
                    <td lang="en">{r.en}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {accepted !== undefined && (
          <p class="ok" role="status">
            Đã nhận {number(accepted)} dòng số liệu. Số liệu được xử lý trong giây lát.
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Đang gửi…' : 'Tải lên'}
        </button>
      </form>
    </section>
  );
}

/** When a period ends, in years (2025-Q1 → 2025.25, 2025 → 2026): the chart's time axis. */
function end(p: string): number {
  const m = /^(\d{4})(?:-(Q|H)?(\d{1,2}))?$/.exec(p);
  if (!m) return 0;
  const y = Number(m[1]);
  if (!m[3]) return y + 1;
  const n = Number(m[3]);
  return y + (m[2] === 'Q' ? n / 4 : m[2] === 'H' ? n / 2 : n / 12);
}

type Point = { period: string; value: number };

/** What the chart draws: an indicator's targets and planned path, and the value that counts per period. */
export interface ChartData {
  id: string;
  targets: Point[];
  path?: Point[] | undefined;
  values: Point[];
}

/** The target and planned path per period, with the values reported: a small line chart (the indicator's page, the dashboard). */
export function Chart(props: { ind: ChartData }) {
  const { ind } = props;
  const actual = ind.values.map((v) => ({ period: v.period, value: v.value }));
  const planned = (ind.path ?? []).length ? ind.path! : ind.targets;
  const periods = [...new Set([...planned.map((x) => x.period), ...actual.map((x) => x.period)])].sort((a, b) => end(a) - end(b));
  if (periods.length < 2) return null;
  const t0 = end(periods[0]!);
  const t1 = end(periods.at(-1)!);
  const all = [...planned, ...actual].map((x) => x.value);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const W = 600;
  const H = 220;
  const x = (p: string) => 40 + ((end(p) - t0) / (t1 - t0 || 1)) * (W - 60);
  const y = (v: number) => H - 30 - ((v - lo) / (hi - lo || 1)) * (H - 50);
  const line = (pts: Array<{ period: string; value: number }>) => pts.map((p) => `${x(p.period).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Biểu đồ: lộ trình và số liệu thực hiện của chỉ tiêu ${ind.id}`}>
        <line x1="40" y1={H - 30} x2={W - 20} y2={H - 30} stroke="#c9ced4" />
        <text x="4" y={y(hi) + 4} font-size="14">
          {number(hi)}
        </text>
        <text x="4" y={y(lo) + 4} font-size="14">
          {number(lo)}
        </text>
        <text x="40" y={H - 10} font-size="14">
          {periodLabel(periods[0]!)}
        </text>
        <text x={W - 20} y={H - 10} font-size="14" text-anchor="end">
          {periodLabel(periods.at(-1)!)}
        </text>
        <polyline points={line(planned)} fill="none" stroke="#4a4f55" stroke-dasharray="6 4" stroke-width="2" />
        <polyline points={line(actual)} fill="none" stroke="#123f73" stroke-width="3" />
        {actual.map((p) => (
          <circle key={p.period} cx={x(p.period)} cy={y(p.value)} r="4" fill="#123f73" />
        ))}
      </svg>
      <figcaption>Nét đứt: lộ trình (mục tiêu); nét liền: số liệu thực hiện.</figcaption>
    </figure>
  );
}

/** An indicator's page (the link of a slippage alert): status, targets and path, the values reported, the form. */
export function IndicatorPage(props: { user: User; id: string }) {
  const [ind, setInd] = useState<Indicator>();
  const [agencies, setAgencies] = useState<Agency[]>([]);
  const [error, setError] = useState<ApiError>();
  const load = () =>
    answer(api().GET('/indicators/{id}', { params: { path: { id: props.id } } }))
      .then(setInd)
      .catch(setError);
  useEffect(() => {
    void load();
    loadDirectory()
      .then((d) => setAgencies(d.items))
      .catch(() => undefined);
  }, [props.id]);
  if (error && !ind) return <Problem error={error} />;
  if (!ind) return <Loading />;
  const a = ind.assessment;
  const plan = [...(ind.baseline ? [{ ...ind.baseline, kind: 'Năm gốc' }] : []), ...ind.targets.map((t) => ({ ...t, kind: 'Mục tiêu' }))];
  return (
    <article aria-labelledby="h-ind">
      <p class="crumbs">
        <Link href={props.user.role === 'statistics' ? '/' : '/indicators'}>← Danh sách chỉ tiêu</Link>
      </p>
      <h1 id="h-ind">
        <span class="t-id">{ind.id}</span> {ind.name}
      </h1>
      <p>
        <span class={`badge c-${ind.status}`}>{COLOUR[ind.status] ?? ind.status}</span>
      </p>
      {ind.statusReason && <p>{ind.statusReason.vi}</p>}
      <dl class="facts">
        <div>
          <dt>Đơn vị tính</dt>
          <dd>{ind.unit}</dd>
        </div>
        <div>
          <dt>Kỳ báo cáo</dt>
          <dd>{FREQUENCY_VI[ind.frequency]}</dd>
        </div>
        <div>
          <dt>Cơ quan chịu trách nhiệm</dt>
          <dd>{agencyName(agencies, ind.agency)}</dd>
        </div>
        {ind.coAgencies?.length ? (
          <div>
            <dt>Cơ quan phối hợp</dt>
            <dd>{ind.coAgencies.map((c) => agencyName(agencies, c)).join('; ')}</dd>
          </div>
        ) : null}
        {a.actual !== undefined && (
          <div>
            <dt>Thực hiện{a.period ? ` (${periodLabel(a.period)})` : ''}</dt>
            <dd>{withUnit(a.actual, ind.unit)}</dd>
          </div>
        )}
        {a.growthSoFar !== undefined && a.remainingPeriods !== undefined && a.remainingPeriods < periodsLeftMax(ind.frequency) && (
          <div>
            {/* The cumulative growth the statistics office publishes (6 months, 9 months, the year), weighted as the plan says. */}
            <dt>{a.remainingPeriods === 0 ? `Cả năm ${a.year}` : 'Lũy kế từ đầu năm'}</dt>
            <dd>
              {a.growthSoFar < 0 ? 'giảm' : 'tăng'} {withUnit(Math.round(Math.abs(a.growthSoFar) * 100) / 100, ind.unit)}
            </dd>
          </div>
        )}
        {a.planned !== undefined && (
          <div>
            <dt>Theo lộ trình</dt>
            <dd>{withUnit(a.planned, ind.unit)}</dd>
          </div>
        )}
        {a.target !== undefined && (
          <div>
            <dt>Mục tiêu năm {a.year}</dt>
            <dd>{withUnit(a.target, ind.unit)}</dd>
          </div>
        )}
        {ind.rateStillNeeded !== undefined && (
          <div>
            <dt>Các kỳ còn lại</dt>
            {/* "Cần giảm 0,09 điểm phần trăm mỗi quý", never a bare signed figure. */}
            <dd>{capitalise(neededWords(ind, ind.rateStillNeeded).vi)}</dd>
          </div>
        )}
        {ind.ceiling !== undefined && (
          <div>
            <dt>Mức trần khả thi mỗi kỳ (kế hoạch đặt ra)</dt>
            <dd>
              {number(ind.ceiling)} {ind.kind === 'level' && ind.unit === '%' ? 'điểm phần trăm' : ind.unit}
            </dd>
          </div>
        )}
      </dl>
      {mayReport(props.user, ind.agency) && (
        <section class="card" aria-labelledby="h-value">
          <h2 id="h-value">Nhập số liệu</h2>
          <ValueForm ind={ind} onDone={() => refreshSoon(() => void load())} />
        </section>
      )}
      <Chart ind={ind} />
      <h2>Số liệu đã báo cáo</h2>
      {!ind.values.length && <p>Chưa có số liệu.</p>}
      {!!ind.values.length && (
        <div class="scroll" tabIndex={0} role="region" aria-label="Số liệu đã báo cáo">
          <table class="values">
            <caption class="sr-only">Số liệu theo kỳ, mỗi lần báo cáo</caption>
            <thead>
              <tr>
                <th scope="col">Kỳ</th>
                <th scope="col">Giá trị</th>
                <th scope="col">Mức số liệu</th>
                <th scope="col">Nguồn</th>
                <th scope="col">Nhận lúc</th>
              </tr>
            </thead>
            <tbody>
              {[...ind.values].reverse().flatMap((v) =>
                [...v.revisions].reverse().map((r, i) => (
                  <tr key={`${v.period}-${i}`} class={r.value === v.value && r.revision === v.revision ? 'current' : undefined}>
                    <td>{periodLabel(v.period)}</td>
                    <td>{withUnit(r.value, ind.unit)}</td>
                    <td>{REVISION_LABEL[r.revision] ?? r.revision}</td>
                    <td>{r.source}</td>
                    <td>{dateTime(r.receivedAt)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
      <h2>Năm gốc và mục tiêu</h2>
      <div class="scroll" tabIndex={0} role="region" aria-label="Năm gốc và mục tiêu">
        <table>
          <caption class="sr-only">Năm gốc, mục tiêu và lộ trình theo kỳ</caption>
          <thead>
            <tr>
              <th scope="col">Kỳ</th>
              <th scope="col">Loại</th>
              <th scope="col">Giá trị</th>
            </tr>
          </thead>
          <tbody>
            {[...plan, ...(ind.path ?? []).map((p) => ({ ...p, kind: 'Lộ trình' }))].map((t, i) => (
              <tr key={i}>
                <td>{periodLabel(t.period)}</td>
                <td>{t.kind}</td>
                <td>{withUnit(t.value, ind.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

/** The indicators an agency answers for, each a link to its page and its form. */
export function OwnIndicators(props: { agency: string }) {
  const [items, setItems] = useState<Summary[]>();
  useEffect(() => {
    answer(api().GET('/indicators'))
      .then((l) => setItems(l.items.filter((i) => i.agency === props.agency)))
      .catch(() => setItems([]));
  }, [props.agency]);
  if (!items?.length) return null;
  return (
    <section aria-labelledby="h-own-inds">
      <h2 id="h-own-inds">Chỉ tiêu đơn vị chịu trách nhiệm</h2>
      <p>Mở một chỉ tiêu để báo cáo số liệu.</p>
      <ul class="indicators">
        {items.map((i) => (
          <li key={i.id} class="card">
            <IndicatorHead i={i} />
          </li>
        ))}
      </ul>
    </section>
  );
}
