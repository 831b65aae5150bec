/**
 * The decisions: out/decisions.jsonl (the record, one operator's decision a line, appended
 * and fsynced) and the decisions table that indexes it (seq = line number), and the state
 * each finding takes from the last decision on its key.
 *
 * Never rewrites or truncates decisions.jsonl: it only appends whole lines. The table is
 * an index of the file and is rebuilt from it, never the other way round.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stateOf, type Decision, type Finding, type StatedFinding } from '../model/finding';
import { UnknownFindingError, type ClearedFinding, type DecisionInput } from './api';
import type { StoreContext } from './context';
import { currentRow } from './rows';

export class Decisions {
  constructor(private readonly ctx: StoreContext) {}

  /** Findings with the state the last decision on each key gives them. */
  stated(findings: Finding[]): StatedFinding[] {
    const latest = this.latestDecisions();
    return findings.map((f) => {
      const decision = latest.get(f.key) ?? null;
      return { ...f, state: stateOf(f, decision), decision };
    });
  }

  private latestDecisions(): Map<string, Decision> {
    const rows = this.ctx.sql('SELECT key, decision FROM decisions WHERE seq IN (SELECT MAX(seq) FROM decisions GROUP BY key)').all() as Array<{ key: string; decision: string }>;
    return new Map(rows.map((r) => [r.key, JSON.parse(r.decision) as Decision]));
  }

  clearedFindings(agency: string, year: number): ClearedFinding[] {
    const rows = this.ctx.sql(`SELECT key, rule, decision FROM decisions WHERE agency = ? AND year = ?
      AND seq IN (SELECT MAX(seq) FROM decisions GROUP BY key) AND key NOT IN (SELECT key FROM findings) ORDER BY seq`).all(agency, year) as Array<{ key: string; rule: string; decision: string }>;
    return rows.map((r) => ({ key: r.key, rule: r.rule, decision: JSON.parse(r.decision) as Decision }));
  }

  decisions(key: string): Decision[] {
    return (this.ctx.sql('SELECT decision FROM decisions WHERE key = ? ORDER BY seq').all(key) as Array<{ decision: string }>).map((r) => JSON.parse(r.decision) as Decision);
  }

  /**
   * Appends an operator's decision to decisions.jsonl (whole line, fsynced) and indexes it.
   * The file is the record: a rebuilt database replays it (indexDecisions).
   */
  decide(input: DecisionInput): Decision {
    const row = this.ctx.sql(`SELECT f.finding, s.sha256 FROM findings f LEFT JOIN submissions s ON s.id = f.submission_id WHERE f.key = ? ORDER BY f.id LIMIT 1`).get(input.key) as { finding: string; sha256: string | null } | undefined;
    if (!row) throw new UnknownFindingError(input.key);
    const finding = JSON.parse(row.finding) as Finding;
    const decision: Decision & { agency: string | null; year: number | null; rule: string } = {
      key: input.key, decision: input.decision, reason: input.reason, by: input.by, at: districtTime(new Date()),
      on: { expected: finding.expected, actual: finding.actual, sha256: row.sha256 ?? this.currentSha(finding) },
      agency: finding.agency, year: finding.year, rule: finding.rule,
    };
    appendLine(this.ctx.decisionsFile, JSON.stringify(decision));
    this.indexDecisions();
    return decision;
  }

  private currentSha(finding: Finding): string | null {
    if (finding.agency === null || finding.year === null) return null;
    return currentRow(this.ctx, finding.agency, finding.year)?.sha256 ?? null;
  }

  /** Indexes the lines of decisions.jsonl the database does not have yet (all of them after a rebuild). */
  indexDecisions(): void {
    const file = this.ctx.decisionsFile;
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // A last line without its newline was cut short by a crash while it was appended: not a decision.
    if (lines[lines.length - 1] !== '') lines.pop();
    const known = (this.ctx.sql('SELECT COUNT(*) AS n FROM decisions').get() as { n: number }).n;
    const insert = this.ctx.sql('INSERT INTO decisions (seq, key, agency, year, rule, decision) VALUES (?, ?, ?, ?, ?, ?)');
    this.ctx.transaction(() => {
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
    });
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
