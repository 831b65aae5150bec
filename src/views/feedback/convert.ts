/**
 * A department's workbook as exceljs can annotate it: an .xlsx as sent; an .xls, .et, .ods or
 * .xlsb through SheetJS (read, written as .xlsx, loaded); an HTML table or XML Spreadsheet
 * decoded as the reader decodes it (its declared charset), then through SheetJS; a text file
 * (.csv, .tsv, .txt) decoded as the reader decodes it (encoding and delimiter sniffed) into
 * one sheet named as the reader names it, so a finding's sheet and cells are found in the copy.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.js';
import { DEFAULT_LIMITS } from '../../config';
import { contentOf } from '../../read/content';
import { readCsv } from '../../read/csv';

// .xls and .et files store text in the workbook's codepage (GBK is 936): SheetJS needs the tables.
XLSX.set_cptable(cpexcel);


export interface Opened {
  workbook: ExcelJS.Workbook;
  /**
   * The workbook's sheet for a sheet name as findings give it (Excel shortens names to 31
   * characters); null, a text file's findings' (a text file has no sheets), is its one sheet.
   */
  sheetFor(name: string | null): ExcelJS.Worksheet | undefined;
}

/** Opens the bytes of a submission, or returns null when neither exceljs nor SheetJS can read them. */
export async function openWorkbook(bytes: Buffer, file: string): Promise<Opened | null> {
  const extension = path.extname(file).slice(1).toLowerCase();
  const renamed = new Map<string, string>();
  let workbook: ExcelJS.Workbook | null = null;
  // By the content, as the reader decides: text is a text file's one sheet, an HTML table or
  // XML Spreadsheet is decoded as the reader decodes it (its declared charset), a workbook is a workbook.
  const content = contentOf(bytes, `.${extension}`);
  if (content.kind === 'text') {
    workbook = fromText(bytes, path.basename(file, path.extname(file)), renamed);
  } else if (content.kind === 'markup') {
    workbook = await load(viaSheetJs(content.text));
  } else {
    if (extension === 'xlsx' || extension === 'xlsm') workbook = await load(bytes);
    // exceljs refuses some valid workbooks (and every other format): SheetJS converts them.
    workbook ??= await load(viaSheetJs(bytes));
  }
  if (!workbook) return null;
  const opened = workbook;
  const textSheet = renamed.size === 1 ? [...renamed.values()][0] : undefined;
  return { workbook, sheetFor: (name) => (name === null ? (textSheet === undefined ? undefined : opened.getWorksheet(textSheet)) : opened.getWorksheet(renamed.get(name) ?? name)) };
}

async function load(bytes: Buffer | null): Promise<ExcelJS.Workbook | null> {
  if (!bytes) return null;
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer type.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return workbook;
  } catch {
    return null;
  }
}

/**
 * Runs SheetJS with the console silenced: it prints what it stumbles on in a damaged file
 * ("Missing Info for XLS Record …"), which the import already logged under the file's name;
 * here it would be stray lines among the JSON log on stderr.
 */
function quietly<T>(read: () => T): T {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = () => undefined;
  try {
    return read();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]));
  }
}

function viaSheetJs(data: Buffer | string): Buffer | null {
  try {
    const book = quietly(() => XLSX.read(data, { type: typeof data === 'string' ? 'string' : 'buffer', cellStyles: true, cellNF: true, cellFormula: true }));
    if (book.SheetNames.length === 0) return null;
    return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', cellStyles: true }) as Buffer;
  } catch {
    return null;
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function fromText(bytes: Buffer, sheetName: string, renamed: Map<string, string>): ExcelJS.Workbook | null {
  const csv = readCsv(bytes, sheetName, DEFAULT_LIMITS.maxRows, DEFAULT_LIMITS.maxLineChars);
  if (!csv.ok) return null;
  const workbook = new ExcelJS.Workbook();
  const name = excelSheetName(sheetName);
  renamed.set(sheetName, name);
  const sheet = workbook.addWorksheet(name);
  csv.sheet.rows.forEach((row, r) => row?.forEach((cell, c) => {
    if (!cell) return;
    const text = String(cell.value ?? '');
    // A figure typed in a CSV is a number in the copy, so Excel does not flag it as text.
    sheet.getCell(r + 1, c + 1).value = NUMBER.test(text.trim()) ? Number(text.trim()) : text;
  }));
  return workbook;
}

/** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\. */
export const excelSheetName = (name: string): string => name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
