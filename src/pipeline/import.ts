import type { Limits } from '../config';
import { extract } from '../extract';
import { identify } from '../extract/identity';
import { locateSheets, reportSheets, type Mapping, type SheetChoice } from '../locate';
import { canonicalAgency, type Agencies } from '../model/agencies';
import type { AnomalySettings } from '../model/anomaly';
import type { Finding } from '../model/finding';
import { hasErrors } from '../model/finding';
import type { Edition } from '../model/template';
import { normalize } from '../normalize';
import { hashFile, loadFile, readBytes, sha256Of, type Grid, type ReadRejection } from '../read';
import { draftOf, type Draft, type RuleId, type RuleParams } from '../model/draft';
import { reconcileFile, toFinding } from '../reconcile';
import { buildCleaned, type CleanedReport } from '../validate';

/** What one import needs besides the file: normalized once at the edge by the CLI. */
export interface ImportSettings {
  mappings: Mapping[];
  agencies: Agencies;
  /** mappings/anomaly.yaml, for the ANOMALY.* cross-file rules (the defaults when absent). */
  anomaly?: AnomalySettings;
  limits: Limits;
  /** --mapping: use this mapping whatever the scores. */
  mapping?: string;
  /** --agency / --year: the operator's word wins over the title and the file name. */
  agency?: string;
  year?: number;
  /**
   * Fault injection for tests (NIANBAO_FAULT_RULE): this rule throws, as a bug in it would,
   * to prove that nianbao's own faults are INTERNAL.error and never the department's.
   */
  faultRule?: string;
}

interface OutcomeBase {
  /** The file's name as the run knows it (relative to the inbox). */
  file: string;
  sha256: string;
  /** Canonical (agencies.yaml) when known. */
  agency: string | null;
  /** The agency's name as the department wrote it (title, 填报单位, file name or --agency). */
  agencyAsWritten: string | null;
  year: number | null;
  findings: Finding[];
  /** In a workbook of several reports, the sheets this report was read from. */
  sheets?: string[];
}

/** One report's outcome. */
export type ReportOutcome =
  | (OutcomeBase & { status: 'rejected'; rule: string; cause: string })
  | (OutcomeBase & {
      status: 'clean' | 'discrepancies';
      agency: string;
      year: number;
      edition: Edition;
      mapping: string;
      cleaned: CleanedReport;
    })
  /** nianbao itself failed on the file (INTERNAL.error): not recorded as done, retried next run. */
  | (OutcomeBase & { status: 'failed'; error: { message: string; stack: string } });

/**
 * A file's outcome: its report's, or, for a workbook of several reports, the worst of them
 * (a rejected one before one with discrepancies before a clean one) with every report under
 * `reports`, in workbook order.
 */
export type ImportOutcome = ReportOutcome & { reports?: ReportOutcome[] };

export type ImportStatus = ImportOutcome['status'];

/** Statuses from the worst: a file of several reports has the worst of theirs. */
export const WORST_FIRST = ['failed', 'rejected', 'discrepancies', 'clean'] as const satisfies readonly ImportStatus[];

/** A workbook's several reports as one outcome: the worst report's, with all of them. */
function severalReports(reports: ReportOutcome[]): ImportOutcome {
  const worst = [...reports].sort((a, b) => WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status))[0];
  return { ...worst, reports };
}

interface Identity {
  agency: string | null;
  agencyAsWritten: string | null;
  year: number | null;
}

const UNKNOWN: Identity = { agency: null, agencyAsWritten: null, year: null };

/** A finding about the whole file: no cells, nothing expected. */
export function fileProblem<R extends RuleId>(rule: R, params: RuleParams[R], more: Partial<Pick<Draft, 'sheet' | 'expected' | 'actual'>> = {}): Draft {
  return draftOf<R>({ rule, fields: [], sheet: null, cells: [], expected: null, actual: null, params, ...more });
}

export function rejected(file: string, sha256: string, draft: Draft, identity: Identity = UNKNOWN): Extract<ReportOutcome, { status: 'rejected' }> {
  const finding = toFinding(draft, { agency: identity.agency, year: identity.year, file });
  return { status: 'rejected', file, sha256, ...identity, rule: finding.rule, cause: String(finding.params.cause ?? ''), findings: [finding] };
}

/** A fault of nianbao's own code while importing `file` (never the department's). */
export function failed(file: string, sha256: string, stage: string, error: unknown, identity: Identity = UNKNOWN): Extract<ReportOutcome, { status: 'failed' }> {
  const e = error instanceof Error ? error : new Error(String(error));
  const finding = toFinding(fileProblem('INTERNAL.error', { cause: 'internal', stage }), { agency: identity.agency, year: identity.year, file });
  return { status: 'failed', file, sha256, ...identity, error: { message: e.message, stack: e.stack ?? e.message }, findings: [finding] };
}

