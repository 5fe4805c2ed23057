/**
 * The API contract as TypeScript types, generated from docs/openapi.json by `npm run openapi`: do not edit.
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document */
    get: operations['openapi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/agencies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The plan's agencies, with the leader supervising each one's field, and the leaders */
    get: operations['listAgencies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of tasks, by agency, group, status or due date */
    get: operations['listTasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One task as of today */
    get: operations['getTask'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks/{id}/updates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of the task's history, newest first */
    get: operations['listTaskUpdates'];
    put?: never;
    /** Progress from the lead agency, a note from it or a co-operating one; queued */
    post: operations['reportTaskUpdate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tasks/{id}/extension-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The lead agency asks for a later deadline */
    post: operations['requestExtension'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/extension-requests/{id}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The supervising vice-chair, the chair or the city office decides an extension request */
    post: operations['decideExtension'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/indicators': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each indicator with its latest assessment */
    get: operations['listIndicators'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/indicators/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An indicator: its series with every revision, the value that counts per period, and the assessment */
    get: operations['getIndicator'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/indicators/{id}/values': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The responsible agency or the statistics role reports a value; queued */
    post: operations['reportValue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/indicators/values:import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A CSV of values, every row checked: all queued or none */
    post: operations['importValues'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/digests/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The digest a recipient gets on the Monday of a week, as HTML */
    get: operations['previewDigest'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/digests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A recipient's weekly digests as sent, newest week first, each with its state in the email ledger */
    get: operations['listDigests'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/digests/sent': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One weekly digest as it was sent: its stored HTML, state and workbook name */
    get: operations['getSentDigest'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/digests/sent/workbook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The workbook attached to a weekly digest as sent (base64) */
    get: operations['getSentDigestWorkbook'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dashboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A leader's dashboard of their scope, or the city office's of the whole programme: counts by status and their change since a week ago, overdue and upcoming tasks, indicators by colour with their series, pending extension requests */
    get: operations['getDashboard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/plan/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The city office replaces the plan (tasks keep their progress and history): its CSV tables, or one workbook (base64) */
    post: operations['importPlan'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/plan/export': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current plan as one workbook (base64), a sheet per CSV table, as the import takes it back */
    get: operations['exportPlan'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/calendar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A year's days off and make-up working days (weekends not listed), and whether the year is announced or projected */
    get: operations['getCalendar'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/calendar/days/{date}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** The city office records a day off (Monday-Friday) or a make-up working day (Saturday, Sunday), with its source; kept in the audit trail */
    put: operations['setCalendarDay'];
    post?: never;
    /** The city office removes a date's entry (it becomes an ordinary day); kept in the audit trail */
    delete: operations['removeCalendarDay'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/delivery': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The city office: emails unconfirmed, failed or suppressed, the addresses suppressed after a bounce or complaint, and the depth of each dead-letter queue */
    get: operations['getDelivery'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    UpdateBody: {
      progress?: number;
      /** @description Text, trimmed: 1 to 4000 characters, no control characters */
      note: string;
      evidence?: {
        /** @description Text, trimmed: 1 to 100 characters, no control characters */
        documentNumber: string;
        /** @description A date, dd/mm/yyyy or yyyy-mm-dd, in the years 1900-2100 */
        documentDate: string;
      };
      waitingOnCoAgency?: boolean;
      waitingOn?: string;
    };
    ExtensionRequestBody: {
      /** @description A date, dd/mm/yyyy or yyyy-mm-dd, in the years 1900-2100 */
      proposedDueDate: string;
      /** @description Text, trimmed: 1 to 2000 characters, no control characters */
      reason: string;
    };
    DecisionBody: {
      /** @enum {string} */
      decision: 'approve' | 'reject';
      /** @description A date, dd/mm/yyyy or yyyy-mm-dd, in the years 1900-2100 */
      newDueDate?: string;
      /** @description Text, trimmed: 1 to 2000 characters, no control characters */
      note?: string;
    };
    ValueBody: {
      period: string;
      value: number | string;
      unit?: string;
      revision: string;
      source: string;
    };
    ValuesImportBody: {
      csv: string;
      file?: string;
    };
    PlanImportBody:
      | {
          files: {
            [key: string]: string;
          };
        }
      | {
          /** Format: base64 */
          xlsx: string;
          name?: string;
        };
    CalendarDayBody: {
      /**
       * @description `day-off`: a Monday-Friday that is off; `working-day`: a Saturday or Sunday that is worked (làm bù)
       * @enum {string}
       */
      kind: 'day-off' | 'working-day';
      /** @description Text, trimmed: 1 to 200 characters, no control characters */
      name: string;
      /** @description The legal text or announcement (`Công văn 12729/VPCP-KGVX`) */
      source: string;
    };
    ErrorAnswer: {
      error: {
        /** @description `validation_failed`, `not_found`, `forbidden`, `conflict`, `unauthorized`, ... */
        code: string;
        vi: string;
        en: string;
        fields?: components['schemas']['FieldIssue'][];
        requestId: string;
      };
    };
    FieldIssue: {
      /** @description The field refused, as a path (`evidence.documentDate`), or `(body)`; in a plan, the column. */
      field: string;
      vi: string;
      en: string;
      /** @description A plan import only: the file (`tasks.csv`), or the workbook and its sheet (`plan.xlsx [tasks]`). */
      file?: string;
      /** @description A plan import only: the line of the file or the row of the sheet (1 is the header; 0 the file as a whole). */
      line?: number;
    };
    GatewayAnswer: {
      message: string;
    };
    Health: {
      /** @constant */
      status: 'ok';
      /** Format: date-time */
      time: string;
    };
    Task: {
      id: string;
      group: number;
      title: string;
      deliverable: string;
      leadAgency: string;
      coAgencies: string[];
      /** @enum {string} */
      field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
      deadline: {
        /** @description The deadline as the plan writes it. */
        text: string;
        /** @enum {string} */
        kind: 'date' | 'month' | 'quarter' | 'half' | 'year' | 'recurring';
        /** @enum {string} */
        every?: 'continuous' | 'month' | 'quarter' | 'year';
        /** @description A recurring task's report cut-off day, when the plan sets one (else the 14th). */
        cutoffDay?: number;
        /** @description A recurring task's reporting period it answers for today. */
        period?: {
          id: string;
          label: string;
          /** Format: date */
          dueDate: string;
          reported: boolean;
        };
        /** Format: date */
        dueDate?: string;
        /** Format: date */
        revisedDueDate?: string;
      };
      /** @description An open task with a date: the day it really falls due, and the days to it (negative: overdue). */
      dueIn?: {
        /** Format: date */
        effectiveDueDate: string;
        days: number;
        workingDays: number;
      };
      /** @description The extension request awaiting a decision. */
      pendingExtension?: string;
      /** @enum {string} */
      status: 'in_progress' | 'overdue' | 'completed_on_time' | 'completed_after_extension' | 'completed_late';
      statusLabel: string;
      progress: number;
      /** Format: date */
      completedOn?: string;
      waitingOnCoAgency: boolean;
      /** @description The co-operating agency the lead says it waits on (its code). */
      waitingOn?: string;
      lastUpdate?: {
        updateId: string;
        at: string;
        agency?: string;
        note: string;
      };
      escalation?: {
        chasers: number;
        /** Format: date */
        listedForMeetingOn?: string;
      };
      version: number;
    };
    TaskPage: {
      items: components['schemas']['Task'][];
      nextCursor?: string;
    };
    Actor: {
      sub: string;
      /** @enum {string} */
      role: 'agency' | 'leader' | 'office' | 'statistics' | 'system';
      agency?: string;
      leaderId?: string;
    };
    HistoryItem: {
      /** @description `TaskUpdate`, `Notice`, `ExtensionRequested`, `ExtensionApproved`, `ExtensionRejected`, `PlanImported`, ... */
      type: string;
      at?: string;
      receivedAt?: string;
      /** @enum {string} */
      kind?: 'progress' | 'note';
      progress?: number;
      note?: string;
      reason?: string;
      evidence?: {
        documentNumber: string;
        /** Format: date */
        documentDate: string;
      };
      waitingOnCoAgency?: boolean;
      waitingOn?: string;
      actor?: components['schemas']['Actor'];
      applied?: boolean;
      extensionId?: string;
      /** Format: date */
      proposedDueDate?: string;
      /** Format: date */
      newDueDate?: string;
      /** Format: date */
      previousDueDate?: string;
      subject?: string;
      rule?: string;
      to?: string[];
      workingDays?: number;
    } & {
      [key: string]: unknown;
    };
    HistoryPage: {
      items: components['schemas']['HistoryItem'][];
      nextCursor?: string;
    };
    Agency: {
      code: string;
      name: string;
      /** @enum {string} */
      kind: 'department' | 'ward' | 'commune';
      /** @enum {string} */
      field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
      emails: string[];
      /** @description The id of the leader who supervises the agency's field. */
      supervisor?: string;
    };
    Leader: {
      id: string;
      /** @enum {string} */
      role: 'chair' | 'vice_chair' | 'office';
      name: string;
      title: string;
      fields: ('kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh')[];
    };
    Directory: {
      items: components['schemas']['Agency'][];
      leaders: components['schemas']['Leader'][];
    };
    Assessment: {
      indicatorId: string;
      period?: string;
      year: number;
      actual?: number;
      planned?: number;
      target?: number;
      gap?: number;
      ahead?: boolean;
      needed?: number;
      remainingPeriods?: number;
      bestOnRecord?: number;
      ceiling?: number;
      growthSoFar?: number;
      infeasible: boolean;
      /** @enum {string} */
      status: 'green' | 'amber' | 'red' | 'unknown';
      reason: {
        vi: string;
        en: string;
      };
    };
    IndicatorSummary: {
      id: string;
      name: string;
      unit: string;
      /** @enum {string} */
      direction: 'up' | 'down';
      /** @enum {string} */
      kind: 'rate' | 'cumulative' | 'level';
      /** @enum {string} */
      frequency: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
      agency: string;
      /** @description Co-operating agencies (cơ quan phối hợp); copied on slippage alerts. */
      coAgencies?: string[];
      /** @enum {string} */
      field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
      baseline?: {
        period: string;
        value: number;
      };
      targets: {
        period: string;
        value: number;
      }[];
      path?: {
        period: string;
        value: number;
      }[];
      /** @description Left out: 0.2 and 1 percentage point for a % indicator, 2% and 10% of the planned value otherwise. A unit left out: points for %, relative otherwise. */
      thresholds?: {
        amber: number;
        red: number;
        /** @enum {string} */
        unit?: 'points' | 'relative';
      };
      /** @description A growth rate's weight per period of the year (the previous year's levels or shares). */
      weights?: number[];
      /** @description The plausible bound on what a period can achieve; beyond it the target is infeasible. */
      ceiling?: number;
      note: string;
      /** @enum {string} */
      status: 'green' | 'amber' | 'red' | 'unknown';
      statusReason: {
        vi: string;
        en: string;
      };
      assessment?: components['schemas']['Assessment'];
    };
    IndicatorList: {
      items: components['schemas']['IndicatorSummary'][];
    };
    Indicator: {
      id: string;
      name: string;
      unit: string;
      /** @enum {string} */
      direction: 'up' | 'down';
      /** @enum {string} */
      kind: 'rate' | 'cumulative' | 'level';
      /** @enum {string} */
      frequency: 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
      agency: string;
      /** @description Co-operating agencies (cơ quan phối hợp); copied on slippage alerts. */
      coAgencies?: string[];
      /** @enum {string} */
      field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
      baseline?: {
        period: string;
        value: number;
      };
      targets: {
        period: string;
        value: number;
      }[];
      path?: {
        period: string;
        value: number;
      }[];
      /** @description Left out: 0.2 and 1 percentage point for a % indicator, 2% and 10% of the planned value otherwise. A unit left out: points for %, relative otherwise. */
      thresholds?: {
        amber: number;
        red: number;
        /** @enum {string} */
        unit?: 'points' | 'relative';
      };
      /** @description A growth rate's weight per period of the year (the previous year's levels or shares). */
      weights?: number[];
      /** @description The plausible bound on what a period can achieve; beyond it the target is infeasible. */
      ceiling?: number;
      note: string;
      /** @enum {string} */
      status: 'green' | 'amber' | 'red' | 'unknown';
      statusReason: {
        vi: string;
        en: string;
      };
      values: {
        period: string;
        value: number;
        /** @enum {string} */
        revision: 'estimated' | 'preliminary' | 'official';
        revisionLabel: string;
        source: string;
        revisions: {
          value: number;
          /** @enum {string} */
          revision: 'estimated' | 'preliminary' | 'official';
          source: string;
          receivedAt: string;
          reportedBy?: components['schemas']['Actor'];
        }[];
      }[];
      assessment: components['schemas']['Assessment'];
      rateStillNeeded?: number;
    };
    UpdateAccepted: {
      updateId: string;
      taskId: string;
      /** Format: date-time */
      receivedAt: string;
      /** @constant */
      status: 'accepted';
    };
    ExtensionRequested: {
      id: string;
      taskId: string;
      /** @constant */
      status: 'pending';
      /** Format: date */
      proposedDueDate: string;
    };
    ExtensionDecided: {
      id: string;
      taskId: string;
      /** @enum {string} */
      status: 'approved' | 'rejected';
      /** Format: date */
      newDueDate?: string;
      /** Format: date */
      effectiveDueDate?: string;
      /** Format: date-time */
      decidedAt: string;
    };
    ValueAccepted: {
      indicatorId: string;
      period: string;
      value: number;
      /** @enum {string} */
      revision: 'estimated' | 'preliminary' | 'official';
      /** @constant */
      status: 'accepted';
    };
    ValuesAccepted: {
      accepted: number;
      importId: string;
    };
    PlanImported: {
      imported: {
        plan: string;
        tasks: number;
        indicators: number;
        agencies: number;
      };
    };
    PlanExport: {
      /** @description A file name for the workbook: `ke-hoach-<plan code>.xlsx` */
      name: string;
      /**
       * Format: base64
       * @description The workbook (.xlsx), base64: a sheet per CSV table of the plan, as `POST /plan/import` takes it back
       */
      xlsx: string;
    };
    CalendarDay: {
      /** Format: date */
      date: string;
      /**
       * @description `day-off`: a Monday-Friday that is off; `working-day`: a Saturday or Sunday that is worked (làm bù)
       * @enum {string}
       */
      kind: 'day-off' | 'working-day';
      name: string;
      /** @description The legal text or announcement the day comes from */
      source: string;
    };
    CalendarYear: {
      /** @description The days that depart from the Monday-Friday week, by date; weekends are not listed */
      items: components['schemas']['CalendarDay'][];
      /**
       * @description `projected`: no announced entry for the year; its days are computed by the Labour Code (or, with no item, only weekends are off)
       * @enum {string}
       */
      status: 'announced' | 'projected';
    };
    CalendarChange: {
      /** Format: date */
      date: string;
      /** @description What the date had before the change */
      before?: components['schemas']['CalendarDay'];
      /** @description What the date has now (absent: removed) */
      after?: components['schemas']['CalendarDay'];
    };
    DeliveryEmail: {
      /** @description The ledger key: what the email is about (`notice#NV-07#v0#overdue-5`, `extension#<id>#decided`, `bounce#<address>`) */
      key: string;
      /**
       * @description `unconfirmed`: SES's answer was lost, the email may have gone out (confirmed by SES's event or sent again after the claim's lease); `failed`: SES refused it, or it could not be built; `suppressed`: every recipient is a suppressed address
       * @enum {string}
       */
      state: 'unconfirmed' | 'failed' | 'suppressed';
      subject: string;
      to: string[];
      cc: string[];
      /** @description The task the email is about */
      taskId?: string;
      /** @description The rule that wrote it (`overdue-5`, `extension-decided`, `digest`, `bounce-report`, ...) */
      rule?: string;
      /**
       * Format: date-time
       * @description When it was written to the ledger
       */
      createdAt: string;
      /**
       * Format: date-time
       * @description When it was last tried
       */
      claimedAt?: string;
      attempts?: number;
      /** @description Why it did not go out: SES's error, or the problem with an address */
      reason?: string;
    };
    SuppressedAddress: {
      address: string;
      /**
       * @description `bounce`: a permanent bounce; `complaint`: the recipient marked an email as spam; `rejected`: SES refused the address
       * @enum {string}
       */
      reason: 'bounce' | 'complaint' | 'rejected';
      /** Format: date-time */
      at: string;
      /** @description The receiving server's or SES's diagnostic */
      diagnostic?: string;
      /** @description The agencies and leaders of the plan with this address */
      usedBy: string[];
    };
    QueueDepth: {
      /** @description For a dead-letter queue, the queue it serves (`task-updates`, `email`, ...); `failed-runs` */
      queue: string;
      /** @enum {string} */
      kind: 'dead-letter' | 'failed-runs';
      /** @description Messages waiting (SQS's ApproximateNumberOfMessages); null when it could not be read */
      depth: number | null;
    };
    Delivery: {
      /** @description Emails unconfirmed, failed or suppressed, newest first (at most 100 of each kind) */
      emails: components['schemas']['DeliveryEmail'][];
      /** @description There are more than listed */
      emailsMore: boolean;
      /** @description Addresses not mailed again, newest first (at most 100) */
      suppressed: components['schemas']['SuppressedAddress'][];
      suppressedMore: boolean;
      queues: components['schemas']['QueueDepth'][];
    };
    Dashboard: {
      recipient: {
        id: string;
        /** @enum {string} */
        role: 'chair' | 'vice_chair' | 'office';
        name: string;
        title: string;
      };
      scope: {
        all: boolean;
        /** @description A vice-chair's fields (empty when `all`) */
        fields: ('kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh')[];
      };
      /** @description The ISO week of today (`2026-W49`) */
      week: string;
      /** Format: date */
      today: string;
      /** @description Counts by status today and a week ago, as in the digest */
      headline: {
        /** Format: date */
        asOf: string;
        /**
         * Format: date
         * @description 7 days before `asOf`: the date compared against
         */
        previousAsOf: string;
        total: number;
        previousTotal: number;
        now: {
          in_progress: number;
          overdue: number;
          completed_on_time: number;
          completed_after_extension: number;
          completed_late: number;
        };
        /** @description The status each task had on `previousAsOf` (tasks assigned later not counted) */
        previous: {
          in_progress: number;
          overdue: number;
          completed_on_time: number;
          completed_after_extension: number;
          completed_late: number;
        };
        /** @description `now` - `previous`, per status */
        change: {
          in_progress: number;
          overdue: number;
          completed_on_time: number;
          completed_after_extension: number;
          completed_late: number;
        };
      };
      /** @description Overdue tasks, longest overdue first */
      overdue: {
        id: string;
        group: number;
        title: string;
        leadAgency: string;
        leadAgencyName: string;
        /** @enum {string} */
        field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
        deadlineText: string;
        /** Format: date */
        dueDate: string;
        revised: boolean;
        workingDaysOverdue: number;
        calendarDaysOverdue: number;
        progress: number;
        chasers: number;
        /** Format: date */
        listedForMeetingOn?: string;
        pendingExtension: boolean;
        waitingOnName?: string;
      }[];
      upcoming: {
        /** Format: date */
        from: string;
        /** Format: date */
        to: string;
        tasks: {
          id: string;
          group: number;
          title: string;
          leadAgency: string;
          leadAgencyName: string;
          /** @enum {string} */
          field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
          deadlineText: string;
          /** Format: date */
          dueDate: string;
          revised: boolean;
          workingDaysLeft: number;
          daysLeft: number;
          progress: number;
          pendingExtension: boolean;
        }[];
      };
      /** @description The indicators in scope: red, amber, no data, green; then by id */
      indicators: {
        id: string;
        name: string;
        unit: string;
        /** @enum {string} */
        field: 'kinh-te' | 'do-thi' | 'ha-tang' | 'van-hoa-xa-hoi' | 'noi-chinh';
        period?: string;
        latest?: number;
        planned?: number;
        target?: number;
        year?: number;
        /** @enum {string} */
        status: 'green' | 'amber' | 'red' | 'unknown';
        needed?: number;
        /** @description What is still needed, in words: "cần giảm 0,09 điểm phần trăm mỗi quý" */
        neededVi?: string;
        /** @description The latest figure in words: a growth rate as "tăng 8,1%" */
        latestVi?: string;
        remainingPeriods?: number;
        infeasible: boolean;
        /** @description The assessment in words (Vietnamese) */
        reason: string;
        targets: {
          period: string;
          value: number;
        }[];
        path?: {
          period: string;
          value: number;
        }[];
        /** @description The value that counts per period, by period */
        values: {
          period: string;
          value: number;
        }[];
      }[];
      pendingExtensions: {
        id: string;
        taskId: string;
        title: string;
        leadAgency: string;
        leadAgencyName: string;
        /** Format: date */
        currentDueDate: string;
        /** Format: date */
        proposedDueDate: string;
        reason: string;
        /** Format: date-time */
        requestedAt: string;
      }[];
    };
    DigestArchive: {
      recipient: {
        id: string;
        name: string;
        title: string;
      };
      /** @description Newest week first */
      items: {
        week: string;
        /** Format: date */
        start: string;
        /** Format: date */
        end: string;
        /**
         * @description The email's state in the ledger: `queued` → `sending` → `sent` (or `unconfirmed`, `failed`, `suppressed`)
         * @enum {string}
         */
        state: 'queued' | 'sending' | 'unconfirmed' | 'sent' | 'failed' | 'suppressed';
        subject: string;
        /** Format: date-time */
        createdAt: string;
        /** Format: date-time */
        sentAt?: string;
      }[];
    };
    SentDigest: {
      recipient: string;
      week: string;
      /** Format: date */
      start: string;
      /** Format: date */
      end: string;
      subject: string;
      /**
       * @description The email's state in the ledger: `queued` → `sending` → `sent` (or `unconfirmed`, `failed`, `suppressed`)
       * @enum {string}
       */
      state: 'queued' | 'sending' | 'unconfirmed' | 'sent' | 'failed' | 'suppressed';
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      sentAt?: string;
      /** @description The HTML of the email as it was sent */
      html: string;
      /** @description The workbook attached (`GET /digests/sent/workbook`) */
      workbook?: {
        name: string;
      };
    };
    DigestWorkbook: {
      /** @description The attachment's file name: `bao-cao-tuan-<week>-<recipient>.xlsx` */
      name: string;
      /**
       * Format: base64
       * @description The workbook (.xlsx) attached to the digest, base64
       */
      xlsx: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Up */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  openapi: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI 3.1 document of this API */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  listAgencies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The agencies and the leaders */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Directory'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  listTasks: {
    parameters: {
      query?: {
        agency?: string;
        group?: number;
        status?: 'in_progress' | 'overdue' | 'completed_on_time' | 'completed_after_extension' | 'completed_late';
        /** @description A date, dd/mm/yyyy or yyyy-mm-dd, in the years 1900-2100 */
        dueBefore?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of tasks; `nextCursor` while there are more */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskPage'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getTask: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The task (`NV-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The task */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Task'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  listTaskUpdates: {
    parameters: {
      query?: {
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description The task (`NV-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of the history; `nextCursor` while there are more */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HistoryPage'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  reportTaskUpdate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The task (`NV-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateBody'];
      };
    };
    responses: {
      /** @description Accepted; applied shortly */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UpdateAccepted'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  requestExtension: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The task (`NV-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExtensionRequestBody'];
      };
    };
    responses: {
      /** @description The request, awaiting a decision */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExtensionRequested'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The resource is not in a state that allows this */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  decideExtension: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The extension request */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DecisionBody'];
      };
    };
    responses: {
      /** @description The decision */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExtensionDecided'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The resource is not in a state that allows this */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  listIndicators: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The indicators */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IndicatorList'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getIndicator: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The indicator (`CT-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The indicator */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Indicator'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  reportValue: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The indicator (`CT-01`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ValueBody'];
      };
    };
    responses: {
      /** @description Accepted; assessed shortly */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ValueAccepted'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The resource is not in a state that allows this */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  importValues: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ValuesImportBody'];
      };
    };
    responses: {
      /** @description Every row accepted; assessed shortly */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ValuesAccepted'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The resource is not in a state that allows this */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  previewDigest: {
    parameters: {
      query: {
        recipient: string;
        week: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The HTML of the digest */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  listDigests: {
    parameters: {
      query: {
        recipient: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The archive */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DigestArchive'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getSentDigest: {
    parameters: {
      query: {
        recipient: string;
        week: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The digest as sent */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SentDigest'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getSentDigestWorkbook: {
    parameters: {
      query: {
        recipient: string;
        week: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workbook and its file name */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DigestWorkbook'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getDashboard: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The dashboard, from the weekly digest’s model for today */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Dashboard'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  importPlan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PlanImportBody'];
      };
    };
    responses: {
      /** @description What was imported */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PlanImported'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  exportPlan: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The workbook and a file name for it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PlanExport'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getCalendar: {
    parameters: {
      query: {
        year: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The year */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CalendarYear'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  setCalendarDay: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The date (`2026-01-02`) */
        date: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CalendarDayBody'];
      };
    };
    responses: {
      /** @description The date before and after */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CalendarChange'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description The body is too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  removeCalendarDay: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The date (`2026-01-02`) */
        date: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What the date had */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CalendarChange'];
        };
      };
      /** @description The request is not valid: each field refused, with the reason in Vietnamese and English */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description No such resource */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
  getDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Email delivery */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Delivery'];
        };
      };
      /** @description No valid token: API Gateway's JWT authorizer, before the function runs */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
      /** @description The caller may not do this; the answer says who may */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorAnswer'];
        };
      };
      /** @description Too many requests: API Gateway's throttle, before the function runs */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GatewayAnswer'];
        };
      };
    };
  };
}
