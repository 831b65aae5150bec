import type { FileRule } from '../../rule';

/** The 2021 edition is required from the 2021 reports on; the seed still uses 2019's. */
const FIRST_YEAR_OF_2021_EDITION = 2021;

const id = 'T0.edition-superseded';

/** A report for 2021 or later in the 2019 edition. About the whole file: no sheet, no cells. */
export const rule: FileRule = {
  id,
  editions: ['2019'],
  check(report) {
    if (report.year < FIRST_YEAR_OF_2021_EDITION) return [];
    return [{ rule: id, sheet: null, cells: [], expected: '2021', actual: report.edition, params: { year: report.year } }];
  },
};
