import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cellRef } from '../../../src/reconcile/messages';
import { FILL, LIST_COLUMNS, LIST_HEADER_ROWS, LIST_SHEET, feedbackWorkbook } from '../../../src/views/feedback/workbook';
import { stated } from '../finding-fixture';

const INBOX = path.join(__dirname, '../../../samples/inbox');
const sample = (prefix: string) => {
  const name = fs.readdirSync(INBOX).find((f) => f.startsWith(prefix))!;
  return { file: name, bytes: fs.readFileSync(path.join(INBOX, name)) };
};

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

const fillOf = (cell: ExcelJS.Cell): string | undefined =>
  cell.fill && cell.fill.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
const noteOf = (cell: ExcelJS.Cell): string =>
  typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');

/** T4.group-total on 年报!E52 (总计) and its parts, as the pipeline reports the sample. */
const groupTotal = stated({
  rule: 'T4.group-total', agency: '枣庄市市中区交通运输局', year: 2020,
  fields: ['reviewLitigation.reconsideration.total', 'reviewLitigation.reconsideration.upheld'],
  sheet: '年报', cells: ['E52', 'A52', 'B52', 'C52', 'D52'], expected: 2, actual: 1, difference: -1,
  params: { edition: '2019', row: 'reviewLitigation.reconsideration' },
});
const superseded = stated({ rule: 'T0.edition-superseded', severity: 'warning', year: 2020, params: { year: 2020 } });

