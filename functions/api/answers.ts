import { z } from 'zod';
import { FIELDS, AGENCY_KINDS, LEADER_ROLES, DIRECTIONS, INDICATOR_KINDS, FREQUENCIES, THRESHOLD_UNITS } from '../../shared/domain/plan';
import { REVISIONS } from '../../shared/domain/indicators';
import { TASK_STATUSES } from '../../shared/domain/status';

/*
 * What the API answers, as zod schemas: the OpenAPI document's responses are generated from them
 * (functions/api/openapi.ts), and the tests hold real answers to them, so neither can drift.
 * Objects are strict: an answer with a field the document does not name fails those tests.
 */

/** Short patterns (zod's own ISO checks are exact but long): the document stays readable. */
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ format: 'date' });
const IsoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
  .meta({ format: 'date-time' });
const Bilingual = z.strictObject({ vi: z.string(), en: z.string() });

export const FieldIssue = z.strictObject({
  field: z.string().meta({ description: 'The field refused, as a path (`evidence.documentDate`), or `(body)`; in a plan, the column.' }),
  vi: z.string(),
  en: z.string(),
  file: z.string().optional().meta({ description: 'A plan import only: the file (`tasks.csv`), or the workbook and its sheet (`plan.xlsx [tasks]`).' }),
  line: z
    .number()
    .int()
    .optional()
    .meta({ description: 'A plan import only: the line of the file or the row of the sheet (1 is the header; 0 the file as a whole).' }),
});

/** Every answer other than success: a 4xx or 5xx, in Vietnamese and English, with the fields refused. */
export const ErrorAnswer = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: '`validation_failed`, `not_found`, `forbidden`, `conflict`, `unauthorized`, ...' }),
    vi: z.string(),
    en: z.string(),
    fields: z.array(FieldIssue).optional(),
    requestId: z.string(),
  }),
});

/** What API Gateway itself answers, before the function runs: 401 (the JWT authorizer), 429 (the throttle). */
export const GatewayAnswer = z.strictObject({ message: z.string() });

export const Health = z.strictObject({ status: z.literal('ok'), time: IsoDateTime });

export const Task = z.strictObject({
  id: z.string(),
  group: z.number().int(),
  title: z.string(),
  deliverable: z.string(),
  leadAgency: z.string(),
  coAgencies: z.array(z.string()),
  field: z.enum(FIELDS),
  deadline: z.strictObject({
    text: z.string().meta({ description: 'The deadline as the plan writes it.' }),
    kind: z.enum(['date', 'month', 'quarter', 'half', 'year', 'recurring']),
    every: z.enum(['continuous', 'month', 'quarter', 'year']).optional(),
    cutoffDay: z
      .number()
      .int()
      .min(1)
      .max(28)
      .optional()
      .meta({ description: "A recurring task's report cut-off day, when the plan sets one (else the 14th)." }),
    period: z
      .strictObject({ id: z.string(), label: z.string(), dueDate: IsoDate, reported: z.boolean() })
      .optional()
      .meta({ description: "A recurring task's reporting period it answers for today." }),
    dueDate: IsoDate.optional(),
    revisedDueDate: IsoDate.optional(),
  }),
  dueIn: z
    .strictObject({ effectiveDueDate: IsoDate, days: z.number().int(), workingDays: z.number().int() })
    .optional()
    .meta({ description: 'An open task with a date: the day it really falls due, and the days to it (negative: overdue).' }),
  pendingExtension: z.string().optional().meta({ description: 'The extension request awaiting a decision.' }),
  status: z.enum(TASK_STATUSES),
  statusLabel: z.string(),
  progress: z.number().int().min(0).max(100),
  completedOn: IsoDate.optional(),
  waitingOnCoAgency: z.boolean(),
  waitingOn: z.string().optional().meta({ description: 'The co-operating agency the lead says it waits on (its code).' }),
  lastUpdate: z.strictObject({ updateId: z.string(), at: z.string(), agency: z.string().optional(), note: z.string() }).optional(),
  escalation: z.strictObject({ chasers: z.number().int(), listedForMeetingOn: IsoDate.optional() }).optional(),
  version: z.number().int(),
});

