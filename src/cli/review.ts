import { Option, type Command } from 'commander';
import { STATE_LABEL, type Severity, type StatedFinding } from '../model/finding';
import { FIELDS, fieldLabel } from '../model/template';
import { cellRef, renderMessage } from '../reconcile';
import { valueAt } from '../reconcile/cross';
import type { FindingFilter, StoreView } from '../store/api';
import { renderTable } from '../store/formats';
import type { CleanedReport } from '../validate';
import { outOption, UsageError, yearArg } from './options';
import { agenciesOf, openExistingStore, resolveAgency } from './shared';
import { BUNDLED_MAPPINGS } from '../read/mappings';

const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '提示' };

/** The operator's table: one finding a line, errors first, with its state. */
export function renderFindings(findings: readonly StatedFinding[]): string {
  if (findings.length === 0) return '没有发现问题。\n';
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return renderTable(
    ['级别', '状态', '规则', '机关', '年度', '文件', '单元格', '说明'],
    sorted.map((f) => [SEVERITY_LABEL[f.severity], STATE_LABEL[f.state], f.rule, f.agency ?? '—', f.year === null ? '—' : String(f.year), f.file, f.cells.length ? cellRef(f.sheet, f.cells[0]) : '—', renderMessage(f)]),
  );
}

/** `review --json`: the findings as a JSON array, each with its message rendered. */
export const findingsJson = (findings: readonly StatedFinding[]): string =>
  JSON.stringify(findings.map((f) => ({
    key: f.key, fields: f.fields, rule: f.rule, severity: f.severity, state: f.state, agency: f.agency, year: f.year, file: f.file,
    sheet: f.sheet, cells: f.cells, expected: f.expected, actual: f.actual, difference: f.difference, message: renderMessage(f),
    ...(f.decision ? { decision: f.decision } : {}),
  })), null, 2) + '\n';

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

export interface ReviewRequest extends FindingFilter {
  run?: string;
  json?: boolean;
}

/**
 * What `review` prints: the findings in force (or, with a run, what that run found), as a
 * table or JSON. With an agency and no --json: its years side by side first.
 */
export function review(store: StoreView & { hasRun(id: string): boolean }, request: ReviewRequest): string {
  if (request.run && !store.hasRun(request.run)) throw new UsageError(`no run ${request.run} in the store`);
  const all = request.run ? store.runFindings(request.run) : store.findings(request);
  const findings = request.run
    ? all.filter((f) => (!request.agency || f.agency === request.agency) && (request.year === undefined || f.year === request.year)
      && (!request.severity || f.severity === request.severity) && (!request.rule || f.rule === request.rule))
    : all;
  if (request.json) return findingsJson(findings);
  const head = request.run ? `run ${request.run}：${findings.length} 项\n` : `现存问题：${findings.length} 项\n`;
  if (!request.agency) return head + renderFindings(findings);
  const reports = store.currentReports({ agency: request.agency });
  const years = reports.length ? `${request.agency}：${reports.map((r) => r.year).join('、')} 年度对照\n` + renderAgencyYears(reports) + '\n' : '';
  return years + head + renderFindings(findings);
}

export function register(program: Command): void {
  outOption(program.command('review').description('print the findings in force (or what one run found) as a table for an operator, or JSON'))
    .option('--run <id>', 'what this run found, instead of what stands now')
    .option('--agency <name>', 'this agency only (any of its names): its years side by side, then its findings')
    .option('--year <n>', 'this report year only', yearArg)
    .option('--rule <id>', 'this rule only (see `nianbao rules`)')
    .option('--json', 'print a JSON array of findings')
    .option('--mappings <dir>', 'folder of agencies.yaml, for aliases', BUNDLED_MAPPINGS)
    .addOption(new Option('--severity <level>', 'only this severity').choices(['error', 'warning']))
    .action((flags: { out: string; mappings: string; run?: string; agency?: string; year?: number; rule?: string; json?: boolean; severity?: Severity }) => {
      const store = openExistingStore(flags.out);
      try {
        const agency = flags.agency && resolveAgency(store, agenciesOf(flags.mappings), flags.agency);
        process.stdout.write(review(store, { run: flags.run, agency, year: flags.year, severity: flags.severity, rule: flags.rule, json: flags.json }));
      } finally {
        store.close();
      }
    });
}
