import { checkTotal, partColumns, tableOf, TOTAL, type FileRule } from '../../rule';

const id = 'T4.group-total';

/** 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, in every group of 四. Cells: the total, then the parts. */
export const rule: FileRule = {
  id,
  editions: ['2019', '2021'],
  check(report) {
    const table = tableOf(report.edition, 'reviewLitigation');
    return table.rows.flatMap((r) => {
      const row = `${table.section}.${r.key}`;
      const parts = partColumns(table).map((c) => `${row}.${c.key}`);
      return checkTotal(id, report, `${row}.${TOTAL}`, parts, { edition: report.edition, row });
    });
  },
};
