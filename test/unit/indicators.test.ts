import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { readPlanDir } from '../../shared/io/plan-files';
import { parsePlan } from '../../shared/io/plan-import';
import { parseValuesCsv } from '../../shared/io/values-csv';
import type { IndicatorDef } from '../../shared/domain/plan';
import { FREQUENCIES } from '../../shared/domain/plan';
import { FREQUENCY_KIND, periodsInYear } from '../../shared/domain/period';
import {
  DEFAULT_CUTOFFS,
  REVISIONS,
  alertConditions,
  assess,
  latestByPeriod,
  missingPeriods,
  replay,
  type Assessment,
  type IndicatorValue,
  type Revision,
} from '../../shared/domain/indicators';

const def = (over: Partial<IndicatorDef> & Pick<IndicatorDef, 'id'>): IndicatorDef => ({
  name: over.id,
  unit: '%',
  direction: 'up',
  kind: 'rate',
  frequency: 'quarterly',
  agency: 'SO-TC',
  field: 'kinh-te',
  targets: [],
  note: '',
  ...over,
});

// As in shared/samples/plan/indicators.csv.
const CT01 = def({
  id: 'CT-01',
  name: 'Tốc độ tăng trưởng GRDP',
  baseline: { period: '2024', value: 6.52 },
  targets: [
    { period: '2025', value: 8.5 },
    { period: '2026', value: 11 },
  ],
});
const CT04 = def({
  id: 'CT-04',
  name: 'Tổng vốn đầu tư toàn xã hội',
  unit: 'nghìn tỷ đồng',
  kind: 'cumulative',
  baseline: { period: '2024', value: 416.6 },
  targets: [{ period: '2025', value: 470 }],
});
const CT02 = def({
  id: 'CT-02',
  name: 'GRDP bình quân đầu người',
  unit: 'USD/người',
  kind: 'level',
  frequency: 'yearly',
  baseline: { period: '2024', value: 6200 },
  targets: [{ period: '2025', value: 6800 }],
});
// The poverty rate (CT-31) is yearly in the sample; followed half-yearly here to exercise `needed`.
// Its thresholds are in percentage points, as in the sample: amber 0.02 point, red 0.05 point.
const POVERTY = def({
  id: 'CT-31',
  name: 'Tỷ lệ hộ nghèo',
  direction: 'down',
  kind: 'level',
  frequency: 'half_yearly',
  baseline: { period: '2024', value: 0.65 },
  targets: [{ period: '2025', value: 0.45 }],
  thresholds: { amber: 0.02, red: 0.05, unit: 'points' },
});

let clock = 0;
const val = (indicatorId: string, period: string, value: number, revision: Revision = 'official', receivedAt?: string): IndicatorValue => ({
  indicatorId,
  period,
  value,
  revision,
  source: 'Cục Thống kê',
  reportedBy: { sub: 'u1', role: 'agency', agency: 'SO-TC' },
  receivedAt: receivedAt ?? new Date(Date.UTC(2025, 0, 1) + ++clock * 60_000).toISOString(),
});
const series = (id: string, pairs: Array<[string, number]>) => pairs.map(([p, v]) => val(id, p, v));

describe('latestByPeriod', () => {
  it('takes the highest revision, then the latest received', () => {
    const m = latestByPeriod([
      val('CT-01', '2025-Q3', 8.0, 'official', '2025-10-20T03:00:00Z'),
      val('CT-01', '2025-Q3', 8.3, 'estimated', '2025-10-25T03:00:00Z'), // later, but only an estimate
      val('CT-01', '2025-Q2', 7.6, 'estimated', '2025-07-01T03:00:00Z'),
      val('CT-01', '2025-Q2', 7.7, 'estimated', '2025-07-05T03:00:00Z'), // a later estimate replaces the earlier one
      val('CT-01', '2025-Q1', 7.3, 'preliminary', '2025-04-10T03:00:00Z'),
      val('CT-01', '2025-Q1', 7.1, 'estimated', '2025-05-10T03:00:00Z'),
      val('CT-01', '2024-q4', 7.2, 'official', '2025-01-20T03:00:00Z'),
    ]);
    expect(m.get('2025-Q3')?.value).toBe(8.0);
    expect(m.get('2025-Q2')?.value).toBe(7.7);
    expect(m.get('2025-Q1')?.value).toBe(7.3);
    expect(m.get('2024-Q4')?.value).toBe(7.2); // keyed by the canonical period id
  });

  it('compares receivedAt as instants, not as text', () => {
    const m = latestByPeriod([
      val('CT-01', '2025-Q3', 1, 'estimated', '2025-10-20T10:00:00+07:00'), // 03:00Z
      val('CT-01', '2025-Q3', 2, 'estimated', '2025-10-20T02:00:00Z'),
    ]);
    expect(m.get('2025-Q3')?.value).toBe(1);
  });
});

