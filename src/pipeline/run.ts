import path from 'node:path';
import type { Config } from '../config';
import { discover, inboxEntry, inboxProblem, isUnchanged, problemOf, readChanged, type InboxFile, type InboxProblem } from '../discover';
import type { Logger } from '../log';
import { countBySeverity } from '../model/finding';
import { reconcileByGroup } from '../reconcile/cross';
import { isDamage, isGone, lockOutput, OriginalLostError, Store, type LedgerEntry, type Recorded, type SubmissionInput, type SubmissionSource } from '../store';
import { crossFingerprint, pipelineFingerprint } from './fingerprint';
import type { ImportSettings } from './import';
import { Lookahead } from './lookahead';
import { FILES_PER_THREAD, ParserPool } from './pool';
import type { ParsedFile, ParsedReport } from './worker';
import { asWriteFault } from './write-fault';
import { nameOf, problemEntry, summarize, type CrossSummary, type FileEntry, type RunSummary } from './summary';

export interface RunRequest {
  config: Config;
  /** Mappings, agencies and the operator's --mapping/--agency/--year. */
  settings: ImportSettings;
  command: 'run' | 'import';
  /** import: these files, whatever the ledger says; run: the inbox's files. */
  files?: string[];
  logger: Logger;
  /** Aborted by SIGTERM/SIGINT: the files in hand finish, the rest wait for the next run. */
  stop?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Each file's outcome as it is recorded (import prints it), with its summary lines (one per report). */
  onOutcome?: (outcome: ParsedFile, entries: FileEntry[]) => void;
}

export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

/** What a run evaluates: an inbox entry, or a kept original whose result predates the pipeline's fingerprint. */
type Task =
  | { kind: 'file'; file: InboxFile }
  | { kind: 'original'; submissionId: number; name: string; sha256: string; mtimeMs: number }
  /** A kept original a rebuilt database has no submission for; `path` when it was given to import from outside the inbox and is still there (its ledger entry comes back). */
  | { kind: 'kept'; name: string; sha256: string; mtimeMs: number; path: string | null; size: number };

const taskName = (task: Task): string => (task.kind === 'file' ? task.file.name : task.name);

/**
 * The one pipeline behind `run`, `import` and the nightly job: under the output folder's
 * lock, parse new, changed and re-evaluated files on the worker pool, record each result in
 * the store in file order (so the outcome does not depend on the number of workers), then
 * the cross-file rules and the run's summary. Damage to the database met on the way
 * (SQLITE_CORRUPT, SQLITE_NOTADB) sets it aside, and the run starts again on a new one,
 * rebuilt, as damage found at open is. The backup is taken once the lock is released.
 */
export async function runPipeline(request: RunRequest): Promise<RunSummary> {
  const { config, logger } = request;
  const inHand = request.files?.length === 1 ? path.basename(request.files[0]) : null;
  const release = await lockOutput(config.out, request.command, config.lockWaitSeconds).catch((e: unknown) => {
    throw asWriteFault(e, config.out, inHand);
  });
  const started = new Date();
  const runId = newRunId(started);
  const log = logger.child({ runId });
  let store: Store | undefined;
  let run: { summary: RunSummary; changed: boolean };
  try {
    store = Store.open(config.out);
    for (;;) {
      try {
        run = await runOnStore(request, store, runId, started, log);
        break;
      } catch (e) {
        if (!isDamage(e) || store.setAside) throw e;
        store = store.reopenDamaged(e as Error);
      }
    }
  } catch (e) {
    const failure = asWriteFault(e, config.out, inHand);
    log.error({ err: failure }, 'run failed');
    store?.close();
    throw failure;
  } finally {
    await release();
  }
  try {
    // A copy of one snapshot, outside the lock: the next command need not wait for it.
    if (run.changed) log.info({ backup: await store.backup(runId) }, 'database backed up');
  } catch (e) {
    const failure = asWriteFault(e, config.out, null);
    log.error({ err: failure }, 'run failed');
    throw failure;
  } finally {
    store.close();
  }
  log.info({ ...run.summary.counts, interrupted: run.summary.interrupted, ms: Date.parse(run.summary.finishedAt) - started.getTime() }, 'run finished');
  return run.summary;
}

