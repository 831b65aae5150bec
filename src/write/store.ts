import fs from 'node:fs';
import path from 'node:path';
import type { ImportOutcome } from '../pipeline/import';
import type { CrossFinding } from '../reconcile/cross';
import type { CleanedReport } from '../validate';
import { copyAtomic, syncFiles, writeJson } from './atomic';
import { safeName } from './names';

/**
 * The output folder, one place that knows its layout:
 * cleaned/<year>/<agency>.json, history/, quarantine/, runs/<runId>/, ledger.json, logs/.
 */
export class Store {
  /** Files written since the last sync(): a run's results reach the disk together. */
  private readonly unsynced = new Set<string>();

  constructor(readonly root: string) {}

  /** A result of the run: written at once, made durable by sync(). */
  private writeResult(file: string, value: unknown): void {
    writeJson(file, value, { fsync: false });
    this.unsynced.add(file);
  }

  /** Makes every result written so far, and `others` (the run's logs), durable: before the ledger records them. */
  sync(others: readonly string[] = []): void {
    syncFiles([...this.unsynced, ...others]);
    this.unsynced.clear();
  }

  cleanedPath(year: number, agency: string): string {
    return path.join(this.root, 'cleaned', String(year), `${safeName(agency)}.json`);
  }

  readCleaned(year: number, agency: string): CleanedReport | null {
    const file = this.cleanedPath(year, agency);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CleanedReport) : null;
  }

  /**
   * Replaces an agency-year's result; the one it replaces, if it came from other bytes,
   * moves to history/ first so nothing is lost.
   */
  writeCleaned(cleaned: CleanedReport): { path: string; displaced: { file: string; historyPath: string } | null } {
    const file = this.cleanedPath(cleaned.year, cleaned.agency);
    const previous = this.readCleaned(cleaned.year, cleaned.agency);
    const displaced = previous && previous.source.sha256 !== cleaned.source.sha256 ? { file: previous.source.file, historyPath: this.keepInHistory(previous) } : null;
    this.writeResult(file, cleaned);
    return { path: file, displaced };
  }

  /** A result that is not (or no longer) the agency-year's: kept under history/, never lost. */
  keepInHistory(cleaned: CleanedReport): string {
    const stamp = cleaned.source.importedAt.replace(/[:.]/g, '-');
    const file = path.join(this.root, 'history', String(cleaned.year), `${safeName(cleaned.agency)}.${stamp}.${cleaned.source.sha256.slice(0, 8)}.json`);
    this.writeResult(file, cleaned);
    return file;
  }

  /** Copies of rejected files, under their own names, each with a `.reason.json` beside it. */
  get quarantineDir(): string {
    return path.join(this.root, 'quarantine');
  }

  /** A rejected file is copied aside with the reason beside it; the inbox is never touched. */
  quarantine(sourcePath: string, outcome: Extract<ImportOutcome, { status: 'rejected' }>): string {
    const target = path.join(this.quarantineDir, `${outcome.sha256.slice(0, 8)}-${safeName(path.basename(sourcePath))}`);
    fs.mkdirSync(this.quarantineDir, { recursive: true });
    if (fs.existsSync(sourcePath)) {
      copyAtomic(sourcePath, target);
      this.unsynced.add(target);
    }
    this.writeResult(`${target}.reason.json`, { file: outcome.file, sha256: outcome.sha256, rule: outcome.rule, reason: outcome.reason, findings: outcome.findings });
    return target;
  }

  /** An agency's cleaned reports, one per year, oldest first. */
  readAgencyYears(agency: string): CleanedReport[] {
    const dir = path.join(this.root, 'cleaned');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((year) => /^\d{4}$/.test(year))
      .sort()
      .flatMap((year) => this.readCleaned(Number(year), agency) ?? []);
  }

  /** The cross-file findings in force after the last run (none before the first). */
  readCrossFindings(): CrossFinding[] {
    const file = this.crossFindingsPath;
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CrossFinding[]) : [];
  }

  /**
   * The cleaned reports of the store a group at a time, for the cross-file rules without
   * holding the whole store: `groupOf` names the group of a report from its file name (the
   * agency's safe name), e.g. its canonical agency. Groups come in code-point order of their
   * names, a group's reports by year; only the files are listed up front, each group is read
   * when its turn comes.
   */
  *readCleanedGroups(groupOf: (fileAgency: string) => string): Generator<CleanedReport[]> {
    const dir = path.join(this.root, 'cleaned');
    if (!fs.existsSync(dir)) return;
    const groups = new Map<string, string[]>();
    for (const year of fs.readdirSync(dir).filter((y) => /^\d{4}$/.test(y)).sort()) {
      for (const name of fs.readdirSync(path.join(dir, year)).filter((f) => f.endsWith('.json')).sort()) {
        const group = groupOf(name.slice(0, -'.json'.length));
        const files = groups.get(group) ?? [];
        files.push(path.join(dir, year, name));
        groups.set(group, files);
      }
    }
    for (const group of [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      yield groups.get(group)!.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as CleanedReport);
    }
  }

  /** What the cross-file findings of cross-findings.json were computed from (a digest), so an unchanged store is not reconciled again. */
  get crossInputsPath(): string {
    return path.join(this.root, 'cross-findings.inputs.json');
  }

  readCrossInputs(): string | null {
    try {
      return (JSON.parse(fs.readFileSync(this.crossInputsPath, 'utf8')) as { inputs: string }).inputs;
    } catch {
      return null;
    }
  }

  /** The cross-file findings in force after the last run, to tell what a run cleared. */
  get crossFindingsPath(): string {
    return path.join(this.root, 'cross-findings.json');
  }

  runDir(runId: string): string {
    return path.join(this.root, 'runs', runId);
  }

  get ledgerPath(): string {
    return path.join(this.root, 'ledger.json');
  }

  get lockTarget(): string {
    return this.root;
  }

  /** out/runs/latest.json names the last finished run. */
  markLatest(runId: string): void {
    writeJson(path.join(this.root, 'runs', 'latest.json'), { runId, summary: path.join(this.runDir(runId), 'summary.json') });
  }

  latestRunId(): string | null {
    const file = path.join(this.root, 'runs', 'latest.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { runId: string }).runId : null;
  }
}

/** Agency names become file names: see names.ts (one name, one file, within the byte limit). */
export { safeName } from './names';
