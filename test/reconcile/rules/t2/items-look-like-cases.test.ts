import { renderMessage } from '../../../../src/reconcile/messages';
import { CASE_LIKE_MIN_DECISIONS, rule } from '../../../../src/reconcile/rules/t2/items-look-like-cases';
import { cell, findingsOf, makeReport } from '../../report-fixture';

const row = 'proactive.penalties';
const values = (previousItems: number | null, change: number, decisions: number) =>
  ({ [`${row}.previousItems`]: previousItems, [`${row}.change`]: change, [`${row}.decisions`]: decisions });

describe('T2.items-look-like-cases', () => {
  it('accepts items unlike the decisions (the seed: 34 + 57, 34 decisions)', () => {
    expect(findingsOf(rule, makeReport('2019', { values: values(34, 57, 34) }))).toEqual([]);
  });

  it('accepts small rows that agree by chance', () => {
    expect(findingsOf(rule, makeReport('2019', { values: values(2, 1, 3) }))).toEqual([]);
    const below = CASE_LIKE_MIN_DECISIONS - 1;
    expect(findingsOf(rule, makeReport('2019', { values: values(below, 0, below) }))).toEqual([]);
  });

  it('warns when items equal a large number of decisions (8249 / -1942 / 6307)', () => {
    const report = makeReport('2019', { values: values(8249, -1942, 6307) });
    const [finding, ...rest] = findingsOf(rule, report);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'T2.items-look-like-cases', severity: 'warning', sheet: '表二',
      cells: [cell(report, `${row}.previousItems`), cell(report, `${row}.change`), cell(report, `${row}.decisions`)],
      expected: null, actual: 6307, difference: null,
    });
    expect(renderMessage(finding)).toContain('第二十条第(六)项 行政处罚');
    expect(renderMessage(finding)).toContain(`上一年项目数量(表二!${cell(report, `${row}.previousItems`)}) 8249`);
    expect(renderMessage(finding)).toContain('(-1942) = 6307');
    expect(renderMessage(finding)).toContain(`处理决定数量(表二!${cell(report, `${row}.decisions`)}) 6307`);
  });

  it('starts at the threshold', () => {
    const report = makeReport('2019', { values: values(CASE_LIKE_MIN_DECISIONS, 0, CASE_LIKE_MIN_DECISIONS) });
    expect(findingsOf(rule, report).map((f) => f.rule)).toEqual(['T2.items-look-like-cases']);
  });

  it('skips a row whose value is unknown', () => {
    expect(findingsOf(rule, makeReport('2019', { values: values(null, -1942, 6307) }))).toEqual([]);
  });
});
