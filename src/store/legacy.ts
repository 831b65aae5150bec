/**
 * Upgrading an output folder written by the version before the store, which kept its state
 * as JSON files: ledger.json, cross-findings.json, cross-findings.inputs.json,
 * cleaned/<year>/<agency>.json (the current report of each agency-year) and
 * history/<year>/<agency>.<stamp>.<sha8>.json (the reports newer submissions replaced).
 *
 * On the first open of such a folder (no nianbao.db, no originals/), a database is built
 * from them: every cleaned/ report becomes its agency-year's current submission, every
 * history/ report a superseded one, and the ledger's entries become ledger rows pointing at
 * the submission with their bytes (a rejected entry becomes a rejected submission). Their
 * fingerprint is `legacy`, no pipeline's, so the next run evaluates every inbox file again
 * (in place: same path and bytes, same submission) and the findings, cleaned reports and
 * quarantine are the current pipeline's. The files the store does not publish (ledger.json,
 * cross-findings*.json, history/) are then moved, not deleted, under out/legacy/.
 *
 * The database is built under a temporary name and renamed into place last: a migration
 * killed at any point is done again from the start on the next open (reading what was
 * already moved from out/legacy/).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Edition } from '../model/template';
import { syncFiles } from './atomic';
import { openDatabase, type DB } from './db';

/** The fingerprint of migrated rows: no pipeline has it, so each is evaluated again. */
export const LEGACY_FINGERPRINT = 'legacy';

/** What the previous version left in out/ that the store does not publish: moved under out/legacy/. */
const MOVED = ['ledger.json', 'cross-findings.json', 'cross-findings.inputs.json', 'history'] as const;

export interface LegacyMigration {
  /** Current reports (cleaned/) and superseded ones (history/) now submissions. */
  current: number;
  superseded: number;
  /** Ledger entries now ledger rows (imported, rejected); entries whose report was not found are left to the next run. */
  ledger: number;
  rejected: number;
  unmatched: number;
  /** Relative to out/: where the old files went (legacy/ledger.json, legacy/history…). */
  moved: string[];
}

interface LedgerFileEntry {
  file: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  status: 'clean' | 'discrepancies' | 'rejected';
  agency: string | null;
  year: number | null;
  runId?: string;
  importedAt?: string;
}

interface LegacyReport {
  agency: string;
  year: number;
  edition: Edition;
  source: { file: string; sha256: string; mapping: string; importedAt: string };
}

interface Found {
  /** Relative to out/ (cleaned/…) or to out/legacy/ (history/…). */
  rel: string;
  abs: string;
  text: string;
  report: LegacyReport;
}

/** Whether out/ holds the previous version's state and no store yet. */
export function isLegacyFolder(root: string): boolean {
  if (fs.existsSync(path.join(root, 'nianbao.db')) || fs.existsSync(path.join(root, 'originals'))) return false;
  return ['ledger.json', 'cleaned', path.join('legacy', 'ledger.json'), path.join('legacy', 'history')].some((p) => fs.existsSync(path.join(root, p)));
}

/**
 * Builds out/nianbao.db from the previous version's JSON state and moves the old files under
 * out/legacy/; returns what it did, or null when the folder holds no such state.
 */
