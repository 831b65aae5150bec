/**
 * What the store hands to the pipeline and the views: records read from out/nianbao.db.
 * The views (review, serve, status, feedback, compile, export) read only these.
 */
import type { Finding } from '../model/finding';
import type { Edition } from '../model/template';
import type { CleanedReport } from '../validate';

export type SubmissionStatus = 'clean' | 'discrepancies' | 'rejected';

/** One file ever imported or rejected, as the store keeps it. */
export interface SubmissionRecord {
  id: number;
  sha256: string;
  /** The file's name as the run knew it (relative to the inbox, or the path given to import). */
  file: string;
  /** Canonical agency (agencies.yaml) and the name as the department wrote it; null when unknown. */
  agency: string | null;
  agencyAsWritten: string | null;
  year: number | null;
  status: SubmissionStatus;
  /** For a rejected file: its PARSE.* rule and cause. */
  rule: string | null;
  cause: string | null;
  /** For a rejected file: why, in Chinese (its PARSE.* finding's message). */
  reason: string | null;
  mapping: string | null;
  edition: Edition | null;
  importedAt: string;
  runId: string;
  /** The agency-year's current report is this one. */
  current: boolean;
  /** The submission that replaced this one, if any. */
  supersededBy: number | null;
  /** The file's extension as sent (xlsx, xls, csv, …), for downloads and the feedback copy. */
  extension: string;
}

/** A run as the store remembers it. */
export interface RunRecord {
  id: string;
  command: 'run' | 'import';
  startedAt: string;
  finishedAt: string | null;
  /** The run's summary.json, once the run finished. */
  summary: unknown;
}

/** What the ledger remembers of an inbox entry: enough to skip it when unchanged. */
export interface LedgerEntry {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  fingerprint: string;
  submissionId: number;
  agency: string | null;
  year: number | null;
}

/** One evaluated submission, as the pipeline hands it to the store (a rejected one has no report). */
export interface SubmissionInput {
  file: string;
  sha256: string;
  mtimeMs: number;
  agency: string | null;
  agencyAsWritten: string | null;
  year: number | null;
  status: SubmissionStatus;
  rule: string | null;
  cause: string | null;
  mapping: string | null;
  edition: Edition | null;
  importedAt: string;
  /** The cleaned report as compact JSON text, made where it was parsed: kept, and published, as it is. */
  report: string | null;
  findings: Finding[];
  /** In a workbook of several reports, this report's sheets (joined with 、); absent or '' for a file of one report. */
  sheet?: string;
}

/** Where a submission came from: an inbox entry (the ledger records it), or its kept original (re-evaluated). */
export type SubmissionSource =
  | { kind: 'file'; path: string; size: number }
  | { kind: 'original'; submissionId: number };

/** What recording a submission did to its agency-year. */
export interface Recorded {
  submissionId: number;
  /** It is now the agency-year's current report. */
  current: boolean;
  /** The file of the submission that is current instead (a newer one), when not current. */
  supersededBy: string | null;
  /** The file of the previous current report it replaced, if any. */
  replaced: string | null;
  /** Where its cleaned report is published, when current. */
  cleanedPath: string | null;
  /** Where a rejected file's copy is published. */
  quarantined: string | null;
}

export type { CleanedReport };
