import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import type { Cell, Sheet } from './grid';
import { encodeAddress } from './grid';

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

/** Rows beyond maxRows are dropped and the sheet marked truncated. */
export function readCsv(bytes: Buffer, name: string, maxRows: number, maxRecordBytes: number): Sheet {
  const { text } = decodeText(bytes);
  const records: string[][] = parse(text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: maxRecordBytes,
    to: maxRows + 1,
  });
  const rows: Sheet['rows'] = records.slice(0, maxRows).map((record, r) =>
    record.map((text, c): Cell | undefined => (text === '' ? undefined : { address: encodeAddress(r, c), value: text, text })),
  );
  return { name, rows, truncated: records.length > maxRows };
}
