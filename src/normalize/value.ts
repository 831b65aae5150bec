import type { Cell } from '../read/grid';
import type { Column, MoneyUnit } from '../model/template';

/**
 * Reads one cell as the number its column holds, in the forms real reports are typed in:
 * "—" for 0, full-width digits, "减1", "22（其中修订16件）", "75.35万元".
 */
export type ParsedValue =
  | { kind: 'number'; value: number; note?: string; dateFormatted?: true }
  | { kind: 'blank' }
  | { kind: 'invalid'; rule: InvalidRule };

export type InvalidRule =
  | 'VALUE.unparseable' | 'VALUE.negative' | 'VALUE.non-integer' | 'VALUE.unknown-unit' | 'VALUE.formula-uncached'
  | 'VALUE.beyond-exact' | 'VALUE.sub-fen';

/**
 * A count cell formatted as a date holds a small whole number when the department typed a
 * count into it (1 shows as 1900/1/1): below this serial (1950-01-01) it is taken as the
 * number. A report's real dates are decades later (2022-01-01 is 44562) and stay an error.
 */
export const DATE_FORMATTED_BELOW = 18264;

/** "—", "——", "―" (U+2015, what GBK-era text makes of "——"), "/", "无", "〇", "零": nothing, so 0. */
const ZERO_MARKS = /^(?:[-—–―─/无]+|[〇零])$/;
const ANNOTATED = /^(.+?)\((.+)\)$/;
const SIGNED = /^(增加|增|减少|减|\+|-)?(\d+(?:\.\d+)?)(?:件|项|个)?$/;
const COUNT = /^(-?\d+(?:\.\d+)?)(?:件|项|个)?$/;
/** "￥463,000.00", "¥75万元": the currency sign is no unit (NFKC makes ￥ ¥; the commas are gone). */
const MONEY = /^¥?(-?\d+(?:\.\d+)?)(.*)$/;
const UNIT_DIGITS: Record<string, number> = { 元: 0, 万元: 4, 万: 4, 亿元: 8 };

/** NFKC turns full-width digits, brackets and signs into ASCII; spaces inside numbers go. */
const clean = (text: string): string => text.normalize('NFKC').replace(/[\s,]/g, '');

/**
 * `header` is the column's header as typed; `lineUnit` the unit its table's unit line gives
 * ("单位：万元"), which sets the unit of bare sums as a header's (万元) does, the header's own
 * unit winning where both give one (normalize warns then) and a cell's own unit winning over both.
 */
export function parseValue(cell: Cell | undefined, column: Column, header: string, lineUnit?: string): ParsedValue {
  if (!cell) return { kind: 'blank' };
  if (cell.uncached) return { kind: 'invalid', rule: 'VALUE.formula-uncached' };
  if (cell.date && typeof cell.value === 'number' && column.kind !== 'money' && Number.isInteger(cell.value) && cell.value >= 0 && cell.value < DATE_FORMATTED_BELOW) {
    return { kind: 'number', value: cell.value, dateFormatted: true };
  }
  if (cell.date || cell.value === null || typeof cell.value === 'boolean') return { kind: 'invalid', rule: 'VALUE.unparseable' };
  // A number past 2^53 (an 18-digit ID number typed into a count) is not held exactly; String() may give "1e+21".
  if (typeof cell.value === 'number' && Math.abs(cell.value) > Number.MAX_SAFE_INTEGER) return { kind: 'invalid', rule: 'VALUE.beyond-exact' };
  let text = typeof cell.value === 'number' ? String(cell.value) : clean(cell.value);
  if (text === '') return { kind: 'blank' };
  if (ZERO_MARKS.test(text)) return { kind: 'number', value: 0 };
  let note: string | undefined;
  const annotated = ANNOTATED.exec(text);
  if (annotated && /\d/.test(annotated[1])) {
    text = annotated[1];
    note = annotated[2];
  }
  const parsed = parseText(text, column, headerUnit(header) ?? lineUnit ?? column.unit ?? '元');
  return parsed.kind === 'number' && note !== undefined ? { ...parsed, note } : parsed;
}

/** `unit`: the unit of a bare sum in this column (header, unit line, template, else yuan). */
function parseText(text: string, column: Column, unit: string): ParsedValue {
  switch (column.kind) {
    case 'count': {
      const m = COUNT.exec(text);
      if (!m) return { kind: 'invalid', rule: 'VALUE.unparseable' };
      return integer(Number(m[1]), false);
    }
    case 'signed': {
      const m = SIGNED.exec(text);
      if (!m) return { kind: 'invalid', rule: 'VALUE.unparseable' };
      const negative = m[1] === '减' || m[1] === '减少' || m[1] === '-';
      return integer(Number(m[2]) * (negative ? -1 : 1), true);
    }
    case 'money': {
      const m = MONEY.exec(text);
      if (!m) return { kind: 'invalid', rule: 'VALUE.unparseable' };
      const typedUnit = m[2] === '' ? unit : m[2];
      if (!(typedUnit in UNIT_DIGITS)) return { kind: 'invalid', rule: 'VALUE.unknown-unit' };
      if (m[1].startsWith('-')) return { kind: 'invalid', rule: 'VALUE.negative' };
      const shift = UNIT_DIGITS[typedUnit];
      // Yuan are kept to the fen: a third decimal of yuan is flagged, not stored as floating-point noise.
      const fraction = m[1].split('.')[1] ?? '';
      if (/[1-9]/.test(fraction.slice(shift + 2))) return { kind: 'invalid', rule: 'VALUE.sub-fen' };
      const yuan = toYuan(m[1], shift);
      if (yuan > Number.MAX_SAFE_INTEGER) return { kind: 'invalid', rule: 'VALUE.beyond-exact' };
      return { kind: 'number', value: yuan };
    }
  }
}

function integer(value: number, signed: boolean): ParsedValue {
  if (!Number.isInteger(value)) return { kind: 'invalid', rule: 'VALUE.non-integer' };
  if (!Number.isSafeInteger(value)) return { kind: 'invalid', rule: 'VALUE.beyond-exact' };
  if (!signed && value < 0) return { kind: 'invalid', rule: 'VALUE.negative' };
  return { kind: 'number', value: value === 0 ? 0 : value };
}

/** A header such as "采购总金额(万元)" sets the unit of the bare numbers below it. */
export function headerUnit(header: string): MoneyUnit | undefined {
  const text = header.normalize('NFKC');
  if (text.includes('万元')) return '万元';
  if (text.includes('元')) return '元';
  return undefined;
}

/**
 * Moves the decimal point in the digits themselves, so 75.35万元 is exactly 753500
 * (75.35 * 10000 in floating point is 753499.99999999…).
 */
export function toYuan(digits: string, shift: number): number {
  const [whole, fraction = ''] = digits.split('.');
  const padded = fraction.padEnd(shift, '0');
  return Number(`${whole}${padded.slice(0, shift)}.${padded.slice(shift) || '0'}`);
}
