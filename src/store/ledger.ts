/**
 * The ledger: the files table, one row per inbox entry (or file given to import) with the
 * size, mtime and sha256 it was evaluated at and the submission it gave, so an unchanged
 * night decides from size and mtime alone.
 *
 * Never writes a submission or a report: an entry forgotten takes its findings out of force
 * (through the findings room) and republishes what that changes, nothing more. The
 * reports entries gave stay.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StoreContext } from './context';
import type { Findings } from './findings';
import type { Published } from './published';
import type { LedgerEntry } from './types';

export class Ledger {
  constructor(private readonly ctx: StoreContext, private readonly findings: Findings, private readonly published: Published) {}

  /** Every inbox entry the ledger knows, by path, with the agency and year of its submission. */
  ledger(): Map<string, LedgerEntry> {
    // Two reads rather than a join: the join looked each submission up in the table that holds
    // the reports, 10,000 scattered reads an unchanged night; agency and year come from an index.
    const agencyYear = new Map((this.ctx.sql('SELECT id, agency, year FROM submissions').raw().all() as Array<[number, string | null, number | null]>).map((row) => [row[0], row]));
    const rows = this.ctx.sql('SELECT path, name, size, mtime_ms, sha256, fingerprint, submission_id FROM files').raw().all() as Array<[string, string, number, number, string, string, number]>;
    const ledger = new Map<string, LedgerEntry>();
    // Rows as arrays, each entry built here: better-sqlite3's row objects cost twice as much.
    for (const [file, name, size, mtimeMs, sha256, fingerprint, submissionId] of rows) {
      const [, agency, year] = agencyYear.get(submissionId)!;
      ledger.set(file, { path: file, name, size, mtimeMs, sha256, fingerprint, submissionId, agency, year });
    }
    return ledger;
  }

  /** The same bytes under a new mtime: remembered so the next run decides from size and mtime alone. */
  touch(filePath: string, mtimeMs: number): void {
    this.ctx.sql('UPDATE files SET mtime_ms = ? WHERE path = ?').run(mtimeMs, filePath);
  }

  /**
   * Files that are gone are forgotten: an entry under `inbox` not `present` in it, and a file
   * given to import from elsewhere that no longer exists. They no longer count as submissions
   * (X.duplicate), a rejected one's findings leave force, and a file put back comes back as
   * new. The reports they gave stay.
   */
  forgetMissing(inbox: string, present: ReadonlySet<string>): string[] {
    this.ctx.touched.clear();
    const root = path.resolve(inbox) + path.sep;
    const gone = (this.ctx.sql('SELECT DISTINCT path FROM files').pluck().all() as string[]).filter((p) => (p.startsWith(root) ? !present.has(p) : isGone(p)));
    if (gone.length === 0) return gone;
    this.ctx.transaction(() => {
      for (const file of gone) {
        // A workbook of several reports has a ledger row per report.
        for (const { id } of this.ctx.sql('DELETE FROM files WHERE path = ? RETURNING submission_id AS id').all(file) as Array<{ id: number }>) this.findings.syncFileFindings(id);
      }
      this.published.markUnpublished();
    });
    this.published.publishTouched();
    return gone;
  }

  /** Current reports evaluated by another pipeline and not in the ledger: re-evaluated from their originals. */
  staleOriginals(fingerprint: string): Array<{ submissionId: number; file: string; sha256: string; mtimeMs: number }> {
    return this.ctx.sql(`
      SELECT id AS submissionId, file, sha256, mtime_ms AS mtimeMs FROM submissions s
      WHERE current = 1 AND fingerprint != ? AND NOT EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id)
      ORDER BY id`).all(fingerprint) as Array<{ submissionId: number; file: string; sha256: string; mtimeMs: number }>;
  }

  /** The imported submissions the ledger holds (for X.duplicate). */
  heldSubmissions(): Array<{ file: string; mtimeMs: number; agency: string; year: number }> {
    return this.ctx.sql(`SELECT f.name AS file, f.mtime_ms AS mtimeMs, s.agency, s.year FROM files f JOIN submissions s ON s.id = f.submission_id
      WHERE s.status != 'rejected' AND s.agency IS NOT NULL AND s.year IS NOT NULL ORDER BY f.path`).all() as Array<{ file: string; mtimeMs: number; agency: string; year: number }>;
  }
}

/**
 * No file is at `filePath` any more. A file there that can not be looked at (a folder without
 * permission: EACCES; a failing disk: EIO) is not gone: its row is kept.
 */
export function isGone(filePath: string): boolean {
  try {
    fs.statSync(filePath);
    return false;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}
