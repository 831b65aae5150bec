import { cellAt, encodeAddress, sheetLabel, type Cell, type Grid, type Sheet } from '../read/grid';
import { labelKey, rowRules, type LabelHit, type LabelIndex, type Mapping, type RowRule, type TableSpec } from '../locate';
import { perMapping } from '../model/mapping';
import { TEMPLATE, fieldPath, type TableModel } from '../model/template';
import type { Draft } from '../model/draft';

/** A line of its own that gives a table's unit of money: "单位：万元", "金额单位：元", "（单位：万元）". */
export interface UnitLine {
  unit: '元' | '万元' | '亿元';
  /** The line as typed. */
  text: string;
  address: string;
}

/** A field's cell: where the value is (the cell may be blank) and the header above it. */
export interface FieldCell {
  /** null for a text file, which has no sheets. */
  sheet: string | null;
  address: string;
  cell: Cell | undefined;
  /** The column's header text as typed, e.g. "采购总金额(万元)": it may carry a unit. */
  header: string;
  /** A money column's unit line (under its table's caption or above its header), when the table has one. */
  unitLine?: UnitLine;
}

/** A row inside a table that the mapping does not know; kept, never dropped. */
export interface ExtraRow {
  table: string;
  label: string;
  sheet: string | null;
  address: string;
  cells: Record<string, FieldCell>;
}

export interface Extraction {
  fields: Map<string, FieldCell>;
  extra: ExtraRow[];
  /** Names of the sheets the tables were found on, in workbook order (none for a text file). */
  sheets: string[];
  problems: Draft[];
}

/** How far above a table's first row its column headers may start. */
const HEADER_SEARCH_ROWS = 6;
/** How far below the last known row an unknown row is still taken as part of the table. */
const EXTRA_ROW_REACH = 3;

interface Column {
  key: string;
  c: number;
  header: string;
  group?: string;
  unitLine?: UnitLine;
}

interface Context {
  grid: Grid;
  index: LabelIndex;
  /** Every label key the mapping or the template knows: an unknown labelled row is "extra". */
  known: Set<string>;
}

export function extract(grid: Grid, mapping: Mapping, index: LabelIndex): Extraction {
  const ctx: Context = { grid, index, known: knownLabels(mapping) };
  const out: Extraction = { fields: new Map(), extra: [], sheets: [], problems: [] };
  const usedSheets = new Set<number>();
  for (const spec of mapping.tables) {
    const model = TEMPLATE[mapping.edition].find((m) => m.id === spec.model)!;
    const sheet = spec.orientation === 'rows' ? extractRows(ctx, spec, model, out) : extractColumnGroups(ctx, spec, model, out);
    if (sheet !== undefined) usedSheets.add(sheet);
  }
  out.sheets = [...usedSheets].sort((a, b) => a - b).map((s) => sheetLabel(grid.sheets[s])).filter((name) => name !== null);
  // locateSheets gives hidden sheets only when no visible one holds the tables: say so.
  const hidden = [...usedSheets].sort((a, b) => a - b).map((s) => grid.sheets[s]).filter((sheet) => sheet.hidden).map((sheet) => sheet.name);
  if (hidden.length > 0) {
    out.problems.unshift({ rule: 'PARSE.hidden-sheet', sheet: hidden[0], cells: [], expected: null, actual: null, params: { cause: 'hidden-sheet', sheets: hidden.join('、') } });
  }
  return out;
}

/** Each mapping's known labels, made once per mapping (0.08 ms a report when made each time). */
const knownLabels = perMapping(labelsOf);

function labelsOf(mapping: Mapping): Set<string> {
  const known = new Set<string>();
  for (const table of mapping.tables) {
    for (const row of rowRules(table)) [...row.labels, ...(row.under ?? [])].forEach((l) => known.add(labelKey(l)));
    Object.values(table.columns).flat().forEach((l) => known.add(labelKey(l)));
  }
  // The template's parent rows, "(三)不予公开" and the like, may stand on a row of their own.
  for (const model of TEMPLATE[mapping.edition]) {
    for (const text of [...model.rows.map((row) => row.label), model.title]) text.split(' ').forEach((part) => known.add(labelKey(part)));
  }
  known.add(labelKey('信息内容'));
  return known;
}

