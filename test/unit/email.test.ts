import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderBounceReport } from '../../shared/mail/templates/bounce';
import { renderLeaderList } from '../../shared/mail/templates/leader-list';
import { renderExtensionNotice, type ExtensionKind } from '../../shared/mail/templates/extension';
import { buildSubject, escapeHtml, type EmailTask } from '../../shared/mail/layout';
import { buildMime, InvalidEmailError, type OutgoingEmail } from '../../shared/mail/mime';
import { NOTICE_RULES, renderNotice, type NoticeInput, type NoticeRule } from '../../shared/mail/templates/notice';
import { formatDateVi, formatInstantVi, oneLine, truncate } from '../../shared/mail/text';
import { taskFacts } from '../../shared/mail/compose';
import { addressees, comrade } from '../../shared/mail/recipients';
import { headTitle, type Agency } from '../../shared/domain/plan';
import { vnCalendar } from '../../shared/domain/calendar';
import { parseDeadline } from '../../shared/domain/deadline';
import type { TaskRecord } from '../../shared/domain/task';

const XSS = '<img src=x onerror=alert(1)>';
const PLAN = '08/CTr-UBND';

function task(over: Partial<EmailTask> = {}): EmailTask {
  return {
    id: 'NV-1.03',
    title: 'Xây dựng Đề án phát triển Trung tâm tài chính quốc tế tại Hà Nội',
    deliverable: 'Đề án trình HĐND Thành phố',
    group: 1,
    leadAgencyName: 'Sở Tài chính',
    leadAgencyCode: 'STC',
    coAgencyNames: ['Sở Công Thương', 'Ngân hàng Nhà nước Khu vực 1'],
    deadlineText: 'Quý III/2025',
    dueDate: '2025-09-30',
    progress: 45,
    ...over,
  };
}

function notice(rule: NoticeRule, over: Partial<NoticeInput> = {}): NoticeInput {
  const overdue = rule.startsWith('overdue');
  const days: Record<NoticeRule, number> = {
    'reminder-7': 7,
    'reminder-1': 1,
    'overdue-1': 1,
    'overdue-5': 5,
    'overdue-10': 10,
    'overdue-chair': 15,
    stale: 0,
  };
  const chasers: Record<NoticeRule, number> = {
    'reminder-7': 0,
    'reminder-1': 0,
    'overdue-1': 0,
    'overdue-5': 1,
    'overdue-10': 2,
    'overdue-chair': 4,
    stale: 0,
  };
  return {
    rule,
    task: task(),
    workingDays: days[rule],
    ...(overdue ? { calendarDaysOverdue: days[rule] + 2 } : {}),
    chaserCount: chasers[rule],
    lastUpdate: { at: '2025-09-20T02:15:00Z', note: 'Đã trình dự thảo lần 1; đang lấy ý kiến các sở.', agencyName: 'Sở Tài chính', progress: 45 },
    ...(rule === 'stale' ? { daysSinceUpdate: 30 } : {}),
    link: 'https://dondoc.example.vn/tasks/NV-1.03',
    recipientLabel: 'Sở Tài chính',
    planCode: PLAN,
    ...over,
  };
}

/** A 2,000-character title with line breaks, tabs, control characters and markup. */
const HOSTILE_TITLE = `${XSS} Xây dựng\r\nđề án\n\n\t"phát triển" & 'hạ tầng'\u0000\u001b\u2028 ${'số hóa toàn diện hệ thống '.repeat(80)}`.slice(0, 2000);

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'table', 'tr', 'td', 'p', 'strong', 'a', 'br']);

/** Every tag in the HTML is one the layout writes, and no attribute is an event handler. */
function expectSafeHtml(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/src="http/i);
  expect(html).not.toMatch(/<link/i);
  expect(html).not.toMatch(/<style/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/href="(?!https?:)/i);
  const withoutComments = html.replace(/<!--\[if mso\]>|<!\[endif\]-->/g, '').replace(/<!DOCTYPE html>/, '');
  for (const m of withoutComments.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(ALLOWED_TAGS.has(m[1]!.toLowerCase()), `tag <${m[1]}>`).toBe(true);
    expect(m[2]).not.toMatch(/\son\w+\s*=/i);
  }
}

function expectWellFormedSubject(subject: string): void {
  expect(subject).not.toMatch(/[\r\n]/);
  // eslint-disable-next-line no-control-regex
  expect(subject).not.toMatch(/[\u0000-\u001F\u007F\u2028\u2029]/);
  expect(subject.length).toBeLessThanOrEqual(150);
  expect(subject).toMatch(/^\[[^\]]+\] /);
}

