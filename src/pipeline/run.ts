import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { discover, inboxEntry, isUnchanged, ledgerKey, problemOf, readChanged, type InboxFile, type InboxProblem } from '../discover';
import type { Logger } from '../log';
import { canonicalAgency, type Agencies } from '../model/agencies';
import { countBySeverity, type Discrepancy } from '../model/finding';
import { renameDurable, sweepTemporaryFiles, writeJson } from '../write/atomic';
import { CSV_START, toCsvLine, toJsonLine } from '../write/formats';
import { readLedger, writeLedger, type Ledger, type LedgerEntry } from '../write/ledger';
import { lockOutput } from '../write/lock';
import { safeName, Store } from '../write/store';
import type { ImportOutcome, ImportSettings } from './import';
import { ParserPool } from './pool';
import type { ParsedFile } from './worker';
import { pickNewest, reconcileByGroup, type CrossFinding, type Submission } from '../reconcile/cross';
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
  /** Each file's outcome as it is written (import prints it). */
  onOutcome?: (outcome: ImportOutcome, entry: FileEntry) => void;
}

export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${process.pid}`;
}

/**
 * The one pipeline behind `run`, `import` and the nightly job: under the output folder's
 * lock, parse new or changed files on the worker pool, write results in file order (so the
 * outputs do not depend on the number of workers), then the run's summary and logs.
 */
export async function runPipeline(request: RunRequest): Promise<RunSummary> {
  const { config, logger } = request;
  const store = new Store(config.out);
  const release = await lockOutput(config.out, request.command, config.lockWaitSeconds);
  const started = new Date();
  const runId = newRunId(started);
  const log = logger.child({ runId });
  try {
    recover(store, log);
    const ledger = readLedger(store.ledgerPath);
    const files = request.files ? request.files.map(toInboxFile) : discover(config.inbox);
    if (!request.files) forgetRemoved(ledger, config.inbox, files);
    const force = config.force || request.command === 'import';
    log.info({ command: request.command, inbox: request.files ? null : config.inbox, files: files.length, jobs: config.jobs, force }, 'run started');

    const partial = path.join(config.out, 'runs', `.${runId}.partial`);
    fs.mkdirSync(partial, { recursive: true });
    const jsonl = path.join(partial, 'discrepancies.jsonl');
    const csv = path.join(partial, 'discrepancies.csv');
    fs.writeFileSync(jsonl, '');
    fs.writeFileSync(csv, CSV_START);

    const importedAt = started.toISOString();
    const entries: FileEntry[] = [];
    const output: RunOutput = { store, ledger, runId, importedAt, jsonl, csv, entries: new Map(), submissions: new SubmissionIndex(ledger) };
    const pool = new ParserPool(config.jobs, config.limits, request.settings);
    const window = config.jobs * 2;
    const pending: Array<Promise<Decision>> = [];
    let launched = 0;
    const launch = () => {
      while (launched < files.length && launched < entries.length + window && !request.stop?.aborted) {
        // Caught where it is made: a file that fails before its turn is awaited is its entry, not an unhandled rejection.
        pending[launched] = decide(files[launched], ledger, force, pool, request.settings, importedAt).catch((e: unknown): Decision => ({ kind: 'failed', problem: problemOf(e) }));
        launched++;
      }
    };
    try {
      for (let i = 0; i < files.length; i++) {
        launch();
        const file = files[i];
        if (i >= launched) {
          entries.push({ file: file.name, status: 'skipped', agency: null, year: null, errors: 0, warnings: 0, reason: '运行被中止，留待下次运行', durationMs: 0 });
          continue;
        }
        const decision = await pending[i];
        delete pending[i];
        let entry: FileEntry;
        try {
          entry = decision.kind === 'failed' ? problemEntry(file, decision.problem) : { ...(decision.kind === 'skipped' ? skippedEntry(file, ledger) : write(output, file, decision)), ...nameOf(file) };
        } catch (e) {
          entry = problemEntry(file, problemOf(e, 'write'));
        }
        entries.push(entry);
        output.entries.set(entry.file, entry);
        if (decision.kind === 'parsed') request.onOutcome?.(decision.outcome, entry);
        log.info({ file: entry.file, status: entry.status, agency: entry.agency, year: entry.year, errors: entry.errors, warnings: entry.warnings, ms: entry.durationMs, ...(entry.rule ? { rule: entry.rule } : {}) }, 'file done');
        if (decision.kind === 'parsed' && decision.outcome.parserMessages) log.warn({ file: entry.file, messages: decision.outcome.parserMessages }, 'the parser reported problems in the file');
        request.onProgress?.(i + 1, files.length);
      }
    } finally {
      await pool.close();
    }
    const crossFile = reconcileStore(output, request.settings);
    const summary = summarize(
      { runId, command: request.command, startedAt: importedAt, finishedAt: new Date().toISOString(), inbox: request.files ? null : path.resolve(config.inbox), out: path.resolve(config.out), jobs: config.jobs, interrupted: request.stop?.aborted ?? false },
      entries,
      crossFile,
    );
    store.sync([jsonl, csv]);
    writeJson(path.join(partial, 'summary.json'), summary);
    renameDurable(partial, store.runDir(runId));
    // The ledger is saved only once the run's folder is complete, so every file it calls done
    // has its findings in a finished run. A run killed before this point is redone in full by
    // the next one (recover() deletes its partial folder, and its findings with it).
    writeLedger(store.ledgerPath, ledger);
    store.markLatest(runId);
    log.info({ ...summary.counts, interrupted: summary.interrupted, ms: Date.parse(summary.finishedAt) - started.getTime() }, 'run finished');
    return summary;
  } catch (e) {
    log.error({ err: e }, 'run failed');
    throw e;
  } finally {
    await release();
  }
}

/**
 * The cross-file rules over the whole store, after this run's files are in: a corrected
 * report of either side clears or updates a finding. Their lines join the run's log, and
 * the summary counts what is new and what was cleared since the last run.
 *
 * The store is read an agency at a time (reconcileByGroup), never whole. When nothing they
 * depend on has changed since the findings of cross-findings.json were computed (the ledger,
 * so no file imported, replaced or forgotten; agencies.yaml and the mappings; the cleaned
 * folders), those findings are this run's, without reading the store.
 */
function reconcileStore(output: RunOutput, settings: ImportSettings): CrossSummary {
  const { store, ledger, jsonl, csv } = output;
  const inputs = crossInputs(store, settings, ledger);
  const before = store.readCrossFindings();
  const unchanged = inputs === store.readCrossInputs() && fs.existsSync(store.crossFindingsPath);
  const findings = unchanged ? before : reconcileByGroup(store.readCleanedGroups(groupByAgency(settings.agencies)), output.submissions.all(), settings.agencies);
  fs.appendFileSync(jsonl, findings.map(toJsonLine).join(''));
  fs.appendFileSync(csv, findings.map(toCsvLine).join(''));
  const key = (f: CrossFinding) => `${f.rule}|${f.agency}|${f.year}|${f.message}`;
  const previous = new Set(before.map(key));
  const current = new Set(findings.map(key));
  if (!unchanged) {
    writeJson(store.crossFindingsPath, findings);
    writeJson(store.crossInputsPath, { inputs });
  }
  const { errors, warnings } = countBySeverity(findings);
  return {
    findings: findings.length,
    errors,
    warnings,
    new: [...current].filter((k) => !previous.has(k)).length,
    cleared: [...previous].filter((k) => !current.has(k)).length,
  };
}

/**
 * A digest of what the cross-file findings depend on: every ledger entry (what was imported,
 * from which bytes, when; X.duplicate reads the submissions from it), agencies.yaml, the
 * mappings, and the cleaned folders' modification times (any report written, moved or
 * removed changes its folder's).
 */
function crossInputs(store: Store, settings: ImportSettings, ledger: Ledger): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify([settings.agencies, settings.mappings]));
  // Entry by entry: the ledger of a large inbox is megabytes as one string.
  for (const [key, entry] of Object.entries(ledger.files)) hash.update(JSON.stringify([key, entry]));
  const cleaned = path.join(store.root, 'cleaned');
  if (fs.existsSync(cleaned)) {
    for (const dir of [cleaned, ...fs.readdirSync(cleaned).sort().map((name) => path.join(cleaned, name))]) hash.update(JSON.stringify([path.basename(dir), fs.statSync(dir).mtimeMs]));
  }
  return hash.digest('hex');
}

/**
 * A cleaned report's group for the cross-file rules, from its file name: its agency's
 * canonical name, so an agency and its aliases share a group, whichever name each report was
 * filed under (names a file name can not hold are found by their file-name form).
 */
function groupByAgency(agencies: Agencies): (fileAgency: string) => string {
  const bySafeName = new Map(agencies.agencies.flatMap((entry) => [entry.name, ...entry.aliases].map((name) => [safeName(name.trim()), entry.name] as const)));
  return (fileAgency) => bySafeName.get(fileAgency) ?? canonicalAgency(agencies, fileAgency);
}

/** A run killed mid-way leaves temporary files and a partial run folder: both go. */
function recover(store: Store, log: Logger): void {
  const removed = sweepTemporaryFiles(store.root, [store.quarantineDir]);
  const runs = path.join(store.root, 'runs');
  if (fs.existsSync(runs)) {
    for (const name of fs.readdirSync(runs)) {
      if (name.endsWith('.partial')) {
        fs.rmSync(path.join(runs, name), { recursive: true, force: true });
        removed.push(name);
      }
    }
  }
  if (removed.length) log.warn({ removed }, 'cleaned up after an interrupted run');
}

/**
 * A file taken out of the inbox is forgotten (its cleaned result stays): it no longer counts
 * as a submission for X.duplicate, and comes back as new if it is put back.
 */
function forgetRemoved(ledger: Ledger, inbox: string, present: InboxFile[]): void {
  const root = path.resolve(inbox) + path.sep;
  const kept = new Set(present.map(ledgerKey));
  for (const key of Object.keys(ledger.files)) if (key.startsWith(root) && !kept.has(key)) delete ledger.files[key];
}

const toInboxFile = (file: string): InboxFile => inboxEntry(file);

type Decision = { kind: 'skipped' } | { kind: 'parsed'; outcome: ParsedFile; sha256: string; durationMs: number } | { kind: 'failed'; problem: InboxProblem };

/**
 * Unchanged files are skipped: same size and mtime as the ledger says (nothing read), or else
 * the same bytes. The rest go to the pool, with the bytes read here and their hash, so each
 * changed file is read once and hashed once. A file over 8 MB (a report is tens of KB) is
 * only streamed through the hash here and read by its worker, so the few files in flight
 * never hold much of the main thread's memory.
 */
async function decide(file: InboxFile, ledger: Ledger, force: boolean, pool: ParserPool, settings: ImportSettings, importedAt: string): Promise<Decision> {
  const entry = ledger.files[ledgerKey(file)];
  if (!force && isUnchanged(file, entry)) return { kind: 'skipped' };
  const { sha256, bytes } = await readChanged(file, Math.min(settings.limits.maxFileBytes, 8 * 1048576));
  if (!force && entry && entry.sha256 === sha256) {
    entry.mtimeMs = file.mtimeMs;
    return { kind: 'skipped' };
  }
  const started = Date.now();
  const outcome = await pool.parse({ filePath: file.path, file: file.name, sha256, importedAt, bytes });
  return { kind: 'parsed', outcome, sha256, durationMs: Date.now() - started };
}

function skippedEntry(file: InboxFile, ledger: Ledger): FileEntry {
  const entry = ledger.files[ledgerKey(file)];
  return { file: file.name, status: 'skipped', agency: entry?.agency ?? null, year: entry?.year ?? null, errors: 0, warnings: 0, reason: '文件未变，沿用上次结果', durationMs: 0 };
}

/** Where one run writes, and what it has written so far. */
interface RunOutput {
  store: Store;
  ledger: Ledger;
  runId: string;
  importedAt: string;
  /** The run's discrepancies.jsonl and .csv, in its partial folder. */
  jsonl: string;
  csv: string;
  /** This run's summary lines by file name, so a later resubmission can mark an earlier one superseded. */
  entries: Map<string, FileEntry>;
  submissions: SubmissionIndex;
}

function write(output: RunOutput, file: InboxFile, decision: Extract<Decision, { kind: 'parsed' }>): FileEntry {
  const { store, ledger, runId, importedAt, jsonl, csv } = output;
  const { outcome } = decision;
  const counts = countBySeverity(outcome.findings);
  const base = { file: file.name, agency: outcome.agency, year: outcome.year, ...counts, durationMs: decision.durationMs };
  let entry: FileEntry;
  if (outcome.status === 'rejected') {
    const quarantined = store.quarantine(file.path, outcome);
    entry = { ...base, status: 'rejected', rule: outcome.rule, reason: outcome.reason, quarantined };
  } else {
    const imported = { ...base, status: 'imported', result: outcome.status, edition: outcome.edition, mapping: outcome.mapping } as const;
    const newest = output.submissions.newest(ledgerKey(file), { file: file.name, mtimeMs: file.mtimeMs, agency: outcome.agency, year: outcome.year });
    if (newest === file.name) {
      const written = store.writeCleaned(outcome.cleaned);
      entry = { ...imported, cleanedPath: written.path };
      // A resubmission met earlier in this run: its summary line now points at history/.
      const earlier = written.displaced && written.displaced.file !== file.name ? output.entries.get(written.displaced.file) : undefined;
      if (earlier && written.displaced) Object.assign(earlier, { cleanedPath: written.displaced.historyPath, supersededBy: file.name });
    } else {
      entry = { ...imported, cleanedPath: store.keepInHistory(outcome.cleaned), supersededBy: newest };
    }
  }
  const lines: Discrepancy[] = outcome.findings.map((f) => ({ ...f, file: file.name, agency: outcome.agency, year: outcome.year }));
  fs.appendFileSync(jsonl, lines.map(toJsonLine).join(''));
  fs.appendFileSync(csv, lines.map(toCsvLine).join(''));
  ledger.files[ledgerKey(file)] = { file: file.name, size: file.size, mtimeMs: file.mtimeMs, sha256: decision.sha256, status: outcome.status, agency: outcome.agency, year: outcome.year, runId, importedAt };
  output.submissions.set(ledgerKey(file), ledger.files[ledgerKey(file)]);
  return entry;
}

const submissionOf = (e: LedgerEntry): Submission | null =>
  e.status !== 'rejected' && e.agency !== null && e.year !== null ? { file: e.file, mtimeMs: e.mtimeMs, agency: e.agency, year: e.year } : null;

const groupKey = (s: Pick<Submission, 'agency' | 'year'>): string => `${s.year}\u0000${s.agency}`;

/**
 * The ledger's imported submissions by agency and year, kept current as the run writes: to
 * pick which file's result an agency-year keeps without scanning the ledger for every file,
 * and for X.duplicate after the run.
 */
class SubmissionIndex {
  private readonly groups = new Map<string, Map<string, Submission>>();
  private readonly groupOf = new Map<string, string>();

  constructor(ledger: Ledger) {
    for (const [key, entry] of Object.entries(ledger.files)) this.set(key, entry);
  }

  set(key: string, entry: LedgerEntry): void {
    this.groups.get(this.groupOf.get(key) ?? '')?.delete(key);
    const submission = submissionOf(entry);
    if (!submission) return;
    const group = groupKey(submission);
    this.groupOf.set(key, group);
    this.groups.set(group, (this.groups.get(group) ?? new Map<string, Submission>()).set(key, submission));
  }

  /** The file whose result the agency-year keeps: the newest of this one and the others known, by mtime, then name. */
  newest(key: string, candidate: Submission): string {
    const others = [...(this.groups.get(groupKey(candidate)) ?? new Map<string, Submission>())].filter(([k]) => k !== key).map(([, s]) => s);
    return pickNewest([candidate, ...others]).kept[0].file;
  }

  all(): Submission[] {
    return [...this.groups.values()].flatMap((group) => [...group.values()]);
  }
}
