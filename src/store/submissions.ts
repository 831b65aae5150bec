/**
 * The submissions: the submissions table (every file's evaluation: its report, its file
 * findings, whether it is its agency-year's current report), recording one file's result
 * (record: submission, ledger entry, current report, findings in force and the run's record
 * in one transaction) and the reads of current reports and submissions the views make.
 *
 * Never writes a published file inside its transaction: the touched submissions are
 * published after the commit (published.ts). Never deletes a submission.
 */
import { newestFirst } from '../reconcile/cross/duplicates';
import type { CleanedReport } from '../validate';
import { setAt, type ReportParts } from './api';
import { conditions, type StoreContext } from './context';
import type { Findings } from './findings';
import type { Published } from './published';
import { currentRow, SUBMISSION_COLUMNS, submissionRow, toRecord, type SubmissionRow } from './rows';
import type { Recorded, SubmissionInput, SubmissionRecord, SubmissionSource } from './types';

export class Submissions {
  constructor(private readonly ctx: StoreContext, private readonly findings: Findings, private readonly published: Published) {}

  /**
   * One file's result, in one transaction: the submission (re-evaluated in place when the
   * ledger entry or original already holds these bytes), the ledger entry, the agency-years'
   * current reports, the findings in force, and the run's record of the findings. Then its
   * published files are written. Within recordTogether, a savepoint of the batch's
   * transaction, its published files written with the batch's.
   */
  record(runId: string, source: SubmissionSource | { kind: 'kept' }, input: SubmissionInput, fingerprint: string): Recorded {
    return this.recordFile(runId, [{ source, input }], fingerprint)[0];
  }

  /**
   * A file's reports, in one transaction: each as record() records one, its ledger row keyed
   * by the file's path and the report's sheets (input.sheet, '' for a file of one report).
   * The file's ledger rows of sheets it no longer holds a report on are dropped (their
   * reports stay, as a file gone from the inbox leaves them).
   */
  recordFile(runId: string, reports: ReadonlyArray<{ source: SubmissionSource | { kind: 'kept' }; input: SubmissionInput }>, fingerprint: string): Recorded[] {
    const { ctx } = this;
    const batched = ctx.db.inTransaction;
    const result = ctx.transaction((): Recorded[] => {
      const fileSource = reports.find((r) => r.source.kind === 'file')?.source as { path: string } | undefined;
      if (fileSource) {
        const kept = new Set(reports.map((r) => r.input.sheet ?? ''));
        const rows = ctx.sql('SELECT sheet, submission_id AS id FROM files WHERE path = ?').all(fileSource.path) as Array<{ sheet: string; id: number }>;
        for (const row of rows.filter((r) => !kept.has(r.sheet))) {
          ctx.sql('DELETE FROM files WHERE path = ? AND sheet = ?').run(fileSource.path, row.sheet);
          this.findings.syncFileFindings(row.id);
        }
      }
      const recorded = reports.map(({ source, input }) => this.recordReport(runId, source, input, fingerprint));
      if (!batched) this.published.markUnpublished();
      return recorded;
    });
    if (!batched) this.published.publishTouched();
    return result;
  }

  /**
   * Several files' record()s as one transaction, each a savepoint of it (one that throws rolls
   * back alone and the others stand): the pages every file changes (indexes, the run's rows)
   * reach the log once a batch rather than once a file. The touched submissions' published
   * files are marked inside it and written after its commit.
   */
  recordTogether<T>(work: () => T): T {
    const result = this.ctx.transaction(() => {
      const done = work();
      this.published.markUnpublished();
      return done;
    });
    this.published.publishTouched();
    return result;
  }

