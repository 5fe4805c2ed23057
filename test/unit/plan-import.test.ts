import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { readPlanDir } from '../../shared/io/plan-files';
import { PlanImportError, parsePlan } from '../../shared/io/plan-import';
import { planToFiles } from '../../shared/io/plan-csv';
import { assignedOnFor, supervisorOf } from '../../shared/domain/plan';

const sample = readPlanDir(SAMPLE_PLAN_DIR);

function issuesOf(files: Record<string, string>) {
  try {
    parsePlan(files);
  } catch (e) {
    if (e instanceof PlanImportError) return e.issues;
    throw e;
  }
  throw new Error('expected the plan to be rejected');
}

describe('the sample plan', () => {
  const plan = parsePlan(sample);
  it('has 4 groups, 62 tasks and 40 indicators with CT-01 as in the programme', () => {
    expect(plan.groups).toHaveLength(4);
    expect(plan.tasks.map((t) => t.id)).toEqual(Array.from({ length: 62 }, (_, i) => `NV-${String(i + 1).padStart(2, '0')}`));
    expect(plan.indicators).toHaveLength(40);
    const ct01 = plan.indicators.find((i) => i.id === 'CT-01')!;
    expect(ct01.targets).toEqual([2025, 2026, 2027, 2028, 2029, 2030].map((y) => ({ period: String(y), value: y === 2025 ? 8.5 : 11 })));
    expect(plan.indicators.filter((i) => i.id !== 'CT-01').every((i) => /minh họa/i.test(i.note))).toBe(true);
  });
  it('has about 20 departments and a dozen wards and communes, each under a vice-chair', () => {
    const kinds = plan.agencies.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'department').length).toBeGreaterThanOrEqual(18);
    expect(kinds.filter((k) => k !== 'department').length).toBe(12);
    for (const a of plan.agencies) expect(supervisorOf(plan.leaders, a.field)?.role).toBe('vice_chair');
  });
});

describe('plan import errors', () => {
  it('names file, line and field for a bad deadline, an unknown agency and a bad number', () => {
    const lines = sample['tasks.csv']!.split('\n');
    const idx = lines.findIndex((l) => l.startsWith('NV-05,'));
    lines[idx] = lines[idx]!.replace(/,[^,]*,[^,]*$/, ',31/2/2026,'); // the deadline column, next to last
    const files = { ...sample, 'tasks.csv': lines.join('\n'), 'indicators.csv': sample['indicators.csv']!.replace(',SO-TC,', ',SO-KHONG-CO,') };
    const issues = issuesOf(files);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'tasks.csv', line: idx + 1, field: 'deadline' }),
        expect.objectContaining({ file: 'indicators.csv', field: 'agency', en: expect.stringContaining('SO-KHONG-CO') }),
      ]),
    );
  });

  it('reads an optional report cut-off day in plan.csv and carries it on every recurring deadline, and only there', () => {
    const [header, row] = sample['plan.csv']!.trim().split('\n');
    const withDay = (day: string) => ({ ...sample, 'plan.csv': `${header},report_cutoff_day\n${row},${day}\n` });
    const plan = parsePlan(withDay('20'));
    expect(plan.meta.reportCutoffDay).toBe(20);
    const recurring = plan.tasks.filter((t) => t.deadline.kind === 'recurring');
    expect(recurring.length).toBeGreaterThan(0);
    expect(recurring.every((t) => t.deadline.kind === 'recurring' && t.deadline.cutoffDay === 20)).toBe(true);
    expect(plan.tasks.filter((t) => t.deadline.kind !== 'recurring').some((t) => 'cutoffDay' in t.deadline)).toBe(false);
    // The office's export writes it back.
    expect(parsePlan(planToFiles(plan)).meta.reportCutoffDay).toBe(20);
    // Empty: the Decree's 14th.
    expect(parsePlan(withDay('')).meta).not.toHaveProperty('reportCutoffDay');
    for (const bad of ['29', '0', '14.5', 'mười'])
      expect(
        issuesOf(withDay(bad)).map((i) => `${i.file}:${i.line}:${i.field}`),
        bad,
      ).toEqual(['plan.csv:2:report_cutoff_day']);
  });

  it('reports a missing file, a missing column and an unknown column', () => {
    const { ['groups.csv']: _g, ...rest } = sample;
    const issues = issuesOf({ ...rest, 'leaders.csv': sample['leaders.csv']!.replace('email', 'mail') });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'groups.csv', field: '(file)' }),
        expect.objectContaining({ file: 'leaders.csv', line: 1, field: 'email' }),
        expect.objectContaining({ file: 'leaders.csv', line: 1, field: 'mail' }),
      ]),
    );
  });

  it('rejects duplicate ids and a lead agency listed as co-operating', () => {
    const tasks = sample['tasks.csv']!.split('\n');
    tasks[2] = tasks[2]!.replace(/^NV-02/, 'NV-01');
    const issues = issuesOf({ ...sample, 'tasks.csv': tasks.join('\n') });
    expect(issues).toContainEqual(expect.objectContaining({ file: 'tasks.csv', line: 3, field: 'id' }));
  });

  it('refuses a lone surrogate (JSON can carry one, a CSV file cannot) instead of storing a replacement character', () => {
    const tasks = sample['tasks.csv']!.split('\n');
    tasks[3] = tasks[3]!.replace('Xây dựng', 'Xây \ud800dựng');
    const issues = issuesOf({ ...sample, 'tasks.csv': tasks.join('\n') });
    expect(issues).toContainEqual(expect.objectContaining({ file: 'tasks.csv', line: 4, en: 'Contains malformed Unicode (a lone surrogate).' }));
  });

  it('accepts a spreadsheet export with a byte-order mark and CRLF line ends', () => {
    const plan = parsePlan({ ...sample, 'tasks.csv': '\uFEFF' + sample['tasks.csv']!.replace(/\n/g, '\r\n') });
    expect(plan.tasks).toHaveLength(62);
  });
});