describe('assess: hand-checked examples', () => {
  it('CT-01 rate: 7.35, 7.8, 8.1 in Q1-Q3 2025 needs 10.75% in Q4, beyond the best quarter of 9.0% → infeasible, red', () => {
    const values = series('CT-01', [
      ['2025-Q1', 7.35],
      ['2025-Q2', 7.8],
      ['2025-Q3', 8.1],
    ]);
    const history = series('CT-01', [
      ['2022-Q3', 9.0],
      ['2024-Q1', 5.9],
      ['2024-Q2', 6.2],
      ['2024-Q3', 6.6],
      ['2024-Q4', 7.2],
    ]);
    const a = assess(CT01, values, { history });
    // The year's result ≈ mean of the 4 quarterly rates, so the 4 quarters must sum to 4 × 8.5 = 34.
    // Sum so far: 7.35 + 7.8 + 8.1 = 23.25. Needed in the one remaining quarter: 34 - 23.25 = 10.75.
    // Best quarter on record: max(9.0, 5.9, 6.2, 6.6, 7.2, 7.35, 7.8, 8.1, baseline 6.52) = 9.0 < 10.75 → infeasible.
    // Gap: 8.1 - 8.5 = -0.4; on its own amber (a % indicator: 0.4 ≥ 0.2 point, < 1 point), red by infeasibility.
    expect(a).toMatchObject({
      indicatorId: 'CT-01',
      period: '2025-Q3',
      year: 2025,
      actual: 8.1,
      planned: 8.5,
      target: 8.5,
      gap: -0.4,
      ahead: false,
      needed: 10.75,
      remainingPeriods: 1,
      bestOnRecord: 9,
      infeasible: true,
      status: 'red',
    });
    expect(a.reason.vi).toContain('Quý III/2025');
    expect(a.reason.vi).toContain('8,1%');
    expect(a.reason.vi).toContain('10,75%');
    expect(a.reason.vi).toContain('(9%)');
    expect(a.reason.vi).toMatch(/khó đạt/);
    expect(a.reason.en).toContain('Q3 2025');
    expect(a.reason.en).toContain('8.1%');
    expect(a.reason.en).toContain('10.75%');
    expect(a.reason.en).toMatch(/out of reach/);
  });

  it('CT-01 rate: with a best quarter of 11% on record the same figures are only amber', () => {
    const values = series('CT-01', [
      ['2025-Q1', 7.35],
      ['2025-Q2', 7.8],
      ['2025-Q3', 8.1],
    ]);
    const a = assess(CT01, values, { history: series('CT-01', [['2019-Q4', 11]]) });
    // needed 10.75 ≤ 11 → feasible; status from the gap: 0.4 point behind, 0.2 ≤ 0.4 < 1 → amber.
    expect(a).toMatchObject({ needed: 10.75, bestOnRecord: 11, infeasible: false, status: 'amber' });
    expect(a.reason.en).toMatch(/within the best on record \(11%\)/);
  });

  // Was Q4 10% (year 8.3125%, 0.1875 behind): amber as 2% of 8.5 = 0.17, green in percentage points
  // (0.1875 < 0.2). Q4 9.5% keeps the case: a year that misses by more than the amber threshold.
  it('CT-01 rate, year over: Q4 9.5% is ahead of plan but the year averages 8.1875% < 8.5% → amber, no needed', () => {
    const values = series('CT-01', [
      ['2025-Q1', 7.35],
      ['2025-Q2', 7.8],
      ['2025-Q3', 8.1],
      ['2025-Q4', 9.5],
    ]);
    const a = assess(CT01, values, {});
    // Q4: 9.5 vs 8.5 → ahead, green on its own. Year (no weights in the plan: equal):
    // (7.35 + 7.8 + 8.1 + 9.5)/4 = 32.75/4 = 8.1875; shortfall 8.5 - 8.1875 = 0.3125 point ≥ 0.2, < 1 → amber.
    expect(a).toMatchObject({ period: '2025-Q4', ahead: true, remainingPeriods: 0, infeasible: false, growthSoFar: 8.1875, status: 'amber' });
    expect(a.needed).toBeUndefined();
    expect(a.reason.vi).toMatch(/cả năm tăng 8,19% \(trọng số các kỳ bằng nhau\), không đạt chỉ tiêu 8,5%/);
    expect(a.reason.en).toMatch(/up 8\.19%.*missed/);
  });

  it('a path (planned per quarter) makes Q2 green where the flat target makes it amber', () => {
    const values = series('CT-01', [
      ['2025-Q1', 7.35],
      ['2025-Q2', 7.8],
    ]);
    const history = series('CT-01', [['2022-Q3', 9.6]]);
    // Path: 7.2 + 7.9 + 8.6 + 10.3 = 34 = 4 × 8.5, so it reaches the yearly target.
    const path = [
      { period: '2025-Q1', value: 7.2 },
      { period: '2025-Q2', value: 7.9 },
      { period: '2025-Q3', value: 8.6 },
      { period: '2025-Q4', value: 10.3 },
    ];
    const withPath = assess(CT01, values, { history, path });
    const flat = assess(CT01, values, { history });
    // needed either way: (34 - (7.35 + 7.8))/2 = (34 - 15.15)/2 = 9.425 ≤ best 9.6 → feasible.
    // Path: planned 7.9, shortfall 0.1 point < 0.2 → green.
    // Flat: planned 8.5, shortfall 0.7 point ≥ 0.2 and < 1 → amber.
    expect(withPath).toMatchObject({ planned: 7.9, gap: -0.1, needed: 9.425, infeasible: false, status: 'green' });
    expect(flat).toMatchObject({ planned: 8.5, gap: -0.7, needed: 9.425, infeasible: false, status: 'amber' });
  });

  it('CT-04 cumulative: 225 by Q2 against 470 for the year → 122.5 a quarter needed, within the best 126.6 → amber', () => {
    const values = series('CT-04', [
      ['2025-Q1', 105],
      ['2025-Q2', 225],
    ]);
    const history = series('CT-04', [
      ['2024-Q1', 95],
      ['2024-Q2', 200],
      ['2024-Q3', 290],
      ['2024-Q4', 416.6],
    ]);
    const a = assess(CT04, values, { history });
    // planned(Q2) = 470 × 2/4 = 235; gap = 225 - 235 = -10; 10 ≥ 0.02×235 = 4.7 and < 23.5 → amber.
    // needed = (470 - 225)/2 = 122.5 per quarter.
    // Increments on record: 2024: 95, 105, 90, 126.6; 2025: 105, 120 → best 126.6 ≥ 122.5 → feasible.
    expect(a).toMatchObject({
      period: '2025-Q2',
      actual: 225,
      planned: 235,
      gap: -10,
      needed: 122.5,
      remainingPeriods: 2,
      bestOnRecord: 126.6,
      infeasible: false,
      status: 'amber',
    });
    expect(a.reason.vi).toContain('225 nghìn tỷ đồng');
    expect(a.reason.vi).toContain('cần thêm 122,5 nghìn tỷ đồng mỗi quý trong 2 quý còn lại');
    expect(a.reason.en).toContain('122.5 nghìn tỷ đồng more a quarter is needed over the remaining 2 quarters');
  });

  it("CT-04 cumulative without history: the best is this year's 120 (baseline 416.6/4 = 104.15 is lower) → infeasible", () => {
    const a = assess(
      CT04,
      series('CT-04', [
        ['2025-Q1', 105],
        ['2025-Q2', 225],
      ]),
      {},
    );
    // Increments: 105, 225 - 105 = 120; no 2024 figures so the baseline adds 416.6/4 = 104.15. Best 120 < 122.5.
    expect(a).toMatchObject({ needed: 122.5, bestOnRecord: 120, infeasible: true, status: 'red' });
  });

  it('poverty rate (level, down): 0.58% in H1 2025 against a line from 0.65% to 0.45% → amber, −0.13 needed is feasible', () => {
    const history = series('CT-31', [
      ['2023-H2', 0.9],
      ['2024-H1', 0.8],
      ['2024-H2', 0.65],
    ]);
    const a = assess(POVERTY, series('CT-31', [['2025-H1', 0.58]]), { history });
    // Start: 2024-H2 = 0.65. planned(H1) = 0.65 + (0.45 - 0.65) × 1/2 = 0.55.
    // gap = 0.58 - 0.55 = +0.03 (worse: lower is better); 0.03 ≥ 0.02 point, < 0.05 point → amber.
    // needed = (0.45 - 0.58)/1 = -0.13 per half-year.
    // Changes on record: 0.9→0.8 = -0.10, 0.8→0.65 = -0.15, 0.65→0.58 = -0.07 → best -0.15; -0.13 is within it.
    expect(a).toMatchObject({
      planned: 0.55,
      gap: 0.03,
      ahead: false,
      needed: -0.13,
      remainingPeriods: 1,
      bestOnRecord: -0.15,
      infeasible: false,
      status: 'amber',
    });
    expect(a.reason.vi).toContain('0,58%');
    expect(a.reason.vi).toContain('cần giảm 0,13 điểm phần trăm mỗi nửa năm trong 1 nửa năm còn lại');
    expect(a.reason.en).toContain('a fall of 0.13 percentage points a half-year is needed');
  });

  it('poverty rate (level, down): 0.62% needs a fall of 0.17, more than ever achieved (0.15) → infeasible, red', () => {
    const history = series('CT-31', [
      ['2023-H2', 0.9],
      ['2024-H1', 0.8],
      ['2024-H2', 0.65],
    ]);
    const a = assess(POVERTY, series('CT-31', [['2025-H1', 0.62]]), { history });
    // gap = 0.62 - 0.55 = 0.07 ≥ 0.05 point → red anyway; needed = 0.45 - 0.62 = -0.17 < -0.15 → infeasible.
    expect(a).toMatchObject({ gap: 0.07, needed: -0.17, bestOnRecord: -0.15, infeasible: true, status: 'red' });
  });

  it('poverty rate without history: the baseline counts as the level at the end of 2024', () => {
    const a = assess(POVERTY, series('CT-31', [['2025-H1', 0.54]]), {});
    // Start = baseline 0.65 (2024); planned 0.55; 0.54 ≤ 0.55 → ahead, green.
    // needed = 0.45 - 0.54 = -0.09; changes: 0.65 → 0.54 = -0.11 → feasible.
    expect(a).toMatchObject({ planned: 0.55, gap: -0.01, ahead: true, needed: -0.09, bestOnRecord: -0.11, infeasible: false, status: 'green' });
  });

  it('CT-02 yearly level: 6,600 against 6,800 → amber, nothing needed (no period remains)', () => {
    const a = assess(CT02, series('CT-02', [['2025', 6600]]), {});
    // planned = target 6800 (the line from 6200 reaches T at year end); gap = -200;
    // 200 ≥ 0.02×6800 = 136 and < 680 → amber.
    expect(a).toMatchObject({ period: '2025', actual: 6600, planned: 6800, target: 6800, gap: -200, remainingPeriods: 0, infeasible: false, status: 'amber' });
    expect(a.needed).toBeUndefined();
    expect(a.reason.vi).toContain('Năm 2025: thực hiện 6.600 USD/người so với kế hoạch 6.800 USD/người');
    expect(a.reason.en).toContain('2025: actual 6,600 USD/người against planned 6,800 USD/người');
  });

  it('is unknown without figures for the year, and without a target', () => {
    expect(assess(CT01, [], { year: 2025 })).toMatchObject({ status: 'unknown', infeasible: false, year: 2025, reason: { vi: 'Chưa có số liệu năm 2025.' } });
    expect(assess(CT01, series('CT-01', [['2024-Q4', 7]]), { year: 2025 }).status).toBe('unknown');
    const noTarget = assess(CT01, series('CT-01', [['2031-Q1', 9]]), {});
    expect(noTarget).toMatchObject({ year: 2031, actual: 9, status: 'unknown' });
  });

  it('defaults to the latest year with a value and ignores other indicators and period kinds', () => {
    const values = [
      ...series('CT-01', [
        ['2025-Q4', 9],
        ['2026-Q1', 11.2],
      ]),
      val('CT-02', '2026-Q2', 1),
      val('CT-01', '2026-05', 1),
    ];
    expect(assess(CT01, values, {})).toMatchObject({ year: 2026, period: '2026-Q1', actual: 11.2, planned: 11, status: 'green' });
  });

  it('uses the official figure over a later estimate', () => {
    const values = [val('CT-01', '2025-Q1', 8.6, 'official', '2025-04-20T00:00:00Z'), val('CT-01', '2025-Q1', 7.0, 'estimated', '2025-05-01T00:00:00Z')];
    expect(assess(CT01, values, {}).actual).toBe(8.6);
  });
});