describe('feedback workbook', () => {
  it('is the department\'s own .xlsx with each open finding\'s cells filled and commented, and 问题清单 first', async () => {
    const { file, bytes } = sample('T4.group-total_');
    const original = await readBack(bytes);
    const warning = stated({ ...groupTotal, rule: 'T4.litigation-vs-reconsideration', severity: 'warning', cells: ['E52', 'E54'], fields: ['reviewLitigation.litigationAfterReconsideration.total'], params: { edition: '2019' }, expected: 0, actual: 1, difference: 1 });
    const out = await readBack(await feedbackWorkbook({
      agency: '枣庄市市中区交通运输局', year: 2020, edition: '2019', file, original: bytes,
      findings: [warning, groupTotal, superseded], date: '2026-02-03',
    }));

    expect(out.worksheets.map((s) => s.name)).toEqual([LIST_SHEET, ...original.worksheets.map((s) => s.name)]);
    const sheet = out.getWorksheet('年报')!;
    // The department's figures are untouched.
    expect(sheet.getCell('E52').value).toEqual(original.getWorksheet('年报')!.getCell('E52').value);
    // E52 is in an error and a warning: red, both messages.
    expect(fillOf(sheet.getCell('E52'))).toBe(FILL.error);
    expect(noteOf(sheet.getCell('E52'))).toMatch(/^【错误】.*行政复议.*总计\(年报!E52\)应等于.*\n【警告】/s);
    expect(fillOf(sheet.getCell('B52'))).toBe(FILL.error);
    expect(fillOf(sheet.getCell('E54'))).toBe(FILL.warning);
    expect(noteOf(sheet.getCell('E54'))).toMatch(/^【警告】/);
    expect(fillOf(sheet.getCell('F52'))).toBeUndefined();
    expect(sheet.getCell('F52').note).toBeUndefined();

    const list = out.getWorksheet(LIST_SHEET)!;
    expect(String(list.getCell('A1').value)).toBe('枣庄市市中区交通运输局 2020 年政府信息公开工作年度报告 问题清单');
    expect(String(list.getCell('A2').value)).toBe(`报送文件：${file}`);
    expect(String(list.getCell('A3').value)).toMatch(/^生成日期：2026-02-03　错误 1 项，警告 2 项/);
    expect(list.getRow(LIST_HEADER_ROWS + 1).values).toEqual([undefined, ...LIST_COLUMNS]);
    // Errors first; every open finding listed.
    const row = (i: number) => list.getRow(LIST_HEADER_ROWS + 2 + i);
    expect([0, 1, 2].map((i) => row(i).getCell(1).value)).toEqual(['错误', '警告', '警告']);
    expect(row(0).getCell(2).value).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(row(0).getCell(3).value).toEqual({ text: '年报!E52 等 5 格', hyperlink: "#'年报'!E52" });
    expect(row(0).getCell(4).value).toMatch(/行政复议 行：总计\(年报!E52\)/);
    expect([row(0).getCell(5).value, row(0).getCell(6).value, row(0).getCell(7).value]).toEqual([2, 1, -1]);
    expect(row(2).getCell(2).value).toBe('整份报告');
    expect(row(2).getCell(3).value).toBeNull();
    expect(row(2).getCell(4).value).toMatch(/应使用 2021 版模板/);
  });

  it('converts .xls, .ods, .xlsb, .et, HTML tables, XML Spreadsheet and text files (GBK CSV, UTF-16 .txt, .tsv) to .xlsx first, finding the sheet the reader named', async () => {
    // A text file has no sheets (its findings name none): the copy's one sheet is named after the file.
    const cases: Array<{ prefix: string; sheet: string | null; copy?: string; cell: string }> = [
      { prefix: 'T3.row-total_', sheet: '依申请公开情况', cell: 'H6' },
      { prefix: 'T3.results-total_', sheet: '年报', cell: 'D44' },
      { prefix: 'T3.balance_', sheet: null, copy: 'T3.balance_枣庄市市中区卫生健康局2022年政府信息公开工作年度报告', cell: 'B21' },
      { prefix: 'format-xlsb_', sheet: '年报', cell: 'B21' },
      { prefix: 'format-et_', sheet: '年报', cell: 'B21' },
      { prefix: 'format-txt-unicode_', sheet: null, copy: 'format-txt-unicode_枣庄市市中区中心街街道办事处2022年政府信息公开工作年度报告', cell: 'B21' },
      // An HTML table in GBK (an OA system's 导出Excel), decoded by its declared charset: SheetJS names its one table Sheet1.
      { prefix: 'format-html-gbk_', sheet: 'Sheet1', cell: 'B21' },
      { prefix: 'format-xml-spreadsheet_', sheet: '年报', cell: 'B21' },
      { prefix: 'format-tsv_', sheet: null, copy: 'format-tsv_枣庄市市中区西王庄镇人民政府2022年政府信息公开工作年度报告', cell: 'B21' },
    ];
    for (const c of cases) {
      const { file, bytes } = sample(c.prefix);
      const finding = stated({ rule: 'T3.row-total', sheet: c.sheet, cells: [c.cell], fields: ['applications.received.total'], expected: 4, actual: 5, difference: 1, params: { edition: '2021', row: 'applications.received' } });
      const out = await readBack(await feedbackWorkbook({ agency: '某局', year: 2022, edition: '2021', file, original: bytes, findings: [finding], date: '2026-02-03' }));
      expect(out.worksheets[0].name).toBe(LIST_SHEET);
      // A CSV's sheet is named after the file, cut to Excel's 31 characters.
      const name = (c.copy ?? c.sheet!).slice(0, 31);
      const cell = out.getWorksheet(name)!.getCell(c.cell);
      expect(fillOf(cell)).toBe(FILL.error);
      expect(noteOf(cell)).toContain('【错误】');
      expect(out.getWorksheet(LIST_SHEET)!.getCell(`C${LIST_HEADER_ROWS + 2}`).value).toEqual({ text: cellRef(name, c.cell), hyperlink: `#'${name}'!${c.cell}` });
      // Text files' figures are numbers in the copy, split on their own delimiter.
      let numbers = 0;
      out.getWorksheet(name)!.eachRow((row) => row.eachCell((v) => (numbers += typeof v.value === 'number' ? 1 : 0)));
      expect([c.prefix, numbers > 20]).toEqual([c.prefix, true]);
      // Labels read as the department typed them, whatever the encoding.
      let labels = '';
      out.getWorksheet(name)!.eachRow((row) => row.eachCell((v) => (labels += typeof v.value === 'string' ? v.value : '')));
      expect([c.prefix, labels.includes('本年新收政府信息公开申请数量')]).toEqual([c.prefix, true]);
    }
  });

  it('is the list alone when the original can not be opened', async () => {
    const { file, bytes } = sample('PARSE.unreadable_');
    const finding = stated({ rule: 'PARSE.unreadable', params: { reason: '工作簿已损坏' } });
    const out = await readBack(await feedbackWorkbook({ agency: '枣庄市市中区科学技术局', year: 2022, edition: null, file, original: bytes, findings: [finding], date: '2026-02-03' }));
    expect(out.worksheets.map((s) => s.name)).toEqual([LIST_SHEET]);
    expect(String(out.getWorksheet(LIST_SHEET)!.getCell('A3').value)).toContain('原文件无法打开');
    expect(out.getWorksheet(LIST_SHEET)!.getCell(`D${LIST_HEADER_ROWS + 2}`).value).toContain('文件无法读取');
  });
});
