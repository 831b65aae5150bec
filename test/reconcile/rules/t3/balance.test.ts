import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t3/balance';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const rows = ['received', 'carriedIn', 'results.total', 'carriedForward'];
const column = (key: string, [received, carriedIn, resultsTotal, carriedForward]: (number | null)[]) => ({
  [`applications.received.${key}`]: received,
  [`applications.carriedIn.${key}`]: carriedIn,
  [`applications.results.total.${key}`]: resultsTotal,
  [`applications.carriedForward.${key}`]: carriedForward,
});

describe('T3.balance', () => {
  it('accepts 一 + 二 = 三(七) + 四', () => {
    expect(findingsOf(rule, makeReport('2021', { values: column('total', [3, 1, 3, 1]) }))).toEqual([]);
  });

  it('reports a column out of balance', () => {
    const report = makeReport('2021', { values: column('total', [5, 0, 4, 0]) });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    const cells = rows.map((r) => cell(report, `applications.${r}.total`));
    expect(finding).toMatchObject({
      rule: 'T3.balance', severity: 'error', sheet: '表三', cells, expected: 5, actual: 4, difference: -1,
    });
    expect(renderMessage(finding)).toContain('三、收到和处理政府信息公开申请 总计 列');
    expect(renderMessage(finding)).toContain(`一、本年新收政府信息公开申请数量(表三!${cells[0]}) 5`);
    expect(renderMessage(finding)).toContain(`(七)总计(表三!${cells[2]}) 4`);
    expect(renderMessage(finding)).toContain(`四、结转下年度继续办理(表三!${cells[3]}) 0 = 4，相差 -1`);
  });

  it('skips a column with an unknown value', () => {
    expect(findingsOf(rule, makeReport('2019', { values: column('naturalPerson', [5, null, 4, 0]) }))).toEqual([]);
  });

  it('still checks a column whose (七)总计 was filled: only the total rule is skipped', () => {
    const report = makeReport('2019', {
      values: column('naturalPerson', [5, 0, 4, 0]),
      origins: { 'applications.results.total.naturalPerson': 'filled' },
    });
    expect(findingsOf(rule, report).map((f) => f.rule)).toEqual(['T3.balance']);
  });
});
