/**
 * Writes submissions the way departments type the national template into a spreadsheet.
 * The samples script and the tests share it, so every fixture is a real workbook written
 * with the same SheetJS the pipeline reads with.
 */
import * as XLSX from 'xlsx';
import { APPLICANT_PARTS, TEMPLATE, type Edition, type TableModel } from '../src/model/template';

/** What a cell holds: text, a number, nothing, or a SheetJS cell object (a formula, say). */
export type CellInput = string | number | null | XLSX.CellObject;

/** What to type in a field's cell, by dotted path; fields not given are typed as 0. */
export type Typed = Record<string, CellInput>;

export interface Layout {
  /** 3: the official three label columns with merged cells; 1: one column, parent rows on their own row. */
  labelColumns: 1 | 3;
  /** One sheet for everything, or one sheet per part (二, 三, 四) in the given order. */
  sheets: 'one' | Array<'proactive' | 'applications' | 'reviewLitigation'>;
  /** Applicant columns of 三 in this order (keys of APPLICANT_PARTS and 'total'). */
  applicantOrder?: string[];
  /** Blank rows and columns before each table. */
  offset?: { rows: number; columns: number };
  /** Replaces a label as typed: template label → variant. */
  labels?: Record<string, string>;
  /** Rows added inside 二 (一): label → typed values of its three columns. */
  extraRows?: Record<string, Array<string | number>>;
  /**
   * In one label column: typed before a label once per level of nesting (departments indent
   * sub-items with spaces, "　　1.属于国家秘密" under "(三)不予公开").
   */
  indent?: string;
  /**
   * A line giving 二's unit of money ("金额单位：万元"): on a row of its own under 二's caption,
   * or at the right end of the row above the header of the group that holds money.
   */
  unitLine?: { text: string; under: 'caption' | 'header' };
}

export const OFFICIAL: Layout = { labelColumns: 3, sheets: 'one' };

export interface Submission {
  title: string | null;
  /** A line typed under the title, such as 填报单位：… 填报日期：…. */
  byline?: string;
  edition: Edition;
  values: Typed;
  layout?: Layout;
}

class SheetBuilder {
  rows: CellInput[][] = [];
  merges: XLSX.Range[] = [];
  constructor(readonly left: number) {}
  get r(): number {
    return this.rows.length;
  }
  row(cells: CellInput[]): number {
    this.rows.push([...Array(this.left).fill(null), ...cells]);
    return this.rows.length - 1;
  }
  blank(n: number): void {
    for (let i = 0; i < n; i++) this.rows.push([]);
  }
  merge(r1: number, c1: number, r2: number, c2: number): void {
    if (r1 !== r2 || c1 !== c2) this.merges.push({ s: { r: r1, c: c1 + this.left }, e: { r: r2, c: c2 + this.left } });
  }
  toSheet(): XLSX.WorkSheet {
    const ws = XLSX.utils.aoa_to_sheet(this.rows);
    ws['!merges'] = this.merges;
    return ws;
  }
}

const typed = (values: Typed, path: string): CellInput => (path in values ? values[path] : 0);

function label(layout: Layout, text: string): string {
  return layout.labels?.[text] ?? text;
}

function writeProactive(b: SheetBuilder, edition: Edition, values: Typed, layout: Layout): void {
  b.row([label(layout, '二、主动公开政府信息情况')]);
  if (layout.unitLine?.under === 'caption') b.row([layout.unitLine.text]);
  for (const table of TEMPLATE[edition].filter((t) => t.section === 'proactive')) {
    const group = table.title.split(' ')[1];
    const r = b.row([group]);
    b.merge(r, 0, r, table.columns.length);
    if (layout.unitLine?.under === 'header' && table.columns.some((c) => c.kind === 'money')) {
      b.row([...Array(table.columns.length).fill(null), layout.unitLine.text]);
    }
    b.row(['信息内容', ...table.columns.map((c) => label(layout, c.label))]);
    for (const row of table.rows) {
      b.row([label(layout, row.label), ...table.columns.map((c) => typed(values, `proactive.${row.key}.${c.key}`))]);
      if (table.id === 'p1' && row.key === 'normativeDocs') {
        for (const [text, cells] of Object.entries(layout.extraRows ?? {})) b.row([text, ...cells]);
      }
    }
  }
}

