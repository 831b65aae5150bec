/**
 * The one place the desk turns a finding into its Chinese message. The message module
 * renders from the finding's rule and params (reconcile/messages.ts); a finding whose params
 * its template cannot read shows its rule id rather than failing the page.
 */
import type { Finding } from '../../model/finding';
import { MESSAGES } from '../../reconcile/messages';

export function messageOf(finding: Finding): string {
  const render = MESSAGES[finding.rule];
  if (!render) return finding.rule;
  try {
    return render({ rule: finding.rule, sheet: finding.sheet, cells: finding.cells, expected: finding.expected, actual: finding.actual, params: finding.params });
  } catch {
    return finding.rule;
  }
}
