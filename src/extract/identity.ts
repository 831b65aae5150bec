import path from 'node:path';
import { isReportYear } from '../model/report';
import type { Grid } from '../read/grid';

/** Who filed a report and for which year: from its title, else its file name, else the operator's flags. */
export interface Identity {
  agency: string | null;
  year: number | null;
}

// Titles are matched on compacted text (no whitespace, ASCII digits) that keeps every other
// character as written, so the agency comes out as the department typed it, full-width
// brackets included: 枣庄市市中区人民政府办公室（区政府研究室）.
const REPORT = '政府信息公开(?:工作)?年度?报告';
const TITLE_AGENCY_FIRST = new RegExp(`^(.+?)(\\d{4})年度?${REPORT}`);
const TITLE_YEAR_FIRST = new RegExp(`^(\\d{4})年度?(.+?)${REPORT}`);
/** …政府信息公开工作年度报告（2022年度）: the year in brackets after the name. */
const TITLE_YEAR_AFTER = new RegExp(`^(.*?)${REPORT}[(（［\\[](\\d{4})年?度?[)）］\\]]`);
/** 2022年政府信息公开工作年度报告: the year alone, the agency on a 填报单位 line. */
const TITLE_YEAR_ONLY = new RegExp(`^(\\d{4})年度?${REPORT}`);
/** 枣庄市市中区民政局政府信息公开工作年度报告: the agency alone, or with a year that can not be read. */
const TITLE_AGENCY_ONLY = new RegExp(`^(.+?)${REPORT}`);
/** What is left of an unreadable year at the end of a name: "××年", "20__年度". */
const YEAR_LEFTOVER = /[\dXx×＊*_\-－—〇零○一二三四五六七八九十]*年度?$/;
/** 填报单位：枣庄市市中区人民政府办公室（区政府研究室）　填报日期：2023年1月16日 */
const FILLER = /^填报单位(?:[(（]盖章[)）])?[:：]?(.*)$/;
/** A 填报单位 line goes on to the date, the contact, the head of the unit: none of them is the name. */
const FILLER_END = /(?:填报日期|填报时间|日期|联系人|联系电话|负责人|审核人|填表人)[:：]?.*$/;
// The name is compacted first (no whitespace), so "民政局 2022" arrives as "民政局2022": the separator is optional.
const FILE_AGENCY_YEAR = /^(.+?)[_\-－—]*(\d{4})(?:年度?)?$/;
const FILE_YEAR_AGENCY = /^(\d{4})年度?(.+?)(?:政府信息公开.*|年报.*)?$/;
/** A title sits in the first rows of a sheet. */
const TITLE_ROWS = 5;

/** 二〇二二, 二零二零, 二○二一 (and the Latin O typed for 〇): the digits of a year written in Chinese numerals. */
const HAN_DIGITS: Record<string, string> = {
  〇: '0', 零: '0', '○': '0', O: '0', Ｏ: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};
const HAN_YEAR = /[〇零○OＯ一二三四五六七八九]{4}(?=年)/g;

/**
 * Whitespace out, full-width digits and a year in Chinese numerals to ASCII digits, and a
 * leading 附件1： off; nothing else changes, so names keep the width they were typed in.
 */
const compact = (text: string): string =>
  text
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(HAN_YEAR, (year) => [...year].map((ch) => HAN_DIGITS[ch]).join(''))
    .replace(/^附件\d*[:：]?/, '');

