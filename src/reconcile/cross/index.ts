/**
 * Reconciliation across files: the X.* rules over the cleaned store, run after the file rules.
 * Pure: the caller reads the store and agencies.yaml, and writes the findings.
 */
import { CATALOGUE } from '../catalogue';
import { compareText, type CrossContext, type CrossFinding, type CrossRule } from './context';
import { rule as carryOver } from './carry-over';
import { rule as itemsChain } from './items-chain';
import { rule as inForceChain } from './in-force-chain';
import { rule as rollup } from './rollup';
import { rule as duplicate } from './duplicates';

export {
  byAgencyYear, consecutiveYears, valueAt,
  type CrossContext, type CrossFinding, type CrossRule, type Side, type Submission,
} from './context';
export {
  duplicateFindings, newestFirst, pickNewest,
  type DuplicateGroup, type Picked,
} from './duplicates';

export const CROSS_RULES: readonly CrossRule[] = [carryOver, itemsChain, inForceChain, rollup, duplicate];

const RANK = new Map(CATALOGUE.map((entry, i) => [entry.id, i]));

/** Findings in a stable order: by year, agency, rule (catalogue order); a rule's own order (fields in model order) within. */
export function sortCrossFindings(findings: readonly CrossFinding[]): CrossFinding[] {
  return [...findings].sort((a, b) =>
    a.year - b.year || compareText(a.agency, b.agency) || (RANK.get(a.rule) ?? 0) - (RANK.get(b.rule) ?? 0));
}

/** Every cross-file finding the store holds now. */
export function reconcileAcross(ctx: CrossContext): CrossFinding[] {
  return sortCrossFindings(CROSS_RULES.flatMap((rule) => rule.check(ctx)));
}
