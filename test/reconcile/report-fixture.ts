/**
 * Tiny reports for rule tests: every field of an edition's model is 0, each table on its own
 * sheet with made-up addresses (a header row, then one row per template row, columns from B).
 */
import type { Finding } from '../../src/model/finding';
import type { FieldValue, Origin, ReportView } from '../../src/model/report';
import { TEMPLATE, fieldPath, type Edition } from '../../src/model/template';
import { toFinding, type Place } from '../../src/reconcile/finding';
import type { FileRule } from '../../src/reconcile/rule';

/** The sheet each table sits on in a fixture report. */
export const SHEET = { proactive: '表二', applications: '表三', reviewLitigation: '表四' } as const;

export interface FixtureOptions {
  year?: number;
  /** Field path → value; null makes the field unknown (as after a VALUE.* error). */
  values?: Record<string, number | null>;
  origins?: Record<string, Origin>;
}

export function makeReport(edition: Edition, options: FixtureOptions = {}): ReportView {
  const fields: Record<string, FieldValue> = {};
  const nextRow: Record<string, number> = {};
  for (const table of TEMPLATE[edition]) {
    const sheet = SHEET[table.section];
    let row = (nextRow[sheet] ?? 0) + 2; // a heading row before each table
    for (const r of table.rows) {
      table.columns.forEach((column, i) => {
        const address = `${String.fromCharCode(66 + i)}${row}`;
        fields[fieldPath(table, r, column)] = { value: 0, sheet, address, origin: 'cell', raw: '0' };
      });
      row++;
    }
    nextRow[sheet] = row;
  }
  for (const [path, value] of Object.entries(options.values ?? {})) {
    const field = known(fields, path);
    field.value = value;
    field.raw = value === null ? '？' : String(value);
  }
  for (const [path, origin] of Object.entries(options.origins ?? {})) known(fields, path).origin = origin;
  const year = options.year ?? (edition === '2019' ? 2020 : 2022);
  return { agency: '测试局', year, edition, fields };
}

/** Overriding a path the model lacks is a typo in a test. */
function known(fields: Record<string, FieldValue>, path: string): FieldValue {
  const field = fields[path];
  if (!field) throw new Error(`no field ${path} in this edition`);
  return field;
}

/** The fixture's A1 address of a field. */
export function cell(report: ReportView, path: string): string {
  const address = report.fields[path]?.address;
  if (!address) throw new Error(`no field ${path}`);
  return address;
}

/** The file a fixture report is imported from. */
export const FIXTURE_FILE = 'fixture.xlsx';

/** Where a fixture report's findings are placed: its agency and year, from FIXTURE_FILE. */
export const placeOf = (report: ReportView): Place => ({ agency: report.agency, year: report.year, file: FIXTURE_FILE });

/** A rule's findings on a report, through the messages module as the pipeline does. */
export const findingsOf = (rule: FileRule, report: ReportView): Finding[] =>
  rule.check(report).map((draft) => toFinding(draft, placeOf(report)));
