/**
 * Deadline emails: reminders before a deadline, chasers after it (escalating to the vice-chair
 * and then the Chair), and the "progress not updated" notice. Pure: every date is passed in.
 */
import {
  buildSubject,
  deadlineValue,
  effectiveDue,
  renderLayout,
  taskRows,
  type EmailLastUpdate,
  type EmailTask,
  type Inline,
  type RenderedEmail,
  type Tone,
} from '../layout';
import { count, formatDateVi, formatInstantVi, oneLine, percent } from '../text';

export type NoticeRule = 'reminder-7' | 'reminder-1' | 'overdue-1' | 'overdue-5' | 'overdue-10' | 'overdue-chair' | 'stale';

export const NOTICE_RULES: readonly NoticeRule[] = ['reminder-7', 'reminder-1', 'overdue-1', 'overdue-5', 'overdue-10', 'overdue-chair', 'stale'];

export type NoticeTask = EmailTask;

export interface NoticeInput {
  rule: NoticeRule;
  task: NoticeTask;
  /** For reminders: working days left (7 or 1, or 0 = due today). For overdue: working days overdue. */
  workingDays: number;
  calendarDaysOverdue?: number;
  /** The co-operating agency the lead waits on, by name: chasers ask it to co-operate. */
  waitingOnName?: string;
  /** For a recurring task: the reporting period chased ("Quý III/2025") and its due date (ISO, day-off rule applied). */
  period?: { label: string; dueDate: string };
  /** Overdue chasers already sent for this deadline, before this one. */
  chaserCount: number;
  lastUpdate?: EmailLastUpdate;
  /** For 'stale'. */
  daysSinceUpdate?: number;
  /** URL of the task. */
  link: string;
  /** E.g. "Sở Tài chính" or "Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Văn B". */
  recipientLabel: string;
  /** "08/CTr-UBND". */
  planCode: string;
}

interface Wording {
  tag: string;
  tone: Tone;
  status: string;
  paragraphs: Inline[][];
}

