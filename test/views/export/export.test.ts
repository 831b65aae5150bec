import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Agencies } from '../../../src/model/agencies';
import { FIELDS } from '../../../src/model/template';
import { writeExports, EXPORT_FIELDS } from '../../../src/views/export';
import { TOTAL_FILL } from '../../../src/views/export/render';
import { makeCleaned } from '../../reconcile/cross/cleaned-fixture';
import { fakeStore } from '../fake-store';
import { stated } from '../finding-fixture';

const agencies: Agencies = {
  agencies: [
    { name: '区政府', aliases: [], members: ['甲局', '乙局', '丙局'] },
    { name: '甲局', aliases: [] },
    { name: '乙局', aliases: [] },
    { name: '丙局', aliases: [], deadline: '03-31' },
  ],
};
const jia = makeCleaned('2021', { agency: '甲局', year: 2022, values: { 'applications.received.naturalPerson': 3, 'applications.received.total': 3, 'proactive.fees.amountYuan': 753500, 'applications.results.granted.total': null } });
const yi = makeCleaned('2019', { agency: '乙局', year: 2022, values: { 'proactive.licensing.change': -1 } });
const balance = stated({ rule: 'T3.balance', agency: '甲局', year: 2022, fields: ['applications.received.naturalPerson', 'applications.carriedIn.naturalPerson'] });
const explained = stated({ rule: 'T3.row-total', agency: '甲局', year: 2022, fields: ['applications.received.total'], state: 'explained' });
const warning = stated({ rule: 'T0.edition-superseded', severity: 'warning', agency: '乙局', year: 2022, fields: ['proactive.licensing.change'] });

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-export-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const store = () => fakeStore(dir, {
  reports: [jia, yi],
  findings: [balance, explained, warning],
  submissions: [
    { agency: '甲局', year: 2022, sha256: jia.source.sha256, file: jia.source.file },
    { agency: '乙局', year: 2022, sha256: yi.source.sha256, file: yi.source.file },
    { agency: '区政府', year: 2022, status: 'rejected', reason: '文件无法读取' },
  ],
});
const readCsv = (file: string): string[][] => {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  return parse(text.slice(1));
};

