/**
 * Adding reports up field by field: the one summing function of X.rollup (a region against
 * its members) and of compile (the region's report made from its members'), so the check and
 * the compiled figures can never disagree on what "the members' sum" is.
 */

/**
 * Adds up money and counts without floating-point drift: values are in yuan and may carry
 * fen (0.01), so the sum is taken in fen.
 */
export function exactSum(values: readonly number[]): number {
  return values.reduce((total, value) => total + Math.round(value * 100), 0) / 100;
}

/** What stands at a dotted path of a report in the cleaned JSON's shape (`applications.carriedIn.total`): undefined where the path leads nowhere. */
export function nodeAt(report: object, path: string): unknown {
  let node: unknown = report;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The number at a dotted path of a report, or null when the path is absent or its value is null. */
export function valueAt(report: object, path: string): number | null {
  const node = nodeAt(report, path);
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

/** One field summed over several reports. */
export interface FieldSum {
  /** The sum of the values that are known; null when none is. */
  sum: number | null;
  /** Indexes (into the reports given) of the reports whose value is unknown (null or absent). */
  unknown: number[];
}

/**
 * Each path summed over `reports`, in the order of `paths`. A value that is unknown in a report
 * is left out of the sum and named in `unknown`: X.rollup compares only complete sums, compile
 * shows the partial one and says whose figure it lacks.
 */
export function sumFields(paths: readonly string[], reports: readonly object[]): Map<string, FieldSum> {
  const sums = new Map<string, FieldSum>();
  for (const path of paths) {
    const known: number[] = [];
    const unknown: number[] = [];
    reports.forEach((report, index) => {
      const value = valueAt(report, path);
      if (value === null) unknown.push(index);
      else known.push(value);
    });
    sums.set(path, { sum: known.length > 0 ? exactSum(known) : null, unknown });
  }
  return sums;
}
