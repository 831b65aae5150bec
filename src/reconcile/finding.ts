/**
 * A draft placed on a report: the finding as the store keeps it, with the catalogue's
 * severity and its stable key. Its wording is messages.ts's, rendered wherever it is shown.
 */
import type { Draft } from '../model/draft';
import { findingKey, type Finding, type Params } from '../model/finding';
import { ruleInfo } from './catalogue';

/** The report a finding is on: its canonical agency and year (null while unknown), and its file. */
export interface Place {
  agency: string | null;
  year: number | null;
  file: string;
}

/**
 * A draft placed on a report: the catalogue's severity and a stable key; `context` adds the
 * params the stage knows beside the rule (the mapping and edition of a file's findings). The key's
 * discriminator tells apart findings that share rule and fields: the other year of a
 * cross-file rule, the cause (and table, label) of a whole-file PARSE finding, and the file
 * itself when the agency is unknown.
 */
export function toFinding(draft: Draft, place: Place, context: Params = {}): Finding {
  const { severity } = ruleInfo(draft.rule);
  // Typed per rule up to here; on a finding, params are plain data (an absent optional param is no key).
  const params = { ...context, ...(draft.params as Params) };
  const { rule, sheet, cells, expected, actual } = draft;
  const fields = draft.fields ?? (typeof params.path === 'string' ? [params.path] : []);
  const key = findingKey({ rule, agency: place.agency, year: place.year, fields, discriminator: discriminator(rule, params, place) });
  return { rule, severity, key, agency: place.agency, year: place.year, fields, file: place.file, sheet, cells, expected, actual, difference: difference(draft), params };
}

function discriminator(rule: string, p: Params, place: Place): string | null {
  const parts = [
    p.previousYear ?? null,
    rule.startsWith('PARSE.') || rule.startsWith('INTERNAL.') ? [p.cause ?? null, p.table ?? null, p.label ?? null, p.occurrence ?? null] : null,
    place.agency === null ? place.file : null,
  ];
  return parts.every((part) => part === null) ? null : JSON.stringify(parts);
}

/** actual - expected where both are numbers. */
export const difference = ({ expected, actual }: Pick<Finding, 'expected' | 'actual'>): number | null =>
  typeof expected === 'number' && typeof actual === 'number' ? actual - expected : null;
