import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { DEFAULT_LIMITS } from '../src/config';
import { decodeText } from '../src/read/csv';
import { cellAt, loadFile, readBytes, type Grid, type ReadResult } from '../src/read';
import { SEED, writeWorkbook } from '../scripts/layouts';
import { tempDir } from './helpers/import';

const dir = tempDir();

/** A file from disk as the pipeline reads it: its bytes, then the grid. */
async function readFile(file: string): Promise<ReadResult> {
  const loaded = await loadFile(file, DEFAULT_LIMITS);
  if (!loaded.ok) return loaded;
  return readBytes(loaded.bytes, path.basename(file), DEFAULT_LIMITS);
}

function grid(result: ReadResult): Grid {
  if (!result.ok) throw new Error(`not read: ${result.rejection.rule} ${result.rejection.reason}`);
  return result.grid;
}

function rejection(result: ReadResult) {
  if (result.ok) throw new Error('read, but should have been rejected');
  return result.rejection;
}

describe('workbooks', () => {
  // The seed in the official layout: the title merged over A1:I1, 三、本年度办理结果 merged down A27:A46.
  describe.each([
    ['xlsx', 'xlsx', 'xlsx'],
    ['xls', 'biff8', 'xls'],
    ['ods', 'ods', 'ods'],
    ['et (WPS, stored as xls)', 'biff8', 'et'],
  ] as const)('%s', (_name, bookType, extension) => {
    const file = path.join(dir, `seed.${extension}`);
    beforeAll(() => writeWorkbook(SEED, file, bookType));

    it('reads every sheet into cells that know their A1 address', async () => {
      const { format, sheets } = grid(await readFile(file));
      expect(format).toBe(extension);
      expect(sheets.map((s) => s.name)).toEqual(['年报']);
      const [sheet] = sheets;
      expect(cellAt(sheet, 0, 0)).toMatchObject({ address: 'A1', text: SEED.title });
      expect(cellAt(sheet, 8, 2)).toMatchObject({ address: 'C9', value: '减1', text: '减1' });
      expect(cellAt(sheet, 12, 1)).toMatchObject({ address: 'B13', value: 34, text: '34' });
      expect(cellAt(sheet, 19, 2)).toMatchObject({ address: 'C20', text: '75万元' });
      expect(sheet.truncated).toBe(false);
    });

    it('repeats a merged label across its range, naming the top-left cell', async () => {
      const [sheet] = grid(await readFile(file)).sheets;
      expect(cellAt(sheet, 0, 0)?.mergedFrom).toBeUndefined();
      expect(cellAt(sheet, 0, 8)).toMatchObject({ address: 'I1', text: SEED.title, mergedFrom: 'A1' });
      expect(cellAt(sheet, 26, 0)).toMatchObject({ address: 'A27', text: '三、本年度办理结果' });
      expect(cellAt(sheet, 45, 0)).toMatchObject({ address: 'A46', text: '三、本年度办理结果', mergedFrom: 'A27' });
      // The cell right of a merged row label is part of the same range; the one below it is not.
      expect(cellAt(sheet, 26, 2)).toMatchObject({ address: 'C27', text: '(一)予以公开', mergedFrom: 'B27' });
      expect(cellAt(sheet, 46, 0)?.mergedFrom).toBeUndefined();
    });
  });

  it('marks a formula with no cached value as uncached, and keeps a cached one', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([
      [1, 2, { t: 'n', f: 'SUM(A1:B1)' }],
      [{ t: 'n', v: 3, f: 'A1+B1' }],
    ]), '表');
    const file = path.join(dir, 'formulas.xlsx');
    XLSX.writeFile(wb, file);
    const [sheet] = grid(await readFile(file)).sheets;
    expect(cellAt(sheet, 0, 2)).toEqual({ address: 'C1', value: null, text: '', formula: 'SUM(A1:B1)', uncached: true });
    expect(cellAt(sheet, 1, 0)).toMatchObject({ address: 'A2', value: 3, formula: 'A1+B1' });
    expect(cellAt(sheet, 1, 0)?.uncached).toBeUndefined();
  });
});

