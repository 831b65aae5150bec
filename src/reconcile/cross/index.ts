/**
 * Reconciliation across files: the X.* rules over the cleaned store, run after the file rules.
 * Pure: the caller reads the store and agencies.yaml, and writes the findings.
 */
import { CATALOGUE } from '../catalogue';
import { canonicalAgency, type Agencies } from '../../model/agencies';
import { DEFAULT_ANOMALY, type AnomalySettings } from '../../model/anomaly';
import type { CleanedReport } from '../../validate';
import { compareText, type CrossContext, type CrossFinding, type CrossRule, type Submission } from './context';
import { rule as carryOver } from './carry-over';
import { rule as itemsChain } from './items-chain';
import { rule as inForceChain } from './in-force-chain';
import { rule as rollup } from './rollup';
import { rule as duplicate } from './duplicates';
import { rule as anomaly, districtOf, figuresOf, type Figure } from './anomaly';

export {
  byAgencyYear, consecutiveYears, valueAt,
  type CrossContext, type CrossFinding, type CrossRule, type CrossScope, type Side, type Submission,
} from './context';
export {
  duplicateFindings, newestFirst, pickNewest,
  type DuplicateGroup, type Picked,
} from './duplicates';

export const CROSS_RULES: readonly CrossRule[] = [carryOver, itemsChain, inForceChain, rollup, duplicate, anomaly];

const RANK = new Map(CATALOGUE.map((entry, i) => [entry.id, i]));

/** Findings in a stable order: by year, agency, rule (catalogue order); a rule's own order (fields in model order) within. */
export function sortCrossFindings(findings: readonly CrossFinding[]): CrossFinding[] {
  return [...findings].sort((a, b) =>
    a.year - b.year || compareText(a.agency, b.agency) || (RANK.get(a.rule) ?? 0) - (RANK.get(b.rule) ?? 0));
}

/** Every cross-file finding of reports held together (tests, small stores): reconcileByGroup with one group per agency. */
export function reconcileAcross(ctx: CrossContext): CrossFinding[] {
  const groups = new Map<string, CleanedReport[]>();
  for (const report of ctx.reports) {
    const agency = canonicalAgency(ctx.agencies, report.agency);
    groups.set(agency, [...(groups.get(agency) ?? []), report]);
  }
  return reconcileByGroup(groups.values(), ctx.submissions, ctx.agencies, ctx.anomaly);
}

/**
 * Every cross-file finding of the store, without holding it: `groups`
 * yields the store's reports a group at a time, every report of an agency (by its canonical
 * name) in one group. Rules of scope `agency` run group by group; `regions` rules once over
 * the groups of the agencies agencies.yaml names as regions or members (kept aside as they
 * pass); `submissions` rules once, over the submissions alone; `district` rules once, over the
 * covered figures taken from each group as it passes. So only one agency's reports, those of
 * the regions, and a few numbers per agency-year are in memory at a time.
 */
export function reconcileByGroup(groups: Iterable<readonly CleanedReport[]>, submissions: readonly Submission[], agencies: Agencies, anomalySettings: AnomalySettings = DEFAULT_ANOMALY): CrossFinding[] {
  const inScope = (scope: CrossRule['scope']) => CROSS_RULES.filter((rule) => rule.scope === scope);
  const regional = new Set(agencies.agencies.filter((a) => a.members?.length).flatMap((a) => [a.name, ...(a.members ?? [])]).map((name) => canonicalAgency(agencies, name)));
  const regionReports: CleanedReport[] = [];
  const findings: CrossFinding[] = [];
  const figures: Figure[] = [];
  for (const group of groups) {
    findings.push(...inScope('agency').flatMap((rule) => rule.check({ reports: group, submissions: [], agencies })));
    if (group.some((report) => regional.has(canonicalAgency(agencies, report.agency)))) regionReports.push(...group);
    for (const figure of figuresOf(group, agencies, anomalySettings)) figures.push(figure);
  }
  const district = districtOf(figures, agencies, anomalySettings);
  findings.push(...inScope('district').flatMap((rule) => rule.check({ reports: [], submissions: [], agencies, anomaly: anomalySettings, district })));
  findings.push(...inScope('regions').flatMap((rule) => rule.check({ reports: regionReports, submissions: [], agencies })));
  findings.push(...inScope('submissions').flatMap((rule) => rule.check({ reports: [], submissions, agencies })));
  return sortCrossFindings(findings);
}
