import { stableJson } from '../../../shared/runtime/json';

/**
 * What a soak pass ends with, and how two passes of the same seed are compared: the table item
 * by item (less the fields that record how delivery went rather than what was done), and the
 * mail SES accepted, by ledger key.
 */
export interface PassResult {
  events: number;
  applied: number;
  /** Emails SES accepted, counted by ledger key. */
  emails: Record<string, number>;
  /** The table, canonical: one sorted JSON line per item. */
  state: string[];
  dlq: Array<{ queue: string; date: string; count: number; messages: Array<{ receiveCount: number; body: string }> }>;
  faults: Record<string, number>;
  /**
   * Ledger keys whose email SES took while neither its answer (the sender died, or the answer was
   * lost) nor its Send event (late or lost) reached the system: nothing tells it the email went
   * out, so it is sent again once the claim's lease ends (at least once, rather than never).
   */
  unknowable?: string[];
  seconds: number;
}

/**
 * Fields that say how delivery went, not what the system did; faults change them by design:
 * - an email's claim time, attempts, sent time, SES message id and who confirmed it (the mailer
 *   or SES's Send event): a crash makes a send later or confirmed differently, not different;
 * - whether a report changed the task when it arrived (`applied`): that depends on arrival order,
 *   which redelivery changes; the task's final progress is compared, and must be the same;
 * - which invocation wrote a deadline notice (`requestId`): a run retried after a crash is
 *   another invocation; and the id EventBridge gave an event carrying a value (a new id each
 *   time an event is put, so each pass has its own), which is also the correlation id of an
 *   alert that value raised;
 * - attachment bytes: the workbook's zip records the wall-clock time it was built (its size is kept).
 */
const DELIVERY_FIELDS: Record<string, string[]> = {
  mail: ['claimedAt', 'attempts', 'sentAt', 'sesMessageId', 'confirmedBy', 'correlationId'],
  update: ['applied'],
  notice: ['requestId'],
  value: ['requestId'],
};

export function canonicalItems(items: Record<string, unknown>[]): string[] {
  return items
    .map((item) => {
      const copy = { ...item };
      for (const f of DELIVERY_FIELDS[String(item.entity)] ?? []) delete copy[f];
      if (item.entity === 'mailpart' && typeof copy.data === 'string') copy.data = `<${copy.data.length} characters>`;
      return stableJson(copy);
    })
    .sort();
}

export interface SoakSummary {
  events: number;
  applied: number;
  lost: number;
  emailsExpected: number;
  emailsSent: number;
  duplicates: number;
  /** Second copies of `unknowable` emails (see PassResult): counted apart, never as duplicates. */
  resentUnknowable: number;
  /** Emails the run with faults sent that the fault-free run never sent. */
  unexpected: number;
  dlq: number;
  identical: boolean;
  /** A few items that differ (reference first), for the reader. */
  differences: Array<{ only: 'reference' | 'faults'; item: string }>;
  missingEmails: string[];
  duplicateEmails: string[];
  unexpectedEmails: string[];
}

export function compare(reference: PassResult, faulty: PassResult): SoakSummary {
  const expected = Object.keys(reference.emails);
  const missingEmails = expected.filter((k) => !faulty.emails[k]);
  const unknowable = new Set(faulty.unknowable ?? []);
  const duplicateEmails = Object.entries(faulty.emails)
    .filter(([k, n]) => n > 1 && !unknowable.has(k))
    .map(([k]) => k);
  const unexpectedEmails = Object.keys(faulty.emails).filter((k) => !reference.emails[k]);
  const ref = new Set(reference.state);
  const got = new Set(faulty.state);
  const differences = [
    ...reference.state.filter((i) => !got.has(i)).map((item) => ({ only: 'reference' as const, item })),
    ...faulty.state.filter((i) => !ref.has(i)).map((item) => ({ only: 'faults' as const, item })),
  ];
  return {
    events: faulty.events,
    applied: faulty.applied,
    lost: faulty.events - faulty.applied + missingEmails.length,
    emailsExpected: expected.length,
    emailsSent: Object.values(faulty.emails).reduce((a, b) => a + b, 0),
    duplicates: Object.entries(faulty.emails).reduce((a, [k, n]) => a + (unknowable.has(k) ? 0 : Math.max(0, n - 1)), 0),
    resentUnknowable: Object.entries(faulty.emails).reduce((a, [k, n]) => a + (unknowable.has(k) ? Math.max(0, n - 1) : 0), 0),
    unexpected: unexpectedEmails.length,
    dlq: faulty.dlq.reduce((a, d) => a + d.count, 0),
    identical: differences.length === 0 && reference.events === faulty.events,
    differences: differences.slice(0, 10),
    missingEmails: missingEmails.slice(0, 10),
    duplicateEmails: duplicateEmails.slice(0, 10),
    unexpectedEmails: unexpectedEmails.slice(0, 10),
  };
}

/** The soak's last line. */
export const soakLine = (s: SoakSummary): string =>
  `soak: events=${s.events} applied=${s.applied} lost=${s.lost} emails_expected=${s.emailsExpected} emails_sent=${s.emailsSent} duplicates=${s.duplicates} resent_unknowable=${s.resentUnknowable} unexpected=${s.unexpected} dlq=${s.dlq} state=${s.identical ? 'identical' : 'different'}`;

/** Whether the soak passed: nothing lost, nothing sent twice, nothing sent that should not have been, the same state. */
export const soakPassed = (s: SoakSummary): boolean => s.lost === 0 && s.duplicates === 0 && s.unexpected === 0 && s.identical;