export const TaskPage = z.strictObject({ items: z.array(Task), nextCursor: z.string().optional() });

/** Who did something: a signed-in user, or `system` for the deadline run and values that came in from a source. */
export const Actor = z.strictObject({
  sub: z.string(),
  role: z.enum(['agency', 'leader', 'office', 'statistics', 'system']),
  agency: z.string().optional(),
  leaderId: z.string().optional(),
});

/** One entry of a task's history: an update, a notice sent, an extension requested or decided, a plan import. */
export const HistoryItem = z.looseObject({
  type: z.string().meta({ description: '`TaskUpdate`, `Notice`, `ExtensionRequested`, `ExtensionApproved`, `ExtensionRejected`, `PlanImported`, ...' }),
  at: z.string().optional(),
  receivedAt: z.string().optional(),
  kind: z.enum(['progress', 'note']).optional(),
  progress: z.number().int().optional(),
  note: z.string().optional(),
  reason: z.string().optional(),
  evidence: z.strictObject({ documentNumber: z.string(), documentDate: IsoDate }).optional(),
  waitingOnCoAgency: z.boolean().optional(),
  waitingOn: z.string().optional(),
  actor: Actor.optional(),
  applied: z.boolean().optional(),
  extensionId: z.string().optional(),
  proposedDueDate: IsoDate.optional(),
  newDueDate: IsoDate.optional(),
  previousDueDate: IsoDate.optional(),
  subject: z.string().optional(),
  rule: z.string().optional(),
  to: z.array(z.string()).optional(),
  workingDays: z.number().int().optional(),
});

export const HistoryPage = z.strictObject({ items: z.array(HistoryItem), nextCursor: z.string().optional() });

export const Agency = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: z.enum(AGENCY_KINDS),
  field: z.enum(FIELDS),
  emails: z.array(z.string()),
  supervisor: z.string().optional().meta({ description: "The id of the leader who supervises the agency's field." }),
});

export const Leader = z.strictObject({ id: z.string(), role: z.enum(LEADER_ROLES), name: z.string(), title: z.string(), fields: z.array(z.enum(FIELDS)) });

export const Directory = z.strictObject({ items: z.array(Agency), leaders: z.array(Leader) });

const Point = z.strictObject({ period: z.string(), value: z.number() });
const IndicatorFields = {
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(DIRECTIONS),
  kind: z.enum(INDICATOR_KINDS),
  frequency: z.enum(FREQUENCIES),
  agency: z.string(),
  coAgencies: z.array(z.string()).optional().meta({ description: 'Co-operating agencies (cơ quan phối hợp); copied on slippage alerts.' }),
  field: z.enum(FIELDS),
  baseline: Point.optional(),
  targets: z.array(Point),
  path: z.array(Point).optional(),
  thresholds: z
    .strictObject({ amber: z.number(), red: z.number(), unit: z.enum(THRESHOLD_UNITS).optional() })
    .optional()
    .meta({
      description:
        'Left out: 0.2 and 1 percentage point for a % indicator, 2% and 10% of the planned value otherwise. A unit left out: points for %, relative otherwise.',
    }),
  weights: z.array(z.number()).optional().meta({ description: "A growth rate's weight per period of the year (the previous year's levels or shares)." }),
  ceiling: z.number().optional().meta({ description: 'The plausible bound on what a period can achieve; beyond it the target is infeasible.' }),
  note: z.string(),
  status: z.enum(['green', 'amber', 'red', 'unknown']),
  statusReason: Bilingual,
};

export const Assessment = z.strictObject({
  indicatorId: z.string(),
  period: z.string().optional(),
  year: z.number().int(),
  actual: z.number().optional(),
  planned: z.number().optional(),
  target: z.number().optional(),
  gap: z.number().optional(),
  ahead: z.boolean().optional(),
  needed: z.number().optional(),
  remainingPeriods: z.number().int().optional(),
  bestOnRecord: z.number().optional(),
  ceiling: z.number().optional(),
  growthSoFar: z.number().optional(),
  infeasible: z.boolean(),
  status: z.enum(['green', 'amber', 'red', 'unknown']),
  reason: Bilingual,
});

