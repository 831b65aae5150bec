import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t4/litigation-vs-reconsideration';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const litigation = 'reviewLitigation.litigationAfterReconsideration.total';
const reconsideration = 'reviewLitigation.reconsideration.total';

describe('T4.litigation-vs-reconsideration', () => {
  it('accepts no more suits after reconsideration than reconsiderations', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [litigation]: 2, [reconsideration]: 2 } }))).toEqual([]);
  });

  it('warns about more suits after reconsideration than reconsiderations', () => {
    const report = makeReport('2021', { values: { [litigation]: 3, [reconsideration]: 1 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T4.litigation-vs-reconsideration', severity: 'warning', sheet: '表四',
      cells: [cell(report, litigation), cell(report, reconsideration)], expected: 1, actual: 3, difference: 2,
    });
    expect(renderMessage(finding)).toContain(`行政诉讼 复议后起诉 总计(表四!${cell(report, litigation)}) 3`);
    expect(renderMessage(finding)).toContain(`行政复议 总计(表四!${cell(report, reconsideration)}) 1`);
  });

  it('skips when a total is unknown', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [litigation]: 3, [reconsideration]: null } }))).toEqual([]);
  });
});
