/**
 * The feedback workbook for one agency-year: a copy of the department's own workbook with every
 * cell of an open finding filled (red for an error, amber for a warning) and commented with the
 * finding's message, and a first sheet 问题清单 listing the open findings with a link to each
 * one's cell. A pure function of the original bytes and the findings; the caller publishes it.
 */
import ExcelJS from 'exceljs';
import type { Severity, StatedFinding } from '../../model/finding';
import { FIELDS, EDITIONS, type Edition } from '../../model/template';
import { cellRef } from '../../reconcile/messages';
import { messageOf } from '../message';
import { openWorkbook, type Opened } from './convert';

export const LIST_SHEET = '问题清单';

/** Solid fills of the marked cells (ARGB). */
export const FILL: Record<Severity, string> = { error: 'FFFF8080', warning: 'FFFFC000' };

export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '警告' };

export const LIST_COLUMNS = ['级别', '表格', '单元格', '说明', '应为', '实为', '相差'] as const;

/** Rows of 问题清单 above its table: title, file, date and counts, a blank row. */
export const LIST_HEADER_ROWS = 4;

export interface FeedbackInput {
  agency: string;
  year: number;
  /** The edition of the report, when it was imported (for the tables' titles). */
  edition: Edition | null;
  /** The submission's file name, as the department sent it. */
  file: string;
  /** Its bytes as sent; null when the store did not keep them. */
  original: Buffer | null;
  /** The open findings of the agency-year, in the store's order. */
  findings: readonly StatedFinding[];
  /** YYYY-MM-DD. */
  date: string;
  /** What it was made from (feedback's madeFrom), kept in its document properties; absent: none. */
  digest?: string;
}

/** The keywords of a workbook made from a digest: `nianbao-feedback:<digest>`. */
export const KEY_PREFIX = 'nianbao-feedback:';

const A1 = /^[A-Z]{1,3}[1-9]\d*$/;

/** The workbook's bytes (.xlsx). */
export async function feedbackWorkbook(input: FeedbackInput): Promise<Buffer> {
  const opened = input.original ? await openWorkbook(input.original, input.file) : null;
  const workbook = opened?.workbook ?? new ExcelJS.Workbook();
  const findings = [...input.findings].sort((a, b) => rank(a.severity) - rank(b.severity));
  if (opened) markCells(opened, findings);
  addList(workbook, input, findings, opened);
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  if (input.digest) workbook.keywords = `${KEY_PREFIX}${input.digest}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const rank = (severity: Severity): number => (severity === 'error' ? 0 : 1);

/** The cells of a finding that are in the copy, and their sheet. */
function placeOf(opened: Opened | null, finding: StatedFinding): { sheet: ExcelJS.Worksheet; cells: string[] } | null {
  if (!opened) return null;
  const sheet = opened.sheetFor(finding.sheet);
  const cells = finding.cells.filter((c) => A1.test(c));
  return sheet && cells.length > 0 ? { sheet, cells } : null;
}

/** Fills each finding's cells (an error's red wins over a warning's amber) and comments them with every message on the cell. */
function markCells(opened: Opened, findings: readonly StatedFinding[]): void {
  const marks = new Map<ExcelJS.Cell, { severity: Severity; notes: string[] }>();
  for (const finding of findings) {
    const place = placeOf(opened, finding);
    if (!place) continue;
    for (const address of place.cells) {
      const cell = place.sheet.getCell(address);
      const mark = marks.get(cell) ?? { severity: finding.severity, notes: [] };
      if (finding.severity === 'error') mark.severity = 'error';
      mark.notes.push(`【${SEVERITY_LABEL[finding.severity]}】${messageIn(opened, finding)}`);
      marks.set(cell, mark);
    }
  }
  for (const [cell, mark] of marks) {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[mark.severity] } };
    const before = noteText(cell.note);
    cell.note = [before, ...mark.notes].filter((t) => t !== '').join('\n');
  }
}

/** The message naming the copy's sheet, whose name Excel may have cut to 31 characters; a text file's findings name none. */
function messageIn(opened: Opened | null, finding: StatedFinding): string {
  const sheet = finding.sheet === null ? undefined : opened?.sheetFor(finding.sheet);
  return messageOf(sheet ? { ...finding, sheet: sheet.name } : finding);
}

const noteText = (note: ExcelJS.Cell['note']): string =>
  note === undefined || note === null ? '' : typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');

/** The template's table a finding is in ("三、收到和处理政府信息公开申请情况"), or 整份报告. */
function tableOf(edition: Edition | null, finding: StatedFinding): string {
  const path = finding.fields[0];
  if (path === undefined) return '整份报告';
  for (const e of edition ? [edition] : EDITIONS) {
    const field = FIELDS[e].get(path);
    if (field) return field.table.title;
  }
  return '整份报告';
}

function addList(workbook: ExcelJS.Workbook, input: FeedbackInput, findings: readonly StatedFinding[], opened: Opened | null): void {
  let name = LIST_SHEET;
  for (let n = 2; workbook.getWorksheet(name); n++) name = `${LIST_SHEET}${n}`;
  const sheet = workbook.addWorksheet(name);
  // exceljs orders sheets by orderNo: below every sheet of the department's own.
  (sheet as ExcelJS.Worksheet & { orderNo: number }).orderNo = -1;
  const errors = findings.filter((f) => f.severity === 'error').length;
  sheet.getCell('A1').value = `${input.agency} ${input.year} 年政府信息公开工作年度报告 问题清单`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = `报送文件：${input.file}`;
  sheet.getCell('A3').value = `生成日期：${input.date}　错误 ${errors} 项，警告 ${findings.length - errors} 项`
    + (opened ? '。原表中标红的单元格有错误，标黄的有警告，批注说明问题；点击“单元格”一栏可跳到该单元格'
      : '。原文件无法打开，本清单未附原表');
  const header = sheet.getRow(LIST_HEADER_ROWS + 1);
  header.values = [...LIST_COLUMNS];
  header.font = { bold: true };
  header.eachCell((cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } }));
  findings.forEach((finding, i) => {
    const row = sheet.getRow(LIST_HEADER_ROWS + 2 + i);
    const place = placeOf(opened, finding);
    const lapsed = finding.state === 'lapsed' && finding.decision
      ? `（此前已核实：${finding.decision.reason}；数字已变，请重新核实）` : '';
    row.values = [SEVERITY_LABEL[finding.severity], tableOf(input.edition, finding), null, messageIn(opened, finding) + lapsed,
      finding.expected, finding.actual, finding.difference];
    const level = row.getCell(1);
    level.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[finding.severity] } };
    const where = row.getCell(3);
    if (place) {
      const target = `${quoted(place.sheet.name)}!${place.cells[0]}`;
      const more = place.cells.length > 1 ? ` 等 ${place.cells.length} 格` : '';
      where.value = { text: cellRef(place.sheet.name, place.cells[0]) + more, hyperlink: `#${target}` };
      where.font = { color: { argb: 'FF0563C1' }, underline: true };
    } else if (finding.sheet !== null && finding.cells.length > 0) {
      where.value = cellRef(finding.sheet, finding.cells[0]);
    }
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.columns = [{ width: 8 }, { width: 36 }, { width: 22 }, { width: 90 }, { width: 10 }, { width: 10 }, { width: 10 }];
  sheet.views = [{ state: 'frozen', ySplit: LIST_HEADER_ROWS + 1 }];
}

/** A link's target names its sheet in quotes whatever the name, which Excel always accepts. */
const quoted = (name: string): string => `'${name.replace(/'/g, "''")}'`;