describe('assess: as the statistics office computes it', () => {
  // Previous-year quarterly GRDP levels (any unit): Q1 230, Q2 240, Q3 250, Q4 280, a year of 1000,
  // so the quarters weigh 23%, 24%, 25% and 28%.
  const LEVELS = [230, 240, 250, 280];
  const WEIGHTED = { ...CT01, weights: LEVELS };
  const q123 = () =>
    series('CT-01', [
      ['2025-Q1', 7.35],
      ['2025-Q2', 7.8],
      ['2025-Q3', 8.1],
    ]);

  it('weights the quarters by the previous year: Q4 needs about 10.4% for an 8.5% year, not 10.75%', () => {
    const a = assess({ ...WEIGHTED, ceiling: 12 }, q123(), {});
    // Year growth = (230·g1 + 240·g2 + 250·g3 + 280·g4) / 1000.
    // Done: 230 × 7.35 + 240 × 7.8 + 250 × 8.1 = 1690.5 + 1872 + 2025 = 5587.5.
    // Needed Q4: (8.5 × 1000 − 5587.5) / 280 = 2912.5 / 280 = 10.40178...
    // Nine months: 5587.5 / 720 = 7.76041...
    expect(a.needed).toBeCloseTo(10.40179, 4);
    expect(a.growthSoFar).toBeCloseTo(7.76042, 4);
    // Within the ceiling of 12; 0.4 point below the target: amber.
    expect(a).toMatchObject({ remainingPeriods: 1, ceiling: 12, infeasible: false, status: 'amber' });
    expect(a.reason.vi).toBe(
      'Quý III/2025: tăng 8,1% so với kế hoạch 8,5% (chỉ tiêu năm 2025: 8,5%), thấp hơn kế hoạch 0,4 điểm phần trăm; ' +
        'cần tăng bình quân 10,4% mỗi quý trong 1 quý còn lại (trọng số theo quy mô từng kỳ năm trước), ' +
        'trong mức trần khả thi kế hoạch đặt cho chỉ tiêu này (12% mỗi quý).',
    );
    expect(a.reason.en).toContain("growth of 10.4% a quarter is needed over the remaining 1 quarter (periods weighted by the previous year's levels)");
    // The same figures with equal weights: (4 × 8.5 − 23.25) / 1 = 10.75.
    expect(assess({ ...CT01, ceiling: 12 }, q123(), {}).needed).toBe(10.75);
  });

  it('weights a year that is over: the year grows by the weighted mean of its quarters', () => {
    const a = assess(WEIGHTED, [...q123(), val('CT-01', '2025-Q4', 9.5)], {});
    // (5587.5 + 280 × 9.5) / 1000 = (5587.5 + 2660) / 1000 = 8.2475; 8.5 − 8.2475 = 0.2525 point ≥ 0.2 → amber.
    expect(a.growthSoFar).toBeCloseTo(8.2475, 6);
    expect(a).toMatchObject({ remainingPeriods: 0, status: 'amber' });
    expect(a.reason.vi).toContain('cả năm tăng 8,25% (trọng số theo quy mô từng kỳ năm trước), không đạt chỉ tiêu 8,5%');
  });

  it('an 11% target with a stated ceiling of 12% is not red in Q1 2026 when the growth needed is under it', () => {
    const history = [...q123(), val('CT-01', '2025-Q4', 9.5)];
    const q1 = [val('CT-01', '2026-Q1', 10.5)];
    // Needed: (11 × 1000 − 230 × 10.5) / (240 + 250 + 280) = (11000 − 2415) / 770 = 8585 / 770 = 11.1493... ≤ 12.
    // Gap 10.5 − 11 = −0.5 point: ≥ 0.2, < 1 → amber.
    const a = assess({ ...WEIGHTED, ceiling: 12 }, q1, { history });
    expect(a.needed).toBeCloseTo(11.1494, 4);
    expect(a).toMatchObject({ year: 2026, ceiling: 12, bestOnRecord: 10.5, infeasible: false, status: 'amber' });
    expect(a.reason.vi).toContain('trong mức trần khả thi kế hoạch đặt cho chỉ tiêu này (12% mỗi quý)');
    expect(a.reason.en).toContain('within the plausible ceiling the plan sets for this indicator (12% a quarter)');
    // Without a ceiling the best quarter on record (10.5) is the bound, and 11.15 is beyond it: red.
    expect(assess(WEIGHTED, q1, { history })).toMatchObject({ infeasible: true, status: 'red' });
  });

  it('names the ceiling when the growth needed is beyond it', () => {
    const a = assess({ ...WEIGHTED, ceiling: 12 }, [val('CT-01', '2026-Q1', 6.2)], {});
    // (11000 − 230 × 6.2) / 770 = (11000 − 1426) / 770 = 9574 / 770 = 12.4337... > 12 → infeasible, red.
    expect(a.needed).toBeCloseTo(12.4338, 4);
    expect(a).toMatchObject({ infeasible: true, status: 'red' });
    expect(a.reason.vi).toContain('vượt mức trần khả thi kế hoạch đặt cho chỉ tiêu này (12% mỗi quý) nên khó đạt chỉ tiêu');
    expect(a.reason.en).toContain('beyond the plausible ceiling the plan sets for this indicator (12% a quarter), so the target is out of reach');
  });

  it('a ceiling on a level is the largest change a period in the good direction', () => {
    const history = series('CT-31', [
      ['2023-H2', 0.9],
      ['2024-H1', 0.8],
      ['2024-H2', 0.65],
    ]);
    // 0.58 in H1 needs 0.45 − 0.58 = −0.13; the record has a fall of 0.15 (feasible on it),
    // but the plan allows at most a fall of 0.1 a half-year: −0.13 is beyond −0.1 → infeasible.
    const a = assess({ ...POVERTY, ceiling: 0.1 }, series('CT-31', [['2025-H1', 0.58]]), { history });
    expect(a).toMatchObject({ needed: -0.13, bestOnRecord: -0.15, ceiling: -0.1, infeasible: true, status: 'red' });
    expect(a.reason.vi).toContain('cần giảm 0,13 điểm phần trăm mỗi nửa năm');
    expect(a.reason.vi).toContain('vượt mức trần khả thi kế hoạch đặt cho chỉ tiêu này (giảm 0,1 điểm phần trăm mỗi nửa năm)');
  });

  it('a coverage of 99.5% against 100% is amber: percentage indicators are judged in percentage points', () => {
    const COVERAGE = def({
      id: 'CT-27',
      kind: 'level',
      frequency: 'yearly',
      baseline: { period: '2024', value: 99.5 },
      targets: [{ period: '2025', value: 100 }],
    });
    // Shortfall 100 − 99.5 = 0.5 point ≥ 0.2 (default amber for %), < 1 → amber.
    expect(assess(COVERAGE, series('CT-27', [['2025', 99.5]]), {})).toMatchObject({ planned: 100, gap: -0.5, status: 'amber' });
    // As a share of the plan (the old rule) it was green: 0.5 < 2% × 100 = 2.
    expect(assess({ ...COVERAGE, thresholds: { amber: 0.02, red: 0.1, unit: 'relative' } }, series('CT-27', [['2025', 99.5]]), {}).status).toBe('green');
    // 99.9 is 0.1 point short: green.
    expect(assess(COVERAGE, series('CT-27', [['2025', 99.9]]), {}).status).toBe('green');
  });

  it('poverty at 0.08%: thresholds in points, not 2% of the plan (0.0016 point)', () => {
    const P2030 = def({ id: 'CT-31', direction: 'down', kind: 'level', frequency: 'yearly', targets: [{ period: '2030', value: 0.08 }] });
    const points = { ...P2030, thresholds: { amber: 0.02, red: 0.05, unit: 'points' as const } };
    const relative = { ...P2030, thresholds: { amber: 0.02, red: 0.1, unit: 'relative' as const } };
    const at = (v: number) => series('CT-31', [['2030', v]]);
    // 0.085: 0.005 point over. Points: < 0.02 → green. Relative: ≥ 0.02 × 0.08 = 0.0016 → amber.
    expect(assess(points, at(0.085), {}).status).toBe('green');
    expect(assess(relative, at(0.085), {}).status).toBe('amber');
    // 0.11: 0.03 point over → amber (≥ 0.02, < 0.05); relatively it is red (≥ 0.1 × 0.08 = 0.008).
    expect(assess(points, at(0.11), {}).status).toBe('amber');
    expect(assess(relative, at(0.11), {}).status).toBe('red');
    // 0.14: 0.06 point over → red.
    expect(assess(points, at(0.14), {}).status).toBe('red');
  });

  it('a lower-is-better rate states what it needs as a fall', () => {
    const CPI = def({ id: 'CT-08', direction: 'down', frequency: 'quarterly', targets: [{ period: '2025', value: 4 }] });
    const a = assess(
      CPI,
      series('CT-08', [
        ['2025-Q1', 4.5],
        ['2025-Q2', 4.3],
      ]),
      {},
    );
    // (4 × 4 − (4.5 + 4.3)) / 2 = (16 − 8.8) / 2 = 3.6 a quarter; 4.3 is 0.3 point above 4 (amber on its
    // own), but the lowest on record is 4.3 and 3.6 is below it → infeasible, red.
    expect(a).toMatchObject({ needed: 3.6, bestOnRecord: 4.3, infeasible: true, status: 'red' });
    expect(a.reason.vi).toContain('Quý II/2025: tăng 4,3% so với kế hoạch 4%');
    expect(a.reason.vi).toContain('cao hơn kế hoạch 0,3 điểm phần trăm');
    expect(a.reason.vi).toContain('cần tăng bình quân 3,6% mỗi quý');
  });
});