const hitsFor = (ctx: Context, labels: readonly string[]): LabelHit[] =>
  labels.flatMap((l) => ctx.index.get(labelKey(l)) ?? []).sort((a, b) => a.sheet - b.sheet || a.r - b.r || a.c - b.c);

const keyAt = (sheet: Sheet, r: number, c: number): string | undefined => {
  const cell = cellAt(sheet, r, c);
  return cell && typeof cell.value === 'string' ? labelKey(cell.text) : undefined;
};

/** A row or column the mapping names that the table lacks: one finding, not one per cell. */
function labelMissing(out: Extraction, rule: 'PARSE.row-missing' | 'PARSE.column-missing', sheet: Sheet, model: TableModel, label: string): void {
  out.problems.push({ rule, sheet: sheetLabel(sheet), cells: [], expected: label, actual: null, params: { table: model.title, label } });
}

function tableMissing(out: Extraction, model: TableModel): undefined {
  out.problems.push({ rule: 'PARSE.table-missing', sheet: null, cells: [], expected: model.title, actual: null, params: { table: model.title } });
  return undefined;
}

/**
 * Finds the columns named in `spec.columns` among the header rows. With groups (table 四),
 * a column also needs its group's label above it in the same column.
 */
function resolveColumns(sheet: Sheet, headerRows: number[], spec: TableSpec, groups?: RowRule[]): Column[] {
  const columns: Column[] = [];
  const taken = new Set<number>();
  const width = Math.max(0, ...headerRows.map((r) => sheet.rows[r]?.length ?? 0));
  for (const [key, labels] of Object.entries(spec.columns)) {
    const keys = new Set(labels.map(labelKey));
    for (let c = 0; c < width; c++) {
      if (taken.has(c)) continue;
      const headerRow = headerRows.find((r) => keys.has(keyAt(sheet, r, c) ?? ''));
      if (headerRow === undefined) continue;
      const header = cellAt(sheet, headerRow, c)!;
      if (!groups) {
        // The first match wins: a label merged across columns names its first column.
        columns.push({ key, c, header: header.text });
        taken.add(c);
        break;
      }
      const group = groupOver(sheet, headerRows, c, groups);
      if (group && !columns.some((col) => col.key === key && col.group === group.key)) {
        columns.push({ key, c, header: header.text, group: group.key });
        taken.add(c);
      }
    }
  }
  return columns;
}

/**
 * The group a column sits under: the group label in its own column (a merged group header
 * repeats there) or, where the header was typed once over unmerged cells (a CSV, a sheet
 * saved without merges), the nearest label to its left on a header row. The lowest header
 * row that names a group wins.
 */
function groupOver(sheet: Sheet, headerRows: number[], c: number, groups: RowRule[]): RowRule | undefined {
  for (const r of [...headerRows].sort((a, b) => b - a)) {
    let left = c;
    while (left > 0 && !cellAt(sheet, r, left)?.text.trim()) left--;
    const key = keyAt(sheet, r, left);
    const group = groups.find((g) => g.labels.some((l) => labelKey(l) === key));
    if (group) return group;
  }
  return undefined;
}

function hasLabelOf(sheet: Sheet, r: number, keys: Set<string>): boolean {
  return (sheet.rows[r] ?? []).some((cell) => cell && typeof cell.value === 'string' && keys.has(labelKey(cell.text)));
}

const isBlankRow = (sheet: Sheet, r: number): boolean => !(sheet.rows[r] ?? []).some((cell) => cell && cell.text.trim() !== '');

function columnKeys(spec: TableSpec): Set<string> {
  return new Set(Object.values(spec.columns).flat().map(labelKey));
}

