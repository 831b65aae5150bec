import { renderMessage } from '../../../src/reconcile/messages';
import { rule } from '../../../src/reconcile/cross/carry-over';
import { context, makeCleaned } from './cleaned-fixture';

const carried = (row: 'carriedIn' | 'carriedForward', naturalPerson: number | null, total: number | null) => ({
  [`applications.${row}.naturalPerson`]: naturalPerson,
  [`applications.${row}.total`]: total,
});

const last = (values: Record<string, number | null>) =>
  makeCleaned('2019', { agency: '甲局', year: 2020, file: '甲局_2020.xlsx', values });
const now = (values: Record<string, number | null>, agency = '甲局') =>
  makeCleaned('2021', { agency, year: 2021, file: `${agency}_2021.xlsx`, values });

describe('X.carry-over', () => {
  it('accepts consecutive years that agree, column by column', () => {
    const reports = [last(carried('carriedForward', 2, 2)), now(carried('carriedIn', 2, 2))];
    expect(rule.check(context(reports))).toEqual([]);
  });

  it('reports a column that disagrees, on this year\'s file, naming both files', () => {
    const reports = [now(carried('carriedIn', 1, 2)), last(carried('carriedForward', 2, 2))];
    const [finding, ...rest] = rule.check(context(reports));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'X.carry-over', severity: 'error', sheet: null, cells: [],
      expected: 2, actual: 1, difference: -1,
      file: '甲局_2021.xlsx', agency: '甲局', year: 2021,
      fields: ['applications.carriedIn.naturalPerson', 'applications.carriedForward.naturalPerson'],
    });
    expect(renderMessage(finding)).toBe('三、收到和处理政府信息公开申请 自然人 列：2021 年报告(甲局_2021.xlsx)的'
      + '二、上年结转政府信息公开申请数量应等于 2020 年报告(甲局_2020.xlsx)的四、结转下年度继续办理 2，实为 1，相差 -1');
  });

  it('keys a finding by agency, years and fields: not by the files\' names or the values', () => {
    const key = (reports: ReturnType<typeof now>[]) => rule.check(context(reports)).map((f) => f.key);
    const [first] = key([now(carried('carriedIn', 1, 2)), last(carried('carriedForward', 2, 2))]);
    const renamed = makeCleaned('2021', { agency: '甲局', year: 2021, file: 'inbox/甲局_2021_修订.xlsx', values: carried('carriedIn', 5, 6) });
    expect(key([renamed, last(carried('carriedForward', 2, 6))])).toEqual([first]);
    expect(key([now(carried('carriedIn', 1, 2), '乙局'), makeCleaned('2019', { agency: '乙局', year: 2020, values: carried('carriedForward', 2, 2) })]))
      .not.toEqual([first]);
  });

  it('skips a column unknown on either side', () => {
    expect(rule.check(context([last(carried('carriedForward', null, 2)), now(carried('carriedIn', 1, 2))]))).toEqual([]);
    expect(rule.check(context([last(carried('carriedForward', 2, 2)), now(carried('carriedIn', null, 2))]))).toEqual([]);
  });

  it('compares only the same agency in consecutive years', () => {
    const other = now(carried('carriedIn', 5, 5), '乙局');
    const twoYearsLater = makeCleaned('2021', { agency: '甲局', year: 2022, values: carried('carriedIn', 5, 5) });
    expect(rule.check(context([last(carried('carriedForward', 2, 2)), other, twoYearsLater]))).toEqual([]);
  });

  it('pairs an alias with its canonical name', () => {
    const agencies = { agencies: [{ name: '甲局', aliases: ['甲'] }] };
    const findings = rule.check(context([last(carried('carriedForward', 2, 2)), now(carried('carriedIn', 2, 3), '甲')], agencies));
    expect(findings.map((f) => [f.agency, f.expected, f.actual])).toEqual([['甲局', 2, 3]]);
  });
});
