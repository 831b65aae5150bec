import type { Limits } from '../config';
import { extract } from '../extract';
import { identify } from '../extract/identity';
import { locateSheets, type Mapping } from '../locate';
import { canonicalAgency, type Agencies } from '../model/agencies';
import type { Finding } from '../model/finding';
import { hasErrors } from '../model/finding';
import type { Edition } from '../model/template';
import { normalize } from '../normalize';
import { hashFile, loadFile, readBytes, sha256Of, type ReadRejection } from '../read';
import { reconcileFile, toFinding, type Draft } from '../reconcile';
import { buildCleaned, type CleanedReport } from '../validate';

/** What one import needs besides the file: normalized once at the edge by the CLI. */
export interface ImportSettings {
  mappings: Mapping[];
  agencies: Agencies;
  limits: Limits;
  /** --mapping: use this mapping whatever the scores. */
  mapping?: string;
  /** --agency / --year: the operator's word wins over the title and the file name. */
  agency?: string;
  year?: number;
}

interface OutcomeBase {
  /** The file's name as the run knows it (relative to the inbox). */
  file: string;
  sha256: string;
  findings: Finding[];
}

export type ImportOutcome =
  | (OutcomeBase & { status: 'rejected'; agency: string | null; year: number | null; rule: string; reason: string })
  | (OutcomeBase & {
      status: 'clean' | 'discrepancies';
      agency: string;
      year: number;
      edition: Edition;
      mapping: string;
      cleaned: CleanedReport;
    });

export type ImportStatus = ImportOutcome['status'];

/** A finding about the whole file: no cells, nothing expected. */
export function fileProblem(rule: string, params: Record<string, string | number>, more: Partial<Draft> = {}): Draft {
  return { rule, sheet: null, cells: [], expected: null, actual: null, params, ...more };
}

export function rejected(file: string, sha256: string, draft: Draft, identity: { agency: string | null; year: number | null } = { agency: null, year: null }): ImportOutcome {
  const finding = toFinding(draft);
  return { status: 'rejected', file, sha256, ...identity, rule: finding.rule, reason: finding.message, findings: [finding] };
}

const rejectedRead = (file: string, sha256: string, rejection: ReadRejection): ImportOutcome =>
  rejected(file, sha256, fileProblem(rejection.rule, { reason: rejection.reason }));

/**
 * Imports a file from disk: `file` is the name outputs use (relative to the inbox); `sha256`,
 * when the caller has hashed the file already, is not computed again.
 */
export async function importFile(filePath: string, file: string, settings: ImportSettings, importedAt: string, sha256?: string): Promise<ImportOutcome> {
  const loaded = await loadFile(filePath, settings.limits);
  if (!loaded.ok) return rejectedRead(file, sha256 ?? (await hashFile(filePath)), loaded.rejection);
  return importBytes(loaded.bytes, file, settings, importedAt, sha256);
}

/**
 * The whole pipeline for one submission's bytes: read → locate → extract → normalize →
 * validate → reconcile. Pure but for the clock passed in; bad input is an outcome, never a throw.
 * `knownSha256` is the bytes' hash when the caller has it (the run hashes every file it reads).
 */
export async function importBytes(bytes: Buffer, file: string, settings: ImportSettings, importedAt: string, knownSha256?: string): Promise<ImportOutcome> {
  const sha256 = knownSha256 ?? sha256Of(bytes);
  const read = await readBytes(bytes, file, settings.limits);
  if (!read.ok) return rejectedRead(file, sha256, read.rejection);
  // Visible sheets, or hidden ones when no visible sheet holds the tables: the identity comes from the same sheets.
  const { grid, index, located } = locateSheets(read.grid, settings.mappings, settings.mapping);
  const found = identify(grid, file, { agency: settings.agency, year: settings.year });
  const identity = { agency: found.agency && canonicalAgency(settings.agencies, found.agency), year: found.year };

  const truncated = read.grid.sheets.filter((s) => s.truncated).map((s) => s.name);
  if (truncated.length > 0) {
    const reason = `工作表“${truncated.join('、')}”超过 ${settings.limits.maxRows} 行`;
    return rejected(file, sha256, fileProblem('PARSE.too-large', { reason }, { sheet: truncated[0] }), identity);
  }

  if (!located.ok) {
    const closest = located.closest;
    const params: Record<string, string | number> = closest ? { closest: closest.mapping.name, found: closest.found, total: closest.total, missing: closest.missing.slice(0, 12).join('、') } : {};
    const counts = closest ? { expected: `${closest.total}`, actual: `${closest.found}` } : {};
    return rejected(file, sha256, fileProblem('PARSE.no-mapping', params, counts), identity);
  }
  if (!identity.agency || !identity.year) {
    const missing = [identity.agency ? '' : '机关名称', identity.year ? '' : '年度'].filter(Boolean).join('和');
    return rejected(file, sha256, fileProblem('PARSE.identity', { missing }), identity);
  }
  const mapping = located.best.mapping;
  const extraction = extract(grid, mapping, index);
  const normalized = normalize(extraction, mapping.edition);
  const report = { agency: identity.agency, year: identity.year, edition: mapping.edition, fields: normalized.fields };
  const cleaned = buildCleaned({
    ...report,
    source: { file, sha256, mapping: mapping.name, sheets: extraction.sheets, importedAt },
    blankCells: normalized.blankCells,
    extra: extraction.extra,
  });
  const findings = [...extraction.problems, ...normalized.problems].map((d) => toFinding({ ...d, params: { edition: mapping.edition, mapping: mapping.name, ...d.params } }));
  findings.push(...reconcileFile(report));
  return {
    status: hasErrors(findings) ? 'discrepancies' : 'clean',
    file,
    sha256,
    agency: identity.agency,
    year: identity.year,
    edition: mapping.edition,
    mapping: mapping.name,
    cleaned,
    findings,
  };
}
