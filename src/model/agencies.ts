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
             * When the report is due, as MM-DD of the year after the report's: by default the
             * regulation's dates, 03-31 for a region (an entry with members, a people's
             * government) and 01-31 for a department (defaultDeadline).
             */
            deadline: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD, e.g. 01-31').optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type Agencies = z.output<typeof AgenciesSchema>;
export type AgencyEntry = Agencies['agencies'][number];

/** 政府信息公开条例 第五十条: departments report by 1月31日, the people's governments (the regions) by 3月31日. */
export const DEPARTMENT_DEADLINE = '01-31';
export const REGION_DEADLINE = '03-31';

/** An entry's MM-DD deadline: its own, else the regulation's for a region (it has members) or a department. */
export const defaultDeadline = (entry: Pick<AgencyEntry, 'members' | 'deadline'>): string =>
  entry.deadline ?? ((entry.members ?? []).length > 0 ? REGION_DEADLINE : DEPARTMENT_DEADLINE);
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

/** An agency as a typed name is matched against it: its canonical name and its other names. */
export interface NamedAgency {
  name: string;
  aliases: readonly string[];
}

/** What a name typed by an operator (a flag, the desk's search) means. */
export type AgencyResolution =
  | { kind: 'found'; agency: string; via: 'name' | 'alias' | 'normalized' | 'partial' }
  /** A partial name several agencies contain: their canonical names. */
  | { kind: 'ambiguous'; candidates: string[] }
  /** No agency: the closest canonical names, most alike first (possibly none). */
  | { kind: 'unknown'; closest: string[] };

/** agencyKey, and Latin letters in one case: what a typed name is compared on. */
const matchKey = (name: string): string => agencyKey(name).toLowerCase();

/** The closest names listed for a name that matches nothing. */
const CLOSEST = 5;

/**
 * The agency an operator means by `typed`, in this order: its canonical name, an alias, the
 * same in normalized form (brackets, width, spaces), then a name or alias containing it, if
 * only one agency has one (卫生健康局 → 枣庄市市中区卫生健康局). A name matching several
 * agencies, or none, is said so, never read as an agency without problems.
 */
export function resolveAgencyName(known: readonly NamedAgency[], typed: string): AgencyResolution {
  const name = typed.trim();
  const byName = known.find((a) => a.name === name);
  if (byName) return { kind: 'found', agency: byName.name, via: 'name' };
  const byAlias = known.find((a) => a.aliases.includes(name));
  if (byAlias) return { kind: 'found', agency: byAlias.name, via: 'alias' };
  const key = matchKey(name);
  if (!key) return { kind: 'unknown', closest: [] };
  const namesOf = (a: NamedAgency) => [a.name, ...a.aliases].map(matchKey);
  const normalized = known.find((a) => namesOf(a).includes(key));
  if (normalized) return { kind: 'found', agency: normalized.name, via: 'normalized' };
  const partial = [...new Set(known.filter((a) => namesOf(a).some((n) => n.includes(key))).map((a) => a.name))];
  if (partial.length === 1) return { kind: 'found', agency: partial[0], via: 'partial' };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial };
  return { kind: 'unknown', closest: closestNames(known, key) };
}

/**
 * The canonical names most like `key`: by the longest run of its characters, in order, that a
 * name or alias holds (卫生局 is 3 in 卫生健康局, 1 in 财政局), at least half of them and at
 * least two; ties to the shorter name.
 */
function closestNames(known: readonly NamedAgency[], key: string): string[] {
  const least = Math.max(2, Math.ceil(key.length / 2));
  const scored = new Map<string, number>();
  for (const a of known) {
    const score = Math.max(...[a.name, ...a.aliases].map((n) => commonSubsequence(key, matchKey(n))));
    if (score >= least && score > (scored.get(a.name) ?? 0)) scored.set(a.name, score);
  }
  return [...scored].sort(([a, x], [b, y]) => y - x || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)).slice(0, CLOSEST).map(([name]) => name);
}

/** The length of the longest common subsequence of two strings (code points). */
function commonSubsequence(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = new Array<number>(y.length + 1).fill(0);
  for (const cx of x) {
    const row = [0];
    for (let j = 0; j < y.length; j++) row.push(cx === y[j] ? previous[j] + 1 : Math.max(previous[j + 1], row[j]));
    previous = row;
  }
  return previous[y.length];
}
