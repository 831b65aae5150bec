/**
 * The originals and the rebuild: out/originals/<sha256> (a submission's bytes, named by
 * their content) and originals/<sha256>.json (where they came from), and the meta keys
 * `rebuild` and `kept_records` that say whether a new database is still being rebuilt
 * from them.
 *
 * Never rewrites an original whose bytes are its name (the name is the content) and never
 * deletes one: they are what a damaged or lost database is rebuilt from. One found damaged
 * (cut short by a crash or a disk) is kept again from the file it came from while that still
 * holds the bytes, or named as lost. Writes no table but meta.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { OriginalLostError } from './api';
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
    // One kept with another size was cut short: kept again (comparing sizes costs no read).
    const kept = fs.statSync(file, { throwIfNoEntry: false });
    if (!kept || kept.size !== (bytes?.length ?? from?.size ?? fs.statSync(sourcePath).size)) {
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

  /**
   * The bytes kept under originals/<sha256>, checked against their name; null when none were
   * kept. Damaged, they are kept again from a file they came from (the record's path, the
   * ledger's entries) that still holds them; else OriginalLostError.
   */
  original(sha256: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = this.ctx.originalPath(sha256);
    const bytes = readIfExists(file);
    if (bytes === null) return null;
    if (sha256Of(bytes) === sha256) return bytes;
    for (const source of this.sources(sha256)) {
      const again = readIfExists(source);
      if (again && sha256Of(again) === sha256) {
        writeAtomic(file, again);
        return again;
      }
    }
    throw new OriginalLostError(sha256, this.ctx.relative(file));
  }

  /** The paths a kept original was read from: its record's, and every ledger entry with its bytes. */
  private sources(sha256: string): string[] {
    const paths = this.ctx.sql('SELECT path FROM files WHERE sha256 = ?').pluck().all(sha256) as string[];
    try {
      const record = JSON.parse(fs.readFileSync(`${this.ctx.originalPath(sha256)}.json`, 'utf8')) as KeptRecord;
      if (record.path !== null) paths.unshift(record.path);
    } catch {
      // No record (or one cut short): the ledger's paths only.
    }
    return [...new Set(paths)];
  }
}

const sha256Of = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
