import { renderMessage } from '../../../src/reconcile/messages';
import { rule } from '../../../src/reconcile/cross/items-chain';
import { context, makeCleaned } from './cleaned-fixture';

const report = (year: number, values: Record<string, number | null>, edition: '2019' | '2021' = '2019') =>
  makeCleaned(edition, { agency: '甲局', year, values });

describe('X.items-chain', () => {
  it('accepts this year\'s 上一年项目数量 = last year\'s 上一年项目数量 + 本年增/减', () => {
    const reports = [
      report(2019, { 'proactive.licensing.previousItems': 5, 'proactive.licensing.change': -1 }),
      report(2020, { 'proactive.licensing.previousItems': 4 }),
    ];
    expect(rule.check(context(reports))).toEqual([]);
  });

  it('warns where the chain breaks, naming both files and last year\'s numbers', () => {
    const reports = [
      report(2019, { 'proactive.fees.previousItems': 5, 'proactive.fees.change': -1 }),
      report(2020, { 'proactive.fees.previousItems': 6 }),
    ];
    const [finding, ...rest] = rule.check(context(reports));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'X.items-chain', severity: 'warning', cells: [], expected: 4, actual: 6, difference: 2,
      file: '甲局_2020.xlsx', agency: '甲局', year: 2020,
    });
    expect(renderMessage(finding)).toBe('二、主动公开政府信息 第二十条第(八)项 行政事业性收费：2020 年报告(甲局_2020.xlsx)的'
      + '上一年项目数量应等于 2019 年报告(甲局_2019.xlsx)的上一年项目数量 5 + 本年增/减 (-1) = 4，实为 6，相差 2');
  });

  it('needs both years in the 2019 edition', () => {
    const reports = [
      report(2020, { 'proactive.licensing.previousItems': 5 }),
      report(2021, {}, '2021'),
    ];
    expect(rule.check(context(reports))).toEqual([]);
  });

  it('skips a row with an unknown number', () => {
    const reports = [
      report(2019, { 'proactive.licensing.previousItems': 5, 'proactive.licensing.change': null }),
      report(2020, { 'proactive.licensing.previousItems': 9 }),
    ];
    expect(rule.check(context(reports))).toEqual([]);
  });
});
