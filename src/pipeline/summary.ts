import type { InboxFile, InboxProblem, NameEncoding } from '../discover';
import type { StatedFinding } from '../model/finding';
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
  /** In a workbook of several reports (a line per report), the sheets this line's report was read from. */
  sheets?: string[];
  /** Why a file was rejected, skipped or failed. */
  rule?: string;
  /** A rejected file's PARSE.* cause. */
  cause?: string;
  reason?: string;
  quarantined?: string;
  /** What the rule's reason leaves out: an errno code, the kind of file, a link's target. */
  detail?: string;
  /** The file's name on disk was not UTF-8: `file` is it decoded (gb18030) or with \\xNN escapes (bytes). */
  nameEncoding?: NameEncoding;
  /** That name's bytes, in hex, to find the file by. */
  nameHex?: string;
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

/** The findings a run found, by the state operators' decisions give them (open and lapsed still ask for work). */
export type StateCounts = Record<StatedFinding['state'], number>;

export interface RunSummary extends RunMeta {
  counts: RunCounts;
  states: StateCounts;
  crossFile: CrossSummary;
  files: FileEntry[];
}

/** The summary from its entries: counts are derived, never kept alongside. */
export function summarize(meta: RunMeta, files: FileEntry[], crossFile: CrossSummary, found: readonly Pick<StatedFinding, 'state'>[]): RunSummary {
  const counts: RunCounts = { files: files.length, imported: 0, rejected: 0, skipped: 0, failed: 0, clean: 0, discrepancies: 0, errors: 0, warnings: 0 };
  for (const f of files) {
    counts[f.status]++;
    if (f.result) counts[f.result]++;
    counts.errors += f.errors;
    counts.warnings += f.warnings;
  }
  const states: StateCounts = { open: 0, explained: 0, 'false-positive': 0, lapsed: 0 };
  for (const f of found) states[f.state]++;
  return { ...meta, counts, states, crossFile, files };
}

/**
 * The line of an entry that ended without a result (never read, unreadable, vanished, or its
 * result could not be written): skipped, with its rule and reason; the ledger does not record
 * it, so the next run tries it again.
 */
export function problemEntry(file: InboxFile, problem: InboxProblem): FileEntry {
  return { file: file.name, status: 'skipped', agency: null, year: null, errors: 0, warnings: 0, rule: problem.rule, reason: problem.reason, ...(problem.detail ? { detail: problem.detail } : {}), ...nameOf(file), durationMs: 0 };
}

/** How a name that was not UTF-8 was shown, for any line of the summary. */
export const nameOf = (file: InboxFile): Pick<FileEntry, 'nameEncoding' | 'nameHex'> =>
  file.nameEncoding && file.raw ? { nameEncoding: file.nameEncoding, nameHex: nameBytes(file).toString('hex') } : {};

/** The bytes of the file's name relative to the inbox (the end of its raw path). */
function nameBytes(file: InboxFile): Buffer {
  const raw = file.raw!;
  const segments = file.name.split('/').length;
  let start = raw.length;
  for (let i = 0; i < segments && start > 0; i++) start = raw.lastIndexOf(0x2f, start - 1);
  return raw.subarray(start + 1);
}
