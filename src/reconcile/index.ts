/** Reconciliation of one report: the file rules, run in catalogue order, as findings. */
import type { ReportView } from '../model/report';
import type { Draft } from './messages';
import type { FileRule } from './rule';
import { rule as editionSuperseded } from './rules/t0/edition-superseded';
import { rule as itemsNonnegative } from './rules/t2/items-nonnegative';
import { rule as publishedWithinTotal } from './rules/t2/published-within-total';
import { rule as itemsLookLikeCases } from './rules/t2/items-look-like-cases';
import { rule as inForceVsIssued } from './rules/t2/in-force-vs-issued';
import { rule as rowTotal } from './rules/t3/row-total';
import { rule as resultsTotal } from './rules/t3/results-total';
import { rule as balance } from './rules/t3/balance';
import { rule as groupTotal } from './rules/t4/group-total';
import { rule as litigationVsReconsideration } from './rules/t4/litigation-vs-reconsideration';

export { CATALOGUE, matchRules, ruleInfo, type RuleInfo } from './catalogue';
export { toFinding, type Place } from './finding';
export { cellRef, MESSAGES, renderMessage, type Draft } from './messages';
export type { FileRule } from './rule';

export const FILE_RULES: readonly FileRule[] = [
  editionSuperseded,
  itemsNonnegative,
  publishedWithinTotal,
  itemsLookLikeCases,
  inForceVsIssued,
  rowTotal,
  resultsTotal,
  balance,
  groupTotal,
  litigationVsReconsideration,
];

/**
 * Every draft of the file rules for the report's edition: rule by rule, each in model order.
 * `faultRule` (tests only) makes that rule throw, as a bug in it would.
 */
export function reconcileFile(report: ReportView, faultRule?: string): Draft[] {
  return FILE_RULES
    .filter((rule) => rule.editions.includes(report.edition))
    .flatMap((rule) => {
      if (rule.id === faultRule) throw new Error(`injected fault in ${rule.id}`);
      return rule.check(report);
    });
}