export const IndicatorSummary = z.strictObject({ ...IndicatorFields, assessment: Assessment.optional() });

export const IndicatorList = z.strictObject({ items: z.array(IndicatorSummary) });

const Revision = z.enum(REVISIONS);

export const Indicator = z.strictObject({
  ...IndicatorFields,
  values: z.array(
    z.strictObject({
      period: z.string(),
      value: z.number(),
      revision: Revision,
      revisionLabel: z.string(),
      source: z.string(),
      revisions: z.array(z.strictObject({ value: z.number(), revision: Revision, source: z.string(), receivedAt: z.string(), reportedBy: Actor.optional() })),
    }),
  ),
  assessment: Assessment,
  rateStillNeeded: z.number().optional(),
});

export const UpdateAccepted = z.strictObject({ updateId: z.string(), taskId: z.string(), receivedAt: IsoDateTime, status: z.literal('accepted') });

export const ExtensionRequested = z.strictObject({ id: z.string(), taskId: z.string(), status: z.literal('pending'), proposedDueDate: IsoDate });

export const ExtensionDecided = z.strictObject({
  id: z.string(),
  taskId: z.string(),
  status: z.enum(['approved', 'rejected']),
  newDueDate: IsoDate.optional(),
  effectiveDueDate: IsoDate.optional(),
  decidedAt: IsoDateTime,
});

export const ValueAccepted = z.strictObject({
  indicatorId: z.string(),
  period: z.string(),
  value: z.number(),
  revision: Revision,
  status: z.literal('accepted'),
});

export const ValuesAccepted = z.strictObject({ accepted: z.number().int(), importId: z.string() });

export const PlanImported = z.strictObject({
  imported: z.strictObject({ plan: z.string(), tasks: z.number().int(), indicators: z.number().int(), agencies: z.number().int() }),
});

export const PlanExport = z.strictObject({
  name: z.string().meta({ description: 'A file name for the workbook: `ke-hoach-<plan code>.xlsx`' }),
  xlsx: z.base64().meta({ description: 'The workbook (.xlsx), base64: a sheet per CSV table of the plan, as `POST /plan/import` takes it back' }),
});

export const CalendarDay = z.strictObject({
  date: IsoDate,
  kind: z
    .enum(['day-off', 'working-day'])
    .meta({ description: '`day-off`: a Monday-Friday that is off; `working-day`: a Saturday or Sunday that is worked (làm bù)' }),
  name: z.string(),
  source: z.string().meta({ description: 'The legal text or announcement the day comes from' }),
});

export const CalendarYear = z.strictObject({
  items: z.array(CalendarDay).meta({ description: 'The days that depart from the Monday-Friday week, by date; weekends are not listed' }),
  status: z.enum(['announced', 'projected']).meta({
    description: '`projected`: no announced entry for the year; its days are computed by the Labour Code (or, with no item, only weekends are off)',
  }),
});

export const CalendarChange = z.strictObject({
  date: IsoDate,
  before: CalendarDay.optional().meta({ description: 'What the date had before the change' }),
  after: CalendarDay.optional().meta({ description: 'What the date has now (absent: removed)' }),
});

export const DeliveryEmail = z.strictObject({
  key: z.string().meta({ description: 'The ledger key: what the email is about (`notice#NV-07#v0#overdue-5`, `extension#<id>#decided`, `bounce#<address>`)' }),
  state: z.enum(['unconfirmed', 'failed', 'suppressed']).meta({
    description:
      "`unconfirmed`: SES's answer was lost, the email may have gone out (confirmed by SES's event or sent again after the claim's lease); `failed`: SES refused it, or it could not be built; `suppressed`: every recipient is a suppressed address",
  }),
  subject: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  taskId: z.string().optional().meta({ description: 'The task the email is about' }),
  rule: z.string().optional().meta({ description: 'The rule that wrote it (`overdue-5`, `extension-decided`, `digest`, `bounce-report`, ...)' }),
  createdAt: IsoDateTime.meta({ description: 'When it was written to the ledger' }),
  claimedAt: IsoDateTime.optional().meta({ description: 'When it was last tried' }),
  attempts: z.number().int().optional(),
  reason: z.string().optional().meta({ description: "Why it did not go out: SES's error, or the problem with an address" }),
});

