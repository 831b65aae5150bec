/**
 * The store: out/nianbao.db and the files published from it. The only code that opens the
 * database or builds a path under out/ (DESIGN: The store; docs/store.md draws the tables).
 *
 * `Store` is a facade: it opens the database and hands one StoreContext (the handle, its
 * prepared statements, the root, the touched and unsynced sets) to the rooms that own each
 * part: the ledger (ledger.ts), the originals and the rebuild (originals.ts), the
 * submissions (submissions.ts), the findings in force (findings.ts), the decisions
 * (decisions.ts), the runs (runs.ts), a submission's published files (published.ts), what
 * keeps out/ whole and durable (recovery.ts) and the views' documents (documents.ts).
 *
 * A file's result (its submission, its findings in force, its ledger entry, the agency-year's
 * current report) is one transaction. Published files (cleaned/, quarantine/, runs/<id>/) are
 * written whole after the transaction commits, and written again from the database when
 * found missing or changed (verifyPublished), so a run killed at any point leaves both
 * consistent once the next run starts. Holds no logic of its own beyond opening.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Decision, Finding, StatedFinding } from '../model/finding';
import type { CleanedReport } from '../validate';
import type { ClearedFinding, DecisionInput, DocumentKind, FindingFilter, ReportParts, StoreView } from './api';
import { StoreContext } from './context';
import { closeDatabase, isDamage, openDatabase, setAsideDamaged, untouchedSinceClose, type DB } from './db';
import { Decisions } from './decisions';
import { Documents } from './documents';
import { Findings } from './findings';
import { Ledger } from './ledger';
import { migrateLegacy, type LegacyMigration } from './legacy';
import { safeName } from './names';
import { Originals, type KeptRecord } from './originals';
import { Published } from './published';
import { Recovery } from './recovery';
import { Runs } from './runs';
import { Submissions } from './submissions';
import type { LedgerEntry, Recorded, RunRecord, SubmissionInput, SubmissionRecord, SubmissionSource } from './types';

export { safeName, type KeptRecord };
export * from './types';
export { OriginalLostError, UnknownFindingError, type StoreView } from './api';
export { LockBusyError, lockOutput } from './lock';
export { isDamage, writeFault } from './db';
export { isGone } from './ledger';

/** A database that could not be opened, set aside so a new one can be built. */
export interface SetAside {
  file: string;
  movedTo: string;
  error: string;
}

export class Store implements StoreView {
  /** The previous version's JSON state this open migrated (src/store/legacy.ts), if any. */
  legacy: LegacyMigration | null = null;
  private readonly ctx: StoreContext;
  private readonly ledgerRoom: Ledger;
  private readonly originals: Originals;
  private readonly submissionsRoom: Submissions;
  private readonly findingsRoom: Findings;
  private readonly decisionsRoom: Decisions;
  private readonly runsRoom: Runs;
  private readonly published: Published;
  private readonly recovery: Recovery;
  private readonly documents: Documents;

  private constructor(
    readonly root: string,
    db: DB,
    readonly setAside: SetAside | null,
    /** The database was missing while out/ held what a store publishes (originals/, runs/): a new one was started. */
    readonly missing: string | null,
  ) {
    this.ctx = new StoreContext(root, db);
    this.decisionsRoom = new Decisions(this.ctx);
    this.findingsRoom = new Findings(this.ctx, this.decisionsRoom);
    this.published = new Published(this.ctx);
    this.originals = new Originals(this.ctx);
    this.ledgerRoom = new Ledger(this.ctx, this.findingsRoom, this.published);
    this.submissionsRoom = new Submissions(this.ctx, this.findingsRoom, this.published);
    this.runsRoom = new Runs(this.ctx, this.findingsRoom, this.published);
    this.recovery = new Recovery(this.ctx, this.published, this.runsRoom, this.originals);
    this.documents = new Documents(this.ctx);
  }

  /** Whether an output folder holds a store (a run made it). */
  static exists(root: string): boolean {
    return fs.existsSync(path.join(root, 'nianbao.db'));
  }

  /** Where the commands working on an output folder write their logs. */
  static logDir(root: string): string {
    return path.join(root, 'logs');
  }

