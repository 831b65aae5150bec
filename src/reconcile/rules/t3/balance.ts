import { draft, tableOf, terms, type FileRule } from '../../rule';

const id = 'T3.balance';

/**
 * 一 + 二 = 三(七)总计 + 四, in every column of 三 (the 勾稽关系 printed in the template).
 * Expected is 一 + 二 (what had to be handled), actual 三(七) + 四 (what was accounted for).
 * Cells: received, carriedIn, results.total, carriedForward.
 */
export const rule: FileRule = {
  id,
  editions: ['2019', '2021'],
  check(report) {
    const table = tableOf(report.edition, 'applications');
    return table.columns.flatMap((c) => {
      const rows = ['received', 'carriedIn', 'results.total', 'carriedForward'];
      const found = terms(report, rows.map((r) => `${table.section}.${r}.${c.key}`));
      if (!found) return [];
      const [received, carriedIn, resultsTotal, carriedForward] = found;
      const expected = received.value + carriedIn.value;
      const actual = resultsTotal.value + carriedForward.value;
      if (actual === expected) return [];
      return [draft(id, found, expected, actual, {
        edition: report.edition, column: c.key, received: received.value, carriedIn: carriedIn.value,
        resultsTotal: resultsTotal.value, carriedForward: carriedForward.value,
      })];
    });
  },
};
