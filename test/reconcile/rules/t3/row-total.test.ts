import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t3/row-total';
import { APPLICANT_PARTS } from '../../../../src/model/template';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const row = 'applications.received';

describe('T3.row-total', () => {
  it('accepts a total equal to its parts', () => {
    const values = { [`${row}.naturalPerson`]: 4, [`${row}.otherOrg`]: 1, [`${row}.total`]: 5 };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('reports a total that differs from its parts, naming the total and the six parts', () => {
    const report = makeReport('2019', { values: { [`${row}.naturalPerson`]: 5, [`${row}.total`]: 6 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    const parts = APPLICANT_PARTS.map((c) => cell(report, `${row}.${c.key}`));
    expect(finding).toMatchObject({
      rule: 'T3.row-total', severity: 'error', sheet: '表三',
      cells: [cell(report, `${row}.total`), ...parts], expected: 5, actual: 6, difference: 1,
    });
    expect(renderMessage(finding)).toContain('三、收到和处理政府信息公开申请 一、本年新收政府信息公开申请数量');
    expect(renderMessage(finding)).toContain(`总计(表三!${cell(report, `${row}.total`)})`);
    expect(renderMessage(finding)).toContain(`自然人至其他之和(表三!${parts[0]}至${parts[5]}) 5`);
    expect(renderMessage(finding)).toContain('实为 6，相差 1');
  });

  it('checks the 2021 sub-rows of (六)其他处理', () => {
    const path = 'applications.results.other.unpaidFee';
    const report = makeReport('2021', { values: { [`${path}.commercial`]: 2 } });
    expect(findingsOf(rule, report).map((f) => [f.cells[0], f.expected, f.actual]))
      .toEqual([[cell(report, `${path}.total`), 2, 0]]);
  });

  it('skips a row with an unknown value', () => {
    const values = { [`${row}.commercial`]: null, [`${row}.total`]: 6 };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('skips a row whose total was filled from its parts', () => {
    const report = makeReport('2019', { values: { [`${row}.total`]: 6 }, origins: { [`${row}.total`]: 'filled' } });
    expect(findingsOf(rule, report)).toEqual([]);
  });
});