/** A sentence is no name: the report's opening paragraph may end in the same words as a title. */
const NOT_A_NAME = /[，。；;、《》“”"]/;
const MAX_NAME = 40;

/** A name as typed, or null when nothing of it is left once a trailing unreadable year is off, or it reads as a sentence. */
function agencyName(text: string): string | null {
  const name = text.replace(YEAR_LEFTOVER, '');
  return name === '' || name.length > MAX_NAME || NOT_A_NAME.test(name) ? null : name;
}

function fromTitle(text: string): Identity | null {
  const t = compact(text);
  let m = TITLE_AGENCY_FIRST.exec(t);
  if (m) return { agency: m[1], year: Number(m[2]) };
  m = TITLE_YEAR_FIRST.exec(t);
  if (m) return { agency: m[2], year: Number(m[1]) };
  m = TITLE_YEAR_AFTER.exec(t);
  if (m) return { agency: agencyName(m[1]), year: Number(m[2]) };
  m = TITLE_YEAR_ONLY.exec(t);
  if (m) return { agency: null, year: Number(m[1]) };
  m = TITLE_AGENCY_ONLY.exec(t);
  if (m && agencyName(m[1])) return { agency: agencyName(m[1]), year: null };
  return null;
}

/** The agency a 填报单位 line names, in its own cell ("填报单位：…") or the next one of its row. */
function fromFiller(cells: string[], i: number): string | null {
  const m = FILLER.exec(compact(cells[i]));
  if (!m) return null;
  const rest = m[1] || (cells.slice(i + 1).find((text) => text.trim() !== '') ?? '');
  return agencyName(compact(rest).replace(FILLER_END, '').replace(/^[:：]/, ''));
}

function fromFileName(file: string): Identity | null {
  const base = compact(path.basename(file, path.extname(file)));
  const title = fromTitle(base);
  if (title?.agency && title.year) return title;
  let m = FILE_AGENCY_YEAR.exec(base);
  if (m) return { agency: title?.agency ?? m[1], year: Number(m[2]) };
  m = FILE_YEAR_AGENCY.exec(base);
  if (m && m[2]) return { agency: title?.agency ?? m[2], year: Number(m[1]) };
  return title;
}

/** A sheet named for its year: 2021, 2021年, 2021年度, 2021年报 (a workbook keeping a report per year). */
const SHEET_YEAR = /^(\d{4})年?度?(?:年报|报告)?$/;

function fromSheetName(name: string): Identity | null {
  const m = SHEET_YEAR.exec(compact(name));
  return m ? { agency: null, year: Number(m[1]) } : null;
}

/** A heading row that is no agency's name: 附表, 表一, 第一部分. */
const NOT_AN_AGENCY = /^(?:附表|表[一二三四\d]|第[一二三四\d]+[部分章])/;

/**
 * A title over two rows: the agency on one and "2022年政府信息公开工作年度报告" on the next
 * (or "2022年度" over "…局政府信息公开工作年度报告"), read as one line; the upper row must be
 * a name on its own, not a sentence or a heading.
 */
function fromTwoRows(upper: string, lower: string): Identity | null {
  if (fromTitle(upper) || NOT_AN_AGENCY.test(compact(upper))) return null;
  const title = fromTitle(`${upper}${lower}`);
  return title && { agency: title.agency && agencyName(title.agency), year: title.year };
}

/**
 * The title's agency and year, from the first rows of each sheet and the sheet names, in
 * workbook order: each part from the first place that gives it (a title may name the year
 * alone and a 填报单位 line the agency). A 填报日期 is never read as the year.
 */
function titleOf(grid: Grid): Identity {
  const found: Identity = { agency: null, year: null };
  const take = (part: Identity | null): boolean => {
    if (part?.agency && !found.agency) found.agency = part.agency;
    if (part?.year && isReportYear(part.year) && !found.year) found.year = part.year;
    return !!found.agency && !!found.year;
  };
  for (const sheet of grid.sheets) {
    let above: string | null = null;
    for (const row of sheet.rows.slice(0, TITLE_ROWS)) {
      // Array.from, not map: a dense row has holes where cells are empty, and map keeps them.
      const cells = Array.from(row ?? [], (cell) => (cell && typeof cell.value === 'string' && !cell.mergedFrom ? cell.text : ''));
      for (let i = 0; i < cells.length; i++) {
        if (cells[i] === '') continue;
        const filler = fromFiller(cells, i);
        if (take(filler !== null ? { agency: filler, year: null } : fromTitle(cells[i]))) return found;
      }
      const line = cells.filter((text) => text !== '');
      if (line.length === 1 && above !== null && take(fromTwoRows(above, line[0]))) return found;
      above = line.length === 1 ? line[0] : null;
    }
    if (take(fromTitle(sheet.name) ?? fromSheetName(sheet.name))) return found;
  }
  return found;
}

/**
 * The operator's --agency/--year win, since they are given to correct a file; then the
 * title; then the file name. Each part is taken from the first source that has it, so a
 * title that names the agency but not a readable year keeps its agency, and the year comes
 * from the file name (whose shorter name is not used).
 */
export function identify(grid: Grid, file: string, given: Partial<Identity>): Identity {
  const sources = [given, titleOf(grid), fromFileName(file)];
  return {
    agency: sources.map((s) => s?.agency).find((a): a is string => !!a) ?? null,
    year: sources.map((s) => s?.year).find((y): y is number => typeof y === 'number' && isReportYear(y)) ?? null,
  };
}
