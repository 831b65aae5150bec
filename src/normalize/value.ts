import type { Cell } from '../read/grid';
import type { Column, MoneyUnit } from '../model/template';

/**
 * Reads one cell as the number its column holds, in the forms real reports are typed in:
 * "—" for 0, full-width digits, "减1", "22（其中修订16件）", "75.35万元".
 */
export type ParsedValue =
  | { kind: 'number'; value: number; note?: string }
  | { kind: 'blank' }
  | { kind: 'invalid'; rule: InvalidRule };

export type InvalidRule = 'VALUE.unparseable' | 'VALUE.negative' | 'VALUE.non-integer' | 'VALUE.unknown-unit' | 'VALUE.formula-uncached';

const ZERO_MARKS = /^[-—–─/无]+$/;
const ANNOTATED = /^(.+?)\((.+)\)$/;
const SIGNED = /^(增加|增|减少|减|\+|-)?(\d+(?:\.\d+)?)(?:件|项|个)?$/;
const COUNT = /^(-?\d+(?:\.\d+)?)(?:件|项|个)?$/;
const MONEY = /^(-?\d+(?:\.\d+)?)(.*)$/;
const UNIT_DIGITS: Record<string, number> = { 元: 0, 万元: 4, 万: 4, 亿元: 8 };

/** NFKC turns full-width digits, brackets and signs into ASCII; spaces inside numbers go. */
const clean = (text: string): string => text.normalize('NFKC').replace(/[\s,]/g, '');

export function parseValue(cell: Cell | undefined, column: Column, header: string): ParsedValue {
  if (!cell) return { kind: 'blank' };
  if (cell.uncached) return { kind: 'invalid', rule: 'VALUE.formula-uncached' };
  if (cell.date || cell.value === null || typeof cell.value === 'boolean') return { kind: 'invalid', rule: 'VALUE.unparseable' };
  let text = typeof cell.value === 'number' ? String(cell.value) : clean(cell.value);
  if (text === '') return { kind: 'blank' };
  if (ZERO_MARKS.test(text)) return { kind: 'number', value: 0 };
  let note: string | undefined;
  const annotated = ANNOTATED.exec(text);
  if (annotated && /\d/.test(annotated[1])) {
    text = annotated[1];
    note = annotated[2];
  }
  const parsed = parseText(text, column, header);
  return parsed.kind === 'number' && note !== undefined ? { ...parsed, note } : parsed;
}

function parseText(text: string, column: Column, header: string): ParsedValue {
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
      const unit = m[2] === '' ? headerUnit(header) ?? column.unit ?? '元' : m[2];
      if (!(unit in UNIT_DIGITS)) return { kind: 'invalid', rule: 'VALUE.unknown-unit' };
      if (m[1].startsWith('-')) return { kind: 'invalid', rule: 'VALUE.negative' };
      return { kind: 'number', value: toYuan(m[1], UNIT_DIGITS[unit]) };
    }
  }
}

function integer(value: number, signed: boolean): ParsedValue {
  if (!Number.isInteger(value)) return { kind: 'invalid', rule: 'VALUE.non-integer' };
  if (!signed && value < 0) return { kind: 'invalid', rule: 'VALUE.negative' };
  return { kind: 'number', value: value === 0 ? 0 : value };
}

/** A header such as "采购总金额(万元)" sets the unit of the bare numbers below it. */
function headerUnit(header: string): MoneyUnit | undefined {
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