function wording(n: NoticeInput): Wording {
  const t = n.task;
  const id = oneLine(t.id);
  const lead = oneLine(t.leadAgencyName) || 'cơ quan chủ trì';
  const days = count(n.workingDays);
  const chasers = count(n.chaserCount);
  const p = percent(t.progress);
  const dated = Boolean(t.revisedDueDate || t.dueDate);
  const period = n.period ? oneLine(n.period.label) : '';
  const due = n.period ? formatDateVi(n.period.dueDate) : effectiveDue(t);
  const dueOn = dated || n.period ? `ngày ${due}` : `“${due}”`;
  // What is late: the task, or a recurring task's report for a period.
  const pending = period ? '' : ` nhưng chưa hoàn thành (tiến độ đã báo cáo: ${p}%)`;
  const cal = count(n.calendarDaysOverdue);
  const calNote = n.calendarDaysOverdue !== undefined && cal !== days ? ` (${cal} ngày theo lịch)` : '';
  const overdueFor = days > 0 ? `${days} ngày làm việc` : '';
  const overdueFact: Inline[] = [
    'Nhiệm vụ ',
    { strong: id },
    period
      ? ` do ${lead} chủ trì chưa báo cáo kết quả ${period}, hạn báo cáo ${dueOn}, đến nay đã quá hạn `
      : ` do ${lead} chủ trì, thời hạn hoàn thành ${dueOn}, đến nay đã quá hạn `,
    ...(overdueFor ? [{ strong: overdueFor }, calNote] : []),
  ];

  switch (n.rule) {
    case 'reminder-7':
    case 'reminder-1':
      return {
        tag: days === 0 ? 'Nhắc hạn – đến hạn hôm nay' : `Nhắc hạn – còn ${days} ngày làm việc`,
        tone: 'reminder',
        status: period
          ? `Đến hạn báo cáo kết quả ${period} ${days === 0 ? `hôm nay (${due})` : `sau ${days} ngày làm việc (${dueOn})`}.`
          : days === 0
            ? `Nhiệm vụ đến hạn hoàn thành hôm nay (${due}).`
            : `Nhiệm vụ đến hạn hoàn thành sau ${days} ngày làm việc (${dueOn}).`,
        paragraphs: [
          [
            'Nhiệm vụ ',
            { strong: id },
            period ? ` do ${lead} chủ trì cần báo cáo kết quả ${period}, hạn báo cáo ` : ` do ${lead} chủ trì có thời hạn hoàn thành `,
            { strong: dueOn },
            days === 0 ? ' (hôm nay)' : ` (còn ${days} ngày làm việc)`,
            `; tiến độ đã báo cáo: ${p}%.`,
          ],
          period
            ? [`Đề nghị ${lead} báo cáo kết quả thực hiện ${period} trên hệ thống đúng hạn.`]
            : [
                `Đề nghị ${lead} khẩn trương hoàn thành nhiệm vụ đúng thời hạn và cập nhật tiến độ, kết quả thực hiện trên hệ thống. `,
                'Trường hợp không thể hoàn thành đúng hạn, đề nghị gửi đề xuất gia hạn trên hệ thống, nêu rõ lý do.',
              ],
        ],
      };
    case 'overdue-1':
      return {
        tag: 'Quá hạn',
        tone: 'overdue',
        status: period
          ? `Chưa báo cáo kết quả ${period}, quá hạn${overdueFor ? ` ${overdueFor}` : ''}.`
          : overdueFor
            ? `Nhiệm vụ đã quá hạn ${overdueFor}, chưa hoàn thành.`
            : 'Nhiệm vụ đã quá hạn, chưa hoàn thành.',
        paragraphs: [
          [...overdueFact, `${pending}.`],
          [`Đề nghị ${lead} khẩn trương hoàn thành nhiệm vụ, cập nhật kết quả trên hệ thống và báo cáo, `, { strong: 'làm rõ lý do chậm muộn' }, '.'],
          ['Thư này đồng gửi Văn phòng UBND Thành phố để theo dõi, tổng hợp.'],
        ],
      };
    case 'overdue-5':
      return {
        tag: overdueFor ? `Quá hạn ${overdueFor}` : 'Quá hạn',
        tone: 'overdue',
        status: `Nhiệm vụ quá hạn${overdueFor ? ` ${overdueFor}` : ''}, chưa hoàn thành; đã đôn đốc ${chasers} lần.`,
        paragraphs: [
          [...overdueFact, `${pending}. Hệ thống đã gửi `, { strong: `${chasers} lần đôn đốc` }, ` tới ${lead}; đây là lần đôn đốc thứ ${chasers + 1}.`],
          ['Văn phòng UBND Thành phố báo cáo nhiệm vụ này tới Đồng chí Phó Chủ tịch UBND Thành phố phụ trách lĩnh vực.'],
          [
            `Đề nghị ${oneLine(t.leadHeadTitle) || `Thủ trưởng ${lead}`} trực tiếp chỉ đạo hoàn thành nhiệm vụ, báo cáo `,
            { strong: 'làm rõ lý do chậm muộn' },
            ' và cập nhật kết quả trên hệ thống.',
          ],
        ],
      };
    case 'overdue-10':
      return {
        tag: `Đôn đốc lần ${chasers + 1}${overdueFor ? ` – Quá hạn ${overdueFor}` : ''}`,
        tone: 'overdue',
        status: `Đôn đốc lần ${chasers + 1}: nhiệm vụ quá hạn${overdueFor ? ` ${overdueFor}` : ''}, chưa hoàn thành.`,
        paragraphs: [
          [...overdueFact, `${pending}. Đây là `, { strong: `lần đôn đốc thứ ${chasers + 1}` }, '.'],
          [`Đề nghị ${lead} khẩn trương hoàn thành nhiệm vụ, báo cáo `, { strong: 'làm rõ lý do chậm muộn' }, ' và cập nhật kết quả trên hệ thống.'],
          ['Văn phòng UBND Thành phố báo cáo nhiệm vụ này tới Đồng chí Phó Chủ tịch UBND Thành phố phụ trách lĩnh vực.'],
          [
            {
              strong:
                'Trường hợp nhiệm vụ tiếp tục chưa hoàn thành, Văn phòng UBND Thành phố sẽ tổng hợp, báo cáo Chủ tịch UBND Thành phố để đưa vào nội dung giao ban.',
            },
          ],
        ],
      };
    case 'overdue-chair':
      return {
        tag: `Báo cáo Chủ tịch${overdueFor ? ` – Quá hạn ${overdueFor}` : ''}`,
        tone: 'chair',
        status: `Nhiệm vụ quá hạn${overdueFor ? ` ${overdueFor}` : ''} sau ${chasers} lần đôn đốc; đưa vào nội dung giao ban.`,
        paragraphs: [
          [...overdueFact, ' và vẫn chưa hoàn thành sau ', { strong: `${chasers} lần đôn đốc` }, ` (tiến độ đã báo cáo: ${p}%).`],
          [
            'Nhiệm vụ được ',
            { strong: 'đưa vào nội dung giao ban' },
            ` kỳ gần nhất của lãnh đạo UBND Thành phố. Đề nghị ${lead} chuẩn bị báo cáo giải trình, `,
            { strong: 'làm rõ lý do chậm muộn' },
            ', đề xuất giải pháp và thời gian hoàn thành.',
          ],
          ['Văn phòng UBND Thành phố báo cáo Chủ tịch UBND Thành phố và Phó Chủ tịch UBND Thành phố phụ trách lĩnh vực; tổng hợp, chuẩn bị nội dung giao ban.'],
        ],
      };
    case 'stale': {
      const since = n.daysSinceUpdate === undefined ? undefined : count(n.daysSinceUpdate);
      const when = n.lastUpdate ? formatInstantVi(n.lastUpdate.at) : '';
      return {
        tag: 'Chưa cập nhật tiến độ',
        tone: 'reminder',
        status: since === undefined ? 'Nhiệm vụ chưa được cập nhật tiến độ.' : `Nhiệm vụ đã ${since} ngày chưa được cập nhật tiến độ.`,
        paragraphs: [
          [
            'Nhiệm vụ ',
            { strong: id },
            ` do ${lead} chủ trì (thời hạn: ${deadlineValue(t)}) `,
            since === undefined ? 'chưa được cập nhật tiến độ' : { strong: `đã ${since} ngày chưa được cập nhật tiến độ` },
            when ? `; lần cập nhật gần nhất lúc ${when}.` : '; chưa có lần cập nhật nào trên hệ thống.',
          ],
          [`Đề nghị ${lead} cập nhật tiến độ, kết quả thực hiện và khó khăn, vướng mắc (nếu có) trên hệ thống.`],
        ],
      };
    }
    default: {
      const unknown: never = n.rule;
      throw new Error(`unknown notice rule: ${String(unknown)}`);
    }
  }
}