/** The run on an open store, up to its files made durable; whether it changed the store. */
async function runOnStore(request: RunRequest, store: Store, runId: string, started: Date, log: Logger): Promise<{ summary: RunSummary; changed: boolean }> {
  const { config } = request;
  if (store.setAside) log.error({ database: store.setAside.file, movedTo: store.setAside.movedTo, error: store.setAside.error }, 'the database was damaged: set aside, rebuilding from the inbox, the kept originals and decisions.jsonl');
  if (store.legacy) log.warn({ ...store.legacy }, `migrated the previous version's JSON state: ${store.legacy.current} current and ${store.legacy.superseded} superseded reports, ${store.legacy.ledger + store.legacy.rejected} ledger entries (${store.legacy.rejected} rejected); the old files are in out/legacy/ and every inbox file is evaluated again`);
  if (store.missing) log.error({ database: store.missing }, 'the database was missing: rebuilding from the inbox, the kept originals and decisions.jsonl');
  if (store.decisionLinesIgnored.length) log.warn({ lines: store.decisionLinesIgnored }, 'decisions.jsonl has lines that are no decision (cut short by a crash?): kept in the file, not in force');
  const swept = store.sweep();
  const interrupted = store.closeInterruptedRuns();
  if (swept.length || interrupted.length) log.warn({ removed: swept, runs: interrupted }, 'cleaned up after an interrupted run');
  const restored = store.verifyPublished();
  if (restored.length) log.warn({ restored }, 'published files were missing or changed: written again from the store');
  store.recordKeptOriginals();

  const fingerprint = pipelineFingerprint(request.settings);
  const inboxFiles = request.files ? request.files.map(toInboxFile) : discover(config.inbox);
  if (!request.files) {
    const forgotten = store.forgetMissing(config.inbox, new Set(inboxFiles.map((f) => f.path)));
    if (forgotten.length) log.info({ forgotten: forgotten.length }, 'files gone from the inbox, or from where they were imported, are forgotten');
  }
  // A rebuilt database first takes back, in the order they were kept, the originals no inbox file gives back.
  const inboxRoot = path.resolve(config.inbox) + path.sep;
  const kept = request.files ? [] : store.rebuildTasks(inboxFiles);
  if (kept.length) log.warn({ originals: kept.length }, 'rebuilding: kept originals no inbox file gives back are evaluated again');
  const tasks: Task[] = [
    ...kept.map((k): Task => ({ kind: 'kept', name: k.file, sha256: k.sha256, mtimeMs: k.mtimeMs, path: k.path !== null && !k.path.startsWith(inboxRoot) && !isGone(k.path) ? k.path : null, size: k.size })),
    ...inboxFiles.map((file): Task => ({ kind: 'file', file })),
    ...(request.files ? [] : store.staleOriginals(fingerprint).map((s): Task => ({ kind: 'original', submissionId: s.submissionId, name: s.file, sha256: s.sha256, mtimeMs: s.mtimeMs }))),
  ];
  const ledger = store.ledger();
  const force = config.force || request.command === 'import';
  const importedAt = started.toISOString();
  store.beginRun(runId, request.command, importedAt);
  log.info({ command: request.command, inbox: request.files ? null : config.inbox, files: tasks.length, jobs: config.jobs, force, fingerprint }, 'run started');

  const entries: FileEntry[] = [];
  const byName = new Map<string, FileEntry>();
  const context: EvaluateContext = { store, ledger, force, fingerprint, importedAt, settings: request.settings, pool: new ParserPool(config.jobs, config.limits, request.settings), onOutcome: request.onOutcome };
  // An unchanged file is decided at once (10,000 of them on an unchanged night); the rest
  // never reject: a file that vanishes or can not be read is a decision of its own.
  const ahead = new Lookahead<Decision>(
    tasks.length,
    (i) => (unchangedFile(tasks[i], context) ? SKIPPED : evaluate(tasks[i], context)),
    { evaluating: config.jobs * FILES_PER_THREAD, inHand: 2 * RECORD_BATCH },
    () => request.stop?.aborted ?? false,
  );
  /** Decisions in file order, waiting for their originals to be durable before they are recorded. */
  const batch: Array<{ task: Task; decision: Decision | null }> = [];
  let batchStarted = 0;
  let done = 0;
  const recordBatch = async () => {
    await store.durable();
    // A few files a transaction, the event loop turning between them: the parsing threads
    // are handed their next files while a batch is recorded, not only after it. A batch
    // that parsed nothing (an unchanged night's) goes in one.
    const chunk = batch.some(({ decision }) => decision?.kind === 'parsed') ? RECORD_CHUNK : batch.length;
    for (let start = 0; start < batch.length; start += chunk) {
      store.recordTogether(() => {
        for (const { task, decision } of batch.slice(start, start + chunk)) {
          const recorded = decision ? recordEntries(context, runId, task, decision, byName, log) : [blankEntry(taskName(task), 'skipped', '运行被中止，留待下次运行')];
          entries.push(...recorded);
          request.onProgress?.(++done, tasks.length);
        }
      });
      ahead.recordedUpTo(done);
      await new Promise(setImmediate);
    }
    batch.length = 0;
  };
  try {
    for (let i = 0; i < tasks.length; i++) {
      batch.push({ task: tasks[i], decision: await ahead.take(i) });
      if (batch.length === 1) batchStarted = performance.now();
      // Recorded when the batch is full, or when the next file is still being parsed and the
      // batch has waited RECORD_WAIT_MS: a file's result is never long in hand, and the disk
      // is waited for a few times a second at most.
      const waited = performance.now() - batchStarted >= RECORD_WAIT_MS;
      if (batch.length >= RECORD_BATCH || (waited && i + 1 < tasks.length && !ahead.ready(i + 1))) await recordBatch();
    }
    await recordBatch();
  } finally {
    ahead.close();
    await context.pool.close();
  }
  const crossFile = reconcileStore(store, runId, request.settings);
  const summary = summarize(
    { runId, command: request.command, startedAt: importedAt, finishedAt: new Date().toISOString(), inbox: request.files ? null : path.resolve(config.inbox), out: path.resolve(config.out), jobs: config.jobs, interrupted: request.stop?.aborted ?? false },
    entries,
    crossFile,
    store.runFindings(runId),
  );
  store.finishRun(runId, summary);
  if (store.rebuilding !== null && !request.files && !summary.interrupted) {
    store.rebuilt();
    log.info('the database is rebuilt');
  }
  await store.sync();
  const changed = entries.some((e) => e.status !== 'skipped') || crossFile.new > 0 || crossFile.cleared > 0;
  return { summary, changed };
}

