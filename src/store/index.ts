/**
 * The store: out/nianbao.db and the files published from it. The only code that opens the
 * database or builds a path under out/ (DESIGN: The store).
 *
 * A file's result (its submission, its findings in force, its ledger entry, the agency-year's
 * current report) is one transaction. Published files (cleaned/, quarantine/, runs/<id>/) are
 * written whole after the transaction commits, and written again from the database when
 * found missing or changed (verifyPublished), so a run killed at any point leaves both
 * consistent once the next run starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stateOf, type Decision, type Finding, type StatedFinding } from '../model/finding';
import type { Edition } from '../model/template';
import { renderMessage } from '../reconcile/messages';
import { newestFirst } from '../reconcile/cross/duplicates';
import type { CleanedReport } from '../validate';
import { setAt, UnknownFindingError, type ClearedFinding, type ReportParts, type DecisionInput, type DocumentKind, type FindingFilter, type StoreView } from './api';
import { copyAtomic, syncFiles, syncFilesTogether, sweepTemporaryFiles, writeAtomic } from './atomic';
import type Database from 'better-sqlite3';
import { closeDatabase, isDamage, openDatabase, packSummary, unpackSummary, untouchedSinceClose, type DB } from './db';
import { CSV_START, summaryText, toCsvLine, toJsonLine } from './formats';
import { migrateLegacy, type LegacyMigration } from './legacy';
import { safeName } from './names';

export { safeName };
import type { LedgerEntry, Recorded, RunRecord, SubmissionInput, SubmissionRecord, SubmissionSource } from './types';

export * from './types';
export { UnknownFindingError, type StoreView } from './api';
export { LockBusyError, lockOutput } from './lock';

interface SubmissionRow {
  id: number;
  sha256: string;
  file: string;
  mtime_ms: number;
  agency: string | null;
  agency_as_written: string | null;
  year: number | null;
  status: SubmissionRecord['status'];
  rule: string | null;
  cause: string | null;
  mapping: string | null;
  edition: Edition | null;
  imported_at: string;
  run_id: string;
  current: number;
  superseded_by: number | null;
  findings: string;
}

/** A submission's columns but its report; its findings only when rejected (they give the reason), so a year's list parses little. */
const SUBMISSION_COLUMNS = "id, sha256, file, mtime_ms, agency, agency_as_written, year, status, rule, cause, mapping, edition, imported_at, run_id, current, superseded_by, CASE WHEN status = 'rejected' THEN findings ELSE '[]' END AS findings";

const toRecord = (row: SubmissionRow): SubmissionRecord => {
  const findings = JSON.parse(row.findings) as Finding[];
  return {
    id: row.id,
    sha256: row.sha256,
    file: row.file,
    agency: row.agency,
    agencyAsWritten: row.agency_as_written,
    year: row.year,
    status: row.status,
    rule: row.rule,
    cause: row.cause,
    reason: row.status === 'rejected' && findings[0] ? renderMessage(findings[0]) : null,
    mapping: row.mapping,
    edition: row.edition,
    importedAt: row.imported_at,
    runId: row.run_id,
    current: row.current === 1,
    supersededBy: row.superseded_by,
    extension: path.extname(row.file).slice(1).toLowerCase(),
  };
};

interface RunRow { id: string; command: 'run' | 'import'; started_at: string; finished_at: string | null; summary: Buffer | null }

const toRun = (r: RunRow): RunRecord => ({ id: r.id, command: r.command, startedAt: r.started_at, finishedAt: r.finished_at, summary: r.summary === null ? null : JSON.parse(unpackSummary(r.summary)) });

/**
 * A WHERE clause of the filters given (the others left out, so SQLite can use the indexes a
 * `@x IS NULL OR …` clause would defeat: a year's overview read the whole table that way).
 * Keys are column names from the code, never from a request.
 */
function conditions(filters: Record<string, string | number | undefined>): { where: string; values: Record<string, string | number> } {
  const given = Object.entries(filters).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
  return { where: given.map(([column]) => `${column} = @${column}`).join(' AND ') || '1 = 1', values: Object.fromEntries(given) };
}

/** A database that could not be opened, set aside so a new one can be built. */
export interface SetAside {
  file: string;
  movedTo: string;
  error: string;
}

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

/** The `published` rows of a run's files (runs/<id>/…, runs/latest.json): written from the runs table, not a submission. */
const RUN_FILE = 0;

export class Store implements StoreView {
  /** Originals, their records and published files written since the last durable(): a batch's files reach the disk together. */
  private readonly unsynced = new Set<string>();
  /** Submissions whose findings in force were touched by the transaction in hand: their published files follow. */
  private readonly touched = new Set<number>();
  /** The previous version's JSON state this open migrated (src/store/legacy.ts), if any. */
  legacy: LegacyMigration | null = null;

  private constructor(
    readonly root: string,
    private readonly db: DB,
    readonly setAside: SetAside | null,
    /** The database was missing while out/ held what a store publishes (originals/, runs/): a new one was started. */
    readonly missing: string | null,
  ) {}

