import fs from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.js';
import type { Limits } from '../config';
import { checkArchive } from './archive';
import { checkCompoundFile } from './compound';
import { contentOf } from './content';
import { decodeText, readCsv, sniffDelimiter } from './csv';
import { encodeAddress, visibleText, type Cell, type Format, type Grid, type Sheet } from './grid';
import type { ReadRejection } from './reject';

export * from './grid';
export { hashFile, sha256Of } from '../discover/hash';
export type { ReadRejection } from './reject';

// .xls and .et files store text in the workbook's codepage (GBK is 936): SheetJS needs the tables.
XLSX.set_cptable(cpexcel);

export type ReadResult = { ok: true; grid: Grid } | { ok: false; rejection: ReadRejection };

const EXTENSIONS: Record<string, Format> = {
  '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.xltx': 'xlsx', '.xltm': 'xlsx', '.xlsb': 'xlsb', '.xls': 'xls', '.xlt': 'xls', '.ods': 'ods', '.et': 'et',
  // Excel and WPS save 文本文件(制表符分隔) and Unicode 文本 as .txt; departments also rename them .csv.
  '.csv': 'csv', '.tsv': 'tsv', '.txt': 'txt',
  '.htm': 'html', '.html': 'html', '.xml': 'xlml',
};
const TEXT_FORMATS: ReadonlySet<Format> = new Set(['csv', 'tsv', 'txt']);

export const supportedExtension = (file: string): Format | undefined => EXTENSIONS[path.extname(file).toLowerCase()];

export type LoadResult = { ok: true; bytes: Buffer } | { ok: false; rejection: ReadRejection };

/** A submission's bytes from disk, refused before reading when the file is over the size limit. */
export async function loadFile(file: string, limits: Limits): Promise<LoadResult> {
  const stat = await fs.stat(file);
  if (stat.size > limits.maxFileBytes) {
    return { ok: false, rejection: { rule: 'PARSE.too-large', cause: 'file-size', reason: `文件大小 ${(stat.size / 1048576).toFixed(1)} MB，超过上限 ${(limits.maxFileBytes / 1048576).toFixed(0)} MB` } };
  }
  return { ok: true, bytes: await fs.readFile(file) };
}

/**
 * Reads a submission's bytes by their content, whatever the extension (an HTML table named
 * .xls, a CSV named .xls, a workbook named .csv): the extension only names the format where
 * the content agrees with it.
 */
export async function readBytes(bytes: Buffer, name: string, limits: Limits): Promise<ReadResult> {
  const extension = path.extname(name).toLowerCase();
  const named = supportedExtension(name);
  if (bytes.length === 0) return reject({ rule: 'PARSE.unreadable', cause: 'empty', reason: '文件为空（0 字节）' });
  const content = contentOf(bytes, extension);
  switch (content.kind) {
    case 'other':
      return reject({ rule: 'PARSE.unreadable', cause: 'not-spreadsheet', reason: `文件是${content.what}（扩展名为 ${extension || '无'}），不是电子表格；${content.instead}` });
    case 'text': {
      // Delimited text by its name, or by its lines under another name (Excel opens a CSV named .xls); prose is refused.
      const format = named && TEXT_FORMATS.has(named) ? named : 'csv';
      if (format !== named && !isDelimited(bytes)) return reject({ rule: 'PARSE.unreadable', cause: 'not-spreadsheet', reason: `文件内容是纯文本（扩展名为 ${extension || '无'}），不是表格；请提交年报表格本身（Excel 的 .xlsx、.xls 或 WPS 表格的 .et 文件）` });
      const csv = readCsv(bytes, path.basename(name, path.extname(name)), limits.maxRows, limits.maxLineChars);
      return csv.ok ? { ok: true, grid: { format, sheets: [csv.sheet] } } : { ok: false, rejection: csv.rejection };
    }
    case 'markup':
      return readWorkbook(content.text, 'string', content.form, limits);
    case 'zip': {
      const problem = checkArchive(bytes, limits.maxInflatedBytes);
      if (problem) return { ok: false, rejection: problem };
      return readWorkbook(bytes, 'buffer', named === 'xlsb' || named === 'ods' ? named : 'xlsx', limits);
    }
    case 'cfb': {
      const problem = checkCompoundFile(bytes);
      if (problem) return { ok: false, rejection: problem };
      return readWorkbook(bytes, 'buffer', named === 'et' ? 'et' : 'xls', limits);
    }
  }
}

/** Whether text is delimited (a CSV or tab-separated table): most of its first lines hold its delimiter. */
function isDelimited(bytes: Buffer): boolean {
  const { text } = decodeText(bytes.subarray(0, 16384));
  const delimiter = sniffDelimiter(text);
  const lines = text.split(/\r?\n/).slice(0, 50).filter((line) => line.trim() !== '');
  return lines.length >= 2 && lines.filter((line) => line.includes(delimiter)).length * 2 >= lines.length;
}

