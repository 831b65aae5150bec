import type { Grid } from '../read/grid';
import { isLabelText, labelKey } from './labels';
import { rowRules, type Mapping } from './mapping';

export { labelKey } from './labels';
export * from './mapping';

/** Where a label sits: sheet index, row, column (0-based). */
export interface LabelHit {
  sheet: number;
  r: number;
  c: number;
  /** A copy of a merged range's top-left cell. */
  merged: boolean;
}

/** Every short text cell of the grid by its label key: built once, shared by all mappings. */
export type LabelIndex = Map<string, LabelHit[]>;

export function indexLabels(grid: Grid): LabelIndex {
  const index: LabelIndex = new Map();
  grid.sheets.forEach((sheet, s) => {
    sheet.rows.forEach((row, r) => {
      row?.forEach((cell, c) => {
        if (!cell || typeof cell.value !== 'string' || !isLabelText(cell.text)) return;
        const key = labelKey(cell.text);
        if (!key) return;
        const hits = index.get(key) ?? [];
        hits.push({ sheet: s, r, c, merged: cell.mergedFrom !== undefined });
        index.set(key, hits);
      });
    });
  });
  return index;
}

/** Each distinct thing a mapping looks for (a row, a column), named by its first label. */
function anchors(mapping: Mapping): Array<{ name: string; keys: string[] }> {
  const byName = new Map<string, string[]>();
  for (const table of mapping.tables) {
    for (const row of rowRules(table)) byName.set(row.labels[0], row.labels.map(labelKey));
    for (const labels of Object.values(table.columns)) byName.set(labels[0], labels.map(labelKey));
  }
  return [...byName].map(([name, keys]) => ({ name, keys }));
}

export interface MappingScore {
  mapping: Mapping;
  found: number;
  total: number;
  score: number;
  missing: string[];
}

export function scoreMapping(index: LabelIndex, mapping: Mapping): MappingScore {
  const all = anchors(mapping);
  const missing = all.filter((a) => !a.keys.some((k) => index.has(k))).map((a) => a.name);
  const found = all.length - missing.length;
  return { mapping, found, total: all.length, score: found / all.length, missing };
}

export type LocateResult = { ok: true; best: MappingScore } | { ok: false; closest: MappingScore | null };

/**
 * Picks the mapping whose labels the grid holds best, above that mapping's threshold;
 * a forced mapping (--mapping) is used whatever its score.
 */
export function locate(index: LabelIndex, mappings: readonly Mapping[], forced?: string): LocateResult {
  const candidates = forced ? mappings.filter((m) => m.name === forced) : mappings;
  const scores = candidates.map((m) => scoreMapping(index, m)).sort((a, b) => b.score - a.score || a.missing.length - b.missing.length);
  const best = scores[0];
  if (!best) return { ok: false, closest: null };
  if (forced || best.score >= best.mapping.threshold) return { ok: true, best };
  return { ok: false, closest: best };
}
