/**
 * The committed samples of layouts and formats (samples/inbox, scripts/sample-set.ts): each
 * file really has the layout it is named for, and imports into the figures it was typed with.
 * test/pipeline.test.ts checks every sample's status, findings and listed figures; this file
 * checks what is particular to each layout, reading the files as committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { discover } from '../src/discover';
import { importBytes, type ImportOutcome, type ImportSettings } from '../src/pipeline/import';
import { cellAt, readBytes, supportedExtension, type Grid, type Sheet } from '../src/read';
import { decodeText, sniffDelimiter } from '../src/read/csv';
import { BUNDLED_MAPPINGS, loadMappings } from '../src/read/mappings';
import { DEFAULT_LIMITS } from '../src/config';
import { renderMessage } from '../src/reconcile/messages';
import { IMPORTED_AT, REPO, imported as importedOutcome, importSettings } from './helpers/import';
import { readJson, removeDir, runCli, tempDir } from './helpers/cli';

const INBOX = path.join(REPO, 'samples', 'inbox');

/** The committed sample whose name starts with `prefix`. */
function committed(prefix: string): { name: string; bytes: Buffer } {
  const name = fs.readdirSync(INBOX).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no committed sample ${prefix}…`);
  return { name, bytes: fs.readFileSync(path.join(INBOX, name)) };
}

async function gridOf(prefix: string): Promise<Grid> {
  const { name, bytes } = committed(prefix);
  const read = await readBytes(bytes, name, DEFAULT_LIMITS);
  if (!read.ok) throw new Error(read.rejection.reason);
  return read.grid;
}

async function importCommitted(prefix: string, overrides: Partial<ImportSettings> = {}): Promise<ImportOutcome> {
  const { name, bytes } = committed(prefix);
  return importBytes(bytes, name, importSettings(overrides), IMPORTED_AT);
}

/** The outcome of an import that must not be rejected. */
async function imported(prefix: string) {
  return importedOutcome(await importCommitted(prefix));
}

/** The text of every non-empty cell of a sheet, merged copies left out, in reading order. */
const textsOf = (sheet: Sheet): string[] =>
  sheet.rows.flatMap((row) => (row ?? []).filter((cell) => cell && !cell.mergedFrom && cell.text !== '').map((cell) => cell!.text));

/** The first row of a sheet holding a cell with this text, and the row's texts (merged copies included). */
function rowWith(sheet: Sheet, text: string): string[] {
  const row = sheet.rows.find((cells) => (cells ?? []).some((cell) => cell?.text === text));
  if (!row) throw new Error(`no row with ${text} in ${sheet.name}`);
  return row.filter((cell) => cell && cell.text !== '').map((cell) => cell!.text);
}

describe('a sheet per table, in another order, off A1', () => {
  const prefix = 'layout-sheets-offset_';

  it('has the tables on 依申请公开情况, 复议诉讼情况, 主动公开情况, blank around them, the title on the first sheet only', async () => {
    const { sheets } = await gridOf(prefix);
    expect(sheets.map((s) => s.name)).toEqual(['依申请公开情况', '复议诉讼情况', '主动公开情况']);
    for (const sheet of sheets) {
      // Columns A and B and the rows above the table are blank.
      expect(sheet.rows.some((row) => row?.[0] || row?.[1])).toBe(false);
      expect(cellAt(sheet, 1, 2)).toBeUndefined();
    }
    const titled = sheets.filter((sheet) => textsOf(sheet).some((t) => t.endsWith('政府信息公开工作年度报告')));
    expect(titled.map((s) => s.name)).toEqual(['依申请公开情况']);
  });

  it('finds every table and names its sheets in the workbook\'s order', async () => {
    const outcome = await imported(prefix);
    expect(outcome).toMatchObject({ agency: '枣庄市市中区行政审批服务局', year: 2022, edition: '2021', mapping: 'gioa-2021' });
    expect(outcome.cleaned.source.sheets).toEqual(['依申请公开情况', '复议诉讼情况', '主动公开情况']);
    expect(outcome.cleaned).toMatchObject({
      proactive: { normativeDocs: { issued: 3, repealed: 1, inForce: 12 } },
      reviewLitigation: { reconsideration: { upheld: 1, corrected: 2, other: 3, pending: 4, total: 10 } },
    });
  });
});

describe('the applicant columns in another order', () => {
  const prefix = 'layout-applicant-order_';

  it('has 总计 first and the 法人 columns shuffled', async () => {
    const [sheet] = (await gridOf(prefix)).sheets;
    // The header row's last seven cells: the applicant columns (the label columns come first).
    expect(rowWith(sheet, '商业企业').slice(-7)).toEqual(['总计', '自然人', '法律服务机构', '其他', '商业企业', '社会公益组织', '科研机构']);
  });

  it('reads each column by its label', async () => {
    const outcome = await imported(prefix);
    expect(outcome.cleaned).toMatchObject({
      applications: { received: { naturalPerson: 7, commercial: 2, research: 3, publicInterest: 4, legalService: 5, otherOrg: 6, total: 27 } },
    });
  });
});

describe('one label column, parent rows on their own, sub-items indented', () => {
  const prefix = 'layout-one-column-indented_';

  it('has (六)其他处理 on a row of its own and 3.其他 indented below it', async () => {
    const [sheet] = (await gridOf(prefix)).sheets;
    expect(rowWith(sheet, '\u3000\u3000(六)其他处理')).toEqual(['\u3000\u3000(六)其他处理']);
    expect(rowWith(sheet, '\u3000\u3000\u3000\u30003.其他')[0]).toBe('\u3000\u3000\u3000\u30003.其他');
  });

  it('reads 3.其他 as (六)其他处理\'s by its parent, and each other sub-item numbered 3 as its own', async () => {
    const outcome = await imported(prefix);
    expect(outcome.cleaned).toMatchObject({
      applications: {
        results: {
          withheld: { threeSecurity: { naturalPerson: 2, total: 2 } },
          unavailable: { unclear: { naturalPerson: 3, total: 3 } },
          notProcessed: { publication: { naturalPerson: 4, total: 4 } },
          other: { overdueCorrection: { naturalPerson: 1, total: 1 }, unpaidFee: { commercial: 2, total: 2 }, other: { naturalPerson: 5, commercial: 4, total: 9 } },
          total: { total: 21 },
        },
      },
    });
  });
});

describe('label variants of a 2021-edition report', () => {
  const prefix = 'label-variants-2021_';

  it('types 规范性文件, labels broken by lines and spaces, and a title without 工作', async () => {
    const texts = textsOf((await gridOf(prefix)).sheets[0]);
    expect(texts).toEqual(expect.arrayContaining([
      '枣庄市市中区投资促进局2022年政府信息公开年度报告', '规范性文件', '本年制发\n件数', '商业 企业', '结果\u3000维持', '法人或者其他组织',
      '(二)部分公开(区分处理的,只计这一情形,不计其他情形)', '1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请',
    ]));
    expect(texts).not.toContain('行政规范性文件');
  });

  it('reads it with gioa-2021 as the agency\'s 2022 report', async () => {
    const outcome = await imported(prefix);
    expect(outcome).toMatchObject({ agency: '枣庄市市中区投资促进局', year: 2022, edition: '2021', mapping: 'gioa-2021' });
    expect(outcome.cleaned).toMatchObject({
      proactive: { regulations: { issued: 1, inForce: 2 }, normativeDocs: { issued: 3, inForce: 12 } },
      applications: { results: { partial: { naturalPerson: 3 }, other: { overdueCorrection: { total: 2 }, unpaidFee: { total: 1 } } } },
    });
  });
});

describe('numbers typed as text', () => {
  const prefix = 'values-as-text_';

  it('has them as text cells', async () => {
    const texts = textsOf((await gridOf(prefix)).sheets[0]);
    expect(texts).toEqual(expect.arrayContaining(['3 ', '１２', '２', '—', '/', '无', '-1942', '+43', '251000元', '22（其中修订16件）']));
  });

  it('reads each as its number, counts the blanks, and keeps the note', async () => {
    const outcome = await imported(prefix);
    expect(outcome.cleaned).toMatchObject({
      proactive: {
        regulations: { made: 3, published: 3, totalPublished: 12 },
        licensing: { previousItems: 1950, change: -1942, decisions: 5 },
        otherServices: { change: 43, decisions: 0 },
        penalties: { previousItems: 0, change: 0, decisions: 0 },
        procurement: { projects: 1, amountYuan: 251000 },
      },
      applications: { received: { naturalPerson: 2, commercial: 0, research: 0, total: 2 } },
    });
    // 行政处罚 处理决定数量, and the five 法人 columns of 一 and of (一).
    expect(outcome.cleaned.blankCells).toBe(11);
    expect(outcome.cleaned.notes).toEqual({ 'proactive.normativeDocs.made': '其中修订16件' });
  });
});

describe('a WPS .et file', () => {
  const prefix = 'format-et_';

  it('is a BIFF8 compound document that discover lists and read takes as .et', async () => {
    const { name, bytes } = committed(prefix);
    expect([...bytes.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    expect(supportedExtension(name)).toBe('et');
    expect(discover(INBOX).map((f) => f.name)).toContain(name);
    expect((await gridOf(prefix)).format).toBe('et');
  });

  it('imports like any workbook', async () => {
    const outcome = await imported(prefix);
    expect(outcome).toMatchObject({ agency: '枣庄市市中区生态环境分局', year: 2022, edition: '2021' });
    expect(outcome.cleaned).toMatchObject({ applications: { received: { naturalPerson: 7, otherOrg: 6, total: 27 } } });
  });
});

describe('CSV in each encoding departments save it in', () => {
  it.each([
    ['T3.balance_', 'gb18030'],
    ['format-csv-utf8_', 'utf-8'],
    ['format-csv-utf8-bom_', 'utf-8-bom'],
  ])('%s is %s, found without being told', (prefix, encoding) => {
    expect(decodeText(committed(prefix).bytes).encoding).toBe(encoding);
  });

  it('reads a CSV of the official layout, whose merged labels are typed once', async () => {
    const outcome = await imported('format-csv-utf8_');
    expect(outcome).toMatchObject({ agency: '枣庄市市中区档案馆', year: 2022, edition: '2021' });
    expect(outcome.cleaned).toMatchObject({
      applications: { results: { other: { overdueCorrection: { naturalPerson: 2 }, unpaidFee: { naturalPerson: 1 } } } },
      reviewLitigation: { litigationDirect: { upheld: 5, total: 5 }, litigationAfterReconsideration: { pending: 1, total: 1 } },
    });
  });
});

describe('a department\'s own layout with a mapping of its own (区财政局)', () => {
  const prefix = 'mapping-caizhengju-2021_';
  const file = path.join(REPO, 'mappings', 'caizhengju-2021.yaml');

  it('is read with mappings/caizhengju-2021.yaml, one of the bundled mappings', async () => {
    expect(loadMappings(BUNDLED_MAPPINGS).mappings.map((m) => m.name)).toContain('caizhengju-2021');
    const outcome = await imported(prefix);
    expect(outcome).toMatchObject({ status: 'clean', agency: '枣庄市市中区财政局', year: 2022, edition: '2021', mapping: 'caizhengju-2021' });
    expect(outcome.cleaned).toMatchObject({
      applications: {
        received: { naturalPerson: 7, commercial: 2, research: 3, publicInterest: 4, legalService: 5, otherOrg: 6, total: 27 },
        results: { total: { total: 26 } },
        carriedForward: { naturalPerson: 2, total: 2 },
      },
      reviewLitigation: { reconsideration: { total: 10 }, litigationDirect: { upheld: 5, total: 5 } },
    });
  });

  it('is rejected without it: PARSE.no-mapping names gioa-2021, 18 of its 50 labels found, and the missing ones', async () => {
    const standard = importSettings().mappings.filter((m) => m.name.startsWith('gioa-'));
    const outcome = await importCommitted(prefix, { mappings: standard });
    expect(outcome).toMatchObject({ status: 'rejected', rule: 'PARSE.no-mapping' });
    const [finding] = outcome.findings;
    expect(finding).toMatchObject({ rule: 'PARSE.no-mapping', expected: '50', actual: '18' });
    expect(finding.params).toMatchObject({ cause: 'no-mapping', closest: 'gioa-2021', found: 18, total: 50 });
    expect(renderMessage(finding)).toContain('最接近的是 gioa-2021（找到其 50 个标签中的 18 个）');
    expect(renderMessage(finding)).toContain('缺少标签：一、本年新收政府信息公开申请数量、二、上年结转政府信息公开申请数量、(一)予以公开');
  });

  it('is the worked example of docs/mappings.md, word for word', () => {
    const page = fs.readFileSync(path.join(REPO, 'docs', 'mappings.md'), 'utf8');
    expect(page).toContain('```yaml\n' + fs.readFileSync(file, 'utf8') + '```\n');
  });

  it('is picked by the CLI\'s import from the bundled folder, without --mapping', async () => {
    const out = tempDir('nianbao-layouts-');
    try {
      const result = await runCli(['import', path.join(INBOX, committed(prefix).name), '--out', out, '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'clean', mapping: 'caizhengju-2021', agency: '枣庄市市中区财政局', year: 2022 });
      expect(readJson(path.join(out, 'cleaned', '2022', '枣庄市市中区财政局.json'))).toMatchObject({ source: { mapping: 'caizhengju-2021' } });
    } finally {
      removeDir(out);
    }
  });
});

describe('hidden sheets', () => {
  it('has last year\'s report on a hidden first sheet and this year\'s on the visible one', async () => {
    const { sheets } = await gridOf('format-hidden-sheet_');
    expect(sheets.map((s) => [s.name, !!s.hidden])).toEqual([['2021年报', true], ['2022年报', false]]);
    expect(textsOf(sheets[0])[0]).toBe('枣庄市市中区城市管理局2021年政府信息公开工作年度报告');
  });

  it('reads the report from the visible sheet: the 2022 report, not last year\'s, and no warning', async () => {
    const outcome = await imported('format-hidden-sheet_');
    expect(outcome).toMatchObject({ status: 'clean', agency: '枣庄市市中区城市管理局', year: 2022, findings: [] });
    expect(outcome.cleaned.source.sheets).toEqual(['2022年报']);
    // The visible sheet's figures (SPREAD_2021), not the hidden one's (CLEAN_2021: 6 received).
    expect(outcome.cleaned).toMatchObject({ applications: { received: { total: 27 } } });
  });

  it('reads a hidden sheet when no visible one holds the tables, and names it in a warning', async () => {
    const { sheets } = await gridOf('PARSE.hidden-sheet_');
    expect(sheets.map((s) => [s.name, !!s.hidden])).toEqual([['填报说明', false], ['年报', true]]);
    const outcome = await imported('PARSE.hidden-sheet_');
    expect(outcome).toMatchObject({ status: 'clean', agency: '枣庄市市中区公安分局', year: 2022 });
    expect(outcome.cleaned.source.sheets).toEqual(['年报']);
    const [warning] = outcome.findings;
    expect(warning).toMatchObject({ rule: 'PARSE.hidden-sheet', severity: 'warning', sheet: '年报', cells: [] });
    expect(renderMessage(warning)).toContain('隐藏的工作表“年报”');
  });
});

describe('tab-separated text, as Excel and WPS save it', () => {
  it.each([
    ['format-txt-gbk_', 'gb18030', 'txt'],
    ['format-txt-unicode_', 'utf-16le', 'txt'],
    ['format-tsv_', 'utf-8', 'tsv'],
    ['format-csv-tabs_', 'gb18030', 'csv'],
  ])('%s is %s with tabs, found without being told, whatever the extension says', async (prefix, encoding, format) => {
    const { text } = decodeText(committed(prefix).bytes);
    expect(decodeText(committed(prefix).bytes).encoding).toBe(encoding);
    expect(sniffDelimiter(text)).toBe('\t');
    expect(text).toContain('\r\n');
    const grid = await gridOf(prefix);
    expect(grid.format).toBe(format);
    // The tables' cells, one a tab-separated field: the title alone in A1, labels in A.
    expect(cellAt(grid.sheets[0], 0, 0)?.text).toMatch(/^枣庄市市中区.+2022年政府信息公开工作年度报告$/);
  });

  it('reads a UTF-16 file\'s report with its figures', async () => {
    const outcome = await imported('format-txt-unicode_');
    expect(outcome).toMatchObject({ agency: '枣庄市市中区中心街街道办事处', year: 2022, edition: '2021' });
    expect(outcome.cleaned).toMatchObject({ applications: { received: { naturalPerson: 7, otherOrg: 6, total: 27 } } });
  });

  it('keeps the comma for a CSV, even with tabs inside quoted cells', () => {
    expect(sniffDelimiter('标题,\n"a\tb",1\n信息内容,本年制发件数\n')).toBe(',');
    // A comma inside a label of a tab-separated file does not make it a CSV.
    expect(sniffDelimiter('标题\t\t\n(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t1\t2\n规章\t0\t0\n')).toBe('\t');
  });

  it('tells UTF-16 without a BOM by its 0 bytes', () => {
    const text = '枣庄市市中区统计局2022年政府信息公开工作年度报告\r\n规章\t1\r\n';
    expect(decodeText(Buffer.from(text, 'utf16le'))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('reads a workbook renamed .csv as the workbook it is', async () => {
    const { bytes } = committed('clean-2021_');
    const read = await readBytes(bytes, '年报.csv', DEFAULT_LIMITS);
    expect(read.ok && read.grid.format).toBe('xlsx');
  });
});

describe('an .xlsb workbook', () => {
  it('is a zip of binary parts that read takes as xlsb', async () => {
    const { name, bytes } = committed('format-xlsb_');
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(bytes.includes(Buffer.from('xl/workbook.bin'))).toBe(true);
    expect(supportedExtension(name)).toBe('xlsb');
    expect((await gridOf('format-xlsb_')).format).toBe('xlsb');
  });

  it('imports like any workbook', async () => {
    const outcome = await imported('format-xlsb_');
    expect(outcome).toMatchObject({ agency: '枣庄市市中区齐村镇人民政府', year: 2022, edition: '2021', mapping: 'gioa-2021' });
    expect(outcome.cleaned).toMatchObject({ reviewLitigation: { reconsideration: { total: 10 } } });
  });
});

describe('names as written', () => {
  const prefix = 'title-fill-unit_';
  const name = '枣庄市市中区人民政府办公室（区政府研究室）';

  it('files and shows the name with its full-width brackets; review --agency finds it typed half-width', async () => {
    const out = tempDir('nianbao-names-');
    try {
      const imported = await runCli(['import', path.join(INBOX, committed(prefix).name), '--out', out, '--json']);
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'clean', agency: name, year: 2022 });
      expect(fs.existsSync(path.join(out, 'cleaned', '2022', `${name}.json`))).toBe(true);
      const review = await runCli(['review', '--out', out, '--agency', '枣庄市市中区人民政府办公室(区政府研究室)']);
      expect(review.code).toBe(0);
      expect(review.stdout).toContain(`${name}：2022 年度对照`);
    } finally {
      removeDir(out);
    }
  });
});

describe('value forms (issue 13.6, 13.7, 12.6)', () => {
  it('takes 1 shown as 1900/1/1 in a count, and says so naming the cell', async () => {
    const [sheet] = (await gridOf('VALUE.date-formatted_')).sheets;
    expect(cellAt(sheet, 8, 1)).toMatchObject({ value: 1, text: '1900/1/1', date: true });
    const outcome = await imported('VALUE.date-formatted_');
    expect(outcome.cleaned).toMatchObject({ proactive: { licensing: { decisions: 1 } } });
    const [warning] = outcome.findings;
    expect(warning).toMatchObject({ rule: 'VALUE.date-formatted', severity: 'warning', sheet: '年报', cells: ['B9'], actual: 1 });
    expect(renderMessage(warning)).toContain('年报!B9');
    expect(renderMessage(warning)).toContain('显示为“1900/1/1”');
  });

  it('leaves an 18-digit number in a count null with its error, and imports the rest', async () => {
    const outcome = await imported('VALUE.beyond-exact_');
    expect(outcome).toMatchObject({ status: 'discrepancies', agency: '枣庄市市中区矿区街道办事处', year: 2022 });
    expect(outcome.cleaned.proactive).toMatchObject({ licensing: { decisions: null }, penalties: { decisions: 12 } });
    const [error] = outcome.findings;
    expect(error).toMatchObject({ rule: 'VALUE.beyond-exact', severity: 'error', cells: ['B9'] });
    expect(renderMessage(error)).toContain('3.70402E+17');
  });

  it('leaves money below the fen null with its error', async () => {
    const outcome = await imported('VALUE.sub-fen_');
    expect(outcome.cleaned.proactive).toMatchObject({ procurement: { projects: 1, amountYuan: null } });
    expect(renderMessage(outcome.findings[0])).toContain('“￥463,000.005”');
  });
});
