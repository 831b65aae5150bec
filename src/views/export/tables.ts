/**
 * The exports as plain tables (a header and rows of numbers and text), built from the store's
 * current reports, open findings and the roster; render.ts writes them as CSV, xlsx or JSONL.
 *
 * - wide: one row per agency-year, one column per canonical field (fields.ts);
 * - long: one row per agency-year and field of its edition (in that edition's order and words):
 *   agency, year, table, row, column, field id, value, status;
 * - not-submitted (未提交名单): the roster's agencies without an accepted report for the year;
 * - fields: the wide table's columns, with their labels, editions and whether each is a total.
 */
import { isOpen, type StatedFinding } from '../../model/finding';
import { valueAt } from '../../model/sum';
import { FIELDS } from '../../model/template';
import type { CleanedReport } from '../../validate';
import { STATUS_LABEL, type RosterEntry, type RosterStatus } from '../roster';
import { EXPORT_FIELDS, wordsOf } from './fields';

export type Value = string | number | null;

export interface Table {
  name: ExportName;
  /** Stable column ids (English), the CSV's and JSONL's keys. */
  columns: string[];
  /** The columns in Chinese, a second header row in xlsx. */
  labels: string[];
  /** Columns to mark (the template's totals). */
  marked: boolean[];
  rows: Value[][];
}

export type ExportName = 'wide' | 'long' | 'not-submitted' | 'fields';

/** A value's status in the long table. */
export type ValueStatus = 'ok' | 'error' | 'warning' | 'unknown';

export const VALUE_STATUS_LABEL: Record<ValueStatus, string> = {
  ok: '无问题',
  error: '有错误',
  warning: '有警告',
  unknown: '无法读取',
};

/** The roster's statuses that mean "no accepted report": the 未提交名单. */
export const NOT_SUBMITTED: readonly RosterStatus[] = ['overdue', 'not-submitted', 'rejected'];

const IDENTITY = [
  ['agency', '机关'],
  ['year', '年度'],
  ['edition', '模板版本'],
  ['status', '状态'],
  ['file', '文件'],
  ['sha256', 'SHA-256'],
  ['importedAt', '导入时间'],
] as const;

export interface ExportInput {
  reports: readonly CleanedReport[];
  /** The findings in force of those agency-years (every state; only open ones count). */
  findings: readonly StatedFinding[];
  /** The roster of each year exported. */
  roster: readonly RosterEntry[];
}

const key = (agency: string, year: number): string => JSON.stringify([agency, year]);

export function wideTable(input: ExportInput): Table {
  const status = new Map(input.roster.map((e) => [key(e.agency, e.year), e.status]));
  return {
    name: 'wide',
    columns: [...IDENTITY.map(([id]) => id), ...EXPORT_FIELDS.map((f) => f.id)],
    labels: [...IDENTITY.map(([, label]) => label), ...EXPORT_FIELDS.map((f) => f.label)],
    marked: [...IDENTITY.map(() => false), ...EXPORT_FIELDS.map((f) => f.total)],
    rows: input.reports.map((r) => [
      r.agency, r.year, r.edition, status.get(key(r.agency, r.year)) ?? null, r.source.file, r.source.sha256, r.source.importedAt,
      ...EXPORT_FIELDS.map((f) => (FIELDS[r.edition].has(f.id) ? valueAt(r, f.id) : null)),
    ]),
  };
}

export function longTable(input: ExportInput): Table {
  const flagged = new Map<string, ValueStatus>();
  for (const f of input.findings) {
    if (!isOpen(f) || f.agency === null || f.year === null) continue;
    for (const field of f.fields) {
      const at = key(f.agency, f.year) + field;
      if (flagged.get(at) !== 'error') flagged.set(at, f.severity);
    }
  }
  const columns = ['agency', 'year', 'table', 'row', 'column', 'field', 'value', 'status'];
  const labels = ['机关', '年度', '表格', '行', '列', '字段', '数值', '状态'];
  // Each report's fields in its edition's model order and words.
  const rows = input.reports.flatMap((r) =>
    [...FIELDS[r.edition].keys()].map((id): Value[] => {
      const value = valueAt(r, id);
      const status: ValueStatus = value === null ? 'unknown' : flagged.get(key(r.agency, r.year) + id) ?? 'ok';
      const words = wordsOf(r.edition, id);
      return [r.agency, r.year, words.table, words.row, words.column, id, value, status];
    }),
  );
  return { name: 'long', columns, labels, marked: columns.map(() => false), rows };
}

/** 未提交名单: every agency of the years' rosters without an accepted report (未提交, 逾期未提交, 已退回). */
export function notSubmittedTable(roster: readonly RosterEntry[]): Table {
  const columns = ['agency', 'year', 'status', 'statusLabel', 'deadline', 'regions', 'reason'];
  const labels = ['机关', '年度', '状态代码', '状态', '截止日期', '所属区域', '退回原因'];
  const rows = roster
    .filter((e) => NOT_SUBMITTED.includes(e.status))
    .map((e): Value[] => [e.agency, e.year, e.status, STATUS_LABEL[e.status], e.deadline, e.regions.join('、'), e.reason]);
  return { name: 'not-submitted', columns, labels, marked: columns.map(() => false), rows };
}

export function fieldsTable(): Table {
  const columns = ['id', 'label', 'editions', 'kind', 'total', 'table', 'row', 'column'];
  const labels = ['字段', '名称', '模板版本', '类型', '是否总计', '表格', '行', '列'];
  const rows = EXPORT_FIELDS.map((f): Value[] => [f.id, f.label, f.editions.join(' '), f.kind, f.total ? 'yes' : 'no', f.table, f.row, f.column]);
  return { name: 'fields', columns, labels, marked: columns.map(() => false), rows };
}

export function exportTables(input: ExportInput): Table[] {
  return [wideTable(input), longTable(input), notSubmittedTable(input.roster), fieldsTable()];
}