/**
 * The cross-file rules over the store's current reports, an agency at a time, after this
 * run's files are in. When nothing they depend on changed (the current reports, the
 * ledger's submissions, the pipeline, mappings/anomaly.yaml), the findings in force stand
 * without reading a report.
 */
function reconcileStore(store: Store, runId: string, settings: ImportSettings): CrossSummary {
  const inputs = store.crossInputs(crossFingerprint(settings));
  const unchanged = inputs === store.lastCrossInputs();
  const findings = unchanged ? store.crossFindings() : reconcileByGroup(store.currentReportGroups(), store.heldSubmissions(), settings.agencies, settings.anomaly);
  const { new: added, cleared } = store.replaceCrossFindings(runId, findings, inputs);
  return { findings: findings.length, ...countBySeverity(findings), new: added, cleared };
}

const toInboxFile = (file: string): InboxFile => inboxEntry(file);

type Decision =
  | { kind: 'skipped' }
  /** Never read, unreadable, vanished, or its original could not be kept: skipped with its rule, tried again next run. */
  | { kind: 'problem'; problem: InboxProblem }
  | { kind: 'parsed'; outcome: ParsedFile; durationMs: number; size: number }
  /** The database was found damaged while the file was evaluated. */
  | { kind: 'damage'; error: unknown };

