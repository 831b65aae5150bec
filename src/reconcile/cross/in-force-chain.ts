import { rowsWithColumns } from '../rule';
import { cellName, cellsAt, consecutiveYears, crossDraft, knownCells, onSide, pairSides, valueAt, type CrossRule } from './context';

const id = 'X.in-force-chain';

/**
 * This year's 现行有效件数 = last year's 现行有效件数 + this year's 本年制发件数 - 本年废止件数,
 * for 规章 and 行政规范性文件, same agency, consecutive years both in the 2021 edition (a
 * warning: revisions can break it). Expected: the chained number; actual: this year's
 * inForce. On this year's file.
 */
export const rule: CrossRule = {
  id,
  scope: 'agency',
  check(ctx) {
    return consecutiveYears(ctx)
      .filter((pair) => pair.previous.edition === '2021' && pair.current.edition === '2021')
      .flatMap((pair) => {
        const { side, params } = pairSides(pair);
        return rowsWithColumns('2021', ['issued', 'repealed', 'inForce']).flatMap((row) => {
          const lastInForce = valueAt(pair.previous, `${row}.inForce`);
          const issued = valueAt(pair.current, `${row}.issued`);
          const repealed = valueAt(pair.current, `${row}.repealed`);
          const inForce = valueAt(pair.current, `${row}.inForce`);
          if (lastInForce === null || issued === null || repealed === null || inForce === null) return [];
          const expected = lastInForce + issued - repealed;
          if (inForce === expected) return [];
          const otherCells = knownCells({ lastInForceCell: cellName(pair.previous, `${row}.inForce`) });
          return [onSide(side, crossDraft(id, [`${row}.inForce`, `${row}.issued`, `${row}.repealed`], expected, inForce, {
            edition: '2021', row, ...params, lastInForce, issued, repealed, ...otherCells,
          }, cellsAt(pair.current, [`${row}.inForce`, `${row}.issued`, `${row}.repealed`])))];
        });
      });
  },
};
