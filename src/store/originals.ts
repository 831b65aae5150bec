/**
 * The originals and the rebuild: out/originals/<sha256> (a submission's bytes, named by
 * their content) and originals/<sha256>.json (where they came from), and the meta keys
 * `rebuild` and `kept_records` that say whether a new database is still being rebuilt
 * from them.
 *
 * Never rewrites an original that exists (the name is the content) and never deletes one:
 * they are what a damaged or lost database is rebuilt from. Writes no table but meta.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyAtomic, writeAtomic } from './atomic';
import type { StoreContext } from './context';

/** What a kept original's record (originals/<sha256>.json) says of the file it came from. */
export interface KeptRecord {
  sha256: string;
  /** The file's name as the run knew it (relative to the inbox, or the path given to import). */
  file: string;
  /** The path it was read from (an inbox entry, or a file given to import). */
  path: string | null;
  size: number;
  mtimeMs: number;
  /** When it was first kept (ms, fractional): rebuilt submissions are recorded in this order. */
  keptAt: number;
}

export class Originals {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Keeps a submission's bytes under originals/<sha256> (once: the name is the content), and
   * beside them its record (originals/<sha256>.json: name, path, size, mtime, when first
   * kept), from which a rebuilt database evaluates it again.
   */
  keepOriginal(sha256: string, bytes: Buffer | null, sourcePath: string, from?: { file: string; size: number; mtimeMs: number }): void {
    const file = this.ctx.originalPath(sha256);
    if (!fs.existsSync(file)) {
      if (bytes) writeAtomic(file, bytes, { fsync: false });
      else copyAtomic(sourcePath, file);
      this.ctx.unsynced.add(file);
    }
    if (from && !fs.existsSync(`${file}.json`)) this.writeKeptRecord({ sha256, file: from.file, path: sourcePath, size: from.size, mtimeMs: from.mtimeMs, keptAt: performance.timeOrigin + performance.now() });
  }

  private writeKeptRecord(record: KeptRecord): void {
    const file = `${this.ctx.originalPath(record.sha256)}.json`;
    writeAtomic(file, JSON.stringify(record) + '\n', { fsync: false });
    this.ctx.unsynced.add(file);
  }

  /**
   * Writes the records of kept originals that have none (kept before records were), from
   * the database: once, so that a database damaged later can be rebuilt from them.
   */
  recordKeptOriginals(): number {
    if (this.ctx.meta('kept_records') === '1' || this.ctx.meta('rebuild') !== null) return 0;
    const rows = this.ctx.sql(`SELECT s.sha256, s.file, s.mtime_ms AS mtimeMs, s.id, f.path, f.size FROM submissions s
      LEFT JOIN files f ON f.submission_id = s.id ORDER BY s.id`).all() as Array<{ sha256: string; file: string; mtimeMs: number; id: number; path: string | null; size: number | null }>;
    let written = 0;
    for (const row of rows) {
      const original = this.ctx.originalPath(row.sha256);
      if (!fs.existsSync(original) || fs.existsSync(`${original}.json`)) continue;
      this.writeKeptRecord({ sha256: row.sha256, file: row.file, path: row.path, size: row.size ?? fs.statSync(original).size, mtimeMs: row.mtimeMs, keptAt: row.id });
      written++;
    }
    this.ctx.setMeta('kept_records', '1');
    return written;
  }

  /** Why the database is being rebuilt ('damaged' or 'missing'), until a run finishes the rebuild. */
  get rebuilding(): string | null {
    return this.ctx.meta('rebuild');
  }

  /**
   * On a rebuilt database: the kept originals it has no submission for and that no inbox
   * entry gives back as it was (same path, size and mtime), oldest kept first: superseded
   * submissions, files gone from the inbox, files given to import from elsewhere. Recorded
   * in that order before the inbox's files, the store ends as it was.
   */
  rebuildTasks(inboxFiles: ReadonlyArray<{ path: string; size: number; mtimeMs: number }>): KeptRecord[] {
    if (this.rebuilding === null) return [];
    const dir = path.join(this.ctx.root, 'originals');
    if (!fs.existsSync(dir)) return [];
    const inbox = new Map(inboxFiles.map((f) => [f.path, f]));
    const known = this.ctx.sql('SELECT 1 FROM submissions WHERE sha256 = ?');
    const records: KeptRecord[] = [];
    for (const name of fs.readdirSync(dir)) {
      const match = /^([0-9a-f]{64})\.json$/.exec(name);
      if (!match || !fs.existsSync(this.ctx.originalPath(match[1]))) continue;
      let record: KeptRecord;
      try {
        record = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as KeptRecord;
      } catch {
        continue; // a record cut short: its original is evaluated again only when a file brings it back
      }
      if (record.sha256 !== match[1] || known.get(record.sha256)) continue;
      const entry = record.path === null ? undefined : inbox.get(record.path);
      if (entry && entry.size === record.size && entry.mtimeMs === record.mtimeMs) continue;
      records.push(record);
    }
    return records.sort((a, b) => a.keptAt - b.keptAt || (a.sha256 < b.sha256 ? -1 : 1));
  }

  /** The rebuild is done: a run evaluated the inbox and the kept originals. */
  rebuilt(): void {
    this.ctx.setMeta('rebuild', null);
    this.ctx.setMeta('kept_records', '1');
  }

  original(sha256: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = this.ctx.originalPath(sha256);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  }
}
