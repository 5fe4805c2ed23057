import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAlert } from '../../functions/indicator/handler';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { assess, type IndicatorValue } from '../../shared/domain/indicators';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';

/** Slippage alerts as the indicator function writes them: who gets them, and how they word what is needed. */
const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
const dir = { groups: plan.groups, leaders: plan.leaders, agencies: plan.agencies, indicators: plan.indicators, states: [], meta: plan.meta };
const def = (id: string) => plan.indicators.find((i) => i.id === id)!;
const email = (code: string) => plan.agencies.find((a) => a.code === code)!.emails[0]!;
const value = (indicatorId: string, period: string, v: number): IndicatorValue => ({
  indicatorId,
  period,
  value: v,
  revision: 'official',
  source: 'Thống kê',
  reportedBy: { sub: 's', role: 'statistics' },
  receivedAt: '2026-01-20T00:00:00.000Z',
});

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.APP_URL;
  process.env.APP_URL = 'https://dondoc.example.vn';
});
afterAll(() => {
  if (saved === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = saved;
});

describe('indicator alerts', () => {
  it('copy the co-operating statistics office on GRDP per capita, amber or red', () => {
    const ct02 = def('CT-02');
    // 6,600 against 6,800: 200 short, ≥ 2% × 6,800 = 136 and < 680 → amber.
    const a = assess(ct02, [value('CT-02', '2025', 6600)]);
    expect(a.status).toBe('amber');
    const amber = composeAlert(ct02, dir, 'amber', '2025', a);
    expect(amber.content.to).toEqual(plan.agencies.find((x) => x.code === 'SO-TC')!.emails.map((e) => e.toLowerCase()));
    expect(amber.content.cc).toEqual([email('THONG-KE').toLowerCase()]);
    const red = composeAlert(ct02, dir, 'red', '2025', a);
    expect(red.content.cc).toContain(email('THONG-KE').toLowerCase());
    expect(red.content.cc).toContain('theodoi@ubnd.ha-noi.example');
    // An indicator without co-operating agencies copies nobody on amber.
    expect(composeAlert(def('CT-04'), dir, 'amber', '2025-Q2', undefined).content.cc).toEqual([]);
  });

  it('say what a lower-is-better level needs as a fall in percentage points, not a signed figure', () => {
    const ct32 = def('CT-32');
    // Unemployment, quarterly, down, 2.5% for 2025 from 2.6% at the end of 2024; 2.6 in Q3 2025:
    // needed (2.5 − 2.6) / 1 = −0.1 → "giảm 0,1 điểm phần trăm mỗi quý".
    const a = assess(ct32, [value('CT-32', '2024-Q4', 2.6), value('CT-32', '2025-Q3', 2.6)], { year: 2025 });
    expect(a.needed).toBe(-0.1);
    const mail = composeAlert(ct32, dir, 'amber', '2025-Q3', a).content as unknown as { text: string; html: string };
    expect(mail.text).toContain('Cần giảm 0,1 điểm phần trăm mỗi quý');
    expect(mail.text).not.toContain('-0,1%');
    expect(mail.text).not.toMatch(/ {2}/);
  });
});
