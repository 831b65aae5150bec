import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t3/results-total';
import { TEMPLATE } from '../../../../src/model/template';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const total = (column: string) => `applications.results.total.${column}`;

describe('T3.results-total', () => {
  it('accepts (七)总计 equal to the result rows, (六)其他处理 included (2019)', () => {
    const values = {
      'applications.results.granted.naturalPerson': 2,
      'applications.results.other.naturalPerson': 1,
      [total('naturalPerson')]: 3,
    };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('reports a column whose (七)总计 misses a 2021 sub-row of (六)', () => {
    const report = makeReport('2021', { values: { 'applications.results.other.unpaidFee.commercial': 1 } });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    const applications = TEMPLATE['2021'].find((t) => t.section === 'applications')!;
    const resultRows = applications.rows.filter((r) => r.key.startsWith('results.') && r.key !== 'results.total');
    expect(resultRows).toHaveLength(21);
    expect(finding).toMatchObject({
      rule: 'T3.results-total', severity: 'error', sheet: '表三',
      cells: [cell(report, total('commercial')), ...resultRows.map((r) => cell(report, `applications.${r.key}.commercial`))],
      expected: 1, actual: 0, difference: -1,
    });
    expect(renderMessage(finding)).toContain('三、收到和处理政府信息公开申请 商业企业 列');
    expect(renderMessage(finding)).toContain(`(七)总计(表三!${cell(report, total('commercial'))})`);
    expect(renderMessage(finding)).toContain('(一)予以公开至(六)其他处理 3.其他各行之和');
    expect(renderMessage(finding)).toContain('实为 0，相差 -1');
  });

  it('checks the 总计 column too', () => {
    const report = makeReport('2019', { values: { 'applications.results.partial.total': 4 } });
    expect(findingsOf(rule, report).map((f) => f.cells[0])).toEqual([cell(report, total('total'))]);
  });

  it('skips a column with an unknown value', () => {
    const values = { 'applications.results.granted.research': null, [total('research')]: 7 };
    expect(findingsOf(rule, makeReport('2019', { values }))).toEqual([]);
  });

  it('skips a column whose (七)总计 was filled from its parts', () => {
    const report = makeReport('2019', { values: { [total('research')]: 7 }, origins: { [total('research')]: 'filled' } });
    expect(findingsOf(rule, report)).toEqual([]);
  });
});
