import { checkTotal, tableOf, type FileRule } from '../../rule';

const RESULTS_TOTAL = 'results.total';

const id = 'T3.results-total';

/**
 * (七)总计 = every result row (一)…(六) with their sub-rows, in every column of 三 (total
 * column included). Cells: (七)总计, then the result rows in template order.
 */
export const rule: FileRule = {
  id,
  editions: ['2019', '2021'],
  check(report) {
    const table = tableOf(report.edition, 'applications');
    const resultRows = table.rows.filter((r) => r.key.startsWith('results.') && r.key !== RESULTS_TOTAL);
    return table.columns.flatMap((c) => {
      const parts = resultRows.map((r) => `${table.section}.${r.key}.${c.key}`);
      const total = `${table.section}.${RESULTS_TOTAL}.${c.key}`;
      return checkTotal(id, report, total, parts, { edition: report.edition, column: c.key });
    });
  },
};
