/**
 * out/nianbao.db: opening it (WAL), its schema and the migrations that bring an older
 * database up to it. The schema's version is SQLite's user_version; each migration runs in
 * a transaction of its own, so a database is at one version or the next, never between.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';

export type DB = Database.Database;

/**
 * A run's summary as the database keeps it: deflated. A night over 10,000 files lists each
 * of them, 1.5 MB of JSON that deflates to under 0.1 MB; kept as text, a year of nights made
 * the database 0.5 GB larger and scattered the reports the desk reads between them.
 */
export const packSummary = (text: string): Buffer => zlib.deflateSync(text, { level: 3 });
export const unpackSummary = (packed: Buffer): string => zlib.inflateSync(packed).toString('utf8');

/** A schema change (SQL), or a change of how data is kept (a function, in the same transaction). */
type Migration = string | ((db: DB) => void);

/** Triggers that count changes to a table in meta's generation (what the cross-file rules' inputs depend on). */
const generationTriggers = (table: string): string => ['INSERT', 'UPDATE', 'DELETE'].map((event) => `
  CREATE TRIGGER ${table}_${event.toLowerCase()}_generation AFTER ${event} ON ${table}
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'; END;`).join('');

/** Issue 19's ledger: a row per (path, sheet), so that a workbook of several reports has one per report. */
const FILES_BY_SHEET = `
  CREATE TABLE files_by_sheet (
    path TEXT NOT NULL,
    sheet TEXT NOT NULL DEFAULT '',   -- the report's sheets (joined with 、) in a workbook of several, else ''
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    run_id TEXT NOT NULL,
    PRIMARY KEY (path, sheet)
  );
  INSERT INTO files_by_sheet (path, sheet, name, size, mtime_ms, sha256, fingerprint, submission_id, run_id)
    SELECT path, '', name, size, mtime_ms, sha256, fingerprint, submission_id, run_id FROM files;
  DROP TABLE files;
  ALTER TABLE files_by_sheet RENAME TO files;
  CREATE INDEX files_submission ON files (submission_id);
  ${generationTriggers('files')}
  `;

