/**
 * The one place the desk turns a finding into its Chinese message (reconcile/messages.ts
 * renders it from the rule and params); a finding whose params its template cannot read
 * shows its rule id rather than failing the page.
 */
import type { Finding } from '../../model/finding';
import { renderMessage } from '../../reconcile/messages';

export function messageOf(finding: Finding): string {
  try {
    return renderMessage(finding);
  } catch {
    return finding.rule;
  }
}
