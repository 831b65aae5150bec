import { z } from 'zod';

/**
 * mappings/agencies.yaml: each agency's canonical name, the other names it reports under
 * (old names, short names), and, for a region, the agencies whose figures add up to its own.
 */
export const AgenciesSchema = z
  .object({
    agencies: z
      .array(
        z
          .object({
            name: z.string().min(1),
            aliases: z.array(z.string().min(1)).default([]),
            members: z.array(z.string().min(1)).optional(),
            /**
             * When the report is due, as MM-DD of the year after the report's: by default
             * 01-31, the regulation's date for departments (a region compiles by 03-31).
             */
            deadline: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD, e.g. 01-31').optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type Agencies = z.output<typeof AgenciesSchema>;
export const NO_AGENCIES: Agencies = { agencies: [] };

/**
 * The form names are matched on: NFKC (full-width brackets, letters and digits to ASCII), no
 * whitespace, every kind of bracket as (). Names are kept and shown as the department wrote
 * them, 枣庄市市中区人民政府办公室（区政府研究室）; an operator who types the brackets
 * half-width, or a file name that does, finds the same agency.
 */
export const agencyKey = (name: string): string =>
  name.normalize('NFKC').replace(/\s+/g, '').replace(/[【〔\[［{｛]/g, '(').replace(/[】〕\]］}｝]/g, ')');

/** Whether two names are the same as written, whatever the width of their brackets and their spaces. */
export const sameAgencyName = (a: string, b: string): boolean => agencyKey(a) === agencyKey(b);

/**
 * Each agencies.yaml's names by their key, built once per loaded file: a run resolves a name
 * for every report (a linear scan of a roster of thousands cost 0.8 s over 1,000 files).
 * The first entry naming a key wins, as the scan did.
 */
const INDEXES = new WeakMap<Agencies, Map<string, string>>();

function indexOf(agencies: Agencies): Map<string, string> {
  let index = INDEXES.get(agencies);
  if (!index) {
    index = new Map();
    for (const entry of agencies.agencies) {
      for (const name of [entry.name, ...entry.aliases]) if (!index.has(agencyKey(name))) index.set(agencyKey(name), entry.name);
    }
    INDEXES.set(agencies, index);
  }
  return index;
}

/** The canonical name of an agency, or the name as given (trimmed) when agencies.yaml does not know it. */
export function canonicalAgency(agencies: Agencies, name: string): string {
  return indexOf(agencies).get(agencyKey(name)) ?? name.trim();
}
