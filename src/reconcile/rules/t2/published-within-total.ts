import { draft, rowsWithColumns, terms, type FileRule } from '../../rule';

const id = 'T2.published-within-total';

/** 本年新公开数量 ≤ 对外公开总数量 (2019 第(一)项). Cells: published, totalPublished. */
export const rule: FileRule = {
  id,
  editions: ['2019'],
  check(report) {
    return rowsWithColumns(report.edition, ['published', 'totalPublished']).flatMap((row) => {
      const found = terms(report, [`${row}.published`, `${row}.totalPublished`]);
      if (!found) return [];
      const [published, totalPublished] = found;
      if (published.value <= totalPublished.value) return [];
      return [draft(id, found, totalPublished.value, published.value, { edition: report.edition, row })];
    });
  },
};
