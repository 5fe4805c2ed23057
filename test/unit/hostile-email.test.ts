import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDeadline } from '../../shared/domain/deadline';
import type { Agency, IndicatorDef, Leader } from '../../shared/domain/plan';
import { buildDigest, type DigestInput, type DigestTask } from '../../shared/digest/model';
import { renderDigest } from '../../shared/digest/render';
import { renderBounceReport } from '../../shared/mail/templates/bounce';
import { renderExtensionNotice, type ExtensionKind } from '../../shared/mail/templates/extension';
import { renderIndicatorAlert, type IndicatorAlertKind } from '../../shared/mail/templates/indicator';
import { MAX_SUBJECT, type EmailTask, type RenderedEmail } from '../../shared/mail/layout';
import { InvalidEmailError, buildMime } from '../../shared/mail/mime';
import { NOTICE_RULES, renderNotice } from '../../shared/mail/templates/notice';
import { CaseCounter, HEADER_PAYLOADS, HTML_PAYLOADS, hostileLongText, hostileText } from '../support/hostile';

/*
 * Text typed by agencies (titles, notes, names, reasons) reaches email. Whatever it holds:
 * - it never adds markup: the HTML's tags are exactly those of the same email rendered with
 *   every < > " ' & of the input replaced by a letter, and there is never a <script;
 * - it never reaches a header raw: subjects are one line, and the MIME message parses back to
 *   the same subject with no header the mailer did not set;
 * - what is shown is well-formed Unicode without control or bidi characters.
 */

const counter = new CaseCounter('email');
afterAll(() => counter.print());

