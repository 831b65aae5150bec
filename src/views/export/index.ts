/**
 * The exports for the warehouse as a view of the store: out/exports/[<year>/]{wide, long,
 * not-submitted, fields}.<format> (without --year, every year in one set).
 */
import type { Agencies } from '../../model/agencies';
import type { StoreView } from '../../store/api';
import { rosterFor, todayInDistrict } from '../roster';
import { render, type ExportFormat } from './render';
import { exportTables } from './tables';

export { EXPORT_FIELDS } from './fields';
export { EXPORT_FORMATS, type ExportFormat } from './render';

/** Writes the four tables and returns their paths. */
export async function writeExports(store: StoreView, agencies: Agencies, options: { year?: number; format: ExportFormat; today?: string }): Promise<string[]> {
  const { year, format } = options;
  const today = options.today ?? todayInDistrict();
  const years = year === undefined ? store.years() : [year];
  const tables = exportTables({
    reports: store.currentReports(year === undefined ? {} : { year }),
    findings: store.findings(year === undefined ? {} : { year }),
    roster: years.flatMap((y) => rosterFor(store, agencies, y, today)),
  });
  const paths: string[] = [];
  for (const table of tables) paths.push(store.publishDocument('exports', year ?? null, table.name, format, await render(table, format)));
  return paths;
}
