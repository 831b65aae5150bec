/**
 * The documents end to end: the built CLI runs the samples into a fresh output folder, then
 * writes the feedback workbooks, the sample region's compiled report and the exports, and each
 * document is read back against the store (review --json) and the cleaned JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { FIELDS } from '../src/model/template';
import { valueAt } from '../src/model/sum';
import { TOTALS } from '../src/model/totals';
import { Store } from '../src/store';
import { safeName } from '../src/store';
import { excelSheetName } from '../src/views/feedback/convert';
import { FILL, LIST_HEADER_ROWS, LIST_SHEET } from '../src/views/feedback/workbook';
import { NOTES_SHEET, TABLES_SHEET } from '../src/views/compile';
import { EXPORT_FIELDS } from '../src/views/export';
import type { CleanedReport } from '../src/validate';
import { removeDir, ROOT, runCli, tempDir } from './helpers/cli';

interface JsonFinding {
  key: string; rule: string; severity: 'error' | 'warning'; state: string; agency: string | null; year: number | null;
  sheet: string | null; cells: string[]; message: string; expected: unknown; actual: unknown;
}

let out: string;
const findings = async (): Promise<JsonFinding[]> => JSON.parse((await runCli(['review', '--out', out, '--json'])).stdout);
const cleaned = (): CleanedReport[] => {
  const dir = path.join(out, 'cleaned');
  return fs.readdirSync(dir).flatMap((year) => fs.readdirSync(path.join(dir, year)).map((f) => JSON.parse(fs.readFileSync(path.join(dir, year, f), 'utf8'))));
};
const readBook = async (file: string) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
};
const fillOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);
const noteOf = (cell: ExcelJS.Cell): string => (typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join(''));
const readCsv = (file: string): Record<string, string>[] => {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text.slice(1), { columns: true });
};
const A1 = /^[A-Z]{1,3}[1-9]\d*$/;

beforeAll(async () => {
  out = tempDir('nianbao-documents-');
  const run = await runCli(['run', '--inbox', path.join(ROOT, 'samples', 'inbox'), '--out', out, '--jobs', '2']);
  expect(run.code).toBe(0);
}, 120_000);
afterAll(() => removeDir(out));

describe('nianbao feedback', () => {
  it('writes a workbook for every agency-year with open findings, each finding\'s cells filled and commented', async () => {
    const result = await runCli(['feedback', '--out', out]);
    expect(result.code).toBe(0);
    const open = (await findings()).filter((f) => f.agency !== null && f.year !== null && (f.state === 'open' || f.state === 'lapsed'));
    const byAgencyYear = new Map<string, JsonFinding[]>();
    for (const f of open) byAgencyYear.set(`${f.year}/${f.agency}`, [...(byAgencyYear.get(`${f.year}/${f.agency}`) ?? []), f]);
    expect(byAgencyYear.size).toBeGreaterThan(10);
    for (const [id, list] of byAgencyYear) {
      const [year, agency] = id.split('/');
      const file = path.join(out, 'feedback', year, `${safeName(agency)}.xlsx`);
      expect(result.stdout).toContain(file);
      const workbook = await readBook(file);
      expect(workbook.worksheets[0].name).toBe(LIST_SHEET);
      const sheet = workbook.worksheets[0];
      expect(String(sheet.getCell('A1').value)).toBe(`${agency} ${year} 年政府信息公开工作年度报告 问题清单`);
      // One row a finding: the messages are review's.
      const messages: string[] = [];
      for (let r = LIST_HEADER_ROWS + 2; sheet.getRow(r).getCell(4).value; r++) messages.push(String(sheet.getRow(r).getCell(4).value));
      // A message names the copy's sheet, whose name Excel may have cut short.
      const inCopy = (f: JsonFinding) => (f.sheet === null ? f.message : f.message.split(f.sheet).join(excelSheetName(f.sheet)));
      expect([...messages].sort()).toEqual(list.map(inCopy).sort());
      for (const f of list) {
        const cells = f.cells.filter((c) => A1.test(c));
        if (f.sheet === null || cells.length === 0) continue;
        const own = workbook.getWorksheet(excelSheetName(f.sheet))!;
        expect(own).toBeDefined();
        for (const address of cells) {
          const cell = own.getCell(address);
          expect(noteOf(cell)).toContain(inCopy(f));
          if (f.severity === 'error') expect(fillOf(cell)).toBe(FILL.error);
          else expect([FILL.warning, FILL.error]).toContain(fillOf(cell));
        }
        const row = LIST_HEADER_ROWS + 2 + messages.indexOf(inCopy(f));
        expect((sheet.getRow(row).getCell(3).value as { hyperlink: string }).hyperlink).toBe(`#'${own.name}'!${cells[0]}`);
      }
    }
    // Asked again with nothing changed, the same workbooks are kept, none made again.
    const again = await runCli(['feedback', '--out', out]);
    expect(again.stdout).toContain(`feedback: 0 workbooks written, ${byAgencyYear.size} unchanged, 0 removed`);
    // The GBK CSV and the .xls came back as .xlsx.
    for (const agency of ['枣庄市市中区卫生健康局', '枣庄市市中区人力资源和社会保障局']) {
      expect(fs.existsSync(path.join(out, 'feedback', '2022', `${agency}.xlsx`))).toBe(true);
    }
  });

  it('leaves out a finding an operator explained, and removes a workbook with nothing left open', async () => {
    const groupTotal = (await findings()).find((f) => f.rule === 'T4.group-total')!;
    const store = Store.open(out);
    try {
      store.decide({ key: groupTotal.key, decision: 'explained', reason: '经核实，数字无误', by: '测试' });
    } finally {
      store.close();
    }
    const file = path.join(out, 'feedback', String(groupTotal.year), `${groupTotal.agency}.xlsx`);
    expect(fs.existsSync(file)).toBe(true);
    const result = await runCli(['feedback', '--out', out, '--year', String(groupTotal.year), '--agency', groupTotal.agency!]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`removed (nothing open): ${groupTotal.agency} ${groupTotal.year}`);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('nianbao compile', () => {
  it('compiles the sample region from its members, saying who is in the sums', async () => {
    const result = await runCli(['compile', '--region', '市中区政府', '--year', '2022', '--out', out]);
    expect(result.code).toBe(0);
    const base = path.join(out, 'compiled', '2022', '枣庄市市中区人民政府');
    const json = JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'));
    const members = ['枣庄市市中区教育和体育局', '枣庄市市中区财政局'];
    expect(json.members.included.map((m: { agency: string }) => m.agency)).toEqual(members);
    expect(json.members.missing.map((m: { agency: string }) => m.agency)).toEqual(['枣庄市市中区综合行政执法局']);
    const reports = cleaned().filter((r) => r.year === 2022 && members.includes(r.agency));
    const totals = new Set(TOTALS['2021'].map((t) => t.total));
    for (const path of FIELDS['2021'].keys()) {
      const parts = reports.map((r) => valueAt(r, path)!);
      if (!totals.has(path)) expect([path, valueAt(json.report, path)]).toEqual([path, parts.reduce((a, b) => a + b, 0)]);
    }
    for (const t of TOTALS['2021']) expect(valueAt(json.report, t.total)).toBe(t.parts.reduce((a, p) => a + valueAt(json.report, p)!, 0));

    const workbook = await readBook(`${base}.xlsx`);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([TABLES_SHEET, NOTES_SHEET]);
    const tables = workbook.getWorksheet(TABLES_SHEET)!;
    for (const [path, [, cell]] of Object.entries(json.cells as Record<string, [string, string]>)) {
      const value = valueAt(json.report, path);
      const shown = FIELDS['2021'].get(path)!.column.unit === '万元' && value !== null ? value / 10000 : value;
      expect([path, tables.getCell(cell).value]).toEqual([path, shown]);
    }
    const notes: string[] = [];
    workbook.getWorksheet(NOTES_SHEET)!.eachRow((row) => notes.push((row.values as unknown[]).filter((v) => v != null).join('|')));
    expect(notes).toEqual(expect.arrayContaining(['一、已汇总的单位（2 个）', '二、未汇总的单位（1 个）：未提交或报告被退回，其数字不在合计中', '枣庄市市中区综合行政执法局|逾期未提交']));
  });

  it('refuses a name that is no region', async () => {
    const result = await runCli(['compile', '--region', '枣庄市市中区财政局', '--year', '2022', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a region of agencies.yaml');
  });
});

describe('nianbao export', () => {
  it('writes wide and long tables whose figures equal the cleaned JSON\'s, and the 未提交名单', async () => {
    const result = await runCli(['export', '--out', out]);
    expect(result.code).toBe(0);
    const reports = cleaned();
    const wide = readCsv(path.join(out, 'exports', 'wide.csv'));
    expect(wide).toHaveLength(reports.length);
    for (const report of reports) {
      const row = wide.find((r) => r.agency === report.agency && r.year === String(report.year))!;
      expect(row.edition).toBe(report.edition);
      for (const f of EXPORT_FIELDS) {
        const value = FIELDS[report.edition].has(f.id) ? valueAt(report, f.id) : null;
        expect([f.id, row[f.id]]).toEqual([f.id, value === null ? '' : String(value)]);
      }
    }
    const long = readCsv(path.join(out, 'exports', 'long.csv'));
    expect(long).toHaveLength(reports.reduce((n, r) => n + FIELDS[r.edition].size, 0));
    for (const row of long) {
      const report = reports.find((r) => r.agency === row.agency && String(r.year) === row.year)!;
      const value = valueAt(report, row.field);
      expect(row.value).toBe(value === null ? '' : String(value));
      if (value === null) expect(row.status).toBe('unknown');
    }
    expect(long.filter((r) => r.status === 'error').length).toBeGreaterThan(0);
    const missing = readCsv(path.join(out, 'exports', 'not-submitted.csv'));
    expect(missing).toEqual(expect.arrayContaining([
      expect.objectContaining({ agency: '枣庄市市中区综合行政执法局', year: '2022', status: 'overdue', statusLabel: '逾期未提交' }),
      expect.objectContaining({ agency: '枣庄市市中区人民政府', year: '2022' }),
    ]));
    expect(missing.some((r) => r.agency === '枣庄市市中区财政局' && r.year === '2022')).toBe(false);
  });

  it('writes xlsx and jsonl of one year', async () => {
    expect((await runCli(['export', '--out', out, '--year', '2022', '--format', 'xlsx'])).code).toBe(0);
    const workbook = await readBook(path.join(out, 'exports', '2022', 'wide.xlsx'));
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(2).getCell(1).value).toBe('机关');
    const rows = sheet.rowCount - 2;
    expect(rows).toBe(cleaned().filter((r) => r.year === 2022).length);
    expect((await runCli(['export', '--out', out, '--year', '2022', '--format', 'jsonl'])).code).toBe(0);
    const lines = fs.readFileSync(path.join(out, 'exports', '2022', 'wide.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(rows);
  });
});
