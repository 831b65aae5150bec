import { checkTotals, type FileRule } from '../../rule';

/** 总计 = 自然人 + … + 其他, on every row of 三. Cells: the total, then the six parts. */
export const rule: FileRule = {
  id: 'T3.row-total',
  editions: ['2019', '2021'],
  check: (report) => checkTotals('T3.row-total', report),
};
