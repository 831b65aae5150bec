import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t2/items-nonnegative';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const previous = 'proactive.licensing.previousItems';
const change = 'proactive.licensing.change';

describe('T2.items-nonnegative', () => {
  it('accepts items that stay at zero or above', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [previous]: 2, [change]: -1 } }))).toEqual([]);
    expect(findingsOf(rule, makeReport('2019', { values: { [previous]: 2, [change]: -2 } }))).toEqual([]);
  });

  it('reports items that fall below zero', () => {
    const report = makeReport('2019', { values: { [previous]: 2, [change]: -3 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T2.items-nonnegative', severity: 'error', sheet: '表二',
      cells: [cell(report, previous), cell(report, change)], expected: 0, actual: -1, difference: -1,
    });
    expect(renderMessage(finding)).toContain('第二十条第(五)项 行政许可');
    expect(renderMessage(finding)).toContain(`上一年项目数量(表二!${cell(report, previous)}) 2`);
    expect(renderMessage(finding)).toContain(`本年增/减(表二!${cell(report, change)}) (-3)`);
  });

  it('covers every 2019 row with items, 行政事业性收费 included', () => {
    const report = makeReport('2019', { values: { 'proactive.fees.change': -1 } });
    const findings = findingsOf(rule, report);
    expect(findings.map((f) => f.cells)).toEqual([[cell(report, 'proactive.fees.previousItems'), cell(report, 'proactive.fees.change')]]);
    expect(renderMessage(findings[0])).toContain('行政事业性收费');
  });

  it('skips a row whose value is unknown', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [previous]: null, [change]: -5 } }))).toEqual([]);
  });
});