interface EvaluateContext {
  store: Store;
  ledger: Map<string, LedgerEntry>;
  force: boolean;
  fingerprint: string;
  importedAt: string;
  settings: ImportSettings;
  pool: ParserPool;
  onOutcome?: RunRequest['onOutcome'];
}

const SKIPPED: Decision = { kind: 'skipped' };

/** An inbox file with the size, mtime and pipeline the ledger remembers: skipped without reading it. */
function unchangedFile(task: Task, ctx: EvaluateContext): boolean {
  if (task.kind !== 'file' || ctx.force || task.file.problem) return false;
  const entry = ctx.ledger.get(task.file.path);
  return entry?.fingerprint === ctx.fingerprint && isUnchanged(task.file, entry);
}

/**
 * A file the ledger does not know as it is (see unchangedFile): skipped when its bytes are
 * the same under the same pipeline (only its mtime changed). The rest go to the pool, with the
 * bytes read here and their hash, so each changed file is read once and hashed once; its
 * bytes are kept under originals/ first. A file over 8 MB (a report is tens of KB) is only
 * streamed through the hash here and read by its worker.
 */
async function evaluate(task: Task, ctx: EvaluateContext): Promise<Decision> {
  try {
    if (task.kind === 'original' || task.kind === 'kept') {
      const bytes = ctx.store.original(task.sha256);
      if (!bytes) return { kind: 'problem', problem: { rule: 'INBOX.vanished', reason: '原件已不在 originals/ 中，无法重新核对' } };
      return await parse(ctx, { filePath: '', file: task.name, sha256: task.sha256, bytes }, bytes.length);
    }
    const { file } = task;
    if (file.problem) return { kind: 'problem', problem: file.problem };
    const entry = ctx.ledger.get(file.path);
    const samePipeline = entry?.fingerprint === ctx.fingerprint;
    const { sha256, bytes } = await readChanged(file, Math.min(ctx.settings.limits.maxFileBytes, 8 * 1048576));
    if (!ctx.force && samePipeline && entry && entry.sha256 === sha256) {
      ctx.store.touch(file.path, file.mtimeMs);
      return SKIPPED;
    }
    const unkept = keepOriginal(ctx, file, sha256, bytes);
    if (unkept) return { kind: 'problem', problem: unkept };
    return await parse(ctx, { filePath: file.path, file: file.name, sha256, bytes }, file.size);
  } catch (e) {
    // Damage to the database is the run's, not the file's: thrown where the file's result is recorded.
    if (isDamage(e)) return { kind: 'damage', error: e };
    if (e instanceof OriginalLostError) return { kind: 'problem', problem: inboxProblem('ORIGINAL.lost', e.file) };
    return { kind: 'problem', problem: problemOf(e) };
  }
}

/**
 * The file's bytes kept under originals/: nianbao's own write, so a failure is WRITE.failed
 * (an EACCES or EIO of out/ read as the department's file "unreadable" blamed it for the
 * output folder), but for a file too large to have been read whole that vanished from the
 * inbox while it was being copied.
 */
function keepOriginal(ctx: EvaluateContext, file: InboxFile, sha256: string, bytes: Buffer | undefined): InboxProblem | null {
  try {
    ctx.store.keepOriginal(sha256, bytes ?? null, file.path, { file: file.name, size: file.size, mtimeMs: file.mtimeMs });
    return null;
  } catch (e) {
    if (isDamage(e)) throw e;
    if (!bytes && isGone(file.path)) return problemOf(e);
    return problemOf(e, 'write');
  }
}

