import fs from 'node:fs';
import path from 'node:path';
import type { Discrepancy, Severity } from '../model/finding';
import { cellRef } from '../reconcile';
import { renderTable } from '../write/formats';
import { Store } from '../write/store';
import { UsageError } from './options';

export interface ReviewFilter {
  run?: string;
  agency?: string;
  severity?: Severity;
}

/** A run's findings (the latest run unless told), as the run's log holds them. */
export function readRunFindings(out: string, run?: string): { runId: string; findings: Discrepancy[] } {
  const store = new Store(out);
  const runId = run ?? store.latestRunId();
  if (!runId) throw new UsageError(`no run in ${out} yet: run \`nianbao run\` first`);
  const file = path.join(store.runDir(runId), 'discrepancies.jsonl');
  if (!fs.existsSync(file)) throw new UsageError(`no run ${runId} in ${out}`);
  const findings = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Discrepancy);
  return { runId, findings };
}

export function filterFindings(findings: Discrepancy[], filter: ReviewFilter): Discrepancy[] {
  return findings.filter((f) => (!filter.agency || f.agency === filter.agency) && (!filter.severity || f.severity === filter.severity));
}

const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '提示' };

/** The operator's table: one finding a line, errors first. */
export function renderFindings(findings: Discrepancy[]): string {
  if (findings.length === 0) return '没有发现问题。\n';
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return renderTable(
    ['级别', '规则', '机关', '年度', '文件', '单元格', '说明'],
    sorted.map((f) => [SEVERITY_LABEL[f.severity], f.rule, f.agency ?? '—', f.year === null ? '—' : String(f.year), f.file, f.cells.length ? cellRef(f.sheet, f.cells[0]) : '—', f.message]),
  );
}
