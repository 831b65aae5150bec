import { draft, terms, type FileRule } from '../../rule';

const id = 'T4.litigation-vs-reconsideration';

/**
 * 复议后起诉 总计 ≤ 行政复议 总计. Only a warning: a suit this year may follow a
 * reconsideration closed in an earlier year. Cells: litigationAfterReconsideration.total,
 * reconsideration.total.
 */
export const rule: FileRule = {
  id,
  editions: ['2019', '2021'],
  check(report) {
    const found = terms(report, [
      'reviewLitigation.litigationAfterReconsideration.total',
      'reviewLitigation.reconsideration.total',
    ]);
    if (!found) return [];
    const [litigation, reconsideration] = found;
    if (litigation.value <= reconsideration.value) return [];
    return [draft(id, found, reconsideration.value, litigation.value, { edition: report.edition })];
  },
};
