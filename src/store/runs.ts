/**
 * The runs: the runs table (each run's command, times and deflated summary) and what a run
 * publishes from it, runs/<id>/summary.json, discrepancies.jsonl and .csv, and
 * runs/latest.json.
 *
 * Never writes a submission, a finding or the ledger; what a run found (run_findings) is
 * the findings room's. A run's files are written from the database, never from anything
 * the database does not hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './atomic';
import { RUN_FILE, type StoreContext } from './context';
import { packSummary, unpackSummary } from './db';
import type { Findings } from './findings';
import { CSV_START, summaryText, toCsvLine, toJsonLine } from './formats';
import type { Published } from './published';
import type { RunRecord } from './types';

interface RunRow { id: string; command: 'run' | 'import'; started_at: string; finished_at: string | null; summary: Buffer | null }

const toRun = (r: RunRow): RunRecord => ({ id: r.id, command: r.command, startedAt: r.started_at, finishedAt: r.finished_at, summary: r.summary === null ? null : JSON.parse(unpackSummary(r.summary)) });

export class Runs {
  constructor(private readonly ctx: StoreContext, private readonly findings: Findings, private readonly published: Published) {}

  beginRun(runId: string, command: 'run' | 'import', startedAt: string): void {
    this.ctx.sql('INSERT INTO runs (id, command, started_at) VALUES (?, ?, ?)').run(runId, command, startedAt);
  }

  /** Records the run's summary, then publishes runs/<id>/: summary.json, discrepancies.jsonl and .csv. */
  finishRun(runId: string, summary: { finishedAt: string }): string {
    const text = summaryText(summary);
    this.ctx.sql('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(summary.finishedAt, packSummary(text), runId);
    return this.publishLatest(runId, this.publishRun(runId, text));
  }

  /** runs/latest.json naming the run's summary.json. */
  publishLatest(runId: string, file = path.join(this.ctx.runDir(runId), 'summary.json')): string {
    // runs/latest.json names the last finished run, for scripts that follow the nightly job.
    const latest = path.join(this.ctx.root, 'runs', 'latest.json');
    writeAtomic(latest, JSON.stringify({ runId, summary: file }, null, 2) + '\n', { syncWith: this.ctx.unsynced });
    this.published.notePublished(RUN_FILE, latest);
    return file;
  }

  /** runs/<id>/ from the database, or with the summary's text in hand (a run finishing). */
  publishRun(runId: string, summary = this.keptSummary(runId)): string {
    const dir = this.ctx.runDir(runId);
    const findings = this.findings.runFindings(runId);
    writeAtomic(path.join(dir, 'discrepancies.jsonl'), findings.map(toJsonLine).join(''), { syncWith: this.ctx.unsynced });
    writeAtomic(path.join(dir, 'discrepancies.csv'), CSV_START + findings.map(toCsvLine).join(''), { syncWith: this.ctx.unsynced });
    writeAtomic(path.join(dir, 'summary.json'), summary, { syncWith: this.ctx.unsynced });
    for (const name of ['discrepancies.jsonl', 'discrepancies.csv', 'summary.json']) this.published.notePublished(RUN_FILE, path.join(dir, name));
    return path.join(dir, 'summary.json');
  }

  /** A run's summary.json as it was kept (summaryText, deflated). */
  private keptSummary(runId: string): string {
    const packed = this.ctx.sql('SELECT summary FROM runs WHERE id = ?').pluck().get(runId) as Buffer | null | undefined;
    return packed ? unpackSummary(packed) : 'null\n';
  }

  /**
   * Runs a killed process left unfinished: closed as interrupted and published, so every file
   * the ledger holds has its findings in a finished run's log. Returns their ids.
   */
  closeInterruptedRuns(): string[] {
    const open = this.ctx.sql('SELECT id, command, started_at FROM runs WHERE finished_at IS NULL').all() as Array<{ id: string; command: string; started_at: string }>;
    for (const run of open) {
      const finishedAt = new Date().toISOString();
      const findings = (this.ctx.sql('SELECT COUNT(*) AS n FROM run_findings WHERE run_id = ?').get(run.id) as { n: number }).n;
      this.finishRun(run.id, { runId: run.id, command: run.command, startedAt: run.started_at, finishedAt, interrupted: true, killed: true, findings } as { finishedAt: string });
    }
    return open.map((r) => r.id);
  }

  /** Finished runs whose runs/<id>/summary.json is gone: published again (verifyPublished). */
  republishMissingRuns(): string[] {
    const restored: string[] = [];
    for (const run of this.ctx.sql('SELECT id FROM runs WHERE finished_at IS NOT NULL').all() as Array<{ id: string }>) {
      if (!fs.existsSync(path.join(this.ctx.runDir(run.id), 'summary.json'))) {
        restored.push(this.ctx.relative(this.publishRun(run.id)));
      }
    }
    return restored;
  }

  runs(): RunRecord[] {
    return (this.ctx.sql('SELECT id, command, started_at, finished_at, summary FROM runs ORDER BY started_at DESC, id DESC').all() as RunRow[]).map(toRun);
  }

  latestRun(): RunRecord | null {
    // Found on its narrow columns, then read: sorting the rows themselves read every run's
    // summary (a night's is 2 MB at 10,000 files; the desk's overview took 0.8 s after 200 runs).
    const row = this.ctx.sql(`SELECT id, command, started_at, finished_at, summary FROM runs
      WHERE id = (SELECT id FROM runs WHERE finished_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 1)`).get() as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  hasRun(runId: string): boolean {
    return this.ctx.sql('SELECT 1 FROM runs WHERE id = ?').get(runId) !== undefined;
  }
}