async function parse(ctx: EvaluateContext, request: { filePath: string; file: string; sha256: string; bytes?: Buffer }, size: number): Promise<Decision> {
  const started = Date.now();
  const outcome = await ctx.pool.parse({ ...request, importedAt: ctx.importedAt });
  return { kind: 'parsed', outcome, durationMs: outcome.parseMs ?? Date.now() - started, size };
}

const blankEntry = (file: string, status: FileEntry['status'], reason: string, agency: string | null = null, year: number | null = null): FileEntry =>
  ({ file, status, agency, year, errors: 0, warnings: 0, reason, durationMs: 0 });

/**
 * At most how many files' results are recorded together, after their originals are made
 * durable together: one wait for the disk for up to 64 files rather than one each.
 */
const RECORD_BATCH = 64;
const RECORD_WAIT_MS = 100;
/**
 * Files recorded in one transaction of a batch. Each commit writes the pages it changed (the
 * indexes of six tables) to the log: 4 a transaction cost 1.3 s more CPU over 1,000 files
 * than 16, and 16 keep the parsing thread's eight files in hand longer than a transaction.
 */
const RECORD_CHUNK = 16;

/** One task's result recorded, its lines of the summary (one per report), and its log lines. */
function recordEntries(ctx: EvaluateContext, runId: string, task: Task, decision: Decision, byName: Map<string, FileEntry>, log: Logger): FileEntry[] {
  const recorded = record(ctx, runId, task, decision, byName, log)
    .map((entry) => (task.kind === 'file' && task.file.nameEncoding ? { ...entry, ...nameOf(task.file) } : entry));
  for (const entry of recorded) byName.set(entry.file, entry);
  if (decision.kind === 'parsed') ctx.onOutcome?.(decision.outcome, recorded);
  // An unchanged file's line is for debugging: an unchanged night of 10,000 files would log 10,000 lines.
  const level = decision.kind === 'skipped' ? 'debug' : 'info';
  for (const entry of recorded) {
    if (log.isLevelEnabled(level)) log[level]({ file: entry.file, status: entry.status, agency: entry.agency, year: entry.year, errors: entry.errors, warnings: entry.warnings, ms: entry.durationMs, ...(entry.rule ? { rule: entry.rule } : {}), ...(entry.sheets ? { sheets: entry.sheets } : {}) }, 'file done');
  }
  if (decision.kind === 'parsed' && decision.outcome.parserMessages) log.warn({ file: taskName(task), messages: decision.outcome.parserMessages }, 'the parser reported problems in the file');
  return recorded;
}

/**
 * One task's result into the store (one transaction, every report of a workbook of several),
 * and its lines of the summary: one, or one per report.
 */