export function migrateLegacy(root: string): LegacyMigration | null {
  if (!isLegacyFolder(root)) return null;
  const file = path.join(root, 'nianbao.db');
  const partial = `${file}.legacy-partial`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  const legacyDir = path.join(root, 'legacy');
  /** Where an old file is now: in out/, or already moved by an interrupted migration. */
  const where = (name: string): string | null => [path.join(root, name), path.join(legacyDir, name)].find((p) => fs.existsSync(p)) ?? null;

  const ledgerFile = where('ledger.json');
  const ledger = ledgerFile ? readLedger(ledgerFile) : {};
  const cleanedDir = path.join(root, 'cleaned');
  const historyDir = where('history');
  const current = reportsUnder(cleanedDir, 'cleaned');
  const superseded = historyDir ? reportsUnder(historyDir, 'history') : [];

  const db = openDatabase(partial);
  let result: Omit<LegacyMigration, 'moved'>;
  try {
    result = db.transaction(() => fill(db, root, ledger, current, superseded))();
  } finally {
    db.close();
  }

  const moved: string[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (const name of MOVED) {
    const from = path.join(root, name);
    if (!fs.existsSync(from)) {
      if (fs.existsSync(path.join(legacyDir, name))) moved.push(`legacy/${name}`);
      continue;
    }
    fs.mkdirSync(legacyDir, { recursive: true });
    let to = path.join(legacyDir, name);
    if (fs.existsSync(to)) to = `${to}.${stamp}`;
    fs.renameSync(from, to);
    moved.push(path.relative(root, to).split(path.sep).join('/'));
  }
  syncFiles([partial]);
  fs.renameSync(partial, file);
  syncFiles([file, ...(fs.existsSync(legacyDir) ? [legacyDir] : [])]);
  return { ...result, moved };
}

function readLedger(file: string): Record<string, LedgerFileEntry> {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; files?: Record<string, LedgerFileEntry> };
  if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null) {
    throw new Error(`${file} is not a ledger of the previous version (version 1): not migrated`);
  }
  return parsed.files;
}

/** Every report JSON under <dir>/<year>/, in name order; one that does not parse or lacks its source is left where it is. */
function reportsUnder(dir: string, prefix: string): Found[] {
  if (!fs.existsSync(dir)) return [];
  const found: Found[] = [];
  for (const year of fs.readdirSync(dir).sort()) {
    const yearDir = path.join(dir, year);
    if (!/^\d{4}$/.test(year) || !fs.statSync(yearDir).isDirectory()) continue;
    for (const name of fs.readdirSync(yearDir).sort()) {
      if (!name.endsWith('.json')) continue;
      const abs = path.join(yearDir, name);
      try {
        const text = fs.readFileSync(abs, 'utf8');
        const report = JSON.parse(text) as LegacyReport;
        if (typeof report.agency !== 'string' || typeof report.year !== 'number' || typeof report.source?.sha256 !== 'string') continue;
        found.push({ rel: `${prefix}/${year}/${name}`, abs, text, report });
      } catch {
        continue;
      }
    }
  }
  return found;
}