  /**
   * Opens out/nianbao.db, creating and migrating it. A damaged database (not a database,
   * malformed, failing its quick_check) is set aside (renamed beside it, named in
   * `setAside`) and a new one started; so is a missing one while out/ holds kept originals
   * or runs (`missing`). Either way the new database is marked for rebuilding: the next run
   * evaluates the inbox and then every kept original no inbox file has (rebuildTasks), and
   * decisions are re-indexed from decisions.jsonl here. Any other error opening it (the disk
   * failing, full, a file-size limit) is thrown and the database left as it is.
   */
  static open(root: string, damaged?: Error): Store {
    fs.mkdirSync(root, { recursive: true });
    const file = path.join(root, 'nianbao.db');
    const legacy = migrateLegacy(root);
    let setAside: SetAside | null = damaged ? { file, movedTo: setAsideDamaged(file), error: damaged.message } : null;
    let missing: string | null = null;
    if (!setAside && !fs.existsSync(file) && ['originals', 'runs'].some((d) => fs.existsSync(path.join(root, d)))) {
      missing = file;
      // A journal left without its database belongs to the one that is gone: never replayed into a new one.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, `${file}.missing-${stamp}${suffix}`);
    }
    // Before opening: opening makes a write-ahead log of its own.
    const closedCleanly = untouchedSinceClose(file);
    let db: DB;
    try {
      db = openDatabase(file);
    } catch (e) {
      if (!isDamage(e) || setAside) throw e;
      setAside = { file, movedTo: setAsideDamaged(file), error: (e as Error).message };
      db = openDatabase(file);
    }
    const store = new Store(root, db, setAside, missing);
    try {
      store.legacy = legacy;
      // A process killed with the store open may have left temporary files: remembered in the
      // database until a run sweeps them, so a reader that opens and closes it cleanly meanwhile
      // does not hide them.
      if (!closedCleanly || setAside || missing) store.ctx.setMeta('sweep', 'needed');
      if (setAside || missing) store.ctx.setMeta('rebuild', setAside ? 'damaged' : 'missing');
      store.decisionsRoom.indexDecisions();
    } catch (e) {
      // Damage the open's own reads met (a page its check was skipped for): as if found by the check.
      if (!isDamage(e) || setAside) throw e;
      return store.reopenDamaged(e as Error);
    }
    return store;
  }

  /**
   * Damage met after the open (SQLITE_CORRUPT or SQLITE_NOTADB in the middle of a run): the
   * database is closed without the note of a clean close, set aside as damage found at open
   * is, and a new one opened to be rebuilt (`setAside` names the old one).
   */
  reopenDamaged(error: Error): Store {
    try {
      this.ctx.db.close();
    } catch {
      // A damaged file may fail its last checkpoint: it is set aside whatever it holds.
    }
    return Store.open(this.root, error);
  }

  close(): void {
    closeDatabase(this.ctx.db, this.ctx.databaseFile);
  }

  /** Where the run's logs go. */
  get logDir(): string {
    return Store.logDir(this.root);
  }

  // The ledger (ledger.ts)
  ledger(): Map<string, LedgerEntry> { return this.ledgerRoom.ledger(); }
  touch(filePath: string, mtimeMs: number): void { this.ledgerRoom.touch(filePath, mtimeMs); }
  forgetMissing(inbox: string, present: ReadonlySet<string>): string[] { return this.ledgerRoom.forgetMissing(inbox, present); }
  staleOriginals(fingerprint: string): Array<{ submissionId: number; file: string; sha256: string; mtimeMs: number }> { return this.ledgerRoom.staleOriginals(fingerprint); }
  heldSubmissions(): Array<{ file: string; mtimeMs: number; agency: string; year: number }> { return this.ledgerRoom.heldSubmissions(); }

  // The originals and the rebuild (originals.ts)
  keepOriginal(sha256: string, bytes: Buffer | null, sourcePath: string, from?: { file: string; size: number; mtimeMs: number }): void { this.originals.keepOriginal(sha256, bytes, sourcePath, from); }
  recordKeptOriginals(): void { this.originals.recordKeptOriginals(); }
  get rebuilding(): string | null { return this.originals.rebuilding; }
  rebuildTasks(inboxFiles: ReadonlyArray<{ path: string; size: number; mtimeMs: number }>): KeptRecord[] { return this.originals.rebuildTasks(inboxFiles); }
  rebuilt(): void { this.originals.rebuilt(); }
  original(sha256: string): Buffer | null { return this.originals.original(sha256); }

  snapshot<T>(read: () => T): T { return this.ctx.snapshot(read); }