describe('renderNotice', () => {
  it.each(NOTICE_RULES)('%s: one-line short subject and inert HTML, even for a hostile 2,000-character title', (rule) => {
    const n = notice(rule, { task: task({ title: HOSTILE_TITLE }) });
    const { subject, html, text } = renderNotice(n);
    expectWellFormedSubject(subject);
    expect(subject.startsWith('[')).toBe(true);
    expect(subject).toContain('NV-1.03');
    expect(subject.endsWith('…')).toBe(true);
    expectSafeHtml(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(XSS);
    expect(html).toContain('&quot;phát triển&quot; &amp; &#39;hạ tầng&#39;');
    expect(text).toContain(XSS); // plain text is not HTML: shown as typed
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000\u001b\r]/);
  });

  it.each(NOTICE_RULES)('%s: the shared layout (Vietnamese, mobile, self-contained) and the task table', (rule) => {
    const { html, text } = renderNotice(notice(rule));
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi"/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('max-width:600px');
    expect(html).toContain('dondoc · 08/CTr-UBND');
    expect(html).toContain('href="https://dondoc.example.vn/tasks/NV-1.03"');
    expect(html).toContain('Xem và cập nhật nhiệm vụ');
    expect(html).toContain('Đây là thư tự động của hệ thống dondoc theo dõi thực hiện Chương trình 08/CTr-UBND');
    expect(html).toContain('không trả lời thư này');
    expectSafeHtml(html);
    for (const label of ['Mã nhiệm vụ', 'Nội dung', 'Sản phẩm', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời hạn', 'Tiến độ', 'Cập nhật gần nhất']) {
      expect(html).toContain(`>${label}</div>`);
      expect(text).toContain(`- ${label}: `);
    }
    expect(text).toContain('- Thời hạn: Quý III/2025 (30/09/2025)');
    expect(text).toContain('- Tiến độ: 45%');
    expect(text).toContain('- Cập nhật gần nhất: 09:15 ngày 20/09/2025 · Sở Tài chính · tiến độ 45%');
    expect(text).toContain('- Cơ quan phối hợp: Sở Công Thương; Ngân hàng Nhà nước Khu vực 1');
    expect(text).toContain('Xem và cập nhật nhiệm vụ:\nhttps://dondoc.example.vn/tasks/NV-1.03');
    expect(text).toContain('Kính gửi: Sở Tài chính');
  });

  it('says what happened and what is asked, by rule', () => {
    const r7 = renderNotice(notice('reminder-7'));
    expect(r7.subject).toBe('[Nhắc hạn – còn 7 ngày làm việc] NV-1.03: Xây dựng Đề án phát triển Trung tâm tài chính quốc tế tại Hà Nội');
    expect(r7.text).toContain('còn 7 ngày làm việc');
    expect(r7.text).toContain('ngày 30/09/2025');
    expect(r7.text).toContain('cập nhật tiến độ');
    expect(r7.html).toContain('#FEF3C7'); // amber

    const today = renderNotice(notice('reminder-1', { workingDays: 0 }));
    expect(today.subject).toMatch(/^\[Nhắc hạn – đến hạn hôm nay\]/);
    expect(today.text).toContain('hôm nay');

    const o1 = renderNotice(notice('overdue-1'));
    expect(o1.subject).toMatch(/^\[Quá hạn\] NV-1\.03: /);
    expect(o1.text).toContain('làm rõ lý do chậm muộn');
    expect(o1.text).toContain('Văn phòng UBND Thành phố');
    expect(o1.html).toContain('#FEE2E2'); // red

    const o5 = renderNotice(notice('overdue-5', { recipientLabel: 'Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Văn B' }));
    expect(o5.subject).toMatch(/^\[Quá hạn 5 ngày làm việc\] NV-1\.03: /);
    expect(o5.text).toContain('quá hạn 5 ngày làm việc (7 ngày theo lịch)');
    expect(o5.text).toContain('1 lần đôn đốc');
    expect(o5.text).toContain('Phó Chủ tịch');

    const o10 = renderNotice(notice('overdue-10'));
    expect(o10.subject).toMatch(/^\[Đôn đốc lần 3 – Quá hạn 10 ngày làm việc\]/);
    expect(o10.text).toContain('Chủ tịch UBND Thành phố');

    const chair = renderNotice(notice('overdue-chair', { recipientLabel: 'Đồng chí Chủ tịch UBND Thành phố; Văn phòng UBND Thành phố' }));
    expect(chair.subject).toMatch(/^\[Báo cáo Chủ tịch – Quá hạn 15 ngày làm việc\]/);
    expect(chair.text).toContain('4 lần đôn đốc');
    expect(chair.text).toContain('đưa vào nội dung giao ban');
    expect(chair.text).toContain('giải trình');
    expect(chair.html).toContain('#7F1D1D'); // dark red

    const stale = renderNotice(notice('stale'));
    expect(stale.subject).toMatch(/^\[Chưa cập nhật tiến độ\] NV-1\.03: /);
    expect(stale.text).toContain('đã 30 ngày chưa được cập nhật tiến độ');
    expect(stale.text).toContain('09:15 ngày 20/09/2025');
    const never = renderNotice(notice('stale', { lastUpdate: undefined }));
    expect(never.text).toContain('- Cập nhật gần nhất: Chưa có cập nhật');
  });

  it('shows an approved extension as the deadline in force', () => {
    const r = renderNotice(notice('reminder-1', { task: task({ revisedDueDate: '2025-11-30' }) }));
    expect(r.text).toContain('ngày 30/11/2025');
    expect(r.text).toContain('- Thời hạn: Quý III/2025 (30/09/2025); đã gia hạn đến 30/11/2025');
  });

  it('gives the day a deadline on a day off is met by: Tháng 8/2025 is due Wednesday 3/9/2025', () => {
    // 31/8/2025 is a Sunday; 1/9 and 2/9/2025 are the National Day holiday.
    const t = task({ deadlineText: 'Tháng 8/2025', dueDate: '2025-08-31', effectiveDueDate: '2025-09-03' });
    const r = renderNotice(notice('overdue-1', { task: t }));
    expect(r.text).toContain('thời hạn hoàn thành ngày 03/09/2025');
    expect(r.text).toContain('- Thời hạn: Tháng 8/2025 (31/08/2025 là ngày nghỉ, hạn là hết ngày 03/09/2025)');
    expect(r.text).not.toContain('ngày 31/08/2025,');
    const extended = renderNotice(notice('reminder-1', { task: task({ revisedDueDate: '2025-11-30', effectiveDueDate: '2025-12-01' }) }));
    expect(extended.text).toContain('- Thời hạn: Quý III/2025 (30/09/2025); đã gia hạn đến 30/11/2025 (ngày nghỉ, hạn là hết ngày 01/12/2025)');
    expect(extended.text).toContain('ngày 01/12/2025');
  });

  it('takes the day a deadline is met by from the working-day calendar', () => {
    const record = {
      id: 'NV-09',
      group: 1,
      title: 'x',
      deliverable: 'y',
      leadAgency: 'SO-TC',
      coAgencies: [],
      deadline: parseDeadline('Tháng 8/2025'),
      field: 'kinh-te',
      progress: 0,
      waitingOnCoAgency: false,
      version: 1,
      deadlineVersion: 0,
      assignedOn: '2025-06-01',
    } satisfies TaskRecord;
    expect(taskFacts(record, [], vnCalendar)).toMatchObject({ dueDate: '2025-08-31', effectiveDueDate: '2025-09-03' });
    expect(taskFacts({ ...record, deadline: parseDeadline('Tháng 9/2025') }, [], vnCalendar)).toMatchObject({ effectiveDueDate: '2025-09-30' });
    expect(taskFacts({ ...record, deadline: parseDeadline('Hằng quý') }, [], vnCalendar)).not.toHaveProperty('effectiveDueDate');
  });

  it('speaks to officials by their titles: the head of the lead agency, the comrade vice-chair, the city office', () => {
    const ward = task({ leadAgencyName: 'UBND phường Hoàn Kiếm', leadHeadTitle: 'Chủ tịch UBND phường Hoàn Kiếm' });
    const o5 = renderNotice(notice('overdue-5', { task: ward }));
    expect(o5.text).toContain('Đề nghị Chủ tịch UBND phường Hoàn Kiếm trực tiếp chỉ đạo hoàn thành nhiệm vụ');
    expect(o5.text).not.toContain('Thủ trưởng');
    const o10 = renderNotice(notice('overdue-10'));
    expect(o10.text).toContain('Văn phòng UBND Thành phố sẽ tổng hợp, báo cáo Chủ tịch UBND Thành phố để đưa vào nội dung giao ban.');
    expect(o10.text).not.toContain('hệ thống sẽ báo cáo');
    expect(comrade({ title: 'Phó Chủ tịch UBND Thành phố', name: 'Trần Thị Bình' })).toBe('Đồng chí Phó Chủ tịch UBND Thành phố Trần Thị Bình');
    expect(
      [
        { name: 'Sở Tài chính', kind: 'department' },
        { name: 'UBND phường Hoàn Kiếm', kind: 'ward' },
        { name: 'UBND xã Sóc Sơn', kind: 'commune' },
        { name: 'Văn phòng UBND Thành phố', kind: 'department' },
        { name: 'Thanh tra Thành phố', kind: 'department' },
        { name: 'Ban Quản lý Khu công nghệ cao Hòa Lạc', kind: 'department' },
        { name: 'Ban Quản lý dự án đầu tư xây dựng công trình giao thông Thành phố', kind: 'department' },
        { name: 'Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch Thành phố Hà Nội', kind: 'department' },
        { name: 'Công an Thành phố', kind: 'department' },
      ].map((a) => headTitle(a as Pick<Agency, 'name' | 'kind'>)),
    ).toEqual([
      'Giám đốc Sở Tài chính',
      'Chủ tịch UBND phường Hoàn Kiếm',
      'Chủ tịch UBND xã Sóc Sơn',
      'Chánh Văn phòng UBND Thành phố',
      'Chánh Thanh tra Thành phố',
      'Trưởng Ban Quản lý Khu công nghệ cao Hòa Lạc',
      'Giám đốc Ban Quản lý dự án đầu tư xây dựng công trình giao thông Thành phố',
      'Giám đốc Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch Thành phố Hà Nội',
      'Thủ trưởng Công an Thành phố',
    ]);
  });

  it('asks the co-operating agency the lead waits on to co-operate, in the chasers only', () => {
    const o5 = renderNotice(notice('overdue-5', { waitingOnName: 'Sở Công Thương' }));
    expect(o5.text).toContain(
      'Sở Tài chính báo cáo đang chờ ý kiến, kết quả phối hợp của Sở Công Thương. Đề nghị Sở Công Thương khẩn trương phối hợp với Sở Tài chính để hoàn thành nhiệm vụ.',
    );
    expect(renderNotice(notice('reminder-1', { waitingOnName: 'Sở Công Thương' })).text).not.toContain('khẩn trương phối hợp');
    const dir = {
      agencies: [
        { code: 'SO-TC', name: 'Sở Tài chính', kind: 'department', field: 'kinh-te', emails: ['stc@x.vn'], head: { name: 'Giám đốc', email: 'gd@stc.x.vn' } },
        { code: 'SO-CT', name: 'Sở Công Thương', kind: 'department', field: 'kinh-te', emails: ['sct@x.vn'], head: { name: 'Giám đốc', email: 'gd@sct.x.vn' } },
      ] as Agency[],
      leaders: [],
    };
    const t = {
      id: 'NV-01',
      group: 1,
      title: 't',
      deliverable: 'd',
      leadAgency: 'SO-TC',
      coAgencies: ['SO-CT'],
      deadline: parseDeadline('30/9/2025'),
      field: 'kinh-te' as const,
    };
    expect(addressees(['lead'], ['waiting', 'office'], { ...t, waitingOnCoAgency: true, waitingOn: 'SO-CT' }, dir)).toMatchObject({
      to: ['stc@x.vn'],
      cc: ['sct@x.vn'],
    });
    expect(addressees(['lead'], ['waiting', 'office'], { ...t, waitingOnCoAgency: false }, dir)).toMatchObject({ cc: [] });
  });

  it('names the reporting period a recurring task is chased for, and its due date', () => {
    const recurring = task({ deadlineText: 'Hằng quý', dueDate: undefined });
    const period = { label: 'Quý III/2025', dueDate: '2025-09-15' };
    const o1 = renderNotice(notice('overdue-1', { task: recurring, period }));
    expect(o1.text).toContain('Chưa báo cáo kết quả Quý III/2025, quá hạn 1 ngày làm việc.');
    expect(o1.text).toContain('chưa báo cáo kết quả Quý III/2025, hạn báo cáo ngày 15/09/2025, đến nay đã quá hạn 1 ngày làm việc');
    expect(o1.text).not.toContain('chưa hoàn thành (tiến độ');
    const r7 = renderNotice(notice('reminder-7', { task: recurring, period }));
    expect(r7.text).toContain('Đến hạn báo cáo kết quả Quý III/2025 sau 7 ngày làm việc (ngày 15/09/2025).');
    expect(r7.text).toContain('cần báo cáo kết quả Quý III/2025, hạn báo cáo ngày 15/09/2025 (còn 7 ngày làm việc)');
    expect(r7.text).not.toContain('gia hạn');
  });

  it('keeps Vietnamese text in NFC in subject and bodies, from decomposed input', () => {
    const title = 'Phát triển kinh tế số Thủ đô Hà Nội';
    const n = notice('overdue-1', { task: task({ title: title.normalize('NFD'), leadAgencyName: 'Sở Khoa học và Công nghệ'.normalize('NFD') }) });
    const r = renderNotice(n);
    expect(r.subject).toBe(`[Quá hạn] NV-1.03: ${title}`);
    expect(r.subject).toBe(r.subject.normalize('NFC'));
    expect(r.html).toBe(r.html.normalize('NFC'));
    expect(r.text).toBe(r.text.normalize('NFC'));
    expect(r.html).toContain(title);
    expect(r.text).toContain('Đề nghị Sở Khoa học và Công nghệ khẩn trương');
  });

  it('escapes every piece of data, and never links anything but http(s)', () => {
    const evil = '"><script>alert(1)</script>';
    const r = renderNotice(
      notice('overdue-5', {
        task: task({ title: XSS, deliverable: evil, leadAgencyName: `Sở <b>X</b>`, coAgencyNames: [XSS], deadlineText: evil, id: 'NV<1>' }),
        lastUpdate: { at: '2025-09-20T02:15:00Z', note: `${XSS}\nline 2`, agencyName: evil, progress: 10 },
        recipientLabel: evil,
        planCode: `${PLAN}<i>`,
        link: 'javascript:alert(1)',
      }),
    );
    expectSafeHtml(r.html);
    expect(r.html).not.toContain('<b>');
    expect(r.html).not.toContain('<i>');
    expect(r.html).not.toMatch(/href="javascript/i);
    expect(r.html).toContain('Xem và cập nhật nhiệm vụ: javascript:alert(1)');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>line 2');
    expect(r.text).not.toMatch(/^https?:/m);
    expect(renderNotice(notice('stale', { link: 'data:text/html,<script>alert(1)</script>' })).html).not.toMatch(/href="data/);
  });
});

describe('renderLeaderList', () => {
  const listed = (taskId: string, rule: 'overdue-5' | 'overdue-10' | 'overdue-chair', workingDaysOverdue: number, chaserCount: number) => ({
    taskId,
    title: `Nhiệm vụ ${taskId}`,
    rule,
    leadAgencyName: 'Sở Tài chính',
    deadline: '15/10/2025',
    workingDaysOverdue,
    chaserCount,
    progress: 40,
    link: `https://dondoc.example/tasks/${taskId}`,
  });

  it("gives the chair one email for the day's leadership-meeting tasks, longest overdue first", () => {
    const m = renderLeaderList({
      recipientLabel: 'Đồng chí Chủ tịch UBND Thành phố Nguyễn Văn An',
      chair: true,
      day: '2025-11-05',
      tasks: [listed('NV-02', 'overdue-chair', 15, 3), listed('NV-01', 'overdue-chair', 16, 3)],
      link: 'https://dondoc.example/',
      planCode: PLAN,
    });
    expect(m.subject).toBe('[Giao ban] 2 nhiệm vụ quá hạn báo cáo Chủ tịch UBND Thành phố ngày 05/11/2025');
    expect(m.text).toContain('Kính gửi: Đồng chí Chủ tịch UBND Thành phố Nguyễn Văn An');
    expect(m.text).toContain('2 nhiệm vụ quá hạn, chưa hoàn thành sau ba lần đôn đốc');
    expect(m.text.indexOf('1. NV-01')).toBeLessThan(m.text.indexOf('2. NV-02'));
    expect(m.text).toContain('- Quá hạn: 16 ngày làm việc');
    expect(m.text).toContain('- Đã đôn đốc: 3 lần');
    expect(m.text).not.toMatch(/ {2}/);
  });

  it("groups a vice-chair's list by step, the chair's first, and says how many went to the chair", () => {
    const m = renderLeaderList({
      recipientLabel: 'Đồng chí Phó Chủ tịch UBND Thành phố Trần Thị Bình',
      chair: false,
      day: '2025-10-30',
      tasks: [listed('NV-05', 'overdue-5', 5, 1), listed('NV-01', 'overdue-chair', 15, 3), listed('NV-02', 'overdue-10', 10, 2)],
      link: 'https://dondoc.example/',
      planCode: PLAN,
    });
    expect(m.subject).toBe('[Nhiệm vụ quá hạn] 3 nhiệm vụ báo cáo Phó Chủ tịch UBND Thành phố ngày 30/10/2025');
    expect(m.text).toContain('trong đó 1 nhiệm vụ đã báo cáo Chủ tịch UBND Thành phố để đưa vào nội dung giao ban.');
    const order = ['ĐƯA VÀO NỘI DUNG GIAO BAN (1)', '1. NV-01', 'ĐÔN ĐỐC LẦN THỨ BA (1)', '2. NV-02', 'ĐÔN ĐỐC LẦN THỨ HAI (1)', '3. NV-05'].map((x) =>
      m.text.indexOf(x),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('escapes what agencies typed', () => {
    const m = renderLeaderList({
      recipientLabel: 'Đồng chí Chủ tịch',
      chair: true,
      day: '2025-11-05',
      tasks: [{ ...listed('NV-01', 'overdue-chair', 15, 3), title: XSS }],
      link: 'https://dondoc.example/',
      planCode: PLAN,
    });
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;img');
  });

  it("links each task's page, and never a link that is not http(s)", () => {
    const input = { recipientLabel: 'Đồng chí Chủ tịch', chair: true, day: '2025-11-05', link: 'https://dondoc.example/', planCode: PLAN };
    const m = renderLeaderList({ ...input, tasks: [listed('NV-01', 'overdue-chair', 15, 3)] });
    expect(m.html).toContain('<a href="https://dondoc.example/tasks/NV-01"');
    expect(m.text).toContain('- Xem nhiệm vụ: https://dondoc.example/tasks/NV-01');
    const bad = renderLeaderList({ ...input, tasks: [{ ...listed('NV-01', 'overdue-chair', 15, 3), link: 'javascript:alert(1)' }] });
    expect(bad.html).not.toContain('href="javascript');
    expect(bad.html).toContain('javascript:alert(1)');
  });
});

describe('spacing', () => {
  /** Lines of a part with two spaces between words (leading indentation aside; in HTML, text between tags only). */
  const doubled = (text: string) =>
    text
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<[^>]*>/g, '\n')
      .split('\n')
      .filter((l) => /\S {2,}\S/.test(l.replace(/^\s+/, '')));

  it('has no double space in any notice, with every count zero or not', () => {
    for (const rule of NOTICE_RULES) {
      for (const over of [{}, { workingDays: 0, chaserCount: 0, calendarDaysOverdue: 0, daysSinceUpdate: 0 }]) {
        const r = renderNotice(notice(rule, over));
        for (const [part, text] of [
          ['subject', r.subject],
          ['html', r.html],
          ['text', r.text],
        ] as const) {
          expect(doubled(text), `${rule} ${JSON.stringify(over)} ${part}`).toEqual([]);
        }
      }
    }
  });
});

describe('renderExtensionNotice', () => {
  const base = {
    task: task(),
    requestId: 'GH-2025-0012',
    proposedDueDate: '2025-11-30',
    reason: 'Chờ ý kiến thẩm định của Bộ Tài chính\n<script>alert(1)</script>',
    link: 'https://dondoc.example.vn/tasks/NV-1.03',
    planCode: PLAN,
  };
  it.each<[ExtensionKind, string, RegExp]>([
    ['requested', 'Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Văn B', /^\[Đề nghị gia hạn\] NV-1\.03: /],
    ['approved', 'Sở Tài chính', /^\[Đồng ý gia hạn\] NV-1\.03: /],
    ['rejected', 'Sở Tài chính', /^\[Không đồng ý gia hạn\] NV-1\.03: /],
  ])('%s', (kind, recipientLabel, tag) => {
    const r = renderExtensionNotice({
      ...base,
      kind,
      recipientLabel,
      deciderLabel: 'Đồng chí Phó Chủ tịch UBND Thành phố Nguyễn Văn B',
      decisionNote: 'Đồng ý, yêu cầu <u>không</u> gia hạn thêm',
      ...(kind === 'approved' ? { newDueDate: '2025-11-15' } : {}),
      task: task({ title: HOSTILE_TITLE }),
    });
    expectWellFormedSubject(r.subject);
    expect(r.subject).toMatch(tag);
    expectSafeHtml(r.html);
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.text).toContain('- Mã đề nghị: GH-2025-0012');
    expect(r.text).toContain('- Đề nghị gia hạn đến: 30/11/2025');
    if (kind === 'requested') {
      expect(r.text).toContain('Sở Tài chính đề nghị gia hạn thời hạn thực hiện nhiệm vụ NV-1.03 từ 30/09/2025 đến ngày 30/11/2025');
      expect(r.text).toContain('xem xét, cho ý kiến');
    }
    if (kind === 'approved') {
      expect(r.text).toContain('đã đồng ý gia hạn thời hạn thực hiện nhiệm vụ NV-1.03 đến ngày 15/11/2025');
      expect(r.html).toContain('&lt;u&gt;không&lt;/u&gt;');
    }
    if (kind === 'rejected') expect(r.text).toContain('Thời hạn thực hiện giữ nguyên: 30/09/2025');
  });
});

describe('renderBounceReport', () => {
  it('tells the city office the address bounces, is no longer used, and must be corrected', () => {
    const r = renderBounceReport({
      address: 'vanthu@sotc.hanoi.gov.vn',
      agencyNames: ['Sở Tài chính', `Sở ${XSS}`],
      bounceType: 'Permanent',
      diagnostic: 'smtp; 550 5.1.1 <vanthu@sotc.hanoi.gov.vn>: user unknown',
      at: '2025-10-01T01:00:00Z',
      planCode: PLAN,
      recipientLabel: 'Văn phòng UBND Thành phố',
    });
    expectWellFormedSubject(r.subject);
    expect(r.subject).toMatch(/^\[Địa chỉ thư bị trả lại\] vanthu@sotc\.hanoi\.gov\.vn: Sở Tài chính/);
    expectSafeHtml(r.html);
    expect(r.html).toContain('&lt;vanthu@sotc.hanoi.gov.vn&gt;: user unknown');
    expect(r.text).toContain('ngừng gửi thư tới địa chỉ này');
    expect(r.text).toContain('cập nhật địa chỉ thư điện tử đúng trong danh sách phân công của Chương trình 08/CTr-UBND');
    expect(r.text).toContain('- Thời điểm: 08:00 ngày 01/10/2025');
    expect(r.text).toContain('Lỗi vĩnh viễn');
  });
  it('words a complaint as such, with a one-line subject for an address with line breaks', () => {
    const r = renderBounceReport({
      address: 'a@b.vn\r\nBcc: x@y.vn',
      agencyNames: [],
      bounceType: 'Complaint',
      at: '2025-10-01T01:00:00Z',
      planCode: '',
      recipientLabel: '',
    });
    expectWellFormedSubject(r.subject);
    expect(r.text).toContain('thư rác');
    expect(r.text).toContain('Kính gửi: Văn phòng UBND Thành phố');
  });
});

describe('text helpers', () => {
  it('escapeHtml escapes & < > " \'', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('formats dates as dd/mm/yyyy and instants in Asia/Ho_Chi_Minh', () => {
    expect(formatDateVi('2025-09-30')).toBe('30/09/2025');
    expect(formatInstantVi('2025-09-30T17:30:00Z')).toBe('00:30 ngày 01/10/2025');
    expect(formatInstantVi('2025-01-05T23:59:00+07:00')).toBe('23:59 ngày 05/01/2025');
  });
  it('cuts on a word with an ellipsis and collapses whitespace', () => {
    expect(truncate('một hai ba bốn năm sáu', 12)).toBe('một hai ba…');
    expect(oneLine(' a\r\n\tb\u2028c\u0000 ')).toBe('a b c');
    const s = buildSubject('Quá hạn', 'NV-1', 'từ '.repeat(200));
    expect(s.length).toBeLessThanOrEqual(150);
    expect(s).toMatch(/^\[Quá hạn\] NV-1: (từ )+từ…$/);
  });
});

describe('buildMime', () => {
  // A 1×1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  function email(over: Partial<OutgoingEmail> = {}): OutgoingEmail {
    const r = renderNotice(notice('overdue-chair', { task: task({ title: HOSTILE_TITLE.normalize('NFD') }) }));
    return {
      from: 'dondoc <noreply@dondoc.example.vn>',
      to: ['vanthu@sotc.hanoi.gov.vn', 'Giám đốc Sở Tài chính <giamdoc@sotc.hanoi.gov.vn>'],
      cc: ['"Văn phòng UBND Thành phố" <vp@hanoi.gov.vn>'],
      replyTo: 'vp@hanoi.gov.vn',
      subject: r.subject,
      html: r.html.replace('</body>', '<img src="cid:chart@dondoc" alt="Biểu đồ"></body>'),
      text: r.text,
      headers: { 'X-Dondoc-Key': 'notice#NV-1.03#overdue-chair' },
      attachments: [{ filename: 'biểu-đồ.png', contentType: 'image/png', content: png, cid: 'chart@dondoc' }],
      date: new Date('2025-10-01T01:00:00Z'),
      messageId: '<notice.NV-1.03@dondoc.example.vn>',
      ...over,
    };
  }

  it('builds multipart text + HTML with an inline image, and parses back to the same content', async () => {
    const e = email();
    const raw = await buildMime(e);
    const head = raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toMatch(/^Subject: =\?UTF-8\?/m); // RFC 2047
    expect(head).not.toMatch(/[^\x20-\x7e\r\n\t]/); // headers are 7-bit
    expect(raw.toString('latin1')).toContain('multipart/alternative');
    expect(raw.toString('latin1')).toContain('multipart/related');

    const parsed = await simpleParser(raw, { keepCidLinks: true });
    expect(parsed.subject).toBe(e.subject);
    expect(parsed.text).toBe(e.text);
    expect(parsed.html).toBe(e.html);
    expect(parsed.from?.value).toEqual([{ name: 'dondoc', address: 'noreply@dondoc.example.vn' }]);
    const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
    expect(to.map((a) => [a.name, a.address])).toEqual([
      ['', 'vanthu@sotc.hanoi.gov.vn'],
      ['Giám đốc Sở Tài chính', 'giamdoc@sotc.hanoi.gov.vn'],
    ]);
    const cc = Array.isArray(parsed.cc) ? parsed.cc.flatMap((a) => a.value) : (parsed.cc?.value ?? []);
    expect(cc.map((a) => [a.name, a.address])).toEqual([['Văn phòng UBND Thành phố', 'vp@hanoi.gov.vn']]);
    expect(parsed.headers.get('x-dondoc-key')).toBe('notice#NV-1.03#overdue-chair');
    expect(parsed.messageId).toBe('<notice.NV-1.03@dondoc.example.vn>');
    expect(parsed.date?.toISOString()).toBe('2025-10-01T01:00:00.000Z');
    expect(parsed.attachments).toHaveLength(1);
    const a = parsed.attachments[0]!;
    expect(a.filename).toBe('biểu-đồ.png');
    expect(a.contentType).toBe('image/png');
    expect(a.cid).toBe('chart@dondoc');
    expect(a.contentDisposition).toBe('inline');
    expect(a.related).toBe(true);
    expect(Buffer.compare(a.content, png)).toBe(0);
  });

  it('round-trips a plain email without attachments or extras', async () => {
    const r = renderBounceReport({
      address: 'x@y.vn',
      agencyNames: ['Phường Hoàn Kiếm'],
      bounceType: 'Transient',
      at: '2025-10-01T01:00:00Z',
      planCode: PLAN,
      recipientLabel: 'Văn phòng UBND Thành phố',
    });
    const raw = await buildMime({ from: 'noreply@dondoc.example.vn', to: ['vp@hanoi.gov.vn'], cc: [], subject: r.subject, html: r.html, text: r.text });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(r.subject);
    expect(parsed.text).toBe(r.text);
    expect(parsed.html).toBe(r.html);
    expect(parsed.attachments).toHaveLength(0);
  });

  it.each<[string, Partial<OutgoingEmail>]>([
    ['subject with CRLF', { subject: 'Nhắc hạn\r\nBcc: attacker@evil.example' }],
    ['subject with LF', { subject: 'Nhắc hạn\nBcc: attacker@evil.example' }],
    ['to with CRLF', { to: ['vanthu@sotc.hanoi.gov.vn\r\nBcc: attacker@evil.example'] }],
    ['cc with LF', { cc: ['vp@hanoi.gov.vn\nBcc: attacker@evil.example'] }],
    ['from display name with CR', { from: 'dondoc\r <noreply@dondoc.example.vn>' }],
    ['replyTo with LF', { replyTo: 'vp@hanoi.gov.vn\n' }],
    ['header value with CRLF', { headers: { 'X-Dondoc-Key': 'k\r\nBcc: attacker@evil.example' } }],
    ['header name with a colon', { headers: { 'X-A: b\r\nBcc': 'x' } }],
    ['a Bcc through headers', { headers: { Bcc: 'attacker@evil.example' } }],
    ['attachment filename with LF', { attachments: [{ filename: 'a\n.png', contentType: 'image/png', content: Buffer.from('x') }] }],
    ['attachment cid with CRLF', { attachments: [{ filename: 'a.png', contentType: 'image/png', content: Buffer.from('x'), cid: 'a\r\nX: y' }] }],
    ['invalid address', { to: ['not an address'] }],
    ['two addresses in one', { to: ['a@b.vn, c@d.vn'] }],
    ['no recipient', { to: [], cc: [] }],
  ])('rejects %s', async (_name, over) => {
    await expect(buildMime(email(over))).rejects.toBeInstanceOf(InvalidEmailError);
  });
});
