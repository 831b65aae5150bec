/**
 * A submission's published files: cleaned/<year>/<agency>.json for a current report,
 * quarantine/<sha8>-<name> and its .reason.json for a rejected file the ledger holds, and
 * the published table that remembers every published file as written (size, mtime) so
 * verifyPublished can tell one missing or changed. Also notes the run files runs.ts writes.
 *
 * Writes files only from what the database has committed (after the transaction that
 * changed them), never inside it; removes only files the published table says are its own.
 * The files of several submissions are noted in one transaction of their own (publish).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../model/finding';
import { renderMessage } from '../reconcile/messages';
import { copyAtomic, writeAtomic } from './atomic';
import type { StoreContext } from './context';
import { safeName } from './names';
import type { SubmissionRow } from './rows';

export class Published {
  constructor(private readonly ctx: StoreContext) {}

  cleanedPath(year: number, agency: string): string {
    return path.join(this.ctx.root, 'cleaned', String(year), `${safeName(agency)}.json`);
  }

  quarantinePath(sha256: string, file: string): string {
    return path.join(this.ctx.root, 'quarantine', `${sha256.slice(0, 8)}-${safeName(path.basename(file))}`);
  }

  /** What a submission publishes: its cleaned report when current, its quarantined copy and reason while rejected and held. */
  private desired(id: number): Array<{ file: string; write: () => void }> {
    // The report only when current, the findings only when rejected: a first night publishes a thousand of them.
    const row = this.ctx.sql(`SELECT current, status, year, agency, sha256, file, rule, cause,
      CASE WHEN current = 1 THEN report END AS report, CASE WHEN status = 'rejected' THEN findings END AS findings,
      EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id) AS held FROM submissions s WHERE id = ?`).get(id) as
      (Pick<SubmissionRow, 'current' | 'status' | 'year' | 'agency' | 'sha256' | 'file' | 'rule' | 'cause' | 'findings'> & { report: string | null; held: number }) | undefined;
    if (!row) return [];
    if (row.current === 1 && row.report !== null) {
      const file = this.cleanedPath(row.year!, row.agency!);
      // Published as the database keeps it, compact: indenting it again (parsed, then written
      // out at 27 KB rather than 16 KB) was a second of a first night's 1,000 files.
      return [{ file, write: () => writeAtomic(file, `${row.report!}\n`, { syncWith: this.ctx.unsynced }) }];
    }
    if (row.status === 'rejected' && row.held === 1) {
      const copy = this.quarantinePath(row.sha256, row.file);
      const findings = JSON.parse(row.findings) as Finding[];
      const reason = { file: row.file, sha256: row.sha256, rule: row.rule, cause: row.cause, reason: findings[0] ? renderMessage(findings[0]) : null, findings: findings.map((f) => ({ ...f, message: renderMessage(f) })) };
      const original = this.ctx.originalPath(row.sha256);
      return [
        ...(fs.existsSync(original) ? [{ file: copy, write: () => copyAtomic(original, copy, this.ctx.unsynced) }] : []),
        { file: `${copy}.reason.json`, write: () => writeAtomic(`${copy}.reason.json`, JSON.stringify(reason, null, 2) + '\n', { syncWith: this.ctx.unsynced }) },
      ];
    }
    return [];
  }

  /**
   * Brings submissions' published files in line with the database, noting them in one
   * transaction: noted one by one, each note was a commit of its own (a thousand on a first
   * night), each writing the published table's pages to the log again (7,000 of a first
   * night's 34,000 writes to the database). A note that never commits leaves its file for
   * verifyPublished, which publishes a submission with nothing noted, or noted as stale.
   * Returns the files written, relative to out/.
   */
  publish(ids: Iterable<number>): string[] {
    const list = [...ids];
    if (list.length === 0) return []; // an unchanged night's batches: no transaction to open
    return this.ctx.transaction(() => list.flatMap((id) => this.publishSubmission(id)));
  }

  /** Brings a submission's published files in line with the database: the wanted written, its stale ones removed. */
  private publishSubmission(id: number): string[] {
    const wanted = this.desired(id);
    const wantedPaths = new Set(wanted.map((w) => this.ctx.relative(w.file)));
    for (const stale of this.ctx.sql('SELECT path FROM published WHERE submission_id = ?').all(id) as Array<{ path: string }>) {
      if (wantedPaths.has(stale.path)) continue;
      // Another submission may publish the same path now (a resubmission): only ours goes.
      const owner = this.ctx.sql('SELECT submission_id AS id FROM published WHERE path = ?').get(stale.path) as { id: number };
      if (owner.id === id) {
        fs.rmSync(path.join(this.ctx.root, stale.path), { force: true });
        this.ctx.sql('DELETE FROM published WHERE path = ?').run(stale.path);
      }
    }
    for (const w of wanted) {
      w.write();
      this.notePublished(id, w.file);
    }
    return [...wantedPaths];
  }

  /** After the transaction that touched them commits: the touched submissions' files published. */
  publishTouched(): void {
    this.publish(this.ctx.touched);
    this.ctx.touched.clear();
  }

  /**
   * Within the transaction that changes them: the touched submissions' published files no
   * longer match what they were written with, so a process killed before it writes them
   * again leaves verifyPublished something to rewrite (their size and mtime would still match).
   */
  markUnpublished(): void {
    for (const id of this.ctx.touched) this.ctx.sql('UPDATE published SET size = -1 WHERE submission_id = ?').run(id);
  }

  /** Remembers a published file as written (size, mtime), so verifyPublished finds it missing or changed. */
  notePublished(id: number, file: string): void {
    const stat = fs.statSync(file);
    this.ctx.sql(`INSERT INTO published (path, submission_id, size, mtime_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT (path) DO UPDATE SET submission_id = excluded.submission_id, size = excluded.size, mtime_ms = excluded.mtime_ms`)
      .run(this.ctx.relative(file), id, stat.size, stat.mtimeMs);
  }
}
