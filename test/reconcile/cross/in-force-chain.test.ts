import { renderMessage } from '../../../src/reconcile/messages';
import { rule } from '../../../src/reconcile/cross/in-force-chain';
import { context, makeCleaned } from './cleaned-fixture';

const row = 'proactive.normativeDocs';
const docs = (issued: number, repealed: number, inForce: number | null) =>
  ({ [`${row}.issued`]: issued, [`${row}.repealed`]: repealed, [`${row}.inForce`]: inForce });
const report = (year: number, values: Record<string, number | null>, edition: '2019' | '2021' = '2021') =>
  makeCleaned(edition, { agency: '乙局', year, values });

describe('X.in-force-chain', () => {
  it('accepts 现行有效件数 = last year\'s + 本年制发件数 - 本年废止件数', () => {
    expect(rule.check(context([report(2021, docs(0, 0, 10)), report(2022, docs(3, 1, 12))]))).toEqual([]);
  });

  it('warns where the chain breaks, on this year\'s file', () => {
    const [finding, ...rest] = rule.check(context([report(2021, docs(0, 0, 10)), report(2022, docs(3, 1, 11))]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'X.in-force-chain', severity: 'warning', cells: [], expected: 12, actual: 11, difference: -1,
      file: '乙局_2022.xlsx', year: 2022,
    });
    expect(renderMessage(finding)).toBe('二、主动公开政府信息 第二十条第(一)项 行政规范性文件：2022 年报告(乙局_2022.xlsx)的'
      + '现行有效件数应等于 2021 年报告(乙局_2021.xlsx)的现行有效件数 10 + 本报告的本年制发件数 3 - 本年废止件数 1 = 12，'
      + '实为 11，相差 -1（文件修订可能造成差异，请核实）');
  });

  it('needs both years in the 2021 edition, and known numbers', () => {
    expect(rule.check(context([report(2020, {}, '2019'), report(2021, docs(3, 0, 1))]))).toEqual([]);
    expect(rule.check(context([report(2021, docs(0, 0, null)), report(2022, docs(3, 1, 11))]))).toEqual([]);
  });
});
