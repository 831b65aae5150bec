import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t2/published-within-total';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const published = 'proactive.normativeDocs.published';
const total = 'proactive.normativeDocs.totalPublished';

describe('T2.published-within-total', () => {
  it('accepts a new count within the total', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [published]: 3, [total]: 5 } }))).toEqual([]);
    expect(findingsOf(rule, makeReport('2019', { values: { [published]: 5, [total]: 5 } }))).toEqual([]);
  });

  it('reports a new count above the total', () => {
    const report = makeReport('2019', { values: { [published]: 4, [total]: 3 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T2.published-within-total', severity: 'error', sheet: '表二',
      cells: [cell(report, published), cell(report, total)], expected: 3, actual: 4, difference: 1,
    });
    expect(renderMessage(finding)).toContain('第二十条第(一)项 规范性文件');
    expect(renderMessage(finding)).toContain(`本年新公开数量(表二!${cell(report, published)}) 4`);
    expect(renderMessage(finding)).toContain(`对外公开总数量(表二!${cell(report, total)}) 3`);
  });

  it('skips a row whose value is unknown', () => {
    expect(findingsOf(rule, makeReport('2019', { values: { [published]: 4, [total]: null } }))).toEqual([]);
  });
});
