import path from 'node:path';
import type { Draft } from '../messages';
import { compareText, onSide, type CrossFinding, type CrossRule, type Submission } from './context';

/** An agency-year with more than one submission: the one kept, the others, the X.duplicate draft. */
export interface DuplicateGroup<S extends Submission = Submission> {
  agency: string;
  year: number;
  kept: S;
  /** Newest first. */
  others: S[];
  /** X.duplicate, naming the kept file and the others; it belongs on the kept file. */
  draft: Draft;
}

export interface Picked<S extends Submission = Submission> {
  /** One submission per agency and year, the newest; by year, then agency. */
  kept: S[];
  /** Only the agency-years with several submissions, in the same order. */
  duplicates: DuplicateGroup<S>[];
}

/**
 * Newest first: the later mtime, then (same mtime) the later file name in code-point order
 * ("…_v2.xlsx" over "…_v1.xlsx"), then the later full path, so the pick never depends on the
 * order the candidates come in.
 */
export function newestFirst(a: Submission, b: Submission): number {
  if (a.mtimeMs !== b.mtimeMs) return b.mtimeMs - a.mtimeMs;
  return compareText(path.basename(b.file), path.basename(a.file)) || compareText(b.file, a.file);
}

/** Which submission wins for each agency and year, and an X.duplicate draft where there were several. */
export function pickNewest<S extends Submission>(candidates: readonly S[]): Picked<S> {
  const groups = new Map<string, S[]>();
  for (const candidate of candidates) {
    const key = `${candidate.year}\u0000${candidate.agency}`;
    groups.set(key, [...(groups.get(key) ?? []), candidate]);
  }
  const ordered = [...groups.values()]
    .map((group) => [...group].sort(newestFirst))
    .sort((a, b) => a[0].year - b[0].year || compareText(a[0].agency, b[0].agency));
  const kept = ordered.map((group) => group[0]);
  const duplicates = ordered
    .filter((group) => group.length > 1)
    .map(([winner, ...others]): DuplicateGroup<S> => ({
      agency: winner.agency,
      year: winner.year,
      kept: winner,
      others,
      draft: {
        rule: 'X.duplicate', fields: [], sheet: null, cells: [], expected: null, actual: null,
        params: { kept: winner.file, others: others.map((o) => o.file).join('、') },
      },
    }));
  return { kept, duplicates };
}

/** The X.duplicate findings of a pick, each on the kept file. */
export const duplicateFindings = (picked: Picked): CrossFinding[] =>
  picked.duplicates.map((group) => onSide({ file: group.kept.file, agency: group.agency, year: group.year }, group.draft));

/** X.duplicate over every submission the ledger knows. */
export const rule: CrossRule = {
  id: 'X.duplicate',
  scope: 'submissions',
  check: (ctx) => duplicateFindings(pickNewest(ctx.submissions)),
};