describe("indicators.csv's optional columns: co-operating agencies, weights, ceiling, threshold unit", () => {
  const header = sample['indicators.csv']!.split('\n')[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  /** The sample with some cells of one indicator's row changed (the row of `id`), and that row's line. */
  function withCells(id: string, cells: Record<string, string>): { files: Record<string, string>; line: number } {
    const lines = sample['indicators.csv']!.split('\n');
    const idx = lines.findIndex((l) => l.startsWith(`${id},`));
    // The sample's indicator rows quote only names with commas; CT-32 and CT-01 have none.
    const row = lines[idx]!.split(',');
    for (const [name, value] of Object.entries(cells)) row[col(name)] = value;
    lines[idx] = row.join(',');
    return { files: { ...sample, 'indicators.csv': lines.join('\n') }, line: idx + 1 };
  }

  it('reads them from the sample', () => {
    const plan = parsePlan(sample);
    const byId = new Map(plan.indicators.map((i) => [i.id, i]));
    expect(byId.get('CT-01')).toMatchObject({ weights: [23, 24, 25, 28], ceiling: 12 });
    expect(byId.get('CT-01')!.coAgencies).toBeUndefined();
    expect(byId.get('CT-02')).toMatchObject({ agency: 'SO-TC', coAgencies: ['THONG-KE'] });
    expect(byId.get('CT-31')!.thresholds).toEqual({ amber: 0.02, red: 0.05, unit: 'points' });
  });

  it('names the line and column of each bad cell, in Vietnamese and English', () => {
    const cases: Array<[string, Record<string, string>, string, RegExp]> = [
      ['CT-01', { weights: '23;24;25' }, 'weights', /4 weights are needed/],
      ['CT-01', { weights: '23;24;25;0' }, 'weights', /positive/],
      ['CT-01', { weights: '23;24;x;28' }, 'weights', /"x" is not a number/],
      ['CT-32', { weights: '1;1;1;1' }, 'weights', /only to a rate/],
      ['CT-32', { ceiling: '-0.1' }, 'ceiling', /positive number/],
      ['CT-32', { threshold_unit: 'percent' }, 'threshold_unit', /use one of: points, relative/],
      ['CT-32', { threshold_red: '' }, 'threshold_red', /Both thresholds/],
      ['CT-32', { threshold_amber: '0.3' }, 'threshold_red', /in points/],
      ['CT-01', { co_agencies: 'THONG-KE;SO-KHONG-CO' }, 'co_agencies', /No agency "SO-KHONG-CO"/],
      ['CT-01', { co_agencies: 'SO-TC' }, 'co_agencies', /lead agency cannot also be/],
    ];
    for (const [id, cells, field, en] of cases) {
      const { files, line } = withCells(id, cells);
      const issues = issuesOf(files);
      expect(issues, JSON.stringify(cells)).toContainEqual(expect.objectContaining({ file: 'indicators.csv', line, field, en: expect.stringMatching(en) }));
      expect(issues.find((i) => i.field === field)!.vi).not.toBe('');
    }
  });

  it('still reads a plan without them', () => {
    const lines = sample['indicators.csv']!.split('\n');
    const keep = header
      .map((_, k) => k)
      .filter((k) => !['co_agencies', 'threshold_amber', 'threshold_red', 'threshold_unit', 'weights', 'ceiling'].includes(header[k]!));
    // No cell the sample uses has a comma in the kept columns but the quoted names; cut from the right.
    const cut = lines.map((l) =>
      l
        ? l
            .split(',')
            .slice(0, l.split(',').length - (header.length - keep.length))
            .join(',')
        : l,
    );
    const plan = parsePlan({ ...sample, 'indicators.csv': cut.join('\n') });
    expect(plan.indicators.find((i) => i.id === 'CT-01')).not.toHaveProperty('weights');
  });
});

describe('when tasks count as assigned', () => {
  const plan = parsePlan(sample);
  it('is the programme date of issue, or the import date if that is earlier', () => {
    expect(assignedOnFor(plan, '2026-11-29')).toBe('2025-08-25');
    expect(assignedOnFor(plan, '2025-08-01')).toBe('2025-08-01');
    expect(assignedOnFor({ ...plan, meta: { ...plan.meta, issuedOn: 'không rõ' } }, '2026-01-05')).toBe('2026-01-05');
  });
});
