/**
 * A finding's Chinese message, for the documents: the one call to the messages module, so the
 * feedback workbook, the compiled report and the exports word a finding as review does.
 */
import type { Finding } from '../model/finding';
import { MESSAGES } from '../reconcile/messages';

export function messageOf(finding: Finding): string {
  // Until the pipeline moves onto the finding as data, reconcileFile's findings carry their message.
  const legacy = (finding as Finding & { message?: string }).message;
  if (legacy !== undefined) return legacy;
  const render = MESSAGES[finding.rule];
  return render ? render(finding) : finding.rule;
}
