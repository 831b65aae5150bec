import { tableOf } from '../rule';
import { cellName, cellsAt, consecutiveYears, crossDraft, editionOf, knownCells, onSide, pairSides, valueAt, type CrossRule } from './context';

const id = 'X.carry-over';

/**
 * This year's 二、上年结转 = last year's 四、结转下年度继续办理, column by column of 三, for the
 * same agency in consecutive years (whatever their editions: 三's columns are the same in
 * both). Expected: last year's carriedForward; actual: this year's carriedIn. On this year's
 * file and its carriedIn cell; last year's cell is named in the message.
 */
export const rule: CrossRule = {
  id,
  scope: 'agency',
  check(ctx) {
    return consecutiveYears(ctx).flatMap((pair) => {
      const { side, params } = pairSides(pair);
      const edition = editionOf(pair.current);
      return tableOf(edition, 'applications').columns.flatMap((column) => {
        const forwardPath = `applications.carriedForward.${column.key}`;
        const inPath = `applications.carriedIn.${column.key}`;
        const carriedForward = valueAt(pair.previous, forwardPath);
        const carriedIn = valueAt(pair.current, inPath);
        if (carriedForward === null || carriedIn === null || carriedIn === carriedForward) return [];
        const otherCells = knownCells({ otherCell: cellName(pair.previous, forwardPath) });
        return [onSide(side, crossDraft(id, [inPath, forwardPath], carriedForward, carriedIn, { edition, column: column.key, ...params, ...otherCells }, cellsAt(pair.current, [inPath])))];
      });
    });
  },
};