function record(ctx: EvaluateContext, runId: string, task: Task, decision: Decision, byName: Map<string, FileEntry>, log: Logger): FileEntry[] {
  const { store, fingerprint } = ctx;
  const name = taskName(task);
  if (decision.kind === 'damage') throw decision.error;
  if (decision.kind === 'skipped') {
    const entry = task.kind === 'file' ? ctx.ledger.get(task.file.path) : undefined;
    return [blankEntry(name, 'skipped', '文件未变，沿用上次结果', entry?.agency ?? null, entry?.year ?? null)];
  }
  if (decision.kind === 'problem') return [task.kind === 'file' ? problemEntry(task.file, decision.problem) : { ...blankEntry(name, 'skipped', decision.problem.reason), rule: decision.problem.rule }];
  const { outcome } = decision;
  if (outcome.status === 'failed') {
    log.error({ file: name, error: outcome.error.message, stack: outcome.error.stack }, 'nianbao failed on the file (INTERNAL.error): not recorded, retried next run');
    store.recordRunOnly(runId, outcome.findings);
    return [{ file: name, agency: outcome.agency, year: outcome.year, ...countBySeverity(outcome.findings), durationMs: decision.durationMs, status: 'failed', rule: 'INTERNAL.error', reason: outcome.error.message }];
  }
  const source: SubmissionSource | { kind: 'kept' } = task.kind === 'file' ? { kind: 'file', path: task.file.path, size: task.file.size }
    : task.kind === 'original' ? { kind: 'original', submissionId: task.submissionId }
    : task.path !== null ? { kind: 'file', path: task.path, size: task.size } : { kind: 'kept' };
  const mtimeMs = task.kind === 'file' ? task.file.mtimeMs : task.mtimeMs;
  const reports = (outcome.reports ?? [outcome]).filter((r): r is Exclude<ParsedReport, { status: 'failed' }> => r.status !== 'failed');
  // A kept original re-evaluated into several reports: its submission is the first's, the others are new.
  const sources = reports.map((_, i) => (source.kind === 'original' && i > 0 ? { kind: 'kept' as const } : source));
  let recorded: Recorded[];
  try {
    recorded = store.recordFile(runId, reports.map((report, i) => ({ source: sources[i], input: submissionInput(name, mtimeMs, report) })), fingerprint);
  } catch (e) {
    if (isDamage(e)) throw e;
    // The transaction rolled back: nothing of the file is recorded, and the next run tries it again.
    const problem = problemOf(e, 'write');
    log.error({ file: name, err: e }, 'the result could not be written');
    return [task.kind === 'file' ? problemEntry(task.file, problem) : { ...blankEntry(name, 'skipped', problem.reason), rule: problem.rule }];
  }
  return reports.map((report, i) => reportEntry(name, report, recorded[i], decision.durationMs, byName));
}

/** What the store keeps of one report: its submission, with its sheets in a workbook of several. */
function submissionInput(file: string, mtimeMs: number, outcome: Exclude<ParsedReport, { status: 'failed' }>): SubmissionInput {
  return {
    file, sha256: outcome.sha256, mtimeMs,
    agency: outcome.agency, agencyAsWritten: outcome.agencyAsWritten, year: outcome.year, status: outcome.status,
    rule: outcome.status === 'rejected' ? outcome.rule : null, cause: outcome.status === 'rejected' ? outcome.cause : null,
    mapping: outcome.status === 'rejected' ? null : outcome.mapping, edition: outcome.status === 'rejected' ? null : outcome.edition,
    importedAt: outcome.status === 'rejected' ? new Date().toISOString() : outcome.importedAt,
    report: outcome.status === 'rejected' ? null : outcome.report, findings: outcome.findings,
    ...(outcome.sheets ? { sheet: outcome.sheets.join('、') } : {}),
  };
}

/** A recorded report's line of the summary. */
function reportEntry(file: string, outcome: Exclude<ParsedReport, { status: 'failed' }>, recorded: Recorded, durationMs: number, byName: Map<string, FileEntry>): FileEntry {
  const base = { file, agency: outcome.agency, year: outcome.year, ...countBySeverity(outcome.findings), durationMs, ...(outcome.sheets ? { sheets: outcome.sheets } : {}) };
  if (outcome.status === 'rejected') {
    return { ...base, status: 'rejected', rule: outcome.rule, cause: outcome.cause, quarantined: recorded.quarantined ?? undefined };
  }
  // A resubmission met earlier in this run: its summary line now says what replaced it.
  const earlier = recorded.replaced && recorded.replaced !== file ? byName.get(recorded.replaced) : undefined;
  if (earlier) Object.assign(earlier, { supersededBy: file, cleanedPath: undefined });
  return {
    ...base, status: 'imported', result: outcome.status, edition: outcome.edition, mapping: outcome.mapping,
    ...(recorded.cleanedPath ? { cleanedPath: recorded.cleanedPath } : {}),
    ...(recorded.supersededBy ? { supersededBy: recorded.supersededBy } : {}),
  };
}