  /**
   * Opens out/nianbao.db, creating and migrating it. A damaged database (not a database,
   * malformed, failing its quick_check) is set aside (renamed beside it, named in
   * `setAside`) and a new one started; so is a missing one while out/ holds kept originals
   * or runs (`missing`). Either way the new database is marked for rebuilding: the next run
   * evaluates the inbox and then every kept original no inbox file has (rebuildTasks), and
   * decisions are re-indexed from decisions.jsonl here. Any other error opening it (the disk
   * failing, full, a file-size limit) is thrown and the database left as it is.
   */
  /** Whether an output folder holds a store (a run made it). */
  static exists(root: string): boolean {
    return fs.existsSync(path.join(root, 'nianbao.db'));
  }

  /** Where the commands working on an output folder write their logs. */
  static logDir(root: string): string {
    return path.join(root, 'logs');
  }

  static open(root: string): Store {
    fs.mkdirSync(root, { recursive: true });
    const file = path.join(root, 'nianbao.db');
    const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-');
    const legacy = migrateLegacy(root);
    let missing: string | null = null;
    if (!fs.existsSync(file) && ['originals', 'runs'].some((d) => fs.existsSync(path.join(root, d)))) {
      missing = file;
      // A journal left without its database belongs to the one that is gone: never replayed into a new one.
      for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, `${file}.missing-${stamp()}${suffix}`);
    }
    // Before opening: opening makes a write-ahead log of its own.
    const closedCleanly = untouchedSinceClose(file);
    let db: DB;
    let setAside: SetAside | null = null;
    try {
      db = openDatabase(file);
    } catch (e) {
      if (!isDamage(e)) throw e;
      const movedTo = `${file}.damaged-${stamp()}`;
      for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix);
      setAside = { file, movedTo, error: (e as Error).message };
      db = openDatabase(file);
    }
    const store = new Store(root, db, setAside, missing);
    store.legacy = legacy;
    // A process killed with the store open may have left temporary files: remembered in the
    // database until a run sweeps them, so a reader that opens and closes it cleanly meanwhile
    // does not hide them.
    if (!closedCleanly || setAside || missing) store.setMeta('sweep', 'needed');
    if (setAside || missing) store.setMeta('rebuild', setAside ? 'damaged' : 'missing');
    store.indexDecisions();
    return store;
  }

  private setMeta(key: string, value: string | null): void {
    if (value === null) this.sql('DELETE FROM meta WHERE key = ?').run(key);
    else this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  private meta(key: string): string | null {
    return (this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  close(): void {
    closeDatabase(this.db, path.join(this.root, 'nianbao.db'));
  }

  /** Prepared statements, prepared once: preparing cost more than running over a run's thousands of files. */
  private readonly statements = new Map<string, Database.Statement>();

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private get decisionsFile(): string {
    return path.join(this.root, 'decisions.jsonl');
  }

  // --- the ledger -----------------------------------------------------------------------

  /** Every inbox entry the ledger knows, by path, with the agency and year of its submission. */
  ledger(): Map<string, LedgerEntry> {
    // Two reads rather than a join: the join looked each submission up in the table that holds
    // the reports, 10,000 scattered reads an unchanged night; agency and year come from an index.
    const agencyYear = new Map((this.sql('SELECT id, agency, year FROM submissions').raw().all() as Array<[number, string | null, number | null]>).map((row) => [row[0], row]));
    const rows = this.sql('SELECT path, name, size, mtime_ms, sha256, fingerprint, submission_id FROM files').raw().all() as Array<[string, string, number, number, string, string, number]>;
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
    this.sql('UPDATE files SET mtime_ms = ? WHERE path = ?').run(mtimeMs, filePath);
  }

  /**
   * Inbox entries under `inbox` that are gone are forgotten: they no longer count as
   * submissions (X.duplicate), a rejected one's findings leave force, and a file put back
   * comes back as new. The reports they gave stay.
   */
  forgetMissing(inbox: string, present: ReadonlySet<string>): string[] {
    this.touched.clear();
    const root = path.resolve(inbox) + path.sep;
    const gone = (this.sql('SELECT path FROM files').pluck().all() as string[]).filter((p) => p.startsWith(root) && !present.has(p));
    if (gone.length === 0) return gone;
    this.db.transaction(() => {
      for (const file of gone) {
        const { id } = this.sql('DELETE FROM files WHERE path = ? RETURNING submission_id AS id').get(file) as { id: number };
        this.syncFileFindings(id);
      }
      this.markUnpublished();
    })();
    for (const id of this.touched) this.publishSubmission(id);
    this.touched.clear();
    return gone;
  }

  /** Current reports evaluated by another pipeline and not in the ledger: re-evaluated from their originals. */
  staleOriginals(fingerprint: string): Array<{ submissionId: number; file: string; sha256: string; mtimeMs: number }> {
    return this.sql(`
      SELECT id AS submissionId, file, sha256, mtime_ms AS mtimeMs FROM submissions s
      WHERE current = 1 AND fingerprint != ? AND NOT EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id)
      ORDER BY id`).all(fingerprint) as Array<{ submissionId: number; file: string; sha256: string; mtimeMs: number }>;
  }

  // --- recording results ----------------------------------------------------------------

  /**
   * Keeps a submission's bytes under originals/<sha256> (once: the name is the content), and
   * beside them its record (originals/<sha256>.json: name, path, size, mtime, when first
   * kept), from which a rebuilt database evaluates it again.
   */
  keepOriginal(sha256: string, bytes: Buffer | null, sourcePath: string, from?: { file: string; size: number; mtimeMs: number }): void {
    const file = this.originalPath(sha256);
    if (!fs.existsSync(file)) {
      if (bytes) writeAtomic(file, bytes, { fsync: false });
      else copyAtomic(sourcePath, file);
      this.unsynced.add(file);
    }
    if (from && !fs.existsSync(`${file}.json`)) this.writeKeptRecord({ sha256, file: from.file, path: sourcePath, size: from.size, mtimeMs: from.mtimeMs, keptAt: performance.timeOrigin + performance.now() });
  }

  private writeKeptRecord(record: KeptRecord): void {
    const file = `${this.originalPath(record.sha256)}.json`;
    writeAtomic(file, JSON.stringify(record) + '\n', { fsync: false });
    this.unsynced.add(file);
  }

  /**
   * Writes the records of kept originals that have none (kept before records were), from
   * the database: once, so that a database damaged later can be rebuilt from them.
   */
  recordKeptOriginals(): number {
    if (this.meta('kept_records') === '1' || this.meta('rebuild') !== null) return 0;
    const rows = this.sql(`SELECT s.sha256, s.file, s.mtime_ms AS mtimeMs, s.id, f.path, f.size FROM submissions s
      LEFT JOIN files f ON f.submission_id = s.id ORDER BY s.id`).all() as Array<{ sha256: string; file: string; mtimeMs: number; id: number; path: string | null; size: number | null }>;
    let written = 0;
    for (const row of rows) {
      const original = this.originalPath(row.sha256);
      if (!fs.existsSync(original) || fs.existsSync(`${original}.json`)) continue;
      this.writeKeptRecord({ sha256: row.sha256, file: row.file, path: row.path, size: row.size ?? fs.statSync(original).size, mtimeMs: row.mtimeMs, keptAt: row.id });
      written++;
    }
    this.setMeta('kept_records', '1');
    return written;
  }

  /** Why the database is being rebuilt ('damaged' or 'missing'), until a run finishes the rebuild. */
  get rebuilding(): string | null {
    return this.meta('rebuild');
  }

  /**
   * On a rebuilt database: the kept originals it has no submission for and that no inbox
   * entry gives back as it was (same path, size and mtime), oldest kept first: superseded
   * submissions, files gone from the inbox, files given to import from elsewhere. Recorded
   * in that order before the inbox's files, the store ends as it was.
   */
  rebuildTasks(inboxFiles: ReadonlyArray<{ path: string; size: number; mtimeMs: number }>): KeptRecord[] {
    if (this.rebuilding === null) return [];
    const dir = path.join(this.root, 'originals');
    if (!fs.existsSync(dir)) return [];
    const inbox = new Map(inboxFiles.map((f) => [f.path, f]));
    const known = this.sql('SELECT 1 FROM submissions WHERE sha256 = ?');
    const records: KeptRecord[] = [];
    for (const name of fs.readdirSync(dir)) {
      const match = /^([0-9a-f]{64})\.json$/.exec(name);
      if (!match || !fs.existsSync(this.originalPath(match[1]))) continue;
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
    this.setMeta('rebuild', null);
    this.setMeta('kept_records', '1');
  }

  private originalPath(sha256: string): string {
    return path.join(this.root, 'originals', sha256);
  }

  original(sha256: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    const file = this.originalPath(sha256);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  }

  /**
   * One file's result, in one transaction: the submission (re-evaluated in place when the
   * ledger entry or original already holds these bytes), the ledger entry, the agency-years'
   * current reports, the findings in force, and the run's record of the findings. Then its
   * published files are written.
   */
  record(runId: string, source: SubmissionSource | { kind: 'kept' }, input: SubmissionInput, fingerprint: string): Recorded {
    const result = this.db.transaction((): Recorded => {
      const previousId = source.kind === 'kept' ? undefined : source.kind === 'original'
        ? source.submissionId
        : (this.sql('SELECT submission_id AS id FROM files WHERE path = ? AND sha256 = ?').get(source.path, input.sha256) as { id: number } | undefined)?.id;
      const before = previousId === undefined ? undefined : this.submissionRow(previousId);
      const values = {
        sha256: input.sha256, file: input.file, mtime_ms: input.mtimeMs, agency: input.agency, agency_as_written: input.agencyAsWritten,
        year: input.year, status: input.status, rule: input.rule, cause: input.cause, mapping: input.mapping, edition: input.edition,
        imported_at: input.importedAt, run_id: runId, report: input.report,
        findings: JSON.stringify(input.findings), fingerprint,
      };
      let id: number;
      if (before) {
        id = before.id;
        this.sql(`UPDATE submissions SET sha256 = @sha256, file = @file, mtime_ms = @mtime_ms, agency = @agency,
          agency_as_written = @agency_as_written, year = @year, status = @status, rule = @rule, cause = @cause, mapping = @mapping,
          edition = @edition, imported_at = @imported_at, run_id = @run_id, report = @report, findings = @findings,
          fingerprint = @fingerprint, current = 0 WHERE id = @id`).run({ ...values, id });
      } else {
        id = Number(this.sql(`INSERT INTO submissions (sha256, file, mtime_ms, agency, agency_as_written, year, status, rule, cause,
          mapping, edition, imported_at, run_id, report, findings, fingerprint) VALUES (@sha256, @file, @mtime_ms, @agency,
          @agency_as_written, @year, @status, @rule, @cause, @mapping, @edition, @imported_at, @run_id, @report, @findings,
          @fingerprint)`).run(values).lastInsertRowid);
      }
      const replacedEntry = source.kind === 'file'
        ? (this.sql('SELECT submission_id AS id FROM files WHERE path = ?').get(source.path) as { id: number } | undefined)
        : undefined;
      if (source.kind === 'file') {
        this.sql(`INSERT INTO files (path, name, size, mtime_ms, sha256, fingerprint, submission_id, run_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET name = excluded.name, size = excluded.size,
          mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, fingerprint = excluded.fingerprint,
          submission_id = excluded.submission_id, run_id = excluded.run_id`)
          .run(source.path, input.file, source.size, input.mtimeMs, input.sha256, fingerprint, id, runId);
      }
      if (replacedEntry && replacedEntry.id !== id) this.syncFileFindings(replacedEntry.id);
      const previousCurrent = input.agency !== null && input.year !== null ? this.currentRow(input.agency, input.year) : undefined;
      if (before && before.agency !== null && before.year !== null && (before.agency !== input.agency || before.year !== input.year)) {
        this.elect(before.agency, before.year, null);
      }
      const winner = input.agency !== null && input.year !== null ? this.elect(input.agency, input.year, input.status === 'rejected' ? null : id) : null;
      this.syncFileFindings(id);
      this.recordRunFindings(runId, input.findings);
      this.markUnpublished();
      const current = winner === id;
      return {
        submissionId: id,
        current,
        supersededBy: !current && winner !== null && input.status !== 'rejected' ? this.submissionRow(winner)!.file : null,
        replaced: current && previousCurrent && previousCurrent.id !== id ? previousCurrent.file : null,
        cleanedPath: current ? this.cleanedPath(input.year!, input.agency!) : null,
        quarantined: input.status === 'rejected' ? this.quarantinePath(input.sha256, input.file) : null,
      };
    })();
    for (const id of this.touched) this.publishSubmission(id);
    this.touched.clear();
    return result;
  }

  /** Findings of a run that recorded no submission (INTERNAL.error): kept with the run only. */
  recordRunOnly(runId: string, findings: readonly Finding[]): void {
    this.db.transaction(() => this.recordRunFindings(runId, findings))();
  }

  private recordRunFindings(runId: string, findings: readonly Finding[]): void {
    const next = (this.sql('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM run_findings WHERE run_id = ?').get(runId) as { seq: number }).seq;
    const insert = this.sql('INSERT INTO run_findings (run_id, seq, finding) VALUES (?, ?, ?)');
    findings.forEach((f, i) => insert.run(runId, next + i, JSON.stringify(f)));
  }

  private submissionRow(id: number): SubmissionRow | undefined {
    return this.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`).get(id) as SubmissionRow | undefined;
  }

  private currentRow(agency: string, year: number): SubmissionRow | undefined {
    return this.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE agency = ? AND year = ? AND current = 1`).get(agency, year) as SubmissionRow | undefined;
  }

  /**
   * Which submission is an agency-year's current report: the newest (mtime, then name) of
   * the imported ones the ledger holds and `incoming`; with none of those, the current one
   * stays. The one it replaces is marked superseded by it.
   */
  private elect(agency: string, year: number, incoming: number | null): number | null {
    const candidates = this.sql(`
      SELECT s.id, s.file, s.mtime_ms AS mtimeMs FROM submissions s
      WHERE s.agency = ? AND s.year = ? AND s.status != 'rejected'
        AND (s.id = ? OR EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id))`).all(agency, year, incoming ?? -1) as Array<{ id: number; file: string; mtimeMs: number }>;
    const held = this.currentRow(agency, year);
    const valid = held && held.status !== 'rejected' ? held.id : null;
    const winner = candidates.length > 0 ? [...candidates].sort((a, b) => newestFirst({ ...a, agency, year }, { ...b, agency, year }))[0].id : valid;
    if (held && held.id !== winner) {
      this.sql('UPDATE submissions SET current = 0, superseded_by = ? WHERE id = ?').run(winner, held.id);
      this.syncFileFindings(held.id);
    }
    if (winner !== null && (!held || held.id !== winner)) {
      this.sql('UPDATE submissions SET current = 1, superseded_by = NULL WHERE id = ?').run(winner);
      this.syncFileFindings(winner);
    }
    return winner;
  }

  /**
   * A submission's file findings are in force while it is its agency-year's current report,
   * or, rejected, while the ledger holds it (the file is still in the inbox).
   */
  private syncFileFindings(id: number): void {
    this.touched.add(id);
    this.sql("DELETE FROM findings WHERE scope = 'file' AND submission_id = ?").run(id);
    const row = this.sql(`SELECT current, status, findings, EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id) AS held
      FROM submissions s WHERE id = ?`).get(id) as { current: number; status: string; findings: string; held: number } | undefined;
    if (!row || !(row.current === 1 || (row.status === 'rejected' && row.held === 1))) return;
    this.insertFindings('file', id, JSON.parse(row.findings) as Finding[]);
  }

  /**
   * Within the transaction that changes them: the touched submissions' published files no
   * longer match what they were written with, so a process killed before it writes them
   * again leaves verifyPublished something to rewrite (their size and mtime would still match).
   */
  private markUnpublished(): void {
    for (const id of this.touched) this.sql('UPDATE published SET size = -1 WHERE submission_id = ?').run(id);
  }

  private insertFindings(scope: 'file' | 'cross', submissionId: number | null, findings: readonly Finding[]): void {
    const insert = this.sql('INSERT INTO findings (key, scope, submission_id, agency, year, rule, severity, finding) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const f of findings) insert.run(f.key, scope, submissionId, f.agency, f.year, f.rule, f.severity, JSON.stringify(f));
  }

  // --- cross-file findings --------------------------------------------------------------

  /** The current reports, an agency at a time (by canonical name, code-point order), each by year. */
  *currentReportGroups(): Generator<CleanedReport[]> {
    let group: CleanedReport[] = [];
    let agency: string | null = null;
    const rows = this.sql('SELECT agency, report FROM submissions WHERE current = 1 ORDER BY agency, year').iterate() as Iterable<{ agency: string; report: string }>;
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

  /** The imported submissions the ledger holds (for X.duplicate). */
  heldSubmissions(): Array<{ file: string; mtimeMs: number; agency: string; year: number }> {
    return this.sql(`SELECT f.name AS file, f.mtime_ms AS mtimeMs, s.agency, s.year FROM files f JOIN submissions s ON s.id = f.submission_id
      WHERE s.status != 'rejected' AND s.agency IS NOT NULL AND s.year IS NOT NULL ORDER BY f.path`).all() as Array<{ file: string; mtimeMs: number; agency: string; year: number }>;
  }

  /**
   * What the cross-file findings depend on, as one string to compare: the pipeline's
   * fingerprint and the generation of the current reports and the ledger's submissions
   * (raised by the database on every change to either: migration 4).
   */
  crossInputs(fingerprint: string): string {
    return `${fingerprint}|${this.meta('generation') ?? ''}`;
  }

  lastCrossInputs(): string | null {
    return (this.sql("SELECT value FROM meta WHERE key = 'cross_inputs'").get() as { value: string } | undefined)?.value ?? null;
  }

  crossFindings(): Finding[] {
    return (this.sql("SELECT finding FROM findings WHERE scope = 'cross' ORDER BY id").all() as Array<{ finding: string }>).map((r) => JSON.parse(r.finding) as Finding);
  }

  /** Replaces the cross-file findings in force; returns how many keys are new and how many cleared. */
  replaceCrossFindings(runId: string, findings: readonly Finding[], inputs: string): { new: number; cleared: number } {
    return this.db.transaction(() => {
      const before = new Set((this.sql("SELECT key FROM findings WHERE scope = 'cross'").all() as Array<{ key: string }>).map((r) => r.key));
      const after = new Set(findings.map((f) => f.key));
      this.sql("DELETE FROM findings WHERE scope = 'cross'").run();
      this.insertFindings('cross', null, findings);
      this.sql("INSERT INTO meta (key, value) VALUES ('cross_inputs', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(inputs);
      this.recordRunFindings(runId, findings);
      return { new: [...after].filter((k) => !before.has(k)).length, cleared: [...before].filter((k) => !after.has(k)).length };
    })();
  }

  // --- runs -----------------------------------------------------------------------------

  beginRun(runId: string, command: 'run' | 'import', startedAt: string): void {
    this.sql('INSERT INTO runs (id, command, started_at) VALUES (?, ?, ?)').run(runId, command, startedAt);
  }

  /** Records the run's summary, then publishes runs/<id>/: summary.json, discrepancies.jsonl and .csv. */
  finishRun(runId: string, summary: { finishedAt: string }): string {
    const text = summaryText(summary);
    this.sql('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(summary.finishedAt, packSummary(text), runId);
    return this.publishLatest(runId, this.publishRun(runId, text));
  }

  /** runs/latest.json naming the run's summary.json. */
  private publishLatest(runId: string, file = path.join(this.runDir(runId), 'summary.json')): string {
    // runs/latest.json names the last finished run, for scripts that follow the nightly job.
    const latest = path.join(this.root, 'runs', 'latest.json');
    writeAtomic(latest, JSON.stringify({ runId, summary: file }, null, 2) + '\n', { fsync: false });
    this.notePublished(RUN_FILE, latest);
    return file;
  }

  /** runs/<id>/ from the database, or with the summary's text in hand (a run finishing). */
  private publishRun(runId: string, summary = this.keptSummary(runId)): string {
    const dir = this.runDir(runId);
    const findings = this.runFindings(runId);
    writeAtomic(path.join(dir, 'discrepancies.jsonl'), findings.map(toJsonLine).join(''), { fsync: false });
    writeAtomic(path.join(dir, 'discrepancies.csv'), CSV_START + findings.map(toCsvLine).join(''), { fsync: false });
    writeAtomic(path.join(dir, 'summary.json'), summary, { fsync: false });
    for (const name of ['discrepancies.jsonl', 'discrepancies.csv', 'summary.json']) this.notePublished(RUN_FILE, path.join(dir, name));
    return path.join(dir, 'summary.json');
  }

  /** A run's summary.json as it was kept (summaryText, deflated). */
  private keptSummary(runId: string): string {
    const packed = this.sql('SELECT summary FROM runs WHERE id = ?').pluck().get(runId) as Buffer | null | undefined;
    return packed ? unpackSummary(packed) : 'null\n';
  }

  /**
   * Runs a killed process left unfinished: closed as interrupted and published, so every file
   * the ledger holds has its findings in a finished run's log. Returns their ids.
   */
  closeInterruptedRuns(): string[] {
    const open = this.sql('SELECT id, command, started_at FROM runs WHERE finished_at IS NULL').all() as Array<{ id: string; command: string; started_at: string }>;
    for (const run of open) {
      const finishedAt = new Date().toISOString();
      const findings = (this.sql('SELECT COUNT(*) AS n FROM run_findings WHERE run_id = ?').get(run.id) as { n: number }).n;
      this.finishRun(run.id, { runId: run.id, command: run.command, startedAt: run.started_at, finishedAt, interrupted: true, killed: true, findings } as { finishedAt: string });
    }
    return open.map((r) => r.id);
  }

  runDir(runId: string): string {
    return path.join(this.root, 'runs', runId);
  }

  runs(): RunRecord[] {
    return (this.sql('SELECT id, command, started_at, finished_at, summary FROM runs ORDER BY started_at DESC, id DESC').all() as RunRow[]).map(toRun);
  }

  latestRun(): RunRecord | null {
    // Found on its narrow columns, then read: sorting the rows themselves read every run's
    // summary (a night's is 2 MB at 10,000 files; the desk's overview took 0.8 s after 200 runs).
    const row = this.sql(`SELECT id, command, started_at, finished_at, summary FROM runs
      WHERE id = (SELECT id FROM runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1)`).get() as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  hasRun(runId: string): boolean {
    return this.sql('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
  }

  // --- published files ------------------------------------------------------------------

  cleanedPath(year: number, agency: string): string {
    return path.join(this.root, 'cleaned', String(year), `${safeName(agency)}.json`);
  }

  private quarantinePath(sha256: string, file: string): string {
    return path.join(this.root, 'quarantine', `${sha256.slice(0, 8)}-${safeName(path.basename(file))}`);
  }

  /** What a submission publishes: its cleaned report when current, its quarantined copy and reason while rejected and held. */
  private desired(id: number): Array<{ file: string; write: () => void }> {
    const row = this.sql(`SELECT s.*, EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id) AS held FROM submissions s WHERE id = ?`).get(id) as
      (SubmissionRow & { report: string | null; held: number }) | undefined;
    if (!row) return [];
    if (row.current === 1 && row.report !== null) {
      const file = this.cleanedPath(row.year!, row.agency!);
      return [{ file, write: () => writeAtomic(file, row.report!, { fsync: false }) }];
    }
    if (row.status === 'rejected' && row.held === 1) {
      const copy = this.quarantinePath(row.sha256, row.file);
      const findings = JSON.parse(row.findings) as Finding[];
      const reason = { file: row.file, sha256: row.sha256, rule: row.rule, cause: row.cause, reason: findings[0] ? renderMessage(findings[0]) : null, findings: findings.map((f) => ({ ...f, message: renderMessage(f) })) };
      const original = this.originalPath(row.sha256);
      return [
        ...(fs.existsSync(original) ? [{ file: copy, write: () => copyAtomic(original, copy) }] : []),
        { file: `${copy}.reason.json`, write: () => writeAtomic(`${copy}.reason.json`, JSON.stringify(reason, null, 2) + '\n', { fsync: false }) },
      ];
    }
    return [];
  }

  private publishSubmission(id: number): void {
    const wanted = this.desired(id);
    const wantedPaths = new Set(wanted.map((w) => this.relative(w.file)));
    for (const stale of this.sql('SELECT path FROM published WHERE submission_id = ?').all(id) as Array<{ path: string }>) {
      if (wantedPaths.has(stale.path)) continue;
      // Another submission may publish the same path now (a resubmission): only ours goes.
      const owner = this.sql('SELECT submission_id AS id FROM published WHERE path = ?').get(stale.path) as { id: number };
      if (owner.id === id) {
        fs.rmSync(path.join(this.root, stale.path), { force: true });
        this.sql('DELETE FROM published WHERE path = ?').run(stale.path);
      }
    }
    for (const w of wanted) this.writePublished(id, w.file, w.write);
  }

  private writePublished(id: number, file: string, write: () => void): void {
    write();
    this.notePublished(id, file);
  }

  /** Remembers a published file as written (size, mtime), so verifyPublished finds it missing or changed. */
  private notePublished(id: number, file: string): void {
    this.unsynced.add(file);
    const stat = fs.statSync(file);
    this.sql(`INSERT INTO published (path, submission_id, size, mtime_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT (path) DO UPDATE SET submission_id = excluded.submission_id, size = excluded.size, mtime_ms = excluded.mtime_ms`)
      .run(this.relative(file), id, stat.size, stat.mtimeMs);
  }

  private relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }

  /**
   * Checks every published file against the database (size and mtime as written): one
   * missing, cut short or changed is written again; returns the paths restored. Also
   * publishes what a killed run committed but had not yet written.
   */
  verifyPublished(): string[] {
    const restored: string[] = [];
    // Rows as arrays (10,000 of them each night; better-sqlite3's row objects cost twice as much).
    const rows = this.sql('SELECT path, submission_id, size, mtime_ms FROM published').raw().all() as Array<[string, number, number, number]>;
    const restoredRuns = new Set<string>();
    for (const [file, id, size, mtimeMs] of rows) {
      let stat: fs.Stats | undefined;
      try {
        // Concatenated rather than joined: the paths are ours, relative, and normalized.
        stat = fs.statSync(this.root + path.sep + file, { throwIfNoEntry: false });
      } catch {
        stat = undefined; // not a folder on the way, not readable: written again like a missing one
      }
      if (stat && stat.size === size && stat.mtimeMs === mtimeMs) continue;
      if (id !== RUN_FILE) {
        restored.push(file);
        this.publishSubmission(id);
      } else if (file === 'runs/latest.json') {
        const latest = this.latestRun();
        if (!latest) continue;
        restored.push(file);
        this.publishLatest(latest.id);
      } else {
        const runId = file.split('/')[1];
        if (!this.hasRun(runId)) continue;
        restored.push(file);
        if (!restoredRuns.has(runId)) this.publishRun(runId);
        restoredRuns.add(runId);
      }
    }
    // What should publish and has nothing published: a current report, a rejected file the ledger holds.
    const unpublished = this.sql(`
      SELECT id FROM submissions s WHERE current = 1 AND NOT EXISTS (SELECT 1 FROM published p WHERE p.submission_id = s.id)
      UNION ALL
      SELECT id FROM submissions s WHERE status = 'rejected' AND EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id)
        AND NOT EXISTS (SELECT 1 FROM published p WHERE p.submission_id = s.id)`).pluck().all() as number[];
    for (const id of unpublished) {
      for (const w of this.desired(id)) restored.push(this.relative(w.file));
      this.publishSubmission(id);
    }
    for (const run of this.sql('SELECT id FROM runs WHERE finished_at IS NOT NULL').all() as Array<{ id: string }>) {
      if (!fs.existsSync(path.join(this.runDir(run.id), 'summary.json'))) {
        restored.push(this.relative(this.publishRun(run.id)));
      }
    }
    return restored;
  }

  /**
   * Makes the files written since the last call durable — kept originals and their records,
   * published files — fsynced together, files then folders. A run calls it before recording a
   * batch of files, so no transaction naming an original is committed before the original
   * is on disk: a power cut never leaves a submission whose bytes were lost.
   */
  async durable(): Promise<void> {
    const files = [...this.unsynced];
    this.unsynced.clear();
    try {
      await syncFilesTogether(files);
    } catch (e) {
      for (const file of files) this.unsynced.add(file);
      throw e;
    }
  }

  /** The end of a run: its files made durable, then the database (a checkpoint fsyncs the log and the file). */
  async sync(): Promise<void> {
    await this.durable();
    this.db.pragma('wal_checkpoint(FULL)');
  }

  /**
   * Removes what a killed process left: temporary files. Only after a process had the store
   * open when it ended without closing it (0.13 s over 10,000 reports, for nothing otherwise).
   */
  sweep(): string[] {
    if (this.meta('sweep') === null) return [];
    const removed = sweepTemporaryFiles(this.root, [path.join(this.root, 'quarantine')]);
    this.setMeta('sweep', null);
    return removed;
  }

  /** A consistent copy of the database (SQLite's online backup) under backups/, the last `keep` kept. */
  async backup(runId: string, keep = 7): Promise<string> {
    const dir = path.join(this.root, 'backups');
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `nianbao-${runId}.db`);
    await this.db.backup(`${target}.partial`);
    fs.renameSync(`${target}.partial`, target);
    syncFiles([target]);
    const all = fs.readdirSync(dir).filter((f) => /^nianbao-.*\.db$/.test(f)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, old), { force: true });
    return target;
  }

  // --- what the views read --------------------------------------------------------------

  years(): number[] {
    return (this.sql('SELECT DISTINCT year FROM submissions WHERE year IS NOT NULL ORDER BY year').all() as Array<{ year: number }>).map((r) => r.year);
  }

  currentReports(filter: { year?: number; agency?: string } = {}): CleanedReport[] {
    const { where, values } = conditions({ current: 1, year: filter.year, agency: filter.agency });
    const rows = this.sql(`SELECT report FROM submissions WHERE ${where} ORDER BY year, agency`).all(values) as Array<{ report: string }>;
    return rows.map((r) => JSON.parse(r.report) as CleanedReport);
  }

  currentParts(paths: readonly string[]): ReportParts[] {
    // json_extract in SQLite, then parse only the subtrees: 1 s instead of 4 s over 10,000 reports.
    if (!paths.every((p) => /^[A-Za-z.]+$/.test(p))) throw new Error(`not a report path: ${paths.join(', ')}`);
    const columns = paths.map((p, i) => `json_quote(json_extract(report, '$.${p}')) AS p${i}`).join(', ');
    const rows = this.sql(`SELECT agency, year${columns ? `, ${columns}` : ''} FROM submissions WHERE current = 1 ORDER BY year, agency`).all() as Array<Record<string, unknown>>;
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
    const rows = this.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE ${where} ORDER BY mtime_ms DESC, id DESC`).all(values) as SubmissionRow[];
    return rows.map(toRecord);
  }

  submission(id: number): SubmissionRecord | null {
    const row = this.submissionRow(id);
    return row ? toRecord(row) : null;
  }

  findings(filter: FindingFilter = {}): StatedFinding[] {
    const { where, values } = conditions({ agency: filter.agency, year: filter.year, severity: filter.severity, rule: filter.rule });
    const rows = this.sql(`SELECT finding FROM findings WHERE ${where} ORDER BY year, agency, scope DESC, id`).all(values) as Array<{ finding: string }>;
    return this.stated(rows.map((r) => JSON.parse(r.finding) as Finding));
  }

  runFindings(runId: string): StatedFinding[] {
    const rows = this.sql('SELECT finding FROM run_findings WHERE run_id = ? ORDER BY seq').all(runId) as Array<{ finding: string }>;
    return this.stated(rows.map((r) => JSON.parse(r.finding) as Finding));
  }

  /** Findings with the state the last decision on each key gives them. */
  private stated(findings: Finding[]): StatedFinding[] {
    const latest = this.latestDecisions();
    return findings.map((f) => {
      const decision = latest.get(f.key) ?? null;
      return { ...f, state: stateOf(f, decision), decision };
    });
  }

  private latestDecisions(): Map<string, Decision> {
    const rows = this.sql('SELECT key, decision FROM decisions WHERE seq IN (SELECT MAX(seq) FROM decisions GROUP BY key)').all() as Array<{ key: string; decision: string }>;
    return new Map(rows.map((r) => [r.key, JSON.parse(r.decision) as Decision]));
  }

  clearedFindings(agency: string, year: number): ClearedFinding[] {
    const rows = this.sql(`SELECT key, rule, decision FROM decisions WHERE agency = ? AND year = ?
      AND seq IN (SELECT MAX(seq) FROM decisions GROUP BY key) AND key NOT IN (SELECT key FROM findings) ORDER BY seq`).all(agency, year) as Array<{ key: string; rule: string; decision: string }>;
    return rows.map((r) => ({ key: r.key, rule: r.rule, decision: JSON.parse(r.decision) as Decision }));
  }

  decisions(key: string): Decision[] {
    return (this.sql('SELECT decision FROM decisions WHERE key = ? ORDER BY seq').all(key) as Array<{ decision: string }>).map((r) => JSON.parse(r.decision) as Decision);
  }

  /**
   * Appends an operator's decision to decisions.jsonl (whole line, fsynced) and indexes it.
   * The file is the record: a rebuilt database replays it (indexDecisions).
   */
  decide(input: DecisionInput): Decision {
    const row = this.sql(`SELECT f.finding, s.sha256 FROM findings f LEFT JOIN submissions s ON s.id = f.submission_id WHERE f.key = ? ORDER BY f.id LIMIT 1`).get(input.key) as { finding: string; sha256: string | null } | undefined;
    if (!row) throw new UnknownFindingError(input.key);
    const finding = JSON.parse(row.finding) as Finding;
    const decision: Decision & { agency: string | null; year: number | null; rule: string } = {
      key: input.key, decision: input.decision, reason: input.reason, by: input.by, at: districtTime(new Date()),
      on: { expected: finding.expected, actual: finding.actual, sha256: row.sha256 ?? this.currentSha(finding) },
      agency: finding.agency, year: finding.year, rule: finding.rule,
    };
    appendLine(this.decisionsFile, JSON.stringify(decision));
    this.indexDecisions();
    return decision;
  }

  private currentSha(finding: Finding): string | null {
    if (finding.agency === null || finding.year === null) return null;
    return this.currentRow(finding.agency, finding.year)?.sha256 ?? null;
  }

  /** Indexes the lines of decisions.jsonl the database does not have yet (all of them after a rebuild). */
  private indexDecisions(): void {
    if (!fs.existsSync(this.decisionsFile)) return;
    const lines = fs.readFileSync(this.decisionsFile, 'utf8').split('\n');
    // A last line without its newline was cut short by a crash while it was appended: not a decision.
    if (lines[lines.length - 1] !== '') lines.pop();
    const known = (this.sql('SELECT COUNT(*) AS n FROM decisions').get() as { n: number }).n;
    const insert = this.sql('INSERT INTO decisions (seq, key, agency, year, rule, decision) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      lines.forEach((line, i) => {
        if (i < known || line.trim() === '') return;
        let d: Decision & { agency?: string | null; year?: number | null; rule?: string };
        try {
          d = JSON.parse(line) as typeof d;
        } catch {
          return;
        }
        insert.run(i + 1, d.key, d.agency ?? null, d.year ?? null, d.rule ?? null, line);
      });
    })();
  }

  publishDocument(kind: DocumentKind, year: number | null, name: string, extension: string, bytes: Buffer | string): string {
    const file = this.documentPath(kind, year, name, extension);
    writeAtomic(file, bytes);
    return file;
  }

  documentPath(kind: DocumentKind, year: number | null, name: string, extension: string): string {
    return path.join(this.root, kind, ...(year === null ? [] : [String(year)]), `${safeName(name)}.${extension}`);
  }

  removeDocument(kind: DocumentKind, year: number | null, name: string, extension: string): boolean {
    const file = this.documentPath(kind, year, name, extension);
    if (!fs.existsSync(file)) return false;
    fs.rmSync(file);
    return true;
  }

  /** Where the run's logs go. */
  get logDir(): string {
    return path.join(this.root, 'logs');
  }
}


/** An ISO time in the district's offset (+08:00), as decisions.jsonl records it. */
function districtTime(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');
}

/** Appends one whole line and waits for the disk: a decision is never half written or lost. */
function appendLine(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  try {
    const bytes = Buffer.from(line + '\n');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
