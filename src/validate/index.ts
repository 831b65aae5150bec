import { z } from 'zod';
import type { ExtraRow } from '../extract';
import { REPORT_YEARS, type FieldValue } from '../model/report';
import { EDITIONS, FIELDS, type Edition, type ValueKind } from '../model/template';

/**
 * The canonical model as zod schemas, one per edition, built from the template so that a
 * field added to the model is in the schema too. The cleaned JSON is what passes it.
 */

const LEAF: Record<ValueKind, z.ZodType<number | null>> = {
  count: z.number().int().nonnegative().nullable(),
  signed: z.number().int().nullable(),
  money: z.number().nonnegative().nullable(),
};

type SchemaTree = { [key: string]: SchemaTree | z.ZodType<number | null> };

function sectionSchemas(edition: Edition): Record<string, z.ZodType> {
  const tree: SchemaTree = {};
  for (const [path, field] of FIELDS[edition]) {
    const keys = path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as SchemaTree;
    node[keys[keys.length - 1]] = LEAF[field.column.kind];
  }
  const toZod = (node: SchemaTree): z.ZodType =>
    z.object(Object.fromEntries(Object.entries(node).map(([k, v]) => [k, v instanceof z.ZodType ? v : toZod(v)]))).strict();
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, toZod(v as SchemaTree)]));
}

// Strict, as the report around them: buildCleaned checks with validate(), which keeps what it is
// given where parse() dropped keys the schema lacks, so such a key must fail the check instead.
const SourceSchema = z.object({
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mapping: z.string(),
  sheets: z.array(z.string()),
  importedAt: z.string(),
  /**
   * Where each field was read: path → [sheet, A1 cell]. The cross-file rules use it to name
   * the cells on both sides of a finding. A text file has no sheet: null.
   */
  cells: z.record(z.string(), z.tuple([z.string().nullable(), z.string()])),
}).strict();

const ExtraSchema = z.object({
  table: z.string(),
  label: z.string(),
  sheet: z.string().nullable(),
  cell: z.string(),
  values: z.record(z.string(), z.string()),
}).strict();

function cleanedSchema(edition: Edition) {
  return z
    .object({
      agency: z.string().min(1),
      year: z.number().int().min(REPORT_YEARS.first).max(REPORT_YEARS.last),
      edition: z.literal(edition),
      source: SourceSchema,
      ...sectionSchemas(edition),
      blankCells: z.number().int().nonnegative(),
      notes: z.record(z.string(), z.string()).optional(),
      extra: z.array(ExtraSchema).optional(),
    })
    .strict();
}

export const CLEANED_SCHEMAS = Object.fromEntries(EDITIONS.map((e) => [e, cleanedSchema(e)])) as Record<Edition, ReturnType<typeof cleanedSchema>>;

export type CleanedReport = z.infer<(typeof CLEANED_SCHEMAS)[Edition]> & Record<string, unknown>;
export type Source = z.infer<typeof SourceSchema>;

export interface CleanedInput {
  agency: string;
  year: number;
  edition: Edition;
  /** Where the report came from; the cells are taken from the fields. */
  source: Omit<Source, 'cells'>;
  fields: Record<string, FieldValue>;
  blankCells: number;
  extra: ExtraRow[];
}


/** Each field path's keys ("proactive.licensing.decisions" → its three), split once per thread rather than 200 times a report. */
const PATH_KEYS = new Map(EDITIONS.flatMap((edition) => [...FIELDS[edition].keys()].map((path) => [path, path.split('.')] as const)));

/**
 * What buildCleaned checks a new report against: the edition's schema but for source.cells,
 * which buildCleaned makes itself from the typed fields (each located field's [sheet, A1 cell]).
 * zod checks a record by copying it, 200 tuples a report: 70 KB of garbage and 0.07 of the
 * 0.09 ms the check takes. Compiled (z.compile) on the edition's first report: compiling takes
 * ~30 ms, which a process that only reads cleaned reports should not pay; validate() on the
 * compiled schema builds no copy of the report as parse() does (buildCleaned: 0.5 -> 0.2 ms a
 * report, measured over 94 reports of the bench corpus).
 */
const builtSchemas = new Map<Edition, z.ZodType>();
function builtSchema(edition: Edition): z.ZodType {
  let schema = builtSchemas.get(edition);
  if (!schema) {
    schema = z.compile(CLEANED_SCHEMAS[edition].extend({ source: SourceSchema.extend({ cells: z.unknown() }) }));
    builtSchemas.set(edition, schema);
  }
  return schema;
}

/** Nests the dotted fields into the design's JSON shape and checks it against the edition's schema. */
export function buildCleaned(input: CleanedInput): CleanedReport {
  const sections: Record<string, unknown> = {};
  const notes: Record<string, string> = {};
  const cells: Record<string, [string | null, string]> = {};
  for (const [path, field] of Object.entries(input.fields)) {
    if (field.address !== null) cells[path] = [field.sheet, field.address];
    const keys = PATH_KEYS.get(path) ?? path.split('.');
    let node = sections as Record<string, unknown>;
    for (let i = 0; i < keys.length - 1; i++) node = (node[keys[i]] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]] = field.value;
    if (field.note !== undefined) notes[path] = field.note;
  }
  const cleaned = {
    agency: input.agency,
    year: input.year,
    edition: input.edition,
    source: { ...input.source, cells },
    ...sections,
    blankCells: input.blankCells,
    ...(Object.keys(notes).length ? { notes } : {}),
    ...(input.extra.length
      ? {
          extra: input.extra.map((row) => ({
            table: row.table,
            label: row.label,
            sheet: row.sheet,
            cell: row.address,
            values: Object.fromEntries(Object.entries(row.cells).map(([k, fc]) => [k, fc.cell?.text ?? ''])),
          })),
        }
      : {}),
  };
  // A failure here is a bug in an earlier stage, not bad input: parse() throws naming every issue.
  const schema = builtSchema(input.edition);
  if (!schema.validate(cleaned)) schema.parse(cleaned);
  return cleaned as CleanedReport;
}
