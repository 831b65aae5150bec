import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Agencies } from '../../../src/model/agencies';
import { sumFields } from '../../../src/model/sum';
import { FIELDS } from '../../../src/model/template';
import { NOTES_SHEET, TABLES_SHEET, UnknownRegionError, writeCompiled } from '../../../src/views/compile';
import { GAP_FILL } from '../../../src/views/compile/workbook';
import { FILL } from '../../../src/views/feedback/workbook';
import { makeCleaned } from '../../reconcile/cross/cleaned-fixture';
import { fakeStore } from '../fake-store';
import { stated } from '../finding-fixture';

const agencies: Agencies = {
  agencies: [
    { name: '区政府', aliases: ['本区'], members: ['甲局', '乙局', '丙局', '丁局'] },
    { name: '甲局', aliases: [] },
    { name: '乙局', aliases: [] },
    { name: '丙局', aliases: [] },
    { name: '丁局', aliases: [] },
  ],
};
const n = 'applications.received.naturalPerson';
// 甲局's 总计 disagrees with its parts: the compiled total is recomputed from the summed parts.
const jia = makeCleaned('2021', { agency: '甲局', year: 2022, values: { [n]: 3, 'applications.received.total': 5, 'proactive.fees.amountYuan': 753500, 'applications.results.granted.commercial': null } });
const yi = makeCleaned('2021', { agency: '乙局', year: 2022, values: { [n]: 2, 'applications.received.commercial': 1, 'applications.received.total': 3, 'proactive.fees.amountYuan': 100000, 'applications.results.granted.commercial': 4 } });
// 丙局 wrote the 2019 edition: its numbers count where the editions share a field.
const bing = makeCleaned('2019', { agency: '丙局', year: 2022, values: { [n]: 1, 'applications.received.total': 1 } });

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-compile-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const store = () => fakeStore(dir, {
  reports: [jia, yi, bing],
  findings: [stated({ rule: 'T3.balance', agency: '乙局', year: 2022, fields: [n] })],
  submissions: [
    ...[jia, yi, bing].map((r) => ({ agency: r.agency, year: r.year, sha256: r.source.sha256, file: r.source.file })),
  ],
});

describe('compile', () => {
  it('sums the members\' parts with X.rollup\'s function and recomputes the totals', async () => {
    const { compiled, paths } = await writeCompiled(store(), agencies, '本区', 2022, '2023-03-01');
    expect(path.relative(dir, paths.xlsx)).toBe(path.join('compiled', '2022', '区政府.xlsx'));
    expect(compiled.edition).toBe('2021');
    expect(compiled.values[n]).toBe(6);
    expect(compiled.values['applications.received.commercial']).toBe(1);
    expect(compiled.values['applications.received.total']).toBe(7);
    expect(compiled.values['proactive.fees.amountYuan']).toBe(853500);
    // The same numbers as the shared summing function gives, wherever no total is recomputed.
    const sums = sumFields([...FIELDS['2021'].keys()], [jia, yi, bing]);
    expect(compiled.values['applications.results.withheld.stateSecret.naturalPerson']).toBe(sums.get('applications.results.withheld.stateSecret.naturalPerson')!.sum);
    // 甲局's unreadable figure and 丙局's edition are named where they leave a figure short.
    expect(compiled.gaps['applications.results.granted.commercial']).toEqual(['甲局']);
    expect(compiled.gaps['applications.results.granted.total']).toEqual(['甲局']);
    expect(compiled.gaps['proactive.fees.amountYuan']).toEqual(['丙局']);
    expect(compiled.gaps[n]).toBeUndefined();
    expect(compiled.included.map((m) => [m.agency, m.openErrors])).toEqual([['甲局', 0], ['乙局', 1], ['丙局', 0]]);
    expect(compiled.missing).toEqual([{ agency: '丁局', status: 'overdue', statusLabel: '逾期未提交', reason: null }]);
    // The file rules ran on the compiled report: 一 6 received, nothing handled.
    expect(compiled.findings.map((f) => f.rule)).toContain('T3.balance');
    expect(compiled.findings.some((f) => f.rule === 'T3.row-total')).toBe(false);
  });

  it('writes the workbook: the template\'s tables with the figures, and 汇总说明 naming who is in the sums', async () => {
    const { compiled, paths } = await writeCompiled(store(), agencies, '区政府', 2022, '2023-03-01');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(paths.xlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([TABLES_SHEET, NOTES_SHEET]);
    const tables = workbook.getWorksheet(TABLES_SHEET)!;
    const at = (path: string) => tables.getCell(compiled.cells[path]);
    expect(at(n).value).toBe(6);
    // Labels as the template words them, at the row and column of the cell.
    const cell = at(n);
    expect(tables.getCell(Number(cell.row), 1).value).toBe('一、本年新收政府信息公开申请数量');
    expect(tables.getCell(Number(cell.row) - 1, Number(cell.col)).value).toBe('自然人');
    expect(at('applications.received.total').value).toBe(7);
    // Money in the template's unit: 本年收费金额(单位:万元).
    expect(at('proactive.fees.amountYuan').value).toBe(85.35);
    const fill = (c: ExcelJS.Cell) => (c.fill?.type === 'pattern' ? c.fill.fgColor?.argb : undefined);
    expect(fill(at('applications.results.granted.commercial'))).toBe(GAP_FILL);
    expect(at('applications.results.granted.commercial').note).toContain('未计入：甲局');
    expect(fill(at('applications.received.naturalPerson'))).toBe(FILL.error);

    const notes = workbook.getWorksheet(NOTES_SHEET)!;
    const text: string[] = [];
    notes.eachRow((row) => text.push((row.values as unknown[]).filter((v) => v !== undefined && v !== null).join('|')));
    expect(text).toEqual(expect.arrayContaining([
      '一、已汇总的单位（3 个）', '甲局|已通过|0|0|2021', '乙局|有错误|1|0|2021', '丙局|已通过|0|0|2019',
      '二、未汇总的单位（1 个）：未提交或报告被退回，其数字不在合计中', '丁局|逾期未提交',
      '三、有未处理错误的单位（1 个）：其数字已计入合计，但可能有误', '乙局|1',
    ]));
    expect(text.some((t) => t.startsWith('二、主动公开政府信息 第二十条第(八)项 行政事业性收费 本年收费金额(单位:万元)|汇总表!') && t.endsWith('|丙局'))).toBe(true);
    expect(text.some((t) => t.startsWith('错误|汇总表!') && t.includes('三、收到和处理政府信息公开申请'))).toBe(true);

    const json = JSON.parse(fs.readFileSync(paths.json, 'utf8'));
    expect(json.report.applications.received).toMatchObject({ naturalPerson: 6, commercial: 1, total: 7 });
    expect(json.members.missing.map((m: { agency: string }) => m.agency)).toEqual(['丁局']);
    expect(json.members.withOpenErrors).toEqual(['乙局']);
  });

  it('refuses a name that is not a region', async () => {
    await expect(writeCompiled(store(), agencies, '甲局', 2022)).rejects.toBeInstanceOf(UnknownRegionError);
  });
});
