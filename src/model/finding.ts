/** One finding shape for every rule, stage and output (the design's discrepancy). */

export type Severity = 'error' | 'warning';

export type Scalar = number | string | null;

export interface Finding {
  /** A stable rule id from the catalogue, e.g. `T3.balance`, `VALUE.unparseable`. */
  rule: string;
  severity: Severity;
  /** The sheet the cells are on; null for a finding about the whole file. */
  sheet: string | null;
  /** A1 addresses of the cells involved (the first is the one to look at). */
  cells: string[];
  expected: Scalar;
  actual: Scalar;
  /** actual - expected where both are numbers. */
  difference: number | null;
  /** Chinese, with the template's labels and the cells' addresses. */
  message: string;
}

/** A finding as a run's log holds it: which file, agency and year it belongs to. */
export interface Discrepancy extends Finding {
  file: string;
  agency: string | null;
  year: number | null;
}

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');

export function countBySeverity(findings: readonly Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
