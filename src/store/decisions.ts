/**
 * The decisions: out/decisions.jsonl (the record, one operator's decision a line, appended
 * and fsynced) and the decisions table that indexes it (seq = line number), and the state
 * each finding takes from the last decision on its key.
 *
 * Never rewrites or truncates decisions.jsonl: it only appends whole lines. The table is
 * an index of the file and is rebuilt from it, never the other way round. Several processes
 * decide at once (the desk, `decide`, a run opening the store): each appends and indexes
 * inside one BEGIN IMMEDIATE transaction, so the lines are numbered in the order they are in
 * the file, and how far the file is indexed (meta `decisions_indexed`: bytes and lines) moves
 * with the rows it names.
 */
import fs from 'node:fs';
import { stateOf, type Decision, type Finding, type StatedFinding } from '../model/finding';
import { UnknownFindingError, type ClearedFinding, type DecisionInput } from './api';
import { appendLines } from './atomic';
import type { StoreContext } from './context';
import { currentRow } from './rows';

export class Decisions {
  /** Lines of decisions.jsonl this process indexed that are no decision (a fragment a crash left), for the log. */
  readonly ignored: number[] = [];

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
   * Appends an operator's decision to decisions.jsonl (whole line, fsynced) and indexes it,
   * in one immediate transaction. A last line a crash cut short is ended first, so the
   * decision is a line of its own and the fragment stays in the file, a line that is no
   * decision. Once the line is on the disk the decision is recorded: if indexing it fails,
   * the next indexing (any store open, any decision) takes it up.
   */
  decide(input: DecisionInput): Decision {
    let appended: Decision | null = null;
    try {
      return this.ctx.transaction((): Decision => {
        const row = this.ctx.sql(`SELECT f.finding, s.sha256 FROM findings f LEFT JOIN submissions s ON s.id = f.submission_id WHERE f.key = ? ORDER BY f.id LIMIT 1`).get(input.key) as { finding: string; sha256: string | null } | undefined;
        if (!row) throw new UnknownFindingError(input.key);
        const finding = JSON.parse(row.finding) as Finding;
        const decision: Decision & { agency: string | null; year: number | null; rule: string } = {
          key: input.key, decision: input.decision, reason: input.reason, by: input.by, at: districtTime(new Date()),
          on: { expected: finding.expected, actual: finding.actual, sha256: row.sha256 ?? this.currentSha(finding) },
          agency: finding.agency, year: finding.year, rule: finding.rule,
        };
        appendLines(this.ctx.decisionsFile, [JSON.stringify(decision)]);
        appended = decision;
        this.indexNewLines();
        return decision;
      });
    } catch (e) {
      if (appended) return appended;
      throw e;
    }
  }

  private currentSha(finding: Finding): string | null {
    if (finding.agency === null || finding.year === null) return null;
    return currentRow(this.ctx, finding.agency, finding.year)?.sha256 ?? null;
  }

  /**
   * Indexes the lines of decisions.jsonl the database does not have yet (all of them after a
   * rebuild), when there are any: in an immediate transaction, so two processes never index
   * one line twice. A database busy past the timeout is left to the next indexing.
   */
  indexDecisions(): void {
    const size = fileSize(this.ctx.decisionsFile);
    if (size === this.indexed().bytes) return;
    try {
      this.ctx.transaction(() => this.indexNewLines());
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    }
  }

  /** How far decisions.jsonl is indexed: its first `bytes`, which hold `lines` lines. */
  private indexed(): { bytes: number; lines: number } {
    const noted = this.ctx.meta(INDEXED);
    return noted === null ? { bytes: 0, lines: 0 } : (JSON.parse(noted) as { bytes: number; lines: number });
  }

  /**
   * Within the caller's transaction: indexes every whole line after the indexed ones, each
   * under its line number (a line that is no decision, such as a fragment a crash left,
   * counts as a line and is skipped).
   */
  private indexNewLines(): void {
    const file = this.ctx.decisionsFile;
    let { bytes, lines } = this.indexed();
    const size = fileSize(file);
    if (size < bytes || this.ctx.meta(INDEXED) === null) {
      // Shorter than what was indexed (another file, a restore), or indexed before the
      // position was kept: indexed again from its start.
      this.ctx.sql('DELETE FROM decisions').run();
      bytes = lines = 0;
    }
    if (size === bytes) return;
    const tail = Buffer.alloc(size - bytes);
    const fd = fs.openSync(file, 'r');
    try {
      let read = 0;
      while (read < tail.length) {
        const n = fs.readSync(fd, tail, read, tail.length - read, bytes + read);
        if (n === 0) break;
        read += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    const insert = this.ctx.sql('INSERT INTO decisions (seq, key, agency, year, rule, decision) VALUES (?, ?, ?, ?, ?, ?)');
    let start = 0;
    for (let end = tail.indexOf(0x0a); end >= 0; start = end + 1, end = tail.indexOf(0x0a, start)) {
      lines++;
      const line = tail.toString('utf8', start, end);
      const d = decisionOf(line);
      if (d) insert.run(lines, d.key, d.agency ?? null, d.year ?? null, d.rule ?? null, line);
      else if (line.trim() !== '') this.ignored.push(lines);
    }
    this.ctx.setMeta(INDEXED, JSON.stringify({ bytes: bytes + start, lines }));
  }
}

/** meta: how far decisions.jsonl is indexed. */
const INDEXED = 'decisions_indexed';

const fileSize = (file: string): number => fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** A line of decisions.jsonl as a decision, or null when it is none (blank, cut short, not JSON). */
function decisionOf(line: string): (Decision & { agency?: string | null; year?: number | null; rule?: string }) | null {
  if (line.trim() === '') return null;
  try {
    const d = JSON.parse(line) as Decision & { agency?: string | null; year?: number | null; rule?: string };
    return d !== null && typeof d === 'object' && typeof d.key === 'string' ? d : null;
  } catch {
    return null;
  }
}

/** An ISO time in the district's offset (+08:00), as decisions.jsonl records it. */
function districtTime(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');
}

