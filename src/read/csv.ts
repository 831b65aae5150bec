import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { Cell, Sheet } from './grid';
import { encodeAddress, visibleText } from './grid';
import type { ReadRejection } from './reject';

/**
 * Decodes delimited text without being told the encoding: a BOM says UTF-8 or UTF-16 (Excel's
 * "Unicode 文本" is UTF-16LE with a BOM); without one, text whose every other byte is mostly
 * 0 is UTF-16 (ASCII and line breaks leave a 0 beside them); otherwise valid UTF-8 is UTF-8
 * and anything else is read as GB18030 (a superset of GBK).
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: iconv.decode(bytes, utf16), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

/**
 * UTF-16 without a BOM: UTF-8 and GBK text has no 0 bytes, while in UTF-16 every ASCII
 * character (digits, tabs, line breaks) leaves one on the same side of its pair. So: in the
 * first 4 KB, at least one pair in 16 has a 0 on one side, four times as many as on the
 * other (a Han character such as U+4E00 has a 0 byte too, on the other side).
 */
function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const head = bytes.subarray(0, 4096);
  if (head.length < 4 || head.length % 2 !== 0) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < head.length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = head.length / 2;
  if (oddZeros >= pairs / 16 && oddZeros >= 4 * evenZeros) return 'utf-16le';
  if (evenZeros >= pairs / 16 && evenZeros >= 4 * oddZeros) return 'utf-16be';
  return undefined;
}

/** How many lines to look at when choosing the delimiter. */
const SNIFF_LINES = 50;

/**
 * Comma or tab, whatever the extension: Excel and WPS save 文本文件(制表符分隔) and Unicode
 * 文本 with tabs, and departments send those as .txt, .tsv or renamed .csv. A report's rows
 * are padded to the same width, so nearly every line of either kind holds its delimiter,
 * while a comma inside a label is in a few lines only: the one found on more lines wins
 * (text in quotes left out), a tie going to the comma.
 */
export function sniffDelimiter(text: string): ',' | '\t' {
  let commaLines = 0;
  let tabLines = 0;
  let seen = 0;
  let inQuotes = false;
  let comma = false;
  let tab = false;
  for (let i = 0; i < text.length && seen < SNIFF_LINES; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === ',') comma = true;
    else if (ch === '\t') tab = true;
    else if (ch === '\n') {
      if (comma) commaLines++;
      if (tab) tabLines++;
      comma = tab = false;
      seen++;
    }
  }
  if (comma) commaLines++;
  if (tab) tabLines++;
  return tabLines > commaLines ? '\t' : ',';
}

export type CsvResult = { ok: true; sheet: Sheet } | { ok: false; rejection: ReadRejection };

/**
 * Delimited text (.csv, .tsv, .txt), its encoding and delimiter sniffed. Rows beyond maxRows
 * are dropped and the sheet marked truncated; a line over maxLineChars is refused.
 */
export function readCsv(bytes: Buffer, name: string, maxRows: number, maxLineChars: number): CsvResult {
  const { text } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: maxLineChars,
      to: maxRows + 1,
    });
  } catch (e) {
    return { ok: false, rejection: csvRejection(e as CsvError, maxLineChars) };
  }
  const rows: Sheet['rows'] = records.slice(0, maxRows).map((record, r) =>
    record.map((field, c): Cell | undefined => {
      const text = cellText(field);
      return text === '' ? undefined : { address: encodeAddress(r, c), value: text, text };
    }),
  );
  return { ok: true, sheet: { name, rows, truncated: records.length > maxRows, text: true } };
}

/**
 * A field as Excel shows it: web systems write figures as ="12" so that Excel keeps them as
 * typed (a formula whose result is the text 12); invisible format characters go.
 */
function cellText(field: string): string {
  const formula = /^="(.*)"$/s.exec(field);
  return visibleText(formula ? formula[1].replace(/""/g, '"') : field);
}

/** csv-parse's errors carry a code and the line they stopped at. */
type CsvError = Error & { code?: string; lines?: number };

function csvRejection(error: CsvError, maxLineChars: number): ReadRejection {
  const line = error.lines ? `第 ${error.lines} 行` : '其中一行';
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return { rule: 'PARSE.too-large', cause: 'line-too-long', reason: `CSV ${line}超过 ${maxLineChars} 个字符（单行过长，不像是年报表格）` };
  }
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { rule: 'PARSE.unreadable', cause: 'truncated', reason: `CSV 中有引号直到文件末尾（${line}）都没有闭合，文件可能不完整` };
  }
  return { rule: 'PARSE.unreadable', cause: 'damaged', reason: `CSV 无法解析（${line}：${error.message}）` };
}