function writeApplications(b: SheetBuilder, table: TableModel, values: Typed, layout: Layout): void {
  const order = layout.applicantOrder ?? [...APPLICANT_PARTS.map((c) => c.key), 'total'];
  const columns = order.map((key) => table.columns.find((c) => c.key === key)!);
  const L = layout.labelColumns;
  b.row([label(layout, '三、收到和处理政府信息公开申请情况')]);
  const top = b.r;
  const pad = (cells: Array<string | null>) => [...Array(L).fill(null), ...cells];
  b.row([...(L === 3 ? ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', null, null] : ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）']), '申请人情况']);
  b.merge(top, L, top, L + columns.length - 1);
  // Row 2: 自然人 / 法人或其他组织 / 总计 over row 3's five 法人 columns, merged as the template does.
  b.row(pad(columns.map((c) => (APPLICANT_PARTS.slice(1).includes(c) ? label(layout, '法人或其他组织') : label(layout, c.label)))));
  b.row(pad(columns.map((c) => label(layout, c.label))));
  b.merge(top, 0, top + 2, L - 1);
  columns.forEach((c, i) => {
    if (!APPLICANT_PARTS.slice(1).includes(c)) b.merge(top + 1, L + i, top + 2, L + i);
  });
  const rowValues = (key: string) => columns.map((c) => typed(values, `applications.${key}.${c.key}`));
  // Parent rows (三、本年度办理结果, (三)不予公开, …) come from the model's "parent child" labels.
  let parents: string[] = [];
  const starts = new Map<string, number>();
  for (const row of table.rows) {
    const parts = row.label.split(' ');
    const isResult = row.key.startsWith('results.');
    const chain = [...(isResult ? ['三、本年度办理结果'] : []), ...parts];
    if (L === 1) {
      const indented = (text: string, depth: number) => (layout.indent ?? '').repeat(depth) + label(layout, text);
      chain.slice(0, -1).forEach((p, depth) => {
        if (parents[depth] !== p) b.row([indented(p, depth)]);
      });
      parents = chain.slice(0, -1);
      b.row([indented(chain[chain.length - 1], chain.length - 1), ...rowValues(row.key)]);
      continue;
    }
    const r = b.row([...padChain(chain.map((p) => label(layout, p))), ...rowValues(row.key)]);
    chain.slice(0, -1).forEach((p, depth) => {
      const key = `${depth}:${p}`;
      if (!starts.has(key)) starts.set(key, r);
      b.merges = b.merges.filter((m) => !(m.s.r === starts.get(key) && m.s.c === depth + b.left));
      b.merge(starts.get(key)!, depth, r, depth);
    });
    b.merge(r, chain.length - 1, r, 2);
  }
}

/** In three label columns a label runs to the last label column (merged across). */
function padChain(chain: string[]): Array<string | null> {
  const cells: Array<string | null> = [...chain];
  while (cells.length < 3) cells.push(null);
  return cells;
}

function writeReviewLitigation(b: SheetBuilder, table: TableModel, values: Typed, layout: Layout): void {
  b.row([label(layout, '四、政府信息公开行政复议、行政诉讼情况')]);
  const top = b.r;
  const cols = table.columns.map((c) => label(layout, c.label));
  const n = cols.length;
  b.row([label(layout, '行政复议'), ...Array(n - 1).fill(null), label(layout, '行政诉讼')]);
  b.row([...cols, label(layout, '未经复议直接起诉'), ...Array(n - 1).fill(null), label(layout, '复议后起诉')]);
  b.row([...cols, ...cols, ...cols]);
  b.merge(top, 0, top, n - 1);
  b.merge(top, n, top, 3 * n - 1);
  cols.forEach((_, i) => b.merge(top + 1, i, top + 2, i));
  b.merge(top + 1, n, top + 1, 2 * n - 1);
  b.merge(top + 1, 2 * n, top + 1, 3 * n - 1);
  b.row(table.rows.flatMap((row) => table.columns.map((c) => typed(values, `reviewLitigation.${row.key}.${c.key}`))));
}

