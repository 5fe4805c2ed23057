import { describe, expect, it } from 'vitest';
import { SAMPLE_PLAN_DIR } from '../../infra/emulator/config';
import { ValidationError } from '../../shared/domain/errors';
import { readPlanDir } from '../../shared/io/plan-files';
import { PlanImportError, parsePlan, type ImportIssue } from '../../shared/io/plan-import';
import { parseValuesCsv } from '../../shared/io/values-csv';
import { pastPeriodBound, validateValue } from '../../shared/domain/values';

const defs = parsePlan(readPlanDir(SAMPLE_PLAN_DIR)).indicators;
const years = { firstYear: 2025, lastYear: 2030 };
const HEADER = 'indicator,period,value,unit,revision,source';

function issuesOf(text: string, file = 'values.csv'): ImportIssue[] {
  try {
    parseValuesCsv(file, text, defs, years);
  } catch (e) {
    if (e instanceof PlanImportError) return e.issues;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const at = (issues: ImportIssue[], line: number) => issues.filter((i) => i.line === line).map((i) => i.field);

describe('parseValuesCsv', () => {
  it('reads figures in canonical form, accepting Vietnamese and English revision words', () => {
    const csv = [
      HEADER,
      'CT-01,2025-Q3,8.1,%,ước tính,Cục Thống kê Hà Nội',
      'CT-01,2025-q2,7.8,%,Official,Báo cáo 123/BC-UBND',
      'CT-03,2025-09,420.5,nghìn tỷ đồng,sơ bộ,Sở Tài chính',
      'CT-02,2024,6200,USD/người,chính thức,Niên giám thống kê 2024', // the baseline year is allowed
      `CT-31,2025,0.5,${'%'.normalize('NFD')},preliminary,"Sở Nông nghiệp, Môi trường"`,
      `CT-20,2025,2.7,${' m²/người '.normalize('NFD')},estimated,Sở Xây dựng`,
      '',
    ].join('\r\n');
    expect(parseValuesCsv('values.csv', csv, defs, years)).toEqual([
      { indicatorId: 'CT-01', period: '2025-Q3', value: 8.1, revision: 'estimated', source: 'Cục Thống kê Hà Nội' },
      { indicatorId: 'CT-01', period: '2025-Q2', value: 7.8, revision: 'official', source: 'Báo cáo 123/BC-UBND' },
      { indicatorId: 'CT-03', period: '2025-09', value: 420.5, revision: 'preliminary', source: 'Sở Tài chính' },
      { indicatorId: 'CT-02', period: '2024', value: 6200, revision: 'official', source: 'Niên giám thống kê 2024' },
      { indicatorId: 'CT-31', period: '2025', value: 0.5, revision: 'preliminary', source: 'Sở Nông nghiệp, Môi trường' },
      { indicatorId: 'CT-20', period: '2025', value: 2.7, revision: 'estimated', source: 'Sở Xây dựng' },
    ]);
  });

  it('names file, line and field for every problem, and accepts nothing when any row is bad', () => {
    const csv = [
      HEADER, //                                                     line 1
      'CT-01,2025-Q3,8.1,%,ước tính,Cục Thống kê', //                 2: good
      'CT-99,2025-Q3,8.1,%,official,x', //                           3: unknown indicator
      'CT-01,2025-09,8.1,%,official,x', //                           4: CT-01 is quarterly
      'CT-01,2025-Q3,"6,1,2",%,official,x', //                       5: two commas
      'CT-03,2025-09,420,tỷ đồng,official,x', //                     6: CT-03 is in nghìn tỷ đồng
      'CT-01,2023-Q4,7,%,official,x', //                             7: before the baseline year 2024
      'CT-01,2025-Q5,7,%,official,x', //                             8: no Q5
      'CT-01,2025-Q2,7.8,%,final,x', //                              9: unknown revision
      'CT-01,2025-Q2,7.8,%,official,  ', //                          10: empty source
      'CT-01,2025-Q3,8.1,%,estimated,Cục Thống kê', //               11: duplicate of line 2
      'CT-01,2025-Q3,8.3,%,ước tính,Sở Tài chính', //                12: conflicts with line 2
      'CT-01,abc,x,%,?,', //                                         13: four problems at once
      'CT-01,2025-Q4,8.1,%', //                                      14: short row
      'CT-01,2031-Q1,11,%,official,x', //                            15: after the programme
      'CT-02,2025,6.800,Usd/người,official,x', //                    16: unit case differs
    ].join('\n');
    const issues = issuesOf(csv);
    expect(issues.every((i) => i.file === 'values.csv')).toBe(true);
    expect(at(issues, 2)).toEqual([]);
    expect(at(issues, 3)).toEqual(['indicator']);
    expect(at(issues, 4)).toEqual(['period']);
    expect(at(issues, 5)).toEqual(['value']);
    expect(at(issues, 6)).toEqual(['unit']);
    expect(at(issues, 7)).toEqual(['period']);
    expect(at(issues, 8)).toEqual(['period']);
    expect(at(issues, 9)).toEqual(['revision']);
    expect(at(issues, 10)).toEqual(['source']);
    expect(at(issues, 11)).toEqual(['(row)']);
    expect(at(issues, 12)).toEqual(['value']);
    expect(at(issues, 13)).toEqual(['period', 'value', 'revision', 'source']);
    expect(at(issues, 14)).toEqual(['(row)']);
    expect(at(issues, 15)).toEqual(['period']);
    expect(at(issues, 16)).toEqual(['unit']);

    const one = (line: number) => issues.find((i) => i.line === line)!;
    expect(one(3).vi).toMatch(/CT-99/);
    expect(one(4).en).toMatch(/quarterly.*2025-Q3/);
    expect(one(4).vi).toMatch(/theo quý/);
    expect(one(5).en).toMatch(/6\.1/);
    expect(one(5).vi).toMatch(/dấu chấm/);
    expect(one(6).en).toMatch(/nghìn tỷ đồng/);
    expect(one(7).en).toMatch(/2024-2030/);
    expect(one(11).en).toMatch(/line 2/);
    expect(one(12).en).toMatch(/line 2/);
  });

  it('says it in the error message as file:line: field', () => {
    try {
      parseValuesCsv('upload.csv', `${HEADER}\nCT-99,2025-Q3,8.1,%,official,x\n`, defs, years);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanImportError);
      expect((e as Error).message).toContain('upload.csv:2: indicator:');
    }
  });

  it('refuses a lone surrogate in a source, naming its line', () => {
    const issues = issuesOf([HEADER, 'CT-01,2025-Q3,6.1,%,official,Báo cáo quý', 'CT-01,2025-Q2,6.0,%,official,Báo cáo \udc00quý'].join('\n'));
    expect(issues).toEqual([expect.objectContaining({ line: 3, field: '(csv)', en: 'Contains malformed Unicode (a lone surrogate).' })]);
  });

  it('checks the header', () => {
    expect(issuesOf('indicator,period,value,revision,source,note\nCT-01,2025-Q3,8.1,official,x,\n')).toEqual([
      expect.objectContaining({ line: 1, field: 'unit' }),
      expect.objectContaining({ line: 1, field: 'note' }),
    ]);
    expect(issuesOf('')).toEqual([expect.objectContaining({ line: 1, field: '(header)' })]);
    expect(issuesOf(`${HEADER}\n`)).toEqual([expect.objectContaining({ field: '(row)' })]);
  });

  it('accepts columns in any order', () => {
    const csv = 'source,revision,unit,value,period,indicator\nCục Thống kê,sơ bộ,%,7.9,2025-Q2,CT-01\n';
    expect(parseValuesCsv('v.csv', csv, defs, years)).toEqual([
      { indicatorId: 'CT-01', period: '2025-Q2', value: 7.9, revision: 'preliminary', source: 'Cục Thống kê' },
    ]);
  });
});

describe('validateValue (the single-value API)', () => {
  const one = (value: number | string) =>
    validateValue({ indicatorId: 'CT-01', period: '2025-Q3', value, revision: 'official', source: 'x' }, defs, years).value;

  it('reads a value written with a decimal comma as the portal does, and with a decimal point', () => {
    expect(one('6,1')).toBe(6.1);
    expect(one(' -0,25 ')).toBe(-0.25);
    expect(one('1.234,5')).toBe(1234.5);
    expect(one('12.345.678,9')).toBe(12345678.9);
    expect(one('6.1')).toBe(6.1);
    expect(one('1.234')).toBe(1.234);
    expect(one('470')).toBe(470);
  });

  it('refuses anything else, saying both ways a number may be written', () => {
    for (const bad of ['1,2,3', '1.23,4', '1 234,5', '6,', ',5', '1e5', 'sáu', '6.1.2']) {
      try {
        one(bad);
        expect.unreachable(bad);
      } catch (e) {
        const [i] = (e as ValidationError).issues;
        expect(i).toMatchObject({ field: 'value' });
        expect(i!.vi).toContain('dấu phẩy thập phân (6,1) hoặc dấu chấm thập phân (6.1)');
        expect(i!.en).toContain('a decimal comma (6,1) or a decimal point (6.1)');
      }
    }
  });

  it('returns the canonical figure; the unit is optional', () => {
    expect(validateValue({ indicatorId: 'CT-01', period: '2025-q3', value: 8.1, revision: 'Sơ bộ', source: ' Cục Thống kê ' }, defs, years)).toEqual({
      indicatorId: 'CT-01',
      period: '2025-Q3',
      value: 8.1,
      revision: 'preliminary',
      source: 'Cục Thống kê',
    });
  });

  it('throws a ValidationError naming every bad field', () => {
    try {
      validateValue({ indicatorId: 'CT-01', period: '2025-09', value: Number.NaN, unit: 'điểm', revision: 'draft', source: '' }, defs, years);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.field)).toEqual(['unit', 'period', 'value', 'revision', 'source']);
    }
    expect(() => validateValue({ indicatorId: 'CT-77', period: '2025', value: 1, revision: 'official', source: 'x' }, defs, years)).toThrow(
      /indicator: No indicator "CT-77"/,
    );
    expect(() => validateValue({ indicatorId: 'CT-01', period: '2025-Q1', value: Infinity, revision: 'official', source: 'x' }, defs, years)).toThrow(
      /value: /,
    );
  });
});

