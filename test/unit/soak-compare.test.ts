import { describe, expect, it } from 'vitest';
import { canonicalItems, compare, soakLine, soakPassed, type PassResult } from '../../infra/harness/soak/compare';

const pass = (over: Partial<PassResult> = {}): PassResult => ({
  events: 3,
  applied: 3,
  emails: { 'notice#NV-01#v0#overdue-1': 1, 'digest#CT#2026-W02': 1 },
  state: canonicalItems([{ pk: 'TASK#NV-01', sk: 'TASK', entity: 'task', progress: 40, version: 2 }]),
  dlq: [],
  faults: {},
  seconds: 1,
  ...over,
});

describe('soak comparison', () => {
  it('says identical when only delivery bookkeeping differs', () => {
    const a = pass({ state: canonicalItems([{ pk: 'MAIL#k', sk: 'MAIL', entity: 'mail', state: 'sent', attempts: 1, sesMessageId: 'a' }]) });
    const b = pass({ state: canonicalItems([{ sk: 'MAIL', pk: 'MAIL#k', entity: 'mail', state: 'sent', attempts: 3, sesMessageId: 'b' }]) });
    expect(soakLine(compare(a, b))).toBe(
      'soak: events=3 applied=3 lost=0 emails_expected=2 emails_sent=2 duplicates=0 resent_unknowable=0 unexpected=0 dlq=0 state=identical',
    );
  });

  it('counts a lost event, a lost email, a duplicate and a different state', () => {
    const faulty = pass({
      applied: 2,
      emails: { 'digest#CT#2026-W02': 2 },
      state: canonicalItems([{ pk: 'TASK#NV-01', sk: 'TASK', entity: 'task', progress: 35, version: 2 }]),
      dlq: [{ queue: 'email', date: '2026-01-05', count: 1, messages: [] }],
    });
    const s = compare(pass(), faulty);
    expect(soakLine(s)).toBe(
      'soak: events=3 applied=2 lost=2 emails_expected=2 emails_sent=2 duplicates=1 resent_unknowable=0 unexpected=0 dlq=1 state=different',
    );
    expect(s.missingEmails).toEqual(['notice#NV-01#v0#overdue-1']);
    expect(s.duplicateEmails).toEqual(['digest#CT#2026-W02']);
  });

  it('fails a run that sent an email the fault-free run never sent', () => {
    const faulty = pass({ emails: { 'notice#NV-01#v0#overdue-1': 1, 'digest#CT#2026-W02': 1, 'notice#NV-02#v0#overdue-1': 1 } });
    const s = compare(pass(), faulty);
    expect(soakLine(s)).toBe(
      'soak: events=3 applied=3 lost=0 emails_expected=2 emails_sent=3 duplicates=0 resent_unknowable=0 unexpected=1 dlq=0 state=identical',
    );
    expect(s.unexpectedEmails).toEqual(['notice#NV-02#v0#overdue-1']);
    expect(soakPassed(s)).toBe(false);
    expect(soakPassed(compare(pass(), pass()))).toBe(true);
  });

  it("counts apart a second copy of an email whose send neither SES's answer nor its Send event reported", () => {
    const faulty = pass({ emails: { 'notice#NV-01#v0#overdue-1': 2, 'digest#CT#2026-W02': 2 }, unknowable: ['notice#NV-01#v0#overdue-1'] });
    const s = compare(pass(), faulty);
    expect(soakLine(s)).toBe(
      'soak: events=3 applied=3 lost=0 emails_expected=2 emails_sent=4 duplicates=1 resent_unknowable=1 unexpected=0 dlq=0 state=identical',
    );
    expect(s.duplicateEmails).toEqual(['digest#CT#2026-W02']);
    expect(soakPassed(s)).toBe(false);
    expect(
      soakPassed(compare(pass(), pass({ emails: { 'notice#NV-01#v0#overdue-1': 2, 'digest#CT#2026-W02': 1 }, unknowable: ['notice#NV-01#v0#overdue-1'] }))),
    ).toBe(true);
  });
});