/** The email for one deadline rule. */
const CHASERS: ReadonlySet<NoticeRule> = new Set(['overdue-1', 'overdue-5', 'overdue-10']);

export function renderNotice(n: NoticeInput): RenderedEmail {
  const w = wording(n);
  const waited = oneLine(n.waitingOnName);
  if (waited && CHASERS.has(n.rule)) {
    const lead = oneLine(n.task.leadAgencyName) || 'cơ quan chủ trì';
    // After the facts: the lead's reason, and what the agency it waits on is asked to do.
    w.paragraphs.splice(1, 0, [
      `${lead} báo cáo đang chờ ý kiến, kết quả phối hợp của ${waited}. Đề nghị `,
      { strong: `${waited} khẩn trương phối hợp` },
      ` với ${lead} để hoàn thành nhiệm vụ.`,
    ]);
  }
  const subject = buildSubject(w.tag, n.task.id, n.task.title);
  const body = renderLayout({
    planCode: n.planCode,
    title: subject,
    tone: w.tone,
    statusLine: w.status,
    recipientLabel: n.recipientLabel,
    paragraphs: w.paragraphs,
    sections: [{ heading: 'Thông tin nhiệm vụ', rows: taskRows(n.task, n.lastUpdate) }],
    link: n.link,
  });
  return { subject, ...body };
}