describe('the sample plan and its values', () => {
  const plan = parsePlan(readPlanDir(SAMPLE_PLAN_DIR));
  const ct01 = plan.indicators.find((i) => i.id === 'CT-01')!;
  const records = parseValuesCsv('values.csv', readFileSync(`${SAMPLE_PLAN_DIR}/values.csv`, 'utf8'), plan.indicators, { firstYear: 2025, lastYear: 2030 });
  const values = records.map((r, k) => val(r.indicatorId, r.period, r.value, r.revision, new Date(Date.UTC(2025, 0, 1) + k * 60_000).toISOString()));

  it("CT-01's 2024 quarters agree with its 2024 baseline, weighted as the statistics office weighs them", () => {
    // Weights 23;24;25;28 (shares of the year, %); 2024 quarters 6.0, 6.3, 6.6, 7.05:
    // (23 × 6 + 24 × 6.3 + 25 × 6.6 + 28 × 7.05) / 100 = (138 + 151.2 + 165 + 197.4) / 100 = 6.516 → 6.52 published.
    expect(ct01.weights).toEqual([23, 24, 25, 28]);
    const a = assess(ct01, values, { year: 2024 });
    expect(a.growthSoFar).toBeCloseTo(6.516, 9);
    expect(Number(a.growthSoFar!.toFixed(2))).toBe(ct01.baseline!.value);
    expect(ct01.baseline).toEqual({ period: '2024', value: 6.52 });
  });

  it('CT-01 in Q3 2025: about 10.4% needed in Q4, within the ceiling of 12%, amber', () => {
    // Done: 23 × 7.35 + 24 × 7.8 + 25 × 8.1 = 169.05 + 187.2 + 202.5 = 558.75.
    // Q4: (8.5 × 100 − 558.75) / 28 = 291.25 / 28 = 10.4017857...
    // Planned Q3 on the scenario 8.8; 8.1 is 0.7 point below it: ≥ 0.2, < 1 → amber.
    const a = assess(ct01, values, { year: 2025, ...(ct01.path ? { path: ct01.path } : {}) });
    expect(a.needed).toBeCloseTo(10.4017857, 6);
    expect(a).toMatchObject({ period: '2025-Q3', planned: 8.8, gap: -0.7, ceiling: 12, infeasible: false, status: 'amber' });
    expect(a.reason.vi).toContain('Quý III/2025: tăng 8,1% so với kịch bản 8,8% (chỉ tiêu năm 2025: 8,5%), thấp hơn kịch bản 0,7 điểm phần trăm');
    expect(a.reason.vi).toContain('cần tăng bình quân 10,4% mỗi quý');
    expect(a.reason.en).toContain('0.7 percentage points below the scenario');
  });

  it('GRDP per capita and CPI are led by the Department of Finance with the statistics office co-operating', () => {
    for (const id of ['CT-02', 'CT-08']) expect(plan.indicators.find((i) => i.id === id)).toMatchObject({ agency: 'SO-TC', coAgencies: ['THONG-KE'] });
  });
});

