/**
 * Slippage alerts about an indicator (chỉ tiêu), to the responsible agency (and, when red, the
 * supervising vice-chair and the city office). Pure.
 */
import { buildSubject, renderLayout, type Inline, type RenderedEmail, type Row } from '../layout';
import { oneLine } from '../text';

export type IndicatorAlertKind = 'amber' | 'red' | 'infeasible' | 'missing';

export interface IndicatorAlertInput {
  kind: IndicatorAlertKind;
  indicator: { id: string; name: string; unit: string; agencyName: string };
  periodLabel: string;
  /** The assessment's own sentence (numbers included), for amber, red and infeasible. */
  reasonVi?: string;
  facts: Array<{ label: string; value: string }>;
  /** For `missing`: the reporting cut-off that passed. */
  cutoffVi?: string;
  link: string;
  recipientLabel: string;
  planCode: string;
}

const TAGS: Record<IndicatorAlertKind, string> = {
  amber: 'Chỉ tiêu có nguy cơ không đạt',
  red: 'Chỉ tiêu không đạt tiến độ',
  infeasible: 'Chỉ tiêu khó đạt mục tiêu năm',
  missing: 'Chưa báo cáo số liệu chỉ tiêu',
};

export function renderIndicatorAlert(a: IndicatorAlertInput): RenderedEmail {
  const name = oneLine(a.indicator.name);
  const subject = buildSubject(TAGS[a.kind], a.indicator.id, `${name} (${a.periodLabel})`);
  const paragraphs: Inline[][] =
    a.kind === 'missing'
      ? [
          [
            'Chỉ tiêu ',
            { strong: `${a.indicator.id} – ${name}` },
            ` chưa có số liệu ${a.periodLabel}, đã quá thời hạn báo cáo${a.cutoffVi ? ` (${a.cutoffVi})` : ''}.`,
          ],
          [
            'Đề nghị ',
            { strong: oneLine(a.indicator.agencyName) },
            ' cập nhật số liệu trên hệ thống (ước tính, sơ bộ hoặc chính thức) và nêu rõ nguồn số liệu.',
          ],
        ]
      : [
          // The reason already names the period ("Quý III/2025: thực hiện ...").
          ['Chỉ tiêu ', { strong: `${a.indicator.id} – ${name}` }, ` – ${a.reasonVi ?? a.periodLabel}`],
          [
            'Đề nghị ',
            { strong: oneLine(a.indicator.agencyName) },
            a.kind === 'infeasible'
              ? ' rà soát kịch bản, đề xuất giải pháp bổ sung để đạt mục tiêu năm, báo cáo UBND Thành phố.'
              : ' phân tích nguyên nhân, đề xuất giải pháp khắc phục và báo cáo UBND Thành phố.',
          ],
        ];
  const rows: Row[] = [
    { label: 'Mã chỉ tiêu', value: a.indicator.id },
    { label: 'Tên chỉ tiêu', value: name },
    { label: 'Đơn vị tính', value: oneLine(a.indicator.unit) },
    { label: 'Cơ quan chịu trách nhiệm', value: oneLine(a.indicator.agencyName) },
    { label: 'Kỳ', value: a.periodLabel },
    ...a.facts.map((f) => ({ label: f.label, value: f.value })),
  ];
  const body = renderLayout({
    planCode: a.planCode,
    title: subject,
    tone: a.kind === 'amber' || a.kind === 'missing' ? 'reminder' : a.kind === 'red' ? 'overdue' : 'chair',
    statusLine: `${TAGS[a.kind]}: ${a.indicator.id}, ${a.periodLabel}.`,
    recipientLabel: a.recipientLabel,
    paragraphs,
    sections: [{ heading: 'Thông tin chỉ tiêu', rows }],
    link: a.link,
    linkLabel: 'Xem chỉ tiêu và cập nhật số liệu',
  });
  return { subject, ...body };
}