async function readWorkbook(data: Buffer | string, type: 'buffer' | 'string', format: Format, limits: Limits): Promise<ReadResult> {
  let workbook: XLSX.WorkBook;
  try {
    // HTML cells are read as the text they show (raw): SheetJS would otherwise take "1-2" for a date.
    workbook = XLSX.read(data, { type, dense: true, cellFormula: true, cellNF: true, sheetRows: limits.maxRows + 1, ...(format === 'html' ? { raw: true } : {}) });
  } catch (e) {
    // SheetJS throws Errors and, in places, bare strings.
    const message = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(message)) return reject({ rule: 'PARSE.encrypted', cause: 'encrypted', reason: '工作簿设有密码保护，请去除密码后重新提交' });
    return reject({ rule: 'PARSE.unreadable', cause: 'damaged', reason: `工作簿已损坏或不完整，无法解析（${message}）` });
  }
  if (workbook.SheetNames.length === 0) return reject({ rule: 'PARSE.unreadable', cause: 'damaged', reason: '工作簿中没有工作表' });
  // SheetJS drops a sheet it fails to parse but keeps its name: the tables may have been on it.
  const lost = workbook.SheetNames.filter((sheetName) => !workbook.Sheets[sheetName]);
  if (lost.length > 0) return reject({ rule: 'PARSE.unreadable', cause: 'damaged-part', reason: `工作表“${lost.join('、')}”已损坏，无法读取，请用 Excel 或 WPS 重新保存后提交` });
  // Hidden: 1, very hidden: 2 (xlsx, xlsb, xls, et and XML Spreadsheet say; SheetJS reads no visibility from .ods).
  const hidden = (i: number): boolean => !!workbook.Workbook?.Sheets?.[i]?.Hidden;
  const sheets = workbook.SheetNames.map((sheetName, i) => toSheet(sheetName, workbook.Sheets[sheetName], limits.maxRows, hidden(i)));
  return { ok: true, grid: { format, sheets } };
}

const reject = (rejection: ReadRejection): ReadResult => ({ ok: false, rejection });

function toCell(address: string, raw: XLSX.CellObject): Cell | undefined {
  const formula = raw.f;
  if (formula !== undefined && raw.v === undefined) return { address, value: null, text: '', formula, uncached: true };
  if (raw.v === undefined || raw.v === null || raw.t === 'z') return undefined;
  if (raw.t === 'e') return { address, value: null, text: raw.w ?? '#ERROR', ...(formula ? { formula } : {}) };
  const value = raw.v instanceof Date ? raw.v.toISOString().slice(0, 10) : typeof raw.v === 'string' ? visibleText(raw.v) : raw.v;
  const text = raw.t === 'n' ? String(raw.w ?? raw.v) : String(value);
  const isDate = raw.t === 'd' || (raw.t === 'n' && typeof raw.z === 'string' && XLSX.SSF.is_date(raw.z));
  return { address, value, text, ...(formula ? { formula } : {}), ...(isDate ? { date: true } : {}) };
}

function toSheet(name: string, ws: XLSX.WorkSheet, maxRows: number, hidden: boolean): Sheet {
  const data = (ws['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const rows: Sheet['rows'] = [];
  const rowCount = Math.min(data.length, maxRows);
  for (let r = 0; r < rowCount; r++) {
    const source = data[r];
    if (!source) continue;
    const row: Array<Cell | undefined> = [];
    for (let c = 0; c < source.length; c++) {
      const raw = source[c];
      if (raw) row[c] = toCell(encodeAddress(r, c), raw);
    }
    rows[r] = row;
  }
  // SheetJS keeps a merged range's value in its top-left cell only: repeat it across the range.
  for (const merge of ws['!merges'] ?? []) {
    const origin = rows[merge.s.r]?.[merge.s.c];
    if (!origin) continue;
    for (let r = merge.s.r; r <= Math.min(merge.e.r, rowCount - 1); r++) {
      for (let c = merge.s.c; c <= merge.e.c; c++) {
        if (r === merge.s.r && c === merge.s.c) continue;
        // Object.assign, not `{ ...origin, address, mergedFrom }`: on Node 20 a spread followed by more keys is a runtime call of 1.4 µs a cell against 0.13 µs.
        (rows[r] ??= [])[c] = Object.assign({}, origin, { address: encodeAddress(r, c), mergedFrom: origin.address });
      }
    }
  }
  return { name, rows, truncated: data.length > maxRows, ...(hidden ? { hidden: true as const } : {}) };
}