describe('CSV', () => {
  const text = '信息内容,本年新制作数量,本年新公开数量\r\n规范性文件,1,１\r\n行政许可,减1,"22（其中修订16件）"\r\n';

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
  ])('decodes %s without being told', async (_name, bytes, encoding) => {
    expect(decodeText(bytes)).toEqual({ text, encoding });
    const { format, sheets } = grid(await readBytes(bytes, '报表.csv', DEFAULT_LIMITS));
    expect(format).toBe('csv');
    expect(sheets).toHaveLength(1);
    const [sheet] = sheets;
    expect(sheet.name).toBe('报表');
    expect(cellAt(sheet, 0, 1)).toEqual({ address: 'B1', value: '本年新制作数量', text: '本年新制作数量' });
    expect(cellAt(sheet, 1, 0)).toMatchObject({ address: 'A2', text: '规范性文件' });
    expect(cellAt(sheet, 1, 2)).toMatchObject({ address: 'C2', text: '１' });
    expect(cellAt(sheet, 2, 1)).toMatchObject({ address: 'B3', text: '减1' });
    expect(cellAt(sheet, 2, 2)).toMatchObject({ address: 'C3', text: '22（其中修订16件）' });
  });

  it('reads ="12" as Excel shows it (12), and drops invisible format characters pasted from a web page', async () => {
    const typed = '规章,="12","=""3""",\u200b46,\ufeff5\u2060,1\u00ad0,\u200c\u200d\r\n';
    const [sheet] = grid(await readBytes(Buffer.from(typed, 'utf8'), '报表.csv', DEFAULT_LIMITS)).sheets;
    expect([1, 2, 3, 4, 5].map((c) => cellAt(sheet, 0, c)?.text)).toEqual(['12', '3', '46', '5', '10']);
    // A cell of nothing but invisible characters is empty.
    expect(cellAt(sheet, 0, 6)).toBeUndefined();
  });

  it('names no sheet for a text file: a text file has no sheets', async () => {
    const [sheet] = grid(await readBytes(Buffer.from(text, 'utf8'), '报表.csv', DEFAULT_LIMITS)).sheets;
    expect(sheet.text).toBe(true);
  });

  it('leaves empty fields as missing cells', async () => {
    const [sheet] = grid(await readBytes(Buffer.from('a,,c\n', 'utf8'), 'x.csv', DEFAULT_LIMITS)).sheets;
    expect(cellAt(sheet, 0, 1)).toBeUndefined();
    expect(cellAt(sheet, 0, 2)).toMatchObject({ address: 'C1', text: 'c' });
  });
});

describe('files that are not spreadsheets', () => {
  it('rejects a text file named .xlsx as unreadable', async () => {
    const file = path.join(dir, '年报.xlsx');
    fs.writeFileSync(file, '这不是电子表格，是一段文字。\n');
    expect(rejection(await readFile(file)).rule).toBe('PARSE.unreadable');
  });

  it.each(['空文件.xlsx', '空文件.csv'])('rejects an empty file (%s) as unreadable', async (name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, '');
    const { rule, reason } = rejection(await readFile(file));
    expect(rule).toBe('PARSE.unreadable');
    expect(reason).toContain('文件为空');
  });

  it('rejects a truncated workbook as unreadable', async () => {
    const file = path.join(dir, 'whole.xlsx');
    writeWorkbook(SEED, file);
    const truncated = fs.readFileSync(file).subarray(0, 2000);
    expect(rejection(await readBytes(truncated, 'cut.xlsx', DEFAULT_LIMITS)).rule).toBe('PARSE.unreadable');
  });

  it('rejects a file type it does not read', async () => {
    const { rule, reason } = rejection(await readBytes(Buffer.from('%PDF-1.7'), '年报.pdf', DEFAULT_LIMITS));
    expect(rule).toBe('PARSE.unreadable');
    expect(reason).toContain('.pdf');
  });
});

describe('forms read by content whatever the extension (issue 19)', () => {
  it('reads an HTML table named .xls in the charset its meta tag declares, rowspan and colspan as merged cells', async () => {
    const page = '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="gb2312"></head><body><table>'
      + '<tr><td colspan="2">枣庄市市中区民政局</td></tr><tr><td rowspan="2">规章</td><td>3</td></tr><tr><td>1-2</td></tr></table></body></html>';
    const { format, sheets } = grid(await readBytes(iconv.encode(page, 'gbk'), '导出.xls', DEFAULT_LIMITS));
    expect(format).toBe('html');
    expect(cellAt(sheets[0], 0, 1)).toMatchObject({ text: '枣庄市市中区民政局', mergedFrom: 'A1' });
    expect(cellAt(sheets[0], 2, 0)).toMatchObject({ text: '规章', mergedFrom: 'A2' });
    // The text the cell shows, never a date SheetJS guessed.
    expect(cellAt(sheets[0], 2, 1)).toMatchObject({ value: '1-2', text: '1-2' });
  });

  it('reads an XML Spreadsheet 2003 named .xls, and a CSV named .xls', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['规章', 5]]), '年报');
    const xml = grid(await readBytes(XLSX.write(wb, { type: 'buffer', bookType: 'xlml' }) as Buffer, '年报.xls', DEFAULT_LIMITS));
    expect([xml.format, xml.sheets[0].name, cellAt(xml.sheets[0], 0, 1)?.value]).toEqual(['xlml', '年报', 5]);
    const csv = grid(await readBytes(Buffer.from('规章,5\r\n规范性文件,3\r\n'), '年报.xls', DEFAULT_LIMITS));
    expect([csv.format, csv.sheets[0].text, cellAt(csv.sheets[0], 1, 1)?.text]).toEqual(['csv', true, '3']);
  });
});
