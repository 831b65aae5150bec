import { checkTotal, partColumns, tableOf, TOTAL, type FileRule } from '../../rule';

const id = 'T3.row-total';

/** 总计 = 自然人 + … + 其他, on every row of 三. Cells: the total, then the six parts. */
export const rule: FileRule = {
  id,
  editions: ['2019', '2021'],
  check(report) {
    const table = tableOf(report.edition, 'applications');
    return table.rows.flatMap((r) => {
      const row = `${table.section}.${r.key}`;
      const parts = partColumns(table).map((c) => `${row}.${c.key}`);
      return checkTotal(id, report, `${row}.${TOTAL}`, parts, { edition: report.edition, row });
    });
  },
};
