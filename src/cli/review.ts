import fs from 'node:fs';
import path from 'node:path';
import type { Discrepancy, Severity } from '../model/finding';
import { FIELDS, fieldLabel } from '../model/template';
import { cellRef } from '../reconcile';
import { valueAt } from '../reconcile/cross';
import type { CleanedReport } from '../validate';
import { renderTable } from '../write/formats';
import { Store } from '../write/store';
import { UsageError } from './options';

export interface ReviewFilter {
  run?: string;
  agency?: string;
  severity?: Severity;
}

/** A run's findings (the latest run unless told), as the run's log holds them. */
function readRunFindings(out: string, run?: string): { runId: string; findings: Discrepancy[] } {
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

/** A number as the table shows it: '—' for an empty value, '' where the year's edition has no such field. */
const shown = (report: CleanedReport, path: string): string => {
  if (!FIELDS[report.edition].has(path)) return '';
  const value = valueAt(report, path);
  return value === null ? '—' : String(value);
};

/**
 * An agency's years side by side: one line per field of the model (both editions' fields,
 * in template order), one column per year, with the edition and source file on top. Fields
 * empty in every year are left out.
 */
export function renderAgencyYears(reports: readonly CleanedReport[]): string {
  const paths = [...new Set(reports.flatMap((r) => [...FIELDS[r.edition].keys()]))];
  const labelOf = (path: string) => fieldLabel(reports.find((r) => FIELDS[r.edition].has(path))!.edition, path);
  const rows = paths
    .filter((path) => reports.some((r) => valueAt(r, path) !== null))
    .map((path) => [labelOf(path), ...reports.map((r) => shown(r, path))]);
  return renderTable(
    ['项目', ...reports.map((r) => `${r.year}年`)],
    [['模板版本', ...reports.map((r) => `${r.edition}版`)], ['来源文件', ...reports.map((r) => r.source.file)], ...rows],
  );
}

/**
 * What `review` prints. With an agency: its years side by side, the cross-file findings in
 * force for it, then its file findings of the run; otherwise the run's findings.
 */
export function review(out: string, filter: ReviewFilter): string {
  const { runId, findings } = readRunFindings(out, filter.run);
  if (!filter.agency) {
    const shownFindings = filterFindings(findings, filter);
    return `run ${runId}: ${shownFindings.length} of ${findings.length} findings\n` + renderFindings(shownFindings);
  }
  const store = new Store(out);
  const reports = store.readAgencyYears(filter.agency);
  if (reports.length === 0) throw new UsageError(`no cleaned report for agency "${filter.agency}" in ${path.join(out, 'cleaned')}`);
  const cross = filterFindings(store.readCrossFindings(), filter);
  const ofFiles = filterFindings(findings, filter).filter((f) => !f.rule.startsWith('X.'));
  return [
    `${filter.agency}：${reports.map((r) => r.year).join('、')} 年度对照\n` + renderAgencyYears(reports),
    `跨文件核对：${cross.length} 项\n` + renderFindings(cross),
    `run ${runId}：本机关文件的问题 ${ofFiles.length} 项\n` + renderFindings(ofFiles),
  ].join('\n');
}
