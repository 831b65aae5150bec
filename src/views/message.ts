/**
 * A finding's Chinese message, for the documents: the one call to the messages module, so the
 * feedback workbook, the compiled report and the exports word a finding as review does.
 */
import type { Finding } from '../model/finding';
import { renderMessage } from '../reconcile/messages';

export const messageOf = (finding: Finding): string => renderMessage(finding);
