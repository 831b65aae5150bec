/**
 * The originals and the rebuild: out/originals/<sha256> (a submission's bytes, named by
 * their content) and originals/kept.jsonl (where each came from, a line each), and the meta
 * keys `rebuild`, `kept_records` and `kept_log` that say whether a new database is still
 * being rebuilt from them and whether every original has its line.
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
import { appendLines, copyAtomic, syncFiles, writeAtomic } from './atomic';
import type { StoreContext } from './context';

/** What a kept original's record (its line of originals/kept.jsonl) says of the file it came from. */
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
  /** The originals with a record in kept.jsonl (read with the first original kept), and those whose records wait for writeRecords. */
  private recorded: Set<string> | null = null;
  private readonly unwritten: KeptRecord[] = [];

  constructor(private readonly ctx: StoreContext) {}

  private get recordsFile(): string {
    return path.join(this.ctx.root, 'originals', 'kept.jsonl');
  }

  /**
   * Keeps a submission's bytes under originals/<sha256> (once: the name is the content), and
   * its record (name, path, size, mtime, when first kept), from which a rebuilt database
   * evaluates it again. The records of a batch are appended to kept.jsonl together, by
   * writeRecords: one file a batch rather than one file an original.
   */
  keepOriginal(sha256: string, bytes: Buffer | null, sourcePath: string, from?: { file: string; size: number; mtimeMs: number }): void {
    const file = this.ctx.originalPath(sha256);
    // One kept with another size was cut short: kept again (comparing sizes costs no read).
    const kept = fs.statSync(file, { throwIfNoEntry: false });
    if (!kept || kept.size !== (bytes?.length ?? from?.size ?? fs.statSync(sourcePath).size)) {
      if (bytes) writeAtomic(file, bytes, { syncWith: this.ctx.unsynced });
      else copyAtomic(sourcePath, file, this.ctx.unsynced);
    }
    if (from) this.addRecord({ sha256, file: from.file, path: sourcePath, size: from.size, mtimeMs: from.mtimeMs, keptAt: performance.timeOrigin + performance.now() });
  }

  private addRecord(record: KeptRecord): void {
    this.recorded ??= new Set(this.records().map((r) => r.sha256));
    if (this.recorded.has(record.sha256)) return;
    this.recorded.add(record.sha256);
    this.unwritten.push(record);
  }

  /** Appends the records kept since the last call to kept.jsonl; durable() makes it durable with the batch's originals. */
  writeRecords(): void {
    if (this.unwritten.length === 0) return;
    appendLines(this.recordsFile, this.unwritten.map((r) => JSON.stringify(r)), { syncWith: this.ctx.unsynced });
    this.unwritten.length = 0;
  }

  /** Every whole record of kept.jsonl, in the order written (a line a crash cut short is skipped). */
  private records(): KeptRecord[] {
    let text: string;
    try {
      text = fs.readFileSync(this.recordsFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const records: KeptRecord[] = [];
    for (const line of text.split('\n')) {
      try {
        const record = JSON.parse(line) as KeptRecord;
        if (typeof record.sha256 === 'string' && /^[0-9a-f]{64}$/.test(record.sha256)) records.push(record);
      } catch {
        // a fragment a crash left, or the empty end
      }
    }
    return records;
  }

  /**
   * Once: the records of kept originals that have none written to kept.jsonl, so that a
   * database damaged later can be rebuilt from them. From the files of one record each that
   * versions before kept.jsonl wrote (originals/<sha256>.json, then removed), and from the
   * database for originals kept before records were.
   */
  recordKeptOriginals(): void {
    const dir = path.join(this.ctx.root, 'originals');
    const legacy = this.ctx.meta('kept_log') !== '1' && fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((name) => /^[0-9a-f]{64}\.json$/.test(name)).map((name) => path.join(dir, name))
      : [];
    for (const file of legacy) {
      try {
        this.addRecord(JSON.parse(fs.readFileSync(file, 'utf8')) as KeptRecord);
      } catch {
        // a record cut short: its original is evaluated again only when a file brings it back
      }
    }
    const fromDatabase = this.ctx.meta('kept_records') !== '1' && this.ctx.meta('rebuild') === null;
    if (fromDatabase) {
      const rows = this.ctx.sql(`SELECT s.sha256, s.file, s.mtime_ms AS mtimeMs, s.id, f.path, f.size FROM submissions s
        LEFT JOIN files f ON f.submission_id = s.id ORDER BY s.id`).all() as Array<{ sha256: string; file: string; mtimeMs: number; id: number; path: string | null; size: number | null }>;
      for (const row of rows) {
        const original = this.ctx.originalPath(row.sha256);
        if (!fs.existsSync(original)) continue;
        this.addRecord({ sha256: row.sha256, file: row.file, path: row.path, size: row.size ?? fs.statSync(original).size, mtimeMs: row.mtimeMs, keptAt: row.id });
      }
    }
    if (this.unwritten.length > 0) {
      this.writeRecords();
      syncFiles([this.recordsFile]);
    }
    for (const file of legacy) fs.rmSync(file, { force: true });
    this.ctx.setMeta('kept_log', '1');
    if (fromDatabase) this.ctx.setMeta('kept_records', '1');
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
    const inbox = new Map(inboxFiles.map((f) => [f.path, f]));
    const known = this.ctx.sql('SELECT 1 FROM submissions WHERE sha256 = ?');
    const records: KeptRecord[] = [];
    const seen = new Set<string>();
    for (const record of this.records()) {
      if (seen.has(record.sha256)) continue; // the first record of an original is the one it was kept with
      seen.add(record.sha256);
      if (!fs.existsSync(this.ctx.originalPath(record.sha256)) || known.get(record.sha256)) continue;
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
    const record = this.records().find((r) => r.sha256 === sha256);
    if (record && record.path !== null) paths.unshift(record.path);
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