const MIGRATIONS: readonly Migration[] = [
  // 1: the ledger, the submissions, the findings in force, decisions, runs.
  `
  CREATE TABLE files (
    path TEXT PRIMARY KEY,            -- absolute path of an inbox entry (or of a file given to import)
    name TEXT NOT NULL,               -- the name outputs use (relative to the inbox)
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,        -- the pipeline that evaluated it (version, mappings, agencies, rules)
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    run_id TEXT NOT NULL
  );
  CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    mtime_ms REAL NOT NULL,
    agency TEXT,                      -- canonical
    agency_as_written TEXT,
    year INTEGER,
    status TEXT NOT NULL CHECK (status IN ('clean', 'discrepancies', 'rejected')),
    rule TEXT,
    cause TEXT,
    mapping TEXT,
    edition TEXT,
    imported_at TEXT NOT NULL,
    run_id TEXT NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    superseded_by INTEGER REFERENCES submissions(id),
    report TEXT,                      -- the cleaned report (JSON), null when rejected
    findings TEXT NOT NULL,           -- its file findings (JSON array)
    fingerprint TEXT NOT NULL         -- the pipeline that evaluated it
  );
  CREATE INDEX submissions_agency_year ON submissions (agency, year);
  CREATE UNIQUE INDEX submissions_current ON submissions (agency, year) WHERE current = 1;
  CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('file', 'cross')),
    submission_id INTEGER REFERENCES submissions(id),
    agency TEXT,
    year INTEGER,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    finding TEXT NOT NULL             -- the Finding (JSON)
  );
  CREATE INDEX findings_key ON findings (key);
  CREATE INDEX findings_agency_year ON findings (agency, year);
  CREATE INDEX findings_submission ON findings (submission_id);
  CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY,          -- line number in decisions.jsonl, from 1
    key TEXT NOT NULL,
    agency TEXT,
    year INTEGER,
    rule TEXT,
    decision TEXT NOT NULL            -- the line (JSON)
  );
  CREATE INDEX decisions_key ON decisions (key);
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
  );
  CREATE TABLE run_findings (
    run_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    finding TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
  );
  CREATE TABLE published (
    path TEXT PRIMARY KEY,            -- relative to out/
    submission_id INTEGER NOT NULL,   -- what it was written from
    size INTEGER NOT NULL,
    mtime_ms REAL NOT NULL
  );
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: the desk's and the roster's queries by year (overview of a year over 10,000 agency-years).
  `
  CREATE INDEX submissions_year ON submissions (year, agency);
  CREATE INDEX findings_year ON findings (year, agency);
  CREATE INDEX submissions_current_year ON submissions (current, year, agency);
  `,
  // 3: which ledger entry holds a submission, asked for every file recorded (its current report, its findings in force),
  // and the current reports of another pipeline (without the index the check read every report: 0.2 s at 10,000).
  `
  CREATE INDEX files_submission ON files (submission_id);
  CREATE INDEX submissions_current_fingerprint ON submissions (current, fingerprint);
  `,
  // 4: what the unchanged night asks of 10,000 files. A submission's published files (each
  // file recorded scanned the table twice without it); the rejected submissions; and a
  // counter every change to the ledger or the submissions raises, so the cross-file rules
  // know their inputs unchanged from one row (comparing every submission's id took 45 ms).
  `
  CREATE INDEX published_submission ON published (submission_id);
  CREATE INDEX submissions_rejected ON submissions (id) WHERE status = 'rejected';
  INSERT INTO meta (key, value) VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING;
  ${generationTriggers('files')}${generationTriggers('submissions')}
  `,
  // 5: the runs' summaries deflated (packSummary).
  (db) => {
    const read = db.prepare('SELECT summary FROM runs WHERE id = ?').pluck();
    const pack = db.prepare('UPDATE runs SET summary = ? WHERE id = ?');
    // One summary in hand at a time (a connection can not write while it iterates).
    for (const id of db.prepare("SELECT id FROM runs WHERE typeof(summary) = 'text'").pluck().all() as string[]) {
      pack.run(packSummary(read.get(id) as string), id);
    }
  },
  // Issue 19: a workbook of several reports is one ledger entry per report, by its sheets
  // ('' for a file of one report): the primary key becomes (path, sheet). Idempotent, as the
  // summaries' migration is: a database whose version was set back is migrated again.
  (db) => {
    const columns = db.prepare("SELECT name FROM pragma_table_info('files')").pluck().all() as string[];
    if (!columns.includes('sheet')) db.exec(FILES_BY_SHEET);
  },
];


export const SCHEMA_VERSION = MIGRATIONS.length;

/** Thrown when the database's own check finds it damaged. */
export class DamagedDatabaseError extends Error {
  readonly code = 'SQLITE_CORRUPT';
}

/**
 * Whether an error opening the database says the file itself is damaged (not a database,
 * malformed pages, a failed quick_check), as opposed to the disk or the system failing
 * (SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_BUSY…): a damaged database is set
 * aside and rebuilt; the others fail the command and leave the database as it is.
 */
export function isDamage(e: unknown): boolean {
  if (e instanceof DamagedDatabaseError) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/** SQLite could not write the database, its log or its -shm: the disk full, a file-size limit. */
const DATABASE_WRITE_FAULTS = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_WRITE']);
/** A file write the disk refused (ESHORTWRITE: writeAtomic's short write). */
const FILE_WRITE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'ESHORTWRITE']);

/** A write the disk refused, and what could not be written: the file the error names (`file`), else the database under `root`. */
export function writeFault(e: unknown, root: string): { target: string; code: string } | null {
  const { code, file } = (e ?? {}) as { code?: unknown; file?: string };
  if (typeof code !== 'string') return null;
  if (DATABASE_WRITE_FAULTS.has(code)) return { target: file ?? path.join(root, 'nianbao.db'), code };
  if (FILE_WRITE_FAULTS.has(code)) return { target: file ?? root, code };
  return null;
}

const closedMark = (file: string): string => `${file}.closed`;

/**
 * Whether the database file is as a clean close left it: its size, mtime and ctime as noted,
 * no write-ahead log. Every command that writes under out/ holds the store open, so a process
 * killed mid-write leaves this false. The ctime is what a restore that keeps times, or any
 * other write to the file, can not set back: a page overwritten there is checked for at open.
 */
export function untouchedSinceClose(file: string): boolean {
  try {
    const noted = JSON.parse(fs.readFileSync(closedMark(file), 'utf8')) as { size: number; mtimeMs: number; ctimeMs?: number };
    const stat = fs.statSync(file);
    return stat.size === noted.size && stat.mtimeMs === noted.mtimeMs && stat.ctimeMs === noted.ctimeMs && !fs.existsSync(`${file}-wal`);
  } catch {
    return false;
  }
}

/** Closes the database and notes how the file was left, so the next open can trust it without reading every page. */
export function closeDatabase(db: DB, file: string): void {
  db.close();
  try {
    const stat = fs.statSync(file);
    if (!fs.existsSync(`${file}-wal`)) fs.writeFileSync(closedMark(file), JSON.stringify({ size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs }));
  } catch {
    // Without the note the next open checks the file: nothing is lost.
  }
}

/**
 * Moves a damaged database (and its journal, and the note of its last close) aside, beside
 * it under `.damaged-<time>`, so a new one can be started; returns where it went.
 */
export function setAsideDamaged(file: string): string {
  const movedTo = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix);
  fs.rmSync(closedMark(file), { force: true });
  return movedTo;
}

/** Opens (creating when absent) and migrates the database; throws when it is damaged. */
export function openDatabase(file: string): DB {
  // Asked before opening: opening in WAL mode makes a write-ahead log of its own.
  const trusted = untouchedSinceClose(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL: a commit does not wait for the disk (at FULL each file's transaction cost an
    // fsync, 28 ms a file over 10,000 files here); the database stays consistent whatever
    // happens, and Store.sync() checkpoints it to disk at the end of each run. A power cut
    // may take back the last files' results: the next run evaluates them again.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // The savepoint each file's result is recorded under journals every page it changes:
    // on disk (a temporary file) that was 66,000 writes for 1,000 files, in memory none.
    db.pragma('temp_store = MEMORY');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${file} has schema version ${version}, newer than this nianbao's ${SCHEMA_VERSION}`);
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.transaction(() => {
        const migration = MIGRATIONS[v];
        if (typeof migration === 'string') db.exec(migration);
        else migration(db);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
    // A page torn by a crash of the disk shows here rather than in the middle of a run. The
    // check reads every page (0.3 s at 10,000 reports): skipped when the file is as nianbao
    // last closed it, cleanly (its size and mtime noted then, no journal left over).
    if (!trusted) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new DamagedDatabaseError(`${file} is damaged: ${String(check)}`);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
