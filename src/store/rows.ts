/**
 * How a row of the submissions table reads: its columns, its record as the views see it,
 * and the two look-ups several rooms make (a submission by id, an agency-year's current one).
 *
 * Reads only: the submissions room (submissions.ts) is the one that writes the table.
 */
import path from 'node:path';
import type { Finding } from '../model/finding';
import type { Edition } from '../model/template';
import { renderMessage } from '../reconcile/messages';
import type { StoreContext } from './context';
import type { SubmissionRecord } from './types';

export interface SubmissionRow {
  id: number;
  sha256: string;
  file: string;
  mtime_ms: number;
  agency: string | null;
  agency_as_written: string | null;
  year: number | null;
  status: SubmissionRecord['status'];
  rule: string | null;
  cause: string | null;
  mapping: string | null;
  edition: Edition | null;
  imported_at: string;
  run_id: string;
  current: number;
  superseded_by: number | null;
  findings: string;
}

/** A submission's columns but its report; its findings only when rejected (they give the reason), so a year's list parses little. */
export const SUBMISSION_COLUMNS = "id, sha256, file, mtime_ms, agency, agency_as_written, year, status, rule, cause, mapping, edition, imported_at, run_id, current, superseded_by, CASE WHEN status = 'rejected' THEN findings ELSE '[]' END AS findings";

export const toRecord = (row: SubmissionRow): SubmissionRecord => {
  const findings = JSON.parse(row.findings) as Finding[];
  return {
    id: row.id,
    sha256: row.sha256,
    file: row.file,
    agency: row.agency,
    agencyAsWritten: row.agency_as_written,
    year: row.year,
    status: row.status,
    rule: row.rule,
    cause: row.cause,
    reason: row.status === 'rejected' && findings[0] ? renderMessage(findings[0]) : null,
    mapping: row.mapping,
    edition: row.edition,
    importedAt: row.imported_at,
    runId: row.run_id,
    current: row.current === 1,
    supersededBy: row.superseded_by,
    extension: path.extname(row.file).slice(1).toLowerCase(),
  };
};

export function submissionRow(ctx: StoreContext, id: number): SubmissionRow | undefined {
  return ctx.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`).get(id) as SubmissionRow | undefined;
}

export function currentRow(ctx: StoreContext, agency: string, year: number): SubmissionRow | undefined {
  return ctx.sql(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE agency = ? AND year = ? AND current = 1`).get(agency, year) as SubmissionRow | undefined;
}
