/**
 * Reading numbers out of cleaned reports for the desk: a field by its dotted path, the
 * district's totals of a year (applications received, results by kind), an agency's key
 * figures by year.
 */
import type { Agencies } from '../../model/agencies';
import { nodeAt } from '../../model/sum';
import type { ReportParts } from '../../store/api';
import type { CleanedReport } from '../../store/types';

/** The value at a dotted path of a cleaned report: a number, null (unreadable), undefined (no such field). */
export function valueAt(report: CleanedReport | ReportParts, path: string): number | null | undefined {
  const node = nodeAt(report, path);
  return typeof node === 'number' ? node : node === null ? null : undefined;
}

/** The kinds of result the template's 三、本年度办理结果 groups its rows into. */
export const RESULT_KINDS: { key: string; label: string; color: string }[] = [
  { key: 'granted', label: '予以公开', color: '#2e7d32' },
  { key: 'partial', label: '部分公开', color: '#7cb342' },
  { key: 'withheld', label: '不予公开', color: '#c62828' },
  { key: 'unavailable', label: '无法提供', color: '#f9a825' },
  { key: 'notProcessed', label: '不予处理', color: '#6d4c41' },
  { key: 'other', label: '其他处理', color: '#78909c' },
];

/** Sum of every `total` under a subtree (a result row or its sub-rows), nulls as 0. */
function totalUnder(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  const record = node as Record<string, unknown>;
  if (typeof record.total === 'number' || record.total === null) return typeof record.total === 'number' ? record.total : 0;
  let sum = 0;
  for (const child of Object.values(record)) sum += totalUnder(child);
  return sum;
}

export interface YearTotals {
  year: number;
  reports: number;
  received: number;
  results: number[];
}

/** What districtTotals reads of each report (StoreView.currentParts). */
export const TOTALS_PATHS = ['applications.received.total', 'applications.results'];

/** A year's totals over the reports of agencies that are not regions (a region's own figures already sum its members'). */
export function districtTotals(reports: readonly ReportParts[], agencies: Agencies): YearTotals[] {
  const regions = new Set(agencies.agencies.filter((a) => (a.members ?? []).length > 0).map((a) => a.name));
  const byYear = new Map<number, YearTotals>();
  for (const report of reports) {
    if (regions.has(report.agency)) continue;
    let totals = byYear.get(report.year);
    if (!totals) byYear.set(report.year, (totals = { year: report.year, reports: 0, received: 0, results: RESULT_KINDS.map(() => 0) }));
    totals.reports++;
    totals.received += valueAt(report, 'applications.received.total') ?? 0;
    const results = (report.applications as Record<string, unknown> | undefined)?.results as Record<string, unknown> | undefined;
    RESULT_KINDS.forEach((kind, i) => (totals.results[i] += totalUnder(results?.[kind.key])));
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
