import { checkTotals, type FileRule } from '../../rule';

/**
 * (七)总计 = every result row (一)…(六) with their sub-rows, in every column of 三 (total
 * column included). Cells: (七)总计, then the result rows in template order.
 */
export const rule: FileRule = {
  id: 'T3.results-total',
  editions: ['2019', '2021'],
  check: (report) => checkTotals('T3.results-total', report),
};
