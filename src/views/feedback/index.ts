/**
 * The feedback workbooks as a view of the store, made when asked for (the desk's download,
 * `nianbao feedback`), never by a run: out/feedback/<year>/<agency>.xlsx for an agency-year
 * with open findings (open or lapsed, so an operator's decision takes a finding off the
 * department's list). A workbook once made is kept, and given again, until what it was made
 * from changes: it carries the digest of its source file and open findings (`madeFrom`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { isOpen, type StatedFinding } from '../../model/finding';
import { VERSION } from '../../pipeline/fingerprint';
import { OriginalLostError, type StoreView } from '../../store/api';
import { todayInDistrict } from '../roster';
import { feedbackWorkbook, KEY_PREFIX } from './workbook';

export { feedbackWorkbook, FILL, LIST_SHEET } from './workbook';

export interface AgencyYear {
  agency: string;
  year: number;
}

export interface Feedback {
  /** Where the workbook is published. */
  file: string;
  bytes: Buffer;
  /** false: the workbook already published was made from the same findings, and is given again. */
  made: boolean;
}

export interface FeedbackResult {
  /** Paths of the workbooks made now. */
  written: string[];
  /** Paths of the workbooks kept: made before from the same findings. */
  kept: string[];
  /** Agency-years whose workbook was removed: no open finding is left. */
  removed: AgencyYear[];
  /** Originals found damaged and lost (OriginalLostError's message): their workbooks list the findings without the department's tables. */
  lost: string[];
}

/** Every agency-year of a filter that has submissions or findings (one year, one canonical agency), by year then agency. */
export function feedbackAgencyYears(store: StoreView, filter: { year?: number; agency?: string } = {}): AgencyYear[] {
  const years = new Map<string, AgencyYear>();
  for (const s of store.submissions(filter)) {
    if (s.agency !== null && s.year !== null) years.set(id(s.agency, s.year), { agency: s.agency, year: s.year });
  }
  for (const f of store.findings(filter)) {
    if (f.agency !== null && f.year !== null) years.set(id(f.agency, f.year), { agency: f.agency, year: f.year });
  }
  return [...years.values()].sort((a, b) => a.year - b.year || (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0));
}

/**
 * Makes (or keeps) the feedback workbook of every agency-year of the filter with open
 * findings, and removes those of the agency-years with none open: what is sent back.
 */
export async function writeFeedback(store: StoreView, filter: { year?: number; agency?: string } = {}, date = todayInDistrict()): Promise<FeedbackResult> {
  const result: FeedbackResult = { written: [], kept: [], removed: [], lost: [] };
  for (const { agency, year } of feedbackAgencyYears(store, filter)) {
    const feedback = await feedbackFor(store, agency, year, date, result.lost);
    if (feedback) (feedback.made ? result.written : result.kept).push(feedback.file);
    else if (store.removeDocument('feedback', year, agency, 'xlsx')) result.removed.push({ agency, year });
  }
  return result;
}

/**
 * The feedback workbook of one agency-year, null when it has no open finding. The one
 * published is given again when it was made from the same source and open findings;
 * otherwise it is made on the current report's file (else the newest submission's, a
 * rejected one) and published in its place.
 */
export async function feedbackFor(store: StoreView, agency: string, year: number, date = todayInDistrict(), lost: string[] = []): Promise<Feedback | null> {
  const findings = store.findings({ agency, year }).filter(isOpen);
  if (findings.length === 0) return null;
  const report = store.currentReport(agency, year);
  const latest = store.submissions({ agency, year })[0] ?? null;
  const source = report ? { sha256: report.source.sha256, file: report.source.file } : latest && { sha256: latest.sha256, file: latest.file };
  const edition = report?.edition ?? null;
  const file = source?.file ?? findings[0].file;
  const digest = madeFrom(source?.sha256 ?? null, file, edition, findings);
  const published = store.documentPath('feedback', year, agency, 'xlsx');
  const kept = keptWorkbook(published, digest);
  if (kept) return { file: published, bytes: kept, made: false };
  let original: Buffer | null = null;
  try {
    original = source ? store.original(source.sha256) : null;
  } catch (e) {
    // A kept original cut short and not to be had again: the workbook lists the findings without the tables.
    if (!(e instanceof OriginalLostError)) throw e;
    lost.push(e.message);
  }
  const bytes = await feedbackWorkbook({ agency, year, edition, file, original, findings, date, digest });
  return { file: store.publishDocument('feedback', year, agency, 'xlsx', bytes), bytes, made: true };
}

/**
 * What a workbook is made from, as a digest: nianbao's version (its layout and wording), the
 * source file's sha256 and name, the edition, and each open finding whole with its state and
 * decision. Not the date: a workbook made yesterday from the same findings is the same.
 */
export function madeFrom(sha256: string | null, file: string, edition: string | null, findings: readonly StatedFinding[]): string {
  return crypto.createHash('sha256').update(JSON.stringify([VERSION, sha256, file, edition, findings])).digest('hex');
}

/** The published workbook's bytes when it carries `digest` (in its document properties), else null. */
function keptWorkbook(file: string, digest: string): Buffer | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    const core = unzipSync(bytes, { filter: (entry) => entry.name === 'docProps/core.xml' })['docProps/core.xml'];
    return core && strFromU8(core).includes(`${KEY_PREFIX}${digest}`) ? bytes : null;
  } catch {
    return null; // damaged or not a workbook: made again
  }
}

const id = (agency: string, year: number): string => JSON.stringify([agency, year]);
