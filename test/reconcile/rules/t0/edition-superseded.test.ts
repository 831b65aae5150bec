import { renderMessage } from '../../../../src/reconcile/messages';
import { rule } from '../../../../src/reconcile/rules/t0/edition-superseded';
import { findingsOf, makeReport } from '../../report-fixture';

describe('T0.edition-superseded', () => {
  it('accepts the 2019 edition for a year before 2021', () => {
    expect(findingsOf(rule, makeReport('2019', { year: 2020 }))).toEqual([]);
  });

  it('applies to the 2019 edition only', () => {
    expect(rule.editions).toEqual(['2019']);
  });

  it('warns about a 2021 report in the 2019 edition, as a finding about the whole file', () => {
    const [finding, ...rest] = findingsOf(rule, makeReport('2019', { year: 2021 }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T0.edition-superseded', severity: 'warning', sheet: null, cells: [],
      expected: '2021', actual: '2019', difference: null,
    });
    expect(renderMessage(finding)).toContain('2021 年');
    expect(renderMessage(finding)).toContain('2019 版');
  });
});
