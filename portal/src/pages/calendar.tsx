import { useEffect, useState } from 'preact/hooks';
import { ApiError, answer, api, type Schemas } from '../api';
import type { User } from '../auth';
import { date } from '../format';
import { Field, Link, Loading, Problem, useAction } from '../ui';

type Year = Schemas['CalendarYear'];
type Day = Schemas['CalendarDay'];

const KIND_VI: Record<Day['kind'], string> = { 'day-off': 'Ngày nghỉ', 'working-day': 'Ngày làm bù' };
const WEEKDAY_VI = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** "Thứ Sáu, 02/01/2026" for 2026-01-02. */
function dayLabel(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${WEEKDAY_VI[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${date(iso)}`;
}

/** A date as officials write it (2/1/2026, 02/01/2026) or as ISO (2026-01-02), as the API's path takes it; undefined otherwise. */
function isoDate(typed: string): string | undefined {
  const t = typed.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : undefined;
}

/** The office records a day off or a make-up working day; the API's refusals appear under each field. */
function AddDay(props: { year: number; onDone: (message: string) => void }) {
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<Day['kind']>('day-off');
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const when = isoDate(day);
    if (!when) {
      const typed = day.trim();
      setError(
        new ApiError(400, 'Ngày chưa đúng.', 'The date is not right.', [
          {
            field: 'date',
            vi: typed ? `"${typed}" không phải là ngày viết dạng ngày/tháng/năm, ví dụ 02/01/${props.year}.` : 'Cần ghi ngày, dạng ngày/tháng/năm.',
            en: typed ? `"${typed}" is not a date written day/month/year, e.g. 02/01/${props.year}.` : 'A date is required, written day/month/year.',
          },
        ]),
      );
      return;
    }
    void run(async () => {
      const out = await answer(api().PUT('/calendar/days/{date}', { params: { path: { date: when } }, body: { kind, name, source } }));
      // Recorded: cleared only now; a refusal keeps everything typed.
      setDay('');
      setName('');
      setSource('');
      props.onDone(`Đã ghi ${KIND_VI[out.after!.kind].toLowerCase()} ${dayLabel(out.date)}: ${out.after!.name}.`);
    });
  };
  return (
    <section aria-labelledby="h-add-day" class="card add-day">
      <h2 id="h-add-day">Thêm ngày nghỉ hoặc ngày làm bù</h2>
      <p class="hint">
        Ngày nghỉ phải là một ngày từ thứ Hai đến thứ Sáu (ngày lễ trùng cuối tuần ghi vào ngày nghỉ bù); ngày làm bù phải là thứ Bảy hoặc Chủ nhật. Mỗi thay
        đổi được lưu vào nhật ký của lịch và áp dụng cho mọi thời hạn trong vòng 5 phút.
      </p>
      <form onSubmit={submit} noValidate aria-label="Thêm ngày vào lịch">
        <Field id="cal-date" name="date" label="Ngày" hint={`Ngày/tháng/năm, ví dụ 02/01/${props.year}`} error={error}>
          {(a) => <input {...a} type="text" inputMode="numeric" autocomplete="off" value={day} onInput={(e) => setDay(e.currentTarget.value)} />}
        </Field>
        <Field id="cal-kind" name="kind" label="Loại" error={error}>
          {(a) => (
            <select {...a} value={kind} onChange={(e) => setKind(e.currentTarget.value as Day['kind'])}>
              <option value="day-off">Ngày nghỉ (thứ Hai đến thứ Sáu)</option>
              <option value="working-day">Ngày làm bù (thứ Bảy, Chủ nhật)</option>
            </select>
          )}
        </Field>
        <Field id="cal-name" name="name" label="Tên ngày" hint="Ví dụ: Nghỉ Tết Dương lịch (hoán đổi)" error={error}>
          {(a) => <input {...a} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="cal-source" name="source" label="Căn cứ" hint="Văn bản công bố, ví dụ: Công văn 12729/VPCP-KGVX" error={error}>
          {(a) => <input {...a} type="text" value={source} onInput={(e) => setSource(e.currentTarget.value)} />}
        </Field>
        <Problem error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Đang ghi…' : 'Ghi vào lịch'}
        </button>
      </form>
    </section>
  );
}

/** The working-day calendar of a year: everyone reads it; the office adds and removes days. */
export function CalendarPage(props: { user: User; query: URLSearchParams }) {
  const office = props.user.role === 'office';
  const asked = Number(props.query.get('year'));
  const [year, setYear] = useState(Number.isInteger(asked) && asked >= 1900 && asked <= 2100 ? asked : new Date().getFullYear());
  const [data, setData] = useState<{ year: number; cal: Year }>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const removal = useAction();
  const load = (y = year) => {
    setLoadError(undefined);
    answer(api().GET('/calendar', { params: { query: { year: y } } }))
      .then((cal) => setData({ year: y, cal }))
      .catch(setLoadError);
  };
  useEffect(() => load(year), [year]);
  const choose = (y: number) => {
    setDone(undefined);
    setYear(y);
  };
  const remove = (d: Day) => {
    setDone(undefined);
    void removal.run(async () => {
      await answer(api().DELETE('/calendar/days/{date}', { params: { path: { date: d.date } } }));
      setDone(`Đã xóa ${dayLabel(d.date)} (${d.name}) khỏi lịch.`);
      load();
    });
  };
  const now = new Date().getFullYear();
  const years = Array.from(new Set([...Array.from({ length: 8 }, (_, i) => now - 2 + i), year])).sort((a, b) => a - b);
  const shown = data?.year === year ? data.cal : undefined;
  return (
    <section aria-labelledby="h-calendar">
      <p class="crumbs">
        <Link href="/">← Trang chính</Link>
      </p>
      <h1 id="h-calendar">Lịch nghỉ, làm bù</h1>
      <p class="lead">
        Các ngày khác với tuần làm việc thứ Hai đến thứ Sáu: ngày nghỉ lễ, nghỉ bù, hoán đổi và ngày làm bù. Thời hạn được tính theo ngày làm việc của lịch này;
        thứ Bảy, Chủ nhật không liệt kê.
      </p>
      <div class="buttons year-pick">
        <button type="button" class="secondary" onClick={() => choose(year - 1)}>
          ← Năm {year - 1}
        </button>
        <label for="cal-year" class="sr-only">
          Năm
        </label>
        <select id="cal-year" value={String(year)} onChange={(e) => choose(Number(e.currentTarget.value))}>
          {years.map((y) => (
            <option key={y} value={String(y)}>
              Năm {y}
            </option>
          ))}
        </select>
        <button type="button" class="secondary" onClick={() => choose(year + 1)}>
          Năm {year + 1} →
        </button>
      </div>
      <Problem error={loadError} />
      {!shown && !loadError && <Loading />}
      {shown && (
        <>
          {shown.status === 'announced' ? (
            <p class="ok year-status" role="status">
              <strong>Năm {year}: đã công bố.</strong> Lịch theo văn bản của Chính phủ và các thay đổi Văn phòng đã ghi.
            </p>
          ) : (
            <div class="problem year-status projected" role="status">
              <p>
                <strong>Năm {year}: dự kiến, chưa được công bố.</strong>{' '}
                {shown.items.length
                  ? 'Các ngày dưới đây được tính theo quy định của Bộ luật Lao động; ghi lại lịch khi Chính phủ công bố.'
                  : 'Lịch chưa có ngày nào: chỉ thứ Bảy, Chủ nhật được tính là ngày nghỉ, kể cả dịp Tết.'}
              </p>
            </div>
          )}
          {done && (
            <p class="ok" role="status">
              {done}
            </p>
          )}
          <Problem error={removal.error} />
          <h2 id="h-days">
            Các ngày của năm {year} ({shown.items.length})
          </h2>
          {!shown.items.length && <p>Không có ngày nào.</p>}
          {shown.items.length > 0 && (
            <div class="scroll" tabIndex={0} role="region" aria-labelledby="h-days">
              <table class="days stacked">
                <thead>
                  <tr>
                    <th scope="col">Ngày</th>
                    <th scope="col">Loại</th>
                    <th scope="col">Tên</th>
                    <th scope="col">Căn cứ</th>
                    {office && (
                      <th scope="col">
                        <span class="sr-only">Thao tác</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {shown.items.map((d) => (
                    <tr key={d.date} class={`k-${d.kind}`}>
                      <td data-label="Ngày" class="nowrap">
                        {dayLabel(d.date)}
                      </td>
                      <td data-label="Loại" class="nowrap">
                        {KIND_VI[d.kind]}
                      </td>
                      <td data-label="Tên">{d.name}</td>
                      <td data-label="Căn cứ">{d.source}</td>
                      {office && (
                        <td>
                          <button type="button" class="danger" disabled={removal.busy} onClick={() => remove(d)} aria-label={`Xóa ngày ${date(d.date)}`}>
                            Xóa
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {office && (
        <AddDay
          year={year}
          onDone={(message) => {
            setDone(message);
            load();
          }}
        />
      )}
    </section>
  );
}
