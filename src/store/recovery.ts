/**
 * What makes out/ whole and durable around a run: verifyPublished (every published file
 * checked against the database and written again from it), durable (the files written since
 * the last call fsynced, before a batch's transactions name them), sync (those, then the
 * database checkpointed), sweep (temporary files a killed process left) and backup (a copy
 * of the database's pages under backups/).
 *
 * Never decides what a file should hold: it asks the rooms that publish (published.ts,
 * runs.ts) to write it again from the database. Writes no table but meta's `sweep`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sweepTemporaryFiles, syncFiles } from './atomic';
import { RUN_FILE, type StoreContext } from './context';
import type { Originals } from './originals';
import type { Published } from './published';
import type { Runs } from './runs';

export class Recovery {
  constructor(private readonly ctx: StoreContext, private readonly published: Published, private readonly runs: Runs, private readonly originals: Originals) {}

  /**
   * Checks every published file against the database (size and mtime as written): one
   * missing, cut short or changed is written again; returns the paths restored. Also
   * publishes what a killed run committed but had not yet written.
   */
  verifyPublished(): string[] {
    const restored: string[] = [];
    // Rows as arrays (10,000 of them each night; better-sqlite3's row objects cost twice as much).
    const rows = this.ctx.sql('SELECT path, submission_id, size, mtime_ms FROM published').raw().all() as Array<[string, number, number, number]>;
    const restoredRuns = new Set<string>();
    const stale = new Set<number>();
    for (const [file, id, size, mtimeMs] of rows) {
      let stat: fs.Stats | undefined;
      try {
        // Concatenated rather than joined: the paths are ours, relative, and normalized.
        stat = fs.statSync(this.ctx.root + path.sep + file, { throwIfNoEntry: false });
      } catch {
        stat = undefined; // not a folder on the way, not readable: written again like a missing one
      }
      if (stat && stat.size === size && stat.mtimeMs === mtimeMs) continue;
      if (id !== RUN_FILE) {
        restored.push(file);
        stale.add(id);
      } else if (file === 'runs/latest.json') {
        const latest = this.runs.latestRun();
        if (!latest) continue;
        restored.push(file);
        this.runs.publishLatest(latest.id);
      } else {
        const runId = file.split('/')[1];
        if (!this.runs.hasRun(runId)) continue;
        restored.push(file);
        if (!restoredRuns.has(runId)) this.runs.publishRun(runId);
        restoredRuns.add(runId);
      }
    }
    this.published.publish(stale);
    // What should publish and has nothing published: a current report, a rejected file the ledger holds.
    const unpublished = this.ctx.sql(`
      SELECT id FROM submissions s WHERE current = 1 AND NOT EXISTS (SELECT 1 FROM published p WHERE p.submission_id = s.id)
      UNION ALL
      SELECT id FROM submissions s WHERE status = 'rejected' AND EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM published p WHERE p.submission_id = s.id)`).pluck().all() as number[];
    restored.push(...this.published.publish(unpublished));
    restored.push(...this.runs.republishMissingRuns());
    return restored;
  }

  /**
   * Makes the files written since the last call durable — kept originals and their records,
   * published files — fsynced together, files then folders. A run calls it before recording a
   * batch of files, so no transaction naming an original is committed before the original
   * is on disk: a power cut never leaves a submission whose bytes were lost.
   */
  async durable(): Promise<void> {
    this.originals.writeRecords();
    await this.ctx.unsynced.sync();
  }

  /** The end of a run: its files made durable, then the database (a checkpoint fsyncs the log and the file). */
  async sync(): Promise<void> {
    await this.durable();
    this.ctx.db.pragma('wal_checkpoint(FULL)');
  }

  /**
   * Removes what a killed process left: temporary files. Only after a process had the store
   * open when it ended without closing it (0.13 s over 10,000 reports, for nothing otherwise).
   */
  sweep(): string[] {
    if (this.ctx.meta('sweep') === null) return [];
    const removed = sweepTemporaryFiles(this.ctx.root, [path.join(this.ctx.root, 'quarantine')]);
    this.ctx.setMeta('sweep', null);
    return removed;
  }

  /**
   * A consistent copy of the database under backups/, the last `keep` kept. SQLite's online
   * backup copies its pages in one step, under one read transaction: in steps of 100 pages
   * it started again from the first page whenever another connection wrote, and beside
   * operators deciding at the desk one took 30 s; VACUUM INTO, which copies one snapshot too,
   * rebuilds every table and index on the way (0.23 s where the pages take 0.08 s at 1,000
   * reports). Needs no lock: a run takes it after releasing the output folder.
   */
  async backup(runId: string, keep = 7): Promise<string> {
    const dir = path.join(this.ctx.root, 'backups');
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `nianbao-${runId}.db`);
    const partial = `${target}.partial`;
    fs.rmSync(partial, { force: true });
    try {
      await this.ctx.db.backup(partial, { progress: () => ALL_PAGES });
    } catch (e) {
      // A full disk: no part of a copy left to take the space, and the error names the copy.
      fs.rmSync(partial, { force: true });
      throw Object.assign(e as Error, { file: target });
    }
    fs.renameSync(partial, target);
    syncFiles([target]);
    const all = fs.readdirSync(dir).filter((f) => /^nianbao-.*\.db$/.test(f)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
    return target;
  }
}

/** The pages a backup step may copy: all of them, in one step. */
const ALL_PAGES = 0x7fffffff;