function fill(db: DB, root: string, ledger: Record<string, LedgerFileEntry>, current: Found[], superseded: Found[]): Omit<LegacyMigration, 'moved'> {
  const entries = Object.entries(ledger);
  /** The ledger entry that sent a report: same bytes, preferably the same name. */
  const entryOf = (report: LegacyReport): [string, LedgerFileEntry] | undefined =>
    entries.find(([, e]) => e.sha256 === report.source.sha256 && e.file === report.source.file) ?? entries.find(([, e]) => e.sha256 === report.source.sha256);

  const insert = db.prepare(`INSERT INTO submissions (sha256, file, mtime_ms, agency, agency_as_written, year, status, rule, cause,
    mapping, edition, imported_at, run_id, current, report, findings, fingerprint) VALUES (@sha256, @file, @mtime_ms, @agency,
    @agency, @year, @status, @rule, NULL, @mapping, @edition, @imported_at, @run_id, @current, @report, '[]', '${LEGACY_FINGERPRINT}')`);
  const addReport = (found: Found, isCurrent: boolean): number => {
    const { report } = found;
    const entry = entryOf(report)?.[1];
    return Number(insert.run({
      sha256: report.source.sha256, file: report.source.file, mtime_ms: entry?.mtimeMs ?? (Date.parse(report.source.importedAt) || 0),
      agency: report.agency, year: report.year, status: entry && entry.status !== 'rejected' ? entry.status : 'clean', rule: null,
      mapping: report.source.mapping ?? null, edition: report.edition ?? null, imported_at: report.source.importedAt ?? '',
      run_id: entry?.runId ?? LEGACY_FINGERPRINT, current: isCurrent ? 1 : 0, report: found.text,
    }).lastInsertRowid);
  };

  const published = db.prepare('INSERT OR REPLACE INTO published (path, submission_id, size, mtime_ms) VALUES (?, ?, ?, ?)');
  const notePublished = (rel: string, id: number): void => {
    const stat = fs.statSync(path.join(root, rel));
    published.run(rel, id, stat.size, stat.mtimeMs);
  };

  const bySha = new Map<string, number[]>();
  const remember = (sha: string, id: number): void => void bySha.set(sha, [...(bySha.get(sha) ?? []), id]);
  const currentOf = new Map<string, number>();
  for (const found of current) {
    const key = `${found.report.agency}\u0000${found.report.year}`;
    if (currentOf.has(key)) continue; // two files naming one agency-year: the first stays current, the other is left to the run
    const id = addReport(found, true);
    currentOf.set(key, id);
    remember(found.report.source.sha256, id);
    // The store knows the file it publishes: the next run does not take it for a missing one.
    notePublished(found.rel, id);
  }
  const supersede = db.prepare('UPDATE submissions SET superseded_by = ? WHERE id = ?');
  // Older first, so the newest of an agency-year's reports with the same bytes is found first below.
  for (const found of superseded) {
    const id = addReport(found, false);
    const winner = currentOf.get(`${found.report.agency}\u0000${found.report.year}`);
    if (winner !== undefined) supersede.run(winner, id);
    remember(found.report.source.sha256, id);
  }

  const rowOf = db.prepare('SELECT file FROM submissions WHERE id = ?');
  const addFile = db.prepare(`INSERT INTO files (path, name, size, mtime_ms, sha256, fingerprint, submission_id, run_id)
    VALUES (?, ?, ?, ?, ?, '${LEGACY_FINGERPRINT}', ?, ?)`);
  const quarantine = path.join(root, 'quarantine');
  const quarantined = fs.existsSync(quarantine) ? fs.readdirSync(quarantine) : [];
  let linked = 0;
  let rejected = 0;
  let unmatched = 0;
  for (const [filePath, entry] of entries) {
    if (entry.status === 'rejected') {
      const copies = quarantined.filter((n) => n.startsWith(`${entry.sha256.slice(0, 8)}-`));
      const reasonFile = copies.find((n) => n.endsWith('.reason.json'));
      let rule: string | null = null;
      try {
        if (reasonFile) rule = (JSON.parse(fs.readFileSync(path.join(quarantine, reasonFile), 'utf8')) as { rule?: string }).rule ?? null;
      } catch {
        rule = null;
      }
      const id = Number(insert.run({
        sha256: entry.sha256, file: entry.file, mtime_ms: entry.mtimeMs, agency: entry.agency, year: entry.year, status: 'rejected', rule,
        mapping: null, edition: null, imported_at: entry.importedAt ?? '', run_id: entry.runId ?? LEGACY_FINGERPRINT, current: 0, report: null,
      }).lastInsertRowid);
      addFile.run(filePath, entry.file, entry.size, entry.mtimeMs, entry.sha256, id, entry.runId ?? LEGACY_FINGERPRINT);
      for (const copy of copies) notePublished(`quarantine/${copy}`, id);
      rejected++;
      continue;
    }
    const ids = bySha.get(entry.sha256) ?? [];
    const id = ids.find((i) => (rowOf.get(i) as { file: string }).file === entry.file) ?? ids[0];
    if (id === undefined) {
      unmatched++; // its report is in neither cleaned/ nor history/: the next run imports the file as new
      continue;
    }
    addFile.run(filePath, entry.file, entry.size, entry.mtimeMs, entry.sha256, id, entry.runId ?? LEGACY_FINGERPRINT);
    linked++;
  }
  return { current: currentOf.size, superseded: superseded.length, ledger: linked, rejected, unmatched };
}