describe('the bound of values one period keeps', () => {
  const v = (period: string, value: number, revision: 'estimated' | 'preliminary' | 'official' = 'estimated') => ({
    indicatorId: 'CT-04',
    period,
    value,
    revision,
  });
  // Twelve different values for 2026-Q1: four estimates, four preliminary, four official figures.
  const twelve = [1, 2, 3, 4].flatMap((n) => [v('2026-Q1', n), v('2026-Q1', n, 'preliminary'), v('2026-Q1', n, 'official')]);

  it('takes a period up to twelve different values', () => {
    expect(pastPeriodBound(twelve.slice(0, 11), v('2026-Q1', 99))).toBe(false);
  });

  it('refuses a thirteenth different value, but never a value already stored', () => {
    expect(pastPeriodBound(twelve, v('2026-Q1', 99))).toBe(true);
    expect(pastPeriodBound(twelve, v('2026-Q1', 5, 'official'))).toBe(true);
    expect(pastPeriodBound(twelve, v('2026-Q1', 3, 'preliminary'))).toBe(false);
  });

  it('counts each period and each indicator apart', () => {
    expect(pastPeriodBound(twelve, v('2026-Q2', 99))).toBe(false);
    expect(pastPeriodBound(twelve, { ...v('2026-Q1', 99), indicatorId: 'CT-05' })).toBe(false);
  });
});