  // The submissions (submissions.ts)
  record(runId: string, source: SubmissionSource | { kind: 'kept' }, input: SubmissionInput, fingerprint: string): Recorded { return this.submissionsRoom.record(runId, source, input, fingerprint); }
  recordFile(runId: string, reports: ReadonlyArray<{ source: SubmissionSource | { kind: 'kept' }; input: SubmissionInput }>, fingerprint: string): Recorded[] { return this.submissionsRoom.recordFile(runId, reports, fingerprint); }
  recordTogether<T>(work: () => T): T { return this.submissionsRoom.recordTogether(work); }
  currentReportGroups(): Generator<CleanedReport[]> { return this.submissionsRoom.currentReportGroups(); }
  years(): number[] { return this.submissionsRoom.years(); }
  currentReports(filter: { year?: number; agency?: string } = {}): CleanedReport[] { return this.submissionsRoom.currentReports(filter); }
  currentParts(paths: readonly string[]): ReportParts[] { return this.submissionsRoom.currentParts(paths); }
  currentReport(agency: string, year: number): CleanedReport | null { return this.submissionsRoom.currentReport(agency, year); }
  submissions(filter: { year?: number; agency?: string } = {}): SubmissionRecord[] { return this.submissionsRoom.submissions(filter); }
  submission(id: number): SubmissionRecord | null { return this.submissionsRoom.submission(id); }

  // The findings in force and the runs' findings (findings.ts)
  recordRunOnly(runId: string, findings: readonly Finding[]): void { this.findingsRoom.recordRunOnly(runId, findings); }
  crossInputs(fingerprint: string): string { return this.findingsRoom.crossInputs(fingerprint); }
  lastCrossInputs(): string | null { return this.findingsRoom.lastCrossInputs(); }
  crossFindings(): Finding[] { return this.findingsRoom.crossFindings(); }
  replaceCrossFindings(runId: string, findings: readonly Finding[], inputs: string): { new: number; cleared: number } { return this.findingsRoom.replaceCrossFindings(runId, findings, inputs); }
  findings(filter: FindingFilter = {}): StatedFinding[] { return this.findingsRoom.findings(filter); }
  runFindings(runId: string): StatedFinding[] { return this.findingsRoom.runFindings(runId); }

  // The decisions (decisions.ts)
  clearedFindings(agency: string, year: number): ClearedFinding[] { return this.decisionsRoom.clearedFindings(agency, year); }
  decisions(key: string): Decision[] { return this.decisionsRoom.decisions(key); }
  decide(input: DecisionInput): Decision { return this.decisionsRoom.decide(input); }
  /** Lines of decisions.jsonl this process found to be no decision (a fragment a crash left): kept in the file, not in force. */
  get decisionLinesIgnored(): readonly number[] { return this.decisionsRoom.ignored; }

  // The runs (runs.ts)
  beginRun(runId: string, command: 'run' | 'import', startedAt: string): void { this.runsRoom.beginRun(runId, command, startedAt); }
  finishRun(runId: string, summary: { finishedAt: string }): string { return this.runsRoom.finishRun(runId, summary); }
  closeInterruptedRuns(): string[] { return this.runsRoom.closeInterruptedRuns(); }
  runDir(runId: string): string { return this.ctx.runDir(runId); }
  runs(): RunRecord[] { return this.runsRoom.runs(); }
  latestRun(): RunRecord | null { return this.runsRoom.latestRun(); }
  hasRun(runId: string): boolean { return this.runsRoom.hasRun(runId); }

  // Published files, durability and recovery (published.ts, recovery.ts)
  cleanedPath(year: number, agency: string): string { return this.published.cleanedPath(year, agency); }
  verifyPublished(): string[] { return this.recovery.verifyPublished(); }
  durable(): Promise<void> { return this.recovery.durable(); }
  sync(): Promise<void> { return this.recovery.sync(); }
  sweep(): string[] { return this.recovery.sweep(); }
  backup(runId: string, keep = 7): Promise<string> { return this.recovery.backup(runId, keep); }

  // The views' documents (documents.ts)
  publishDocument(kind: DocumentKind, year: number | null, name: string, extension: string, bytes: Buffer | string): string { return this.documents.publishDocument(kind, year, name, extension, bytes); }
  documentPath(kind: DocumentKind, year: number | null, name: string, extension: string): string { return this.documents.documentPath(kind, year, name, extension); }
  removeDocument(kind: DocumentKind, year: number | null, name: string, extension: string): boolean { return this.documents.removeDocument(kind, year, name, extension); }
}