/** Tables whose model rows are sheet rows: 二's groups and 三. */
function extractRows(ctx: Context, spec: TableSpec, model: TableModel, out: Extraction): number | undefined {
  const rules = rowRules(spec);
  // Each row's hits, found once: the anchor is the first row's first hit, then each row takes one of its own.
  const hitsOf = rules.map((rule) => hitsFor(ctx, rule.labels));
  const anchor = hitsOf.map((hits) => hits[0]).find((hit) => hit !== undefined);
  if (!anchor) return tableMissing(out, model);
  const sheet = ctx.grid.sheets[anchor.sheet];

  const headerLabels = columnKeys(spec);
  const headerRows: number[] = [];
  for (let r = anchor.r - 1; r >= Math.max(0, anchor.r - HEADER_SEARCH_ROWS); r--) {
    if (hasLabelOf(sheet, r, headerLabels)) headerRows.push(r);
    else if (headerRows.length > 0) break;
  }
  const unitLine = model.columns.some((column) => column.kind === 'money') ? unitLineAbove(sheet, Math.min(anchor.r, ...headerRows)) : undefined;
  const columns = resolveColumns(sheet, headerRows, spec).filter((col) => col.c > anchor.c)
    .map((col) => (unitLine && model.columns.find((m) => m.key === col.key)?.kind === 'money' ? { ...col, unitLine } : col));
  const headerBottom = Math.max(-1, ...headerRows);
  const firstDataColumn = Math.min(...columns.map((col) => col.c), Infinity);
  const parentKeys = new Set(rules.flatMap((rule) => rule.under ?? []).map(labelKey));

  const usedRows = new Set<number>();
  const rowOf = new Map<string, number>();
  const missingRows: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const hit = hitsOf[i].find(
      (h) => h.sheet === anchor.sheet && h.r > headerBottom && h.c < firstDataColumn && !usedRows.has(h.r) && isUnder(sheet, h, rule, parentKeys, headerBottom),
    );
    if (!hit) {
      missingRows.push(rule.labels[0]);
      continue;
    }
    usedRows.add(hit.r);
    rowOf.set(rule.key, hit.r);
  }
  // A lone label such as "其他" elsewhere in a workbook is not the table: with no column
  // found and at most one row, say the table is missing once, not every row and column.
  if (columns.length === 0 && rowOf.size <= 1) return tableMissing(out, model);
  for (const label of missingRows) labelMissing(out, 'PARSE.row-missing', sheet, model, label);
  for (const key of Object.keys(spec.columns)) {
    if (!columns.some((col) => col.key === key)) {
      labelMissing(out, 'PARSE.column-missing', sheet, model, spec.columns[key][0]);
    }
  }
  for (const [rowKey, r] of rowOf) {
    const row = model.rows.find((m) => m.key === rowKey)!;
    for (const col of columns) {
      const column = model.columns.find((m) => m.key === col.key)!;
      out.fields.set(fieldPath(model, row, column), fieldCell(sheet, r, col));
    }
  }
  if (rowOf.size > 0) collectExtraRows(ctx, sheet, model, columns, firstDataColumn, usedRows, out);
  return anchor.sheet;
}

/** A sub-item that needs its parent: the parent is on its row (merged label columns) or the nearest parent row above. */
function isUnder(sheet: Sheet, hit: LabelHit, rule: RowRule, parentKeys: Set<string>, headerBottom: number): boolean {
  if (!rule.under) return true;
  const wanted = new Set(rule.under.map(labelKey));
  for (let c = 0; c < hit.c; c++) if (wanted.has(keyAt(sheet, hit.r, c) ?? '')) return true;
  for (let r = hit.r - 1; r > headerBottom; r--) {
    for (let c = 0; c <= hit.c; c++) {
      const key = keyAt(sheet, r, c);
      if (key && parentKeys.has(key)) return wanted.has(key);
    }
  }
  return false;
}

