/**
 * Tells the city office that mail to an address bounces (or was reported as spam) and is no
 * longer sent there, so that the address is corrected in the plan's directory. Pure.
 */
import { buildSubject, renderLayout, type Inline, type RenderedEmail } from '../layout';
import { formatInstantVi, oneLine, truncate } from '../text';

export interface BounceReportInput {
  address: string;
  agencyNames: string[];
  /** SES bounce type ("Permanent", "Transient", "Undetermined") or "Complaint". */
  bounceType: string;
  diagnostic?: string;
  /** ISO instant of the bounce. */
  at: string;
  planCode: string;
  recipientLabel: string;
}

const BOUNCE_TYPES: Record<string, string> = {
  permanent: 'Lỗi vĩnh viễn (Permanent)',
  transient: 'Lỗi tạm thời (Transient)',
  undetermined: 'Không xác định (Undetermined)',
  complaint: 'Người nhận đánh dấu là thư rác (Complaint)',
};

export function renderBounceReport(b: BounceReportInput): RenderedEmail {
  const address = truncate(oneLine(b.address), 254);
  const agencies = b.agencyNames.map(oneLine).filter(Boolean);
  const type = oneLine(b.bounceType);
  const complaint = type.toLowerCase() === 'complaint';
  const typeLabel = BOUNCE_TYPES[type.toLowerCase()] ?? (type || 'Không xác định');
  const who = agencies.length ? ` (${agencies.join('; ')})` : '';
  const plan = oneLine(b.planCode);

  const what: Inline[] = complaint
    ? ['Người nhận tại địa chỉ ', { strong: address }, `${who} đã đánh dấu thư của hệ thống là thư rác (lúc ${formatInstantVi(b.at)}).`]
    : ['Thư điện tử gửi tới địa chỉ ', { strong: address }, `${who} bị trả lại (lúc ${formatInstantVi(b.at)}).`];
  const paragraphs: Inline[][] = [
    what,
    [
      'Từ nay hệ thống ',
      { strong: 'ngừng gửi thư tới địa chỉ này' },
      agencies.length ? '; các thông báo nhắc hạn, đôn đốc gửi cơ quan trên có thể không đến được người nhận.' : '.',
    ],
    [
      'Đề nghị Văn phòng UBND Thành phố phối hợp với cơ quan liên quan xác minh và cập nhật địa chỉ thư điện tử đúng ',
      plan ? `trong danh sách phân công của Chương trình ${plan}.` : 'trong danh sách phân công của chương trình.',
    ],
  ];

  const subject = buildSubject(complaint ? 'Thư bị đánh dấu thư rác' : 'Địa chỉ thư bị trả lại', address, agencies.join('; '));
  const body = renderLayout({
    planCode: b.planCode,
    title: subject,
    tone: 'overdue',
    statusLine: complaint ? `Thư gửi tới ${address} bị đánh dấu là thư rác; đã ngừng gửi.` : `Thư gửi tới ${address} bị trả lại; đã ngừng gửi.`,
    recipientLabel: oneLine(b.recipientLabel) || 'Văn phòng UBND Thành phố',
    paragraphs,
    sections: [
      {
        heading: 'Thông tin địa chỉ',
        rows: [
          { label: 'Địa chỉ thư điện tử', value: address },
          { label: 'Cơ quan sử dụng địa chỉ', value: agencies.length ? agencies.join('; ') : 'Không tìm thấy trong danh sách phân công' },
          { label: 'Loại lỗi', value: typeLabel },
          ...(b.diagnostic ? [{ label: 'Thông tin chẩn đoán', value: truncate(oneLine(b.diagnostic), 500) }] : []),
          { label: 'Thời điểm', value: formatInstantVi(b.at) },
        ],
      },
    ],
  });
  return { subject, ...body };
}
