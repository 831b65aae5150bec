/**
 * Tiny cleaned reports for the cross-file rules: every field of an edition's model is 0,
 * with overrides by dotted path, built and checked by the validate stage as the store holds them.
 */
import { createHash } from 'node:crypto';
import { NO_AGENCIES, type Agencies } from '../../../src/model/agencies';
import type { FieldValue } from '../../../src/model/report';
import { FIELDS, type Edition } from '../../../src/model/template';
import type { CrossContext, Submission } from '../../../src/reconcile/cross';
import { buildCleaned, type CleanedReport } from '../../../src/validate';

export interface CleanedOptions {
  agency?: string;
  year?: number;
  /** Defaults to `<agency>_<year>.xlsx`. */
  file?: string;
  /** Field path → value; null makes the field unknown (as after a VALUE.* error). */
  values?: Record<string, number | null>;
}

export function makeCleaned(edition: Edition, options: CleanedOptions = {}): CleanedReport {
  const agency = options.agency ?? '测试局';
  const year = options.year ?? (edition === '2019' ? 2020 : 2022);
  const file = options.file ?? `${agency}_${year}.xlsx`;
  const fields: Record<string, FieldValue> = {};
  for (const path of FIELDS[edition].keys()) fields[path] = { value: 0, sheet: null, address: null, origin: 'cell', raw: '0' };
  for (const [path, value] of Object.entries(options.values ?? {})) {
    if (!fields[path]) throw new Error(`no field ${path} in the ${edition} edition`);
    fields[path] = { ...fields[path], value, raw: value === null ? '？' : String(value) };
  }
  return buildCleaned({
    agency, year, edition, fields, blankCells: 0, extra: [],
    source: {
      file, sha256: createHash('sha256').update(file).digest('hex'), mapping: `gioa-${edition}`,
      sheets: ['年报'], importedAt: '2024-03-01T00:00:00.000Z',
    },
  });
}

export const context = (reports: CleanedReport[], agencies: Agencies = NO_AGENCIES, submissions: Submission[] = []): CrossContext => ({ reports, agencies, submissions });
