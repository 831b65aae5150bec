/**
 * A region's report compiled from its members' (the 政务公开 office's job: region reports are
 * compiled this way): the template's tables 二、三、四 of the edition required for the year,
 * each part the sum of the members' figures (model/sum.ts, the summing X.rollup checks with),
 * each total recomputed from the summed parts, and the file rules run on the result. Pure:
 * the members' reports and roster entries in, the compiled report out.
 */
import type { Finding, Severity } from '../../model/finding';
import type { FieldValue, ReportView } from '../../model/report';
import { exactSum, sumFields } from '../../model/sum';
import { FIELDS, TEMPLATE, type Edition } from '../../model/template';
import { TOTALS } from '../../model/totals';
import { reconcileFile, toFinding } from '../../reconcile';
import type { CleanedReport } from '../../validate';
import { STATUS_LABEL, type RosterStatus } from '../roster';

/** The sheet of the compiled workbook that holds the tables; findings' cells are on it. */
export const TABLES_SHEET = '汇总表';

export interface MemberInput {
  agency: string;
  /** The member's roster status for the year. */
  status: RosterStatus;
  /** Its current report, null when it has none (not submitted, or every submission rejected). */
  report: CleanedReport | null;
  /** Why its last submission was rejected, if it was. */
  reason: string | null;
  openErrors: number;
  openWarnings: number;
}

export interface CompileInput {
  region: string;
  year: number;
  members: readonly MemberInput[];
}

export interface CompiledFinding {
  rule: string;
  severity: Severity;
  fields: string[];
  cells: string[];
  expected: Finding['expected'];
  actual: Finding['actual'];
  difference: number | null;
  message: string;
}

export interface Compiled {
  region: string;
  year: number;
  edition: Edition;
  /** Members whose report is in the sums, with their open findings' counts. */
  included: Array<{ agency: string; edition: Edition; status: RosterStatus; openErrors: number; openWarnings: number }>;
  /** Members without a report: 未提交, 逾期未提交, 已退回. */
  missing: Array<{ agency: string; status: RosterStatus; statusLabel: string; reason: string | null }>;
  /** Every field of the edition: the compiled value (null when no member's is known). */
  values: Record<string, number | null>;
  /** Fields some included member's figure is missing from (unreadable, or not in its edition): path → agencies. */
  gaps: Record<string, string[]>;
  /** Where each field is on the tables sheet (A1). */
  cells: Record<string, string>;
  /** The file rules' findings on the compiled report, on the tables sheet's cells. */
  findings: CompiledFinding[];
}

/** The edition a report for `year` must use: the 2021 edition from the 2021 reports on. */
export const editionForYear = (year: number): Edition => (year >= 2021 ? '2021' : '2019');

export function compileRegion(input: CompileInput, render: (finding: Finding) => string): Compiled {
  const edition = editionForYear(input.year);
  const withReport = input.members.filter((m): m is MemberInput & { report: CleanedReport } => m.report !== null);
  const paths = [...FIELDS[edition].keys()];
  const sums = sumFields(paths, withReport.map((m) => m.report));
  const values: Record<string, number | null> = {};
  const gaps: Record<string, string[]> = {};
  for (const [path, { sum, unknown }] of sums) {
    values[path] = sum;
    if (unknown.length > 0) gaps[path] = unknown.map((i) => withReport[i].agency);
  }
  // Totals from the summed parts (TOTALS lists row totals before the totals built on them).
  for (const relation of TOTALS[edition]) {
    const parts = relation.parts.map((p) => values[p]);
    if (parts.some((p) => p === null)) continue;
    values[relation.total] = exactSum(parts as number[]);
    const lacking = [...new Set(relation.parts.flatMap((p) => gaps[p] ?? []))];
    if (lacking.length > 0) gaps[relation.total] = lacking;
    else delete gaps[relation.total];
  }
  const cells = layoutCells(edition);
  const view: ReportView = {
    agency: input.region,
    year: input.year,
    edition,
    fields: Object.fromEntries(paths.map((path): [string, FieldValue] => [path, {
      value: values[path], sheet: TABLES_SHEET, address: cells[path], origin: 'cell', raw: String(values[path] ?? ''),
    }])),
  };
  const place = { agency: input.region, year: input.year, file: `${input.region}（汇总）` };
  const findings = reconcileFile(view).map((draft): CompiledFinding => {
    const f = toFinding(draft, place);
    return { rule: f.rule, severity: f.severity, fields: f.fields, cells: f.cells, expected: f.expected, actual: f.actual, difference: f.difference, message: render(f) };
  });
  return {
    region: input.region,
    year: input.year,
    edition,
    included: withReport.map((m) => ({ agency: m.agency, edition: m.report.edition, status: m.status, openErrors: m.openErrors, openWarnings: m.openWarnings })),
    missing: input.members.filter((m) => m.report === null).map((m) => ({ agency: m.agency, status: m.status, statusLabel: STATUS_LABEL[m.status], reason: m.reason })),
    values,
    gaps,
    cells,
    findings,
  };
}

/** The rows of the tables sheet above the first table: the title and a line pointing to 汇总说明. */
export const TABLES_TOP = 3;

/**
 * Where each field sits on the tables sheet: the template's tables one under another, each as
 * a title row, a header row of its columns, then a row per template row (label in column A),
 * with a blank row between tables.
 */
export function layoutCells(edition: Edition): Record<string, string> {
  const cells: Record<string, string> = {};
  let row = TABLES_TOP + 1;
  for (const table of TEMPLATE[edition]) {
    row += 2; // title, header
    for (const r of table.rows) {
      table.columns.forEach((c, i) => (cells[`${table.section}.${r.key}.${c.key}`] = `${column(i + 2)}${row}`));
      row++;
    }
    row++;
  }
  return cells;
}

const column = (n: number): string => {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
};
