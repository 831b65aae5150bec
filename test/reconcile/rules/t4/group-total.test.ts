import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t4/group-total';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const group = 'reviewLitigation.litigationDirect';
const parts = ['upheld', 'corrected', 'other', 'pending'];

describe('T4.group-total', () => {
  it('accepts a total equal to its parts', () => {
    const values = { 'reviewLitigation.reconsideration.upheld': 1, 'reviewLitigation.reconsideration.corrected': 1,
      'reviewLitigation.reconsideration.total': 2 };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('reports a group whose total differs from its parts', () => {
    const report = makeReport('2021', { values: { [`${group}.pending`]: 2, [`${group}.total`]: 1 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T4.group-total', severity: 'error', sheet: '表四',
      cells: [cell(report, `${group}.total`), ...parts.map((p) => cell(report, `${group}.${p}`))],
      expected: 2, actual: 1, difference: -1,
    });
    expect(renderMessage(finding)).toContain('四、政府信息公开行政复议、行政诉讼 行政诉讼 未经复议直接起诉');
    expect(renderMessage(finding)).toContain(`总计(表四!${cell(report, `${group}.total`)})`);
    expect(renderMessage(finding)).toContain('结果维持至尚未审结之和');
  });

  it('skips a group with an unknown value', () => {
    const values = { [`${group}.upheld`]: null, [`${group}.total`]: 3 };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('skips a group whose total was filled from its parts', () => {
    const report = makeReport('2019', { values: { [`${group}.total`]: 3 }, origins: { [`${group}.total`]: 'filled' } });
    expect(findingsOf(rule, report)).toEqual([]);
  });
});