export function buildWorkbook(submission: Submission): XLSX.WorkBook {
  const layout = submission.layout ?? OFFICIAL;
  const model = TEMPLATE[submission.edition];
  const offset = layout.offset ?? { rows: 0, columns: 0 };
  const parts = layout.sheets === 'one' ? [['proactive', 'applications', 'reviewLitigation'] as const] : layout.sheets.map((p) => [p] as const);
  const wb = XLSX.utils.book_new();
  const sheetNames: Record<string, string> = { proactive: '主动公开情况', applications: '依申请公开情况', reviewLitigation: '复议诉讼情况' };
  parts.forEach((sectionList, i) => {
    const b = new SheetBuilder(offset.columns);
    if (i === 0 && submission.title) {
      b.row([submission.title]);
      b.merge(0, 0, 0, 8);
    }
    if (i === 0 && submission.byline) b.row([submission.byline]);
    for (const section of sectionList) {
      b.blank(offset.rows);
      if (section === 'proactive') writeProactive(b, submission.edition, submission.values, layout);
      if (section === 'applications') writeApplications(b, model.find((t) => t.id === 'applications')!, submission.values, layout);
      if (section === 'reviewLitigation') writeReviewLitigation(b, model.find((t) => t.id === 'reviewLitigation')!, submission.values, layout);
    }
    XLSX.utils.book_append_sheet(wb, b.toSheet(), layout.sheets === 'one' ? '年报' : sheetNames[sectionList[0]]);
  });
  return wb;
}

/** The seed report: 枣庄市市中区综合行政执法局's 2021 report, written in the 2019 edition. */
export const SEED: Submission = {
  title: '枣庄市市中区综合行政执法局2021年政府信息公开工作年度报告',
  edition: '2019',
  values: {
    'proactive.normativeDocs.made': 1,
    'proactive.normativeDocs.published': 1,
    'proactive.normativeDocs.totalPublished': 1,
    'proactive.licensing.previousItems': 2,
    'proactive.licensing.change': '减1',
    'proactive.otherServices.change': 7,
    'proactive.penalties.previousItems': 34,
    'proactive.penalties.change': 57,
    'proactive.penalties.decisions': 34,
    'proactive.procurement.projects': 1,
    'proactive.procurement.amountYuan': '75万元',
  },
};

export function writeWorkbook(submission: Submission, file: string, bookType: XLSX.BookType = 'xlsx'): void {
  XLSX.writeFile(buildWorkbook(submission), file, { bookType });
}

/** A sheet of a workbook put together from several: its name, what it holds, and whether it is hidden. */
export interface SheetPart {
  name: string;
  /** A report (its first sheet is taken), or rows of text such as a 填报说明. */
  content: Submission | CellInput[][];
  hidden?: boolean;
}

/**
 * One workbook of several sheets, some hidden, as departments send them: last year's report
 * kept on a hidden sheet beside this year's, or the tables hidden behind a cover sheet.
 */
export function buildCombined(parts: SheetPart[]): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  for (const part of parts) {
    const ws = Array.isArray(part.content)
      ? XLSX.utils.aoa_to_sheet(part.content)
      : (() => {
          const single = buildWorkbook(part.content);
          return single.Sheets[single.SheetNames[0]];
        })();
    XLSX.utils.book_append_sheet(wb, ws, part.name);
  }
  // Hidden: 1 is "hidden" (Format ▸ Sheet ▸ Hide), 0 visible.
  wb.Workbook = { Sheets: parts.map((part) => ({ Hidden: part.hidden ? 1 : 0 })) };
  return wb;
}
