import type { Grid } from '../read/grid';
import { isLabelText, labelKey } from './labels';
import { perMapping, rowRules, type Mapping } from '../model/mapping';

export { labelKey } from './labels';
export * from '../model/mapping';

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

type Anchor = { name: string; keys: string[] };

/** Each mapping's anchors, made once per mapping, not for each mapping scored against each workbook. */
const anchors = perMapping(anchorsOf);

/** Each distinct thing a mapping looks for (a row, a column), named by its first label. */
function anchorsOf(mapping: Mapping): Anchor[] {
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

/** The sheets a report is read from, their labels, the mapping they hold, and the hidden ones among them. */
export interface SheetChoice {
  grid: Grid;
  index: LabelIndex;
  located: LocateResult;
  /** Names of the hidden sheets the choice reads; empty when the visible sheets hold the tables. */
  hidden: string[];
}

/**
 * The report is read from the visible sheets. A department may keep last year's report on a
 * hidden sheet of this year's workbook: read along, its title and tables could win over the
 * visible ones. So hidden sheets are read only when no visible sheet holds the tables (the
 * best mapping, or the forced one, reaches its threshold); extract then warns
 * (PARSE.hidden-sheet). When neither holds them, the visible sheets are the ones to reject.
 */
export function locateSheets(grid: Grid, mappings: readonly Mapping[], forced?: string): SheetChoice {
  const visible = grid.sheets.filter((sheet) => !sheet.hidden);
  if (visible.length === grid.sheets.length || visible.length === 0) {
    const index = indexLabels(grid);
    return { grid, index, located: locate(index, mappings, forced), hidden: [] };
  }
  const shown: Grid = { ...grid, sheets: visible };
  const shownIndex = indexLabels(shown);
  const onVisible = { grid: shown, index: shownIndex, located: locate(shownIndex, mappings, forced), hidden: [] };
  if (holdsTables(shownIndex, mappings, forced)) return onVisible;
  const index = indexLabels(grid);
  if (!holdsTables(index, mappings, forced)) return onVisible;
  return { grid, index, located: locate(index, mappings, forced), hidden: grid.sheets.filter((s) => s.hidden).map((s) => s.name) };
}

/** Whether the labels hold a report: the best mapping (or the forced one) reaches its threshold. */
function holdsTables(index: LabelIndex, mappings: readonly Mapping[], forced?: string): boolean {
  const candidates = forced ? mappings.filter((m) => m.name === forced) : mappings;
  return candidates.some((m) => scoreMapping(index, m).score >= m.threshold);
}

/** How a workbook's sheets hold reports: one report (on one sheet or split across several), several, or unclear. */
export type ReportSheets =
  | { kind: 'one' }
  /** Each sheet that holds a whole report alone, and the other sheets together when they hold one. */
  | { kind: 'several'; reports: SheetChoice[] }
  /** Sheets that hold whole reports beside sheets that hold parts of tables: which report the parts belong to can not be told. */
  | { kind: 'unclear'; whole: string[]; parts: string[] };

/**
 * Several reports in one workbook: this year's and last year's both visible, or a town's
 * departments one sheet each. Every sheet of the choice that holds a whole report on its own
 * (holdsWholeReport) is a report of its own; the other sheets
 * together are one more when they hold a whole report, and are left alone when they hold no
 * table's labels (a 填报说明, a cover). A report split across sheets (表一, 表二, 表三) has no
 * sheet that holds it whole, so it stays one report.
 */
export function reportSheets(choice: SheetChoice, mappings: readonly Mapping[], forced?: string): ReportSheets {
  const { grid } = choice;
  if (grid.sheets.length < 2 || choice.hidden.length > 0) return { kind: 'one' };
  const alone = grid.sheets.map((sheet) => ({ sheet, index: indexLabels({ ...grid, sheets: [sheet] }) }));
  const whole = alone.filter((s) => holdsWholeReport(s.index, mappings, forced));
  const rest = alone.filter((s) => !whole.includes(s));
  const restGrid: Grid = { ...grid, sheets: rest.map((s) => s.sheet) };
  const restIndex = indexLabels(restGrid);
  const restWhole = rest.length > 0 && holdsWholeReport(restIndex, mappings, forced);
  if (whole.length + (restWhole ? 1 : 0) < 2) return { kind: 'one' };
  const parts = restWhole ? [] : rest.filter((s) => holdsLabels(s.index, mappings, forced));
  if (parts.length > 0) return { kind: 'unclear', whole: whole.map((s) => s.sheet.name), parts: parts.map((s) => s.sheet.name) };
  const choiceOf = (g: Grid, index: LabelIndex): SheetChoice => ({ grid: g, index, located: locate(index, mappings, forced), hidden: [] });
  // In workbook order: the other sheets' report where its first sheet is.
  const reports = [
    ...whole.map((s) => ({ first: grid.sheets.indexOf(s.sheet), choice: choiceOf({ ...grid, sheets: [s.sheet] }, s.index) })),
    ...(restWhole ? [{ first: grid.sheets.indexOf(rest[0].sheet), choice: choiceOf(restGrid, restIndex) }] : []),
  ].sort((a, b) => a.first - b.first);
  return { kind: 'several', reports: reports.map((r) => r.choice) };
}

/**
 * Whether labels hold a whole report: a mapping reaches its threshold and finds a row of every
 * one of its tables (三 alone holds most of a mapping's labels, but is not a report).
 */
function holdsWholeReport(index: LabelIndex, mappings: readonly Mapping[], forced?: string): boolean {
  const candidates = forced ? mappings.filter((m) => m.name === forced) : mappings;
  return candidates.some((m) => scoreMapping(index, m).score >= m.threshold
    && m.tables.every((table) => rowRules(table).some((row) => row.labels.some((label) => index.has(labelKey(label))))));
}

/** Whether a sheet holds labels of a report's tables at all (a part of one): some mapping finds a tenth of its anchors there. */
function holdsLabels(index: LabelIndex, mappings: readonly Mapping[], forced?: string): boolean {
  const candidates = forced ? mappings.filter((m) => m.name === forced) : mappings;
  return candidates.some((m) => scoreMapping(index, m).score >= 0.1);
}
