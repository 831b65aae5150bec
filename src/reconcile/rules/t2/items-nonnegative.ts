import { draft, rowsWithColumns, sum, terms, type FileRule } from '../../rule';

const id = 'T2.items-nonnegative';

/** 上一年项目数量 + 本年增/减 ≥ 0, in every 2019 row that has both. Cells: previousItems, change. */
export const rule: FileRule = {
  id,
  editions: ['2019'],
  check(report) {
    return rowsWithColumns(report.edition, ['previousItems', 'change']).flatMap((row) => {
      const found = terms(report, [`${row}.previousItems`, `${row}.change`]);
      if (!found || sum(found) >= 0) return [];
      const [previousItems, change] = found;
      return [draft(id, found, 0, sum(found), {
        edition: report.edition, row, previousItems: previousItems.value, change: change.value,
      })];
    });
  },
};
