/**
 * The feedback workbooks as a view of the store: out/feedback/<year>/<agency>.xlsx for every
 * agency-year with open findings (open or lapsed, so an operator's decision takes a finding
 * off the department's list), and none for an agency-year that has none left.
 */
import { isOpen, type StatedFinding } from '../../model/finding';
import { OriginalLostError, type StoreView } from '../../store/api';
import { todayInDistrict } from '../roster';
import { feedbackWorkbook } from './workbook';

export { feedbackWorkbook, FILL, LIST_SHEET } from './workbook';

export interface AgencyYear {
  agency: string;
  year: number;
}

export interface FeedbackResult {
  /** Paths of the workbooks written. */
  written: string[];
  /** Agency-years whose workbook was removed: no open finding is left. */
  removed: AgencyYear[];
  /** Originals found damaged and lost (OriginalLostError's message): their workbooks list the findings without the department's tables. */
  lost: string[];
}

/**
 * Writes the feedback workbook of every agency-year with open findings (of one year, of one
 * canonical agency), and removes those of the agency-years with submissions but none open.
 */
export async function writeFeedback(store: StoreView, filter: { year?: number; agency?: string } = {}, date = todayInDistrict()): Promise<FeedbackResult> {
  const years = new Map<string, AgencyYear>();
  for (const s of store.submissions(filter)) {
    if (s.agency !== null && s.year !== null) years.set(id(s.agency, s.year), { agency: s.agency, year: s.year });
  }
  for (const f of store.findings(filter)) {
    if (f.agency !== null && f.year !== null) years.set(id(f.agency, f.year), { agency: f.agency, year: f.year });
  }
  return refreshFeedback(store, [...years.values()], date);
}

/**
 * After a run: rewrites the feedback workbook of each agency-year the run touched (imported,
 * rejected, or whose cross-file findings changed), or removes it when nothing is open.
 */
export async function refreshFeedback(store: StoreView, touched: readonly AgencyYear[], date = todayInDistrict()): Promise<FeedbackResult> {
  const result: FeedbackResult = { written: [], removed: [], lost: [] };
  const seen = new Set<string>();
  for (const { agency, year } of touched) {
    if (seen.has(id(agency, year))) continue;
    seen.add(id(agency, year));
    const findings = store.findings({ agency, year }).filter(isOpen);
    if (findings.length === 0) {
      if (store.removeDocument('feedback', year, agency, 'xlsx')) result.removed.push({ agency, year });
      continue;
    }
    const bytes = await feedbackFor(store, agency, year, findings, date, result.lost);
    result.written.push(store.publishDocument('feedback', year, agency, 'xlsx', bytes));
  }
  return result;
}

const id = (agency: string, year: number): string => JSON.stringify([agency, year]);

/** The workbook of one agency-year: on its current report's file, else on its newest submission (a rejected one). */
async function feedbackFor(store: StoreView, agency: string, year: number, findings: StatedFinding[], date: string, lost: string[]): Promise<Buffer> {
  const report = store.currentReport(agency, year);
  const latest = store.submissions({ agency, year })[0] ?? null;
  const source = report ? { sha256: report.source.sha256, file: report.source.file } : latest && { sha256: latest.sha256, file: latest.file };
  let original: Buffer | null = null;
  try {
    original = source ? store.original(source.sha256) : null;
  } catch (e) {
    if (!(e instanceof OriginalLostError)) throw e;
    lost.push(e.message);
  }
  return feedbackWorkbook({ agency, year, edition: report?.edition ?? null, file: source?.file ?? findings[0].file, original, findings, date });
}
