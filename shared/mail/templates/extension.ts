/**
 * Deadline-extension emails: a request (to the leader or office who decides) and the decision
 * (to the lead agency). Pure: every date is passed in.
 */
import { buildSubject, effectiveDue, renderLayout, taskRows, type EmailTask, type Inline, type RenderedEmail, type Row, type Tone } from '../layout';
import { formatDateVi, oneLine } from '../text';

export type ExtensionKind = 'requested' | 'approved' | 'rejected';

export interface ExtensionNoticeInput {
  kind: ExtensionKind;
  task: EmailTask;
  requestId: string;
  /** ISO date the lead agency asks for. */
  proposedDueDate: string;
  /** ISO date granted (approved); defaults to the proposed date. */
  newDueDate?: string;
  reason: string;
  decisionNote?: string;
  /** Who decided, e.g. "Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Văn B". */
  deciderLabel?: string;
  link: string;
  recipientLabel: string;
  planCode: string;
}

const TAGS: Record<ExtensionKind, string> = {
  requested: 'Đề nghị gia hạn',
  approved: 'Đồng ý gia hạn',
  rejected: 'Không đồng ý gia hạn',
};

const TONES: Record<ExtensionKind, Tone> = { requested: 'info', approved: 'success', rejected: 'overdue' };

export function renderExtensionNotice(e: ExtensionNoticeInput): RenderedEmail {
  const t = e.task;
  const id = oneLine(t.id);
  const lead = oneLine(t.leadAgencyName) || 'Cơ quan chủ trì';
  // The deadline in force while the request is pending or after it is refused (the plan's, or an
  // earlier extension's). Not shown for an approval: the task may already carry the new date.
  const current = effectiveDue(t);
  const proposed = formatDateVi(e.proposedDueDate);
  const granted = formatDateVi(e.newDueDate || e.proposedDueDate);
  const decider = oneLine(e.deciderLabel) || 'Lãnh đạo UBND Thành phố';
  const note = oneLine(e.decisionNote);

  let status: string;
  let paragraphs: Inline[][];
  switch (e.kind) {
    case 'requested':
      status = `${lead} đề nghị gia hạn nhiệm vụ ${id} đến ngày ${proposed}.`;
      paragraphs = [
        [`${lead} đề nghị gia hạn thời hạn thực hiện nhiệm vụ `, { strong: id }, ` từ ${current} đến `, { strong: `ngày ${proposed}` }, '.'],
        [`Kính đề nghị ${oneLine(e.recipientLabel) || 'lãnh đạo'} xem xét, cho ý kiến (đồng ý hoặc không đồng ý) đối với đề nghị gia hạn trên hệ thống.`],
      ];
      break;
    case 'approved':
      status = `Đồng ý gia hạn nhiệm vụ ${id} đến ngày ${granted}.`;
      paragraphs = [
        [
          `${decider} đã đồng ý gia hạn thời hạn thực hiện nhiệm vụ `,
          { strong: id },
          ' đến ',
          { strong: `ngày ${granted}` },
          granted !== proposed ? ` (đề nghị: ngày ${proposed})` : '',
          '.',
        ],
        [`Đề nghị ${lead} tổ chức thực hiện, hoàn thành nhiệm vụ trong thời hạn được gia hạn và cập nhật tiến độ trên hệ thống.`],
      ];
      break;
    case 'rejected':
      status = `Không đồng ý gia hạn nhiệm vụ ${id}; giữ nguyên thời hạn ${current}.`;
      paragraphs = [
        [
          `${decider} không đồng ý đề nghị gia hạn thời hạn thực hiện nhiệm vụ `,
          { strong: id },
          ` đến ngày ${proposed}. Thời hạn thực hiện giữ nguyên: `,
          { strong: current },
          '.',
        ],
        [
          `Đề nghị ${lead} khẩn trương hoàn thành nhiệm vụ theo thời hạn đã giao, cập nhật tiến độ trên hệ thống; trường hợp đã quá hạn, báo cáo làm rõ lý do chậm muộn.`,
        ],
      ];
      break;
    default: {
      const unknown: never = e.kind;
      throw new Error(`unknown extension kind: ${String(unknown)}`);
    }
  }

  const request: Row[] = [
    { label: 'Mã đề nghị', value: e.requestId },
    ...(e.kind !== 'approved' ? [{ label: 'Thời hạn hiện tại', value: current }] : []),
    { label: 'Đề nghị gia hạn đến', value: proposed },
    ...(e.kind === 'approved' ? [{ label: 'Được gia hạn đến', value: granted }] : []),
    { label: 'Lý do', value: e.reason || 'Không nêu', multiline: true },
    ...(e.kind !== 'requested' ? [{ label: 'Ý kiến của lãnh đạo', value: note ? `${decider}: ${note}` : decider }] : []),
  ];

  const subject = buildSubject(TAGS[e.kind], t.id, t.title);
  const body = renderLayout({
    planCode: e.planCode,
    title: subject,
    tone: TONES[e.kind],
    statusLine: status,
    recipientLabel: e.recipientLabel,
    paragraphs,
    sections: [
      { heading: 'Đề nghị gia hạn', rows: request },
      { heading: 'Thông tin nhiệm vụ', rows: taskRows(t) },
    ],
    link: e.link,
    linkLabel: e.kind === 'requested' ? 'Xem và cho ý kiến' : undefined,
  });
  return { subject, ...body };
}
