import { draft, rowsWithColumns, terms, type FileRule } from '../../rule';

const id = 'T2.in-force-vs-issued';

/**
 * 本年制发件数 ≤ 现行有效件数 + 本年废止件数 (2021 第(一)项): what was issued this year is
 * either still in force or was repealed. A warning, since a document issued and superseded by
 * a revision in the same year breaks it. Cells: issued, inForce, repealed.
 */
export const rule: FileRule = {
  id,
  editions: ['2021'],
  check(report) {
    return rowsWithColumns(report.edition, ['issued', 'inForce', 'repealed']).flatMap((row) => {
      const found = terms(report, [`${row}.issued`, `${row}.inForce`, `${row}.repealed`]);
      if (!found) return [];
      const [issued, inForce, repealed] = found;
      const bound = inForce.value + repealed.value;
      if (issued.value <= bound) return [];
      return [draft(id, found, bound, issued.value, {
        edition: report.edition, row, inForce: inForce.value, repealed: repealed.value,
      })];
    });
  },
};