  /** One report's submission, ledger row, current reports and findings, inside recordFile's transaction. */
  private recordReport(runId: string, source: SubmissionSource | { kind: 'kept' }, input: SubmissionInput, fingerprint: string): Recorded {
    const { ctx } = this;
    const sheet = input.sheet ?? '';
    const previousId = source.kind === 'kept' ? undefined : source.kind === 'original'
      ? source.submissionId
      : (ctx.sql('SELECT submission_id AS id FROM files WHERE path = ? AND sheet = ? AND sha256 = ?').get(source.path, sheet, input.sha256) as { id: number } | undefined)?.id;
    const before = previousId === undefined ? undefined : submissionRow(ctx, previousId);
    const values = {
      sha256: input.sha256, file: input.file, mtime_ms: input.mtimeMs, agency: input.agency, agency_as_written: input.agencyAsWritten,
      year: input.year, status: input.status, rule: input.rule, cause: input.cause, mapping: input.mapping, edition: input.edition,
      imported_at: input.importedAt, run_id: runId, report: input.report,
      findings: JSON.stringify(input.findings), fingerprint,
    };
    let id: number;
    if (before) {
      id = before.id;
      ctx.sql(`UPDATE submissions SET sha256 = @sha256, file = @file, mtime_ms = @mtime_ms, agency = @agency,
        agency_as_written = @agency_as_written, year = @year, status = @status, rule = @rule, cause = @cause, mapping = @mapping,
        edition = @edition, imported_at = @imported_at, run_id = @run_id, report = @report, findings = @findings,
        fingerprint = @fingerprint, current = 0 WHERE id = @id`).run({ ...values, id });
    } else {
      id = Number(ctx.sql(`INSERT INTO submissions (sha256, file, mtime_ms, agency, agency_as_written, year, status, rule, cause,
        mapping, edition, imported_at, run_id, report, findings, fingerprint) VALUES (@sha256, @file, @mtime_ms, @agency,
        @agency_as_written, @year, @status, @rule, @cause, @mapping, @edition, @imported_at, @run_id, @report, @findings,
        @fingerprint)`).run(values).lastInsertRowid);
    }
    const replacedEntry = source.kind === 'file'
      ? (ctx.sql('SELECT submission_id AS id FROM files WHERE path = ? AND sheet = ?').get(source.path, sheet) as { id: number } | undefined)
      : undefined;
    if (source.kind === 'file') {
      ctx.sql(`INSERT INTO files (path, sheet, name, size, mtime_ms, sha256, fingerprint, submission_id, run_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path, sheet) DO UPDATE SET name = excluded.name, size = excluded.size,
        mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, fingerprint = excluded.fingerprint,
        submission_id = excluded.submission_id, run_id = excluded.run_id`)
        .run(source.path, sheet, input.file, source.size, input.mtimeMs, input.sha256, fingerprint, id, runId);
    }
    if (replacedEntry && replacedEntry.id !== id) this.findings.syncFileFindings(replacedEntry.id);
    const previousCurrent = input.agency !== null && input.year !== null ? currentRow(ctx, input.agency, input.year) : undefined;
    if (before && before.agency !== null && before.year !== null && (before.agency !== input.agency || before.year !== input.year)) {
      this.elect(before.agency, before.year, null);
    }
    const winner = input.agency !== null && input.year !== null ? this.elect(input.agency, input.year, input.status === 'rejected' ? null : id) : null;
    this.findings.syncFileFindings(id);
    this.findings.recordRunFindings(runId, input.findings);
    const current = winner === id;
    return {
      submissionId: id,
      current,
      supersededBy: !current && winner !== null && input.status !== 'rejected' ? submissionRow(ctx, winner)!.file : null,
      replaced: current && previousCurrent && previousCurrent.id !== id ? previousCurrent.file : null,
      cleanedPath: current ? this.published.cleanedPath(input.year!, input.agency!) : null,
      quarantined: input.status === 'rejected' ? this.published.quarantinePath(input.sha256, input.file) : null,
    };
  }