describe('assess: properties', () => {
  const years = [2023, 2024, 2025, 2026];
  const arbDef = fc.record({
    direction: fc.constantFrom('up' as const, 'down' as const),
    kind: fc.constantFrom('rate' as const, 'cumulative' as const, 'level' as const),
    frequency: fc.constantFrom(...FREQUENCIES),
    baseline: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    targets: fc.array(fc.tuple(fc.constantFrom(...years), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 4 }),
    unit: fc.constantFrom('%', 'tỷ USD', ''),
    // Positive weights, any count (a count other than the year's periods is ignored), and any ceiling.
    weights: fc.option(fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }), { nil: undefined }),
    ceiling: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    thresholdUnit: fc.option(fc.constantFrom('points' as const, 'relative' as const), { nil: undefined }),
  });
  const arbValues = (n: number) =>
    fc.array(
      fc.record({
        year: fc.constantFrom(...years),
        slot: fc.nat(11),
        value: fc.double({ noNaN: true, noDefaultInfinity: true }),
        revision: fc.constantFrom(...REVISIONS),
        minute: fc.nat(1000),
      }),
      { maxLength: n },
    );

  it('never throws and always returns a status and a reason', () => {
    fc.assert(
      fc.property(
        arbDef,
        arbValues(12),
        arbValues(8),
        fc.option(fc.constantFrom(...years), { nil: undefined }),
        fc.option(fc.record({ amber: fc.double({ min: 0, max: 1, noNaN: true }), red: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 4 }),
        (d, vs, hs, year, thresholds, pathValues) => {
          const indicator = def({
            id: 'CT-99',
            direction: d.direction,
            kind: d.kind,
            frequency: d.frequency,
            unit: d.unit,
            ...(d.baseline === undefined ? {} : { baseline: { period: '2024', value: d.baseline } }),
            targets: d.targets.map(([y, v]) => ({ period: String(y), value: v })),
            ...(d.weights ? { weights: d.weights } : {}),
            ...(d.ceiling === undefined ? {} : { ceiling: d.ceiling }),
          });
          const kind = FREQUENCY_KIND[d.frequency];
          const toValue = (x: { year: number; slot: number; value: number; revision: Revision; minute: number }) => {
            const periods = periodsInYear(x.year, kind);
            const p = periods[x.slot % periods.length]!;
            return val('CT-99', p.id, x.value, x.revision, new Date(Date.UTC(2025, 0, 1, 0, x.minute)).toISOString());
          };
          const path = pathValues.map((v, i) => ({ period: periodsInYear(2025, kind)[i % periodsInYear(2025, kind).length]!.id, value: v }));
          const a: Assessment = assess(indicator, vs.map(toValue), {
            history: hs.map(toValue),
            ...(year ? { year } : {}),
            ...(thresholds ? { thresholds: { ...thresholds, ...(d.thresholdUnit ? { unit: d.thresholdUnit } : {}) } } : {}),
            path,
          });
          expect(['green', 'amber', 'red', 'unknown']).toContain(a.status);
          expect(a.reason.vi.length).toBeGreaterThan(0);
          expect(a.reason.en.length).toBeGreaterThan(0);
          if (a.status === 'unknown') expect(a.infeasible).toBe(false);
          if (a.infeasible) expect(a.status).toBe('red');
          if (a.actual === undefined) expect(a.status).toBe('unknown');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('alertConditions', () => {
  const a = (status: Assessment['status'], infeasible = false): Assessment => ({
    indicatorId: 'CT-01',
    year: 2025,
    status,
    infeasible,
    reason: { vi: '', en: '' },
  });
  it.each([
    ['green', 'amber', ['worsened']],
    ['amber', 'red', ['worsened']],
    ['green', 'red', ['worsened']],
    ['red', 'amber', []],
    ['amber', 'green', []],
    ['amber', 'amber', []],
    ['unknown', 'red', ['worsened']], // a first red figure is news
    ['red', 'unknown', []],
  ] as const)('%s → %s: %j', (from, to, expected) => {
    expect(alertConditions(a(from), a(to))).toEqual(expected);
  });

  it('alerts when an assessment becomes infeasible, once', () => {
    expect(alertConditions(a('amber'), a('red', true))).toEqual(['worsened', 'infeasible']);
    expect(alertConditions(a('red'), a('red', true))).toEqual(['infeasible']);
    expect(alertConditions(a('red', true), a('red', true))).toEqual([]);
    expect(alertConditions(undefined, a('red', true))).toEqual(['worsened', 'infeasible']);
    expect(alertConditions(undefined, a('red'))).toEqual(['worsened']);
    expect(alertConditions(undefined, a('green'))).toEqual([]);
  });
});

describe('missingPeriods', () => {
  const from = '2025-08-25'; // the programme was signed on 25/8/2025

  it('flags a quarter only once its cut-off (20 days after the quarter) has passed', () => {
    // Q3 2025 ends 30/09; cut-off 30/09 + 20 days = 20/10. Q2 ended before the programme started.
    expect(DEFAULT_CUTOFFS.quarterly).toBe(20);
    expect(missingPeriods(CT01, [], '2025-10-20', from)).toEqual([]);
    expect(missingPeriods(CT01, [], '2025-10-21', from)).toEqual([{ period: '2025-Q3', cutoff: '2025-10-20' }]);
    expect(missingPeriods(CT01, [val('CT-01', '2025-Q3', 8.1, 'estimated')], '2025-10-21', from)).toEqual([]);
    expect(missingPeriods(CT01, [val('CT-04', '2025-Q3', 8.1)], '2025-10-21', from)).toHaveLength(1);
    // Q4 ends 31/12; cut-off 20/01/2026.
    expect(missingPeriods(CT01, [], '2026-01-21', from)).toEqual([
      { period: '2025-Q3', cutoff: '2025-10-20' },
      { period: '2025-Q4', cutoff: '2026-01-20' },
    ]);
  });

  it('returns at most the last few periods', () => {
    const monthly = def({ id: 'CT-03', kind: 'cumulative', frequency: 'monthly' });
    // From 1/1/2025 on 1/1/2026: months 1-11 are past their cut-off (Nov: 30/11 + 12 = 12/12); December's is 12/01/2026.
    const missing = missingPeriods(monthly, [], '2026-01-01', '2025-01-01');
    expect(missing.map((m) => m.period)).toEqual(['2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11']);
    expect(missing.at(-1)?.cutoff).toBe('2025-12-12');
    expect(missingPeriods(monthly, [], '2026-01-01', '2025-01-01', DEFAULT_CUTOFFS, 20)).toHaveLength(11);
  });

  it('handles yearly indicators: 31/12 + 45 days = 14/02', () => {
    expect(missingPeriods(CT02, [], '2026-02-14', from)).toEqual([]);
    expect(missingPeriods(CT02, [], '2026-02-15', from)).toEqual([{ period: '2025', cutoff: '2026-02-14' }]);
  });
});

describe('replay: the state and alerts depend on the values, not the order they were processed in', () => {
  const v = (period: string, value: number, at: string, revision: Revision = 'official'): IndicatorValue => ({
    indicatorId: 'CT-01',
    period,
    value,
    revision,
    source: 's',
    reportedBy: { sub: 'u', role: 'statistics' },
    receivedAt: at,
  });
  const values = [
    v('2025-Q1', 7.35, '2025-04-20T03:00:00.000Z', 'estimated'),
    v('2025-Q1', 7.4, '2025-05-10T03:00:00.000Z'),
    v('2025-Q2', 9.6, '2025-07-20T03:00:00.000Z'),
    v('2025-Q3', 6.1, '2025-10-20T03:00:00.000Z'),
    v('2025-Q4', 9.9, '2026-01-20T03:00:00.000Z'),
  ];

  it('alerts once per change, in reporting order, and records the colour before the last change', () => {
    const r = replay(CT01, values);
    expect(r.final?.period).toBe('2025-Q4');
    expect(r.alerts.map((a) => `${a.assessment.period} ${a.condition}`)).toContain('2025-Q1 worsened');
    if (r.previousStatus) expect(r.statusChangedAt).toBeDefined();
  });

  it('gives the same result for any processing order, with or without duplicates (property)', () => {
    const expected = replay(CT01, values);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
        fc.array(fc.integer({ min: 0, max: values.length - 1 }), { maxLength: 3 }),
        (order, dups) => {
          expect(replay(CT01, [...order, ...dups.map((i) => values[i]!)])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
