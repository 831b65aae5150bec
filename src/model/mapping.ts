import { z } from 'zod';
import { EDITIONS, TEMPLATE, type Edition } from './template';

/**
 * A mapping says how one layout's labels name the model's rows and columns. It never names
 * cell addresses, so one mapping serves every layout that uses the same wording.
 */

const Labels = z.array(z.string().min(1)).min(1);

/** A row: its labels, or its labels and the parent row it sits under ("3.其他" under "(六)其他处理"). */
const RowSpec = z.union([Labels, z.object({ labels: Labels, under: Labels }).strict()]);

const TableSpec = z
  .object({
    /** The model table this fills (TEMPLATE[edition][].id). */
    model: z.string(),
    /**
     * rows: the model's rows are rows of the sheet, its columns are columns.
     * column-groups: the model's rows are groups of columns over one data row (table 四).
     */
    orientation: z.enum(['rows', 'column-groups']).default('rows'),
    rows: z.record(z.string(), RowSpec),
    columns: z.record(z.string(), Labels),
  })
  .strict();

export const MappingSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a file-name-like id, e.g. gioa-2019'),
    edition: z.enum(EDITIONS as [Edition, ...Edition[]]),
    description: z.string(),
    /** Share of the mapping's labels a grid must contain for the mapping to be used. */
    threshold: z.number().gt(0).max(1).default(0.6),
    tables: z.array(TableSpec).min(1),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    // Every key must exist in the model, so a typo fails `mappings check`, not a night's run.
    for (const [t, table] of mapping.tables.entries()) {
      const model = TEMPLATE[mapping.edition].find((m) => m.id === table.model);
      if (!model) {
        ctx.addIssue({ code: 'custom', path: ['tables', t, 'model'], message: `unknown table "${table.model}" in edition ${mapping.edition}` });
        continue;
      }
      for (const key of Object.keys(table.rows)) {
        if (!model.rows.some((r) => r.key === key)) ctx.addIssue({ code: 'custom', path: ['tables', t, 'rows', key], message: `unknown row "${key}" of table ${model.id}` });
      }
      for (const key of Object.keys(table.columns)) {
        if (!model.columns.some((c) => c.key === key)) ctx.addIssue({ code: 'custom', path: ['tables', t, 'columns', key], message: `unknown column "${key}" of table ${model.id}` });
      }
    }
  });

export type MappingInput = z.input<typeof MappingSchema>;
export type Mapping = z.output<typeof MappingSchema>;
export type TableSpec = Mapping['tables'][number];

export interface RowRule {
  key: string;
  labels: string[];
  under?: string[];
}

export function rowRules(table: TableSpec): RowRule[] {
  return Object.entries(table.rows).map(([key, spec]) => (Array.isArray(spec) ? { key, labels: spec } : { key, labels: spec.labels, under: spec.under }));
}

/**
 * `make` as a function of a mapping computed once per mapping object (per thread): what a
 * stage derives from a mapping (its labels, its anchors) is the same for every report.
 */
export function perMapping<T>(make: (mapping: Mapping) => T): (mapping: Mapping) => T {
  const made = new WeakMap<Mapping, T>();
  return (mapping) => {
    if (!made.has(mapping)) made.set(mapping, make(mapping));
    return made.get(mapping)!;
  };
}
