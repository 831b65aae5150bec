import { canonicalAgency } from '../../model/agencies';
import type { CleanedReport } from '../../validate';
import { FIELDS, type Edition } from '../../model/template';
import { sumFields } from '../../model/sum';
import { byAgencyYear, cellsAt, crossDraft, editionOf, onSide, same, valueAt, type CrossFinding, type CrossRule } from './context';

const id = 'X.rollup';
const incomplete = 'X.rollup-incomplete';

/**
 * A region (an agency of agencies.yaml with `members`) against its members, year by year where
 * the region's own report is in the store:
 * - every member's report is there: each numeric field of the region equals the sum of the
 *   members' (X.rollup, an error per field that differs, naming the members). Fields are those
 *   of the region's edition that every member's edition has too (all of them when the editions
 *   agree); a field null on any side is skipped.
 * - some are missing: one X.rollup-incomplete warning naming them, and no sums (they would be
 *   false errors). Expected: the number of members; actual: how many reported.
 * Findings are on the region's file, in agencies.yaml order, then by year, then in model order.
 */
export const rule: CrossRule = {
  id,
  scope: 'regions',
  check(ctx) {
    const index = byAgencyYear(ctx);
    return ctx.agencies.agencies.flatMap((entry) => {
      const region = entry.name;
      const members = [...new Set((entry.members ?? []).map((m) => canonicalAgency(ctx.agencies, m)))]
        .filter((m) => m !== region);
      const years = index.get(region);
      if (members.length === 0 || !years) return [];
      return [...years.keys()].sort((a, b) => a - b).flatMap((year): CrossFinding[] => {
        const report = years.get(year)!;
        const side = { file: report.source.file, agency: region, year };
        const place = { year, file: report.source.file };
        const missing = members.filter((m) => !index.get(m)?.has(year));
        if (missing.length > 0) {
          return [onSide(side, crossDraft(incomplete, [], members.length, members.length - missing.length, {
            members: members.length, missing: missing.join('、'), ...place,
          }))];
        }
        const memberReports = members.map((m) => index.get(m)!.get(year)!);
        const edition = editionOf(report);
        const params = { edition, members: members.length, memberNames: members.join('、'), ...place };
        const sums = sumFields(sharedPaths(edition, memberReports), memberReports);
        return [...sums].flatMap(([path, { sum: expected, unknown }]) => {
          const total = valueAt(report, path);
          if (total === null || expected === null || unknown.length > 0) return [];
          if (same(total, expected)) return [];
          return [onSide(side, crossDraft(id, [path], expected, total, { ...params, path }, cellsAt(report, [path])))];
        });
      });
    });
  },
};

/** The region's edition's field paths, in model order, that every member's edition has too. */
function sharedPaths(edition: Edition, members: readonly CleanedReport[]): string[] {
  const editions = new Set(members.map(editionOf));
  return [...FIELDS[edition].keys()].filter((path) => [...editions].every((e) => FIELDS[e].has(path)));
}
