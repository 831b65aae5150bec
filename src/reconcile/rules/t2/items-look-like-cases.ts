import { draft, rowsWithColumns, terms, type FileRule } from '../../rule';

/**
 * Below this many decisions an equality is no evidence: a department's list of licensing or
 * penalty items runs to a few dozen at most, while case counts run to hundreds or thousands
 * (a 2020 report wrote 8249 / -1942 / 6307), and small or zero rows often agree by chance.
 */
export const CASE_LIKE_MIN_DECISIONS = 100;

const id = 'T2.items-look-like-cases';

/**
 * 上一年项目数量 + 本年增/减 = 处理决定数量 ≥ CASE_LIKE_MIN_DECISIONS: the items were probably
 * filled with case counts. Expected is null (no right number is known). Cells: previousItems,
 * change, decisions.
 */
export const rule: FileRule = {
  id,
  editions: ['2019'],
  check(report) {
    return rowsWithColumns(report.edition, ['previousItems', 'change', 'decisions']).flatMap((row) => {
      const found = terms(report, [`${row}.previousItems`, `${row}.change`, `${row}.decisions`]);
      if (!found) return [];
      const [previousItems, change, decisions] = found;
      const items = previousItems.value + change.value;
      if (items !== decisions.value || decisions.value < CASE_LIKE_MIN_DECISIONS) return [];
      return [draft(id, found, null, items, {
        edition: report.edition, row, previousItems: previousItems.value, change: change.value,
        threshold: CASE_LIKE_MIN_DECISIONS,
      })];
    });
  },
};
