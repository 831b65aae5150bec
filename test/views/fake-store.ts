/**
 * A StoreView over plain data, for testing the documents alone (the end-to-end tests use the
 * real store): reports, findings, submissions and originals in memory; documents on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { partsOf, type FindingFilter, type StoreView } from '../../src/store/api';
import type { StatedFinding } from '../../src/model/finding';
import type { SubmissionRecord } from '../../src/store/types';
import type { CleanedReport } from '../../src/validate';

export interface FakeData {
  reports?: CleanedReport[];
  findings?: StatedFinding[];
  submissions?: Partial<SubmissionRecord>[];
  originals?: Record<string, Buffer>;
}

export function fakeStore(dir: string, data: FakeData): StoreView & { removed: string[] } {
  const reports = data.reports ?? [];
  const submissions: SubmissionRecord[] = (data.submissions ?? reports.map((r) => ({ agency: r.agency, year: r.year, sha256: r.source.sha256, file: r.source.file })))
    .map((s, i) => ({
      id: i + 1, sha256: '0'.repeat(64), file: 'x.xlsx', agency: null, agencyAsWritten: s.agency ?? null, year: null, status: 'clean',
      rule: null, cause: null, reason: null, mapping: null, edition: null, importedAt: '2024-03-01T00:00:00.000Z', runId: 'r1',
      current: true, supersededBy: null, extension: 'xlsx', ...s,
    }));
  const where = <T extends { agency: string | null; year: number | null }>(items: T[], f: { agency?: string; year?: number } = {}) =>
    items.filter((x) => (f.agency === undefined || x.agency === f.agency) && (f.year === undefined || x.year === f.year));
  const docPath = (kind: string, year: number | null, name: string, ext: string) =>
    path.join(dir, kind, year === null ? '' : String(year), `${name.replace(/[/\\]/g, '_')}.${ext}`);
  const removed: string[] = [];
  const unused = (): never => { throw new Error('not in the fake store'); };
  return {
    removed,
    snapshot: (read) => read(),
    years: () => [...new Set(submissions.map((s) => s.year).filter((y): y is number => y !== null))].sort(),
    currentReports: (f) => where(reports, f),
    currentParts: (paths) => reports.map((r) => partsOf(r, paths)),
    currentReport: (agency, year) => reports.find((r) => r.agency === agency && r.year === year) ?? null,
    submissions: (f) => where(submissions, f),
    submission: (id) => submissions.find((s) => s.id === id) ?? null,
    original: (sha256) => data.originals?.[sha256] ?? null,
    findings: (f: FindingFilter = {}) => where(data.findings ?? [], f).filter((x) => (!f.severity || x.severity === f.severity) && (!f.rule || x.rule === f.rule)),
    runFindings: unused,
    clearedFindings: unused,
    decisions: unused,
    decide: unused,
    runs: () => [],
    latestRun: () => null,
    publishDocument(kind, year, name, ext, bytes) {
      const file = docPath(kind, year, name, ext);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      return file;
    },
    documentPath: docPath,
    removeDocument(kind, year, name, ext) {
      const file = docPath(kind, year, name, ext);
      if (!fs.existsSync(file)) return false;
      fs.rmSync(file);
      removed.push(file);
      return true;
    },
  };
}
