import { STATE_LABEL, type StatedFinding } from '../model/finding';
import { renderMessage } from '../reconcile/messages';

/** Pure renderings of findings: one per output, each tested alone. */

/** A finding as a line of discrepancies.jsonl: the finding, its state, and its message rendered. */
export const toJsonLine = (f: StatedFinding): string => JSON.stringify({ ...f, message: renderMessage(f) }) + '\n';

/**
 * A run's summary.json: indented, each file's entry on a line of its own (indented through,
 * 10,000 unchanged files made 100,000 lines and 3 MB a night).
 */
export function summaryText(summary: object): string {
  const { files, ...head } = summary as { files?: unknown[] };
  const text = JSON.stringify(head, null, 2);
  if (!files) return text + '\n';
  const entries = files.map((entry) => `    ${JSON.stringify(entry)}`).join(',\n');
  // The head's closing brace gives way to the files.
  return `${text.slice(0, -2)},\n  "files": [${files.length ? `\n${entries}\n  ` : ''}]\n}\n`;
}

const CSV_HEADER = ['文件', '机关', '年度', '规则', '级别', '状态', '工作表', '单元格', '应为', '实为', '差额', '说明', '编号'];

/** A number written as Excel and a warehouse read one back: -1 is a number, not a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell Excel would run as a formula (= + - @, or a leading tab/CR) is prefixed with ';
 * a number (or text that is exactly a plain number, such as -1 or -3.5) is written as it is.
 */
export function csvCell(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: unknown[]): string => cells.map(csvCell).join(',') + '\r\n';

/** Written first in every CSV: Excel then reads it as UTF-8 and shows the Chinese. */
export const UTF8_BOM = '\ufeff';

/** UTF-8 with a BOM, so Excel shows the Chinese. */
export const CSV_START = UTF8_BOM + csvLine(CSV_HEADER);

export const toCsvLine = (f: StatedFinding): string =>
  csvLine([f.file, f.agency, f.year, f.rule, f.severity, STATE_LABEL[f.state], f.sheet, f.cells, f.expected, f.actual, f.difference, renderMessage(f), f.key]);

/** Terminal width of a string: CJK characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * Text from a department made safe for a terminal: control characters (C0, DEL, C1) and the
 * invisible bidirectional overrides are shown escaped (\x1b, \r, \n, \t, \u202e), so a
 * cell can not move the cursor, recolour or rewrite the operator's screen.
 */
export function escapeTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A plain table for the terminal, every cell escaped (escapeTerminal); the last column (the message) is not padded. */
export function renderTable(header: string[], unsafeRows: string[][]): string {
  const rows = unsafeRows.map((row) => row.map(escapeTerminal));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(Math.min(w, 40)))), ...rows.map(line)].join('\n') + '\n';
}