  /**
   * Which submission is an agency-year's current report: the newest (mtime, then name) of
   * the imported ones the ledger holds and `incoming`; with none of those, the current one
   * stays. The one it replaces is marked superseded by it.
   */
  private elect(agency: string, year: number, incoming: number | null): number | null {
    const candidates = this.ctx.sql(`
      SELECT s.id, s.file, s.mtime_ms AS mtimeMs FROM submissions s
      WHERE s.agency = ? AND s.year = ? AND s.status != 'rejected'
        AND (s.id = ? OR EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id))`).all(agency, year, incoming ?? -1) as Array<{ id: number; file: string; mtimeMs: number }>;
    const held = currentRow(this.ctx, agency, year);
    const valid = held && held.status !== 'rejected' ? held.id : null;
    const winner = candidates.length > 0 ? [...candidates].sort((a, b) => newestFirst({ ...a, agency, year }, { ...b, agency, year }))[0].id : valid;
    if (held && held.id !== winner) {
      this.ctx.sql('UPDATE submissions SET current = 0, superseded_by = ? WHERE id = ?').run(winner, held.id);
      this.findings.syncFileFindings(held.id);
    }
    if (winner !== null && (!held || held.id !== winner)) {
      this.ctx.sql('UPDATE submissions SET current = 1, superseded_by = NULL WHERE id = ?').run(winner);
      this.findings.syncFileFindings(winner);
    }
    return winner;
  }

  /** The current reports, an agency at a time (by canonical name, code-point order), each by year. */
  *currentReportGroups(): Generator<CleanedReport[]> {
    let group: CleanedReport[] = [];
    let agency: string | null = null;
    // In the order of the current reports' own index: left to choose, SQLite sorted every
    // report's text in memory (temp_store = MEMORY), 160 MB more at 10,000 reports.
    const rows = this.ctx.sql('SELECT agency, report FROM submissions INDEXED BY submissions_current WHERE current = 1 ORDER BY agency, year').iterate() as Iterable<{ agency: string; report: string }>;
    for (const row of rows) {
      if (row.agency !== agency && group.length > 0) {
        yield group;
        group = [];
      }
      agency = row.agency;
      group.push(JSON.parse(row.report) as CleanedReport);
    }
    if (group.length > 0) yield group;
  }

  years(): number[] {
    return (this.ctx.sql('SELECT DISTINCT year FROM submissions WHERE year IS NOT NULL ORDER BY year').all() as Array<{ year: number }>).map((r) => r.year);
  }

  currentReports(filter: { year?: number; agency?: string } = {}): CleanedReport[] {
    const { where, values } = conditions({ current: 1, year: filter.year, agency: filter.agency });
    const rows = this.ctx.sql(`SELECT report FROM submissions WHERE ${where} ORDER BY year, agency`).all(values) as Array<{ report: string }>;
    return rows.map((r) => JSON.parse(r.report) as CleanedReport);
  }

  currentParts(paths: readonly string[]): ReportParts[] {
    // json_extract in SQLite, then parse only the subtrees: 1 s instead of 4 s over 10,000 reports.
    if (!paths.every((p) => /^[A-Za-z.]+$/.test(p))) throw new Error(`not a report path: ${paths.join(', ')}`);
    const columns = paths.map((p, i) => `json_quote(json_extract(report, '$.${p}')) AS p${i}`).join(', ');
    const rows = this.ctx.sql(`SELECT agency, year${columns ? `, ${columns}` : ''} FROM submissions WHERE current = 1 ORDER BY year, agency`).all() as Array<Record<string, unknown>>;
    return rows.map((row) => {
      const parts: ReportParts = { agency: row.agency as string, year: row.year as number };
      paths.forEach((p, i) => {
        const value = row[`p${i}`];
        // json_quote: every value comes as JSON text (an absent path as SQL NULL).
        if (typeof value === 'string') setAt(parts, p, JSON.parse(value));
      });
      return parts;
    });
  }

  currentReport(agency: string, year: number): CleanedReport | null {
    return this.currentReports({ agency, year })[0] ?? null;
  }

  submissions(filter: { year?: number; agency?: string } = {}): SubmissionRecord[] {
    const { where, values } = conditions({ year: filter.year, agency: filter.agency });
    const rows = this.ctx.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${where} ORDER BY mtime_ms DESC, id DESC`).all(values) as SubmissionRow[];
    return rows.map(toRecord);
  }

  submission(id: number): SubmissionRecord | null {
    const row = submissionRow(this.ctx, id);
    return row ? toRecord(row) : null;
  }
}
