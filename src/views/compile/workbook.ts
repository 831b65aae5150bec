/**
 * The compiled report as a workbook and as JSON. The workbook: 汇总表, the template's tables
 * with the compiled figures (money in the template's unit; a figure some member's number is
 * missing from, or that a file rule flags, filled and commented), and 汇总说明, saying which
 * members are in the sums, which are missing, which have open errors, which figures lack whose
 * numbers, and what the file rules found, so a reader knows how far to trust each sum.
 */
import ExcelJS from 'exceljs';
import { FIELDS, TEMPLATE, fieldLabel, type Edition } from '../../model/template';
import { STATUS_LABEL } from '../roster';
import { FILL, SEVERITY_LABEL } from '../feedback/workbook';
import { TABLES_SHEET, TABLES_TOP, type Compiled } from './compile';

export const NOTES_SHEET = '汇总说明';

/** Fill of a figure that lacks some member's number (ARGB). */
export const GAP_FILL = 'FFDDEBF7';

const EDITION_NAME: Record<Edition, string> = {
  '2019': '2019 版（国办公开办函〔2019〕60号）',
  '2021': '2021 版（国办公开办函〔2021〕30号）',
};

const inUnit = (edition: Edition, path: string, value: number | null): number | null => {
  if (value === null) return null;
  return FIELDS[edition].get(path)?.column.unit === '万元' ? value / 10000 : value;
};

export async function compiledWorkbook(compiled: Compiled, date: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  tablesSheet(workbook.addWorksheet(TABLES_SHEET), compiled);
  notesSheet(workbook.addWorksheet(NOTES_SHEET), compiled, date);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function tablesSheet(sheet: ExcelJS.Worksheet, c: Compiled): void {
  sheet.getCell('A1').value = `${c.region} ${c.year} 年政府信息公开工作年度报告（汇总）`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = `由 ${c.included.length} 个下属单位的报告汇总，`
    + `${c.missing.length > 0 ? `缺 ${c.missing.length} 个单位；` : ''}汇总范围和可信程度见“${NOTES_SHEET}”`;
  let row = TABLES_TOP + 1;
  for (const table of TEMPLATE[c.edition]) {
    sheet.getCell(row, 1).value = table.title;
    sheet.getCell(row, 1).font = { bold: true };
    const header = sheet.getRow(row + 1);
    header.values = ['', ...table.columns.map((col) => col.label)];
    header.font = { bold: true };
    row += 2;
    for (const r of table.rows) {
      sheet.getCell(row, 1).value = r.label;
      row++;
    }
    row++;
  }
  for (const [path, address] of Object.entries(c.cells)) sheet.getCell(address).value = inUnit(c.edition, path, c.values[path]);
  for (const [path, agencies] of Object.entries(c.gaps)) {
    const cell = sheet.getCell(c.cells[path]);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: GAP_FILL } };
    cell.note = `未计入：${agencies.join('、')}（该项数字无法读取或其模板没有此项）`;
  }
  for (const f of c.findings) {
    for (const address of f.cells) {
      const cell = sheet.getCell(address);
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[f.severity] } };
      cell.note = [typeof cell.note === 'string' ? cell.note : '', `【${SEVERITY_LABEL[f.severity]}】${f.message}`].filter(Boolean).join('\n');
    }
  }
  sheet.getColumn(1).width = 48;
  for (let i = 2; i <= 8; i++) sheet.getColumn(i).width = 14;
}

function notesSheet(sheet: ExcelJS.Worksheet, c: Compiled, date: string): void {
  const line = (...values: unknown[]) => sheet.addRow(values);
  const heading = (text: string) => (line(text).font = { bold: true });
  sheet.addRow([`${c.region} ${c.year} 年政府信息公开工作年度报告 汇总说明`]).font = { bold: true, size: 14 };
  line(`汇总日期：${date}　模板：${EDITION_NAME[c.edition]}　金额单位同模板`);
  line('各项数字为下列“已汇总的单位”报告数字之和，各总计由汇总后的分项重新相加得出。');
  line('');
  heading(`一、已汇总的单位（${c.included.length} 个）`);
  line('单位', '状态', '未处理的错误', '未处理的警告', '模板版本');
  for (const m of c.included) line(m.agency, STATUS_LABEL[m.status], m.openErrors, m.openWarnings, m.edition);
  line('');
  heading(`二、未汇总的单位（${c.missing.length} 个）：未提交或报告被退回，其数字不在合计中`);
  line('单位', '状态', '说明');
  for (const m of c.missing) line(m.agency, m.statusLabel, m.reason);
  line('');
  const withErrors = c.included.filter((m) => m.openErrors > 0);
  heading(`三、有未处理错误的单位（${withErrors.length} 个）：其数字已计入合计，但可能有误`);
  line('单位', '未处理的错误');
  for (const m of withErrors) line(m.agency, m.openErrors);
  line('');
  const gaps = Object.entries(c.gaps);
  heading(`四、缺少部分单位数字的项目（${gaps.length} 项）：汇总表中标蓝`);
  line('项目', '单元格', '未计入的单位');
  for (const [path, agencies] of gaps) line(fieldLabel(c.edition, path), `${TABLES_SHEET}!${c.cells[path]}`, agencies.join('、'));
  line('');
  heading(`五、汇总表的校验（${c.findings.length} 项）：汇总表中标红（错误）或标黄（警告）`);
  line('级别', '单元格', '说明');
  for (const f of c.findings) line(SEVERITY_LABEL[f.severity], f.cells.length > 0 ? `${TABLES_SHEET}!${f.cells[0]}` : '', f.message);
  sheet.getColumn(1).width = 60;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 40;
}

/** The compiled report as JSON: the cleaned JSON's shape for the figures, and who is in them. */
export function compiledJson(c: Compiled, date: string): string {
  const report: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(c.values)) {
    const keys = path.split('.');
    let node = report;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = value;
  }
  return JSON.stringify({
    region: c.region,
    year: c.year,
    edition: c.edition,
    compiledAt: date,
    members: { included: c.included, missing: c.missing, withOpenErrors: c.included.filter((m) => m.openErrors > 0).map((m) => m.agency) },
    report: { agency: c.region, year: c.year, edition: c.edition, ...report },
    gaps: c.gaps,
    cells: Object.fromEntries(Object.entries(c.cells).map(([path, cell]) => [path, [TABLES_SHEET, cell]])),
    findings: c.findings,
  }, null, 2) + '\n';
}
