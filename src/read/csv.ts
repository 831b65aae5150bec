import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { Cell, Sheet } from './grid';
import { encodeAddress } from './grid';
import type { ReadRejection } from './reject';

/**
 * Decodes a CSV's bytes without being told the encoding: a BOM says UTF-8 or UTF-16;
 * otherwise valid UTF-8 is UTF-8 and anything else is read as GB18030 (a superset of GBK).
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

export type CsvResult = { ok: true; sheet: Sheet } | { ok: false; rejection: ReadRejection };

/** Rows beyond maxRows are dropped and the sheet marked truncated; a line over maxLineChars is refused. */
export function readCsv(bytes: Buffer, name: string, maxRows: number, maxLineChars: number): CsvResult {
  const { text } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, {
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
    record.map((text, c): Cell | undefined => (text === '' ? undefined : { address: encodeAddress(r, c), value: text, text })),
  );
  return { ok: true, sheet: { name, rows, truncated: records.length > maxRows } };
}

/** csv-parse's errors carry a code and the line they stopped at. */
type CsvError = Error & { code?: string; lines?: number };

function csvRejection(error: CsvError, maxLineChars: number): ReadRejection {
  const line = error.lines ? `第 ${error.lines} 行` : '其中一行';
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return { rule: 'PARSE.too-large', reason: `CSV ${line}超过 ${maxLineChars} 个字符（单行过长，不像是年报表格）` };
  }
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { rule: 'PARSE.unreadable', reason: `CSV 中有引号直到文件末尾（${line}）都没有闭合，文件可能不完整` };
  }
  return { rule: 'PARSE.unreadable', reason: `CSV 无法解析（${line}：${error.message}）` };
}