export const SuppressedAddress = z.strictObject({
  address: z.string(),
  reason: z.enum(['bounce', 'complaint', 'rejected']).meta({
    description: '`bounce`: a permanent bounce; `complaint`: the recipient marked an email as spam; `rejected`: SES refused the address',
  }),
  at: IsoDateTime,
  diagnostic: z.string().optional().meta({ description: "The receiving server's or SES's diagnostic" }),
  usedBy: z.array(z.string()).meta({ description: 'The agencies and leaders of the plan with this address' }),
});

export const QueueDepth = z.strictObject({
  queue: z.string().meta({ description: 'For a dead-letter queue, the queue it serves (`task-updates`, `email`, ...); `failed-runs`' }),
  kind: z.enum(['dead-letter', 'failed-runs']),
  depth: z.number().int().nullable().meta({ description: "Messages waiting (SQS's ApproximateNumberOfMessages); null when it could not be read" }),
});

export const Delivery = z.strictObject({
  emails: z.array(DeliveryEmail).meta({ description: 'Emails unconfirmed, failed or suppressed, newest first (at most 100 of each kind)' }),
  emailsMore: z.boolean().meta({ description: 'There are more than listed' }),
  suppressed: z.array(SuppressedAddress).meta({ description: 'Addresses not mailed again, newest first (at most 100)' }),
  suppressedMore: z.boolean(),
  queues: z.array(QueueDepth),
});

const Rag = z.enum(['green', 'amber', 'red', 'unknown']);
const StatusCounts = z.strictObject(
  Object.fromEntries(TASK_STATUSES.map((st) => [st, z.number().int()])) as Record<(typeof TASK_STATUSES)[number], z.ZodNumber>,
);
const TaskRef = {
  id: z.string(),
  group: z.number().int(),
  title: z.string(),
  leadAgency: z.string(),
  leadAgencyName: z.string(),
  field: z.enum(FIELDS),
};

/**
 * A leader's dashboard (their scope) or the office's (the whole programme): the parts of the weekly
 * digest's model (shared/digest/model.ts) for today, built by the same function as the Monday email.
 */
