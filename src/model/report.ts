import type { Edition } from './template';

/** The years a report can be for: a 4-digit number outside them in a title is a typo, not a year. */
export const REPORT_YEARS = { first: 2000, last: 2100 } as const;

export const isReportYear = (year: number): boolean => Number.isInteger(year) && year >= REPORT_YEARS.first && year <= REPORT_YEARS.last;

/**
 * Where a field's number came from: a filled cell, a blank part counted as 0, a blank total
 * filled from its parts (its total rule is then not evaluated), or a cell that was not found.
 */
export type Origin = 'cell' | 'blank' | 'filled' | 'missing';

export interface FieldValue {
  /** null when the cell could not be read (a VALUE.* error) or was not found. */
  value: number | null;
  sheet: string | null;
  address: string | null;
  origin: Origin;
  /** The cell as typed, for messages ("减1", "75万元"). */
  raw: string;
  /** A note kept from an annotated number: "22（其中修订16件）" → "其中修订16件". */
  note?: string;
}

/** What the rules see: one report, its identity and every field by dotted path. */
export interface ReportView {
  agency: string;
  year: number;
  edition: Edition;
  fields: Record<string, FieldValue>;
}
