import { rowsWithColumns } from '../rule';
import { cellName, cellsAt, consecutiveYears, crossDraft, knownCells, onSide, pairSides, valueAt, type CrossRule } from './context';

const id = 'X.items-chain';

/**
 * This year's 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减, in every row
 * that has both (二 (五)(六)(八)), for the same agency in consecutive years both in the 2019
 * edition. Expected: last year's sum; actual: this year's previousItems. On this year's file.
 */
export const rule: CrossRule = {
  id,
  scope: 'agency',
  check(ctx) {
    return consecutiveYears(ctx)
      .filter((pair) => pair.previous.edition === '2019' && pair.current.edition === '2019')
      .flatMap((pair) => {
        const { side, params } = pairSides(pair);
        return rowsWithColumns('2019', ['previousItems', 'change']).flatMap((row) => {
          const lastPreviousItems = valueAt(pair.previous, `${row}.previousItems`);
          const lastChange = valueAt(pair.previous, `${row}.change`);
          const previousItems = valueAt(pair.current, `${row}.previousItems`);
          if (lastPreviousItems === null || lastChange === null || previousItems === null) return [];
          const expected = lastPreviousItems + lastChange;
          if (previousItems === expected) return [];
          const otherCells = knownCells({
            lastPreviousItemsCell: cellName(pair.previous, `${row}.previousItems`),
            lastChangeCell: cellName(pair.previous, `${row}.change`),
          });
          return [onSide(side, crossDraft(id, [`${row}.previousItems`, `${row}.change`], expected, previousItems, {
            edition: '2019', row, ...params, lastPreviousItems, lastChange, ...otherCells,
          }, cellsAt(pair.current, [`${row}.previousItems`])))];
        });
      });
  },
};
