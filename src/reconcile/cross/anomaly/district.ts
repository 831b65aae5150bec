/**
 * What the ANOMALY.* rules compare, taken out of the reports as the cross-file pass reads them
 * an agency at a time: for each field mappings/anomaly.yaml covers, each agency and year, the
 * figure and where it was read. A few numbers per agency-year, so a whole district's figures
 * stay in memory where its reports would not; each figure's comparison (its own earlier years,
 * the same year's peers) is read from them.
 */
import { canonicalAgency, type Agencies } from '../../../model/agencies';
import type { AnomalySettings } from '../../../model/anomaly';
import type { ComparisonParams } from '../../../model/draft';
import { FIELDS, type Edition } from '../../../model/template';
import type { CleanedReport } from '../../../validate';
import { byAgencyYear, cellsAt, valueAt, type CellsAt } from '../context';

/** One covered field of one agency-year. */
export interface Figure {
  agency: string;
  year: number;
  path: string;
  value: number;
  edition: Edition;
  file: string;
  at: CellsAt | null;
}

/** The figures of the covered fields of some agencies' reports (one agency's years, as reconcileByGroup hands them). */
export function figuresOf(reports: readonly CleanedReport[], agencies: Agencies, settings: AnomalySettings): Figure[] {
  const figures: Figure[] = [];
  const index = byAgencyYear({ reports, agencies, submissions: [] });
  for (const [agency, years] of index) {
    for (const [year, report] of years) {
      for (const path of Object.keys(settings.fields)) {
        const value = valueAt(report, path);
        if (value === null) continue;
        figures.push({ agency, year, path, value, edition: report.edition, file: report.source.file, at: cellsAt(report, [path]) });
      }
    }
  }
  return figures;
}

/**
 * The same year's positive figures of one field over the agencies reporting it (regions left
 * out: they add up their members). Zeros are left out too: an agency without the power to
 * license or fine reports 0 every year, and half a district of zeros would make any figure
 * look far out; the size of a figure is judged among those who have one.
 */
export interface PeerStats {
  count: number;
  median: number;
  /** The lower and upper quantiles (1 - `quantile` and `quantile`: half lie between them at 0.75). */
  low: number;
  high: number;
  /** Above this (high × factor) a figure is far outside. */
  limit: number;
}

/** Another year's figure of the same agency and field. */
export interface Earlier {
  year: number;
  value: number;
}

/** What one figure is compared with. */
export interface Comparison {
  figure: Figure;
  /** The agency's earlier years (at most historyYears of them, looking back from the figure's), latest first. */
  history: Earlier[];
  /**
   * The agency's other years within historyYears either side, later ones too: an agency large
   * in every report is large in its first one as well (a store's first year has no history).
   */
  neighbours: Earlier[];
  /** null when fewer than minPeers agencies report the field that year. */
  peers: PeerStats | null;
  /** Whether the agency is a region (agencies.yaml members): never judged against peers. */
  region: boolean;
  floor: number;
  money: boolean;
}

export interface District {
  figures: readonly Figure[];
  comparisonOf(figure: Figure): Comparison;
}

const ascending = (a: number, b: number): number => a - b;
export const log1p10 = (value: number): number => Math.log10(1 + Math.max(0, value));

/** A map of maps, filled on first use. */
const within = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
};

/**
 * The district: figures by agency, field and year, and each field-year's positive figures
 * sorted. Nested maps rather than one map of joined keys: the agency's and the field's strings
 * are the figures' own, hashed once (joined keys made judging 10,000 agency-years 1.5 s).
 */
export function districtOf(figures: readonly Figure[], agencies: Agencies, settings: AnomalySettings): District {
  const byAgency = new Map<string, Map<string, Map<number, number>>>();
  const byField = new Map<string, Map<number, number[]>>();
  const regions = new Set(agencies.agencies.filter((a) => a.members?.length).map((a) => canonicalAgency(agencies, a.name)));
  for (const figure of figures) {
    within(within(byAgency, figure.agency, () => new Map()), figure.path, () => new Map()).set(figure.year, figure.value);
    if (regions.has(figure.agency) || figure.value <= 0) continue;
    within(within(byField, figure.path, () => new Map()), figure.year, () => []).push(figure.value);
  }
  for (const years of byField.values()) for (const values of years.values()) values.sort(ascending);
  return {
    figures,
    comparisonOf(figure) {
      const own = byAgency.get(figure.agency)!.get(figure.path)!;
      const history: Earlier[] = [];
      const neighbours: Earlier[] = [];
      for (let back = 1; back <= settings.historyYears; back++) {
        const earlier = own.get(figure.year - back);
        if (earlier !== undefined) history.push({ year: figure.year - back, value: earlier });
        const later = own.get(figure.year + back);
        if (later !== undefined) neighbours.push({ year: figure.year + back, value: later });
      }
      // Its own figure is taken out of the sorted values, so it never masks itself.
      const peers = statsOf(byField.get(figure.path)?.get(figure.year) ?? [], regions.has(figure.agency) ? null : figure.value, settings.peer);
      return {
        figure, history, neighbours: [...history, ...neighbours], peers, region: regions.has(figure.agency),
        floor: settings.fields[figure.path].floor, money: FIELDS[figure.edition].get(figure.path)?.column.kind === 'money',
      };
    },
  };
}

/** The statistics of the sorted positive values, without one occurrence of `own` (null: none taken out). O(log n). */
function statsOf(sorted: readonly number[], own: number | null, settings: AnomalySettings['peer']): PeerStats | null {
  const skip = own !== null && own > 0 ? lowerBound(sorted, own) : sorted.length;
  const count = skip < sorted.length ? sorted.length - 1 : sorted.length;
  if (count < settings.minPeers) return null;
  const at = (i: number): number => sorted[i < skip ? i : i + 1];
  /** The q-quantile, interpolated between neighbours (as a spreadsheet's PERCENTILE does). */
  const quantile = (q: number): number => {
    const position = (count - 1) * q;
    const below = Math.floor(position);
    const above = Math.min(below + 1, count - 1);
    return at(below) + (at(above) - at(below)) * (position - below);
  };
  const high = quantile(settings.quantile);
  return { count, median: quantile(0.5), low: quantile(1 - settings.quantile), high, limit: high * settings.factor };
}

/** The first index of sorted values holding at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Four significant digits: ratios and peers' figures as the params carry them. */
export const rounded = (n: number): number => Number(n.toPrecision(4));

/** The comparison as every ANOMALY.* finding's params carry it. */
export function comparisonParams(c: Comparison, settings: AnomalySettings['peer']): ComparisonParams {
  const [last, prior] = c.history;
  const { figure, peers } = c;
  return {
    edition: figure.edition, path: figure.path, year: figure.year, file: figure.file,
    ...(last ? { lastYear: last.year, lastValue: last.value } : {}),
    ...(prior ? { priorYear: prior.year, priorValue: prior.value } : {}),
    ...(peers ? {
      peers: peers.count, peerMedian: rounded(peers.median), peerHigh: rounded(peers.high), peerQuantile: settings.quantile, peerLimit: rounded(peers.limit),
    } : {}),
  };
}

/** The earlier year closest to the figure, on a log scale (`scale` maps a figure onto it). */
export function closest(value: number, earlier: readonly Earlier[], scale: (n: number) => number): Earlier | null {
  let best: Earlier | null = null;
  for (const e of earlier) {
    if (best === null || Math.abs(scale(value) - scale(e.value)) < Math.abs(scale(value) - scale(best.value))) best = e;
  }
  return best;
}
