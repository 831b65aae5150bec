/**
 * A StoreView kept in memory, for the desk's unit tests only (app.request, no socket, no
 * database): the end tests use the real store produced by running the pipeline.
 */
import crypto from 'node:crypto';
import { findingKey, stateOf, type Decision, type Finding, type StatedFinding } from '../../src/model/finding';
import { FIELDS, type Edition } from '../../src/model/template';
import { partsOf, UnknownFindingError, type ClearedFinding, type DecisionInput, type FindingFilter, type ReportParts, type StoreView } from '../../src/store/api';
import type { CleanedReport, RunRecord, SubmissionRecord } from '../../src/store/types';

/** A cleaned report with every field 0 but those given (dotted paths without the leading section repeated). */
export function report(agency: string, year: number, values: Record<string, number | null> = {}, edition: Edition = '2021', file = `${agency}${year}.xlsx`): CleanedReport {
  const root: Record<string, unknown> = {};
  const cells: Record<string, [string, string]> = {};
  let row = 1;
  for (const path of FIELDS[edition].keys()) {
    const keys = path.split('.');
    let node = root;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = path in values ? values[path] : 0;
    cells[path] = ['表', `B${row++}`];
  }
  return {
    agency, year, edition,
    source: { file, sha256: crypto.createHash('sha256').update(`${agency}${year}${file}`).digest('hex'), mapping: `gioa-${edition}`, sheets: ['表'], importedAt: '2024-03-01T02:00:00.000Z', cells },
    ...root, blankCells: 0,
  } as unknown as CleanedReport;
}

export function finding(agency: string, year: number, rule: string, fields: string[], expected: number, actual: number, extra: Partial<Finding> = {}): Finding {
  return {
    rule, severity: rule.startsWith('T2.in-force') || rule.startsWith('T4.litigation') ? 'warning' : 'error',
    key: findingKey({ rule, agency, year, fields }), agency, year, fields, file: `${agency}${year}.xlsx`, sheet: '表',
    cells: fields.map((_, i) => `B${i + 1}`), expected, actual, difference: actual - expected, params: {}, ...extra,
  };
}

export class MemoryStore implements StoreView {
  private subs: SubmissionRecord[] = [];
  private reports = new Map<number, CleanedReport>();
  private inForce: Finding[] = [];
  private log: Decision[] = [];
  private bytes = new Map<string, Buffer>();

  /** Adds a submission (the newest), current for its agency-year unless rejected. */
  submit(r: CleanedReport | { agency: string; year: number; file: string; rejected: string }, findings: Finding[] = [], original?: Buffer): SubmissionRecord {
    const rejected = typeof r.rejected === 'string';
    const rej = r as { agency: string; year: number; file: string; rejected: string };
    const cleaned = r as CleanedReport;
    const agency = r.agency;
    const year = r.year;
    const file = rejected ? rej.file : cleaned.source.file;
    const sha256 = rejected ? crypto.createHash('sha256').update(file).digest('hex') : cleaned.source.sha256;
    const id = this.subs.length + 1;
    if (!rejected) {
      for (const s of this.subs) if (s.agency === agency && s.year === year && s.current) Object.assign(s, { current: false, supersededBy: id });
      this.inForce = this.inForce.filter((f) => !(f.agency === agency && f.year === year)).concat(findings);
      this.reports.set(id, cleaned);
    }
    const record: SubmissionRecord = {
      id, sha256, file, agency, agencyAsWritten: agency, year, status: rejected ? 'rejected' : findings.some((f) => f.severity === 'error') ? 'discrepancies' : 'clean',
      rule: rejected ? 'PARSE.no-mapping' : null, cause: rejected ? 'no-mapping' : null, reason: rejected ? rej.rejected : null,
      mapping: rejected ? null : cleaned.source.mapping, edition: rejected ? null : cleaned.edition, importedAt: `2024-03-0${Math.min(id, 9)}T02:00:00.000Z`, runId: 'r1',
      current: !rejected, supersededBy: null, extension: file.split('.').pop() ?? '',
    };
    this.subs.unshift(record);
    if (original) this.bytes.set(sha256, original);
    return record;
  }

  /** One state already: nothing else writes a store in memory. */
  snapshot<T>(read: () => T): T {
    return read();
  }

  years(): number[] {
    return [...new Set(this.subs.filter((s) => s.year !== null).map((s) => s.year as number))].sort();
  }
  currentParts(paths: readonly string[]): ReportParts[] {
    return this.currentReports().map((r) => partsOf(r, paths));
  }

  currentReports(filter: { year?: number; agency?: string } = {}): CleanedReport[] {
    return this.subs.filter((s) => s.current && (!filter.year || s.year === filter.year) && (!filter.agency || s.agency === filter.agency)).map((s) => this.reports.get(s.id)!).sort((a, b) => a.year - b.year || (a.agency < b.agency ? -1 : 1));
  }
  currentReport(agency: string, year: number): CleanedReport | null {
    return this.currentReports({ agency, year })[0] ?? null;
  }
  submissions(filter: { year?: number; agency?: string } = {}): SubmissionRecord[] {
    return this.subs.filter((s) => (!filter.year || s.year === filter.year) && (!filter.agency || s.agency === filter.agency));
  }
  submission(id: number): SubmissionRecord | null {
    return this.subs.find((s) => s.id === id) ?? null;
  }
  original(sha256: string): Buffer | null {
    return this.bytes.get(sha256) ?? null;
  }
  private last(key: string): Decision | null {
    return this.decisions(key).at(-1) ?? null;
  }
  findings(filter: FindingFilter = {}): StatedFinding[] {
    return this.inForce
      .filter((f) => (!filter.agency || f.agency === filter.agency) && (!filter.year || f.year === filter.year) && (!filter.severity || f.severity === filter.severity) && (!filter.rule || f.rule === filter.rule))
      .map((f) => ({ ...f, state: stateOf(f, this.last(f.key)), decision: this.last(f.key) }));
  }
  runFindings(): StatedFinding[] {
    return [];
  }
  clearedFindings(agency: string, year: number): ClearedFinding[] {
    const keys = new Set(this.inForce.map((f) => f.key));
    return this.log.filter((d) => !keys.has(d.key) && this.decidedFor.get(d.key) === `${agency}|${year}`).map((d) => ({ key: d.key, rule: this.ruleOf.get(d.key) ?? '?', decision: this.last(d.key)! }))
      .filter((c, i, all) => all.findIndex((x) => x.key === c.key) === i);
  }
  private decidedFor = new Map<string, string>();
  private ruleOf = new Map<string, string>();
  decisions(key: string): Decision[] {
    return this.log.filter((d) => d.key === key);
  }
  decide(input: DecisionInput): Decision {
    const f = this.inForce.find((x) => x.key === input.key);
    if (!f) throw new UnknownFindingError(input.key);
    const sha256 = this.subs.find((s) => s.current && s.agency === f.agency && s.year === f.year)?.sha256 ?? null;
    const decision: Decision = { ...input, at: '2026-02-03T09:12:00+08:00', on: { expected: f.expected, actual: f.actual, sha256 } };
    this.log.push(decision);
    this.decidedFor.set(f.key, `${f.agency}|${f.year}`);
    this.ruleOf.set(f.key, f.rule);
    return decision;
  }
  runs(): RunRecord[] {
    return [];
  }
  latestRun(): RunRecord | null {
    return null;
  }
  publishDocument(): string {
    throw new Error('not in memory');
  }
  documentPath(): string {
    throw new Error('not in memory');
  }
  removeDocument(): boolean {
    throw new Error('not in memory');
  }
}