function collectExtraRows(ctx: Context, sheet: Sheet, model: TableModel, columns: Column[], firstDataColumn: number, usedRows: Set<number>, out: Extraction): void {
  const first = Math.min(...usedRows);
  const last = Math.max(...usedRows);
  for (let r = first; r <= last + EXTRA_ROW_REACH; r++) {
    if (usedRows.has(r)) continue;
    if (r > last && isBlankRow(sheet, r)) break;
    const labelCells = (sheet.rows[r] ?? []).slice(0, firstDataColumn).filter((cell): cell is Cell => !!cell && !cell.mergedFrom && typeof cell.value === 'string');
    if (labelCells.length === 0 || labelCells.some((cell) => ctx.known.has(labelKey(cell.text)))) {
      if (r > last) break;
      continue;
    }
    const cells = Object.fromEntries(columns.map((col) => [col.key, fieldCell(sheet, r, col)]));
    // Only a row with figures is data: a heading row repeats text or is blank there.
    if (!Object.values(cells).some((fc) => fc.cell && !fc.cell.mergedFrom && /[\d０-９—\-/无]/.test(fc.cell.text))) continue;
    const label = labelCells.map((cell) => cell.text.trim()).join(' ');
    out.extra.push({ table: model.id, label, sheet: sheetLabel(sheet), address: labelCells[0].address, cells });
    // The same label twice in a table (two 其他 rows) is two findings: the second and later are numbered.
    const occurrence = out.extra.filter((e) => e.table === model.id && e.label === label).length;
    out.problems.push({ rule: 'PARSE.extra-row', sheet: sheetLabel(sheet), cells: [labelCells[0].address], expected: null, actual: label, params: { table: model.title, label, ...(occurrence > 1 ? { occurrence } : {}) } });
  }
}

/** Table 四: groups of columns (行政复议, 未经复议直接起诉, 复议后起诉) over one row of numbers. */
function extractColumnGroups(ctx: Context, spec: TableSpec, model: TableModel, out: Extraction): number | undefined {
  const groups = rowRules(spec);
  const anchor = groups.map((g) => hitsFor(ctx, g.labels)[0]).find((hit) => hit !== undefined);
  if (!anchor) return tableMissing(out, model);
  const sheet = ctx.grid.sheets[anchor.sheet];
  const headerLabels = new Set([...columnKeys(spec), ...groups.flatMap((g) => g.labels).map(labelKey)]);
  const headerRows: number[] = [];
  for (let r = anchor.r; r < anchor.r + HEADER_SEARCH_ROWS && hasLabelOf(sheet, r, headerLabels); r++) headerRows.push(r);
  let dataRow = headerRows[headerRows.length - 1] + 1;
  while (dataRow < headerRows[headerRows.length - 1] + 1 + EXTRA_ROW_REACH && isBlankRow(sheet, dataRow)) dataRow++;
  const columns = resolveColumns(sheet, headerRows, spec, groups);
  for (const group of groups) {
    const row = model.rows.find((m) => m.key === group.key)!;
    for (const column of model.columns) {
      const col = columns.find((c) => c.group === group.key && c.key === column.key);
      if (!spec.columns[column.key]) continue;
      if (!col) {
        labelMissing(out, 'PARSE.column-missing', sheet, model, `${group.labels[0]} ${spec.columns[column.key][0]}`);
        continue;
      }
      out.fields.set(fieldPath(model, row, column), fieldCell(sheet, dataRow, col));
    }
  }
  return anchor.sheet;
}

function fieldCell(sheet: Sheet, r: number, col: Column): FieldCell {
  const field: FieldCell = { sheet: sheetLabel(sheet), address: encodeAddress(r, col.c), cell: cellAt(sheet, r, col.c), header: col.header };
  // Set, not spread in: on Node 20 a spread after other keys is a runtime call (0.1 ms a report of 200 fields).
  if (col.unitLine) field.unitLine = col.unitLine;
  return field;
}

const UNIT_LINE = /^\(?(?:金额)?单位:?(亿元|万元|元)\)?$/;
/** A section's caption, "二、主动公开政府信息情况": a unit line is not looked for above the table's own. */
const CAPTION = /^[一二三四五六七八九十]+、/;

/**
 * The unit line of the table whose header starts at row `top`: the nearest above it, up to
 * and including the caption of its section (so a line under 二's caption reaches every group
 * of 二), never past another section's caption.
 */
function unitLineAbove(sheet: Sheet, top: number): UnitLine | undefined {
  for (let r = top - 1; r >= 0; r--) {
    const cells = (sheet.rows[r] ?? []).filter((cell): cell is Cell => !!cell && !cell.mergedFrom && typeof cell.value === 'string');
    for (const cell of cells) {
      const m = UNIT_LINE.exec(cell.text.normalize('NFKC').replace(/\s+/g, ''));
      if (m) return { unit: m[1] as UnitLine['unit'], text: cell.text.trim(), address: cell.address };
    }
    if (cells.some((cell) => CAPTION.test(cell.text.normalize('NFKC').trim()))) return undefined;
  }
  return undefined;
}
