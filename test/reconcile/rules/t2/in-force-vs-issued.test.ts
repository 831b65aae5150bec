import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t2/in-force-vs-issued';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const row = 'proactive.normativeDocs';
const values = (issued: number, inForce: number | null, repealed: number) =>
  ({ [`${row}.issued`]: issued, [`${row}.inForce`]: inForce, [`${row}.repealed`]: repealed });

describe('T2.in-force-vs-issued', () => {
  it('accepts issued documents that are in force or repealed', () => {
    expect(findingsOf(rule, makeReport('2021', { values: values(3, 2, 1) }))).toEqual([]);
  });

  it('applies to the 2021 edition only', () => {
    expect(rule.editions).toEqual(['2021']);
  });

  it('warns when more were issued than are in force or repealed', () => {
    const report = makeReport('2021', { values: values(5, 2, 1) });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T2.in-force-vs-issued', severity: 'warning', sheet: '表二',
      cells: [cell(report, `${row}.issued`), cell(report, `${row}.inForce`), cell(report, `${row}.repealed`)],
      expected: 3, actual: 5, difference: 2,
    });
    expect(renderMessage(finding)).toContain('第二十条第(一)项 行政规范性文件');
    expect(renderMessage(finding)).toContain(`本年制发件数(表二!${cell(report, `${row}.issued`)}) 5`);
    expect(renderMessage(finding)).toContain(`现行有效件数(表二!${cell(report, `${row}.inForce`)}) 2`);
    expect(renderMessage(finding)).toContain(`本年废止件数(表二!${cell(report, `${row}.repealed`)}) 1 = 3`);
  });

  it('skips a row whose value is unknown', () => {
    expect(findingsOf(rule, makeReport('2021', { values: values(5, null, 1) }))).toEqual([]);
  });
});
