/**
 * The exports' columns: every canonical field of either edition, by its stable id (the dotted
 * path of the cleaned JSON, `applications.results.withheld.stateSecret.total`), with the
 * template's Chinese label and whether it is a total. The order is fixed: section by section,
 * the 2021 edition's fields in model order, then those only the 2019 edition has.
 */
import { EDITIONS, FIELDS, fieldLabel, type Edition, type FieldModel, type Section } from '../../model/template';
import { TOTALS } from '../../model/totals';

export interface ExportField {
  id: string;
  /** The template's words, the latest edition's where both have the field; money says 元. */
  label: string;
  /** The editions that have the field. */
  editions: Edition[];
  kind: FieldModel['column']['kind'];
  /** A 总计 of the template (recomputed from parts in a compiled report). */
  total: boolean;
  /** For the long table. */
  table: string;
  row: string;
  column: string;
}

const SECTIONS: readonly Section[] = ['proactive', 'applications', 'reviewLitigation'];
const NEWEST_FIRST: readonly Edition[] = [...EDITIONS].reverse();

/** Money is exported in yuan, whatever unit the template's column was in. */
const inYuan = (label: string): string => `${label.replace(/\(单位:万元\)$/, '')}(元)`;

function build(): ExportField[] {
  const totals = new Set(EDITIONS.flatMap((e) => TOTALS[e].map((t) => t.total)));
  const fields: ExportField[] = [];
  const seen = new Set<string>();
  for (const section of SECTIONS) {
    for (const edition of NEWEST_FIRST) {
      for (const field of FIELDS[edition].values()) {
        if (field.table.section !== section || seen.has(field.path)) continue;
        seen.add(field.path);
        const label = fieldLabel(edition, field.path);
        fields.push({
          id: field.path,
          label: field.column.kind === 'money' ? inYuan(label) : label,
          editions: EDITIONS.filter((e) => FIELDS[e].has(field.path)),
          kind: field.column.kind,
          total: totals.has(field.path),
          table: field.table.title,
          row: field.row.label,
          column: field.column.kind === 'money' ? inYuan(field.column.label) : field.column.label,
        });
      }
    }
  }
  return fields;
}

export const EXPORT_FIELDS: readonly ExportField[] = build();

/** A field in one edition's words (the long table names a report's figures as its template does): table, row, column. */
export function wordsOf(edition: Edition, id: string): { table: string; row: string; column: string } {
  const field = FIELDS[edition].get(id);
  if (!field) throw new Error(`no field ${id} in the ${edition} edition`);
  const column = field.column.kind === 'money' ? inYuan(field.column.label) : field.column.label;
  return { table: field.table.title, row: field.row.label, column };
}
