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
  /** Years with any submission, ascending. */
  years(): number[];
  /** The current report of each agency-year (optionally of one year or one canonical agency), by year then agency. */
  currentReports(filter?: { year?: number; agency?: string }): CleanedReport[];
  currentReport(agency: string, year: number): CleanedReport | null;
  /** Every submission (imported, superseded, rejected), newest first. */
  submissions(filter?: { year?: number; agency?: string }): SubmissionRecord[];
  submission(id: number): SubmissionRecord | null;
  /** The original bytes of a submission (out/originals/<sha256>), null when not kept. */
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