export const Dashboard = z.strictObject({
  recipient: z.strictObject({ id: z.string(), role: z.enum(LEADER_ROLES), name: z.string(), title: z.string() }),
  scope: z.strictObject({ all: z.boolean(), fields: z.array(z.enum(FIELDS)).meta({ description: "A vice-chair's fields (empty when `all`)" }) }),
  week: z.string().meta({ description: 'The ISO week of today (`2026-W49`)' }),
  today: IsoDate,
  headline: z
    .strictObject({
      asOf: IsoDate,
      previousAsOf: IsoDate.meta({ description: '7 days before `asOf`: the date compared against' }),
      total: z.number().int(),
      previousTotal: z.number().int(),
      now: StatusCounts,
      previous: StatusCounts.meta({ description: 'The status each task had on `previousAsOf` (tasks assigned later not counted)' }),
      change: StatusCounts.meta({ description: '`now` - `previous`, per status' }),
    })
    .meta({ description: 'Counts by status today and a week ago, as in the digest' }),
  overdue: z
    .array(
      z.strictObject({
        ...TaskRef,
        deadlineText: z.string(),
        dueDate: IsoDate,
        revised: z.boolean(),
        workingDaysOverdue: z.number().int(),
        calendarDaysOverdue: z.number().int(),
        progress: z.number().int(),
        chasers: z.number().int(),
        listedForMeetingOn: IsoDate.optional(),
        pendingExtension: z.boolean(),
        waitingOnName: z.string().optional(),
      }),
    )
    .meta({ description: 'Overdue tasks, longest overdue first' }),
  upcoming: z.strictObject({
    from: IsoDate,
    to: IsoDate,
    tasks: z.array(
      z.strictObject({
        ...TaskRef,
        deadlineText: z.string(),
        dueDate: IsoDate,
        revised: z.boolean(),
        workingDaysLeft: z.number().int(),
        daysLeft: z.number().int(),
        progress: z.number().int(),
        pendingExtension: z.boolean(),
      }),
    ),
  }),
  indicators: z
    .array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        unit: z.string(),
        field: z.enum(FIELDS),
        period: z.string().optional(),
        latest: z.number().optional(),
        planned: z.number().optional(),
        target: z.number().optional(),
        year: z.number().int().optional(),
        status: Rag,
        needed: z.number().optional(),
        neededVi: z.string().optional().meta({ description: 'What is still needed, in words: "cần giảm 0,09 điểm phần trăm mỗi quý"' }),
        latestVi: z.string().optional().meta({ description: 'The latest figure in words: a growth rate as "tăng 8,1%"' }),
        remainingPeriods: z.number().int().optional(),
        infeasible: z.boolean(),
        reason: z.string().meta({ description: 'The assessment in words (Vietnamese)' }),
        targets: z.array(Point),
        path: z.array(Point).optional(),
        values: z.array(Point).meta({ description: 'The value that counts per period, by period' }),
      }),
    )
    .meta({ description: 'The indicators in scope: red, amber, no data, green; then by id' }),
  pendingExtensions: z.array(
    z.strictObject({
      id: z.string(),
      taskId: z.string(),
      title: z.string(),
      leadAgency: z.string(),
      leadAgencyName: z.string(),
      currentDueDate: IsoDate,
      proposedDueDate: IsoDate,
      reason: z.string(),
      requestedAt: IsoDateTime,
    }),
  ),
});

const MailState = z.enum(['queued', 'sending', 'unconfirmed', 'sent', 'failed', 'suppressed']).meta({
  description: "The email's state in the ledger: `queued` → `sending` → `sent` (or `unconfirmed`, `failed`, `suppressed`)",
});

export const DigestArchive = z.strictObject({
  recipient: z.strictObject({ id: z.string(), name: z.string(), title: z.string() }),
  items: z
    .array(
      z.strictObject({
        week: z.string(),
        start: IsoDate,
        end: IsoDate,
        state: MailState,
        subject: z.string(),
        createdAt: IsoDateTime,
        sentAt: IsoDateTime.optional(),
      }),
    )
    .meta({ description: 'Newest week first' }),
});

export const SentDigest = z.strictObject({
  recipient: z.string(),
  week: z.string(),
  start: IsoDate,
  end: IsoDate,
  subject: z.string(),
  state: MailState,
  createdAt: IsoDateTime,
  sentAt: IsoDateTime.optional(),
  html: z.string().meta({ description: 'The HTML of the email as it was sent' }),
  workbook: z.strictObject({ name: z.string() }).optional().meta({ description: 'The workbook attached (`GET /digests/sent/workbook`)' }),
});

export const DigestWorkbook = z.strictObject({
  name: z.string().meta({ description: "The attachment's file name: `bao-cao-tuan-<week>-<recipient>.xlsx`" }),
  xlsx: z.base64().meta({ description: 'The workbook (.xlsx) attached to the digest, base64' }),
});

/** The answers by the name the document gives them (#/components/schemas/<name>). */
export const ANSWERS = {
  ErrorAnswer,
  FieldIssue,
  GatewayAnswer,
  Health,
  Task,
  TaskPage,
  Actor,
  HistoryItem,
  HistoryPage,
  Agency,
  Leader,
  Directory,
  Assessment,
  IndicatorSummary,
  IndicatorList,
  Indicator,
  UpdateAccepted,
  ExtensionRequested,
  ExtensionDecided,
  ValueAccepted,
  ValuesAccepted,
  PlanImported,
  PlanExport,
  CalendarDay,
  CalendarYear,
  CalendarChange,
  DeliveryEmail,
  SuppressedAddress,
  QueueDepth,
  Delivery,
  Dashboard,
  DigestArchive,
  SentDigest,
  DigestWorkbook,
} as const;
