import path from 'node:path';
import { isReportYear } from '../model/report';
import type { Grid } from '../read/grid';

/** Who filed a report and for which year: from its title, else its file name, else the operator's flags. */
export interface Identity {
  agency: string | null;
  year: number | null;
}

const TITLE_AGENCY_FIRST = /^(.+?)(\d{4})年度?政府信息公开(?:工作)?年度?报告/;
const TITLE_YEAR_FIRST = /^(\d{4})年度?(.+?)政府信息公开(?:工作)?年度?报告/;
// The name is compacted first (no whitespace), so "民政局 2022" arrives as "民政局2022": the separator is optional.
const FILE_AGENCY_YEAR = /^(.+?)[_\-－—]*(\d{4})(?:年度?)?$/;
const FILE_YEAR_AGENCY = /^(\d{4})年度?(.+?)(?:政府信息公开.*|年报.*)?$/;
/** A title sits in the first rows of a sheet. */
const TITLE_ROWS = 5;

const compact = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').replace(/^附件\d*[:：]?/, '');

function fromTitle(text: string): Identity | null {
  const t = compact(text);
  let m = TITLE_AGENCY_FIRST.exec(t);
  if (m) return { agency: m[1], year: Number(m[2]) };
  m = TITLE_YEAR_FIRST.exec(t);
  if (m) return { agency: m[2], year: Number(m[1]) };
  return null;
}

function fromFileName(file: string): Identity | null {
  const base = compact(path.basename(file, path.extname(file)));
  const title = fromTitle(base);
  if (title) return title;
  let m = FILE_AGENCY_YEAR.exec(base);
  if (m) return { agency: m[1], year: Number(m[2]) };
  m = FILE_YEAR_AGENCY.exec(base);
  if (m && m[2]) return { agency: m[2], year: Number(m[1]) };
  return null;
}

function titleOf(grid: Grid): Identity | null {
  for (const sheet of grid.sheets) {
    for (const row of sheet.rows.slice(0, TITLE_ROWS)) {
      for (const cell of row ?? []) {
        if (cell && typeof cell.value === 'string') {
          const found = fromTitle(cell.text);
          if (found) return found;
        }
      }
    }
    const found = fromTitle(sheet.name);
    if (found) return found;
  }
  return null;
}

/**
 * The operator's --agency/--year win, since they are given to correct a file; then the
 * title; then the file name. Each part is taken from the first source that has it.
 */
export function identify(grid: Grid, file: string, given: Partial<Identity>): Identity {
  const sources = [given, titleOf(grid), fromFileName(file)];
  return {
    agency: sources.map((s) => s?.agency).find((a): a is string => !!a) ?? null,
    year: sources.map((s) => s?.year).find((y): y is number => typeof y === 'number' && isReportYear(y)) ?? null,
  };
}
