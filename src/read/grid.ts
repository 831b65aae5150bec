/** The one shape every format is read into: sheets of cells that know their A1 address. */

export interface Cell {
  address: string;
  /** The value as stored: a number, text, a boolean, or null for an empty or error cell. */
  value: string | number | boolean | null;
  /** The text the department sees in the cell (formatted number or the string). */
  text: string;
  formula?: string;
  /** A formula with no cached value: its result is unknown. */
  uncached?: true;
  /** A number formatted as a date. */
  date?: true;
  /** Set on every cell of a merged range: the top-left cell whose value it repeats. */
  mergedFrom?: string;
}

export interface Sheet {
  name: string;
  /** rows[r][c], both 0-based; sparse. */
  rows: Array<Array<Cell | undefined> | undefined>;
  /** True when the sheet had more rows than the limit and was cut. */
  truncated: boolean;
  /** Hidden (or very hidden) in the workbook: read only when no visible sheet holds the tables. */
  hidden?: true;
  /** A text file's one sheet: a text file has no sheets, so its cells are named by row and column alone (B21). */
  text?: true;
}

/**
 * The workbook formats SheetJS reads (templates as their workbooks: .xltx/.xltm as xlsx, .xlt
 * as xls), HTML tables and XML Spreadsheet 2003 (xlml), and delimited text (.csv, .tsv, .txt:
 * delimiter and encoding sniffed).
 */
export type Format = 'xlsx' | 'xlsb' | 'xls' | 'ods' | 'et' | 'html' | 'xlml' | 'csv' | 'tsv' | 'txt';

export interface Grid {
  format: Format;
  sheets: Sheet[];
}

export function encodeAddress(r: number, c: number): string {
  let col = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
  return `${col}${r + 1}`;
}

/**
 * Text as a person reads it: invisible format characters (Unicode category Cf: zero-width
 * spaces and joiners U+200B–U+200D, U+2060, U+FEFF, the soft hyphen U+00AD, direction marks),
 * which figures pasted from a web page carry, are removed before a cell is read.
 */
export const visibleText = (text: string): string => text.replace(/\p{Cf}/gu, '');

/** The sheet findings and the cleaned report name: none for a text file. */
export const sheetLabel = (sheet: Sheet): string | null => (sheet.text ? null : sheet.name);

export const cellAt = (sheet: Sheet, r: number, c: number): Cell | undefined => sheet.rows[r]?.[c];
