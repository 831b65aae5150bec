/**
 * An export table as bytes: CSV (UTF-8 with a BOM, text neutralised as in the discrepancy CSV,
 * one header row of column ids), JSONL (one object a row, keyed by column id) or xlsx (the ids,
 * then the Chinese labels in a second header row; the template's totals marked).
 */
import ExcelJS from 'exceljs';
import { csvLine, UTF8_BOM } from '../../store/formats';
import type { Table } from './tables';

import type { ExportFormat } from './formats';
export { EXPORT_FORMATS, type ExportFormat } from './formats';

/** Fill of a total's header cells in xlsx (ARGB). */
export const TOTAL_FILL = 'FFFCE4D6';

export function toCsv(table: Table): string {
  return UTF8_BOM + csvLine(table.columns) + table.rows.map(csvLine).join('');
}

export function toJsonl(table: Table): string {
  return table.rows.map((row) => JSON.stringify(Object.fromEntries(table.columns.map((c, i) => [c, row[i]])))).join('\n') + (table.rows.length ? '\n' : '');
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.name);
  sheet.addRow(table.columns);
  sheet.addRow(table.labels);
  for (const row of table.rows) sheet.addRow(row);
  for (const r of [1, 2]) {
    const header = sheet.getRow(r);
    header.font = { bold: r === 1 };
    table.marked.forEach((marked, i) => {
      if (!marked) return;
      const cell = header.getCell(i + 1);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: TOTAL_FILL } };
      if (r === 2) cell.note = '总计：模板中由各分项相加得出';
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function render(table: Table, format: ExportFormat): Promise<Buffer | string> {
  return format === 'csv' ? toCsv(table) : format === 'jsonl' ? toJsonl(table) : toXlsx(table);
}
