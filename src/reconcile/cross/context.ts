/**
 * What the cross-file rules (X.*) share: the context they run over (every cleaned report in
 * the store and agencies.yaml), the finding they produce (a Finding plus the file, agency and
 * year it is on), and helpers to read a cleaned report's numbers and pair up its years.
 *
 * A finding is on this year's (or the region's) file and cells; its message names the other
 * side by its file and, where the cleaned report knows it, its cell (source.cells).
 */
import { canonicalAgency, type Agencies } from '../../model/agencies';
import type { AnomalySettings } from '../../model/anomaly';
import type { Finding } from '../../model/finding';
import type { Edition } from '../../model/template';
import type { CleanedReport } from '../../validate';
import { draftOf, type Draft, type RuleId, type RuleParams } from '../../model/draft';
import { toFinding } from '../finding';
import { cellRef } from '../messages';
import type { District } from './anomaly/district';

export interface CrossContext {
  /** Every cleaned report in the store (at most one per agency and year). */
  reports: readonly CleanedReport[];
  /** Every imported submission the ledger knows, including those another one superseded. */
  submissions: readonly Submission[];
  agencies: Agencies;
  /** mappings/anomaly.yaml (the defaults when absent). */
  anomaly?: AnomalySettings;
  /** The covered figures of every agency-year, for rules of scope `district` (built from `reports` when absent). */
  district?: District;
}

/** An imported submission for an agency and year, as the ledger remembers it. */
export interface Submission {
  file: string;
  mtimeMs: number;
  agency: string;
  year: number;
}

/** A finding of a cross-file rule, on the file it was found on (the other file is in its message). */
export type CrossFinding = Finding & { agency: string; year: number };

/**
 * What a rule looks at, so the run can hand it only that (reconcileByGroup) rather than the
 * whole store: `agency`, one agency's years (its findings for an agency depend on that
 * agency's reports alone); `regions`, the regions of agencies.yaml and their members;
 * `submissions`, the ledger's submissions only; `district`, the covered figures of every
 * agency-year (ANOMALY.*: an agency's history and its peers), not the reports.
 */
export type CrossScope = 'agency' | 'regions' | 'submissions' | 'district';

/** A pure check over the whole store (or the part of it its scope says it needs). */
export interface CrossRule {
  id: string;
  scope: CrossScope;
  check(ctx: CrossContext): CrossFinding[];
}

/** The report a cross-file finding is on. */
export interface Side {
  file: string;
  agency: string;
  year: number;
}

/** A draft as a finding on one side. */
export const onSide = (side: Side, draft: Draft): CrossFinding => toFinding(draft, side) as CrossFinding;

/** A cleaned report's edition (the schema guarantees one of the two). */
export const editionOf = (report: CleanedReport): Edition => report.edition;

/** valueAt and exactSum live in model/sum.ts, with the summing X.rollup and compile share. */
export { exactSum, valueAt } from '../../model/sum';

/** Two numbers as equal as exactSum makes them. */
export const same = (a: number, b: number): boolean => Math.round(a * 100) === Math.round(b * 100);

/** Code-point order: stable whatever the locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The store by canonical agency and year. Should two reports claim one agency-year (the store
 * keeps one, so only if a caller passes more), the last imported wins, then the later file name.
 */
export function byAgencyYear(ctx: CrossContext): Map<string, Map<number, CleanedReport>> {
  const index = new Map<string, Map<number, CleanedReport>>();
  for (const report of ctx.reports) {
    const agency = canonicalAgency(ctx.agencies, report.agency);
    const years = index.get(agency) ?? new Map<number, CleanedReport>();
    index.set(agency, years);
    const held = years.get(report.year);
    if (!held || newer(report, held)) years.set(report.year, report);
  }
  return index;
}

const newer = (a: CleanedReport, b: CleanedReport): boolean => {
  const byTime = compareText(a.source.importedAt, b.source.importedAt);
  return byTime !== 0 ? byTime > 0 : compareText(a.source.file, b.source.file) > 0;
};

export interface YearPair {
  agency: string;
  previous: CleanedReport;
  current: CleanedReport;
}

/** Every agency's consecutive years (Y-1, Y) in the store, by agency then year. */
export function consecutiveYears(ctx: CrossContext): YearPair[] {
  const pairs: YearPair[] = [];
  const index = byAgencyYear(ctx);
  for (const agency of [...index.keys()].sort(compareText)) {
    const years = index.get(agency)!;
    for (const year of [...years.keys()].sort((a, b) => a - b)) {
      const previous = years.get(year - 1);
      if (previous) pairs.push({ agency, previous, current: years.get(year)! });
    }
  }
  return pairs;
}

/** The side of a pair the finding is on (this year's) and the params naming both files. */
export function pairSides(pair: YearPair): { side: Side; params: { year: number; file: string; previousYear: number; otherFile: string } } {
  const { agency, previous, current } = pair;
  return {
    side: { file: current.source.file, agency, year: current.year },
    params: { year: current.year, file: current.source.file, previousYear: previous.year, otherFile: previous.source.file },
  };
}

/** Cells of one sheet of a report, as a draft names them. */
export interface CellsAt {
  sheet: string | null;
  cells: string[];
}

/**
 * The cells a report read the given fields from, when it knows them all and they share a
 * sheet (messages refer to cells by position, so it is all or none).
 */
export function cellsAt(report: CleanedReport, paths: readonly string[]): CellsAt | null {
  const found = paths.map((path) => report.source.cells?.[path]);
  if (found.length === 0 || found.some((c) => c === undefined || c[0] !== found[0]![0])) return null;
  return { sheet: found[0]![0], cells: found.map((c) => c![1]) };
}

/** "年报!H20": where a report read a field, for naming the other side's cell in a message. */
export function cellName(report: CleanedReport, path: string): string | null {
  const at = cellsAt(report, [path]);
  return at && cellRef(at.sheet, at.cells[0]);
}

/** The other side's cells that are known, as message params. */
export const knownCells = (cells: Record<string, string | null>): Record<string, string> =>
  Object.fromEntries(Object.entries(cells).filter((entry): entry is [string, string] => entry[1] !== null));

/** A cross-file draft on this side's cells where known. */
export const crossDraft = <R extends RuleId>(
  rule: R,
  fields: string[],
  expected: number | null,
  actual: number | null,
  params: RuleParams[R],
  at: CellsAt | null = null,
): Draft => draftOf<R>({ rule, fields, sheet: at?.sheet ?? null, cells: at?.cells ?? [], expected, actual, params });
