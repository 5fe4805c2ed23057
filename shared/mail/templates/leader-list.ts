/**
 * A leader's list of the day: one email listing the overdue tasks newly reported to them, in
 * place of one email per task. For the chair, the tasks for the next leadership meeting; for a
 * vice-chair, the tasks of their fields at the second and third chaser (and those reported to
 * the chair). Pure: every date is passed in.
 */
import type { ListedTask } from '../../data/leader-lists';
import { renderLayout, type Inline, type RenderedEmail, type Section } from '../layout';
import { count, formatDateVi, oneLine, percent } from '../text';

export interface LeaderListInput {
  /** "Đồng chí Phó Chủ tịch UBND Thành phố Trần Thị Bình". */
  recipientLabel: string;
  chair: boolean;
  /** ISO date of the list. */
  day: string;
  tasks: ListedTask[];
  /** The leader's dashboard in the portal. */
  link: string;
  planCode: string;
}

/** What each step means to the leader reading the list, in the order the list shows them. */
const STEP: Record<ListedTask['rule'], { heading: string; order: number }> = {
  'overdue-chair': { heading: 'Quá hạn sau ba lần đôn đốc, đưa vào nội dung giao ban', order: 0 },
  'overdue-10': { heading: 'Đôn đốc lần thứ ba', order: 1 },
  'overdue-5': { heading: 'Đôn đốc lần thứ hai', order: 2 },
};

function taskSection(t: ListedTask, n: number): Section {
  const days = count(t.workingDaysOverdue);
  const chasers = count(t.chaserCount);
  return {
    heading: `${n}. ${oneLine(t.taskId)}: ${oneLine(t.title)}`,
    rows: [
      { label: 'Cơ quan chủ trì', value: t.leadAgencyName },
      { label: 'Thời hạn', value: t.deadline },
      { label: 'Quá hạn', value: days > 0 ? `${days} ngày làm việc` : 'Quá hạn' },
      { label: 'Đã đôn đốc', value: chasers > 0 ? `${chasers} lần` : 'Lần đầu' },
      { label: 'Tiến độ', value: `${percent(t.progress)}%`, bar: percent(t.progress) },
      ...(t.waitingOnName ? [{ label: 'Đang chờ phối hợp', value: t.waitingOnName }] : []),
      { label: 'Xem nhiệm vụ', value: t.link, href: true },
    ],
  };
}

export function renderLeaderList(l: LeaderListInput): RenderedEmail {
  const day = formatDateVi(l.day);
  const tasks = [...l.tasks].sort(
    (a, b) => STEP[a.rule].order - STEP[b.rule].order || b.workingDaysOverdue - a.workingDaysOverdue || a.taskId.localeCompare(b.taskId),
  );
  const n = tasks.length;
  const meeting = tasks.filter((t) => t.rule === 'overdue-chair').length;
  const subject = l.chair
    ? `[Giao ban] ${n} nhiệm vụ quá hạn báo cáo Chủ tịch UBND Thành phố ngày ${day}`
    : `[Nhiệm vụ quá hạn] ${n} nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày ${day}`;
  const paragraphs: Inline[][] = l.chair
    ? [
        [
          'Văn phòng UBND Thành phố kính báo cáo Đồng chí ',
          { strong: `${n} nhiệm vụ quá hạn, chưa hoàn thành sau ba lần đôn đốc` },
          ', đề xuất đưa vào nội dung giao ban kỳ gần nhất của lãnh đạo UBND Thành phố. Các cơ quan chủ trì đã được yêu cầu chuẩn bị báo cáo giải trình, làm rõ lý do chậm muộn.',
        ],
      ]
    : [
        [
          'Văn phòng UBND Thành phố kính báo cáo Đồng chí ',
          { strong: `${n} nhiệm vụ quá hạn, chưa hoàn thành` },
          ' thuộc lĩnh vực Đồng chí phụ trách, được đôn đốc hôm nay',
          meeting ? `; trong đó ${meeting} nhiệm vụ đã báo cáo Chủ tịch UBND Thành phố để đưa vào nội dung giao ban.` : '.',
        ],
        ['Kính đề nghị Đồng chí quan tâm, chỉ đạo các cơ quan chủ trì khẩn trương hoàn thành.'],
      ];
  const sections: Section[] = [];
  let i = 0;
  for (const rule of Object.keys(STEP) as Array<ListedTask['rule']>) {
    const group = tasks.filter((t) => t.rule === rule);
    if (!group.length) continue;
    sections.push({ heading: `${STEP[rule].heading} (${group.length})`, rows: [] }, ...group.map((t) => taskSection(t, ++i)));
  }
  const body = renderLayout({
    planCode: l.planCode,
    title: subject,
    tone: l.chair ? 'chair' : 'overdue',
    statusLine: l.chair ? `${n} nhiệm vụ đưa vào nội dung giao ban (${day}).` : `${n} nhiệm vụ quá hạn báo cáo Đồng chí ngày ${day}.`,
    recipientLabel: l.recipientLabel,
    paragraphs,
    sections,
    link: l.link,
    linkLabel: 'Xem tình hình thực hiện',
  });
  return { subject, ...body };
}