/** Same length, no markup characters: the reference rendering the hostile one must match. */
const neutral = (s: string): string => s.replace(/[<>"'&]/g, 'x');
type Str = (s: string) => string;
const id: Str = (s) => s;

/** Every tag of the document, attribute values of links blanked (links are checked apart). */
const tagsOf = (html: string): string[] => (html.match(/<[^>]*>/g) ?? []).map((t) => t.replace(/href="[^"]*"/g, 'href=""'));

// C0 (but \n), C1, DEL, bidi embeddings and isolates, BOM.
// eslint-disable-next-line no-control-regex
const SHOWN_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/;

function expectSafe(hostile: RenderedEmail, reference: RenderedEmail): void {
  expect(hostile.html).not.toMatch(/<script/i);
  expect(tagsOf(hostile.html)).toEqual(tagsOf(reference.html));
  for (const m of hostile.html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\/[^\s<>"']+$/);
  expect(hostile.subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  expect(hostile.subject.length).toBeLessThanOrEqual(MAX_SUBJECT);
  for (const s of [hostile.subject, hostile.html, hostile.text]) {
    expect(s.isWellFormed()).toBe(true);
    expect(s).not.toMatch(SHOWN_CONTROL);
  }
}

// ---- inputs -----------------------------------------------------------------------------------

const text = hostileText();
const longText = hostileLongText;

const taskArb = fc.record({
  id: fc.oneof(fc.constant('NV-01'), text),
  title: longText,
  deliverable: text,
  leadAgencyName: text,
  coAgencyNames: fc.array(text, { maxLength: 3 }),
  deadlineText: text,
  progress: fc.oneof(fc.integer({ min: -50, max: 150 }), fc.double()),
});

interface TaskIn {
  id: string;
  title: string;
  deliverable: string;
  leadAgencyName: string;
  coAgencyNames: string[];
  deadlineText: string;
  progress: number;
}

const emailTask = (t: TaskIn, s: Str): EmailTask => ({
  id: s(t.id),
  title: s(t.title),
  deliverable: s(t.deliverable),
  group: 1,
  leadAgencyName: s(t.leadAgencyName),
  leadAgencyCode: 'SO-TC',
  coAgencyNames: t.coAgencyNames.map(s),
  deadlineText: s(t.deadlineText),
  dueDate: '2025-09-30',
  progress: t.progress,
});

const LINKS = [
  'https://dondoc.example.vn/tasks/NV-01',
  'javascript:alert(1)',
  'https://x.example/"><script>alert(1)</script>',
  'data:text/html,<script>alert(1)</script>',
  'https://x.example/\r\nBcc: y',
];

describe('every renderer escapes what agencies typed', { timeout: 30_000 }, () => {
  it('deadline notices: titles, notes, agency names, recipients, plan code', () => {
    fc.assert(
      fc.property(
        taskArb,
        fc.constantFrom(...NOTICE_RULES),
        fc.record({ note: longText, agencyName: text, recipient: text, plan: text, at: fc.oneof(fc.constant('2025-09-20T02:15:00Z'), text) }),
        fc.constantFrom(...LINKS),
        counter.count((t, rule, x, link) => {
          const render = (s: Str) =>
            renderNotice({
              rule,
              task: emailTask(t, s),
              workingDays: 3,
              calendarDaysOverdue: 5,
              chaserCount: 2,
              lastUpdate: { at: s(x.at), note: s(x.note), agencyName: s(x.agencyName), progress: 40 },
              daysSinceUpdate: 30,
              link,
              recipientLabel: s(x.recipient),
              planCode: s(x.plan),
            });
          expectSafe(render(id), render(neutral));
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('extension requests and decisions: reasons, notes, the decider', () => {
    fc.assert(
      fc.property(
        taskArb,
        fc.constantFrom<ExtensionKind>('requested', 'approved', 'rejected'),
        fc.record({
          reason: longText,
          note: fc.option(longText, { nil: undefined }),
          decider: text,
          recipient: text,
          plan: text,
          date: fc.oneof(fc.constant('2025-12-15'), text),
        }),
        counter.count((t, kind, x) => {
          const render = (s: Str) =>
            renderExtensionNotice({
              kind,
              task: emailTask(t, s),
              requestId: '3f0c1a52-1b7e-4c1e-9d7a-0f5d2e8b9a10',
              proposedDueDate: s(x.date),
              newDueDate: '2025-12-31',
              reason: s(x.reason),
              ...(x.note === undefined ? {} : { decisionNote: s(x.note) }),
              deciderLabel: s(x.decider),
              link: LINKS[0]!,
              recipientLabel: s(x.recipient),
              planCode: s(x.plan),
            });
          expectSafe(render(id), render(neutral));
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('indicator alerts: names, units, agencies, reasons, facts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<IndicatorAlertKind>('amber', 'red', 'infeasible', 'missing'),
        fc.record({
          name: longText,
          unit: text,
          agency: text,
          period: text,
          reason: fc.option(text, { nil: undefined }),
          label: text,
          value: text,
          cutoff: fc.option(text, { nil: undefined }),
          recipient: text,
        }),
        counter.count((kind, x) => {
          const render = (s: Str) =>
            renderIndicatorAlert({
              kind,
              indicator: { id: 'CT-01', name: s(x.name), unit: s(x.unit), agencyName: s(x.agency) },
              periodLabel: s(x.period),
              ...(x.reason === undefined ? {} : { reasonVi: s(x.reason) }),
              facts: [{ label: s(x.label), value: s(x.value) }],
              ...(x.cutoff === undefined ? {} : { cutoffVi: s(x.cutoff) }),
              link: 'https://dondoc.example.vn/indicators/CT-01',
              recipientLabel: s(x.recipient),
              planCode: '08/CTr-UBND',
            });
          expectSafe(render(id), render(neutral));
        }),
      ),
      { numRuns: 400 },
    );
  });

  it('bounce reports: the address, agency names and the diagnostic from SES', () => {
    fc.assert(
      fc.property(
        fc.record({
          address: text,
          agencies: fc.array(text, { maxLength: 3 }),
          type: fc.oneof(fc.constantFrom('Permanent', 'Complaint', 'Transient'), text),
          diagnostic: fc.option(longText, { nil: undefined }),
          recipient: text,
        }),
        counter.count((x) => {
          const render = (s: Str) =>
            renderBounceReport({
              address: s(x.address),
              agencyNames: x.agencies.map(s),
              bounceType: s(x.type),
              ...(x.diagnostic === undefined ? {} : { diagnostic: s(x.diagnostic) }),
              at: '2025-10-01T03:00:00Z',
              planCode: '08/CTr-UBND',
              recipientLabel: s(x.recipient),
            });
          expectSafe(render(id), render(neutral));
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('the weekly digest: task titles, agency and leader names, indicator names, the plan', () => {
    const WEEK = '2025-W41';
    const TODAY = '2025-10-06';
    const digestInput = (
      x: { titles: string[]; agency: string; leader: string; indicator: string; unit: string; plan: string; note: string },
      s: Str,
    ): DigestInput => {
      const agencies: Agency[] = [
        {
          code: 'SO-TC',
          name: s(x.agency),
          kind: 'department',
          field: 'kinh-te',
          emails: ['so-tc@ha-noi.example'],
          head: { name: s(x.leader), email: 'gd@ha-noi.example' },
        },
        {
          code: 'SO-XD',
          name: 'Sở Xây dựng',
          kind: 'department',
          field: 'ha-tang',
          emails: ['so-xd@ha-noi.example'],
          head: { name: 'Giám đốc', email: 'gd-xd@ha-noi.example' },
        },
      ];
      const leaders: Leader[] = [
        { id: 'CT', role: 'chair', name: s(x.leader), title: s(x.leader), fields: ['kinh-te', 'ha-tang'], email: 'ct@ha-noi.example' },
      ];
      const tasks: DigestTask[] = x.titles.map((title, i) => ({
        id: `NV-${String(i + 1).padStart(2, '0')}`,
        group: 1 + (i % 2),
        title: s(title),
        deliverable: s(x.note),
        leadAgency: i % 2 ? 'SO-XD' : 'SO-TC',
        coAgencies: ['SO-XD'],
        deadline: parseDeadline(['8/9/2025', '10/10/2025', '3/10/2025', 'Thường xuyên'][i % 4]!),
        field: i % 2 ? 'ha-tang' : 'kinh-te',
        progress: (i * 37) % 101,
        waitingOnCoAgency: false,
        version: 1,
        deadlineVersion: 0,
        assignedOn: '2025-09-01',
        ...(i === 2 ? { completedOn: '2025-10-02' } : {}),
        lastUpdate: { updateId: `u${i}`, at: '2025-10-01T02:00:00Z', note: s(x.note) },
      }));
      const def: IndicatorDef = {
        id: 'CT-01',
        name: s(x.indicator),
        unit: s(x.unit),
        direction: 'up',
        kind: 'rate',
        frequency: 'quarterly',
        agency: 'SO-TC',
        field: 'kinh-te',
        targets: [{ period: '2025', value: 8.5 }],
        note: s(x.note),
      };
      return {
        planCode: s(x.plan),
        planTitle: s(x.plan),
        recipient: { id: 'CT', role: 'chair', name: s(x.leader), title: s(x.leader), email: 'ct@ha-noi.example', fields: ['kinh-te', 'ha-tang'] },
        week: WEEK,
        today: TODAY,
        tasks,
        agencies,
        leaders,
        indicators: [
          {
            def,
            assessment: {
              indicatorId: 'CT-01',
              period: '2025-Q2',
              year: 2025,
              actual: 7.9,
              planned: 8.2,
              target: 8.5,
              infeasible: true,
              status: 'red',
              reason: { vi: s(x.note), en: 'x' },
            },
            previousStatus: 'amber',
            statusChangedOn: '2025-10-02',
            series: [
              { period: '2025-Q1', value: 7.3 },
              { period: '2025-Q2', value: 7.9 },
            ],
          },
        ],
      };
    };
    fc.assert(
      fc.property(
        fc.record({
          titles: fc.array(longText, { minLength: 1, maxLength: 4 }),
          agency: text,
          leader: text,
          indicator: text,
          unit: text,
          plan: text,
          note: text,
        }),
        fc.constantFrom(...LINKS),
        counter.count((x, link) => {
          const render = (s: Str) => renderDigest(buildDigest(digestInput(x, s)), { link });
          const hostile = render(id);
          expectSafe(hostile, render(neutral));
        }),
      ),
      { numRuns: 80 },
    );
  });

  it('explicit payloads: no raw markup, no header, whatever the field', () => {
    for (const payload of [...HTML_PAYLOADS, ...HEADER_PAYLOADS]) {
      counter.add(1);
      const t: EmailTask = {
        id: 'NV-01',
        title: payload,
        deliverable: payload,
        group: 1,
        leadAgencyName: payload,
        leadAgencyCode: 'SO-TC',
        coAgencyNames: [payload],
        deadlineText: payload,
        dueDate: '2025-09-30',
        progress: 10,
      };
      const r = renderExtensionNotice({
        kind: 'rejected',
        task: t,
        requestId: 'r',
        proposedDueDate: payload,
        reason: payload,
        decisionNote: payload,
        deciderLabel: payload,
        link: LINKS[0]!,
        recipientLabel: payload,
        planCode: payload,
      });
      expect(r.html).not.toMatch(/<script|<img|<svg|<iframe|<h1|<style|href="javascript/i);
      expect(r.subject).not.toMatch(/[\r\n]/);
    }
  });
});

// ---- MIME -------------------------------------------------------------------------------------

const FROM = 'dondoc <noreply@dondoc.example.vn>';
const TO = 'vanthu@sotc.ha-noi.example';
/** Headers a dondoc message may have: those nodemailer writes and the mailer's own. */
const HEADERS = new Set(['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'x-dondoc-key']);

/** RFC 2047 encoded words back to text (the parser leaves an X- header as it came). */
const decodeWords = (s: string): string =>
  s.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=(?:[ \t]+(?==\?))?/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

async function roundTrip(subject: string, html: string, plain: string, key: string) {
  const raw = await buildMime({ from: FROM, to: [TO], cc: [], subject, html, text: plain, headers: { 'X-Dondoc-Key': key } });
  const parsed = await simpleParser(raw);
  return { raw, parsed };
}

function expectOnlyOurHeaders(parsed: Awaited<ReturnType<typeof simpleParser>>): void {
  expect([...parsed.headers.keys()].filter((k) => !HEADERS.has(k))).toEqual([]);
  expect(parsed.bcc).toBeUndefined();
  expect(parsed.cc).toBeUndefined();
  const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
  expect(to.flatMap((a) => a?.value ?? []).map((a) => a.address)).toEqual([TO]);
}

describe('buildMime: a rendered email parses back to itself', { timeout: 30_000 }, () => {
  it('subject, HTML and text round-trip through a MIME parser with no extra header', async () => {
    await fc.assert(
      fc.asyncProperty(
        taskArb,
        fc.record({ reason: longText, recipient: text }),
        counter.count(async (t, x) => {
          const r = renderExtensionNotice({
            kind: 'requested',
            task: emailTask(t, id),
            requestId: 'r-1',
            proposedDueDate: '2025-12-15',
            reason: x.reason,
            link: LINKS[0]!,
            recipientLabel: x.recipient,
            planCode: '08/CTr-UBND',
          });
          const { parsed } = await roundTrip(r.subject, r.html, r.text, `extension#r-1#requested`);
          expect(parsed.subject).toBe(r.subject);
          expectOnlyOurHeaders(parsed);
          expect(parsed.html).toBe(r.html);
          expect(parsed.text?.replace(/\n$/, '')).toBe(r.text.replace(/\n$/, ''));
        }),
      ),
      { numRuns: 120 },
    );
  });

  it('any subject or header value: refused when it holds CR, LF or NUL, otherwise it round-trips exactly', async () => {
    const subjectArb = fc.oneof(hostileText(), fc.constantFrom(...HEADER_PAYLOADS), fc.string({ unit: 'binary', maxLength: 200 }));
    await fc.assert(
      fc.asyncProperty(
        subjectArb,
        fc.oneof(fc.constant('notice#NV-01#v0#overdue-1'), hostileText(3)),
        counter.count(async (subject, key) => {
          let built: Awaited<ReturnType<typeof roundTrip>>;
          try {
            built = await roundTrip(subject, '<p>x</p>', 'x', key);
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidEmailError);
            expect(/[\r\n\0]/.test(subject) || /[\r\n\0]/.test(key)).toBe(true);
            return;
          }
          expect(/[\r\n\0]/.test(subject)).toBe(false);
          expectOnlyOurHeaders(built.parsed);
          // Space and tab around a header's value are folding, not content (RFC 5322).
          const fold = (s: unknown) => String(s ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
          expect(fold(built.parsed.subject)).toBe(fold(subject.toWellFormed()));
          expect(fold(decodeWords(String(built.parsed.headers.get('x-dondoc-key') ?? '')))).toBe(fold(key.toWellFormed()));
        }),
      ),
      { numRuns: 800 },
    );
  });
});
