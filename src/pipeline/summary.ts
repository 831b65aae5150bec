import type { Edition } from '../model/template';

/** One inbox file's line in a run's summary.json. */
export interface FileEntry {
  file: string;
  /** failed: nianbao itself failed on it (INTERNAL.error); not recorded, tried again next run. */
  status: 'imported' | 'rejected' | 'skipped' | 'failed';
  /** For an imported file: whether it has findings of severity error. */
  result?: 'clean' | 'discrepancies';
  agency: string | null;
  year: number | null;
  edition?: Edition;
  mapping?: string;
  cleanedPath?: string;
  /** A newer submission for the same agency and year is the current report instead (X.duplicate). */
  supersededBy?: string;
  errors: number;
  warnings: number;
  /** Why a file was rejected, skipped or failed. */
  rule?: string;
  /** A rejected file's PARSE.* cause. */
  cause?: string;
  reason?: string;
  quarantined?: string;
  durationMs: number;
}

export interface RunMeta {
  runId: string;
  command: 'run' | 'import';
  startedAt: string;
  finishedAt: string;
  inbox: string | null;
  out: string;
  jobs: number;
  /** True when the run was stopped (SIGTERM) before every file was handled. */
  interrupted: boolean;
}

export interface RunCounts {
  files: number;
  imported: number;
  rejected: number;
  skipped: number;
  failed: number;
  clean: number;
  discrepancies: number;
  errors: number;
  warnings: number;
}

/** The cross-file findings after this run, and how they changed since the last one. */
export interface CrossSummary {
  findings: number;
  errors: number;
  warnings: number;
  /** Findings this run raised that the last run did not have. */
  new: number;
  /** Findings of the last run that no longer hold (a corrected report cleared them). */
  cleared: number;
}

export interface RunSummary extends RunMeta {
  counts: RunCounts;
  crossFile: CrossSummary;
  files: FileEntry[];
}

/** The summary from its entries: counts are derived, never kept alongside. */
export function summarize(meta: RunMeta, files: FileEntry[], crossFile: CrossSummary): RunSummary {
  const counts: RunCounts = { files: files.length, imported: 0, rejected: 0, skipped: 0, failed: 0, clean: 0, discrepancies: 0, errors: 0, warnings: 0 };
  for (const f of files) {
    counts[f.status]++;
    if (f.result) counts[f.result]++;
    counts.errors += f.errors;
    counts.warnings += f.warnings;
  }
  return { ...meta, counts, crossFile, files };
}