describe('export', () => {
  it('writes the wide table with the cleaned JSON\'s figures, one column per field id', async () => {
    const paths = await writeExports(store(), agencies, { year: 2022, format: 'csv', today: '2023-02-15' });
    expect(paths.map((p) => path.relative(dir, p))).toEqual(['wide', 'long', 'not-submitted', 'fields'].map((n) => path.join('exports', '2022', `${n}.csv`)));
    const [header, ...rows] = readCsv(paths[0]);
    expect(header.slice(0, 7)).toEqual(['agency', 'year', 'edition', 'status', 'file', 'sha256', 'importedAt']);
    expect(header.slice(7)).toEqual(EXPORT_FIELDS.map((f) => f.id));
    expect(header).toContain('applications.results.withheld.stateSecret.total');
    expect(new Set(header).size).toBe(header.length);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([['甲局', '2022', '2021', 'errors'], ['乙局', '2022', '2019', 'to-review']]);
    for (const [row, report] of [[rows[0], jia], [rows[1], yi]] as const) {
      EXPORT_FIELDS.forEach((f, i) => {
        const cell = row[7 + i];
        const value = f.id.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], report);
        // A field the report's edition lacks, or a null, is an empty cell; every other is the cleaned number.
        expect(cell).toBe(FIELDS[report.edition].has(f.id) && value !== null ? String(value) : '');
      });
    }
    // A negative change is a number, not a neutralised formula; money is in yuan.
    expect(rows[1][header.indexOf('proactive.licensing.change')]).toBe('-1');
    expect(rows[0][header.indexOf('proactive.fees.amountYuan')]).toBe('753500');
  });

  it('writes the long table: a row per field of the edition, with the status of the open findings', async () => {
    const paths = await writeExports(store(), agencies, { year: 2022, format: 'csv', today: '2023-02-15' });
    const [header, ...rows] = readCsv(paths[1]);
    expect(header).toEqual(['agency', 'year', 'table', 'row', 'column', 'field', 'value', 'status']);
    expect(rows).toHaveLength(FIELDS['2021'].size + FIELDS['2019'].size);
    const row = (agency: string, field: string) => rows.find((r) => r[0] === agency && r[5] === field)!;
    expect(row('甲局', 'applications.received.naturalPerson')).toEqual(['甲局', '2022', '三、收到和处理政府信息公开申请情况', '一、本年新收政府信息公开申请数量', '自然人', 'applications.received.naturalPerson', '3', 'error']);
    // An explained finding is not open.
    expect(row('甲局', 'applications.received.total')[7]).toBe('ok');
    expect(row('甲局', 'applications.results.granted.total').slice(6)).toEqual(['', 'unknown']);
    expect(row('甲局', 'proactive.fees.amountYuan').slice(4, 7)).toEqual(['本年收费金额(元)', 'proactive.fees.amountYuan', '753500']);
    expect(row('乙局', 'proactive.licensing.change').slice(6)).toEqual(['-1', 'warning']);
  });

  it('writes the 未提交名单 from the roster: not submitted, overdue, rejected', async () => {
    const paths = await writeExports(store(), agencies, { year: 2022, format: 'csv', today: '2023-02-15' });
    const [header, ...rows] = readCsv(paths[2]);
    expect(header).toEqual(['agency', 'year', 'status', 'statusLabel', 'deadline', 'regions', 'reason']);
    expect(rows).toEqual([
      ['区政府', '2022', 'rejected', '已退回', '2023-03-31', '', '文件无法读取'],
      ['丙局', '2022', 'not-submitted', '未提交', '2023-03-31', '区政府', ''],
    ]);
  });

  it('neutralises text that Excel would run as a formula', async () => {
    const evil = makeCleaned('2021', { agency: '=HYPERLINK("x")', year: 2022 });
    const s = fakeStore(dir, { reports: [evil] });
    const paths = await writeExports(s, { agencies: [] }, { year: 2022, format: 'csv', today: '2023-02-15' });
    expect(readCsv(paths[0])[1][0]).toBe('\'=HYPERLINK("x")');
  });

  it('writes xlsx with the Chinese labels in a second header row and the totals marked', async () => {
    const paths = await writeExports(store(), agencies, { year: 2022, format: 'xlsx', today: '2023-02-15' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(paths[0]);
    const sheet = workbook.worksheets[0];
    const column = (id: string) => (sheet.getRow(1).values as string[]).indexOf(id);
    const total = column('applications.results.withheld.stateSecret.total');
    expect(sheet.getRow(2).getCell(total).value).toBe('三、收到和处理政府信息公开申请 (三)不予公开 1.属于国家秘密 总计');
    const fill = (c: ExcelJS.Cell) => (c.fill?.type === 'pattern' ? c.fill.fgColor?.argb : undefined);
    expect(fill(sheet.getRow(1).getCell(total))).toBe(TOTAL_FILL);
    expect(fill(sheet.getRow(2).getCell(column('applications.results.withheld.stateSecret.naturalPerson')))).toBeUndefined();
    expect(sheet.getRow(3).getCell(column('applications.received.naturalPerson')).value).toBe(3);
    expect(sheet.getRow(4).getCell(column('proactive.licensing.change')).value).toBe(-1);
  });

  it('writes JSONL keyed by column id, every year when no year is given', async () => {
    const paths = await writeExports(store(), agencies, { format: 'jsonl', today: '2023-02-15' });
    expect(path.relative(dir, paths[0])).toBe(path.join('exports', 'wide.jsonl'));
    const rows = fs.readFileSync(paths[0], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ agency: '甲局', year: 2022, 'applications.received.naturalPerson': 3, 'applications.results.granted.total': null });
  });
});
