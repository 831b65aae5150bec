import { checkTotals, type FileRule } from '../../rule';

/** 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, in every group of 四. Cells: the total, then the parts. */
export const rule: FileRule = {
  id: 'T4.group-total',
  editions: ['2019', '2021'],
  check: (report) => checkTotals('T4.group-total', report),
};
