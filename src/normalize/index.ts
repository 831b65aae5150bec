import type { Extraction } from '../extract';
import type { FieldValue } from '../model/report';
import type { Cell } from '../read/grid';
import { FIELDS, type Edition } from '../model/template';
import { TOTALS } from '../model/totals';
import type { Draft } from '../model/draft';
import { headerUnit, parseValue } from './value';

export { parseValue, toYuan } from './value';

export interface Normalized {
  fields: Record<string, FieldValue>;
  /** Blank cells read as 0 (or filled from their parts), counted rather than logged one by one. */
  blankCells: number;
  problems: Draft[];
}

/** The cell as typed; an uncached formula shows no text, so it is its formula ("=SUM(D21:I21)"). */
const typedText = (cell: Cell | undefined): string => (cell?.uncached ? `=${cell.formula}` : cell?.text ?? '');

/** Turns every located cell into a number (or null with a VALUE.* finding), then fills blank totals. */
export function normalize(extraction: Extraction, edition: Edition): Normalized {
  const fields: Record<string, FieldValue> = {};
  const problems: Draft[] = [];
  let blankCells = 0;
  for (const [path, model] of FIELDS[edition]) {
    const located = extraction.fields.get(path);
    if (!located) {
      fields[path] = { value: null, sheet: null, address: null, origin: 'missing', raw: '' };
      continue;
    }
    const base = { sheet: located.sheet, address: located.address, raw: typedText(located.cell) };
    const line = model.column.kind === 'money' ? located.unitLine : undefined;
    const parsed = parseValue(located.cell, model.column, located.header, line?.unit);
    const fromHeader = headerUnit(located.header);
    if (line && fromHeader && fromHeader !== line.unit) {
      problems.push({ rule: 'VALUE.unit-conflict', sheet: base.sheet, cells: [base.address, line.address], expected: null, actual: null,
        params: { edition, path, header: located.header, headerUnit: fromHeader, line: line.text, lineUnit: line.unit } });
    }
    if (parsed.kind === 'blank') {
      blankCells++;
      fields[path] = { ...base, value: 0, origin: 'blank' };
    } else if (parsed.kind === 'invalid') {
      fields[path] = { ...base, value: null, origin: 'cell' };
      problems.push({ rule: parsed.rule, sheet: base.sheet, cells: [base.address], expected: null, actual: base.raw, params: { edition, path, raw: base.raw } });
    } else {
      fields[path] = { ...base, value: parsed.value, origin: 'cell', ...(parsed.note !== undefined ? { note: parsed.note } : {}) };
      if (parsed.dateFormatted) {
        problems.push({ rule: 'VALUE.date-formatted', sheet: base.sheet, cells: [base.address], expected: null, actual: parsed.value, params: { edition, path, raw: base.raw } });
      }
      if (parsed.note !== undefined) {
        problems.push({ rule: 'VALUE.annotated', sheet: base.sheet, cells: [base.address], expected: null, actual: parsed.value, params: { edition, path, raw: base.raw, note: parsed.note } });
      }
    }
  }
  problems.push(...fillBlankTotals(fields, edition));
  return { fields, blankCells, problems };
}

/**
 * A blank 总计 whose parts are not all zero is filled from its parts (warning
 * VALUE.total-blank); its total rule then sees origin 'filled' and is not evaluated.
 */
function fillBlankTotals(fields: Record<string, FieldValue>, edition: Edition): Draft[] {
  const problems: Draft[] = [];
  for (const relation of TOTALS[edition]) {
    const total = fields[relation.total];
    if (total.origin !== 'blank') continue;
    const parts = relation.parts.map((p) => fields[p].value);
    if (parts.every((v) => v === 0)) continue;
    if (parts.some((v) => v === null)) {
      fields[relation.total] = { ...total, value: null };
      continue;
    }
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    fields[relation.total] = { ...total, value: sum, origin: 'filled' };
    problems.push({
      rule: 'VALUE.total-blank',
      sheet: total.sheet,
      cells: [total.address!],
      expected: sum,
      actual: null,
      params: { edition, path: relation.total },
    });
  }
  return problems;
}
