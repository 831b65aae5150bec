/**
 * The findings: the findings table (the file and cross-file findings in force), run_findings
 * (what each run found, its discrepancies log) and the meta key `cross_inputs`.
 *
 * Never writes submissions or published files: it marks the submissions whose findings it
 * changed in the context's `touched` set, and the caller publishes them after its commit.
 * Called inside the caller's transaction, except where it opens its own (recordRunOnly,
 * replaceCrossFindings).
 */
import type { Finding, StatedFinding } from '../model/finding';
import type { FindingFilter } from './api';
import { conditions, type StoreContext } from './context';
import type { Decisions } from './decisions';

export class Findings {
  constructor(private readonly ctx: StoreContext, private readonly decisions: Decisions) {}

  /**
   * A submission's file findings are in force while it is its agency-year's current report,
   * or, rejected, while the ledger holds it (the file is still in the inbox).
   */
  syncFileFindings(id: number): void {
    this.ctx.touched.add(id);
    this.ctx.sql("DELETE FROM findings WHERE scope = 'file' AND submission_id = ?").run(id);
    const row = this.ctx.sql(`SELECT current, status, findings, EXISTS (SELECT 1 FROM files f WHERE f.submission_id = s.id) AS held
      FROM submissions s WHERE id = ?`).get(id) as { current: number; status: string; findings: string; held: number } | undefined;
    if (!row || !(row.current === 1 || (row.status === 'rejected' && row.held === 1))) return;
    this.insertFindings('file', id, JSON.parse(row.findings) as Finding[]);
  }

  private insertFindings(scope: 'file' | 'cross', submissionId: number | null, findings: readonly Finding[]): void {
    const insert = this.ctx.sql('INSERT INTO findings (key, scope, submission_id, agency, year, rule, severity, finding) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const f of findings) insert.run(f.key, scope, submissionId, f.agency, f.year, f.rule, f.severity, JSON.stringify(f));
  }

  /** Findings of a run that recorded no submission (INTERNAL.error): kept with the run only. */
  recordRunOnly(runId: string, findings: readonly Finding[]): void {
    this.ctx.transaction(() => this.recordRunFindings(runId, findings));
  }

  recordRunFindings(runId: string, findings: readonly Finding[]): void {
    const next = (this.ctx.sql('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM run_findings WHERE run_id = ?').get(runId) as { seq: number }).seq;
    const insert = this.ctx.sql('INSERT INTO run_findings (run_id, seq, finding) VALUES (?, ?, ?)');
    findings.forEach((f, i) => insert.run(runId, next + i, JSON.stringify(f)));
  }

  /**
   * What the cross-file findings depend on, as one string to compare: the pipeline's
   * fingerprint and the generation of the current reports and the ledger's submissions
   * (raised by the database on every change to either: migration 4).
   */
  crossInputs(fingerprint: string): string {
    return `${fingerprint}|${this.ctx.meta('generation') ?? ''}`;
  }

  lastCrossInputs(): string | null {
    return this.ctx.meta('cross_inputs');
  }

  crossFindings(): Finding[] {
    return (this.ctx.sql("SELECT finding FROM findings WHERE scope = 'cross' ORDER BY id").all() as Array<{ finding: string }>).map((r) => JSON.parse(r.finding) as Finding);
  }

  /** Replaces the cross-file findings in force; returns how many keys are new and how many cleared. */
  replaceCrossFindings(runId: string, findings: readonly Finding[], inputs: string): { new: number; cleared: number } {
    return this.ctx.transaction(() => {
      const before = new Set((this.ctx.sql("SELECT key FROM findings WHERE scope = 'cross'").all() as Array<{ key: string }>).map((r) => r.key));
      const after = new Set(findings.map((f) => f.key));
      this.ctx.sql("DELETE FROM findings WHERE scope = 'cross'").run();
      this.insertFindings('cross', null, findings);
      this.ctx.setMeta('cross_inputs', inputs);
      this.recordRunFindings(runId, findings);
      return { new: [...after].filter((k) => !before.has(k)).length, cleared: [...before].filter((k) => !after.has(k)).length };
    });
  }

  findings(filter: FindingFilter = {}): StatedFinding[] {
    const { where, values } = conditions({ agency: filter.agency, year: filter.year, severity: filter.severity, rule: filter.rule });
    const rows = this.ctx.sql(`SELECT finding FROM findings WHERE ${where} ORDER BY year, agency, scope DESC, id`).all(values) as Array<{ finding: string }>;
    return this.decisions.stated(rows.map((r) => JSON.parse(r.finding) as Finding));
  }

  runFindings(runId: string): StatedFinding[] {
    const rows = this.ctx.sql('SELECT finding FROM run_findings WHERE run_id = ? ORDER BY seq').all(runId) as Array<{ finding: string }>;
    return this.decisions.stated(rows.map((r) => JSON.parse(r.finding) as Finding));
  }
}
