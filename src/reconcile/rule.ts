/**
 * What a file rule is, and the few helpers every rule shares: reading a field's number and
 * cell, summing parts, checking a total against its parts, and finding rows in the model.
 */
import type { Scalar } from '../model/finding';
import type { Origin, ReportView } from '../model/report';
import { TEMPLATE, type Column, type Edition, type Section, type TableModel } from '../model/template';
import { TOTALS, type TotalRelation } from '../model/totals';
import { draftOf, type Draft, type RuleId, type RuleParams } from '../model/draft';

/** A pure check over one report. Drafts become findings through messages.ts. */
export interface FileRule {
  id: string;
  editions: readonly Edition[];
  check(report: ReportView): Draft[];
}

/** A field whose number is known. */
export interface Term {
  path: string;
  value: number;
  sheet: string | null;
  /** A1 address; the field path when extract gave no address, so cells stay in rule order. */
  cell: string;
  origin: Origin;
}

/** A field's number and cell, or null when the number is unknown (rules then skip). */
export function term(report: ReportView, path: string): Term | null {
  const field = report.fields[path];
  if (!field || field.value === null) return null;
  return { path, value: field.value, sheet: field.sheet, cell: field.address ?? path, origin: field.origin };
}

/** Every field's term, or null when any one is unknown. */
export function terms(report: ReportView, paths: readonly string[]): Term[] | null {
  const found = paths.map((path) => term(report, path));
  return found.every((t): t is Term => t !== null) ? found : null;
}

export const sum = (parts: readonly Term[]): number => parts.reduce((total, t) => total + t.value, 0);

/** A draft naming the involved terms' cells in order; the sheet is the first term's. */
export function draft<R extends RuleId>(rule: R, involved: readonly Term[], expected: Scalar, actual: Scalar, params: RuleParams[R]): Draft {
  return draftOf<R>({ rule, fields: involved.map((t) => t.path), sheet: involved[0]?.sheet ?? null, cells: involved.map((t) => t.cell), expected, actual, params });
}

/**
 * total = sum of parts. Skipped when a value is unknown, or when the total was a blank cell
 * filled from these very parts (it would agree by construction; VALUE.total-blank reports it).
 * Cells: the total first, then the parts.
 */
export function checkTotal<R extends TotalRelation['rule']>(
  rule: R,
  report: ReportView,
  totalPath: string,
  partPaths: readonly string[],
  params: RuleParams[R],
): Draft[] {
  const total = term(report, totalPath);
  const parts = terms(report, partPaths);
  if (!total || !parts || total.origin === 'filled') return [];
  const expected = sum(parts);
  return total.value === expected ? [] : [draft(rule, [total, ...parts], expected, total.value, params)];
}

/** Every total of the template that `rule` checks (src/model/totals.ts, shared with blank-total filling). */
export function checkTotals(rule: TotalRelation['rule'], report: ReportView): Draft[] {
  return TOTALS[report.edition]
    .filter((relation) => relation.rule === rule)
    // The totals table gives each relation the params its rule's message reads (a row or a column).
    .flatMap((relation) => checkTotal(rule, report, relation.total, relation.parts, { edition: report.edition, ...relation.params } as RuleParams[typeof rule]));
}

/** The column key of every total in the template (三's 总计 column, 四's 总计 per group). */
export const TOTAL = 'total';

/** A table's columns other than its total. */
export const partColumns = (table: TableModel): Column[] => table.columns.filter((c) => c.key !== TOTAL);

/** The one table of a section that has one table (applications, reviewLitigation). */
export function tableOf(edition: Edition, section: Section): TableModel {
  const table = TEMPLATE[edition].find((t) => t.section === section);
  if (!table) throw new Error(`no ${section} table in the ${edition} edition`);
  return table;
}

/** Row paths (`proactive.licensing`) of the rows whose table has all these columns. */
export function rowsWithColumns(edition: Edition, columnKeys: readonly string[]): string[] {
  return TEMPLATE[edition]
    .filter((table) => columnKeys.every((key) => table.columns.some((c) => c.key === key)))
    .flatMap((table) => table.rows.map((row) => `${table.section}.${row.key}`));
}