const rejectedRead = (file: string, sha256: string, rejection: ReadRejection): ReportOutcome => {
  const { rule, cause, reason } = rejection;
  // One draft per rule of the union, so each rule's cause is checked against its own list.
  const draft = rule === 'PARSE.unreadable' ? fileProblem(rule, { cause, reason })
    : rule === 'PARSE.encrypted' ? fileProblem(rule, { cause, reason })
      : fileProblem(rule, { cause, reason });
  return rejected(file, sha256, draft);
};

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
  // Past read, the department's bytes are a grid: an exception from here on is nianbao's own fault.
  try {
    return importWorkbook(read.grid, file, sha256, settings, importedAt);
  } catch (e) {
    return failed(file, sha256, 'import', e);
  }
}

/**
 * The report, or the several reports, of a read grid: each imported from its own sheets. A
 * workbook whose sheets can not be told apart (whole reports beside parts of tables, or two
 * sheets that are one agency-year's report) is rejected naming its sheets.
 */
function importWorkbook(read: Grid, file: string, sha256: string, settings: ImportSettings, importedAt: string): ImportOutcome {
  // Visible sheets, or hidden ones when no visible sheet holds the tables: the identity comes from the same sheets.
  const choice = locateSheets(read, settings.mappings, settings.mapping);
  const sheets = reportSheets(choice, settings.mappings, settings.mapping);
  if (sheets.kind === 'one') return importGrid(read, choice, file, sha256, settings, importedAt);
  if (sheets.kind === 'unclear') {
    return rejected(file, sha256, fileProblem('PARSE.several-reports', { cause: 'several-reports', sheets: [...sheets.whole, ...sheets.parts].join('、'), whole: sheets.whole.join('、'), parts: sheets.parts.join('、') }));
  }
  const reports = sheets.reports.map((report): ReportOutcome => ({ ...importGrid(read, report, file, sha256, settings, importedAt), sheets: report.grid.sheets.map((s) => s.name) }));
  const twice = reports.find((r, i) => r.agency !== null && r.year !== null && reports.findIndex((o) => o.agency === r.agency && o.year === r.year) !== i);
  if (twice) {
    const same = reports.filter((r) => r.agency === twice.agency && r.year === twice.year).map((r) => r.sheets!.join('+'));
    return rejected(file, sha256, fileProblem('PARSE.several-reports', { cause: 'several-reports', sheets: same.join('、'), agency: twice.agencyAsWritten ?? twice.agency!, year: twice.year! }));
  }
  return severalReports(reports);
}

/** locate → extract → normalize → validate → reconcile over the sheets of one report. */
function importGrid(read: Grid, choice: SheetChoice, file: string, sha256: string, settings: ImportSettings, importedAt: string): ReportOutcome {
  const { grid, index, located } = choice;
  const found = identify(grid, file, { agency: settings.agency, year: settings.year });
  const identity: Identity = { agency: found.agency && canonicalAgency(settings.agencies, found.agency), agencyAsWritten: found.agency, year: found.year };

  const truncated = read.sheets.filter((s) => s.truncated).map((s) => s.name);
  if (truncated.length > 0) {
    const reason = `工作表“${truncated.join('、')}”超过 ${settings.limits.maxRows} 行`;
    return rejected(file, sha256, fileProblem('PARSE.too-large', { cause: 'rows', reason }, { sheet: truncated[0] }), identity);
  }

  if (!located.ok) {
    const closest = located.closest;
    const params: RuleParams['PARSE.no-mapping'] = { cause: 'no-mapping', ...(closest ? { closest: closest.mapping.name, found: closest.found, total: closest.total, missing: closest.missing.slice(0, 12).join('、') } : {}) };
    const counts = closest ? { expected: `${closest.total}`, actual: `${closest.found}` } : {};
    return rejected(file, sha256, fileProblem('PARSE.no-mapping', params, counts), identity);
  }
  if (!identity.agency || !identity.year) {
    const missing = [identity.agency ? '' : '机关名称', identity.year ? '' : '年度'].filter(Boolean).join('和');
    return rejected(file, sha256, fileProblem('PARSE.identity', { cause: 'identity', missing }), identity);
  }
  const place = { agency: identity.agency, year: identity.year, file };
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
  // The stages' findings name the mapping and edition they were read with; a table's or row's PARSE finding has its rule as cause.
  const stageFindings = [...extraction.problems, ...normalized.problems].map((d) =>
    toFinding(d, place, { edition: mapping.edition, mapping: mapping.name, ...(d.rule.startsWith('PARSE.') ? { cause: d.rule.slice('PARSE.'.length) } : {}) }));
  const findings = [...stageFindings, ...reconcileFile(report, settings.faultRule).map((d) => toFinding(d, place))];
  return {
    status: hasErrors(findings) ? 'discrepancies' : 'clean',
    file,
    sha256,
    ...identity,
    agency: identity.agency,
    year: identity.year,
    edition: mapping.edition,
    mapping: mapping.name,
    cleaned,
    findings,
  };
}
