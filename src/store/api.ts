/**
 * What the views may ask of the store (the review table, the desk, status, feedback, compile,
 * export). The Store class implements it over out/nianbao.db; views depend on this
 * interface only, so a view never opens the database or joins a path under out/.
 */
import type { Decision, DecisionKind, Severity, StatedFinding } from '../model/finding';
import type { CleanedReport } from '../validate';
import type { RunRecord, SubmissionRecord } from './types';

export interface FindingFilter {
  /** Any of the agency's names: resolved to its canonical name by the caller (Agencies). */
  agency?: string;
  year?: number;
  severity?: Severity;
  rule?: string;
}

/** A current report cut down to some of its subtrees (StoreView.currentParts). */
export type ReportParts = Pick<CleanedReport, 'agency' | 'year'> & Record<string, unknown>;

/** The subtrees at `paths` of a report, nested as in the report: what currentParts gives. */
export function partsOf(report: CleanedReport, paths: readonly string[]): ReportParts {
  const parts: ReportParts = { agency: report.agency, year: report.year };
  for (const path of paths) {
    let from: unknown = report;
    for (const key of path.split('.')) from = from !== null && typeof from === 'object' ? (from as Record<string, unknown>)[key] : undefined;
    if (from !== undefined) setAt(parts, path, from);
  }
  return parts;
}

/** Sets `value` at a dotted path of `target`, making the objects on the way. */
export function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

export interface DecisionInput {
  key: string;
  decision: DecisionKind;
  reason: string;
  by: string;
}

/** A finding that had a decision and is no longer in force (已消除), for an agency-year's history. */
export interface ClearedFinding {
  key: string;
  rule: string;
  decision: Decision;
}

export type DocumentKind = 'feedback' | 'compiled' | 'exports';

export interface StoreView {
  /**
   * Runs `read` in one read transaction: every query it makes sees the same state of the
   * store, whatever another process commits meanwhile (a page drawn during a run never shows
   * 已通过 above open findings). `read` must not write.
   */
  snapshot<T>(read: () => T): T;
  /** Years with any submission, ascending. */
  years(): number[];
  /** The current report of each agency-year (optionally of one year or one canonical agency), by year then agency. */
  currentReports(filter?: { year?: number; agency?: string }): CleanedReport[];
  currentReport(agency: string, year: number): CleanedReport | null;
  /**
   * Every current report cut down to its agency, year and the subtrees at `paths`
   * (`applications.results`): totals over a whole store without parsing whole reports.
   */
  currentParts(paths: readonly string[]): ReportParts[];
  /** Every submission (imported, superseded, rejected), newest first. */
  submissions(filter?: { year?: number; agency?: string }): SubmissionRecord[];
  submission(id: number): SubmissionRecord | null;
  /**
   * The original bytes of a submission (out/originals/<sha256>), checked against the hash,
   * null when not kept; throws OriginalLostError when they are damaged and no file still
   * holds them.
   */
  original(sha256: string): Buffer | null;
  /** The findings in force (file and cross-file), with their states, in a stable order. */
  findings(filter?: FindingFilter): StatedFinding[];
  /** What one run found (its discrepancies.jsonl), with today's states. */
  runFindings(runId: string): StatedFinding[];
  /** Decided findings no longer in force for an agency-year (已消除). */
  clearedFindings(agency: string, year: number): ClearedFinding[];
  /** Every decision on a key, oldest first. */
  decisions(key: string): Decision[];
  /** Appends to out/decisions.jsonl and indexes it; throws UnknownFindingError for a key not in force. */
  decide(input: DecisionInput): Decision;
  runs(): RunRecord[];
  latestRun(): RunRecord | null;
  /**
   * Writes a document whole (checked length, fsync, rename) under out/<kind>/<year>/<name>.<ext>
   * (name made a safe file name), and returns its path.
   */
  publishDocument(kind: DocumentKind, year: number | null, name: string, extension: string, bytes: Buffer | string): string;
  /** Where publishDocument puts (or put) that document. */
  documentPath(kind: DocumentKind, year: number | null, name: string, extension: string): string;
  /**
   * Removes a published document that no longer applies (a feedback workbook once its
   * agency-year has no open finding); returns whether there was one.
   */
  removeDocument(kind: DocumentKind, year: number | null, name: string, extension: string): boolean;
}

/** A decision names a key that no finding in force has. */
export class UnknownFindingError extends Error {
  constructor(readonly key: string) {
    super(`no finding in force has the key ${key}`);
  }
}

/** A kept original is damaged (its bytes no longer hash to its name) and no file it came from still holds them. */
export class OriginalLostError extends Error {
  readonly code = 'ORIGINAL_LOST';
  constructor(readonly sha256: string, readonly file: string) {
    super(`the kept original ${file} is damaged (its bytes no longer have their sha256) and no file it came from still holds them`);
  }
}
